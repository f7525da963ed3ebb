/** Fast whole-tag matchers for `*` patterns: the common shapes skip the regular-expression engine. */

import { wildcardToRegExp } from './patterns';

/** A test of one tag. */
export type TagTest = (tag: string) => boolean;

/** A matcher for one `*` pattern (whole-tag match): `*`, `literal`, `prefix*`, `*suffix`, `*infix*`, else a RegExp. */
export function tagMatcher(pattern: string): TagTest {
  const stars = pattern.split('*').length - 1;
  if (pattern.replace(/\*/g, '') === '') return () => true;
  if (stars === 0) return (tag) => tag === pattern;
  if (stars === 1 && pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return (tag) => tag.startsWith(prefix);
  }
  if (stars === 1 && pattern.startsWith('*')) {
    const suffix = pattern.slice(1);
    return (tag) => tag.endsWith(suffix);
  }
  if (stars === 2 && pattern.startsWith('*') && pattern.endsWith('*')) {
    const infix = pattern.slice(1, -1);
    return (tag) => tag.includes(infix);
  }
  const re = wildcardToRegExp(pattern);
  return (tag) => re.test(tag);
}

/** True when any tag matches any of the tests (OR over both). */
export function anyTagPasses(tests: readonly TagTest[], tags: readonly string[]): boolean {
  for (const tag of tags) {
    for (const test of tests) if (test(tag)) return true;
  }
  return false;
}
