/** HarborSchedule: when a Harbor job (retention, garbage collection, scan all) runs, in the form Harbor reads back unchanged. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

// robfig/cron with seconds, as Harbor's job service parses it: second minute hour day-of-month month day-of-week.
const FIELDS: ReadonlyArray<{ name: string; min: number; max: number; names?: readonly string[]; question?: boolean }> = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], question: true },
];

/**
 * When a Harbor job runs. The named schedules are written capitalised (`Hourly`, `Daily`, `Weekly`) because Harbor
 * reports them back that way: the provider lower-cases them on the way in, so a lower-case name in the
 * configuration would differ from the state on every plan. Anything else is a 6-field cron with seconds first.
 */
export class HarborSchedule {
  /** At the start of every hour (`0 0 * * * *`). */
  public static readonly HOURLY = new HarborSchedule('Hourly');
  /** Every day at midnight, Harbor's time zone (`0 0 0 * * *`). */
  public static readonly DAILY = new HarborSchedule('Daily');
  /** Every Sunday at midnight (`0 0 0 * * 0`). */
  public static readonly WEEKLY = new HarborSchedule('Weekly');

  /**
   * A 6-field cron with seconds first, e.g. `0 30 2 * * *` (02:30 every day) or `0 0 3 * * SAT`. Checked when the
   * construct using it is created: six fields, each a `*`, `?` (day fields), number, range, list or step within its
   * field's bounds. "Monthly" is not a Harbor schedule: write `0 0 0 1 * *`.
   */
  public static cron(expression: string): HarborSchedule {
    return new HarborSchedule(expression);
  }

  /** The value written to the provider (`Daily`, or the cron). */
  public readonly expression: string;

  private constructor(expression: string) {
    this.expression = expression;
  }

  /** Records what is wrong with this schedule under `property` (nothing when it is valid or a token). */
  public validate(v: Violations, property: string): void {
    const text = this.expression;
    if (typeof text !== 'string') {
      v.add(property, 'must be a string', text, 'HarborSchedule.HOURLY, DAILY, WEEKLY or HarborSchedule.cron("0 0 2 * * *")');
      return;
    }
    if (isUnresolved(text) || ['Hourly', 'Daily', 'Weekly'].includes(text)) return;
    if (['hourly', 'daily', 'weekly'].includes(text.toLowerCase())) {
      v.add(property, 'names a schedule in a case Harbor does not report back, which shows as a change on every plan', text, `HarborSchedule.${text.toUpperCase()} ("${text[0].toUpperCase()}${text.slice(1).toLowerCase()}")`);
      return;
    }
    const fields = text.trim().split(/\s+/);
    if (fields.length !== 6) {
      v.add(property, `is neither Hourly, Daily, Weekly nor a 6-field cron (${fields.length} field${fields.length === 1 ? '' : 's'})`, text, 'a cron with seconds first: second minute hour day-of-month month day-of-week, e.g. "0 0 2 * * *"');
      return;
    }
    fields.forEach((f, i) => {
      const problem = fieldProblem(f, FIELDS[i]);
      if (problem) v.add(property, `has an invalid ${FIELDS[i].name} field "${f}" (${problem})`, text, `${FIELDS[i].min}-${FIELDS[i].max}${FIELDS[i].names ? ` or ${FIELDS[i].names![0]}-${FIELDS[i].names![FIELDS[i].names!.length - 1]}` : ''}, "*", ranges a-b, lists a,b and steps */n${FIELDS[i].question ? ', or "?"' : ''}`);
    });
  }
}

function fieldProblem(field: string, spec: (typeof FIELDS)[number]): string | undefined {
  if (field === '?') return spec.question ? undefined : '"?" is only allowed in the day fields';
  for (const part of field.split(',')) {
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0) return 'more than one "/"';
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "${step}" is not a positive number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a value or a range`;
    const values = bounds.map((b) => value(b, spec));
    if (values.some((x) => x === undefined)) return `"${range}" is outside ${spec.min}-${spec.max}`;
    if (values.length === 2 && values[0]! > values[1]!) return `range "${range}" runs backwards`;
  }
  return undefined;
}

function value(text: string, spec: (typeof FIELDS)[number]): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}
