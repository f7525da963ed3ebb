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

/** Renders a value for an error message: strings quoted, objects as compact JSON, long values cut. */
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
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
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
