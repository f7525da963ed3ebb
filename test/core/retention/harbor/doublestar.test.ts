import fc from 'fast-check';
import { HarborBadPatternError, compileHarborDoublestar, doublestarRegExpSource, escapeDoublestar, harborDoublestarMatch } from '../../../../lib/core/retention/harbor/doublestar';
import { harborRepositoryPatterns, harborTagPattern } from '../../../../lib/core/retention/harbor/compile';
import { matchesWildcard } from '../../../../lib/core/retention/patterns';

// bmatcuk/doublestar v1 doublestar_test.go `matchTests` (mostly Go's path/match_test.go); `null` = ErrBadPattern.
const MATCH_TESTS: Array<[string, string, boolean | null]> = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['[]a]', ']', null],
  ['[-]', '-', null],
  ['[x-]', 'x', null],
  ['[x-]', '-', null],
  ['[x-]', 'z', null],
  ['[-x]', 'x', null],
  ['[-x]', '-', null],
  ['[-x]', 'a', null],
  ['\\', 'a', null],
  ['[a-b-c]', 'a', null],
  ['[', 'a', null],
  ['[^', 'a', null],
  ['[^bc', 'a', null],
  ['a[', 'a', false],
  ['a[', 'ab', null],
  ['*x', 'xxx', true],
  ['a/**', 'a', false],
  ['a/**', 'a/b', true],
  ['a/**', 'a/b/c', true],
  ['**/c', 'c', true],
  ['**/c', 'b/c', true],
  ['**/c', 'a/b/c', true],
  ['**/c', 'a/b', false],
  ['**/c', 'abcd', false],
  ['**/c', 'a/abc', false],
  ['a/**/b', 'a/b', true],
  ['a/**/c', 'a/b/c', true],
  ['a/**/d', 'a/b/c/d', true],
  ['a/\\**', 'a/b/c', false],
  ['ab{c,d}', 'abc', true],
  ['ab{c,d,*}', 'abcde', true],
  ['ab{c,d}[', 'abcd', null],
  ['abc**', 'abc', true],
  ['**abc', 'abc', true],
];

describe('harborDoublestarMatch (port of bmatcuk/doublestar v1 Match)', () => {
  test.each(MATCH_TESTS)('Match(%j, %j) = %j', (pattern, name, expected) => {
    if (expected === null) expect(() => harborDoublestarMatch(pattern, name)).toThrow(HarborBadPatternError);
    else expect(harborDoublestarMatch(pattern, name)).toBe(expected);
  });

  test("Harbor's selector test patterns (src/lib/selector/selectors/doublestar/selector_test.go)", () => {
    expect(['latest', '4.0', '4.1'].map((t) => harborDoublestarMatch('{latest,4.*}', t))).toEqual([true, true, true]);
    expect(harborDoublestarMatch('{redis}', 'redis')).toBe(true);
    expect(harborDoublestarMatch('har*', 'harbor')).toBe(true);
    expect(harborDoublestarMatch('har*', 'redis')).toBe(false);
  });

  test('an empty pattern matches everything (selector.go match)', () => {
    expect(harborDoublestarMatch('', 'anything/at/all')).toBe(true);
  });

  test('v1 quirks: braces are split on "/" first; a brace group is only tried while name characters remain', () => {
    expect(() => harborDoublestarMatch('{a/b,c}', 'a/b')).toThrow(HarborBadPatternError);
    expect(harborDoublestarMatch('v{,-rc}', 'v')).toBe(false);
    expect(harborDoublestarMatch('v{,-rc}', 'v-rc')).toBe(true);
  });

  test('escapeDoublestar makes text match only itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '*', '?', '[', ']', '{', '}', ',', '\\', '-'), minLength: 1, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', '*', '?', '[', ']', '{', '}', ',', '\\', '-'), minLength: 1, maxLength: 8 }), (text, other) => {
        expect(harborDoublestarMatch(escapeDoublestar(text), text)).toBe(true);
        if (other !== text) expect(harborDoublestarMatch(escapeDoublestar(text), other)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('neutral patterns as doublestar patterns', () => {
  const tagChars = fc.constantFrom('a', 'b', '1', '.', '-', '_');
  const tag = fc.string({ unit: tagChars, minLength: 1, maxLength: 6 });
  const tagPat = fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', '-', '*'), minLength: 1, maxLength: 6 });

  test('harborTagPattern matches a tag exactly when one of the neutral patterns does', () => {
    fc.assert(
      fc.property(fc.array(tagPat, { minLength: 1, maxLength: 3 }), tag, (patterns, t) => {
        const harbor = harborDoublestarMatch(harborTagPattern(patterns), t);
        expect(harbor).toBe(patterns.some((p) => matchesWildcard(p, t)));
      }),
      { numRuns: 3000 },
    );
  });

  const segment = fc.string({ unit: fc.constantFrom('a', 'b', '-'), minLength: 1, maxLength: 3 });
  const repo = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
  const repoPat = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '-', '*'), minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

  test('harborRepositoryPatterns: the union of the alternatives matches exactly what the neutral pattern matches', () => {
    fc.assert(
      fc.property(repoPat, repo, (pattern, name) => {
        const harbor = harborRepositoryPatterns(pattern).some((alt) => harborDoublestarMatch(alt, name));
        expect(harbor).toBe(matchesWildcard(pattern, name));
      }),
      { numRuns: 5000 },
    );
  });

  test('whole-segment wildcards need one pattern', () => {
    expect(harborRepositoryPatterns('*')).toEqual(['**']);
    expect(harborRepositoryPatterns('team/*')).toEqual(['team/**']);
    expect(harborRepositoryPatterns('*/api')).toEqual(['*/**/api']);
    expect(harborRepositoryPatterns('app-*')).toEqual(['app-*', 'app-*/**/*']);
    expect(harborTagPattern(['v*', 'latest'])).toBe('{v*,latest}');
    expect(harborTagPattern(['v*', '*'])).toBe('**');
  });
});

describe('compileHarborDoublestar (the simulator matcher) answers exactly what harborDoublestarMatch answers', () => {
  /** The port's answer, or the name of the error it throws. */
  const outcome = (f: () => boolean): boolean | string => {
    try {
      return f();
    } catch (e) {
      return (e as Error).name;
    }
  };
  const agree = (patternUnits: string[], nameUnits: string[]) =>
    fc.property(fc.string({ unit: fc.constantFrom(...patternUnits), maxLength: 10 }), fc.string({ unit: fc.constantFrom(...nameUnits), maxLength: 7 }), (pattern, name) => {
      expect(outcome(() => compileHarborDoublestar(pattern)(name))).toEqual(outcome(() => harborDoublestarMatch(pattern, name)));
    });

  test('globs, globstars and braces (the RegExp path), names of literal characters too', () => {
    fc.assert(agree(['a', 'b', '.', '/', '*', '{', '}', ',', '?'], ['a', 'b', '.', '/', ',', '*', '{']), { numRuns: 20000 });
  });

  test('short alphabets, so that many names match and empty components and star runs occur', () => {
    fc.assert(agree(['a', '*', '{', '}', ',', '/', '?'], ['a', '/']), { numRuns: 20000 });
  });

  test('classes, escapes and malformed patterns (the fallback and the errors)', () => {
    fc.assert(agree(['a', 'b', '/', '*', '{', '}', ',', '[', ']', '^', '-', '\\'], ['a', 'b', '/', '-', '^', ']', '\\']), { numRuns: 20000 });
  });

  test('the RegExp path covers the patterns Harbor users write, and the quirks', () => {
    for (const p of ['**', 'v*', '{latest,4.*}', 'team/**', '**/api', 'a/**/b', 'ab[^e-g]', 'v{,-rc}', 'a***', '{a*}**']) {
      expect([p, doublestarRegExpSource(p) !== undefined]).toEqual([p, true]);
    }
    for (const [p, name, expected] of MATCH_TESTS) {
      if (expected !== null) expect([p, name, compileHarborDoublestar(p)(name)]).toEqual([p, name, expected]);
    }
    // Go only tries a brace group while name characters remain, and accepts the name's end before "*" or "**" only.
    expect(['v', 'v-rc'].map(compileHarborDoublestar('v{,-rc}'))).toEqual([false, true]);
    expect(['a', 'ab'].map(compileHarborDoublestar('a***'))).toEqual([false, true]);
    expect(['a', 'ab'].map(compileHarborDoublestar('a**'))).toEqual([true, true]);
  });
});
