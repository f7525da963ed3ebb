/**
 * Compiles the order-free neutral retention policy to ECR's first-match-claims lifecycle rules, exactly where
 * ECR can express the meaning and with opt-in, reported approximations where it cannot.
 *
 * Encoding (ECR claims an image for the first rule whose tag selection it satisfies, whether or not that rule
 * acts, and later rules still count it):
 * 1. protect: one rule per pattern (`imageCountMoreThan` ECR_PROTECT_COUNT, never acts), first; one pattern
 *    per rule because ECR ANDs the entries of a list and protection is an OR. Then the protect rules with an
 *    archive allowance: one `sinceImagePulled` transition per pattern, by days ascending. Each claims every
 *    image it selects, so nothing later deletes them, and archives the stale ones, inside keep windows too;
 *    an image matching a plain protect rule is claimed by it first and stays in standard storage.
 * 2. keepMostRecent (one rule, one pattern): `imageCountMoreThan`. It claims every image it selects, so those
 *    images are decided by their window alone (inside: kept; outside: expired), as the neutral meaning says;
 *    its window still counts protected images because ECR ranks claimed images too.
 * 3. expireTagged (one rule per pattern) then expireUntagged: `sinceImagePushed` expire, sorted by days
 *    ascending, so the first rule to claim an image has the smallest day count among those selecting it,
 *    which is exactly "any of them holds".
 * 4. expireNotPulled ARCHIVE: `sinceImagePulled` transition, tagged ones by days ascending, the unfiltered one
 *    as the `any` rule, last. An image claimed by an expire rule is never archived, which is exact when every
 *    archive day count is at least every overlapping expire day count: a pull never precedes its push, so an
 *    image stale by pull time beyond that is already expired by push time.
 * Rules whose tag selection repeats an earlier rule's are dropped: they could never act on ECR.
 * `repositories` is not compiled: ECR policies belong to one repository, so whoever attaches the policy
 * (EcrRepository) checks its repository name against the scope.
 */

import { ValidationError, Violations } from '../../errors';
import { CompileOptions } from '../dialect';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../policy';
import { ECR_MAX_WILDCARDS_PER_PATTERN, ECR_PROTECT_COUNT, EcrCountType, EcrLifecycleRule, EcrRuleAction, EcrTagStatus, validateEcrLifecycleRules } from './grammar';

/** The result of compiling a neutral policy to ECR. */
export interface EcrCompileResult {
  /** ECR lifecycle rules without priorities: they take their priorities from their order (the `any` rule is last). */
  readonly rules: EcrLifecycleRule[];
  /** One line per approximation in force (empty unless `allowApproximations`). */
  readonly warnings: string[];
}

/** A neutral removal intent reduced to ECR terms: a pattern (or untagged/every image) and a day count. */
interface Removal {
  readonly index: number;
  readonly rule: RetentionRule;
  /** A tag pattern; undefined selects untagged images (expire) or every image (archive). */
  readonly pattern?: string;
  readonly days: number;
}

/**
 * Compiles `policy` to ECR lifecycle rules. Throws a ValidationError at `path` naming ECR, each rule that
 * ECR cannot express exactly (`rules[i]` and its summary) and the nearest supported alternative, unless
 * `allowApproximations` is set and a documented approximation exists (then it is listed in `warnings`).
 */
export function compileToEcr(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): EcrCompileResult {
  const approx = options.allowApproximations === true;
  const v = new Violations();
  const warnings: string[] = [];
  const name = (i: number) => `rules[${i}]`;
  const about = (i: number) => `${name(i)} (${policy.rules[i].summary()})`;

  // Equivalent patterns with fewer wildcards keep more rules within ECR's limit of four per pattern.
  const patternsOf = (rule: RetentionRule, i: number): string[] =>
    (rule.tagPatterns ?? []).map((raw, j) => {
      const p = raw.replace(/\*+/g, '*');
      const stars = p.split('*').length - 1;
      if (stars > ECR_MAX_WILDCARDS_PER_PATTERN) {
        v.add(`${name(i)}.tagPatterns[${j}]`, `cannot be expressed on ECR: it has ${stars} "*" wildcards, more than the ${ECR_MAX_WILDCARDS_PER_PATTERN} ECR allows in a pattern`, raw, 'nearest: split it into simpler patterns');
      }
      return p;
    });

  const protects: Removal[] = [];
  const allowances: Removal[] = [];
  const keeps: Array<{ index: number; pattern: string; count: number }> = [];
  const expires: Removal[] = [];
  const archives: Removal[] = [];
  let firstKeep: number | undefined;

  policy.rules.forEach((rule, i) => {
    const patterns = patternsOf(rule, i);
    switch (rule.kind) {
      case RetentionRuleKind.PROTECT:
        if (rule.days === undefined) patterns.forEach((pattern) => protects.push({ index: i, rule, pattern, days: 0 }));
        else patterns.forEach((pattern) => allowances.push({ index: i, rule, pattern, days: rule.days! }));
        break;
      case RetentionRuleKind.KEEP_MOST_RECENT:
        if (patterns.length > 1) {
          if (approx) {
            warnings.push(`${about(i)}: ECR ANDs the patterns of one rule, so this keeps the ${rule.count} most recent images per pattern, not ${rule.count} across all patterns`);
          } else {
            v.add(
              `${name(i)}.tagPatterns`,
              `cannot be expressed on ECR: ECR ANDs the patterns of one rule, so "${rule.count} most recent across ${patterns.join(' or ')}" (${rule.summary()}) has no ECR form`,
              rule.tagPatterns,
              'nearest: one pattern per keepMostRecent (e.g. "*" for every tagged image), or allowApproximations for one window per pattern',
            );
          }
        }
        if (firstKeep !== undefined) {
          if (approx) {
            warnings.push(`${about(i)}: on ECR an image selected by several keepMostRecent rules is judged by the first of them (${about(firstKeep)}) alone, not kept when any window holds it`);
          } else {
            v.add(
              name(i),
              `cannot be expressed on ECR next to ${about(firstKeep)}: ECR judges an image by the first rule that selects it, so an image in this window but outside the other would be expired`,
              rule.summary(),
              'nearest: one keepMostRecent rule per policy on ECR, or allowApproximations (each image judged by the first rule that selects it)',
            );
          }
        } else {
          firstKeep = i;
        }
        patterns.forEach((pattern) => keeps.push({ index: i, pattern, count: rule.count! }));
        break;
      case RetentionRuleKind.EXPIRE_TAGGED:
        patterns.forEach((pattern) => expires.push({ index: i, rule, pattern, days: rule.days! }));
        break;
      case RetentionRuleKind.EXPIRE_UNTAGGED:
        expires.push({ index: i, rule, days: rule.days! });
        break;
      case RetentionRuleKind.EXPIRE_NOT_PULLED:
        if (rule.action === StaleImageAction.ARCHIVE) {
          if (patterns.length === 0) archives.push({ index: i, rule, days: rule.days! });
          else patterns.forEach((pattern) => archives.push({ index: i, rule, pattern, days: rule.days! }));
        } else if (approx) {
          warnings.push(`${about(i)}: ECR cannot delete by last pull time; compiled as expiry ${rule.days} days after push, which also deletes images pulled recently`);
          if (patterns.length === 0) {
            expires.push({ index: i, rule, pattern: '*', days: rule.days! });
            expires.push({ index: i, rule, days: rule.days! });
          } else {
            patterns.forEach((pattern) => expires.push({ index: i, rule, pattern, days: rule.days! }));
          }
        } else {
          v.add(
            `${name(i)}.action`,
            `cannot be expressed on ECR: ECR archives images by last pull time but cannot delete them by it (${rule.summary()})`,
            rule.action,
            'nearest: action ARCHIVE (ECR sinceImagePulled transition), or expireTagged by push age (allowApproximations compiles this rule that way)',
          );
        }
        break;
    }
  });

  // An expire rule claims the images it selects, so an overlapping archive rule with fewer days never gets them.
  for (const a of archives) {
    const clash = expires.find((e) => a.days < e.days && !(e.pattern === undefined && a.pattern !== undefined));
    if (!clash) continue;
    if (approx) {
      warnings.push(`${about(a.index)}: on ECR an image also selected by ${about(clash.index)} is only expired by push age, never archived after ${a.days} days without pulls`);
    } else if (!v.items.some((x) => x.property === `${name(a.index)}.days`)) {
      v.add(
        `${name(a.index)}.days`,
        `cannot be expressed on ECR: it is below the ${clash.days} days of ${about(clash.index)} that can select the same images, and the ECR rule that claims an image first decides it alone`,
        a.days,
        `nearest: at least ${clash.days} days (then the expiry by push age always comes first), or allowApproximations`,
      );
    }
  }

  v.throwIfAny(path);

  const out: EcrLifecycleRule[] = [];
  const taken = new Set<string>();
  const tagged = (index: number, pattern: string, countType: EcrCountType, countNumber: number, action?: EcrRuleAction) => {
    if (taken.has(pattern)) return;
    taken.add(pattern);
    out.push({
      description: `${name(index)} ${policy.rules[index].summary()}`,
      tagStatus: EcrTagStatus.TAGGED,
      tagPatternList: [pattern],
      countType,
      countNumber,
      ...(action ? { action } : {}),
    });
  };
  const byDays = (a: Removal, b: Removal) => a.days - b.days;

  for (const p of protects) tagged(p.index, p.pattern!, EcrCountType.IMAGE_COUNT_MORE_THAN, ECR_PROTECT_COUNT);
  for (const a of [...allowances].sort(byDays)) tagged(a.index, a.pattern!, EcrCountType.SINCE_IMAGE_PULLED, a.days, EcrRuleAction.TRANSITION);
  for (const k of keeps) tagged(k.index, k.pattern, EcrCountType.IMAGE_COUNT_MORE_THAN, k.count);
  const sortedExpires = [...expires].sort(byDays);
  for (const e of sortedExpires) if (e.pattern !== undefined) tagged(e.index, e.pattern, EcrCountType.SINCE_IMAGE_PUSHED, e.days);
  const untagged = sortedExpires.find((e) => e.pattern === undefined);
  if (untagged) {
    out.push({ description: `${name(untagged.index)} ${untagged.rule.summary()}`, tagStatus: EcrTagStatus.UNTAGGED, countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: untagged.days });
  }
  const sortedArchives = [...archives].sort(byDays);
  const all = sortedArchives.find((a) => a.pattern === undefined);
  for (const a of sortedArchives) {
    // A tagged archive rule at or above the unfiltered one's days would only shield images from it.
    if (a.pattern !== undefined && (!all || a.days < all.days)) tagged(a.index, a.pattern, EcrCountType.SINCE_IMAGE_PULLED, a.days, EcrRuleAction.TRANSITION);
  }
  if (all) {
    out.push({
      description: `${name(all.index)} ${all.rule.summary()}`,
      tagStatus: EcrTagStatus.ANY,
      countType: EcrCountType.SINCE_IMAGE_PULLED,
      countNumber: all.days,
      action: EcrRuleAction.TRANSITION,
    });
  }

  const limits = validateEcrLifecycleRules(out, 'ecrRules');
  if (!limits.empty) {
    throw new ValidationError(
      path,
      limits.items.map((x) => ({
        property: 'rules',
        problem: `cannot be expressed on ECR: they compile to a policy that breaks an ECR limit: ${x.property} ${x.problem}`,
        value: x.value,
        allowed: `nearest: fewer patterns or rules (${x.allowed})`,
      })),
    );
  }
  return { rules: out, warnings };
}
