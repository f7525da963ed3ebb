/** Recognises unresolved cdktf tokens in strings without importing cdktf (core stays cdktf-free). */

// cdktf string tokens render as `${TfToken[TOKEN.<n>]}`; numbers are encoded as huge negative doubles and lists as
// `#{TfToken[...]}` elements. Matching the marker keeps validation of literal values and skips late-bound ones.
const TOKEN_MARKER = /\$\{TfToken\[|#\{TfToken\[/;
const NUMBER_TOKEN_FLOOR = -1.8881545897087e289;

/** True when `value` is (or contains) an unresolved cdktf token, so its content is only known at apply. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string') return TOKEN_MARKER.test(value);
  if (typeof value === 'number') return value <= NUMBER_TOKEN_FLOOR;
  if (Array.isArray(value)) return value.some(isUnresolved);
  return false;
}
