import fc from 'fast-check';
import { HarborBadPatternError, compileHarborDoublestar, doublestarRegExpSource, escapeDoublestar, harborDoublestarMatch } from '../../../../lib/core/retention/harbor/doublestar';
import { harborRepositoryPatterns, harborTagPattern } from '../../../../lib/core/retention/harbor/compile';
import { matchesWildcard } from '../../../../lib/core/retention/patterns';

// bmatcuk/doublestar v1.3.4 doublestar_test.go `matchTests` (mostly Go's path/match_test.go), in order; `null` =
// ErrBadPattern. The on-disk flag of the Go table only matters to Glob.
const MATCH_TESTS: Array<[string, string, boolean | null]> = [
  ['*', '', true],
  ['*', '/', false],
  ['/*', '/', true],
  ['/*', '/debug/', false],
  ['/*', '//', false],
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['*/', 'a/', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*', 'axbxcxdxe', true],
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
  ['[abc]', 'b', true],
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
  // this is an odd case: filepath.Glob() will return results
  ['a//b/c', 'a/b/c', false],
  ['a/b/c', 'a/b//c', false],
  // also odd: Glob + filepath.Glob return results
  ['a/', 'a', false],
  ['ab{c,d}', 'abc', true],
  ['ab{c,d,*}', 'abcde', true],
  ['ab{c,d}[', 'abcd', null],
  ['a{,bc}', 'a', true],
  ['a{,bc}', 'abc', true],
  ['a/{b/c,c/b}', 'a/b/c', true],
  ['a/{b/c,c/b}', 'a/c/b', true],
  ['{a/{b,c},abc}', 'a/b', true],
  ['{a/{b,c},abc}', 'a/c', true],
  ['{a/{b,c},abc}', 'abc', true],
  ['{a/{b,c},abc}', 'a/b/c', false],
  ['{a/ab*}', 'a/abc', true],
  ['{a/*}', 'a/b', true],
  ['{a/abc}', 'a/abc', true],
  ['{a/b,a/c}', 'a/c', true],
  ['abc/**', 'abc/b', true],
  ['**/abc', 'abc', true],
  ['abc**', 'abc/b', false],
  ['**/*.txt', 'abc/【test】.txt', true],
  ['**/【*', 'abc/【test】.txt', true],
  ['broken-symlink', 'broken-symlink', true],
  ['working-symlink/c/*', 'working-symlink/c/d', true],
  ['working-sym*/*', 'working-symlink/c', true],
  ['b/**/f', 'b/symlink-dir/f', true],

];

describe('harborDoublestarMatch (port of bmatcuk/doublestar v1.3.4 Match)', () => {
  test.each(MATCH_TESTS)('Match(%j, %j) = %j', (pattern, name, expected) => {
    if (expected === null) expect(() => harborDoublestarMatch(pattern, name)).toThrow(HarborBadPatternError);
    else expect(harborDoublestarMatch(pattern, name)).toBe(expected);
  });

  test("Harbor's selector test patterns (src/lib/selector/selectors/doublestar/selector_test.go, Harbor 2.11+)", () => {
    // The suite's candidates: library/harbor:latest, retention/redis:4.0, retention/redis:4.1, library/special (untagged).
    const tags = ['latest', '4.0', '4.1'];
    expect(tags.map((t) => harborDoublestarMatch('{latest,4.*}', t))).toEqual([true, true, true]);
    expect(tags.map((t) => harborDoublestarMatch('4.*', t))).toEqual([false, true, true]);
    const repos = ['harbor', 'redis', 'redis', 'special'];
    expect(repos.map((r) => harborDoublestarMatch('{redis}', r))).toEqual([false, true, true, false]);
    expect(repos.map((r) => harborDoublestarMatch('har*', r))).toEqual([true, false, false, false]);
    expect(repos.map((r) => harborDoublestarMatch('re*', r))).toEqual([false, true, true, false]);
    const namespaces = ['library', 'retention', 'retention', 'library'];
    expect(namespaces.map((n) => harborDoublestarMatch('{library}', n))).toEqual([true, false, false, true]);
    // The simulator's compiled matchers answer the same.
    expect(tags.map(compileHarborDoublestar('{latest,4.*}'))).toEqual([true, true, true]);
    expect(repos.map(compileHarborDoublestar('{redis}'))).toEqual([false, true, true, false]);
  });

  test('an empty pattern matches everything (selector.go match)', () => {
    expect(harborDoublestarMatch('', 'anything/at/all')).toBe(true);
  });

  test('v1.3.4 (Harbor 2.11 and later): braces may hold "/" and empty alternatives match at the end of the name', () => {
    expect(harborDoublestarMatch('{team/a,team/b}', 'team/a')).toBe(true);
    expect(harborDoublestarMatch('{team/a,team/b}', 'team/c')).toBe(false);
    expect(harborDoublestarMatch('v1{,-rc}', 'v1')).toBe(true);
    expect(harborDoublestarMatch('v1{,-rc}', 'v1-rc')).toBe(true);
    expect(harborDoublestarMatch('v1{,-rc}', 'v1-rc2')).toBe(false);
    // Kept from v1: a "*" never tries the empty rest of the name.
    expect(harborDoublestarMatch('a*{,x}', 'ab')).toBe(false);
    expect(harborDoublestarMatch('a*{,x}', 'abx')).toBe(true);
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

  test('one brace group of plain alternatives (what harborTagPattern writes), on names with and without "/"', () => {
    const option = fc.string({ unit: fc.constantFrom('a', 'b', '.', '*', '?'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(option, { minLength: 1, maxLength: 4 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '/'), maxLength: 6 }), (options, name) => {
        const pattern = `{${options.join(',')}}`;
        expect(outcome(() => compileHarborDoublestar(pattern)(name))).toEqual(outcome(() => harborDoublestarMatch(pattern, name)));
      }),
      { numRuns: 20000 },
    );
  });

  test('the RegExp path covers the patterns Harbor users write, and the quirks', () => {
    for (const p of ['**', 'v*', 'team/**', '**/api', 'a/**/b', 'ab[^e-g]', 'a***']) {
      expect([p, doublestarRegExpSource(p) !== undefined]).toEqual([p, true]);
    }
    // Brace groups are read by the port (v1.3.4 re-reads alternative + rest, across "/" too), or as alternatives.
    expect(doublestarRegExpSource('{latest,4.*}')).toBeUndefined();
    expect(['latest', '4.1', 'x', '4.1/x'].map(compileHarborDoublestar('{latest,4.*}'))).toEqual([true, true, false, false]);
    for (const [p, name, expected] of MATCH_TESTS) {
      if (expected !== null) expect([p, name, compileHarborDoublestar(p)(name)]).toEqual([p, name, expected]);
    }
    // At the name's end Go accepts only a rest that can be empty: "", "*", "**" or a brace group with an empty alternative.
    expect(['v', 'v-rc', 'v-rc1'].map(compileHarborDoublestar('v{,-rc}'))).toEqual([true, true, false]);
    expect(['a', 'ab'].map(compileHarborDoublestar('a***'))).toEqual([false, true]);
    expect(['a', 'ab'].map(compileHarborDoublestar('a**'))).toEqual([true, true]);
  });
});
