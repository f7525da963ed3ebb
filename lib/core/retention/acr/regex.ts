/** How acr-cli reads `--filter` and `--ago`, re-implemented for validation and simulation (see docs/retention.md, ACR). */

import { DAY_MS } from '../image';

/**
 * acr-cli splits `<repo-regex>:<tag-regex>` at colons that are not part of a `(?flags:` group or a `[:…]` class
 * (`GetRepositoryAndTagRegex`, cmd/repository/image_functions.go). The expression is theirs, unchanged: JavaScript
 * lookbehind matches the same strings as .NET's here.
 */
const FILTER_SPLIT = /(?<!\(\?[imsU-]{0,5}|\[*\^*\[\^*):(?!\]\]*)/g;

/** `regexp2.Escape(p) == p`: acr-cli uses such a repository part as a literal name instead of listing repositories. */
const REGEXP2_META = /[\\*+?|{[()^$.#\s]/;

/** acr-cli caps `--ago` at 150 years of 365 days (`maxAgoDurationYears`, cmd/acr/grammar.go). */
const ACR_MAX_AGO_MS = 150 * 365 * DAY_MS;

/** One `--filter` value split the way acr-cli splits it, or the reason it cannot be. */
export interface SplitFilter {
  /** The repository regex. */
  readonly repository?: string;
  /** The tag regex. */
  readonly tag?: string;
  /** acr-cli's own error text when the value cannot be split. */
  readonly error?: string;
}

/** Splits one `--filter` value exactly as acr-cli does, with acr-cli's error texts. */
export function splitAcrFilter(filter: string): SplitFilter {
  const parts = filter.replace(FILTER_SPLIT, '\r\n').split('\r\n');
  if (parts.length !== 2) return { error: 'unable to correctly parse filter flag' };
  if (parts[0] === '') return { error: 'missing repository name/expression' };
  if (parts[1] === '') return { error: 'missing tag name/expression' };
  return { repository: parts[0], tag: parts[1] };
}

/**
 * Why acr-cli would not read `<repository>:<tag>` back as these two regexes (a `:` outside a `[…]` class or a
 * `(?flags:` group in either part makes it split elsewhere, or fail), or undefined when it would. `AcrPurgeCommand.of`
 * and `parseAcrPurgeArgs` both check filters through this one function.
 */
export function acrFilterSplitError(repository: string, tag: string): string | undefined {
  const split = splitAcrFilter(`${repository}:${tag}`);
  if (split.error === undefined && split.repository === repository && split.tag === tag) return undefined;
  return 'is not read back by acr-cli as written: it splits a filter at a ":" outside a character class';
}

/** True when acr-cli treats a repository expression as a literal repository name (no regexp2 metacharacter). */
export function isLiteralRepository(expression: string): boolean {
  return !REGEXP2_META.test(expression);
}

/**
 * Compiles a regexp2 (.NET syntax, RE2 option) expression to the equivalent JavaScript RegExp, or returns why it
 * cannot. The two engines agree on the common syntax (classes, groups, alternation, lookahead and lookbehind,
 * backreferences, `$` at the end of input in RE2 mode, ASCII `\d\w\s`); constructs only .NET knows are translated
 * (`(?P<n>`, `\A`, `\z`, `\Z`, a leading `(?i)`) or rejected, so a filter never silently means something else here.
 */
export function compileAcrRegex(expression: string): RegExp | string {
  let flags = '';
  let src = expression;
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    if (/[mx]/.test(lead[1])) return `inline option (?${lead[1]}) is not evaluated here`;
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('s')) flags += 's';
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return 'ends with a lone backslash';
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && (n === 'z' || n === 'Z')) out += '$';
      else if (n === 'Q' || n === 'E' || n === 'G') return `\\${n} is not evaluated here`;
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') return 'POSIX classes such as [[:alpha:]] are not evaluated here';
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += '\\' + src[++i];
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^[>#']/.test(rest) || /^\(/.test(rest) || /^[imsxn-]+[:)]/.test(rest)) {
        return `the group "(?${rest.slice(0, 3)}" is .NET syntax not evaluated here`;
      }
    }
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** A parsed `--ago` value. */
export interface ParsedAgo {
  /** The duration in milliseconds, after acr-cli's 150-year cap. */
  readonly milliseconds?: number;
  /** True when acr-cli would cap the value (it prints a warning and continues). */
  readonly capped?: boolean;
  /** Why the value is rejected. */
  readonly error?: string;
}

const GO_UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const GO_DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*$/;
/** Go's time.Duration is an int64 of nanoseconds; time.ParseDuration fails ("invalid duration") beyond it. */
const GO_MAX_NS = 9223372036854775807;

/**
 * Reads `--ago` the way acr-cli's `parseDuration` does: `<days>d` optionally followed by a Go duration
 * (`30d`, `2d3h6m`), or a Go duration alone (`12h`), capped at 150 years. acr-cli reads anything else silently as
 * 0 (`x1d`, where Sscanf fails) or as 150 years (`1dabc`, because the parse error contains "invalid duration"):
 * both delete far more than intended, so they are rejected here instead.
 */
export function parseAcrAgo(ago: string): ParsedAgo {
  if (ago.startsWith('-')) return { error: 'must not be negative (acr-cli would move the cut-off into the future)' };
  let days = 0;
  let rest = ago;
  const d = /^\+?(\d+)d/.exec(ago);
  if (d) {
    days = Number(d[1]);
    rest = ago.slice(d[0].length);
  } else if (ago.includes('d')) {
    return { error: 'has a "d" that does not follow a whole number of days (acr-cli would read it as 0: delete everything)' };
  }
  let ns = 0;
  if (rest !== '') {
    const body = rest.startsWith('+') ? rest.slice(1) : rest;
    if (rest.startsWith('-')) return { error: 'must not be negative (acr-cli would move the cut-off into the future)' };
    if (body !== '0' && !GO_DURATION.test(body)) {
      return { error: 'is not a Go duration after the days (acr-cli would read it as 150 years)' };
    }
    for (const m of body.matchAll(/(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/g)) ns += Number(m[1]) * GO_UNIT_NS[m[2]];
  }
  const maxDays = 150 * 365;
  let capped = days > maxDays || ns > GO_MAX_NS;
  const dayMs = Math.min(days, maxDays) * DAY_MS;
  const restMs = ns > GO_MAX_NS ? ACR_MAX_AGO_MS : Math.min(ns / 1e6, ACR_MAX_AGO_MS);
  let ms = dayMs + restMs;
  if (ms > ACR_MAX_AGO_MS) {
    ms = ACR_MAX_AGO_MS;
    capped = true;
  }
  return { milliseconds: ms, capped };
}
