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
