/**
 * An exact port of `Match` from github.com/bmatcuk/doublestar v1.3.4, the version Harbor pins in src/go.mod since
 * Harbor 2.11 (2.10 and earlier pin v1.1.1) and calls from src/lib/selector/selectors/doublestar/selector.go, plus
 * escaping for literal text.
 *
 * What changed from v1.1.x: the pattern is no longer split on `/` before braces are read, so a brace group may
 * hold `/` (`{team/a,team/b}`, `a/{b/c,c/b}`) and nest (`{a/{b,c},abc}`); an alternative may be empty and then
 * also matches at the end of the name (`v1{,-rc}` matches `v1`); a bad part of a pattern is reported wherever
 * matching reaches it.
 *
 * Why a port rather than picomatch: picomatch is a different dialect. It treats a leading `!` as negation,
 * knows extglobs (`+(a)`, `@(a|b)`), expands brace ranges (`{1..3}`), and by default refuses to let `*` match a
 * leading dot. Harbor's matcher has none of that, and v1 also has quirks a glob library would not reproduce:
 * `**` is a globstar only as a whole path component, and a `*` never tries the empty rest of a name (`a*{,x}`
 * does not match `ab`). Tags and repository names are ASCII, so working on UTF-16 code units is the same as Go's
 * rune loop for every valid input (and for every name in the Basic Multilingual Plane).
 */

/** Thrown for a malformed pattern (Go's `path.ErrBadPattern`); Harbor's selector returns it as an error. */
export class HarborBadPatternError extends Error {
  /** Names the malformed pattern. */
  constructor(pattern: string) {
    super(`syntax error in doublestar pattern ${JSON.stringify(pattern)}`);
    this.name = 'HarborBadPatternError';
  }
}

/**
 * True when `name` matches the doublestar `pattern` the way Harbor's retention selectors decide it: an empty
 * pattern matches everything (selector.go `match`), otherwise doublestar v1 `Match` with `/` as separator.
 * Throws HarborBadPatternError where Go returns ErrBadPattern.
 */
export function harborDoublestarMatch(pattern: string, name: string): boolean {
  if (pattern.length === 0) return true;
  return doMatching(pattern, splitPathOnSeparator(name, '/'), pattern);
}

/** A compiled doublestar pattern: answers exactly what harborDoublestarMatch answers for the same pattern. */
export type HarborDoublestarMatcher = (name: string) => boolean;

const matcherCache = new Map<string, HarborDoublestarMatcher>();

/**
 * Compiles `pattern` once into a matcher for many names. Patterns in the subset doublestarRegExpSource translates
 * become one anchored RegExp; any other pattern, and any name holding a backslash (which Go's splitter treats as
 * an escape), falls back to harborDoublestarMatch, so answers and thrown errors are always the port's.
 */
export function compileHarborDoublestar(pattern: string): HarborDoublestarMatcher {
  let matcher = matcherCache.get(pattern);
  if (matcher) return matcher;
  if (pattern.length === 0) {
    matcher = () => true;
  } else {
    matcher = regExpMatcher(pattern) ?? alternativesMatcher(pattern) ?? ((name) => harborDoublestarMatch(pattern, name));
  }
  if (matcherCache.size > 10_000) matcherCache.clear();
  matcherCache.set(pattern, matcher);
  return matcher;
}

/** One anchored RegExp for a pattern in the translated subset; names holding a backslash go to the port. */
function regExpMatcher(pattern: string): HarborDoublestarMatcher | undefined {
  const source = doublestarRegExpSource(pattern);
  if (source === undefined) return undefined;
  const re = new RegExp(source);
  return (name) => (name.indexOf('\\') === -1 ? re.test(name) : harborDoublestarMatch(pattern, name));
}

/**
 * A pattern that is one brace group of translated alternatives without "/" or "**" (what harborTagPattern writes,
 * `{v*,latest}`): on a single-component name v1.3.4 tries each alternative on its own, so it matches when one of
 * them does. Names holding "/" or a backslash go to the port.
 */
function alternativesMatcher(pattern: string): HarborDoublestarMatcher | undefined {
  if (pattern[0] !== '{' || pattern[pattern.length - 1] !== '}') return undefined;
  const inner = pattern.slice(1, -1);
  if (/[{}\[\]\\/]/.test(inner) || inner.includes('**')) return undefined;
  const sources = inner.split(',').map(doublestarRegExpSource);
  if (sources.some((x) => x === undefined)) return undefined;
  const res = sources.map((x) => new RegExp(x!));
  return (name) => (name.indexOf('/') === -1 && name.indexOf('\\') === -1 ? res.some((re) => re.test(name)) : harborDoublestarMatch(pattern, name));
}

/**
 * The RegExp source equal to doublestar v1.3.4 `Match(pattern, name)` for every name without a backslash, or
 * undefined when `pattern` is outside the translated subset: a brace group (v1.3.4 re-reads alternative + rest,
 * across "/" too), an escaped "/", or a part Go could report as malformed (trailing "\\", unclosed or malformed
 * class).
 *
 * The translation follows the port's quirks: `*` and `?` never cross "/"; a whole `**` component matches zero or
 * more components in the middle and one or more at the end; and when the name runs out the rest of the component
 * must be exactly "", "*" or "**", so a trailing run of three or more stars needs at least one character.
 */
export function doublestarRegExpSource(pattern: string): string | undefined {
  if (pattern.includes('\\/') || pattern.includes('{')) return undefined;
  const components = pattern.split('/');
  let source = '^';
  for (let i = 0; i < components.length; i++) {
    const last = i === components.length - 1;
    if (components[i] === '**') {
      source += last ? '[^]*' : '(?:[^/]*/)*';
      continue;
    }
    const tokens = componentTokens(components[i]);
    if (tokens === undefined) return undefined;
    source += sequenceSource(tokens) + (last ? '' : '/');
  }
  return `${source}$`;
}

/** A component token: one character matcher (RegExp source), or a `*`. */
type Token = string | typeof STAR;
const STAR = 0;
const ANY_CHAR = '[^/]';

function componentTokens(component: string): Token[] | undefined {
  const tokens: Token[] = [];
  for (let i = 0; i < component.length; ) {
    const c = component[i];
    if (c === '\\') {
      if (i + 1 >= component.length) return undefined;
      tokens.push(unit(component[i + 1]));
      i += 2;
    } else if (c === '*') {
      tokens.push(STAR);
      i++;
    } else if (c === '?') {
      tokens.push(ANY_CHAR);
      i++;
    } else if (c === '[') {
      const end = component.indexOf(']', i + 1);
      const cls = end === -1 ? undefined : classSource(component.slice(i + 1, end));
      if (cls === undefined) return undefined;
      tokens.push(cls);
      i = end + 1;
    } else {
      tokens.push(unit(c));
      i++;
    }
  }
  return tokens;
}

/** A class body as Go's loop reads it, or undefined where Go reports ErrBadPattern (or a backslash is involved). */
function classSource(cls: string): string | undefined {
  if (cls.length === 0 || cls.includes('\\')) return undefined;
  const negated = cls[0] === '^';
  let items = '';
  for (let i = negated ? 1 : 0; i < cls.length; ) {
    const low = cls[i++];
    if (low === '-') return undefined;
    let high = low;
    if (i < cls.length && cls[i] === '-') {
      if (++i >= cls.length) return undefined;
      high = cls[i++];
      if (high === '-') return undefined;
    }
    // Go compares code points with low <= r <= high: an inverted range matches nothing (and is a RegExp syntax error).
    if (low <= high) items += low === high ? unit(low) : `${unit(low)}-${unit(high)}`;
  }
  if (negated) return `[^${items}/]`;
  return items === '' ? '(?!)' : `(?!/)[${items}]`;
}

/** A component's tokens as RegExp source; the trailing star run obeys the name-end rule. */
function sequenceSource(tokens: Token[]): string {
  let k = tokens.length;
  while (k > 0 && tokens[k - 1] === STAR) k--;
  let source = '';
  for (let i = 0; i < k; i++) {
    const t = tokens[i];
    if (t === STAR) {
      if (tokens[i - 1] !== STAR) source += `${ANY_CHAR}*`;
    } else {
      source += t;
    }
  }
  const stars = tokens.length - k;
  if (stars === 0) return source;
  // Go accepts the name's end only before exactly "", "*" or "**", and an empty name only for the pattern "*".
  const mayBeEmpty = k > 0 ? stars <= 2 : stars === 1;
  return source + ANY_CHAR + (mayBeEmpty ? '*' : '+');
}

/** One UTF-16 code unit as a RegExp escape: the port, like a RegExp without the u flag, compares code units. */
function unit(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Checks a pattern for the errors Go's matcher reports; returns a description of the problem, or undefined. */
export function harborDoublestarProblem(pattern: string): string | undefined {
  // Go only reports a bad pattern when matching reaches the broken part; probing a few names reaches most of it.
  for (const probe of ['a', 'v1.0', 'x/y', pattern.replace(/[*?[\]{}\\,]/g, 'a')]) {
    try {
      harborDoublestarMatch(pattern, probe);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (hasUnbalanced(pattern, '[', ']') || hasUnbalanced(pattern, '{', '}')) return 'unbalanced "[" or "{"';
  if (/(^|[^\\])\\$/.test(pattern)) return 'ends in an unescaped "\\"';
  return undefined;
}

/** Escapes every character doublestar gives a meaning to, so that `text` matches only itself. */
export function escapeDoublestar(text: string): string {
  return text.replace(/[*?[\]{}\\,]/g, '\\$&');
}

function hasUnbalanced(pattern: string, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/** splitPathOnSeparator: split on `sep`, skipping escaped separators; a trailing separator yields a final "". */
function splitPathOnSeparator(path: string, sep: string): string[] {
  if (!path.includes(sep)) return [path];
  const ret: string[] = [];
  let emptyEnd = false;
  for (let start = 0; start < path.length; ) {
    let end = indexWithEscaping(path.slice(start), sep);
    if (end === -1) {
      emptyEnd = false;
      end = path.length;
    } else {
      emptyEnd = true;
      end += start;
    }
    ret.push(path.slice(start, end));
    start = end + sep.length;
  }
  if (emptyEnd) ret.push('');
  return ret;
}

/** indexRuneWithEscaping: first index of `r` not preceded by a backslash (Go checks only one backslash back). */
function indexWithEscaping(s: string, r: string): number {
  let end = s.indexOf(r);
  if (end === -1) return -1;
  if (end > 0 && s[end - 1] === '\\') {
    const start = end + r.length;
    end = indexWithEscaping(s.slice(start), r);
    if (end !== -1) end += start;
  }
  return end;
}

/** splitAlternatives: the alternatives of a brace group (`s` starts after the "{") and the index after its "}"; -1 when unclosed. */
function splitAlternatives(s: string): { options: string[]; end: number } {
  const options: string[] = [];
  let idx = 0;
  let depth = 1;
  let escaped = false;
  let start = 0;
  while (depth > 0) {
    if (idx >= s.length) return { options: [], end: -1 };
    const c = s[idx];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 1) {
      options.push(s.slice(start, idx));
      start = idx + 1;
    }
    idx++;
  }
  options.push(s.slice(start, idx - 1));
  return { options, end: idx };
}

/** isZeroLengthPattern: whether the pattern can match zero characters ("", "*", "**", or a brace group with an empty-able alternative and rest). */
function isZeroLengthPattern(pattern: string, whole: string): boolean {
  if (pattern === '' || pattern === '*' || pattern === '**') return true;
  if (pattern[0] === '{') {
    const { options, end } = splitAlternatives(pattern.slice(1));
    if (end === -1) throw new HarborBadPatternError(whole);
    if (!isZeroLengthPattern(pattern.slice(1 + end), whole)) return false;
    for (const o of options) if (isZeroLengthPattern(o, whole)) return true;
  }
  return false;
}

function doMatching(pattern: string, name: readonly string[], whole: string): boolean {
  const patternLen = pattern.length;
  const nameLen = name.length;
  if (patternLen === 0 && nameLen === 0) return true;
  if (patternLen === 0) {
    if (nameLen === 1 && name[0] === '') return true;
    if (nameLen === 0) return false;
  }
  let slashIdx = indexWithEscaping(pattern, '/');
  const lastComponent = slashIdx === -1;
  if (lastComponent) slashIdx = patternLen;
  if (pattern.slice(0, slashIdx) === '**') {
    if (lastComponent) return true;
    for (let nameIdx = 0; nameIdx < nameLen; nameIdx++) {
      // Go discards the error of these calls (`if m, _ := doMatching(...)`).
      try {
        if (doMatching(pattern.slice(slashIdx + 1), name.slice(nameIdx), whole)) return true;
      } catch {
        // no match for this split, as in Go
      }
    }
    return false;
  }
  const matches = matchComponent(pattern, name[0], whole);
  if (matches === null) return false;
  if (matches.length === 0 && nameLen === 1) return true;
  if (nameLen > 1) {
    for (const alt of matches) if (doMatching(alt, name.slice(1), whole)) return true;
  }
  return false;
}

/**
 * matchComponent: matches one name component against the start of the pattern (which may span components);
 * returns the patterns left for the next components ([] when the whole pattern was used), or null for no match.
 */
function matchComponent(pattern: string, name: string, whole: string): string[] | null {
  const patternLen = pattern.length;
  const nameLen = name.length;
  let patIdx = 0;
  let nameIdx = 0;
  while (patIdx < patternLen && nameIdx < nameLen) {
    const patRune = pattern[patIdx];
    const nameRune = name[nameIdx];
    if (patRune === '/') {
      patIdx++;
      break;
    } else if (patRune === '\\') {
      patIdx++;
      if (patIdx >= patternLen) throw new HarborBadPatternError(whole);
      if (pattern[patIdx] !== nameRune) return null;
      patIdx++;
      nameIdx++;
    } else if (patRune === '*') {
      // A star at the end of the pattern or before a separator matches the rest of the component.
      if (++patIdx >= patternLen) return [];
      if (pattern[patIdx] === '/') return [pattern.slice(patIdx + 1)];
      // Errors propagate here (`if m, e := ...; m != nil || e != nil`); the empty rest of the name is never tried.
      for (; nameIdx < nameLen; nameIdx++) {
        const m = matchComponent(pattern.slice(patIdx), name.slice(nameIdx), whole);
        if (m !== null) return m;
      }
      return null;
    } else if (patRune === '[') {
      patIdx++;
      let endClass = indexWithEscaping(pattern.slice(patIdx), ']');
      if (endClass === -1) throw new HarborBadPatternError(whole);
      endClass += patIdx;
      const cls = pattern.slice(patIdx, endClass);
      if (cls.length === 0) throw new HarborBadPatternError(whole);
      let i = cls[0] === '^' ? 1 : 0;
      let matchClass = false;
      while (i < cls.length) {
        let low = cls[i];
        if (low === '-') throw new HarborBadPatternError(whole);
        i++;
        if (low === '\\') {
          if (i >= cls.length) throw new HarborBadPatternError(whole);
          low = cls[i++];
        }
        let high = low;
        if (i < cls.length && cls[i] === '-') {
          if (++i >= cls.length) throw new HarborBadPatternError(whole);
          high = cls[i];
          if (high === '-') throw new HarborBadPatternError(whole);
          i++;
          if (high === '\\') {
            if (i >= cls.length) throw new HarborBadPatternError(whole);
            high = cls[i++];
          }
        }
        if (low <= nameRune && nameRune <= high) matchClass = true;
      }
      if (matchClass === (cls[0] === '^')) return null;
      patIdx = endClass + 1;
      nameIdx++;
    } else if (patRune === '{') {
      patIdx++;
      const { options, end } = splitAlternatives(pattern.slice(patIdx));
      if (end === -1) throw new HarborBadPatternError(whole);
      patIdx += end;
      const rest = pattern.slice(patIdx);
      let results: string[] | null = null;
      for (const o of options) {
        const m = matchComponent(o + rest, name.slice(nameIdx), whole);
        if (m !== null) results = [...(results ?? []), ...m];
      }
      return results;
    } else if (patRune === '?' || patRune === nameRune) {
      patIdx++;
      nameIdx++;
    } else {
      return null;
    }
  }
  if (nameIdx >= nameLen) {
    if (patIdx >= patternLen) return [];
    const rest = pattern.slice(patIdx);
    const slash = indexWithEscaping(rest, '/');
    if (isZeroLengthPattern(slash >= 0 ? rest.slice(0, slash) : rest, whole)) return slash === -1 ? [] : [rest.slice(slash + 1)];
  }
  return null;
}
