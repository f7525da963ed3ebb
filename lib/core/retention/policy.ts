/**
 * The cloud-neutral retention policy: what to keep and what to remove, stated once and compiled to each
 * registry's native rules (lib/core/retention/<dialect>).
 *
 * ## Meaning (the contract every compiler and simulator is tested against)
 *
 * A policy is a set of rules with no order between them. For each image in scope (its repository matches
 * one of the policy's `repositories` patterns, or the policy has none, or the image names no repository)
 * and in standard storage:
 *
 * 1. **Protected** if any of its tags matches a `protect` rule's patterns: never expired, whatever else applies.
 *    It is kept, except that when every protect rule matching it has an archive allowance
 *    (`archiveWhenNotPulledForDays`), it is **archived** once last pulled (or, never pulled, pushed) more than
 *    the smallest of their day counts ago, whether or not it is inside a `keepMostRecent` window.
 * 2. **Retained** if it is among the `count` most recently pushed images selected by a `keepMostRecent`
 *    rule (selected = at least one tag matches one of the rule's patterns), counted per repository over
 *    every selected image in standard storage, protected ones included: kept.
 * 3. Otherwise **expired** if any removal condition holds:
 *    - it is selected by a `keepMostRecent` rule but outside that rule's window;
 *    - `expireTagged`: a tag matches and it was pushed more than `days` days ago;
 *    - `expireUntagged`: it has no tags and was pushed more than `days` days ago;
 *    - `expireNotPulled` with action EXPIRE: selected (tags match, or every image when the rule has no
 *      patterns) and last pulled (or, never pulled, pushed) more than `days` days ago.
 * 4. Otherwise **archived** if an `expireNotPulled` rule with action ARCHIVE holds in the same way.
 * 5. Otherwise kept.
 * 6. Last, an expired image is **kept after all** when a kept or archived image of its repository needs it: an
 *    image index (manifest list) keeps every manifest it references (`ImageRecord.references`, nested indexes
 *    included), and an image keeps its referrers (`ImageRecord.subject`: signatures, SBOMs, attestations), so a
 *    protected multi-platform release never loses a platform or its signature.
 *
 * So an `expireNotPulled` rule never acts on a protected image or on one inside a `keepMostRecent` window; a
 * protect rule's archive allowance is the one way to archive protected images ("never delete releases, but
 * archive those nobody pulled for 180 days"). A rule that can decide no image at all is reported by
 * `findDeadRetentionRules` (dead-rules.ts).
 *
 * Tag patterns match whole tags, `*` standing for any run of characters; a rule's patterns are OR-ed and an
 * image matches when any one of its tags matches any one pattern, so extra tags never hide an image from a
 * rule (and an extra matching tag pulls a whole image into one). Untagged images match no tag pattern.
 * Images already in archive storage are left alone. "Most recent" orders by push time, newest first, ties by
 * digest ascending. "More than `days` days" is strict: `now - time > days × 24 h`.
 */

import { Violations } from '../errors';
import { REPOSITORY_PATTERN, TAG_PATTERN } from './patterns';
import { dropUndefined, isObject } from '../json';

/** The kinds of neutral rule. */
export enum RetentionRuleKind {
  /** Keep images whose tags match, forever. */
  PROTECT = 'protect',
  /** Keep the N most recently pushed images whose tags match; remove the older ones. */
  KEEP_MOST_RECENT = 'keepMostRecent',
  /** Remove untagged images some days after push. */
  EXPIRE_UNTAGGED = 'expireUntagged',
  /** Remove images whose tags match some days after push. */
  EXPIRE_TAGGED = 'expireTagged',
  /** Remove or archive images not pulled for some days. */
  EXPIRE_NOT_PULLED = 'expireNotPulled',
}

/** What a not-pulled rule does to a stale image. */
export enum StaleImageAction {
  /** Delete the image. */
  EXPIRE = 'expire',
  /** Move it to archive storage, where the registry has one (ECR). */
  ARCHIVE = 'archive',
}

/** Options of `RetentionRule.protect`. */
export interface ProtectOptions {
  /** Tag patterns (`*` wildcards) of images never to remove, e.g. `['v*', 'latest']`. */
  readonly tagPatterns: string[];
  /**
   * Archive (never delete) the protected images last pulled (or, never pulled, pushed) more than this many days
   * ago (≥ 1), even inside a keepMostRecent window. An image also matched by a protect rule without an
   * allowance stays in standard storage. Only registries with archive storage (ECR) can do this.
   * @default - protected images stay in standard storage
   */
  readonly archiveWhenNotPulledForDays?: number;
  /** A short name for reports. @default - derived from the rule */
  readonly description?: string;
}

/** Options of `RetentionRule.keepMostRecent`. */
export interface KeepMostRecentOptions {
  /** How many images to keep per repository (≥ 1). */
  readonly count: number;
  /** Tag patterns of the images this rule counts, e.g. `['*']` for every tagged image. */
  readonly tagPatterns: string[];
  /** A short name for reports. @default - derived from the rule */
  readonly description?: string;
}

/** Options of `RetentionRule.expireUntagged`. */
export interface ExpireUntaggedOptions {
  /** Days after push (≥ 1). */
  readonly days: number;
  /** A short name for reports. @default - derived from the rule */
  readonly description?: string;
}

/** Options of `RetentionRule.expireTagged`. */
export interface ExpireTaggedOptions {
  /** Days after push (≥ 1). */
  readonly days: number;
  /** Tag patterns of the images to remove. */
  readonly tagPatterns: string[];
  /** A short name for reports. @default - derived from the rule */
  readonly description?: string;
}

/** Options of `RetentionRule.expireNotPulled`. */
export interface ExpireNotPulledOptions {
  /** Days since the last pull (or since push, for an image never pulled) (≥ 1). */
  readonly days: number;
  /** Tag patterns of the images this rule applies to. @default - every image, tagged or not */
  readonly tagPatterns?: string[];
  /** Delete or archive. @default StaleImageAction.ARCHIVE (reversible; the only one ECR allows) */
  readonly action?: StaleImageAction;
  /** A short name for reports. @default - derived from the rule */
  readonly description?: string;
}

/** One intent of a retention policy. Build with the static factories. */
export class RetentionRule {
  /** Keeps images with a matching tag forever (release tags, `latest`). */
  public static protect(options: ProtectOptions): RetentionRule {
    const allowance = options.archiveWhenNotPulledForDays;
    return new RetentionRule(
      RetentionRuleKind.PROTECT,
      options.tagPatterns,
      undefined,
      allowance,
      allowance === undefined ? undefined : StaleImageAction.ARCHIVE,
      options.description,
    );
  }

  /** Keeps the `count` most recently pushed images with a matching tag and removes older ones. */
  public static keepMostRecent(options: KeepMostRecentOptions): RetentionRule {
    return new RetentionRule(RetentionRuleKind.KEEP_MOST_RECENT, options.tagPatterns, options.count, undefined, undefined, options.description);
  }

  /** Removes untagged images `days` days after push. */
  public static expireUntagged(options: ExpireUntaggedOptions): RetentionRule {
    return new RetentionRule(RetentionRuleKind.EXPIRE_UNTAGGED, undefined, undefined, options.days, undefined, options.description);
  }

  /** Removes images with a matching tag `days` days after push. */
  public static expireTagged(options: ExpireTaggedOptions): RetentionRule {
    return new RetentionRule(RetentionRuleKind.EXPIRE_TAGGED, options.tagPatterns, undefined, options.days, undefined, options.description);
  }

  /** Removes or archives images not pulled for `days` days. */
  public static expireNotPulled(options: ExpireNotPulledOptions): RetentionRule {
    return new RetentionRule(
      RetentionRuleKind.EXPIRE_NOT_PULLED,
      options.tagPatterns,
      undefined,
      options.days,
      options.action ?? StaleImageAction.ARCHIVE,
      options.description,
    );
  }

  private constructor(
    /** The kind of intent. */
    public readonly kind: RetentionRuleKind,
    /** Tag patterns, for the kinds that take them; absent on expireUntagged and on an unfiltered expireNotPulled. */
    public readonly tagPatterns: readonly string[] | undefined,
    /** Images to keep, for keepMostRecent. */
    public readonly count: number | undefined,
    /** Days, for the expire kinds; for protect, the archive allowance (`archiveWhenNotPulledForDays`), if any. */
    public readonly days: number | undefined,
    /** The action of expireNotPulled; ARCHIVE on a protect rule with an archive allowance. */
    public readonly action: StaleImageAction | undefined,
    /** The user's short name for the rule, if given. */
    public readonly description: string | undefined,
  ) {}

  /** A one-line summary for reports, e.g. `keepMostRecent 20 [v*]`. */
  public summary(): string {
    if (this.description) return this.description;
    const pats = this.tagPatterns ? ` [${this.tagPatterns.join(', ')}]` : '';
    switch (this.kind) {
      case RetentionRuleKind.PROTECT:
        return this.days === undefined ? `protect${pats}` : `protect${pats}, archive after ${this.days}d not pulled`;
      case RetentionRuleKind.KEEP_MOST_RECENT:
        return `keepMostRecent ${this.count}${pats}`;
      case RetentionRuleKind.EXPIRE_UNTAGGED:
        return `expireUntagged after ${this.days}d`;
      case RetentionRuleKind.EXPIRE_TAGGED:
        return `expireTagged${pats} after ${this.days}d`;
      case RetentionRuleKind.EXPIRE_NOT_PULLED:
        return `expireNotPulled${pats || ' [all]'} after ${this.days}d (${this.action})`;
    }
  }

  /** The rule as plain JSON (the `--dialect neutral` policy file format). */
  public toJson(): RetentionRuleJson {
    const protect = this.kind === RetentionRuleKind.PROTECT;
    return dropUndefined({
      kind: this.kind,
      tagPatterns: this.tagPatterns ? [...this.tagPatterns] : undefined,
      count: this.count,
      days: protect ? undefined : this.days,
      archiveWhenNotPulledForDays: protect ? this.days : undefined,
      action: protect ? undefined : this.action,
      description: this.description,
    });
  }

  /** Collects every problem of this rule (property names relative to the rule). */
  public validate(): Violations {
    const v = new Violations();
    const needsPatterns = this.kind === RetentionRuleKind.PROTECT || this.kind === RetentionRuleKind.KEEP_MOST_RECENT || this.kind === RetentionRuleKind.EXPIRE_TAGGED;
    const patterns = this.tagPatterns;
    if (patterns !== undefined && !Array.isArray(patterns)) {
      v.add('tagPatterns', 'must be a list of patterns', patterns, 'e.g. ["v*", "latest"]');
    } else if (needsPatterns && (!patterns || patterns.length === 0)) {
      v.add('tagPatterns', `is required for ${this.kind}`, patterns, 'give at least one tag pattern, e.g. ["v*"]');
    } else if (patterns && patterns.length === 0) {
      v.add('tagPatterns', 'must not be empty when given', patterns, 'omit it to select every image, or give at least one pattern');
    } else {
      (patterns ?? []).forEach((p, i) => {
        if (typeof p !== 'string' || !TAG_PATTERN.test(p)) {
          v.add(`tagPatterns[${i}]`, 'is not a valid tag pattern', p, 'letters, digits, "_", ".", "-" and "*" wildcards, 1-128 characters');
        }
      });
    }
    if (this.kind === RetentionRuleKind.KEEP_MOST_RECENT) positiveInteger(v, 'count', this.count);
    if (this.kind !== RetentionRuleKind.PROTECT && this.kind !== RetentionRuleKind.KEEP_MOST_RECENT) positiveInteger(v, 'days', this.days);
    if (this.kind === RetentionRuleKind.PROTECT && this.days !== undefined) positiveInteger(v, 'archiveWhenNotPulledForDays', this.days);
    if (this.action !== undefined && !Object.values(StaleImageAction).includes(this.action)) {
      v.add('action', 'is not a known action', this.action, `one of ${Object.values(StaleImageAction).join(', ')}`);
    }
    return v;
  }
}

/** Options of `RetentionPolicy.of`. */
export interface RetentionPolicyOptions {
  /** The rules (at least one). Their order does not matter. */
  readonly rules: RetentionRule[];
  /**
   * Make a rule that can never act (see `findDeadRetentionRules`) an error wherever the policy is attached,
   * instead of a warning.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Repository patterns (`*` wildcards) the policy applies to, where the registry can scope policies.
   * @default - every repository the policy is attached to
   */
  readonly repositories?: string[];
}

/** A cloud-neutral retention policy. See the file comment for its exact meaning. */
export class RetentionPolicy {
  /** Creates a policy; throws a ValidationError naming every problem. */
  public static of(options: RetentionPolicyOptions, path: string = 'RetentionPolicy'): RetentionPolicy {
    const policy = new RetentionPolicy(options.rules ?? [], options.repositories, options.strict === true);
    const v = policy.validate();
    if (options.strict !== undefined && typeof options.strict !== 'boolean') v.add('strict', 'must be true or false', options.strict, 'true to make rules that can never act errors');
    v.throwIfAny(path);
    return policy;
  }

  /**
   * Reads a policy from its JSON form (`{"rules": [{"kind": "keepMostRecent", "count": 20, "tagPatterns": ["v*"]}],
   * "repositories": ["team/*"]}`); `source` names the file in errors.
   */
  public static fromJson(json: unknown, source: string = 'policy'): RetentionPolicy {
    const v = new Violations();
    if (!isObject(json)) {
      v.add('(document)', 'must be a JSON object', json, 'an object with a "rules" array');
      v.throwIfAny(source);
    }
    const doc = json as Record<string, unknown>;
    for (const key of Object.keys(doc)) {
      if (key !== 'rules' && key !== 'repositories' && key !== 'strict') v.add(key, 'is not a known field', doc[key], 'rules, repositories, strict');
    }
    if (!Array.isArray(doc.rules)) {
      v.add('rules', 'must be an array', doc.rules, 'an array of rule objects with a "kind"');
      v.throwIfAny(source);
    }
    const rules: RetentionRule[] = [];
    (doc.rules as unknown[]).forEach((raw, i) => {
      const rule = ruleFromJson(v, `rules[${i}]`, raw);
      if (rule) {
        rules.push(rule);
        v.addAll(`rules[${i}]`, rule.validate().items);
      }
    });
    if ((doc.rules as unknown[]).length === 0) v.add('rules', 'must not be empty', doc.rules, 'at least one rule');
    v.addAll('', validateScope(doc.repositories).items);
    if (doc.strict !== undefined && typeof doc.strict !== 'boolean') v.add('strict', 'must be true or false', doc.strict, 'true to make rules that can never act errors');
    v.throwIfAny(source);
    return new RetentionPolicy(rules, doc.repositories as string[] | undefined, doc.strict === true);
  }

  /** The rules, in the order given (order carries no meaning). */
  public readonly rules: readonly RetentionRule[];
  /** Repository patterns the policy is scoped to, if any. */
  public readonly repositories?: readonly string[];
  /** Whether a rule that can never act is an error rather than a warning. */
  public readonly strict: boolean;

  private constructor(rules: readonly RetentionRule[], repositories: readonly string[] | undefined, strict: boolean) {
    this.rules = [...rules];
    this.repositories = repositories ? [...repositories] : undefined;
    this.strict = strict;
  }

  /** The rules of one kind, in the order given. */
  public rulesOf(kind: RetentionRuleKind): RetentionRule[] {
    return this.rules.filter((r) => r.kind === kind);
  }

  /** The policy as plain JSON (the `--dialect neutral` policy file format). */
  public toJson(): RetentionPolicyJson {
    return dropUndefined({
      rules: this.rules.map((r) => r.toJson()),
      repositories: this.repositories ? [...this.repositories] : undefined,
      strict: this.strict ? true : undefined,
    });
  }

  private validate(): Violations {
    const v = new Violations();
    if (this.rules.length === 0) {
      v.add('rules', 'must not be empty', this.rules, 'at least one rule');
    }
    this.rules.forEach((rule, i) => v.addAll(`rules[${i}]`, rule.validate().items));
    return v.addAll('', validateScope(this.repositories).items);
  }
}

/** JSON form of a rule. */
export interface RetentionRuleJson {
  /** The rule kind. */
  readonly kind: RetentionRuleKind;
  /** Tag patterns. */
  readonly tagPatterns?: string[];
  /** keepMostRecent's count. */
  readonly count?: number;
  /** Days, for the expire kinds. */
  readonly days?: number;
  /** expireNotPulled's action. */
  readonly action?: StaleImageAction;
  /** protect's archive allowance. */
  readonly archiveWhenNotPulledForDays?: number;
  /** Short name. */
  readonly description?: string;
}

/** JSON form of a policy. */
export interface RetentionPolicyJson {
  /** The rules. */
  readonly rules: RetentionRuleJson[];
  /** Repository patterns. */
  readonly repositories?: string[];
  /** Rules that can never act are errors. */
  readonly strict?: boolean;
}

/** The fields each rule kind takes in the JSON form (besides `kind`). */
const RULE_FIELDS: { readonly [kind: string]: readonly string[] } = {
  [RetentionRuleKind.PROTECT]: ['tagPatterns', 'archiveWhenNotPulledForDays', 'description'],
  [RetentionRuleKind.KEEP_MOST_RECENT]: ['count', 'tagPatterns', 'description'],
  [RetentionRuleKind.EXPIRE_UNTAGGED]: ['days', 'description'],
  [RetentionRuleKind.EXPIRE_TAGGED]: ['days', 'tagPatterns', 'description'],
  [RetentionRuleKind.EXPIRE_NOT_PULLED]: ['days', 'tagPatterns', 'action', 'description'],
};

/**
 * Reads one rule of the JSON form, recording problems at `at`. Strict on purpose: a field that does not apply to
 * the rule's kind, or a misspelt one, would otherwise be dropped and silently change what the policy deletes.
 */
function ruleFromJson(v: Violations, at: string, raw: unknown): RetentionRule | undefined {
  if (!isObject(raw)) {
    v.add(at, 'must be an object', raw, 'an object with a "kind"');
    return undefined;
  }
  const r = raw;
  const kind = r.kind as RetentionRuleKind;
  const fields = RULE_FIELDS[kind as string];
  if (!fields) {
    v.add(`${at}.kind`, 'is not a known rule kind', r.kind, `one of ${Object.values(RetentionRuleKind).join(', ')}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(r)) {
    if (key === 'kind' || fields.includes(key)) continue;
    const known = Object.values(RULE_FIELDS).some((f) => f.includes(key));
    v.add(`${at}.${key}`, known ? `does not apply to ${kind}` : 'is not a known field', r[key], `the fields of ${kind}: ${fields.join(', ')}`);
    ok = false;
  }
  if (r.tagPatterns !== undefined && (!Array.isArray(r.tagPatterns) || r.tagPatterns.some((p) => typeof p !== 'string'))) {
    v.add(`${at}.tagPatterns`, 'must be a list of strings', r.tagPatterns, 'e.g. ["v*", "latest"]');
    ok = false;
  }
  if (r.description !== undefined && typeof r.description !== 'string') {
    v.add(`${at}.description`, 'must be a string', r.description, 'a short name for reports');
    ok = false;
  }
  if (!ok) return undefined;
  const o = r as any;
  switch (kind) {
    case RetentionRuleKind.PROTECT:
      return RetentionRule.protect(o);
    case RetentionRuleKind.KEEP_MOST_RECENT:
      return RetentionRule.keepMostRecent(o);
    case RetentionRuleKind.EXPIRE_UNTAGGED:
      return RetentionRule.expireUntagged(o);
    case RetentionRuleKind.EXPIRE_TAGGED:
      return RetentionRule.expireTagged(o);
    default:
      return RetentionRule.expireNotPulled(o);
  }
}

/** Checks a policy's `repositories` scope (absent, or a non-empty list of repository patterns). */
function validateScope(repositories: unknown): Violations {
  const v = new Violations();
  if (repositories === undefined) return v;
  if (!Array.isArray(repositories) || repositories.length === 0) {
    v.add('repositories', Array.isArray(repositories) ? 'must not be empty when given' : 'must be a list of patterns', repositories, 'omit it for every repository, or give patterns such as ["team/*"]');
    return v;
  }
  repositories.forEach((p, i) => {
    if (typeof p === 'string' && /[A-Z]/.test(p)) v.add(`repositories[${i}]`, 'has uppercase letters', p, `lowercase only (registry names are lowercase), e.g. ${JSON.stringify(p.toLowerCase())}`);
    if (typeof p !== 'string' || !REPOSITORY_PATTERN.test(p.toLowerCase())) {
      v.add(`repositories[${i}]`, 'is not a valid repository pattern', p, 'lowercase letters, digits, ".", "_", "-", "/" and "*", 1-256 characters');
    }
  });
  return v;
}

function positiveInteger(v: Violations, property: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    v.add(property, 'must be a positive whole number', value, 'an integer of at least 1');
  }
}
