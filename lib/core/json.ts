/** Small helpers for reading and writing plain JSON values, shared by every dialect's parser and renderer. */

/** True for a JSON object: not null, not an array. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A copy without the keys whose value is undefined, so rendered JSON never carries empty keys. */
export function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== undefined) out[k] = val;
  return out as T;
}

/**
 * The end (exclusive) of the bracketed JSON value that starts at `start` (`[` or `{`), skipping strings; -1 when it
 * never closes. Used to read several JSON values written one after another (pages appended to one file).
 */
export function endOfJsonValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
