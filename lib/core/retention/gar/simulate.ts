/**
 * Simulates GCP Artifact Registry cleanup policies on a list of image versions, following Google's documented rules.
 *
 * ## Evaluation (documented by Google)
 * - A version matched by any Keep policy is kept, even when Delete policies match it too ("KEEP beats DELETE").
 * - A Keep policy never deletes anything; a version that no Delete policy matches is kept.
 * - A condition ANDs the fields that are set; a prefix list matches when any of its prefixes matches
 *   (`tagPrefixes`: any tag of the version starts with any prefix).
 * - `tagState` TAGGED = at least one tag, UNTAGGED = no tag, ANY (default) = every version.
 * - `olderThan` / `newerThan` compare against the upload time (`ImageRecord.pushedAt`).
 * - `mostRecentVersions` keeps the `keepCount` newest versions of each package (`ImageRecord.repository`) whose
 *   name starts with one of `packageNamePrefixes` (every package when absent), whatever their tags.
 *
 * ## Where Google's docs are silent (our choices, shared with the other simulators where they overlap)
 * - `olderThan` is strict: `now - uploaded > olderThan`; `newerThan` is strict too: `now - uploaded < newerThan`.
 *   A version exactly on the boundary matches neither, like the neutral "more than N days".
 * - "Most recent" orders by upload time, newest first, ties broken by digest ascending (`newestFirst`).
 * - A condition with no field set matches every version; an empty prefix list counts as not set.
 * - An image with no `repository` belongs to the package `""` (it only matches the empty prefix).
 * - Among several matching policies, the decision names the first in list order (Google applies them as a set).
 */

import { ImageAction, ImageDecision, ImageRecord, SimulationResult } from '../image';
import { newestFirst } from '../patterns';
import { applyRegistryRelations } from '../references';
import { GarActionType, GarCleanupPolicy, GarTagState, garTagPrefixNotes, isGarMinuteShorthand, parseGarCleanupPolicies, parseGarDuration } from './grammar';

interface CompiledPolicy {
  readonly name: string;
  readonly keep: boolean;
  /** For conditional policies: does the image match? */
  readonly matches?: (img: ImageRecord) => boolean;
  /** For mostRecentVersions: packages in scope and how many per package. */
  readonly packagePrefixes?: readonly string[];
  readonly keepCount?: number;
}

/**
 * Decides, for every image, what GAR's cleanup job would do under `policies` at `now` (epoch ms). The policies
 * are validated first (a ValidationError names the bad field). Decisions come back in input order.
 */
export function simulateGarCleanupPolicies(policies: readonly GarCleanupPolicy[], images: readonly ImageRecord[], now: number): SimulationResult {
  const valid = parseGarCleanupPolicies(policies, 'cleanupPolicies');
  const warnings: string[] = [];
  for (const p of valid) {
    for (const field of ['olderThan', 'newerThan'] as const) {
      const text = p.condition?.[field];
      if (text !== undefined && isGarMinuteShorthand(text)) {
        warnings.push(`policy ${p.name}: ${field} "${text}" counts "m" as minutes (gcloud reads it so); write "P${text.toUpperCase()}" or days for months`);
      }
    }
  }
  warnings.push(...garTagPrefixNotes(valid));
  if (valid.length > 0 && !valid.some((p) => p.action.type === GarActionType.DELETE)) {
    warnings.push('no Delete policy: Keep policies only exempt versions from deletion, so nothing is deleted');
  }

  const compiled = valid.map((p) => compile(p, now));
  const keepConditional = compiled.filter((c) => c.keep && c.matches);
  const keepRecent = compiled.filter((c) => c.keep && c.keepCount !== undefined);
  const deletes = compiled.filter((c) => !c.keep);

  // Rank of each image within its package, newest first; one sort serves every mostRecentVersions policy.
  const rank = new Int32Array(images.length);
  if (keepRecent.length > 0) {
    const order = images.map((_, i) => i).sort((a, b) => newestFirst(images[a], images[b]));
    const perPackage = new Map<string, number>();
    for (const i of order) {
      const pkg = images[i].repository ?? '';
      const r = perPackage.get(pkg) ?? 0;
      rank[i] = r;
      perPackage.set(pkg, r + 1);
    }
  }

  const decisions: ImageDecision[] = images.map((img, i) => {
    const pkg = img.repository ?? '';
    const deleter = deletes.find((d) => d.matches!(img));
    let keeper: string | undefined;
    let keepWhy = '';
    const byCondition = keepConditional.find((k) => k.matches!(img));
    if (byCondition) {
      keeper = byCondition.name;
    } else {
      const byRecent = keepRecent.find((k) => anyPrefix(k.packagePrefixes, pkg) && rank[i] < k.keepCount!);
      if (byRecent) {
        keeper = byRecent.name;
        keepWhy = `: one of the ${byRecent.keepCount} most recent versions of package "${pkg}"`;
      }
    }
    if (keeper !== undefined) {
      const overrides = deleter ? `; Keep beats Delete policy ${deleter.name}` : '';
      return decision(img, ImageAction.KEEP, `policy ${keeper}`, `kept by Keep policy ${keeper}${keepWhy}${overrides}`);
    }
    if (deleter) return decision(img, ImageAction.EXPIRE, `policy ${deleter.name}`, `deleted by Delete policy ${deleter.name}; no Keep policy matches`);
    return decision(img, ImageAction.KEEP, undefined, 'kept: no Delete policy matches');
  });
  // Google documents no special handling of index children or referrers: the preview treats them as versions and says so.
  const related = applyRegistryRelations(images, decisions, { registry: 'GAR, as documented,', keepsIndexChildren: false, keepsReferrers: false, deletesReferrersWithSubject: false });
  return { decisions: related.decisions, warnings: [...warnings, ...related.warnings] };
}

function decision(img: ImageRecord, action: ImageAction, rule: string | undefined, reason: string): ImageDecision {
  const d: { -readonly [K in keyof ImageDecision]: ImageDecision[K] } = { digest: img.digest, action, reason };
  if (img.repository !== undefined) d.repository = img.repository;
  if (rule !== undefined) d.rule = rule;
  return d;
}

function compile(p: GarCleanupPolicy, now: number): CompiledPolicy {
  const keep = p.action.type === GarActionType.KEEP;
  if (p.mostRecentVersions) {
    return { name: p.name, keep, packagePrefixes: nonEmpty(p.mostRecentVersions.packageNamePrefixes), keepCount: p.mostRecentVersions.keepCount };
  }
  const c = p.condition ?? {};
  const tagState = c.tagState ?? GarTagState.ANY;
  const tagPrefixes = nonEmpty(c.tagPrefixes);
  const versionPrefixes = nonEmpty(c.versionNamePrefixes);
  const packagePrefixes = nonEmpty(c.packageNamePrefixes);
  const olderMs = c.olderThan !== undefined ? parseGarDuration(c.olderThan)! * 1000 : undefined;
  const newerMs = c.newerThan !== undefined ? parseGarDuration(c.newerThan)! * 1000 : undefined;
  return {
    name: p.name,
    keep,
    matches: (img) => {
      const tagged = img.tags.length > 0;
      if (tagState === GarTagState.TAGGED && !tagged) return false;
      if (tagState === GarTagState.UNTAGGED && tagged) return false;
      if (tagPrefixes && !img.tags.some((t) => anyPrefix(tagPrefixes, t))) return false;
      if (versionPrefixes && !anyPrefix(versionPrefixes, img.digest)) return false;
      if (packagePrefixes && !anyPrefix(packagePrefixes, img.repository ?? '')) return false;
      if (olderMs !== undefined && !(now - img.pushedAt > olderMs)) return false;
      if (newerMs !== undefined && !(now - img.pushedAt < newerMs)) return false;
      return true;
    },
  };
}

function anyPrefix(prefixes: readonly string[] | undefined, value: string): boolean {
  if (!prefixes) return true;
  for (const p of prefixes) if (value.startsWith(p)) return true;
  return false;
}

function nonEmpty(list: readonly string[] | undefined): readonly string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}
