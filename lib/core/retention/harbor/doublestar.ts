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
