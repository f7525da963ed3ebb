/**
 * Rules that can never act: every rule of a neutral RetentionPolicy, and every native ECR lifecycle rule, that
 * decides no image in any repository, with the rules that decide those images first.
 *
 * ## What "can never act" means (the contract the property tests check)
 *
 * - Neutral: the reference simulator (simulate.ts) names the rule that decided each image. A rule is dead when
 *   it is named for no image of any listing at any time, images being pulled no earlier than they were pushed
 *   (always true in a registry). Where several rules of one kind hold for an image, the simulator names the
 *   first in the policy's order, so of two equal rules the second is dead.
 * - ECR: an image is claimed by the first rule, in priority order, whose selection (tag status, tag lists,
 *   storage class) it satisfies, and only that rule may act on it (simulate.ts of ecr). A rule is dead when no
 *   image satisfies its selection without satisfying an earlier one's.
 *
 * The analysis is exact over tags (tag-language.ts finds which pattern combinations a valid tag can match); a
 * rule reported live comes with a witness listing on which the simulator names it (`neutralRuleWitness`,
 * `ecrRuleWitness`). Where the patterns are too intricate to explore, nothing is reported.
 */

import { DAY_MS, ImageRecord, StorageClass } from './image';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from './policy';
import { Violation } from '../errors';
import {
  assignEcrRulePriorities,
  buildEcrLifecyclePolicy,
  EcrLifecyclePolicyDocument,
  EcrLifecyclePolicyRuleJson,
  EcrLifecycleRule,
  EcrStorageClass,
  EcrTagStatus,
} from './ecr/grammar';
import { TagSignature, tagSignatures } from './tag-language';

/** One rule that can never act. */
export interface DeadRule {
  /** The rule as the simulator names it: `rules[2]` (neutral) or `rulePriority 3` (ECR). */
  readonly rule: string;
  /** Position of the rule in the policy's rule list (neutral: as given; ECR: sorted by priority). */
  readonly index: number;
  /** The rule's summary (neutral) or priority and description (ECR), for messages. */
  readonly summary: string;
  /** The rules that decide the images it selects, named as `rule` is. */
  readonly shadowedBy: readonly string[];
  /** Why it can never act, naming what shadows it (the text after "can never act: "). */
  readonly reason: string;
  /** One line for a warning: `<rule> (<summary>) can never act: <reason>`. */
  readonly message: string;
}

/** A dead rule as a violation (for `strict`): property `<prefix><rule>`, e.g. `retentionPolicy.rules[3]`. */
export function deadRuleViolation(dead: DeadRule, prefix: string): Violation {
  return {
    property: `${prefix}${dead.rule}`,
    problem: `can never act: ${dead.reason}`,
    value: dead.summary,
    allowed: 'remove the rule or change the rules that shadow it (strict makes this an error; without it, a warning)',
  };
}

/** A listing and a time at which the simulator names a rule: the proof that the rule can act. */
export interface RuleWitness {
  /** The images. */
  readonly images: ImageRecord[];
  /** The time, epoch ms. */
  readonly now: number;
}

/** The time witnesses are built at. */
const WITNESS_NOW = Date.UTC(2026, 0, 1);

// -------------------------------------------------------------------------------------------------------------
// Neutral

/** What the analysis knows about one neutral rule. */
type NeutralVerdict = { readonly dead: true; readonly shadowedBy: number[] } | { readonly dead: false; readonly witness: () => RuleWitness };

/**
 * Every rule of `policy` that can decide no image (see the file comment), in the policy's order. Empty when every
 * rule can act, or when the patterns are too intricate to analyse.
 */
export function findDeadRetentionRules(policy: RetentionPolicy): DeadRule[] {
  // A policy is immutable and often attached to many repositories: analyse it once.
  let dead = neutralCache.get(policy);
  if (!dead) neutralCache.set(policy, (dead = findDead(policy)));
  return [...dead];
}

const neutralCache = new WeakMap<RetentionPolicy, DeadRule[]>();
/** Typed ECR rule lists analysed so far, by their JSON: thousands of repositories often share one list. */
const typedCache = new Map<string, DeadRule[]>();

function findDead(policy: RetentionPolicy): DeadRule[] {
  const verdicts = analyseNeutral(policy);
  if (!verdicts) return [];
  const label = (i: number) => `rules[${i}] (${policy.rules[i].summary()})`;
  const dead: DeadRule[] = [];
  verdicts.forEach((v, i) => {
    if (!v.dead) return;
    const rule = policy.rules[i];
    let message = v.shadowedBy.length === 0 ? 'its tag patterns match no valid tag' : `every image it selects is decided first by ${v.shadowedBy.map(label).join(', ')}`;
    const byProtect = v.shadowedBy.some((j) => policy.rules[j].kind === RetentionRuleKind.PROTECT);
    const byKeep = v.shadowedBy.some((j) => policy.rules[j].kind === RetentionRuleKind.KEEP_MOST_RECENT);
    if (rule.kind === RetentionRuleKind.EXPIRE_NOT_PULLED && rule.action === StaleImageAction.ARCHIVE && byProtect) {
      message += '; protected images are never archived by expireNotPulled: to archive them, give the protect rule archiveWhenNotPulledForDays';
    } else if (byKeep && rule.kind !== RetentionRuleKind.KEEP_MOST_RECENT) {
      message += ' (keepMostRecent decides every image it selects: kept inside its window, expired outside)';
    }
    dead.push({ rule: `rules[${i}]`, index: i, summary: rule.summary(), shadowedBy: v.shadowedBy.map((j) => `rules[${j}]`), reason: message, message: `${label(i)} can never act: ${message}` });
  });
  return dead;
}

/** A listing on which the reference simulator names rule `index` of `policy`, or undefined when the rule is dead. */
export function neutralRuleWitness(policy: RetentionPolicy, index: number): RuleWitness | undefined {
  const v = analyseNeutral(policy)?.[index];
  return v && !v.dead ? v.witness() : undefined;
}

/** Builds images for witnesses with distinct digests. */
class ImageFactory {
  private n = 0;
  public image(tags: string[], pushedDaysAgo: number, pulledDaysAgo?: number): ImageRecord {
    this.n++;
    const digest = `sha256:${this.n.toString(16).padStart(64, '0')}`;
    const img: ImageRecord = { digest, tags, pushedAt: WITNESS_NOW - pushedDaysAgo * DAY_MS };
    return pulledDaysAgo === undefined ? img : { ...img, lastPulledAt: WITNESS_NOW - pulledDaysAgo * DAY_MS };
  }
}

function analyseNeutral(policy: RetentionPolicy): NeutralVerdict[] | undefined {
  const rules = policy.rules;
  // Every pattern of every rule, and which of them each rule owns.
  const patterns: string[] = [];
  const owned: number[][] = rules.map((r) => (r.tagPatterns ?? []).map((p) => patterns.push(p) - 1));
  const signatures = tagSignatures(patterns);
  if (!signatures) return undefined;
  const unfiltered = (i: number) => rules[i].kind === RetentionRuleKind.EXPIRE_NOT_PULLED && !rules[i].tagPatterns;
  /** Whether rule i selects a tag of this signature. */
  const selects = (i: number, s: TagSignature) => unfiltered(i) || owned[i].some((p) => s.matches.includes(p));
  const tagOf = (include: number, blockers: readonly number[]) => signatures.find((s) => selects(include, s) && !blockers.some((b) => selects(b, s)));
  const overlapping = (i: number, blockers: readonly number[]) => blockers.filter((b) => signatures.some((s) => selects(i, s) && selects(b, s)));

  const idx = (pred: (r: RetentionRule, j: number) => boolean) => rules.map((r, j) => (pred(r, j) ? j : -1)).filter((j) => j >= 0);
  const is = (r: RetentionRule, kind: RetentionRuleKind) => r.kind === kind;
  const pureProtects = idx((r) => is(r, RetentionRuleKind.PROTECT) && r.days === undefined);
  const protects = idx((r) => is(r, RetentionRuleKind.PROTECT));
  const keeps = idx((r) => is(r, RetentionRuleKind.KEEP_MOST_RECENT));
  const staleExpire = (r: RetentionRule) => is(r, RetentionRuleKind.EXPIRE_NOT_PULLED) && r.action === StaleImageAction.EXPIRE;
  const staleArchive = (r: RetentionRule) => is(r, RetentionRuleKind.EXPIRE_NOT_PULLED) && r.action !== StaleImageAction.EXPIRE;

  return rules.map((rule, i): NeutralVerdict => {
    const d = rule.days ?? 0;
    const earlier = (pred: (r: RetentionRule, j: number) => boolean) => idx((r, j) => j < i && pred(r, j));
    const make = new ImageFactory();
    // Each kind: the rules that decide first any image this one selects, and how to build an image it decides.
    let tagBlockers: number[];
    let untaggedBlockers: number[] | undefined; // undefined: the rule selects no untagged image
    let build: (sig: TagSignature | undefined) => ImageRecord[];
    const stale = (sig: TagSignature | undefined) => [make.image(sig === undefined ? [] : [sig.witness], d + 0.5, d + 0.5)];
    switch (rule.kind) {
      case RetentionRuleKind.PROTECT:
        tagBlockers = rule.days === undefined ? earlier((r) => is(r, RetentionRuleKind.PROTECT) && r.days === undefined) : [...pureProtects, ...earlier((r) => is(r, RetentionRuleKind.PROTECT) && r.days !== undefined && r.days <= d)];
        build = (sig) => (rule.days === undefined ? [make.image([sig!.witness], 1)] : stale(sig));
        break;
      case RetentionRuleKind.KEEP_MOST_RECENT: {
        // An earlier window decides first only if it holds every image this one counts and is at least as wide.
        const includes = (k: number) => !signatures.some((s) => selects(k, s) && !selects(i, s));
        tagBlockers = [...protects, ...earlier((r, k) => is(r, RetentionRuleKind.KEEP_MOST_RECENT) && includes(k) && r.count! >= rule.count!)];
        build = (sig) => {
          const tag = sig!.witness;
          const target = make.image([tag], 10);
          const fillers: ImageRecord[] = [];
          let sameTag = 0;
          for (const k of keeps) {
            if (k >= i || !selects(k, sig!)) continue;
            // Push the image out of the earlier window with newer images this window does not count, if any.
            const other = signatures.find((s) => selects(k, s) && !selects(i, s));
            if (other) for (let n = 0; n < rules[k].count!; n++) fillers.push(make.image([other.witness], 1));
            else sameTag = Math.max(sameTag, rules[k].count!);
          }
          for (let n = 0; n < sameTag; n++) fillers.push(make.image([tag], 1));
          return [target, ...fillers];
        };
        break;
      }
      case RetentionRuleKind.EXPIRE_TAGGED:
        tagBlockers = [...protects, ...keeps, ...earlier((r) => is(r, RetentionRuleKind.EXPIRE_TAGGED) && r.days! <= d)];
        build = (sig) => [make.image([sig!.witness], d + 0.5)];
        break;
      case RetentionRuleKind.EXPIRE_UNTAGGED:
        tagBlockers = [];
        untaggedBlockers = earlier((r) => is(r, RetentionRuleKind.EXPIRE_UNTAGGED) && r.days! <= d);
        build = () => [make.image([], d + 0.5)];
        break;
      default: {
        const byPush = idx((r) => is(r, RetentionRuleKind.EXPIRE_TAGGED) && r.days! <= d);
        const untaggedByPush = idx((r) => is(r, RetentionRuleKind.EXPIRE_UNTAGGED) && r.days! <= d);
        const staleFirst = staleExpire(rule)
          ? earlier((r) => staleExpire(r) && r.days! <= d)
          : [...idx((r) => staleExpire(r) && r.days! <= d), ...earlier((r) => staleArchive(r) && r.days! <= d)];
        tagBlockers = [...protects, ...keeps, ...byPush, ...staleFirst];
        if (!rule.tagPatterns) untaggedBlockers = [...untaggedByPush, ...staleFirst.filter(unfiltered)];
        build = stale;
      }
    }
    if (rule.kind !== RetentionRuleKind.EXPIRE_UNTAGGED) {
      const sig = tagOf(i, tagBlockers);
      if (sig) return { dead: false, witness: () => ({ images: build(sig), now: WITNESS_NOW }) };
    }
    if (untaggedBlockers && untaggedBlockers.length === 0) return { dead: false, witness: () => ({ images: build(undefined), now: WITNESS_NOW }) };
    const shadows = new Set([...(rule.kind === RetentionRuleKind.EXPIRE_UNTAGGED ? [] : overlapping(i, tagBlockers)), ...(untaggedBlockers ?? [])]);
    return { dead: true, shadowedBy: [...shadows].sort((a, b) => a - b) };
  });
}

// -------------------------------------------------------------------------------------------------------------
// ECR

/** The tag list entries of a tagged ECR rule, prefixes as `prefix*` patterns. */
function entriesOf(rule: EcrLifecyclePolicyRuleJson): string[] {
  const sel = rule.selection;
  return sel.tagPatternList ? [...sel.tagPatternList] : (sel.tagPrefixList ?? []).map((p) => `${p}*`);
}

function classOf(rule: EcrLifecyclePolicyRuleJson): EcrStorageClass {
  return rule.selection.storageClass ?? EcrStorageClass.STANDARD;
}

type EcrVerdict = { readonly dead: true; readonly shadowedBy: number[] } | { readonly dead: false; readonly tags: string[] };

/**
 * Every rule of an ECR lifecycle policy (rules sorted by priority, as `buildEcrLifecyclePolicy` and
 * `parseEcrLifecyclePolicy` return it) that can claim no image, in priority order.
 */
export function findDeadEcrLifecycleRules(doc: EcrLifecyclePolicyDocument): DeadRule[] {
  return deadEcr(doc, (i) => `rulePriority ${doc.rules[i].rulePriority}`, (i) => doc.rules[i].description);
}

/**
 * The same for typed rules as users write them (valid ones: call after `validateEcrLifecycleRules` found
 * nothing), named `<property>[i]` in the order given and summarised by their priority once assigned.
 */
export function findDeadTypedEcrLifecycleRules(rules: readonly EcrLifecycleRule[], property: string = 'lifecycleRules'): DeadRule[] {
  const key = `${property} ${JSON.stringify(rules)}`;
  let dead = typedCache.get(key);
  if (!dead) {
    dead = findDeadTyped(rules, property);
    if (typedCache.size > 1000) typedCache.clear();
    typedCache.set(key, dead);
  }
  return [...dead];
}

function findDeadTyped(rules: readonly EcrLifecycleRule[], property: string): DeadRule[] {
  const doc = buildEcrLifecyclePolicy(rules, property, property);
  const priorities = assignEcrRulePriorities(rules);
  const typedIndex = doc.rules.map((r) => priorities.indexOf(r.rulePriority));
  return deadEcr(
    doc,
    (k) => `${property}[${typedIndex[k]}]`,
    (k) => `rulePriority ${doc.rules[k].rulePriority}${doc.rules[k].description ? `, ${doc.rules[k].description}` : ''}`,
  ).sort((a, b) => typedIndex[a.index] - typedIndex[b.index]);
}

function deadEcr(doc: EcrLifecyclePolicyDocument, name: (i: number) => string, summary: (i: number) => string | undefined): DeadRule[] {
  const verdicts = analyseEcr(doc);
  if (!verdicts) return [];
  const label = (i: number) => (summary(i) ? `${name(i)} (${summary(i)})` : name(i));
  const out: DeadRule[] = [];
  verdicts.forEach((v, i) => {
    if (!v.dead) return;
    const why =
      v.shadowedBy.length === 0
        ? 'its tag list matches no valid tag'
        : `every image it selects is claimed first by ${v.shadowedBy.map(label).join(', ')}, and ECR lets only the first rule that selects an image act on it`;
    out.push({ rule: name(i), index: i, summary: summary(i) ?? name(i), shadowedBy: v.shadowedBy.map(name), reason: why, message: `${label(i)} can never act: ${why}` });
  });
  return out;
}

/** A listing on which the ECR simulator names rule `index` (of the priority-sorted rules), or undefined when it is dead. */
export function ecrRuleWitness(doc: EcrLifecyclePolicyDocument, index: number): RuleWitness | undefined {
  const v = analyseEcr(doc)?.[index];
  if (!v || v.dead) return undefined;
  const archive = classOf(doc.rules[index]) === EcrStorageClass.ARCHIVE;
  const image: ImageRecord = {
    digest: `sha256:${'1'.padStart(64, '0')}`,
    tags: v.tags,
    pushedAt: WITNESS_NOW - 200 * DAY_MS,
    ...(archive ? { storageClass: StorageClass.ARCHIVE, archivedAt: WITNESS_NOW - 100 * DAY_MS } : {}),
  };
  return { images: [image], now: WITNESS_NOW };
}

function analyseEcr(doc: EcrLifecyclePolicyDocument): EcrVerdict[] | undefined {
  const rules = doc.rules;
  const patterns: string[] = [];
  const owned: number[][] = rules.map((r) => (r.selection.tagStatus === EcrTagStatus.TAGGED ? entriesOf(r).map((p) => patterns.push(p) - 1) : []));
  const signatures = tagSignatures(patterns);
  if (!signatures) return undefined;
  const budget = { steps: 0 };

  /**
   * A set of tag signatures whose union holds every entry in `required` and, for no rule in `forbidden`, all of
   * its entries (the image would satisfy that rule): a depth-first search over the entries still uncovered.
   */
  const cover = (required: readonly number[], forbidden: readonly number[][], chosen: TagSignature[] = []): TagSignature[] | undefined => {
    if (++budget.steps > 200_000) return undefined;
    const union = new Set(chosen.flatMap((s) => s.matches));
    if (forbidden.some((f) => f.every((p) => union.has(p)))) return undefined;
    const missing = required.find((p) => !union.has(p));
    if (missing === undefined) return chosen;
    for (const s of signatures) {
      if (!s.matches.includes(missing)) continue;
      const found = cover(required, forbidden, [...chosen, s]);
      if (found) return found;
    }
    return undefined;
  };

  return rules.map((rule, i): EcrVerdict => {
    const cls = classOf(rule);
    const before = rules.map((_, j) => j).filter((j) => j < i && classOf(rules[j]) === cls);
    const status = (j: number) => rules[j].selection.tagStatus;
    const earlierAny = before.filter((j) => status(j) === EcrTagStatus.ANY);
    const earlierUntagged = before.filter((j) => status(j) === EcrTagStatus.UNTAGGED);
    const earlierTagged = before.filter((j) => status(j) === EcrTagStatus.TAGGED);
    if (earlierAny.length > 0) return { dead: true, shadowedBy: earlierAny };
    const s = rule.selection.tagStatus;
    if (s !== EcrTagStatus.TAGGED && earlierUntagged.length === 0) return { dead: false, tags: [] };
    if (s === EcrTagStatus.UNTAGGED) return { dead: true, shadowedBy: earlierUntagged };
    const required = s === EcrTagStatus.TAGGED ? owned[i] : [];
    // An `any` rule needs a tagged image that no earlier tagged rule selects: one tag matching nothing they need.
    const forbidden = earlierTagged.map((j) => owned[j]);
    const found = s === EcrTagStatus.TAGGED ? cover(required, forbidden) : signatures.filter((sig) => !forbidden.some((f) => f.every((p) => sig.matches.includes(p)))).map((sig) => [sig])[0];
    if (found && found.length > 0) return { dead: false, tags: [...new Set(found.map((sig) => sig.witness))] };
    if (budget.steps > 200_000) return { dead: false, tags: [] };
    const shadows = earlierTagged.filter((j) => (s === EcrTagStatus.TAGGED ? cover([...required, ...owned[j]], []) !== undefined : true));
    return { dead: true, shadowedBy: s === EcrTagStatus.ANY ? [...earlierUntagged, ...shadows] : shadows };
  });
}
