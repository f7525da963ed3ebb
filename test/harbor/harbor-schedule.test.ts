import * as fc from 'fast-check';
import { Violations } from '../../lib/core/errors';
import { HarborSchedule } from '../../lib/harbor/harbor-schedule';

function problems(expression: string): string[] {
  const v = new Violations();
  HarborSchedule.cron(expression).validate(v, 'schedule');
  return v.items.map((x) => x.problem);
}

// The bounds of each field of Harbor's cron (robfig/cron with seconds), stated here independently of the code.
const BOUNDS: Array<[number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

describe('HarborSchedule', () => {
  test('the named schedules are written capitalised, as Harbor reports them back', () => {
    expect([HarborSchedule.HOURLY, HarborSchedule.DAILY, HarborSchedule.WEEKLY].map((s) => s.expression)).toEqual(['Hourly', 'Daily', 'Weekly']);
    for (const s of [HarborSchedule.HOURLY, HarborSchedule.DAILY, HarborSchedule.WEEKLY]) {
      const v = new Violations();
      s.validate(v, 'schedule');
      expect(v.empty).toBe(true);
    }
  });

  test('lower- or upper-case names are refused (perpetual diff); Monthly is not a Harbor schedule', () => {
    expect(problems('daily')[0]).toMatch(/names a schedule in a case Harbor does not report back/);
    expect(problems('WEEKLY')[0]).toMatch(/names a schedule in a case Harbor does not report back/);
    expect(problems('Monthly')[0]).toMatch(/is neither Hourly, Daily, Weekly nor a 6-field cron \(1 field\)/);
  });

  test('five-field (minute-first) crons are refused', () => {
    expect(problems('30 2 * * *')[0]).toMatch(/6-field cron \(5 fields\)/);
  });

  test('names, ranges, lists, steps and "?" in the day fields are accepted', () => {
    for (const e of ['0 0 2 * * *', '0 */15 * * * *', '0 0 3 ? * SAT', '0 0 0 1 JAN-JUN ?', '0 0 8-18/2 * * MON-FRI', '0,30 0 0 1,15 * *']) expect(problems(e)).toEqual([]);
  });

  test('backwards ranges, bad steps and "?" outside the day fields are refused', () => {
    expect(problems('0 0 18-8 * * *')[0]).toMatch(/hour field "18-8" \(range "18-8" runs backwards\)/);
    expect(problems('0 */0 * * * *')[0]).toMatch(/minute field "\*\/0" \(step "0" is not a positive number\)/);
    expect(problems('? 0 0 * * *')[0]).toMatch(/second field "\?" \("\?" is only allowed in the day fields\)/);
  });

  test('property: a field value is accepted exactly when it is within that field\'s bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -5, max: 70 }), (field, value) => {
        const fields = ['0', '0', '0', '1', '1', '0'];
        fields[field] = String(value);
        const [lo, hi] = BOUNDS[field];
        const ok = value >= lo && value <= hi;
        expect(problems(fields.join(' ')).length === 0).toBe(ok);
      }),
    );
  });

  test('property: every problem names the field that is wrong', () => {
    const names = ['second', 'minute', 'hour', 'day of month', 'month', 'day of week'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), (field) => {
        const fields = ['0', '0', '0', '1', '1', '0'];
        fields[field] = '99';
        const found = problems(fields.join(' '));
        expect(found).toHaveLength(1);
        expect(found[0]).toContain(`invalid ${names[field]} field "99"`);
      }),
    );
  });
});
