import { detectListing, splitImagesArgument, splitJsonValues } from '../../lib/cli/listings';

describe('detectListing tells the tools apart by the keys only each prints', () => {
  test.each([
    [{ imageDetails: [] }, 'ecr'],
    [[{ package: 'europe-docker.pkg.dev/p/r/api', version: 'sha256:aa', tags: [] }], 'gar'],
    [[{ digest: 'sha256:aa', push_time: '2025-01-01T00:00:00.000Z' }], 'harbor'],
    [[[{ digest: 'sha256:aa', push_time: '2025-01-01T00:00:00.000Z' }]], 'harbor'],
    [{ Payload: [] }, 'harbor'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z' }], 'acr'],
    [{ imageName: 'team/api', manifests: [] }, 'acr'],
    [[{ imageName: 'team/api', manifests: [] }], 'acr'],
    [{ images: [] }, 'neutral'],
    [[{ digest: 'sha256:aa', pushedAt: '2025-01-01' }], 'neutral'],
    [[], 'neutral'],
  ])('%j is %s', (value, name) => {
    expect(detectListing(value)).toBe(name);
  });

  test.each([[{ items: [] }], [[{ name: 'v1' }]], ['text'], [42]])('%j is not known', (value) => {
    expect(detectListing(value)).toBeUndefined();
  });
});

describe('splitJsonValues', () => {
  test('splits values appended one after another, strings with brackets included', () => {
    expect(splitJsonValues('[1, "]"]\n\n[{"a": "[x"}]\n')).toEqual(['[1, "]"]', '[{"a": "[x"}]']);
    expect(splitJsonValues('{"a": 1}{"b": 2}')).toEqual(['{"a": 1}', '{"b": 2}']);
  });

  test('one value, text after a value, or an unclosed value is not a sequence (the JSON error is reported instead)', () => {
    expect(splitJsonValues('[1, 2]\n')).toBeUndefined();
    expect(splitJsonValues('[1] trailing')).toBeUndefined();
    expect(splitJsonValues('[1] [2')).toBeUndefined();
  });
});

describe('splitImagesArgument', () => {
  test.each([
    ['payments/api=api.json', { repository: 'payments/api', path: 'api.json' }],
    ['api.json', { path: 'api.json' }],
    ['./dir/a=b.json', { path: './dir/a=b.json' }],
    ['Team=x.json', { path: 'Team=x.json' }],
    ['team=', { path: 'team=' }],
    ['team/api=-', { repository: 'team/api', path: '-' }],
  ])('%s', (arg, expected) => {
    expect(splitImagesArgument(arg)).toEqual(expected);
  });
});
