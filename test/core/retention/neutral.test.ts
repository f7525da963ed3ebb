import { ImageAction, StorageClass } from '../../../lib/core/retention/image';
import { neutralDialect, parseNeutralImages } from '../../../lib/core/retention/neutral';
import { RetentionPolicy } from '../../../lib/core/retention/policy';
import { validationMessageOf as errorOf } from '../../support/errors';

const D = 'sha256:2f81b72fe8c906f6c25ca400e9b1e4f81ad4b3f26515f179ad623517d88903da';

describe('parseNeutralImages', () => {
  test('reads every field, in either document form, with ISO or epoch-second times', () => {
    const full = {
      digest: D,
      tags: ['v1', 'latest'],
      pushedAt: '2026-01-02T03:04:05Z',
      lastPulledAt: 1767409445,
      storageClass: 'archive',
      archivedAt: '2026-01-05T00:00:00+01:00',
      repository: 'team/app',
      tagUpdatedAt: { v1: '2026-01-03' },
    };
    const expected = {
      digest: D,
      tags: ['v1', 'latest'],
      pushedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      lastPulledAt: 1767409445000,
      storageClass: StorageClass.ARCHIVE,
      archivedAt: Date.UTC(2026, 0, 4, 23),
      repository: 'team/app',
      tagUpdatedAt: { v1: Date.UTC(2026, 0, 3) },
    };
    expect(parseNeutralImages({ images: [full] })).toEqual([expected]);
    expect(parseNeutralImages([full])).toEqual([expected]);
  });

  test('optional fields may be absent or null; an untagged image has no tags', () => {
    expect(parseNeutralImages([{ digest: D, pushedAt: '2026-01-02', tags: null, lastPulledAt: null }])).toEqual([{ digest: D, tags: [], pushedAt: Date.UTC(2026, 0, 2) }]);
    expect(parseNeutralImages([{ digest: D, pushedAt: 0.5e9, lastPulledAt: '0001-01-01T00:00:00.000Z' }])).toEqual([{ digest: D, tags: [], pushedAt: 0.5e12 }]);
  });

  test('reads the index, referrer and pull-time fields', () => {
    const INDEX = 'application/vnd.oci.image.index.v1+json';
    expect(parseNeutralImages([{ digest: D, pushedAt: '2026-01-02', mediaType: INDEX, references: ['sha256:aa', 'sha256:bb'], pullTimeUnknown: true }, { digest: 'sha256:cc', pushedAt: '2026-01-02', subject: D, references: [] }])).toEqual([
      { digest: D, tags: [], pushedAt: Date.UTC(2026, 0, 2), mediaType: INDEX, references: ['sha256:aa', 'sha256:bb'], pullTimeUnknown: true },
      { digest: 'sha256:cc', tags: [], pushedAt: Date.UTC(2026, 0, 2), subject: D },
    ]);
  });

  test.each([
    [{ images: [{ digest: D, pushedAt: 'yesterday' }] }, 'images.json: images[0].pushedAt is not a timestamp (got "yesterday"); ISO-8601 such as "2026-01-02T03:04:05Z"'],
    [[{ digest: D }], 'images.json: [0].pushedAt is required (got undefined); the push time: ISO-8601'],
    [[{ digest: D, pushedAt: null }], 'images.json: [0].pushedAt must be a real push time (got null)'],
    [[{ digest: D, pushedAt: '0001-01-01T00:00:00Z' }], 'images.json: [0].pushedAt must be a real push time (got "0001-01-01T00:00:00Z")'],
    [[{ pushedAt: '2026-01-02' }], 'images.json: [0].digest is required (got undefined); a manifest digest such as "sha256:2f81b72f…"'],
    [[{ digest: 'latest', pushedAt: '2026-01-02' }], 'images.json: [0].digest is not a digest (got "latest")'],
    [[{ digest: D, pushedAt: '2026-01-02', tags: 'v1, v2' }], 'images.json: [0].tags must be an array of tag names (got "v1, v2")'],
    [[{ digest: D, pushedAt: '2026-01-02', tags: ['ok', 'bad tag'] }], 'images.json: [0].tags[1] is not a tag name (got "bad tag"); letters, digits'],
    [[{ digest: D, pushedAt: '2026-01-02', tags: ['v1', 'v1'] }], 'images.json: [0].tags[1] repeats a tag (got "v1"); each tag once'],
    [[{ digest: D, pushedAt: '2026-01-02', lastPulledAt: 'never' }], 'images.json: [0].lastPulledAt is not a timestamp (got "never")'],
    [[{ digest: D, pushedAt: '2026-01-02', storageClass: 'glacier' }], 'images.json: [0].storageClass is not a storage class (got "glacier"); one of standard, archive'],
    [[{ digest: D, pushedAt: '2026-01-02', repository: '' }], 'images.json: [0].repository must be a non-empty string (got "")'],
    [[{ digest: D, pushedAt: '2026-01-02', tags: ['v1'], tagUpdatedAt: { v2: '2026-01-02' } }], 'images.json: [0].tagUpdatedAt.v2 names a tag the image does not have (got "v2"); one of its tags: v1'],
    [[{ digest: D, pushedAt: '2026-01-02', tags: ['v1'], tagUpdatedAt: { v1: 'soon' } }], 'images.json: [0].tagUpdatedAt.v1 is not a timestamp (got "soon")'],
    [[{ digest: D, pushedAt: '2026-01-02', pushed_at: '2026-01-02' }], 'images.json: [0].pushed_at is not a known field (got "2026-01-02"); one of digest, tags, pushedAt'],
    [[{ digest: D, pushedAt: '2026-01-02', mediaType: 'index' }], 'images.json: [0].mediaType is not a media type (got "index")'],
    [[{ digest: D, pushedAt: '2026-01-02', references: 'sha256:aa' }], 'images.json: [0].references must be an array of digests (got "sha256:aa")'],
    [[{ digest: D, pushedAt: '2026-01-02', references: ['amd64'] }], 'images.json: [0].references[0] is not a digest (got "amd64")'],
    [[{ digest: D, pushedAt: '2026-01-02', subject: { digest: 'sha256:aa' } }], 'images.json: [0].subject is not a digest (got {"digest":"sha256:aa"})'],
    [[{ digest: D, pushedAt: '2026-01-02', pullTimeUnknown: 'yes' }], 'images.json: [0].pullTimeUnknown must be a boolean (got "yes")'],
    [[42], 'images.json: [0] must be an object (got 42)'],
    [{ images: [], generatedAt: 'x' }, 'images.json: generatedAt is not a known field (got "x")'],
    [{ imageDetails: [] }, 'images.json: images must be an array of images (got undefined); a JSON object {"images": [...]} or a bare array'],
    ['hello', 'images.json: (document) must be an array of images (got "hello")'],
  ])('%j', (input, message) => {
    expect(errorOf(() => parseNeutralImages(input, 'images.json'))).toContain(message);
  });

  test('reports every bad image at once, capped so a broken listing stays readable', () => {
    const few = errorOf(() => parseNeutralImages([{ digest: D, pushedAt: 'a' }, { digest: D, pushedAt: 'b' }], 'x.json'));
    expect(few.split('\n')).toHaveLength(2);
    const many = errorOf(() => parseNeutralImages(Array.from({ length: 500 }, () => ({ digest: D, pushedAt: 'a' })), 'x.json'));
    const lines = many.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('x.json: (document) has 500 invalid images in all; only the first problems are listed (got "500 images"); fix the problems above and run again');
  });
});

describe('neutralDialect', () => {
  test('parses the neutral policy and simulates it with the neutral simulator', () => {
    const policy = neutralDialect.parsePolicy({ rules: [{ kind: 'expireUntagged', days: 7 }] }, 'p.json');
    expect(policy).toBeInstanceOf(RetentionPolicy);
    const images = neutralDialect.parseImages([
      { digest: D, pushedAt: '2026-01-01T00:00:00Z' },
      { digest: 'sha256:aa', tags: ['v1'], pushedAt: '2026-01-01T00:00:00Z' },
    ], 'i.json');
    const result = neutralDialect.simulate(policy, images, Date.UTC(2026, 0, 9));
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP]);
  });

  test('policy errors name the file and the field', () => {
    expect(errorOf(() => neutralDialect.parsePolicy({ rules: [{ kind: 'expireUntagged', days: 0 }] }, 'p.json'))).toContain('p.json: rules[0].days must be a positive whole number (got 0)');
  });
});
