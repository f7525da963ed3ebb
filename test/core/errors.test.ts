import { checkLowercaseName, describeValue, ValidationError, Violations } from '../../lib/core/errors';

describe('describeValue', () => {
  test('short values are shown whole, without a length', () => {
    expect(describeValue('team/app')).toBe('"team/app"');
    expect(describeValue(['a', 1])).toBe('["a",1]');
    expect(describeValue(undefined)).toBe('undefined');
  });

  test('a string of 100 characters or more carries its length', () => {
    expect(describeValue('a'.repeat(120))).toBe(`"${'a'.repeat(120)}" (120 characters)`);
  });

  test('a cut string carries its own length, not the length of the cut text', () => {
    const shown = describeValue('v'.repeat(1001));
    expect(shown).toBe(`"${'v'.repeat(196)}... (1001 characters)`);
  });

  test('a cut object carries the length of its JSON', () => {
    const value = { list: 'x'.repeat(300) };
    expect(describeValue(value)).toMatch(new RegExp(`^\\{"list":"x+\\.\\.\\. \\(${JSON.stringify(value).length} characters as JSON\\)$`));
  });

  test('the message of a ValidationError shows the length of an over-long value', () => {
    const v = new Violations().add('tags["team"]', 'has a value longer than 256 characters', 'x'.repeat(300), 'values of up to 256 characters');
    expect(new ValidationError('app/stack/Repo', v.items).message).toMatch(/^app\/stack\/Repo: tags\["team"\] has a value longer than 256 characters \(got "x+\.\.\. \(300 characters\)\); values of up to 256 characters$/);
  });
});

describe('checkLowercaseName', () => {
  const rule = { min: 2, max: 10, shape: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, what: 'name', allowed: 'letters and digits joined by "-"' };
  const check = (value: string) => {
    const v = new Violations();
    checkLowercaseName(v, 'name', value, rule);
    return v.items.map((x) => x.problem);
  };

  test('a valid name has no violation', () => expect(check('team-a')).toEqual([]));
  test('uppercase letters are named as such, and only them when the rest is fine', () => expect(check('Team-A')).toEqual(['has uppercase letters']));
  test('the length is stated', () => expect(check('a')).toEqual(['is 1 character long']));
  test('every broken rule at once', () => expect(check('Team--A-very-long')).toEqual(['is 17 characters long', 'has uppercase letters', 'is not a valid name']));
  test('the lowercase spelling is suggested', () => {
    const v = new Violations();
    checkLowercaseName(v, 'name', 'Prod', rule);
    expect(v.items[0].allowed).toBe('lowercase only, e.g. "prod"');
  });
});
