/**
 * Docker's (and Podman's) client configuration for a set of registry endpoints: `credHelpers` entries merged
 * into an existing config without touching anything else, plus the login commands of registries that have no
 * credential helper. Pure functions; the CLI does the file handling.
 */

import { RegistryEndpointJson, RegistryFamily } from '../endpoint';
import { ValidationError, Violations } from '../errors';
import { isObject } from '../json';

/** The outcome of merging endpoints into a config. */
export interface DockerConfigMerge {
  /** The new config (the input's keys and order kept, `credHelpers` updated). */
  readonly config: Record<string, unknown>;
  /** One line per change, e.g. `credHelpers["host"]: (none) -> "ecr-login"`; empty when already configured. */
  readonly changes: readonly string[];
  /** Endpoints without a helper: the command that logs in to each. */
  readonly logins: readonly { readonly host: string; readonly command: string }[];
  /** The helpers the config now names for these endpoints (`docker-credential-<name>` must be on PATH). */
  readonly helpers: readonly string[];
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;
const HELPER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ENDPOINT_SHAPE = '[{"family": "ecr", "host": "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "credentialHelper": "ecr-login", "loginCommand": "..."}] (RegistryEndpoint.toJson(), e.g. a Terraform output)';

/**
 * Reads endpoints from JSON as written by `RegistryEndpoint.toJson()`: one endpoint, an array, `{"endpoints": [...]}`,
 * or the whole of `terraform output -json` (every output whose value is an endpoint or a list of them).
 */
export function parseEndpoints(doc: unknown, source: string): RegistryEndpointJson[] {
  const candidates: unknown[] = [];
  const collect = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(collect);
    else if (isObject(x) && 'host' in x) candidates.push(x);
    else if (isObject(x) && Array.isArray(x.endpoints)) collect(x.endpoints);
    else if (isObject(x) && 'value' in x && 'type' in x) collect(x.value);
    else if (isObject(x) && Object.values(x).length > 0 && Object.values(x).every((o) => isObject(o) && 'value' in o)) Object.keys(x).sort().forEach((k) => collect(x[k]));
  };
  collect(doc);
  const v = new Violations();
  if (candidates.length === 0) v.add('(document)', 'holds no registry endpoint', doc, ENDPOINT_SHAPE);
  const families = Object.values(RegistryFamily) as string[];
  candidates.forEach((c, i) => {
    const e = c as Record<string, unknown>;
    const at = `endpoints[${i}]`;
    if (typeof e.host !== 'string' || !HOST.test(e.host)) v.add(`${at}.host`, 'is not a registry host', e.host, 'a host with an optional port, no scheme or path (e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com)');
    if (typeof e.family !== 'string' || !families.includes(e.family)) v.add(`${at}.family`, 'is not a registry family', e.family, families.join(', '));
    if (e.credentialHelper !== undefined && (typeof e.credentialHelper !== 'string' || !HELPER.test(e.credentialHelper))) v.add(`${at}.credentialHelper`, 'is not a helper name', e.credentialHelper, 'the suffix after docker-credential- (e.g. ecr-login, gcloud)');
    if (typeof e.loginCommand !== 'string' || e.loginCommand === '') v.add(`${at}.loginCommand`, 'is missing', e.loginCommand, 'the login command (RegistryEndpoint.toJson() writes it)');
  });
  v.throwIfAny(source);
  return candidates as RegistryEndpointJson[];
}

/**
 * Merges the endpoints' helpers into `existing` (a parsed config.json / auth.json). Keeps `auths`, `credsStore`,
 * other hosts' helpers and every other key; a host that already names a different helper is switched to this
 * endpoint's helper (reported as a change). Idempotent: merging twice changes nothing the second time.
 */
export function mergeDockerConfig(existing: unknown, endpoints: readonly RegistryEndpointJson[], source: string): DockerConfigMerge {
  if (!isObject(existing)) throw new ValidationError(source, [{ property: '(document)', problem: 'is not a JSON object', value: existing, allowed: 'a Docker config.json or containers auth.json object' }]);
  if (existing.credHelpers !== undefined && !isObject(existing.credHelpers)) {
    throw new ValidationError(source, [{ property: 'credHelpers', problem: 'is not an object', value: existing.credHelpers, allowed: '{"<host>": "<helper>"}' }]);
  }
  const before = (existing.credHelpers ?? {}) as Record<string, unknown>;
  const helpers: Record<string, unknown> = { ...before };
  const changes: string[] = [];
  const logins: { host: string; command: string }[] = [];
  const seen = new Map<string, string>();
  for (const e of endpoints) {
    if (e.credentialHelper === undefined) {
      if (!logins.some((l) => l.host === e.host)) logins.push({ host: e.host, command: e.loginCommand });
      continue;
    }
    const prior = seen.get(e.host);
    if (prior !== undefined && prior !== e.credentialHelper) {
      throw new ValidationError(source, [{ property: `endpoints (${e.host})`, problem: 'name two different helpers for one host', value: [prior, e.credentialHelper], allowed: 'one helper per host' }]);
    }
    seen.set(e.host, e.credentialHelper);
    if (helpers[e.host] !== e.credentialHelper) {
      changes.push(`credHelpers[${JSON.stringify(e.host)}]: ${helpers[e.host] === undefined ? '(none)' : JSON.stringify(helpers[e.host])} -> ${JSON.stringify(e.credentialHelper)}`);
      helpers[e.host] = e.credentialHelper;
    }
  }
  const config: Record<string, unknown> = { ...existing };
  if (changes.length > 0) config.credHelpers = helpers;
  return { config, changes, logins, helpers: [...new Set(seen.values())].sort() };
}

/** A line diff of two texts (`-`/`+`/` ` prefixes), for --dry-run. Small inputs only: O(n·m). */
export function lineDiff(before: string, after: string): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return `${out.join('\n')}\n`;
}
