/** Validation errors in the project's one format: `<path>: <property> <what is wrong> (got <value>); <what is allowed>`. */

/** One broken rule of one value. */
export interface Violation {
  /** The property (or property path, e.g. `lifecycleRules[2].countNumber`) that holds the bad value. */
  readonly property: string;
  /** What is wrong, e.g. `must be at least 2 characters`. */
  readonly problem: string;
  /** The bad value as given. */
  readonly value: unknown;
  /** What would be accepted instead. */
  readonly allowed: string;
}

/** Strings at least this long are shown with their length, so a limit can be checked without counting. */
const LENGTH_SHOWN_FROM = 100;
/** Longer renderings are cut. */
const MAX_SHOWN = 200;

/**
 * Renders a value for an error message: strings quoted, objects as compact JSON, long values cut. A string of
 * 100 characters or more, and any value that is cut, carries its length: `"aaaa…" (300 characters)`.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = '[function]';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const cut = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
  if (typeof value === 'string' && value.length >= LENGTH_SHOWN_FROM) return `${cut} (${value.length} characters)`;
  if (cut !== text) return `${cut} (${text.length} characters as JSON)`;
  return cut;
}

/** Formats one violation at a construct path (or a file name, for the CLI). */
function formatViolation(path: string, v: Violation): string {
  return `${path}: ${v.property} ${v.problem} (got ${describeValue(v.value)}); ${v.allowed}`;
}

/**
 * Thrown for invalid input. Carries every violation found, so a user fixes all of them in one round;
 * the message lists one line per violation.
 */
export class ValidationError extends Error {
  /** Where the bad input came from: a construct path, or a file name. */
  public readonly path: string;
  /** Every broken rule. */
  public readonly violations: readonly Violation[];

  constructor(path: string, violations: readonly Violation[]) {
    super(violations.map((v) => formatViolation(path, v)).join('\n'));
    this.name = 'ValidationError';
    this.path = path;
    this.violations = violations;
  }
}

/**
 * Collects violations while a value is checked, then throws them together.
 * Core code has no construct tree, so the path is passed in by the caller (a construct's `node.path`).
 */
export class Violations {
  private readonly list: Violation[] = [];

  /** Records a violation. */
  public add(property: string, problem: string, value: unknown, allowed: string): this {
    this.list.push({ property, problem, value, allowed });
    return this;
  }

  /** Records every violation of another collection (e.g. a nested value's), prefixing their properties. */
  public addAll(prefix: string, others: readonly Violation[]): this {
    for (const v of others) this.list.push({ ...v, property: prefix ? `${prefix}${v.property.startsWith('[') ? '' : '.'}${v.property}` : v.property });
    return this;
  }

  /** The violations recorded so far. */
  public get items(): readonly Violation[] {
    return this.list;
  }

  /** True when nothing was recorded. */
  public get empty(): boolean {
    return this.list.length === 0;
  }

  /** Throws a ValidationError for `path` if anything was recorded. */
  public throwIfAny(path: string): void {
    if (this.list.length > 0) throw new ValidationError(path, this.list);
  }
}

/** What a lowercase name (repository name, prefix, filter) must look like, for `checkLowercaseName`. */
export interface LowercaseNameRule {
  /** Fewest characters allowed. */
  readonly min: number;
  /** Most characters allowed. */
  readonly max: number;
  /** The shape of a valid value, length aside; tested on the value in lowercase. */
  readonly shape: RegExp;
  /** What the value is, e.g. `template prefix`. */
  readonly what: string;
  /** What is allowed, for the message. */
  readonly allowed: string;
}

/**
 * Checks a name that must be lowercase with one violation per broken rule, so that each says what is wrong:
 * its length (with the length), uppercase letters (with the lowercase spelling), then anything else.
 */
export function checkLowercaseName(v: Violations, property: string, value: string, rule: LowercaseNameRule): void {
  if (value.length < rule.min || value.length > rule.max) {
    v.add(property, `is ${value.length} character${value.length === 1 ? '' : 's'} long`, value, rule.min === rule.max ? `exactly ${rule.min} characters` : `${rule.min}-${rule.max} characters`);
  }
  if (/[A-Z]/.test(value)) v.add(property, 'has uppercase letters', value, `lowercase only, e.g. ${JSON.stringify(value.toLowerCase())}`);
  if (value.length > 0 && !rule.shape.test(value.toLowerCase())) v.add(property, `is not a valid ${rule.what}`, value, rule.allowed);
}
