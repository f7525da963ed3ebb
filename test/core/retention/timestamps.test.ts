import * as fc from 'fast-check';
import { Violations } from '../../../lib/core/errors';
import { describeTimestampFormats, EpochUnit, formatTimestamp, parseTimestamp, readTimestamp } from '../../../lib/core/retention/timestamps';

const T = Date.UTC(2024, 9, 28, 11, 1, 2);

describe('parseTimestamp', () => {
  test.each([
    ['2024-10-28T11:01:02+00:00', T], // AWS CLI v2 on a UTC machine
    ['2024-10-28T04:01:02-07:00', T], // AWS CLI v2 in Los Angeles
    ['2024-10-28T04:01:02-0700', T],
    ['2024-10-28T16:31:02+05:30', T],
    ['2024-10-28T11:01:02.412000+00:00', T + 412], // Python isoformat with microseconds
    ['2024-10-28T11:01:02.4172113Z', T + 417], // ACR, 7 digits, truncated
    ['2024-10-28T11:01:02.999999999Z', T + 999], // 9 digits are cut, not rounded
    ['2024-10-28T11:01:02.9Z', T + 900],
    ['2024-10-28 11:01:02Z', T],
    ['2024-10-28t11:01:02z', T],
    ['2024-10-28', Date.UTC(2024, 9, 28)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    [1730113262.0, T], // AWS CLI v1: epoch seconds
    [1730113262.412, T + 412],
  ])('%j', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  test.each([[null], [undefined], ['0001-01-01T00:00:00.000Z'], ['0001-01-01T00:00:00Z'], ['0000-12-31T23:59:59Z']])('%j is "never"', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });

  test.each([['yesterday'], ['2024-10-28T11:01:02'], ['2024-02-30T00:00:00Z'], ['2023-02-29'], ['2024-13-01'], ['2024-10-28T24:00:00Z'], ['2024-10-28T11:61:00Z'], ['2024-10-28T11:01:02+25:00'], ['28/10/2024'], [''], [true], [{}], [Infinity], ['1730113262']])(
    '%j is not a timestamp',
    (input) => {
      expect(parseTimestamp(input)).toBeNaN();
    },
  );

  test('numbers follow the unit asked for', () => {
    expect(parseTimestamp(1730113262412, { numbers: EpochUnit.MILLISECONDS })).toBe(T + 412);
    expect(parseTimestamp(1730113262, { numbers: EpochUnit.NONE })).toBeNaN();
    expect(parseTimestamp(1e20)).toBeNaN();
  });

  test('agrees with Date for every instant written in ISO with any offset and 0-9 fractional digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 999_999 }),
        (ms, offsetMinutes, digits, extra) => {
          const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
          const frac = digits === 0 ? '' : `.${(String(ms % 1000).padStart(3, '0') + String(extra).padStart(6, '0')).slice(0, digits)}`;
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const zone = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const expected = ms - (ms % 1000) + (digits === 0 ? 0 : Number(frac.slice(1, 4).padEnd(3, '0')));
          expect(parseTimestamp(`${local}${frac}${zone}`)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('formatTimestamp round-trips', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => parseTimestamp(formatTimestamp(ms)) === ms));
  });
});

describe('readTimestamp', () => {
  test('records a violation naming the property, the value and the accepted forms', () => {
    const v = new Violations();
    expect(readTimestamp(v, 'images[3].pushedAt', 'yesterday')).toBeUndefined();
    expect(() => v.throwIfAny('images.json')).toThrow(
      'images.json: images[3].pushedAt is not a timestamp (got "yesterday"); ISO-8601 such as "2026-01-02T03:04:05Z" or "2026-01-02T03:04:05.123+01:00" (a time needs a zone), or epoch seconds such as 1767323045',
    );
  });

  test('never is not a violation', () => {
    const v = new Violations();
    expect(readTimestamp(v, 'lastPulledAt', null)).toBeUndefined();
    expect(readTimestamp(v, 'lastPulledAt', '0001-01-01T00:00:00.000Z')).toBeUndefined();
    expect(v.empty).toBe(true);
  });

  test('the allowed forms follow the number unit', () => {
    expect(describeTimestampFormats({ numbers: EpochUnit.MILLISECONDS })).toContain('epoch milliseconds');
    expect(describeTimestampFormats({ numbers: EpochUnit.NONE })).not.toContain('epoch');
  });
});
