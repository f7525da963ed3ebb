/** GCP Artifact Registry cleanup policies: the native model, the gcloud policy-file reader and the provider block renderer. */

import { ValidationError, Violations } from '../../errors';
import { dropUndefined, isObject } from '../../json';

/** What a cleanup policy does to the versions it matches. */
export enum GarActionType {
  /** Delete matching versions (unless a Keep policy also matches them). */
  DELETE = 'DELETE',
  /** Exempt matching versions from every Delete policy; deletes nothing by itself. */
  KEEP = 'KEEP',
}

/** Which versions a condition applies to by their tags. */
export enum GarTagState {
  /** Versions with at least one tag. */
  TAGGED = 'TAGGED',
  /** Versions with no tag. */
  UNTAGGED = 'UNTAGGED',
  /** Every version (the API default). */
  ANY = 'ANY',
}

/** The `action` object of a policy-file entry (`{"type": "Delete"}`). */
export interface GarCleanupAction {
  /** Delete or Keep (the file may spell it in any case; the model holds upper case). */
  readonly type: GarActionType;
}

/** A conditional policy's `condition`: every field that is set must match (AND); a prefix list matches when any prefix does. */
export interface GarCleanupCondition {
  /** Tag state. @default GarTagState.ANY */
  readonly tagState?: GarTagState;
  /** Tag prefixes; a version matches when any of its tags starts with any of them (so untagged versions never do). */
  readonly tagPrefixes?: string[];
  /** Version name prefixes; for Docker the version name is the manifest digest (`sha256:…`). */
  readonly versionNamePrefixes?: string[];
  /** Package (image) name prefixes, relative to the repository (e.g. `team/api`). */
  readonly packageNamePrefixes?: string[];
  /** Matches versions uploaded more than this long ago; a gcloud duration (`30d`, `P30D`, `2592000s`). */
  readonly olderThan?: string;
  /** Matches versions uploaded less than this long ago; a gcloud duration. */
  readonly newerThan?: string;
}

/** A "keep most recent versions" policy's `mostRecentVersions`. */
export interface GarMostRecentVersions {
  /** Package name prefixes the policy applies to. @default - every package */
  readonly packageNamePrefixes?: string[];
  /** How many of each package's newest versions to keep (≥ 1). */
  readonly keepCount: number;
}

/**
 * One entry of the file `gcloud artifacts repositories set-cleanup-policies --policy=FILE` reads. Exactly one of
 * `condition` and `mostRecentVersions` is set; `mostRecentVersions` only with a Keep action.
 */
export interface GarCleanupPolicy {
  /** The policy id, unique in the repository, under 128 characters. */
  readonly name: string;
  /** Delete or Keep. */
  readonly action: GarCleanupAction;
  /** A conditional policy's condition. */
  readonly condition?: GarCleanupCondition;
  /** A keep-most-recent policy's count. */
  readonly mostRecentVersions?: GarMostRecentVersions;
}

/** The `condition` block of the provider's `cleanup_policies`, with the cdktf (camelCase) keys of provider-google 16. */
export interface GarCleanupPolicyConditionBlock {
  /** `tag_state`: TAGGED, UNTAGGED or ANY. */
  readonly tagState?: string;
  /** `tag_prefixes`. */
  readonly tagPrefixes?: string[];
  /** `version_name_prefixes`. */
  readonly versionNamePrefixes?: string[];
  /** `package_name_prefixes`. */
  readonly packageNamePrefixes?: string[];
  /** `older_than`, in whole seconds (`"7776000s"`), the form every provider version accepts. */
  readonly olderThan?: string;
  /** `newer_than`, in whole seconds. */
  readonly newerThan?: string;
}

/** The `most_recent_versions` block of the provider's `cleanup_policies`. */
export interface GarCleanupPolicyMostRecentVersionsBlock {
  /** `package_name_prefixes`. */
  readonly packageNamePrefixes?: string[];
  /** `keep_count`. */
  readonly keepCount: number;
}

/** One `cleanup_policies` entry of `google_artifact_registry_repository` (cdktf `ArtifactRegistryRepositoryCleanupPolicies`). */
export interface GarCleanupPolicyBlock {
  /** `id`. */
  readonly id: string;
  /** `action`: DELETE or KEEP. */
  readonly action: string;
  /** `condition`. */
  readonly condition?: GarCleanupPolicyConditionBlock;
  /** `most_recent_versions`. */
  readonly mostRecentVersions?: GarCleanupPolicyMostRecentVersionsBlock;
}

/** Google's limit of cleanup policies per repository. */
export const GAR_MAX_CLEANUP_POLICIES = 10;

/** Policy ids must be shorter than 128 characters. */
const GAR_MAX_POLICY_ID_LENGTH = 127;

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;
// gcloud's iso_duration counts a year as 365.2422 days and a month as a twelfth of that.
const YEAR = 365.2422 * DAY;
const MONTH = YEAR / 12;

const NUM = '(\\d+(?:\\.\\d*)?|\\.\\d+)';
const ISO_DURATION = new RegExp(`^p(?:${NUM}y)?(?:${NUM}m)?(?:${NUM}w)?(?:${NUM}d)?(?:t(?:${NUM}h)?(?:${NUM}m)?(?:${NUM}s)?)?$`);
const SHORT_DURATION = new RegExp(`^(?:${NUM}y)?(?:${NUM}w)?(?:${NUM}d)?(?:${NUM}h)?(?:${NUM}m)?(?:${NUM}s)?$`);

const DURATION_ALLOWED =
  'a gcloud duration: a number and unit y, w, d, h, m (minutes), s, largest unit first (e.g. "30d", "12h", "2592000s"), or ISO 8601 (e.g. "P30D", "PT12H")';

/**
 * Reads a duration the way gcloud's policy-file reader does (case-insensitive, `.` or `,` as decimal separator,
 * ISO 8601 `P…`, or the shorthand without `P` where `m` means minutes) and returns seconds, or undefined when
 * gcloud would reject it.
 */
export function parseGarDuration(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim().toLowerCase().replace(/,/g, '.');
  if (t.length === 0) return undefined;
  let parts: (string | undefined)[];
  let units: number[];
  let m = ISO_DURATION.exec(t);
  if (m) {
    if (t.endsWith('t')) return undefined;
    parts = m.slice(1);
    units = [YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND];
  } else {
    m = SHORT_DURATION.exec(t);
    if (!m) return undefined;
    parts = m.slice(1);
    units = [YEAR, WEEK, DAY, HOUR, MINUTE, SECOND];
  }
  if (parts.every((p) => p === undefined)) return undefined;
  let seconds = 0;
  parts.forEach((p, i) => {
    if (p !== undefined) seconds += Number(p) * units[i];
  });
  return seconds;
}

/** True when a duration uses a bare `m` without `P`, which gcloud reads as minutes although users often mean months. */
export function isGarMinuteShorthand(text: string): boolean {
  const t = text.trim().toLowerCase();
  return !t.startsWith('p') && /m/.test(t) && parseGarDuration(t) !== undefined;
}

/** Renders seconds the way the provider and the API take them: whole seconds with an `s`. */
export function garSeconds(seconds: number): string {
  return `${Math.round(seconds)}s`;
}

const POLICY_KEYS = ['name', 'action', 'condition', 'mostRecentVersions'];
const CONDITION_KEYS = ['tagState', 'tagPrefixes', 'versionNamePrefixes', 'packageNamePrefixes', 'olderThan', 'newerThan'];
const MOST_RECENT_KEYS = ['packageNamePrefixes', 'keepCount'];

/**
 * Reads and validates a cleanup policy file (the parsed JSON list `gcloud artifacts repositories
 * set-cleanup-policies --policy=FILE` takes, or what `list-cleanup-policies` prints back). Enums are matched
 * case-insensitively and returned upper case; durations are kept as written. Throws one ValidationError naming
 * `source` and every bad field.
 */
export function parseGarCleanupPolicies(input: unknown, source: string = 'cleanup-policies.json'): GarCleanupPolicy[] {
  const v = new Violations();
  if (!Array.isArray(input)) {
    v.add('(document)', 'must be a JSON list of cleanup policies', input, 'a list such as [{"name": "delete-old", "action": {"type": "Delete"}, "condition": {"olderThan": "30d"}}]');
    v.throwIfAny(source);
  }
  const list = input as unknown[];
  if (list.length > GAR_MAX_CLEANUP_POLICIES) {
    v.add('(document)', `holds ${list.length} cleanup policies, more than GAR allows`, list.length, `at most ${GAR_MAX_CLEANUP_POLICIES} policies per repository`);
  }
  const seen = new Map<string, number>();
  const out: GarCleanupPolicy[] = [];
  list.forEach((raw, i) => {
    const at = `[${i}]`;
    if (!isObject(raw)) {
      v.add(at, 'must be an object', raw, 'an object with "name", "action" and one of "condition" or "mostRecentVersions"');
      return;
    }
    const p = raw;
    for (const key of Object.keys(p)) {
      if (POLICY_KEYS.includes(key)) continue;
      const hint = key === 'id' ? '; gcloud reads the policy id from "name"' : '';
      v.add(`${at}.${key}`, 'is not a field of a cleanup policy', p[key], `one of ${POLICY_KEYS.join(', ')}${hint}`);
    }
    const name = p.name;
    if (typeof name !== 'string' || name.length === 0) {
      v.add(`${at}.name`, 'is required and must be a non-empty string', name, 'the policy id, unique in the file, e.g. "delete-untagged"');
    } else if (name.length > GAR_MAX_POLICY_ID_LENGTH) {
      v.add(`${at}.name`, `is ${name.length} characters long`, name, `fewer than ${GAR_MAX_POLICY_ID_LENGTH + 1} characters`);
    } else if (seen.has(name)) {
      v.add(`${at}.name`, `repeats the name of policy [${seen.get(name)}]`, name, 'a name unique in the file');
    } else {
      seen.set(name, i);
    }

    let action: GarActionType | undefined;
    if (!isObject(p.action)) {
      v.add(`${at}.action`, 'is required and must be an object', p.action, '{"type": "Delete"} or {"type": "Keep"}');
    } else {
      const a = p.action;
      for (const key of Object.keys(a)) {
        if (key !== 'type') v.add(`${at}.action.${key}`, 'is not a field of a cleanup action', a[key], 'only "type"');
      }
      action = enumValue(GarActionType, a.type);
      if (action === undefined) v.add(`${at}.action.type`, 'is not a cleanup action', a.type, '"Delete" or "Keep" (any letter case)');
    }

    const hasCondition = p.condition !== undefined && p.condition !== null;
    const hasMostRecent = p.mostRecentVersions !== undefined && p.mostRecentVersions !== null;
    if (hasCondition && hasMostRecent) {
      v.add(at, 'has both "condition" and "mostRecentVersions"', Object.keys(p), 'exactly one of them per policy');
    } else if (!hasCondition && !hasMostRecent) {
      v.add(at, 'has neither "condition" nor "mostRecentVersions"', Object.keys(p), 'exactly one of them per policy');
    }

    let condition: GarCleanupCondition | undefined;
    if (hasCondition) condition = readCondition(v, `${at}.condition`, p.condition);
    let mostRecentVersions: GarMostRecentVersions | undefined;
    if (hasMostRecent) {
      mostRecentVersions = readMostRecent(v, `${at}.mostRecentVersions`, p.mostRecentVersions);
      if (action === GarActionType.DELETE) {
        v.add(`${at}.action.type`, 'must be Keep for a mostRecentVersions policy', (p.action as Record<string, unknown>).type, '"Keep"; GAR only keeps the most recent versions, use a condition to delete');
      }
    }
    if (action !== undefined && typeof name === 'string') {
      out.push(dropUndefined({ name, action: { type: action }, condition, mostRecentVersions }));
    }
  });
  v.throwIfAny(source);
  return out;
}

function readCondition(v: Violations, at: string, raw: unknown): GarCleanupCondition | undefined {
  if (!isObject(raw)) {
    v.add(at, 'must be an object', raw, `an object with some of ${CONDITION_KEYS.join(', ')}`);
    return undefined;
  }
  const c = raw;
  for (const key of Object.keys(c)) {
    if (CONDITION_KEYS.includes(key)) continue;
    let hint = '';
    if (key === 'moreStaleThan') hint = '; "moreStaleThan" is undocumented and not simulated';
    if (key === 'versionAge') hint = '; "versionAge" is the legacy name of "olderThan"';
    v.add(`${at}.${key}`, 'is not a field of a cleanup condition', c[key], `one of ${CONDITION_KEYS.join(', ')}${hint}`);
  }
  let tagState: GarTagState | undefined;
  if (c.tagState !== undefined && c.tagState !== null) {
    tagState = enumValue(GarTagState, c.tagState);
    if (tagState === undefined) v.add(`${at}.tagState`, 'is not a tag state', c.tagState, '"TAGGED", "UNTAGGED" or "ANY" (any letter case)');
  }
  const tagPrefixes = readPrefixes(v, `${at}.tagPrefixes`, c.tagPrefixes);
  const versionNamePrefixes = readPrefixes(v, `${at}.versionNamePrefixes`, c.versionNamePrefixes);
  const packageNamePrefixes = readPrefixes(v, `${at}.packageNamePrefixes`, c.packageNamePrefixes);
  // gcloud and the API take tagPrefixes with any tagState; a prefix can only match a tag, so with ANY it acts as with
  // TAGGED and with UNTAGGED it never matches (the simulator says so: garTagPrefixNotes).
  const olderThan = readDuration(v, `${at}.olderThan`, c.olderThan);
  const newerThan = readDuration(v, `${at}.newerThan`, c.newerThan);
  return dropUndefined({ tagState, tagPrefixes, versionNamePrefixes, packageNamePrefixes, olderThan, newerThan });
}

function readMostRecent(v: Violations, at: string, raw: unknown): GarMostRecentVersions | undefined {
  if (!isObject(raw)) {
    v.add(at, 'must be an object', raw, '{"keepCount": 10} with optional "packageNamePrefixes"');
    return undefined;
  }
  const m = raw;
  for (const key of Object.keys(m)) {
    if (!MOST_RECENT_KEYS.includes(key)) v.add(`${at}.${key}`, 'is not a field of mostRecentVersions', m[key], `one of ${MOST_RECENT_KEYS.join(', ')}`);
  }
  const packageNamePrefixes = readPrefixes(v, `${at}.packageNamePrefixes`, m.packageNamePrefixes);
  const keepCount = m.keepCount;
  if (typeof keepCount !== 'number' || !Number.isInteger(keepCount) || keepCount < 1 || keepCount > 2_147_483_647) {
    v.add(`${at}.keepCount`, 'must be a positive whole number', keepCount, 'an integer from 1 to 2147483647 (versions to keep per package)');
    return undefined;
  }
  return dropUndefined({ packageNamePrefixes, keepCount });
}

function readPrefixes(v: Violations, at: string, raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    v.add(at, 'must be a list of strings', raw, 'e.g. ["v", "release-"]; a version matches when any prefix matches');
    return undefined;
  }
  let ok = true;
  raw.forEach((p, i) => {
    if (typeof p !== 'string') {
      v.add(`${at}[${i}]`, 'must be a string', p, 'a prefix such as "v"');
      ok = false;
    }
  });
  return ok ? [...(raw as string[])] : undefined;
}

function readDuration(v: Violations, at: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || parseGarDuration(raw) === undefined) {
    v.add(at, 'is not a duration gcloud accepts', raw, DURATION_ALLOWED);
    return undefined;
  }
  return raw;
}

/**
 * Renders validated policies as the provider's `cleanup_policies` blocks (plain objects with the cdktf keys of
 * `ArtifactRegistryRepositoryCleanupPolicies`); durations become whole seconds. Throws a ValidationError naming
 * `path` when a policy is invalid, so no invalid policy reaches Terraform.
 */
export function toGarCleanupPolicyBlocks(policies: readonly GarCleanupPolicy[], path: string = 'cleanupPolicies'): GarCleanupPolicyBlock[] {
  // What we write is stricter than what we read: users report tagPrefixes without effect unless tagState is TAGGED
  // (Google's reference is silent), so a policy the library emits always says TAGGED next to tag prefixes.
  const v = new Violations();
  policies.forEach((p, i) => {
    const c = p.condition;
    if (c?.tagPrefixes && c.tagPrefixes.length > 0 && String(c.tagState ?? '').toUpperCase() !== GarTagState.TAGGED) {
      v.add(`[${i}].condition.tagState`, 'must be TAGGED when tagPrefixes is set', c.tagState ?? 'ANY (default)', '"TAGGED" (tag prefixes only take effect on tagged versions)');
    }
  });
  let valid: GarCleanupPolicy[] = [];
  try {
    // Parsing copies every prefix list, so the blocks never alias the caller's arrays.
    valid = parseGarCleanupPolicies(policies, path);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // Every problem at once: the parser's and the tag-state one, in policy order.
    throw new ValidationError(path, [...v.items, ...e.violations].sort((a, b) => policyIndex(a.property) - policyIndex(b.property)));
  }
  v.throwIfAny(path);
  return valid.map((p) => {
    const c = p.condition;
    const condition: GarCleanupPolicyConditionBlock | undefined = c
      ? dropUndefined({
        tagState: c.tagState,
        tagPrefixes: c.tagPrefixes,
        versionNamePrefixes: c.versionNamePrefixes,
        packageNamePrefixes: c.packageNamePrefixes,
        olderThan: c.olderThan !== undefined ? garSeconds(parseGarDuration(c.olderThan)!) : undefined,
        newerThan: c.newerThan !== undefined ? garSeconds(parseGarDuration(c.newerThan)!) : undefined,
      })
      : undefined;
    const m = p.mostRecentVersions;
    const mostRecentVersions: GarCleanupPolicyMostRecentVersionsBlock | undefined = m
      ? dropUndefined({ packageNamePrefixes: m.packageNamePrefixes, keepCount: m.keepCount })
      : undefined;
    return dropUndefined({ id: p.name, action: p.action.type, condition, mostRecentVersions });
  });
}

/** The policy index a violation's property starts with (`[3].condition…` is 3). */
function policyIndex(property: string): number {
  const m = /^\[(\d+)\]/.exec(property);
  return m ? Number(m[1]) : -1;
}

function enumValue<E extends Record<string, string>>(e: E, raw: unknown): E[keyof E] | undefined {
  if (typeof raw !== 'string') return undefined;
  const upper = raw.toUpperCase();
  return (Object.values(e) as string[]).includes(upper) ? (upper as E[keyof E]) : undefined;
}

/**
 * Notes on tagPrefixes next to a tagState that is not TAGGED: accepted by gcloud, yet an untagged version has no tag
 * to match, so with ANY (or no tagState) the condition selects tagged versions only, and with UNTAGGED nothing.
 */
export function garTagPrefixNotes(policies: readonly GarCleanupPolicy[]): string[] {
  const notes: string[] = [];
  for (const p of policies) {
    const c = p.condition;
    if (!c || !c.tagPrefixes || c.tagPrefixes.length === 0) continue;
    if (c.tagState === GarTagState.UNTAGGED) notes.push(`policy ${p.name}: tagPrefixes with tagState UNTAGGED matches no version (an untagged version has no tag to match); the policy never acts`);
    else if (c.tagState !== GarTagState.TAGGED) notes.push(`policy ${p.name}: tagPrefixes with tagState ${c.tagState ?? 'ANY (default)'} matches tagged versions only, as with TAGGED`);
  }
  return notes;
}
