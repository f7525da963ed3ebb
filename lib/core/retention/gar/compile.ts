/**
 * Compiles the neutral RetentionPolicy to GCP Artifact Registry cleanup policies.
 *
 * ## What compiles exactly (checked against the neutral simulator by property tests)
 * - `protect [p*, …]` → one Keep {tagState TAGGED, tagPrefixes}; GAR's "Keep beats Delete" is the neutral
 *   "protected: kept whatever else applies". A lone `*` is "any tag": TAGGED without prefixes.
 * - `expireUntagged D` → Delete {tagState UNTAGGED, olderThan D days}.
 * - `expireTagged [p*, …] D` → Delete {tagState TAGGED, tagPrefixes, olderThan D days}.
 * - `repositories [p*, …]` → `packageNamePrefixes` on every policy.
 * Rules of one kind and one age merge into one policy (the prefixes of a list are OR-ed) to stay within 10.
 *
 * ## Only with `allowApproximations` (each use is a warning)
 * - `protect` with a wildcard-free pattern (`latest`): GAR has prefixes only, so `latest` also keeps `latest-rc`.
 *   Keeping more is the safe direction.
 * - `keepMostRecent N [p…]` → Keep mostRecentVersions {keepCount N} + Delete {TAGGED, tagPrefixes}: GAR counts
 *   every version of a package (untagged and other tags too), so fewer than N matching images may survive, and
 *   the N newest versions of any kind are also spared from the other Delete policies.
 * - `expireNotPulled D` with action EXPIRE → Delete {olderThan D days}: GAR records no pull time, so age since
 *   upload stands in for "not pulled".
 *
 * ## Never
 * - Patterns with a leading or inner `*` (`*-rc`, `a*b`) and, outside protect, wildcard-free patterns: prefixes
 *   cannot say them, and widening a Delete would delete more than asked.
 * - `expireNotPulled` with action ARCHIVE: GAR has no archive tier.
 */

import { ValidationError, Violations } from '../../errors';
import { CompileOptions } from '../dialect';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../policy';
import { GAR_MAX_CLEANUP_POLICIES, GarActionType, GarCleanupCondition, GarCleanupPolicy, GarTagState, garSeconds } from './grammar';

/** The result of compiling a neutral policy to GAR. */
export interface GarCompileResult {
  /** The cleanup policies, in the gcloud policy-file model (render with `toGarCleanupPolicyBlocks` for Terraform). */
  readonly policies: GarCleanupPolicy[];
  /** One line per approximation in force; empty when the compilation is exact. */
  readonly warnings: string[];
}

const REGISTRY = 'GCP Artifact Registry (GAR)';
const DAY_SECONDS = 86_400;

/** How a `*` pattern reads as a GAR prefix. */
enum PrefixKind {
  /** `*` (or `**`): matches everything. */
  ALL,
  /** `abc*`: exactly the prefix `abc`. */
  PREFIX,
  /** `abc`: no wildcard; the prefix `abc` matches more than the pattern. */
  LITERAL,
  /** A leading or inner `*`: no prefix says it. */
  UNSUPPORTED,
}

interface Prefix {
  readonly kind: PrefixKind;
  readonly prefix: string;
}

function toPrefix(pattern: string): Prefix {
  const m = /^([^*]*)(\**)$/.exec(pattern);
  if (!m) return { kind: PrefixKind.UNSUPPORTED, prefix: '' };
  if (m[2].length === 0) return { kind: PrefixKind.LITERAL, prefix: m[1] };
  if (m[1].length === 0) return { kind: PrefixKind.ALL, prefix: '' };
  return { kind: PrefixKind.PREFIX, prefix: m[1] };
}

/** A merged prefix list: undefined means "everything" (the field is left unset). */
type PrefixList = string[] | undefined;

function union(lists: readonly PrefixList[]): PrefixList {
  if (lists.some((l) => l === undefined)) return undefined;
  return [...new Set(lists.flatMap((l) => l!))];
}

/**
 * Compiles `policy` to GAR cleanup policies. Throws a ValidationError naming the registry, each rule it cannot
 * express (`rules[i]` and its summary) and the nearest supported alternative; with `allowApproximations`, the
 * documented approximations are used instead and listed in `warnings`.
 */
export function compileToGar(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): GarCompileResult {
  const approx = options.allowApproximations === true;
  const v = new Violations();
  const warnings: string[] = [];

  const tagPrefixes = (rule: RetentionRule, i: number, literalIsApproximation: boolean): PrefixList | null => {
    const prefixes: string[] = [];
    let all = false;
    let failed = false;
    const literals: string[] = [];
    (rule.tagPatterns ?? []).forEach((pattern, j) => {
      const p = toPrefix(pattern);
      if (p.kind === PrefixKind.ALL) all = true;
      else if (p.kind === PrefixKind.PREFIX) prefixes.push(p.prefix);
      else if (p.kind === PrefixKind.LITERAL && literalIsApproximation && approx) {
        prefixes.push(p.prefix);
        literals.push(pattern);
      } else {
        failed = true;
        const alt =
          p.kind === PrefixKind.LITERAL
            ? literalIsApproximation
              ? `the prefix pattern "${pattern}*" (also matches longer tags), or allowApproximations to accept that for this protect rule`
              : `the prefix pattern "${pattern}*", knowing it also matches longer tags such as "${pattern}-1"`
            : `a trailing-wildcard pattern such as "${pattern.replace(/\*.*$/, '')}*"; GAR matches tag prefixes only`;
        v.add(
          `rules[${i}].tagPatterns[${j}]`,
          'cannot be expressed on GAR: GAR matches tags by prefix only',
          pattern,
          `nearest: ${alt}`,
        );
      }
    });
    if (literals.length > 0) {
      warnings.push(
        `rules[${i}] (${rule.summary()}): GAR matches tag prefixes only, so it also keeps tags that merely start with ${literals.map((l) => `"${l}"`).join(' or ')}`,
      );
    }
    if (failed) return null;
    return all ? undefined : [...new Set(prefixes)];
  };

  // Scope: every policy carries the same package prefixes.
  let packages: PrefixList;
  if (policy.repositories) {
    const list: string[] = [];
    let all = false;
    policy.repositories.forEach((pattern, j) => {
      const p = toPrefix(pattern);
      if (p.kind === PrefixKind.ALL) all = true;
      else if (p.kind === PrefixKind.PREFIX) list.push(p.prefix);
      else {
        v.add(
          `repositories[${j}]`,
          'cannot be expressed on GAR: packageNamePrefixes match package names by prefix only',
          pattern,
          p.kind === PrefixKind.LITERAL
            ? `nearest: "${pattern}*" (also matches packages whose names start with "${pattern}"), or a repository of its own`
            : `nearest: a trailing-wildcard pattern such as "${pattern.replace(/\*.*$/, '')}*"`,
        );
      }
    });
    packages = all ? undefined : [...new Set(list)];
  }

  const protect: PrefixList[] = [];
  const untaggedDays: number[] = [];
  const taggedByDays = new Map<number, PrefixList[]>();
  const keepCounts: number[] = [];
  const keepSelections: PrefixList[] = [];
  const notPulledByDays = new Map<number, (PrefixList | 'any')[]>();

  policy.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    switch (rule.kind) {
      case RetentionRuleKind.PROTECT: {
        if (rule.days !== undefined && approx) {
          warnings.push(`${at} (${rule.summary()}): approximated in ${REGISTRY} by keeping the protected images, never archived: GAR has no archive storage`);
        } else if (rule.days !== undefined) {
          v.add(
            at,
            'cannot be expressed on GAR: GAR has no archive storage, so protected images cannot be archived',
            rule.summary(),
            'nearest: protect without archiveWhenNotPulledForDays (kept, never archived), or allowApproximations for that',
          );
          break;
        }
        const p = tagPrefixes(rule, i, true);
        if (p !== null) protect.push(p);
        break;
      }
      case RetentionRuleKind.EXPIRE_UNTAGGED:
        untaggedDays.push(rule.days!);
        break;
      case RetentionRuleKind.EXPIRE_TAGGED: {
        const p = tagPrefixes(rule, i, false);
        if (p !== null) taggedByDays.set(rule.days!, [...(taggedByDays.get(rule.days!) ?? []), p]);
        break;
      }
      case RetentionRuleKind.KEEP_MOST_RECENT: {
        if (!approx) {
          v.add(
            at,
            `cannot be expressed on GAR: mostRecentVersions keeps the newest versions of each package whatever their tags (untagged ones count too) and cannot filter by tag`,
            rule.summary(),
            'nearest: expireTagged with the same tag patterns and an age in days (plus protect for tags to keep), or allowApproximations to accept "keep the N newest versions of each package"',
          );
          break;
        }
        const p = tagPrefixes(rule, i, false);
        if (p === null) break;
        keepCounts.push(rule.count!);
        keepSelections.push(p);
        warnings.push(
          `rules[${i}] (${rule.summary()}): approximated in ${REGISTRY} as Keep mostRecentVersions ${rule.count} + Delete of matching tags; GAR counts every version of a package (untagged and other tags too), so fewer than ${rule.count} matching images may be kept, and the newest versions of any kind are spared from the other Delete policies`,
        );
        break;
      }
      case RetentionRuleKind.EXPIRE_NOT_PULLED: {
        if (rule.action === StaleImageAction.ARCHIVE) {
          v.add(
            at,
            `cannot be expressed on GAR: GAR has no archive storage and records no pull time`,
            rule.summary(),
            'nearest: action "expire" with allowApproximations ("older than N days since upload"), or expireTagged/expireUntagged with days since upload',
          );
          break;
        }
        if (!approx) {
          v.add(
            at,
            `cannot be expressed on GAR: GAR records no pull time, cleanup conditions only age from upload`,
            rule.summary(),
            'nearest: expireTagged/expireUntagged with days since upload, or allowApproximations to accept "older than N days since upload"',
          );
          break;
        }
        const p = rule.tagPatterns ? tagPrefixes(rule, i, false) : 'any';
        if (p === null) break;
        notPulledByDays.set(rule.days!, [...(notPulledByDays.get(rule.days!) ?? []), p]);
        warnings.push(
          `rules[${i}] (${rule.summary()}): approximated in ${REGISTRY} as "uploaded more than ${rule.days} days ago": GAR records no pull time, so images pulled recently but pushed long ago are deleted too`,
        );
        break;
      }
    }
  });
  v.throwIfAny(path);

  const policies: GarCleanupPolicy[] = [];
  const withScope = (c: GarCleanupCondition): GarCleanupCondition => (packages ? { ...c, packageNamePrefixes: [...packages] } : c);
  const olderThan = (days: number) => garSeconds(days * DAY_SECONDS);
  const tagged = (prefixes: PrefixList): GarCleanupCondition =>
    prefixes ? { tagState: GarTagState.TAGGED, tagPrefixes: prefixes } : { tagState: GarTagState.TAGGED };

  if (protect.length > 0) {
    policies.push({ name: 'keep-protected-tags', action: { type: GarActionType.KEEP }, condition: withScope(tagged(union(protect))) });
  }
  if (keepCounts.length > 0) {
    const count = Math.max(...keepCounts);
    policies.push({
      name: `keep-${count}-most-recent`,
      action: { type: GarActionType.KEEP },
      mostRecentVersions: packages ? { packageNamePrefixes: [...packages], keepCount: count } : { keepCount: count },
    });
    policies.push({ name: 'delete-beyond-most-recent', action: { type: GarActionType.DELETE }, condition: withScope(tagged(union(keepSelections))) });
  }
  if (untaggedDays.length > 0) {
    const days = Math.min(...untaggedDays);
    policies.push({
      name: `delete-untagged-${days}d`,
      action: { type: GarActionType.DELETE },
      condition: withScope({ tagState: GarTagState.UNTAGGED, olderThan: olderThan(days) }),
    });
  }
  for (const [days, lists] of [...taggedByDays].sort((a, b) => a[0] - b[0])) {
    policies.push({
      name: `delete-tagged-${days}d`,
      action: { type: GarActionType.DELETE },
      condition: withScope({ ...tagged(union(lists)), olderThan: olderThan(days) }),
    });
  }
  for (const [days, lists] of [...notPulledByDays].sort((a, b) => a[0] - b[0])) {
    const anyImage = lists.includes('any');
    const condition: GarCleanupCondition = anyImage
      ? { tagState: GarTagState.ANY, olderThan: olderThan(days) }
      : { ...tagged(union(lists as PrefixList[])), olderThan: olderThan(days) };
    policies.push({ name: `delete-older-than-${days}d`, action: { type: GarActionType.DELETE }, condition: withScope(condition) });
  }

  if (policies.length > GAR_MAX_CLEANUP_POLICIES) {
    throw new ValidationError(path, [
      {
        property: 'rules',
        problem: `cannot be expressed on GAR: they compile to ${policies.length} cleanup policies, more than the ${GAR_MAX_CLEANUP_POLICIES} GAR allows per repository`,
        value: policies.map((p) => p.name),
        allowed: `nearest: give expireTagged rules fewer distinct ages (rules with the same days merge into one policy)`,
      },
    ]);
  }
  return { policies, warnings };
}
