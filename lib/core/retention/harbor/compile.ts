/**
 * Compiles the neutral RetentionPolicy to Harbor retain rules, exactly or not at all (unless an approximation is
 * allowed). docs/retention.md "Harbor" explains each case.
 *
 * Harbor keeps an artifact when any rule retains it and deletes the rest of every repository a rule applies to.
 * The neutral policy keeps an image when it is protected, inside a keepMostRecent window, or hit by no removal
 * condition. The first two are retain rules already. The third is a conjunction of negated removal conditions,
 * which Harbor can only say for a few shapes:
 *
 * - A removal condition restricted to some tags ("expire images with a v* tag after 30 days") negates to "no tag
 *   matches v*, or pushed within 30 days". Every Harbor tag selector is monotone in an artifact's tags (`matches`:
 *   some tag matches; `excludes`: some tag does not match), so adding a tag can never make Harbor drop a retain
 *   rule, while it can make the neutral policy remove the image. Such conditions compile only when another
 *   condition makes them redundant: a keepMostRecent over every tag (then nothing tagged survives outside the
 *   protect/window rules anyway), or an unrestricted condition of the same kind with no more days.
 * - Unrestricted conditions become the time templates: "pushed within d days" (expireTagged / expireUntagged) and
 *   "pulled within n days" OR "pushed within n days" (expireNotPulled: Harbor never keeps a never-pulled artifact
 *   on a pull rule, so the push rule stands in for "never pulled, pushed within n days"). The second is exact when
 *   an image's last pull is not older than its push time, which holds unless a tag was pushed onto an artifact
 *   after its last pull (Harbor then counts the tag's push time).
 * - Two unrestricted conditions on the same images AND together: "pushed within d" AND "active within n" equals
 *   "pushed within d" when d <= n; for d > n Harbor has no conjunction and the policy is rejected.
 */

import { ValidationError, Violation } from '../../errors';
import { CompileOptions } from '../dialect';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../policy';
import { escapeDoublestar } from './doublestar';
import { isUnresolved } from '../../tokens';
import { HARBOR_MAX_COUNT, HARBOR_MAX_DAYS, HARBOR_MAX_RULES, HarborRetentionRule, harborScheduleProblem, validateHarborRetentionPolicy } from './grammar';

/** The schedule compileToHarbor writes unless told otherwise: once a day at midnight (Harbor's "0 0 0 * * *"). */
const HARBOR_DEFAULT_SCHEDULE = 'Daily';

/** Options of compileToHarbor. */
export interface HarborCompileOptions extends CompileOptions {
  /** The policy's schedule: `Hourly`, `Daily`, `Weekly` or a 6-field cron. @default "Daily" */
  readonly schedule?: string;
}

/** What compileToHarbor produces: the `harbor_retention_policy` rules and schedule, plus approximation notes. */
export interface HarborCompileResult {
  /** The rule blocks (1 to 15), in the Terraform shape. */
  readonly rules: HarborRetentionRule[];
  /** The schedule. */
  readonly schedule: string;
  /** One note per approximation used (only with allowApproximations). */
  readonly warnings: string[];
}

/** What the non-protected, non-window images of one kind (tagged or untagged) need to stay. */
enum Need {
  /** Nothing keeps them (a keepMostRecent over every tag removes the rest). */
  NONE = 'none',
  /** Kept unconditionally. */
  ALL = 'all',
  /** Kept while pushed within `days`. */
  PUSHED = 'pushed',
  /** Kept while pulled, or (never pulled) pushed, within `days`. */
  ACTIVE = 'active',
}

interface Condition {
  readonly need: Need;
  readonly days?: number;
}

const MATCH_ALL = /^\*+$/;

/**
 * Compiles a neutral policy to Harbor retain rules with the same outcome on every image set, or throws a
 * ValidationError naming Harbor, the intent (`rules[i]` and its summary) and the nearest alternative.
 */
export function compileToHarbor(policy: RetentionPolicy, options: HarborCompileOptions = {}, path: string = 'RetentionPolicy'): HarborCompileResult {
  const errors: Violation[] = [];
  const warnings: string[] = [];
  const fail = (i: number | undefined, rule: RetentionRule | undefined, why: string, alternative: string): void => {
    errors.push({
      property: i === undefined ? 'rules' : `rules[${i}]`,
      problem: `cannot be expressed on Harbor: ${why}`,
      value: rule ? rule.summary() : policy.rules.map((r) => r.summary()).join('; '),
      allowed: `nearest: ${alternative}`,
    });
  };

  const indexed = policy.rules.map((rule, i) => ({ rule, i }));
  const of = (kind: RetentionRuleKind) => indexed.filter((x) => x.rule.kind === kind);
  const coversAll = (r: RetentionRule) => (r.tagPatterns ?? []).some((p) => MATCH_ALL.test(p));

  for (const { rule, i } of of(RetentionRuleKind.PROTECT)) {
    if (rule.days === undefined) continue;
    if (options.allowApproximations) warnings.push(`rules[${i}] (${rule.summary()}): Harbor has no archive storage; approximated by keeping the protected images, never archived`);
    else fail(i, rule, 'Harbor has no archive storage class, so protected images cannot be archived', 'protect without archiveWhenNotPulledForDays (kept, never archived), or compile with allowApproximations for that');
  }
  const stale = of(RetentionRuleKind.EXPIRE_NOT_PULLED).filter(({ rule, i }) => {
    if (rule.action !== StaleImageAction.ARCHIVE) return true;
    if (options.allowApproximations) {
      warnings.push(`rules[${i}] (${rule.summary()}): Harbor has no archive storage; approximated by deleting images not pulled for ${rule.days} days`);
      return true;
    }
    fail(i, rule, 'Harbor has no archive storage class; it can only delete', 'action EXPIRE (delete instead of archive), or compile with allowApproximations to delete');
    return false;
  });
  const keepers = of(RetentionRuleKind.KEEP_MOST_RECENT);
  const tagged = of(RetentionRuleKind.EXPIRE_TAGGED);

  // Tagged images that are neither protected nor in a window.
  let taggedNeed: Condition;
  const windowOverAll = keepers.some((x) => coversAll(x.rule));
  const pushedAll = min(tagged.filter((x) => coversAll(x.rule)).map((x) => x.rule.days!));
  const activeAll = min(stale.filter((x) => !x.rule.tagPatterns || coversAll(x.rule)).map((x) => x.rule.days!));
  if (windowOverAll) {
    taggedNeed = { need: Need.NONE };
  } else {
    for (const { rule, i } of keepers) {
      fail(
        i,
        rule,
        `Harbor rules only retain, and an image whose tags match none of [${rule.tagPatterns!.join(', ')}] would need a rule selecting "no tag matches", which Harbor's tag selectors cannot say (tag_excluding selects an image when any one of its tags does not match)`,
        `keepMostRecent with tagPatterns ["*"] (plus protect for the tags that must stay), or Harbor's own rule most_recently_pushed = ${rule.count}, tag_matching = "${tagPattern(rule.tagPatterns!)}" next to an always_retain rule for the other tags`,
      );
    }
    for (const { rule, i } of tagged) {
      if (coversAll(rule) || (pushedAll !== undefined && pushedAll <= rule.days!)) continue;
      fail(
        i,
        rule,
        `Harbor cannot delete only the images with a tag matching [${rule.tagPatterns!.join(', ')}]: keeping the others needs a "no tag matches" selector, which Harbor lacks`,
        `expireTagged with tagPatterns ["*"] after ${rule.days} days (plus protect for the tags to keep)`,
      );
    }
    for (const { rule, i } of stale) {
      if (!rule.tagPatterns || coversAll(rule)) continue;
      if ((activeAll !== undefined && activeAll <= rule.days!) || (pushedAll !== undefined && pushedAll <= rule.days!)) continue;
      fail(
        i,
        rule,
        `Harbor cannot delete only the stale images with a tag matching [${rule.tagPatterns.join(', ')}]: keeping the others needs a "no tag matches" selector, which Harbor lacks`,
        `expireNotPulled without tagPatterns after ${rule.days} days (plus protect for the tags to keep)`,
      );
    }
    taggedNeed = conjunction(pushedAll, activeAll, () =>
      fail(
        undefined,
        undefined,
        `tagged images would have to be both pushed within ${pushedAll} days (expireTagged) and pulled within ${activeAll} days (expireNotPulled); Harbor ORs its rules and has no AND`,
        `use the same number of days for both, or drop one of them`,
      ),
    );
  }

  // Untagged images: only expireUntagged and unfiltered expireNotPulled reach them.
  const pushedUntagged = min(of(RetentionRuleKind.EXPIRE_UNTAGGED).map((x) => x.rule.days!));
  const activeUntagged = min(stale.filter((x) => !x.rule.tagPatterns).map((x) => x.rule.days!));
  const untaggedNeed = conjunction(pushedUntagged, activeUntagged, () =>
    fail(
      undefined,
      undefined,
      `untagged images would have to be both pushed within ${pushedUntagged} days (expireUntagged) and pulled within ${activeUntagged} days (expireNotPulled); Harbor ORs its rules and has no AND`,
      `expireUntagged with at most ${activeUntagged} days, or drop one of them`,
    ),
  );

  const base: HarborRetentionRule[] = [];
  if (taggedNeed.need !== Need.ALL) {
    const protect = of(RetentionRuleKind.PROTECT).flatMap((x) => x.rule.tagPatterns!);
    if (protect.length > 0) base.push({ alwaysRetain: true, tagMatching: tagPattern(protect), untaggedArtifacts: false });
    for (const { rule, i } of keepers) {
      if (rule.count! > HARBOR_MAX_COUNT) fail(i, rule, `Harbor's latestPushedK accepts at most ${HARBOR_MAX_COUNT}`, `count ${HARBOR_MAX_COUNT}`);
      base.push({ mostRecentlyPushed: rule.count, tagMatching: tagPattern(rule.tagPatterns!), untaggedArtifacts: false });
    }
  }
  const same = taggedNeed.need === untaggedNeed.need && taggedNeed.days === untaggedNeed.days;
  if (same) {
    base.push(...retain(untaggedNeed, { tagMatching: '**', untaggedArtifacts: true }));
  } else {
    base.push(...retain(taggedNeed, { tagMatching: '**', untaggedArtifacts: false }));
    // tag_excluding "**" selects no tagged artifact; untagged_artifacts = false makes Harbor select the untagged ones.
    base.push(...retain(untaggedNeed, { tagExcluding: '**', untaggedArtifacts: false }));
  }
  for (const r of base) {
    const days = r.nDaysSinceLastPull ?? r.nDaysSinceLastPush;
    if (days !== undefined && days > HARBOR_MAX_DAYS) fail(undefined, undefined, `Harbor accepts at most ${HARBOR_MAX_DAYS} days (got ${days})`, `at most ${HARBOR_MAX_DAYS} days`);
  }

  const scopes = repositoryScopes(policy, fail);
  const rules: HarborRetentionRule[] = [];
  for (const scope of scopes) for (const r of base) rules.push({ ...r, repoMatching: scope });
  if (errors.length === 0 && rules.length > HARBOR_MAX_RULES) {
    fail(
      undefined,
      undefined,
      `it needs ${rules.length} rules (${base.length} per repository pattern × ${scopes.length} patterns) and Harbor allows ${HARBOR_MAX_RULES}`,
      'fewer repository patterns, wildcards that span whole path segments (e.g. "team/*"), or fewer keepMostRecent rules',
    );
  }
  const scheduleProblem = isUnresolved(options.schedule) ? undefined : harborScheduleProblem(options.schedule);
  if (scheduleProblem) {
    errors.push({ property: 'schedule', problem: scheduleProblem, value: options.schedule, allowed: 'Hourly, Daily, Weekly, or a 6-field cron with seconds first such as "0 0 2 * * *"' });
  }
  // No invalid policy is ever emitted: the rules built above are checked like a hand-written policy.
  if (errors.length === 0) errors.push(...validateHarborRetentionPolicy({ rules }).items);
  if (errors.length > 0) throw new ValidationError(path, errors);
  return { rules, schedule: options.schedule ?? HARBOR_DEFAULT_SCHEDULE, warnings };
}

function conjunction(pushed: number | undefined, active: number | undefined, onConflict: () => void): Condition {
  if (pushed === undefined && active === undefined) return { need: Need.ALL };
  if (active === undefined) return { need: Need.PUSHED, days: pushed };
  if (pushed === undefined) return { need: Need.ACTIVE, days: active };
  // Pushed within d implies pulled (after the push) or never pulled within n when d <= n.
  if (pushed <= active) return { need: Need.PUSHED, days: pushed };
  onConflict();
  return { need: Need.PUSHED, days: pushed };
}

function retain(c: Condition, selector: HarborRetentionRule): HarborRetentionRule[] {
  switch (c.need) {
    case Need.NONE:
      return [];
    case Need.ALL:
      return [{ alwaysRetain: true, ...selector }];
    case Need.PUSHED:
      return [{ nDaysSinceLastPush: c.days, ...selector }];
    case Need.ACTIVE:
      return [
        { nDaysSinceLastPull: c.days, ...selector },
        { nDaysSinceLastPush: c.days, ...selector },
      ];
  }
}

function min(xs: number[]): number | undefined {
  return xs.length === 0 ? undefined : Math.min(...xs);
}

/** Neutral tag patterns (OR-ed, `*` = any run) as one doublestar pattern; tags have no "/", so `*` is exact. */
export function harborTagPattern(patterns: readonly string[]): string {
  return tagPattern(patterns);
}

function tagPattern(patterns: readonly string[]): string {
  if (patterns.some((p) => MATCH_ALL.test(p))) return '**';
  const translated = [...new Set(patterns.map((p) => p.split(/\*+/).map(escapeDoublestar).join('*')))];
  return translated.length === 1 ? translated[0] : `{${translated.join(',')}}`;
}

/**
 * One neutral repository pattern as doublestar patterns whose union matches exactly the same repository names.
 * Neutral `*` also crosses "/", doublestar `*` does not: a `*` filling a whole segment becomes `**` (last segment)
 * or `*\/**` (one or more segments); a `*` inside a segment becomes two alternatives, staying in the segment (`*`)
 * or crossing at least one "/" (`*\/**\/*`). Doublestar v1 splits patterns on "/" before reading braces, so the
 * alternatives cannot share one brace pattern; each becomes its own copy of the rules.
 */
export function harborRepositoryPatterns(neutral: string): string[] {
  const segments = neutral.replace(/\*+/g, '*').split('/');
  let alternatives = [''];
  segments.forEach((segment, s) => {
    const sep = s === 0 ? '' : '/';
    if (segment === '*') {
      const piece = s === segments.length - 1 ? '**' : '*/**';
      alternatives = alternatives.map((a) => a + sep + piece);
      return;
    }
    const parts = segment.split('*').map(escapeDoublestar);
    let inSegment = alternatives.map((a) => a + sep + parts[0]);
    for (let k = 1; k < parts.length; k++) {
      inSegment = inSegment.flatMap((a) => [`${a}*${parts[k]}`, `${a}*/**/*${parts[k]}`]);
    }
    alternatives = inSegment;
  });
  return [...new Set(alternatives)];
}

function repositoryScopes(policy: RetentionPolicy, fail: (i: number | undefined, r: RetentionRule | undefined, why: string, alt: string) => void): string[] {
  if (!policy.repositories) return ['**'];
  const scopes: string[] = [];
  for (const p of policy.repositories) {
    const alts = harborRepositoryPatterns(p);
    if (alts.length > 4) {
      fail(undefined, undefined, `repository pattern "${p}" needs ${alts.length} doublestar patterns (a "*" inside a path segment may also cross "/")`, 'wildcards that fill whole path segments, e.g. "team/*"');
    }
    for (const a of alts) if (!scopes.includes(a)) scopes.push(a);
  }
  return scopes;
}
