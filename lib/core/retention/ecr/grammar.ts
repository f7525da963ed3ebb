/** The ECR lifecycle policy grammar: typed rules, their validation against every documented ECR constraint, and the rendered JSON. */

import { Violations } from '../../errors';
import { isUnresolved } from '../../tokens';
import { dropUndefined, isObject } from '../../json';
import { TAG_PATTERN } from '../patterns';

/** Which images a rule considers by tag state (`selection.tagStatus`). */
export enum EcrTagStatus {
  /** Images with at least one tag, filtered by `tagPatternList` or `tagPrefixList`. */
  TAGGED = 'tagged',
  /** Images without tags. */
  UNTAGGED = 'untagged',
  /** Every image; ECR evaluates such a rule last. */
  ANY = 'any',
}

/** What a rule counts (`selection.countType`). */
export enum EcrCountType {
  /** Keep the `countNumber` most recently pushed images the rule selects; act on the rest. */
  IMAGE_COUNT_MORE_THAN = 'imageCountMoreThan',
  /** Act on images pushed more than `countNumber` days ago. */
  SINCE_IMAGE_PUSHED = 'sinceImagePushed',
  /** Act on images last pulled (or, never pulled, pushed) more than `countNumber` days ago; transition only. */
  SINCE_IMAGE_PULLED = 'sinceImagePulled',
  /** Act on archived images archived more than `countNumber` days ago; expire only. */
  SINCE_IMAGE_TRANSITIONED = 'sinceImageTransitioned',
}

/** What a rule does to the images it selects (`action.type`). */
export enum EcrRuleAction {
  /** Delete the image (all its tags). */
  EXPIRE = 'expire',
  /** Move the image to the archive storage class. */
  TRANSITION = 'transition',
}

/** ECR storage classes (`selection.storageClass`, `action.targetStorageClass`). */
export enum EcrStorageClass {
  /** Normal storage. */
  STANDARD = 'standard',
  /** The archive tier. */
  ARCHIVE = 'archive',
}

/** The unit of the since* count types; ECR knows only days. */
export enum EcrCountUnit {
  /** Whole days. */
  DAYS = 'days',
}

/** A typed lifecycle rule as users write it (props of EcrRepository.lifecycleRules / addLifecycleRule). */
export interface EcrLifecycleRule {
  /**
   * Evaluation order, lowest first; unique integer ≥ 1.
   * @default - after every explicit priority, in the order given, `any` rules last
   */
  readonly rulePriority?: number;
  /** What the rule is for. @default - none */
  readonly description?: string;
  /** Which images the rule considers by tag state. */
  readonly tagStatus: EcrTagStatus;
  /** Tag prefixes, all of which must be matched by some tag of an image (tagged rules only; not with tagPatternList). @default - none */
  readonly tagPrefixList?: string[];
  /** Whole-tag `*` patterns (≤ 4 `*` each), all of which must be matched by some tag of an image (tagged rules only). @default - none */
  readonly tagPatternList?: string[];
  /**
   * The storage class of the images the rule selects; rendered only when given. Required (archive) with
   * sinceImageTransitioned: AWS reads an omitted storage class as standard, and refuses that count type there.
   * @default - standard
   */
  readonly storageClass?: EcrStorageClass;
  /** What the rule counts. */
  readonly countType: EcrCountType;
  /** Images to keep (imageCountMoreThan) or days (the since* types); a positive integer. */
  readonly countNumber: number;
  /** What happens to selected images; TRANSITION renders `targetStorageClass: "archive"`. @default EcrRuleAction.EXPIRE */
  readonly action?: EcrRuleAction;
}

/** `selection` of a rendered ECR rule, exactly as ECR reads it. */
export interface EcrLifecyclePolicySelectionJson {
  /** Tag state. */
  readonly tagStatus: EcrTagStatus;
  /** Whole-tag patterns, tagged rules only. */
  readonly tagPatternList?: string[];
  /** Tag prefixes, tagged rules only. */
  readonly tagPrefixList?: string[];
  /** Storage class the rule selects; absent means standard. */
  readonly storageClass?: EcrStorageClass;
  /** What the rule counts. */
  readonly countType: EcrCountType;
  /** `days`, present exactly for the since* count types. */
  readonly countUnit?: EcrCountUnit;
  /** The count or the days. */
  readonly countNumber: number;
}

/** `action` of a rendered ECR rule. */
export interface EcrLifecyclePolicyActionJson {
  /** expire or transition. */
  readonly type: EcrRuleAction;
  /** `archive`, present exactly for transition. */
  readonly targetStorageClass?: EcrStorageClass;
}

/** One rendered ECR rule. */
export interface EcrLifecyclePolicyRuleJson {
  /** Unique priority, lowest applied first. */
  readonly rulePriority: number;
  /** Free text. */
  readonly description?: string;
  /** Which images the rule selects. */
  readonly selection: EcrLifecyclePolicySelectionJson;
  /** What it does to them. */
  readonly action: EcrLifecyclePolicyActionJson;
}

/** An ECR lifecycle policy document: the exact JSON shape ECR reads, typed; rules sorted by priority. */
export interface EcrLifecyclePolicyDocument {
  /** The rules, sorted by `rulePriority`. */
  readonly rules: EcrLifecyclePolicyRuleJson[];
}

/** ECR quota: rules per lifecycle policy (not adjustable). */
const ECR_MAX_LIFECYCLE_RULES = 50;
/** ECR quota: characters per lifecycle policy text (not adjustable). */
const ECR_MAX_LIFECYCLE_POLICY_LENGTH = 30_720;
/** ECR limit: `*` wildcards per tag pattern. */
export const ECR_MAX_WILDCARDS_PER_PATTERN = 4;
/**
 * The `countNumber` of a protect rule (`imageCountMoreThan`): 100 times ECR's images-per-repository quota
 * (100,000 by default), so the rule claims matching images yet never acts. ECR documents no maximum for
 * `countNumber`; a count (rather than a huge day number) keeps the rule independent of clocks, and this one
 * stays far inside a 32-bit integer in case the service parses it as one.
 */
export const ECR_PROTECT_COUNT = 10_000_000;

const SINCE_TYPES: readonly string[] = [EcrCountType.SINCE_IMAGE_PUSHED, EcrCountType.SINCE_IMAGE_PULLED, EcrCountType.SINCE_IMAGE_TRANSITIONED];
const PREFIX_CHARS = /^[A-Za-z0-9_.-]{1,128}$/;

/** Names a rule field in errors: typed props (`lifecycleRules[2].countNumber`) or native JSON (`rules[2].selection.countNumber`). */
type FieldNamer = (index: number, field: string) => string;

const SELECTION_FIELDS = ['tagStatus', 'tagPatternList', 'tagPrefixList', 'storageClass', 'countType', 'countUnit', 'countNumber'];

function typedNamer(property: string): FieldNamer {
  return (i, field) => `${property}[${i}]${field ? `.${field}` : ''}`;
}

function nativeNamer(i: number, field: string): string {
  if (!field) return `rules[${i}]`;
  if (SELECTION_FIELDS.includes(field)) return `rules[${i}].selection.${field}`;
  if (field === 'action') return `rules[${i}].action.type`;
  if (field === 'targetStorageClass') return `rules[${i}].action.targetStorageClass`;
  return `rules[${i}].${field}`;
}

/** The storage class a rule selects once defaults apply. */
function ecrEffectiveStorageClass(rule: EcrLifecycleRule): EcrStorageClass {
  if (rule.storageClass !== undefined) return rule.storageClass;
  return rule.countType === EcrCountType.SINCE_IMAGE_TRANSITIONED ? EcrStorageClass.ARCHIVE : EcrStorageClass.STANDARD;
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
}

/**
 * Numbers the rules without a `rulePriority` after the highest explicit one, in three passes: protect rules
 * (`EcrLifecycle.protectTags`) first, because a protect rule numbered after an expiring rule it overlaps would
 * protect nothing; then the others in the order given; the `any` rules last, as ECR requires.
 */
function assignPriorities(rules: readonly EcrLifecycleRule[]): unknown[] {
  let next = 1;
  for (const r of rules) if (r && isPositiveInteger(r.rulePriority) && r.rulePriority >= next) next = r.rulePriority + 1;
  const out: unknown[] = rules.map((r) => r?.rulePriority);
  const pass = (r: EcrLifecycleRule): number => (isProtectRule(r) ? 0 : r.tagStatus === EcrTagStatus.ANY ? 2 : 1);
  for (const current of [0, 1, 2]) {
    rules.forEach((r, i) => {
      if (r && r.rulePriority === undefined && pass(r) === current) out[i] = next++;
    });
  }
  return out;
}

/** The priority each of valid `rules` gets, in the order given (explicit ones kept, the others assigned). */
export function assignEcrRulePriorities(rules: readonly EcrLifecycleRule[]): number[] {
  return assignPriorities(rules) as number[];
}

/** A rule that claims matching tagged images and never acts: what `EcrLifecycle.protectTags` makes. */
function isProtectRule(r: EcrLifecycleRule): boolean {
  return (
    r.tagStatus === EcrTagStatus.TAGGED &&
    r.countType === EcrCountType.IMAGE_COUNT_MORE_THAN &&
    typeof r.countNumber === 'number' &&
    r.countNumber >= ECR_PROTECT_COUNT &&
    (r.action === undefined || r.action === EcrRuleAction.EXPIRE)
  );
}

function checkList(v: Violations, name: string, list: unknown, isPattern: boolean): void {
  if (isUnresolved(list) && !Array.isArray(list)) return;
  if (!Array.isArray(list) || list.length === 0) {
    v.add(name, 'must be a non-empty list when given', list, isPattern ? 'at least one tag pattern, e.g. ["prod*"]' : 'at least one tag prefix, e.g. ["prod"]');
    return;
  }
  list.forEach((entry, j) => {
    if (isUnresolved(entry)) return;
    if (isPattern) {
      if (typeof entry !== 'string' || !TAG_PATTERN.test(entry)) {
        v.add(`${name}[${j}]`, 'is not a valid tag pattern', entry, 'letters, digits, "_", ".", "-" and "*" wildcards, 1-128 characters');
      } else if (entry.split('*').length - 1 > ECR_MAX_WILDCARDS_PER_PATTERN) {
        v.add(`${name}[${j}]`, `has ${entry.split('*').length - 1} "*" wildcards`, entry, `at most ${ECR_MAX_WILDCARDS_PER_PATTERN} per pattern (ECR limit)`);
      }
    } else if (typeof entry !== 'string' || !PREFIX_CHARS.test(entry)) {
      v.add(`${name}[${j}]`, 'is not a valid tag prefix', entry, 'letters, digits, "_", "." and "-", 1-128 characters (use tagPatternList for wildcards)');
    }
  });
}

function checkRule(v: Violations, rule: EcrLifecycleRule, i: number, name: FieldNamer): void {
  const r = rule as unknown as Record<string, unknown>;
  const tagStatuses = Object.values(EcrTagStatus) as string[];
  if (!tagStatuses.includes(r.tagStatus as string)) {
    v.add(name(i, 'tagStatus'), 'is not a known tag status', r.tagStatus, `one of ${tagStatuses.join(', ')}`);
  }
  const hasPatterns = r.tagPatternList !== undefined;
  const hasPrefixes = r.tagPrefixList !== undefined;
  if (r.tagStatus === EcrTagStatus.TAGGED) {
    if (hasPatterns && hasPrefixes) {
      v.add(name(i, 'tagPrefixList'), 'must not be given together with tagPatternList', r.tagPrefixList, 'exactly one of tagPatternList or tagPrefixList per tagged rule');
    } else if (!hasPatterns && !hasPrefixes) {
      v.add(name(i, 'tagPatternList'), 'is required when tagStatus is tagged', r.tagPatternList, 'exactly one of tagPatternList (e.g. ["prod*"]) or tagPrefixList');
    }
  } else if (tagStatuses.includes(r.tagStatus as string)) {
    if (hasPatterns) v.add(name(i, 'tagPatternList'), `must not be given when tagStatus is ${r.tagStatus}`, r.tagPatternList, 'tag lists only with tagStatus tagged');
    if (hasPrefixes) v.add(name(i, 'tagPrefixList'), `must not be given when tagStatus is ${r.tagStatus}`, r.tagPrefixList, 'tag lists only with tagStatus tagged');
  }
  if (hasPatterns) checkList(v, name(i, 'tagPatternList'), r.tagPatternList, true);
  if (hasPrefixes) checkList(v, name(i, 'tagPrefixList'), r.tagPrefixList, false);

  const countTypes = Object.values(EcrCountType) as string[];
  const countType = r.countType as string;
  if (!countTypes.includes(countType)) {
    v.add(name(i, 'countType'), 'is not a known count type', r.countType, `one of ${countTypes.join(', ')}`);
  }
  if (!isUnresolved(r.countNumber) && !isPositiveInteger(r.countNumber)) {
    v.add(name(i, 'countNumber'), 'must be a positive whole number', r.countNumber, SINCE_TYPES.includes(countType) ? 'a number of days of at least 1' : 'an image count of at least 1');
  }
  if (r.rulePriority !== undefined && !isUnresolved(r.rulePriority) && !isPositiveInteger(r.rulePriority)) {
    v.add(name(i, 'rulePriority'), 'must be a positive whole number', r.rulePriority, 'an integer of at least 1, unique in the policy');
  }
  if (r.description !== undefined && typeof r.description !== 'string') {
    v.add(name(i, 'description'), 'must be a string', r.description, 'free text');
  }

  const actions = Object.values(EcrRuleAction) as string[];
  const action = (r.action ?? EcrRuleAction.EXPIRE) as string;
  if (!actions.includes(action)) {
    v.add(name(i, 'action'), 'is not a known action', r.action, `one of ${actions.join(', ')}`);
  } else if (countType === EcrCountType.SINCE_IMAGE_PULLED && action !== EcrRuleAction.TRANSITION) {
    v.add(name(i, 'action'), 'must be transition when countType is sinceImagePulled', action, 'transition (ECR archives stale images but cannot expire them by pull time)');
  } else if (countType === EcrCountType.SINCE_IMAGE_TRANSITIONED && action !== EcrRuleAction.EXPIRE) {
    v.add(name(i, 'action'), 'must be expire when countType is sinceImageTransitioned', action, 'expire (archived images can only be deleted)');
  }

  const classes = Object.values(EcrStorageClass) as string[];
  if (r.storageClass === undefined && countType === EcrCountType.SINCE_IMAGE_TRANSITIONED) {
    v.add(
      name(i, 'storageClass'),
      'is required when countType is sinceImageTransitioned',
      undefined,
      'archive: AWS reads an omitted storage class as standard, and sinceImageTransitioned counts only archived images',
    );
  } else if (r.storageClass !== undefined) {
    if (!classes.includes(r.storageClass as string)) {
      v.add(name(i, 'storageClass'), 'is not a known storage class', r.storageClass, `one of ${classes.join(', ')}`);
    } else if (countType === EcrCountType.SINCE_IMAGE_TRANSITIONED && r.storageClass !== EcrStorageClass.ARCHIVE) {
      v.add(name(i, 'storageClass'), 'must be archive when countType is sinceImageTransitioned', r.storageClass, 'archive');
    } else if (countTypes.includes(countType) && countType !== EcrCountType.SINCE_IMAGE_TRANSITIONED && r.storageClass !== EcrStorageClass.STANDARD) {
      v.add(name(i, 'storageClass'), `must be standard when countType is ${countType}`, r.storageClass, 'standard (or omit it); archive only with sinceImageTransitioned');
    }
  }
}

/** A key identifying a tagged rule's tag set, prefixes written as the equivalent `prefix*` patterns. */
function tagSetKey(rule: EcrLifecycleRule): string | undefined {
  const list = rule.tagPatternList ?? (rule.tagPrefixList ?? []).map((p) => `${p}*`);
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || isUnresolved(x))) return undefined;
  return JSON.stringify([...new Set(list)].sort());
}

function checkPolicy(v: Violations, rules: readonly EcrLifecycleRule[], priorities: readonly unknown[], name: FieldNamer, property: string): void {
  if (rules.length > ECR_MAX_LIFECYCLE_RULES) {
    v.add(property, `has ${rules.length} rules`, `${rules.length} rules`, `at most ${ECR_MAX_LIFECYCLE_RULES} rules per policy (ECR quota, not adjustable)`);
  }
  const auto = (i: number) => (rules[i].rulePriority === undefined ? ' (auto-assigned)' : '');
  // Not isObject: validateWith checks an array entry as a rule (reporting its missing fields), so the cross-rule
  // checks must treat it as one too.
  const isRule = (r: unknown): r is EcrLifecycleRule => typeof r === 'object' && r !== null;
  const seen = new Map<number, number>();
  priorities.forEach((p, i) => {
    if (!isPositiveInteger(p)) return;
    const first = seen.get(p);
    if (first !== undefined) {
      v.add(name(i, 'rulePriority'), `must be unique but ${name(first, '')} already has it${auto(i)}`, p, 'a distinct integer per rule');
    } else {
      seen.set(p, i);
    }
  });

  // The documented rule is "an any rule must have the highest priority", yet AWS's own archive example uses
  // two any rules (one per storage class). Requiring each any rule to follow every non-any rule, with at most
  // one any rule per storage class, satisfies both readings and costs nothing: rules of different storage
  // classes never see the same image.
  const anyByClass = new Map<string, number>();
  const untaggedByClass = new Map<string, number>();
  const tagSets = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (!isRule(rule)) return;
    const cls = ecrEffectiveStorageClass(rule);
    if (rule.tagStatus === EcrTagStatus.ANY) {
      const other = anyByClass.get(cls);
      if (other !== undefined) {
        v.add(name(i, 'tagStatus'), `must not be any: ${name(other, '')} is already the any rule of storage class ${cls}`, rule.tagStatus, 'at most one tagStatus any rule per storage class');
      } else {
        anyByClass.set(cls, i);
      }
      const p = priorities[i];
      if (isPositiveInteger(p)) {
        let worst = -1;
        priorities.forEach((q, j) => {
          if (isRule(rules[j]) && rules[j].tagStatus !== EcrTagStatus.ANY && isPositiveInteger(q) && q > p && (worst < 0 || q > (priorities[worst] as number))) worst = j;
        });
        if (worst >= 0) {
          v.add(
            name(i, 'rulePriority'),
            `must be higher than every non-any rule's because ECR evaluates tagStatus any last, but ${name(worst, 'rulePriority')} is ${priorities[worst]}${auto(worst)}`,
            p,
            'give the any rule the highest priority, or leave its priority out so it is placed last',
          );
        }
      }
    } else if (rule.tagStatus === EcrTagStatus.UNTAGGED) {
      const other = untaggedByClass.get(cls);
      if (other !== undefined) {
        v.add(name(i, 'tagStatus'), `must not be untagged: ${name(other, '')} already selects untagged images of storage class ${cls}`, rule.tagStatus, 'at most one tagStatus untagged rule per storage class');
      } else {
        untaggedByClass.set(cls, i);
      }
    } else if (rule.tagStatus === EcrTagStatus.TAGGED) {
      const key = tagSetKey(rule);
      if (key === undefined || key === '[]') return;
      const k = `${cls} ${key}`;
      const other = tagSets.get(k);
      const field = rule.tagPatternList !== undefined ? 'tagPatternList' : 'tagPrefixList';
      if (other !== undefined) {
        v.add(name(i, field), `must differ from the tag set of ${name(other, '')} (storage class ${cls})`, rule.tagPatternList ?? rule.tagPrefixList, 'a unique set of tags per tagged rule and storage class');
      } else {
        tagSets.set(k, i);
      }
    }
  });
}

function renderRules(rules: readonly EcrLifecycleRule[], priorities: readonly unknown[]): EcrLifecyclePolicyDocument {
  const out = rules.map((r, i) => renderRule(r, priorities[i] as number));
  out.sort((a, b) => a.rulePriority - b.rulePriority);
  return { rules: out };
}

function renderRule(r: EcrLifecycleRule, rulePriority: number): EcrLifecyclePolicyRuleJson {
  const selection: Record<string, unknown> = { tagStatus: r.tagStatus };
  if (r.tagPatternList !== undefined) selection.tagPatternList = [...r.tagPatternList];
  if (r.tagPrefixList !== undefined) selection.tagPrefixList = [...r.tagPrefixList];
  if (r.storageClass !== undefined || r.countType === EcrCountType.SINCE_IMAGE_TRANSITIONED) selection.storageClass = ecrEffectiveStorageClass(r);
  selection.countType = r.countType;
  if (SINCE_TYPES.includes(r.countType)) selection.countUnit = EcrCountUnit.DAYS;
  selection.countNumber = r.countNumber;
  const type = r.action ?? EcrRuleAction.EXPIRE;
  const action: EcrLifecyclePolicyActionJson = type === EcrRuleAction.TRANSITION ? { type, targetStorageClass: EcrStorageClass.ARCHIVE } : { type };
  const rule: Record<string, unknown> = { rulePriority };
  if (r.description !== undefined) rule.description = r.description;
  rule.selection = selection;
  rule.action = action;
  return rule as unknown as EcrLifecyclePolicyRuleJson;
}

function validateWith(rules: readonly EcrLifecycleRule[], name: FieldNamer, property: string): { violations: Violations; priorities: unknown[]; json?: string } {
  const v = new Violations();
  if (!Array.isArray(rules)) {
    v.add(property, 'must be a list of rules', rules, 'an array of lifecycle rules');
    return { violations: v, priorities: [] };
  }
  const priorities = assignPriorities(rules);
  rules.forEach((rule, i) => {
    if (typeof rule !== 'object' || rule === null) v.add(name(i, ''), 'must be an object', rule, 'a lifecycle rule');
    else checkRule(v, rule, i, name);
  });
  // Cross-rule checks skip the rules that are not objects, so a malformed rule does not hide the others' problems.
  checkPolicy(v, rules, priorities, name, property);
  // The rendered text is kept: the length check needs it, and renderEcrLifecyclePolicy returns it.
  let json: string | undefined;
  if (v.empty) {
    json = JSON.stringify(renderRules(rules, priorities));
    if (json.length > ECR_MAX_LIFECYCLE_POLICY_LENGTH) {
      v.add(property, `renders to ${json.length} characters`, `${rules.length} rules`, `at most ${ECR_MAX_LIFECYCLE_POLICY_LENGTH} characters per policy (ECR quota, not adjustable); merge rules or shorten descriptions`);
    }
  }
  return { violations: v, priorities, json };
}

/** Checks typed rules against every documented ECR constraint; properties are named `<property>[i].<field>`. */
export function validateEcrLifecycleRules(rules: readonly EcrLifecycleRule[], property: string = 'lifecycleRules'): Violations {
  return validateWith(rules, typedNamer(property), property).violations;
}

/**
 * Validates (throwing one ValidationError at `path` that lists every violation), assigns the missing
 * priorities and returns the document with rules sorted by priority.
 */
export function buildEcrLifecyclePolicy(rules: readonly EcrLifecycleRule[], path: string, property: string = 'lifecycleRules'): EcrLifecyclePolicyDocument {
  const { violations, priorities } = validateWith(rules, typedNamer(property), property);
  violations.throwIfAny(path);
  return renderRules(rules, priorities);
}

/** The policy text for `aws_ecr_lifecycle_policy.policy`: compact JSON, no null keys, at most 30,720 characters. */
export function renderEcrLifecyclePolicy(rules: readonly EcrLifecycleRule[], path: string, property: string = 'lifecycleRules'): string {
  const { violations, json } = validateWith(rules, typedNamer(property), property);
  violations.throwIfAny(path);
  return json!;
}

const RULE_KEYS = ['rulePriority', 'description', 'selection', 'action'];
const ACTION_KEYS = ['type', 'targetStorageClass'];

/**
 * Reads a native ECR lifecycle policy (parsed JSON or its text, as given to `--policy`) and validates it with
 * the same rules as typed ones plus the native-only ones (`countUnit`, `targetStorageClass`, required
 * `rulePriority`); errors name `source` and the JSON field, e.g. `rules[1].selection.countUnit`.
 */
export function parseEcrLifecyclePolicy(input: unknown, source: string): EcrLifecyclePolicyDocument {
  const v = new Violations();
  let json = input;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      v.add('(document)', 'is not valid JSON', (e as Error).message, 'an ECR lifecycle policy document {"rules": [...]}');
      v.throwIfAny(source);
    }
  }
  if (!isObject(json)) {
    v.add('(document)', 'must be a JSON object', json, 'an ECR lifecycle policy document {"rules": [...]}');
    v.throwIfAny(source);
  }
  const doc = json as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (key !== 'rules') v.add(key, 'is not a known field', doc[key], 'only "rules"');
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) {
    v.add('rules', 'must be a non-empty array', doc.rules, 'an array of lifecycle rules');
    v.throwIfAny(source);
  }
  const typed: EcrLifecycleRule[] = [];
  (doc.rules as unknown[]).forEach((raw, i) => {
    if (!isObject(raw)) {
      // Reported by the shared checks below, once.
      typed.push(raw as EcrLifecycleRule);
      return;
    }
    for (const key of Object.keys(raw)) if (!RULE_KEYS.includes(key)) v.add(`rules[${i}].${key}`, 'is not a known field', raw[key], `one of ${RULE_KEYS.join(', ')}`);
    if (raw.rulePriority === undefined) v.add(`rules[${i}].rulePriority`, 'is required', undefined, 'a unique integer of at least 1');
    const sel = isObject(raw.selection) ? raw.selection : {};
    if (!isObject(raw.selection)) v.add(`rules[${i}].selection`, 'must be an object', raw.selection, 'an object with tagStatus, countType and countNumber');
    for (const key of Object.keys(sel)) if (!SELECTION_FIELDS.includes(key)) v.add(`rules[${i}].selection.${key}`, 'is not a known field', sel[key], `one of ${SELECTION_FIELDS.join(', ')}`);
    const act = isObject(raw.action) ? raw.action : {};
    if (!isObject(raw.action)) v.add(`rules[${i}].action`, 'must be an object', raw.action, 'an object with type expire or transition');
    for (const key of Object.keys(act)) if (!ACTION_KEYS.includes(key)) v.add(`rules[${i}].action.${key}`, 'is not a known field', act[key], `one of ${ACTION_KEYS.join(', ')}`);
    if (isObject(raw.action) && act.type === undefined) v.add(`rules[${i}].action.type`, 'is required', undefined, 'expire or transition');

    const since = SINCE_TYPES.includes(sel.countType as string);
    if (since && sel.countUnit === undefined) {
      v.add(`rules[${i}].selection.countUnit`, `is required when countType is ${sel.countType}`, undefined, '"days"');
    } else if (since && sel.countUnit !== EcrCountUnit.DAYS) {
      v.add(`rules[${i}].selection.countUnit`, 'is not a known unit', sel.countUnit, '"days" (the only unit ECR knows)');
    } else if (!since && sel.countUnit !== undefined && sel.countType !== undefined) {
      v.add(`rules[${i}].selection.countUnit`, `must not be given when countType is ${sel.countType}`, sel.countUnit, 'countUnit only with sinceImagePushed, sinceImagePulled or sinceImageTransitioned');
    }
    if (act.type === EcrRuleAction.TRANSITION && act.targetStorageClass !== EcrStorageClass.ARCHIVE) {
      v.add(`rules[${i}].action.targetStorageClass`, 'must be archive when the action is transition', act.targetStorageClass, '"archive"');
    } else if (act.type !== EcrRuleAction.TRANSITION && act.targetStorageClass !== undefined) {
      v.add(`rules[${i}].action.targetStorageClass`, `must not be given when the action is ${act.type}`, act.targetStorageClass, 'targetStorageClass only with transition');
    }
    typed.push({
      rulePriority: raw.rulePriority as number,
      description: raw.description as string | undefined,
      tagStatus: sel.tagStatus as EcrTagStatus,
      tagPrefixList: sel.tagPrefixList as string[] | undefined,
      tagPatternList: sel.tagPatternList as string[] | undefined,
      storageClass: sel.storageClass as EcrStorageClass | undefined,
      countType: sel.countType as EcrCountType,
      countNumber: sel.countNumber as number,
      action: (act.type ?? EcrRuleAction.EXPIRE) as EcrRuleAction,
    });
  });
  const { violations, priorities } = validateWith(typed, nativeNamer, 'rules');
  v.addAll('', violations.items);
  v.throwIfAny(source);
  return renderRules(typed, priorities);
}

/** Options of `EcrLifecycle.keepLastImages`. */
export interface EcrKeepLastImagesOptions {
  /** How many of the most recently pushed matching images to keep. */
  readonly count: number;
  /** Whole-tag patterns, all of which an image must match (ECR ANDs list entries). @default - every image (tagStatus any) */
  readonly tagPatterns?: string[];
  /** Rule description. @default - none */
  readonly description?: string;
  /** Rule priority. @default - auto-assigned */
  readonly rulePriority?: number;
}

/** Options of `EcrLifecycle.expireUntaggedAfterDays`. */
export interface EcrExpireUntaggedOptions {
  /** Days after push. */
  readonly days: number;
  /** Rule description. @default - none */
  readonly description?: string;
  /** Rule priority. @default - auto-assigned */
  readonly rulePriority?: number;
}

/** Options of `EcrLifecycle.protectTags`. */
export interface EcrProtectTagsOptions {
  /** Whole-tag patterns of images never to remove; an image matching any one of them is protected. */
  readonly tagPatterns: string[];
  /** Description of each rule. @default - `protect <pattern>` */
  readonly description?: string;
  /** Priority of the first rule; the others follow consecutively. @default - auto-assigned in order */
  readonly rulePriority?: number;
}

/** Convenience factories for the common intents (used by EcrRepository docs/examples). */
export class EcrLifecycle {
  /**
   * The rules of a native ECR lifecycle policy document (its JSON text, e.g. terraform-aws-ecr's
   * `repository_lifecycle_policy`, or the parsed object), read and validated by the same grammar as every other
   * ECR policy here: an invalid document is refused with every problem, and the rules keep their priorities.
   */
  public static fromJson(json: string): EcrLifecycleRule[] {
    const doc = parseEcrLifecyclePolicy(json, 'EcrLifecycle.fromJson(json)');
    return doc.rules.map((r) =>
      dropUndefined({
        rulePriority: r.rulePriority,
        description: r.description,
        tagStatus: r.selection.tagStatus,
        tagPrefixList: r.selection.tagPrefixList,
        tagPatternList: r.selection.tagPatternList,
        storageClass: r.selection.storageClass,
        countType: r.selection.countType,
        countNumber: r.selection.countNumber,
        action: r.action.type,
      }),
    );
  }

  /** Keeps the `count` most recently pushed images (matching every pattern, or all images) and expires the rest. */
  public static keepLastImages(options: EcrKeepLastImagesOptions): EcrLifecycleRule {
    const tagged = options.tagPatterns !== undefined;
    return dropUndefined({
      rulePriority: options.rulePriority,
      description: options.description,
      tagStatus: tagged ? EcrTagStatus.TAGGED : EcrTagStatus.ANY,
      tagPatternList: tagged ? [...options.tagPatterns!] : undefined,
      countType: EcrCountType.IMAGE_COUNT_MORE_THAN,
      countNumber: options.count,
    });
  }

  /** Expires untagged images `days` days after push. */
  public static expireUntaggedAfterDays(options: EcrExpireUntaggedOptions): EcrLifecycleRule {
    return dropUndefined({
      rulePriority: options.rulePriority,
      description: options.description,
      tagStatus: EcrTagStatus.UNTAGGED,
      countType: EcrCountType.SINCE_IMAGE_PUSHED,
      countNumber: options.days,
    });
  }

  /**
   * Protects images with a tag matching any of the patterns: one rule per pattern (ECR ANDs list entries, so
   * separate rules give OR) that claims matching images and never acts (`imageCountMoreThan` ECR_PROTECT_COUNT).
   * Without explicit priorities they are numbered before every other automatically numbered rule, wherever they
   * stand in the list: a claimed image cannot be acted on by a lower-priority rule.
   */
  public static protectTags(options: EcrProtectTagsOptions): EcrLifecycleRule[] {
    return options.tagPatterns.map((p, i) =>
      dropUndefined({
        rulePriority: options.rulePriority === undefined ? undefined : options.rulePriority + i,
        description: options.description ?? `protect ${p}`,
        tagStatus: EcrTagStatus.TAGGED,
        tagPatternList: [p],
        countType: EcrCountType.IMAGE_COUNT_MORE_THAN,
        countNumber: ECR_PROTECT_COUNT,
      }),
    );
  }

  private constructor() {}
}
