/**
 * Which registry printed an image listing, and how files hold several: the `--listing` choice of `registry-lifecycle
 * preview`, format detection for `--dialect neutral`, concatenated JSON values and `REPO=FILE` image arguments.
 */

import { endOfJsonValue, isObject } from '../core/json';

/** The `--listing` names: the registry tools' listings, and the neutral images JSON. */
export const LISTINGS = ['ecr', 'gar', 'harbor', 'acr', 'neutral'] as const;

/** How notes name each listing. */
export const LISTING_NAMES: Readonly<Record<string, string>> = {
  ecr: 'the ECR listing (aws ecr describe-images)',
  gar: 'the GAR listing (gcloud artifacts docker images list)',
  harbor: 'the Harbor artifact listing',
  acr: 'the ACR listing (az acr manifest list-metadata)',
  neutral: 'the neutral images JSON',
};

/** What each listing is, for help and errors. */
export const LISTING_WRAPPERS: Readonly<Record<string, string>> = {
  ecr: 'aws ecr describe-images: {"imageDetails": [...]}',
  gar: 'gcloud artifacts docker images list --format=json: [{"package", "version", "tags", "createTime", ...}]',
  harbor: 'Harbor GET .../artifacts: [{"digest", "push_time", "pull_time", "tags", ...}] (pages as arrays one after another, or {"Payload": [...]})',
  acr: 'az acr manifest list-metadata: [{"digest", "createdTime", "lastUpdateTime", ...}], or {"imageName": "REPO", "manifests": [...]}',
  neutral: 'the neutral images JSON: {"images": [{"digest", "pushedAt", ...}]} or a bare array',
};

/**
 * The listing a parsed JSON value looks like, from the keys only each tool prints; undefined when nothing fits (the
 * caller then names every wrapper it knows).
 */
export function detectListing(value: unknown): string | undefined {
  if (isObject(value)) {
    if ('imageDetails' in value) return 'ecr';
    if ('Payload' in value) return 'harbor';
    if ('manifests' in value) return 'acr';
    if ('images' in value) return 'neutral';
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const first = firstItem(value);
  if (first === undefined) return Array.isArray(value[0]) || value.length === 0 ? 'neutral' : undefined;
  if ('manifests' in first) return 'acr';
  if ('package' in first && 'version' in first) return 'gar';
  if ('push_time' in first || 'manifest_media_type' in first || 'pull_time' in first) return 'harbor';
  if ('createdTime' in first || 'lastUpdateTime' in first || 'changeableAttributes' in first) return 'acr';
  if ('pushedAt' in first) return 'neutral';
  return undefined;
}

/** The first object of a listing, looking one level into arrays of pages. */
function firstItem(list: readonly unknown[]): Record<string, unknown> | undefined {
  for (const item of list) {
    if (isObject(item)) return item;
    if (Array.isArray(item)) {
      const inner = item.find(isObject);
      if (inner) return inner as Record<string, unknown>;
    }
  }
  return undefined;
}

/**
 * Splits text holding several JSON values one after another (pages appended to one file, `cat a.json b.json`) into
 * their texts; returns undefined when the text is not such a sequence (the caller reports the JSON error).
 */
export function splitJsonValues(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    if (text[i] !== '[' && text[i] !== '{') return undefined;
    const end = endOfJsonValue(text, i);
    if (end < 0) return undefined;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts.length > 1 ? parts : undefined;
}


/** A repository path as registries write it (`team/api`), the part before `=` in `--images REPO=FILE`. */
const REPOSITORY_PREFIX = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;

/** `--images` value: `REPO=FILE` names the repository of the listing's unnamed images; anything else is a path. */
export function splitImagesArgument(value: string): { repository?: string; path: string } {
  const eq = value.indexOf('=');
  if (eq > 0 && REPOSITORY_PREFIX.test(value.slice(0, eq)) && eq < value.length - 1) return { repository: value.slice(0, eq), path: value.slice(eq + 1) };
  return { path: value };
}
