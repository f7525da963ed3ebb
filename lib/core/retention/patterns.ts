/** Tag and repository wildcard patterns of the neutral policy (`*` = any run of characters) and the shared image order. */

import { ImageRecord } from './image';

const cache = new Map<string, RegExp>();

/** Compiles a `*`-wildcard pattern to an anchored RegExp; every other character is literal. */
export function wildcardToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 's');
    cache.set(pattern, re);
  }
  return re;
}

/** True when `value` matches the `*`-wildcard `pattern` as a whole. */
export function matchesWildcard(pattern: string, value: string): boolean {
  return wildcardToRegExp(pattern).test(value);
}

/**
 * The order every simulator uses for "most recent": newest push first, ties broken by digest ascending.
 * Registries do not document their tie-break, so all simulators share this one to stay comparable.
 */
export function newestFirst(a: ImageRecord, b: ImageRecord): number {
  return b.pushedAt - a.pushedAt || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);
}

/** A Docker tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`) where `*` may also stand for any run of characters. */
export const TAG_PATTERN = /^[A-Za-z0-9_.*-]{1,128}$/;

/** A Docker tag: a word character first, then word characters, `.` or `-`, 128 characters at most. */
export const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A manifest digest in the OCI grammar (`algorithm ":" encoded`), image-spec descriptor.md. */
export const IMAGE_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A repository path pattern: lowercase path segments, `*` wildcards. */
export const REPOSITORY_PATTERN = /^[a-z0-9._/*-]{1,256}$/;

/** How an ECR registry scanning filter matches a repository name: `*` = any run; no `*` = "contains" (ECR docs). */
export function ecrScanFilterMatches(filter: string, repositoryName: string): boolean {
  return filter.includes('*') ? matchesWildcard(filter, repositoryName) : repositoryName.includes(filter);
}
