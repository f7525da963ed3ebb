/**
 * An exact port of `Match` from github.com/bmatcuk/doublestar v1.1.x (the version Harbor pins in src/go.mod and
 * calls from src/lib/selector/selectors/doublestar/selector.go), plus escaping for literal text.
 *
 * Why a port rather than picomatch: picomatch is a different dialect. It treats a leading `!` as negation,
 * knows extglobs (`+(a)`, `@(a|b)`), expands nested braces and ranges (`{1..3}`), and by default refuses to let
 * `*` match a leading dot. Harbor's matcher has none of that, and v1 also has quirks a glob library would not
 * reproduce: the pattern is split on `/` before braces are read (so `{a/b,c}` is broken), `**` is a globstar only
 * as a whole path component, and a brace group is only tried while name characters remain. Tags and repository
 * names are ASCII, so working on UTF-16 code units is the same as Go's rune loop for every valid input.
 */

const componentCache = new Map<string, string[]>();

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
  let components = componentCache.get(pattern);
  if (!components) {
    components = splitPathOnSeparator(pattern, '/');
    if (componentCache.size > 10_000) componentCache.clear();
    componentCache.set(pattern, components);
  }
  if (components.length === 1 && components[0] !== '**' && !name.includes('/')) return matchComponent(components[0], name, pattern);
  return doMatching(components, splitPathOnSeparator(name, '/'), pattern);
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
  const source = pattern.length === 0 ? undefined : doublestarRegExpSource(pattern);
  if (pattern.length === 0) {
    matcher = () => true;
  } else if (source === undefined) {
    matcher = (name) => harborDoublestarMatch(pattern, name);
  } else {
    const re = new RegExp(source);
    matcher = (name) => (name.indexOf('\\') === -1 ? re.test(name) : harborDoublestarMatch(pattern, name));
  }
  if (matcherCache.size > 10_000) matcherCache.clear();
  matcherCache.set(pattern, matcher);
  return matcher;
}

/**
 * The RegExp source equal to doublestar v1 `Match(pattern, name)` for every name without a backslash, or undefined
 * when `pattern` is outside the translated subset: an escaped "/", a pattern part Go could report as malformed
 * (trailing "\\", unclosed or malformed class or brace), or a brace option holding "\\", "[" or "{" (Go
 * re-parses option + rest, which can pair brackets across the option's end).
 *
 * The translation follows the port's quirks: `*` and `?` never cross "/"; a whole `**` component matches zero or
 * more components in the middle and one or more at the end; a brace group is only tried while name characters
 * remain (a lookahead); and when the name runs out the rest of the pattern must be exactly "", "*" or "**", so a
 * trailing run of three or more stars (or "**" as a whole empty-name match) needs at least one character.
 */
export function doublestarRegExpSource(pattern: string): string | undefined {
  if (pattern.includes('\\/')) return undefined;
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
    source += sequenceSource(distributeTrailingStars(tokens), true, false) + (last ? '' : '/');
  }
  return `${source}$`;
}

/** A component token: one character matcher (RegExp source), a `*`, or a brace group of simple options. */
type Token = string | typeof STAR | Token[][];
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
    } else if (c === '{') {
      const end = component.indexOf('}', i + 1);
      if (end === -1) return undefined;
      const inner = component.slice(i + 1, end);
      if (/[\\[{]/.test(inner)) return undefined;
      tokens.push(inner.split(',').map((o) => o.split('').map((x): Token => (x === '*' ? STAR : x === '?' ? ANY_CHAR : unit(x)))));
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

/**
 * When the last non-star token is a brace group, its options absorb the trailing stars: Go re-reads option + rest
 * as one pattern, so the run that has to be empty at the name's end spans both.
 */
function distributeTrailingStars(tokens: Token[]): Token[] {
  let k = tokens.length;
  while (k > 0 && tokens[k - 1] === STAR) k--;
  const group = tokens[k - 1];
  if (k === 0 || !Array.isArray(group) || k === tokens.length) return tokens;
  const stars = tokens.slice(k);
  return [...tokens.slice(0, k - 1), group.map((o) => [...o, ...stars])];
}

/**
 * `atEnd`: the sequence ends the component, so its trailing star run obeys the name-end rule; `guarded`: a brace
 * lookahead already guarantees a character before the sequence.
 */
function sequenceSource(tokens: Token[], atEnd: boolean, guarded: boolean): string {
  let k = tokens.length;
  if (atEnd) while (k > 0 && tokens[k - 1] === STAR) k--;
  let source = '';
  for (let i = 0; i < k; i++) {
    const t = tokens[i];
    if (t === STAR) {
      if (tokens[i - 1] !== STAR) source += `${ANY_CHAR}*`;
    } else if (Array.isArray(t)) {
      const last = atEnd && i === tokens.length - 1;
      source += `(?=${ANY_CHAR})(?:${t.map((o) => sequenceSource(o, last, true)).join('|')})`;
    } else {
      source += t;
    }
  }
  const stars = tokens.length - k;
  if (stars === 0) return source;
  // Go accepts the name's end only before exactly "", "*" or "**", and an empty name only for the pattern "*".
  const mayBeEmpty = k > 0 || guarded ? stars <= 2 : stars === 1;
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

function doMatching(pat: string[], name: string[], whole: string): boolean {
  const patternLen = pat.length;
  const nameLen = name.length;
  if (patternLen === 0 && nameLen === 0) return true;
  if (patternLen === 0 || nameLen === 0) return false;
  let patIdx = 0;
  let nameIdx = 0;
  while (patIdx < patternLen && nameIdx < nameLen) {
    if (pat[patIdx] === '**') {
      if (++patIdx >= patternLen) return true;
      for (; nameIdx < nameLen; nameIdx++) {
        // Go discards the error of these recursive calls (`if m, _ := doMatching(...)`).
        if (safe(() => doMatching(pat.slice(patIdx), name.slice(nameIdx), whole))) return true;
      }
      return false;
    }
    if (!matchComponent(pat[patIdx], name[nameIdx], whole)) return false;
    patIdx++;
    nameIdx++;
  }
  return patIdx >= patternLen && nameIdx >= nameLen;
}

function safe(f: () => boolean): boolean {
  try {
    return f();
  } catch {
    return false;
  }
}

function matchComponent(pattern: string, name: string, whole: string): boolean {
  return matchFrom(pattern, 0, name, 0, whole);
}

/** matchComponent(pattern[pi:], name[ni:]) without copying the strings. */
function matchFrom(pattern: string, pi: number, name: string, ni: number, whole: string): boolean {
  const patternLen = pattern.length;
  const nameLen = name.length;
  if (pi >= patternLen && ni >= nameLen) return true;
  if (pi >= patternLen) return false;
  if (ni >= nameLen && !(pi === patternLen - 1 && pattern[pi] === '*')) return false;
  let patIdx = pi;
  let nameIdx = ni;
  while (patIdx < patternLen && nameIdx < nameLen) {
    let patRune = pattern[patIdx];
    const nameRune = name[nameIdx];
    if (patRune === '\\') {
      patIdx++;
      if (patIdx >= patternLen) throw new HarborBadPatternError(whole);
      patRune = pattern[patIdx];
      if (patRune !== nameRune) return false;
      patIdx++;
      nameIdx++;
    } else if (patRune === '*') {
      if (++patIdx >= patternLen) return true;
      for (; nameIdx < nameLen; nameIdx++) {
        // Go ignores errors here (`if m, _ := matchComponent(...)`).
        try {
          if (matchFrom(pattern, patIdx, name, nameIdx, whole)) return true;
        } catch {
          // a bad pattern in a later part counts as "no match" for this split, as in Go
        }
      }
      return false;
    } else if (patRune === '[') {
      patIdx++;
      let endClass = indexWithEscaping(pattern.slice(patIdx), ']');
      if (endClass === -1) throw new HarborBadPatternError(whole);
      endClass += patIdx;
      const cls = pattern.slice(patIdx, endClass);
      if (cls.length === 0) throw new HarborBadPatternError(whole);
      let i = 0;
      let matchClass = false;
      if (cls[0] === '^') i++;
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
      if (matchClass === (cls[0] === '^')) return false;
      patIdx = endClass + 1;
      nameIdx++;
    } else if (patRune === '{') {
      patIdx++;
      let endOptions = indexWithEscaping(pattern.slice(patIdx), '}');
      if (endOptions === -1) throw new HarborBadPatternError(whole);
      endOptions += patIdx;
      const options = splitPathOnSeparator(pattern.slice(patIdx, endOptions), ',');
      const rest = pattern.slice(endOptions + 1);
      for (const o of options) {
        if (matchFrom(o + rest, 0, name, nameIdx, whole)) return true;
      }
      return false;
    } else if (patRune === '?' || patRune === nameRune) {
      patIdx++;
      nameIdx++;
    } else {
      return false;
    }
  }
  if (patIdx >= patternLen && nameIdx >= nameLen) return true;
  const restLen = patternLen - patIdx;
  const restIsStar = restLen === 1 && pattern[patIdx] === '*';
  const restIsStars = restLen === 2 && pattern[patIdx] === '*' && pattern[patIdx + 1] === '*';
  return (nameIdx >= nameLen && restIsStar) || restIsStars;
}
