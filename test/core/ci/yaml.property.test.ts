import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { toYaml, YamlValue } from '../../../lib/core/ci/yaml';

// Strings that tempt a YAML writer: booleans of YAML 1.1, numbers, indicators, expressions, block text.
const tricky = fc.oneof(
  fc.constantFrom('on', 'yes', 'No', 'off', 'null', '~', '', '1.0', '0x1F', '.inf', '-', '- x', 'a: b', 'a #b', '#c', '*x', '&y', '!t', '%p', '@a', '`x`', '"q"', "'s'", '${{ github.sha }}', '{a}', '[b]', 'x:', 'trailing ', ' leading', 'line1\nline2\n', 'no newline\nat end', 'type=sha,prefix=,format=long'),
  fc.string(),
);
const key = fc.oneof(fc.constantFrom('on', 'id-token', 'runs-on', 'yes', '1', 'a b', 'if'), fc.string({ minLength: 1 }));
const value: fc.Arbitrary<YamlValue> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
})).v as fc.Arbitrary<YamlValue>;

describe('toYaml', () => {
  test('reads back as the same value (the yaml library), and the same value gives the same bytes', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (doc) => {
        const text = toYaml(doc);
        expect(parseYaml(text)).toEqual(doc);
        expect(toYaml(doc)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('quotes YAML 1.1 booleans and numbers that GitHub would misread, and writes multi-line strings as blocks', () => {
    expect(toYaml({ a: 'yes', b: 'on', c: '1.10', d: 'main' })).toBe('a: "yes"\nb: "on"\nc: "1.10"\nd: main\n');
    expect(toYaml({ run: 'echo a\necho b\n' })).toBe('run: |\n  echo a\n  echo b\n');
  });
});
