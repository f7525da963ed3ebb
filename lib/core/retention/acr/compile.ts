/**
 * Compiles the neutral RetentionPolicy to `acr purge` commands plus, where needed, the untagged retention policy.
 *
 * ## Native and approximated
 *
 * The neutral policy decides per image; acr purge removes tags, then manifests left without tags. Only intents that
 * remove no tag of a tagged image compile without options, and they are exact on any listing (several tags per
 * image included) of unlocked, non-index images whose manifest `lastUpdateTime` is their push time: `protect`
 * (alone it removes nothing), `expireUntagged` (`acr purge --untagged-only --ago Dd`) and `repositories` (the
 * filter's repository part).
 *
 * `keepMostRecent`, `expireTagged` and the `expireNotPulled` approximation remove tags (tag level): an image with
 * several tags loses only the matching ones and its manifest stays while any tag remains, and `--keep` counts tags,
 * not images. They compile only with `allowApproximations`, each with a warning saying what differs; they are exact
 * on images with at most one tag, never re-tagged, pushed before `now`, for policies whose keepMostRecent patterns
 * share no tag with each other or with a protect rule (expiring filters leave protected and keepMostRecent tags out
 * through a negative lookahead; overlapping keepMostRecent patterns are refused).
 *
 * Manifests the tag-level commands untag are deleted by `--untagged` on the same command when that is exact (no
 * keepMostRecent, and an expireUntagged rule no longer than every expiring rule: the dangling manifests `--untagged`
 * also deletes are then ones the neutral policy expires anyway); otherwise by `untaggedRetentionDays` 0, which is
 * registry-wide and reported as a warning. docs/retention.md (ACR) gives the bounds the property tests prove.
 */

import { ValidationError, Violations } from '../../errors';
import { CompileOptions } from '../dialect';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../policy';
import { AcrPurgeCommand, AcrPurgePolicy } from './grammar';

/** What `compileToAcr` returns. */
export interface AcrCompileResult {
  /** The purge commands, in run order (one ACR task step each). */
  readonly purgeCommands: AcrPurgeCommand[];
  /** The registry's untagged retention days (`retention_policy_in_days`, Premium) the commands rely on; absent when none is needed. */
  readonly untaggedRetentionDays?: number;
  /** Approximations in force and registry-wide side effects, one sentence each. */
  readonly warnings: string[];
  /** `purgeCommands` and `untaggedRetentionDays` together, ready for `simulateAcrPurge`. */
  readonly purgePolicy: AcrPurgePolicy;
}

interface TagRule {
  readonly index: number;
  readonly rule: RetentionRule;
  readonly patterns: readonly string[];
  readonly keep: boolean;
}

/**
 * Compiles `policy` to ACR; throws a ValidationError (at `path`) for every intent ACR cannot express exactly
 * (see the file comment), unless `allowApproximations` accepts the documented approximation.
 */
export function compileToAcr(policy: RetentionPolicy, options: CompileOptions = {}, path: string = 'RetentionPolicy'): AcrCompileResult {
  const v = new Violations();
  const warnings: string[] = [];
  const repoPart = repositoryExpression(policy.repositories);
  const protect = unique(policy.rulesOf(RetentionRuleKind.PROTECT).flatMap((r) => [...(r.tagPatterns ?? [])]));
  const tagRules: TagRule[] = [];
  const expireDays = new Map<TagRule, number>();
  let untaggedDays: number | undefined;

  /** Refuses a tag-level rule, or with the opt-in records what differs (`also`: why it is tag level beyond removing tags). */
  const tagLevel = (at: string, rule: RetentionRule, also: string, differs: string): void => {
    if (options.allowApproximations) {
      warnings.push(`${at} (${rule.summary()}) is tag level on ACR: ${differs}; exact for images with a single tag`);
      return;
    }
    v.add(
      at,
      `cannot be expressed on ACR: acr purge removes tags, not images${also ? ` ${also}` : ''} (an image with several tags loses only the matching ones, and its manifest stays while any tag remains)`,
      rule.summary(),
      'nearest: ECR, GAR and Harbor express it image level; on ACR set allowApproximations to remove the matching tags (tag level), exact for single-tag images',
    );
  };

  policy.rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    switch (rule.kind) {
      case RetentionRuleKind.PROTECT:
        if (rule.days === undefined) break;
        if (options.allowApproximations) warnings.push(`${at} (${rule.summary()}): ACR has no archive storage tier; approximated by keeping the protected tags, never archived`);
        else v.add(at, 'cannot be expressed on ACR: it has no archive storage tier, so protected images cannot be archived', rule.summary(), 'nearest: protect without archiveWhenNotPulledForDays (kept, never archived), or allowApproximations for that');
        break;
      case RetentionRuleKind.KEEP_MOST_RECENT:
        tagRules.push({ index, rule, patterns: rule.tagPatterns ?? [], keep: true });
        tagLevel(
          at,
          rule,
          'and --keep counts tags, not images',
          `acr purge --keep ${rule.count} keeps the ${rule.count} most recently updated matching tags per repository, not ${rule.count} images: an image with several matching tags takes several places, so fewer images keep theirs (an image in the neutral window can lose them all, and its manifest with them when it has no other tag); an image outside the window loses only its matching tags and stays while another tag remains`,
        );
        break;
      case RetentionRuleKind.EXPIRE_TAGGED: {
        const t = { index, rule, patterns: rule.tagPatterns ?? [], keep: false };
        tagRules.push(t);
        expireDays.set(t, rule.days!);
        tagLevel(
          at,
          rule,
          '',
          `acr purge removes the matching tags last updated more than ${rule.days} days ago (protected and keepMostRecent patterns excepted), not the image: an image with another tag keeps that tag and its manifest, and a re-tagged image is aged by the tag's last update, not its push`,
        );
        break;
      }
      case RetentionRuleKind.EXPIRE_UNTAGGED:
        untaggedDays = Math.min(untaggedDays ?? Infinity, rule.days!);
        break;
      case RetentionRuleKind.EXPIRE_NOT_PULLED:
        if (rule.action === StaleImageAction.ARCHIVE) {
          v.add(at, 'cannot be expressed on ACR: it has no archive storage tier', rule.summary(), 'nearest: expireNotPulled with action "expire" and allowApproximations (deletes by last update, tag level), or drop the rule');
          break;
        }
        if (!options.allowApproximations) {
          v.add(
            at,
            'cannot be expressed on ACR: it records no pull time (acr purge --ago compares the last update) and acr purge removes tags, not images',
            rule.summary(),
            `nearest: set allowApproximations to remove ${rule.tagPatterns ? 'the matching tags' : 'the tags and untagged manifests'} last updated more than ${rule.days} days ago (tag level, exact for never-pulled single-tag images), or use expireTagged`,
          );
          break;
        }
        warnings.push(
          `${at} (${rule.summary()}) is approximated on ACR as "last update more than ${rule.days} days ago", tag level: ACR records no pull time, so a pulled but old image is deleted too; and acr purge removes ${rule.tagPatterns ? 'the matching tags' : 'the tags'}, not the image, so an image with a tag the rule leaves (protected or keepMostRecent) keeps that tag and its manifest`,
        );
        {
          const t = { index, rule, patterns: rule.tagPatterns ?? ['*'], keep: false };
          tagRules.push(t);
          expireDays.set(t, rule.days!);
          if (!rule.tagPatterns) untaggedDays = Math.min(untaggedDays ?? Infinity, rule.days!);
        }
        break;
      default:
        break;
    }
  });

  for (const k of tagRules.filter((t) => t.keep)) {
    const at = `rules[${k.index}]`;
    const p = overlap(k.patterns, protect);
    if (p) {
      v.add(at, `cannot be expressed on ACR: a protected tag (${p[1]}) may match it, and keepMostRecent counts protected images in its window while acr purge --keep counts only the tags it could delete`, k.rule.summary(), 'nearest: tag patterns that no protect pattern can match (e.g. "build-*" beside protect "v*")');
    }
    for (const o of tagRules) {
      if (!o.keep || o.index <= k.index) continue;
      const hit = overlap(k.patterns, o.patterns);
      if (!hit) continue;
      v.add(
        at,
        `cannot be expressed on ACR together with rules[${o.index}] (${o.rule.summary()}): a tag can match both "${hit[0]}" and "${hit[1]}", and each acr purge --keep window would delete what the other keeps`,
        k.rule.summary(),
        'nearest: one keepMostRecent rule over both patterns, or patterns no tag can match both of',
      );
    }
  }
  v.throwIfAny(path);

  // --untagged deletes every dangling manifest of the filtered repositories older than --ago, not only the ones this
  // command untags: exact only when an expireUntagged at least as short expires those anyway, and never next to
  // --keep, which would keep the N newest dangling manifests too.
  const expiring = tagRules.filter((t) => !t.keep);
  const viaUntagged = untaggedDays !== undefined && expiring.length === tagRules.length && expiring.every((t) => expireDays.get(t)! >= untaggedDays!);
  const commands: AcrPurgeCommand[] = [];
  const keepPatterns = tagRules.filter((t) => t.keep).flatMap((t) => [...t.patterns]);
  for (const t of tagRules) {
    // An expiring filter leaves out protected tags and every keepMostRecent pattern: the neutral policy keeps the
    // first and lets only the keepMostRecent window decide the second.
    const shielded = unique([...protect, ...keepPatterns]);
    const tagRe = t.keep || shielded.length === 0 ? `^${alternatives(t.patterns)}$` : `^(?!${alternatives(shielded)}$)${alternatives(t.patterns)}$`;
    const filters = [{ repository: repoPart, tag: tagRe }];
    commands.push(
      t.keep ? AcrPurgeCommand.of({ filters, ago: '0d', keep: t.rule.count }, path) : AcrPurgeCommand.of({ filters, ago: `${expireDays.get(t)}d`, untagged: viaUntagged }, path),
    );
  }
  if (untaggedDays !== undefined) {
    const filters = policy.repositories ? [{ repository: repoPart, tag: '.*' }] : undefined;
    commands.push(AcrPurgeCommand.of({ filters, ago: `${untaggedDays}d`, untaggedOnly: true }, path));
    warnings.push(
      `acr purge --untagged-only needs acr-cli 0.18 or later${viaUntagged ? ', and older releases apply no --ago to --untagged (they delete every untagged manifest of the repository)' : ''}; the "acr" alias of ACR Tasks runs whatever version is pre-cached, so pin the image (renderAcrPurgeTaskYaml option image) if unsure`,
    );
  }
  let untaggedRetentionDays: number | undefined;
  if (tagRules.length > 0 && !viaUntagged) {
    untaggedRetentionDays = 0;
    warnings.push(
      'untaggedRetentionDays 0 (Premium, registry-wide) deletes the manifests these commands untag; it also deletes, at once, every manifest that loses its last tag later in any repository, in the policy\'s repositories or not (e.g. the previous image when a push moves "latest"), which the neutral policy would keep or expire by push age. Without keepMostRecent, an expireUntagged rule no longer than every expiring rule lets --untagged on the same purge delete them instead',
    );
  }
  try {
    return { purgeCommands: commands, untaggedRetentionDays, warnings, purgePolicy: AcrPurgePolicy.of({ commands, untaggedRetentionDays }, path) };
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(path, e.violations);
    throw e;
  }
}

/** The repository part of a filter: the policy's repository wildcards as one regex, or every repository. */
function repositoryExpression(patterns: readonly string[] | undefined): string {
  if (!patterns || patterns.length === 0) return '.*';
  const list = unique(patterns);
  if (list.length === 1 && !list[0].includes('*') && !/[.]/.test(list[0])) return list[0];
  return alternatives(list);
}

/** `(?:a|b)` with each `*`-wildcard pattern as a regex body; tag and repository characters need only `.` escaped. */
function alternatives(patterns: readonly string[]): string {
  return `(?:${patterns.map((p) => p.split('*').map((s) => s.replace(/[.\\+?^${}()|[\]]/g, '\\$&')).join('.*')).join('|')})`;
}

/** The first pair of patterns (one from each list) that some tag matches both of, if any. */
function overlap(a: readonly string[], b: readonly string[]): [string, string] | undefined {
  for (const x of a) for (const y of b) if (wildcardsIntersect(x, y)) return [x, y];
  return undefined;
}

/** True when some string matches both `*`-wildcard patterns: a search over pairs of positions in the two patterns. */
function wildcardsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * (b.length + 1) + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    if (a[i] === '*') stack.push([i + 1, j]);
    if (b[j] === '*') stack.push([i, j + 1]);
    if (i < a.length && j < b.length) {
      if (a[i] === '*' && b[j] !== '*') stack.push([i, j + 1]);
      else if (b[j] === '*' && a[i] !== '*') stack.push([i + 1, j]);
      else if (a[i] === b[j] && a[i] !== '*') stack.push([i + 1, j + 1]);
    }
  }
  return false;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
