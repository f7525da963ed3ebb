/** Reads the timestamps registry tools print (ISO-8601 / RFC 3339 strings, epoch numbers, "never" markers) as epoch milliseconds. */

import { Violations } from '../errors';

/** What a JSON number means where a timestamp is expected. */
export enum EpochUnit {
  /** Seconds since 1970 (AWS CLI v1 and `cli_timestamp_format = wire`, e.g. `1565128275.0`). */
  SECONDS = 'seconds',
  /** Milliseconds since 1970. */
  MILLISECONDS = 'milliseconds',
  /** Numbers are not timestamps in this format: only strings are accepted. */
  NONE = 'none',
}

/** Options of `parseTimestamp` and `readTimestamp`. */
export interface TimestampOptions {
  /** How to read a JSON number. @default EpochUnit.SECONDS */
  readonly numbers?: EpochUnit;
}

/**
 * Strict ISO-8601 / RFC 3339: a date, optionally a time (`T` or one space), 0-9 fractional digits, and a zone
 * (`Z`, `±HH:MM`, `±HHMM`, `±HH`). A time without a zone is rejected: `Date` would read it in the machine's local zone,
 * so the same file would preview differently on two machines.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Converts one timestamp to epoch milliseconds (UTC), truncating sub-millisecond digits.
 *
 * Returns `undefined` for "never": `null`, absent, or Go's zero time (any instant in year 1). Returns `NaN` when
 * the value is not a timestamp, so callers can name the field; `readTimestamp` does that for them.
 */
export function parseTimestamp(value: unknown, options: TimestampOptions = {}): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') {
    const unit = options.numbers ?? EpochUnit.SECONDS;
    if (unit === EpochUnit.NONE || !Number.isFinite(value)) return NaN;
    // Rounding, not truncating: a decimal fraction may land just below its millisecond (1.005 * 1000 = 1004.999…).
    const ms = unit === EpochUnit.SECONDS ? Math.round(value * 1000) : Math.trunc(value);
    return Math.abs(ms) <= 8.64e15 ? ms : NaN;
  }
  if (typeof value !== 'string') return NaN;
  const m = ISO.exec(value);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) return NaN;
  const year = +y;
  const month = +mo;
  const day = +d;
  const hour = h === undefined ? 0 : +h;
  const minute = mi === undefined ? 0 : +mi;
  const second = s === undefined ? 0 : +s;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 60) return NaN;
  const millis = frac === undefined ? 0 : +frac.slice(0, 3).padEnd(3, '0');
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return NaN;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  // Year 1 (or 0) is Go's zero time: Harbor prints `0001-01-01T00:00:00.000Z` for "never pulled".
  return year <= 1 ? undefined : date.getTime() - offsetMinutes * 60_000;
}

/** What a timestamp field accepts, for the "what is allowed" part of an error message. */
export function describeTimestampFormats(options: TimestampOptions = {}): string {
  const iso = 'ISO-8601 such as "2026-01-02T03:04:05Z" or "2026-01-02T03:04:05.123+01:00" (a time needs a zone)';
  switch (options.numbers ?? EpochUnit.SECONDS) {
    case EpochUnit.SECONDS:
      return `${iso}, or epoch seconds such as 1767323045`;
    case EpochUnit.MILLISECONDS:
      return `${iso}, or epoch milliseconds such as 1767323045000`;
    default:
      return iso;
  }
}

/**
 * Reads a timestamp field, recording a violation on `v` (at `property`) when the value is not a timestamp.
 * Returns epoch milliseconds, or `undefined` for "never" and for a bad value.
 */
export function readTimestamp(v: Violations, property: string, value: unknown, options: TimestampOptions = {}): number | undefined {
  const ms = parseTimestamp(value, options);
  if (ms !== undefined && Number.isNaN(ms)) {
    v.add(property, 'is not a timestamp', value, describeTimestampFormats(options));
    return undefined;
  }
  return ms;
}

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds, the form the CLI prints. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
