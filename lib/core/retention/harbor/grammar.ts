/** Harbor's native retention policy: the `harbor_retention_policy` rule shape, the retention API JSON, and their validation. */

import { Violations } from '../../errors';
import { harborDoublestarProblem } from './doublestar';
import { isObject } from '../../json';

/** Harbor's retention rule templates (src/pkg/retention/policy/rule/index/index.go). */
export enum HarborRetentionTemplate {
  /** Retain everything the selectors select (`always_retain`). */
  ALWAYS = 'always',
  /** Retain the K most recently pushed (`most_recently_pushed`). */
  LATEST_PUSHED_K = 'latestPushedK',
  /** Retain the N most recently pulled (`most_recently_pulled`). */
  LATEST_PULLED_N = 'latestPulledN',
  /** Retain what was pushed within the last N days (`n_days_since_last_push`). */
  N_DAYS_SINCE_LAST_PUSH = 'nDaysSinceLastPush',
  /** Retain what was pulled within the last N days (`n_days_since_last_pull`). */
  N_DAYS_SINCE_LAST_PULL = 'nDaysSinceLastPull',
}

/**
 * One `rule` block of `harbor_retention_policy` (the cdktf binding's `RetentionPolicyRule` field names). Exactly one
 * retain condition, exactly one of `repoMatching`/`repoExcluding`, exactly one of `tagMatching`/`tagExcluding`.
 */
export interface HarborRetentionRule {
  /** Retain every selected artifact (template `always`). */
  readonly alwaysRetain?: boolean;
  /** Retain the N most recently pulled selected artifacts (template `latestPulledN`), 1-32766. */
  readonly mostRecentlyPulled?: number;
  /** Retain the K most recently pushed selected artifacts (template `latestPushedK`), 1-32766. */
  readonly mostRecentlyPushed?: number;
  /** Retain selected artifacts pulled within N days (template `nDaysSinceLastPull`), 1-20190904. */
  readonly nDaysSinceLastPull?: number;
  /** Retain selected artifacts pushed within N days (template `nDaysSinceLastPush`), 1-20190904. */
  readonly nDaysSinceLastPush?: number;
  /** Doublestar pattern of the repositories (name inside the project) the rule applies to, e.g. `**`. */
  readonly repoMatching?: string;
  /** Doublestar pattern of the repositories the rule does not apply to. */
  readonly repoExcluding?: string;
  /** Doublestar pattern; artifacts with at least one matching tag are selected, e.g. `{v*,latest}`. */
  readonly tagMatching?: string;
  /** Doublestar pattern; artifacts with at least one tag NOT matching it are selected. */
  readonly tagExcluding?: string;
  /**
   * Harbor's `untagged` extra. With `tagMatching`, true selects untagged artifacts too; with `tagExcluding`, Harbor
   * inverts it: true leaves untagged artifacts out, false selects them (selector.go `tagSelectExclude`).
   * @default true (the Terraform provider's default)
   */
  readonly untaggedArtifacts?: boolean;
  /** Skip the rule. @default false */
  readonly disabled?: boolean;
}

/** A Harbor retention policy: the rules of one project's `harbor_retention_policy` and its schedule. */
export interface HarborRetentionPolicy {
  /** 1 to 15 retain rules, OR-ed: an artifact retained by any enabled rule survives. */
  readonly rules: HarborRetentionRule[];
  /** `Hourly`, `Daily`, `Weekly`, a 6-field cron (seconds first), or absent for none. */
  readonly schedule?: string;
}

/** Harbor's parameter limits (the `Valid` functions of the rule evaluators). */
export const HARBOR_MAX_COUNT = 32766;
/** Largest day count Harbor's nDaysSince* validators accept. */
export const HARBOR_MAX_DAYS = 20190904;
/** Harbor's limit on the number of rules, enforced by the Terraform provider schema. */
export const HARBOR_MAX_RULES = 15;

const TF_CONDITIONS: ReadonlyArray<[keyof HarborRetentionRule, string, HarborRetentionTemplate]> = [
  ['alwaysRetain', 'always_retain', HarborRetentionTemplate.ALWAYS],
  ['mostRecentlyPulled', 'most_recently_pulled', HarborRetentionTemplate.LATEST_PULLED_N],
  ['mostRecentlyPushed', 'most_recently_pushed', HarborRetentionTemplate.LATEST_PUSHED_K],
  ['nDaysSinceLastPull', 'n_days_since_last_pull', HarborRetentionTemplate.N_DAYS_SINCE_LAST_PULL],
  ['nDaysSinceLastPush', 'n_days_since_last_push', HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH],
];
const TF_FIELDS: ReadonlyArray<[keyof HarborRetentionRule, string]> = [
  ...TF_CONDITIONS.map(([k, s]) => [k, s] as [keyof HarborRetentionRule, string]),
  ['repoMatching', 'repo_matching'],
  ['repoExcluding', 'repo_excluding'],
  ['tagMatching', 'tag_matching'],
  ['tagExcluding', 'tag_excluding'],
  ['untaggedArtifacts', 'untagged_artifacts'],
  ['disabled', 'disabled'],
];
const NAMED_SCHEDULES: Readonly<Record<string, string>> = { hourly: '0 0 * * * *', daily: '0 0 0 * * *', weekly: '0 0 0 * * 0' };

/** The template a rule uses (the first set condition, in the provider's order); undefined if none is set. */
export function harborRuleTemplate(rule: HarborRetentionRule): HarborRetentionTemplate | undefined {
  // The provider checks pull, push, pulled, pushed, always in this order (client/retention.go expandRententionRules).
  if (positive(rule.nDaysSinceLastPull)) return HarborRetentionTemplate.N_DAYS_SINCE_LAST_PULL;
  if (positive(rule.nDaysSinceLastPush)) return HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH;
  if (positive(rule.mostRecentlyPulled)) return HarborRetentionTemplate.LATEST_PULLED_N;
  if (positive(rule.mostRecentlyPushed)) return HarborRetentionTemplate.LATEST_PUSHED_K;
  if (rule.alwaysRetain === true) return HarborRetentionTemplate.ALWAYS;
  return undefined;
}

/** The template's parameter (count or days) of a rule; undefined for `always`. */
export function harborRuleParameter(rule: HarborRetentionRule): number | undefined {
  switch (harborRuleTemplate(rule)) {
    case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PULL:
      return rule.nDaysSinceLastPull;
    case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH:
      return rule.nDaysSinceLastPush;
    case HarborRetentionTemplate.LATEST_PULLED_N:
      return rule.mostRecentlyPulled;
    case HarborRetentionTemplate.LATEST_PUSHED_K:
      return rule.mostRecentlyPushed;
    default:
      return undefined;
  }
}

/** A one-line description of a rule for reasons, e.g. `latestPushedK 10, tag_matching "v*", repo_matching "**"`. */
export function describeHarborRule(rule: HarborRetentionRule): string {
  const t = harborRuleTemplate(rule) ?? 'no condition';
  const p = harborRuleParameter(rule);
  const tag = rule.tagMatching !== undefined ? `tag_matching ${JSON.stringify(rule.tagMatching)}` : `tag_excluding ${JSON.stringify(rule.tagExcluding)}`;
  const repo = rule.repoMatching !== undefined ? `repo_matching ${JSON.stringify(rule.repoMatching)}` : `repo_excluding ${JSON.stringify(rule.repoExcluding)}`;
  return `${t}${p !== undefined ? ` ${p}` : ''}, ${tag}, untagged_artifacts ${rule.untaggedArtifacts ?? true}, ${repo}`;
}

/** Collects every problem of a policy in the Terraform shape (property names as the Terraform attributes). */
export function validateHarborRetentionPolicy(policy: HarborRetentionPolicy): Violations {
  const v = new Violations();
  const count = Array.isArray(policy.rules) ? policy.rules.length : undefined;
  if (count === undefined || count < 1 || count > HARBOR_MAX_RULES) ruleCountViolation(v, 'rule', count === undefined ? policy.rules : count);
  (Array.isArray(policy.rules) ? policy.rules : []).forEach((rule, i) => v.addAll(`rule[${i}]`, validateRule(rule).items));
  scheduleViolation(v, 'schedule', policy.schedule);
  return v;
}

/** What is wrong with a `schedule` value, or undefined when Harbor accepts it (absent counts as accepted). */
export function harborScheduleProblem(schedule: unknown): string | undefined {
  return schedule === undefined ? undefined : scheduleProblem(schedule);
}

function ruleCountViolation(v: Violations, property: string, got: unknown): void {
  v.add(property, `must hold 1 to ${HARBOR_MAX_RULES} rules`, typeof got === 'number' ? `${got} rules` : got, `between 1 and ${HARBOR_MAX_RULES} rule blocks`);
}

function scheduleViolation(v: Violations, property: string, schedule: unknown): void {
  const problem = harborScheduleProblem(schedule);
  if (problem) v.add(property, problem, schedule, 'Hourly, Daily, Weekly, or a 6-field cron with seconds first such as "0 0 2 * * *"');
}

function validateRule(rule: HarborRetentionRule): Violations {
  const v = new Violations();
  const set = TF_CONDITIONS.filter(([k]) => (k === 'alwaysRetain' ? rule.alwaysRetain !== undefined && rule.alwaysRetain !== false : rule[k] !== undefined && rule[k] !== 0));
  if (set.length !== 1) {
    v.add(
      set.length === 0 ? 'always_retain' : set.map(([, s]) => s).join('/'),
      set.length === 0 ? 'is missing: a rule needs exactly one retain condition' : 'set together: a rule needs exactly one retain condition',
      set.length === 0 ? undefined : Object.fromEntries(set.map(([k, s]) => [s, rule[k]])),
      'exactly one of always_retain = true, most_recently_pulled, most_recently_pushed, n_days_since_last_pull, n_days_since_last_push',
    );
  }
  for (const [k, s] of TF_CONDITIONS) {
    const value = rule[k];
    if (value === undefined) continue;
    if (k === 'alwaysRetain') {
      if (typeof value !== 'boolean') v.add(s, 'must be a boolean', value, 'true or false');
      continue;
    }
    const max = k === 'mostRecentlyPulled' || k === 'mostRecentlyPushed' ? HARBOR_MAX_COUNT : HARBOR_MAX_DAYS;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
      v.add(s, 'is not a valid parameter', value, `a whole number from 1 to ${max} (0 means unset)`);
    }
  }
  exactlyOne(v, rule, 'repoMatching', 'repo_matching', 'repoExcluding', 'repo_excluding', 'a doublestar pattern of repository names inside the project, e.g. "**"');
  exactlyOne(v, rule, 'tagMatching', 'tag_matching', 'tagExcluding', 'tag_excluding', 'a doublestar pattern of tags, e.g. "**" or "{v*,latest}"');
  for (const [k, s] of [['untaggedArtifacts', 'untagged_artifacts'], ['disabled', 'disabled']] as const) {
    if (rule[k] !== undefined && typeof rule[k] !== 'boolean') v.add(s, 'must be a boolean', rule[k], 'true or false');
  }
  return v;
}

function exactlyOne(v: Violations, rule: HarborRetentionRule, a: keyof HarborRetentionRule, as: string, b: keyof HarborRetentionRule, bs: string, allowed: string): void {
  const va = rule[a];
  const vb = rule[b];
  const setA = va !== undefined && va !== '';
  const setB = vb !== undefined && vb !== '';
  if (setA === setB) {
    v.add(`${as}/${bs}`, setA ? 'are both set: give exactly one' : 'are both missing: give exactly one', setA ? { [as]: va, [bs]: vb } : undefined, allowed);
    return;
  }
  const [name, value] = setA ? [as, va] : [bs, vb];
  patternViolation(v, name, value, allowed);
}

function patternViolation(v: Violations, property: string, value: unknown, allowed: string): void {
  if (typeof value !== 'string') {
    v.add(property, 'must be a string', value, allowed);
    return;
  }
  const problem = harborDoublestarProblem(value);
  if (problem) v.add(property, `is not a valid doublestar pattern (${problem})`, value, allowed);
}

function scheduleProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return 'must be a string';
  if (schedule === '' || NAMED_SCHEDULES[schedule.toLowerCase()]) return undefined;
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 6) return `is neither a named schedule nor a 6-field cron (${fields.length} fields)`;
  if (!fields.every((f) => /^[0-9A-Za-z*?/,\-LW#]+$/.test(f))) return 'has a cron field with characters cron does not accept';
  return undefined;
}

/** The cron Harbor stores for a schedule (named schedules lower-cased and looked up, as the provider does). */
export function harborScheduleCron(schedule: string): string {
  return NAMED_SCHEDULES[schedule.toLowerCase()] ?? schedule;
}

/**
 * Reads a Harbor retention policy from either form and validates every rule; `source` names the file in errors.
 *
 * - Terraform form: `{"rule": [{"most_recently_pushed": 10, "repo_matching": "**", "tag_matching": "**"}], "schedule": "Daily"}`
 *   (the `harbor_retention_policy` arguments, as in a `.tf.json` resource body; `rules` is accepted as an alias).
 * - API form: the JSON of `GET /api/v2.0/retentions/{id}` (`algorithm`, `rules[].template`, `params`,
 *   `tag_selectors`, `scope_selectors`, `trigger`).
 */
export function parseHarborRetentionPolicy(input: unknown, source: string = 'policy'): HarborRetentionPolicy {
  const v = new Violations();
  if (!isObject(input)) {
    v.add('(document)', 'must be a JSON object', input, 'a harbor_retention_policy body {"rule": [...]} or the JSON of GET /api/v2.0/retentions/{id}');
    v.throwIfAny(source);
  }
  const doc = input as Record<string, unknown>;
  const isApi = Array.isArray(doc.rules) && (doc.algorithm !== undefined || doc.trigger !== undefined || (doc.rules as unknown[]).some((r) => isObject(r) && 'template' in r));
  // Each reader reports every problem of the document under its own field paths, then everything is thrown once.
  const policy = isApi ? fromApi(doc, v) : fromTerraform(doc, v);
  v.throwIfAny(source);
  return policy;
}

function fromTerraform(doc: Record<string, unknown>, v: Violations): HarborRetentionPolicy {
  const key = doc.rule !== undefined ? 'rule' : 'rules';
  const rawRules = doc[key];
  for (const k of Object.keys(doc)) {
    if (!['rule', 'rules', 'schedule', 'scope', 'id'].includes(k)) v.add(k, 'is not a harbor_retention_policy argument', doc[k], 'rule, schedule, scope');
  }
  const rules: HarborRetentionRule[] = [];
  if (!Array.isArray(rawRules)) {
    v.add(key, 'must be an array of rule blocks', rawRules, '[{"most_recently_pushed": 10, "repo_matching": "**", "tag_matching": "**"}]');
  } else {
    if (rawRules.length < 1 || rawRules.length > HARBOR_MAX_RULES) ruleCountViolation(v, key, rawRules.length);
    rawRules.forEach((raw, i) => {
      const at = `${key}[${i}]`;
      if (!isObject(raw)) {
        v.add(at, 'must be an object', raw, 'a rule block');
        return;
      }
      const r = raw;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(r)) {
        const field = TF_FIELDS.find(([camel, snake]) => snake === k || camel === k);
        if (!field) {
          v.add(`${at}.${k}`, 'is not a rule argument', r[k], TF_FIELDS.map(([, s]) => s).join(', '));
          continue;
        }
        // Terraform state writes unset arguments as 0, "" or false; treat them as unset.
        if (r[k] === null || r[k] === '' || (r[k] === 0 && field[0] !== 'untaggedArtifacts')) continue;
        if (r[k] === false && field[0] === 'alwaysRetain') continue;
        out[field[0]] = r[k];
      }
      v.addAll(at, validateRule(out as HarborRetentionRule).items);
      rules.push(out as HarborRetentionRule);
    });
  }
  const schedule = doc.schedule === undefined || doc.schedule === null ? undefined : (doc.schedule as string);
  scheduleViolation(v, 'schedule', schedule);
  return { rules, schedule };
}

/**
 * The API form, checked field by field under the API's own paths (`rules[2].params.latestPushedK`,
 * `rules[0].tag_selectors[0].pattern`), since a broken selector or template leaves nothing to map to the Terraform shape.
 */
function fromApi(doc: Record<string, unknown>, v: Violations): HarborRetentionPolicy {
  if (doc.algorithm !== undefined && doc.algorithm !== 'or') v.add('algorithm', 'is not supported by Harbor', doc.algorithm, '"or" (the only algorithm Harbor registers)');
  const rawRules = doc.rules as unknown[];
  if (rawRules.length < 1 || rawRules.length > HARBOR_MAX_RULES) ruleCountViolation(v, 'rules', rawRules.length);
  const rules: HarborRetentionRule[] = [];
  rawRules.forEach((raw, i) => {
    const at = `rules[${i}]`;
    if (!isObject(raw)) {
      v.add(at, 'must be an object', raw, 'a RetentionRule object');
      return;
    }
    const r = raw;
    const out: Record<string, unknown> = {};
    if (r.action !== undefined && r.action !== 'retain') v.add(`${at}.action`, 'is not a Harbor action', r.action, '"retain"');
    if (r.disabled !== undefined) {
      if (typeof r.disabled !== 'boolean') v.add(`${at}.disabled`, 'must be a boolean', r.disabled, 'true or false');
      out.disabled = r.disabled;
    }
    const cond = TF_CONDITIONS.find(([, , t]) => t === r.template);
    if (!cond) {
      v.add(`${at}.template`, 'is not a retention template the Terraform provider can express', r.template, TF_CONDITIONS.map(([, , t]) => t).join(', '));
    } else if (cond[2] === HarborRetentionTemplate.ALWAYS) {
      out.alwaysRetain = true;
    } else {
      const params = isObject(r.params) ? r.params : {};
      const raw = params[cond[2]];
      const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
      const max = cond[2].startsWith('latest') ? HARBOR_MAX_COUNT : HARBOR_MAX_DAYS;
      if (raw === undefined) {
        v.add(`${at}.params.${cond[2]}`, 'is missing', raw, `a whole number (Harbor would silently use its default ${cond[2].startsWith('latest') ? 10 : 30})`);
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
        v.add(`${at}.params.${cond[2]}`, 'is not a valid parameter', raw, `a whole number from 1 to ${max}`);
      } else {
        out[cond[0]] = value;
      }
    }
    const s = readSelector(v, `${at}.tag_selectors`, r.tag_selectors, TAG_SELECTOR, out);
    if (s) {
      // Without extras Harbor selects untagged artifacts for both decorations (doublestar.New), which the Terraform
      // shape says as true for matches and false for excludes.
      let untagged = s.decoration !== 'excludes';
      if (typeof s.extras === 'string' && s.extras !== '') {
        try {
          const extras = JSON.parse(s.extras);
          // Go unmarshals into a bool field: a missing key leaves false.
          untagged = isObject(extras) && extras.untagged === true;
        } catch {
          // Harbor ignores extras it cannot parse and keeps the default.
        }
      }
      out.untaggedArtifacts = untagged;
    }
    const scope = isObject(r.scope_selectors) ? r.scope_selectors : {};
    readSelector(v, `${at}.scope_selectors.repository`, scope.repository, REPOSITORY_SELECTOR, out);
    rules.push(out as HarborRetentionRule);
  });
  let schedule: string | undefined;
  if (isObject(doc.trigger)) {
    const settings = doc.trigger.settings;
    const cron = isObject(settings) ? settings.cron : undefined;
    if (typeof cron === 'string' && cron !== '') {
      const named = Object.entries(NAMED_SCHEDULES).find(([, c]) => c === cron);
      schedule = named ? named[0][0].toUpperCase() + named[0].slice(1) : cron;
      scheduleViolation(v, 'trigger.settings.cron', schedule);
    }
  }
  return { rules, schedule };
}

/** One kind of API-form selector: its two decorations, the Terraform fields they become, and its error wording. */
interface SelectorKind {
  readonly noun: string;
  readonly matches: string;
  readonly excludes: string;
  readonly matchingField: keyof HarborRetentionRule;
  readonly excludingField: keyof HarborRetentionRule;
  readonly allowed: string;
  readonly patternAllowed: string;
}

const TAG_SELECTOR: SelectorKind = {
  noun: 'tag',
  matches: 'matches',
  excludes: 'excludes',
  matchingField: 'tagMatching',
  excludingField: 'tagExcluding',
  allowed: 'one {"kind": "doublestar", "decoration": "matches"|"excludes", "pattern": ..., "extras": "{\\"untagged\\":true}"}',
  patternAllowed: 'a doublestar pattern of tags, e.g. "**" or "{v*,latest}"',
};

const REPOSITORY_SELECTOR: SelectorKind = {
  noun: 'repository',
  matches: 'repoMatches',
  excludes: 'repoExcludes',
  matchingField: 'repoMatching',
  excludingField: 'repoExcluding',
  allowed: 'one {"kind": "doublestar", "decoration": "repoMatches"|"repoExcludes", "pattern": ...}',
  patternAllowed: 'a doublestar pattern of repository names inside the project, e.g. "**"',
};

/**
 * Reads the one selector the Terraform shape can express from the list at `at` into `out`. Returns the selector
 * so the caller can read its kind-specific fields, or undefined when the list does not hold exactly one.
 */
function readSelector(v: Violations, at: string, list: unknown, kind: SelectorKind, out: Record<string, unknown>): Record<string, unknown> | undefined {
  const selectors: unknown[] = Array.isArray(list) ? list : [];
  if (selectors.length !== 1) {
    v.add(at, 'must hold exactly one selector', list, kind.allowed);
    return undefined;
  }
  const s: Record<string, unknown> = isObject(selectors[0]) ? selectors[0] : {};
  const sat = `${at}[0]`;
  const kindOk = s.kind === 'doublestar';
  if (!kindOk) v.add(`${sat}.kind`, 'is not supported', s.kind, '"doublestar"');
  if (s.decoration === kind.matches) out[kind.matchingField] = s.pattern;
  else if (s.decoration === kind.excludes) out[kind.excludingField] = s.pattern;
  else v.add(`${sat}.decoration`, `is not a ${kind.noun} decoration`, s.decoration, `"${kind.matches}" or "${kind.excludes}"`);
  if (kindOk) selectorPatternViolation(v, `${sat}.pattern`, s.pattern, kind.patternAllowed);
  return s;
}

/** An API selector pattern: a non-empty string Go's doublestar accepts (the Terraform shape has no way to say ""). */
function selectorPatternViolation(v: Violations, property: string, pattern: unknown, allowed: string): void {
  if (pattern === undefined || pattern === null || pattern === '') v.add(property, 'is missing', pattern, allowed);
  else patternViolation(v, property, pattern, allowed);
}

function positive(x: unknown): boolean {
  return typeof x === 'number' && x > 0;
}

/**
 * The `harbor_retention_policy` body in Terraform's argument names (`{"rule": [{"most_recently_pushed": 10, …}],
 * "schedule": "Daily"}`), the form `parseHarborRetentionPolicy` reads back; unset arguments are left out.
 */
export function renderHarborRetentionPolicyBody(rules: readonly HarborRetentionRule[], schedule?: string): { rule: Array<Record<string, unknown>>; schedule?: string } {
  const rule = rules.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [camel, snake] of TF_FIELDS) if (r[camel] !== undefined) out[snake] = r[camel];
    return out;
  });
  return schedule === undefined ? { rule } : { rule, schedule };
}
