import { ValidationError } from '../../../../lib/core/errors';
import { garPackageName, parseGarImages, parseGarTime } from '../../../../lib/core/retention/gar';

// The sample from cli-formats.md §2 (gcloud ≥ 479, repository path).
const SAMPLE = [
  {
    createTime: '2025-03-02T10:15:32.417211Z',
    metadata: {
      buildTime: '2025-03-02T10:14:58.102938Z',
      imageSizeBytes: '52384711',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      name: 'projects/acme-prod/locations/europe-west1/repositories/apps/dockerImages/api@sha256:24be1c4444050f9e737ea3cf85eb21a997d7162fb0d0192e42a40883a8880bdf',
    },
    package: 'europe-west1-docker.pkg.dev/acme-prod/apps/api',
    tags: ['v1.8.0', 'latest'],
    updateTime: '2025-03-02T10:15:33.9Z',
    version: 'sha256:24be1c4444050f9e737ea3cf85eb21a997d7162fb0d0192e42a40883a8880bdf',
  },
  {
    createTime: '2024-11-20T16:02:07.001Z',
    metadata: { buildTime: null, imageSizeBytes: '1841', mediaType: 'application/vnd.oci.image.manifest.v1+json', name: 'projects/…' },
    package: 'europe-west1-docker.pkg.dev/acme-prod/apps/team/worker',
    tags: [],
    updateTime: '2024-11-20T16:02:07.001Z',
    version: 'sha256:adf5958d24a4e84c0c1515b893bc1f4c5f9d15f4b81691cc30626090c6b73446',
  },
];

describe('parseGarImages', () => {
  test('reads the documented listing: package relative to the repository, digest, tags, upload time', () => {
    expect(parseGarImages(SAMPLE, 'i.json')).toEqual([
      // GAR records no pull time: unknown, not never pulled.
      { digest: SAMPLE[0].version, tags: ['v1.8.0', 'latest'], pushedAt: Date.UTC(2025, 2, 2, 10, 15, 32, 417), repository: 'api', pullTimeUnknown: true, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
      { digest: SAMPLE[1].version, tags: [], pushedAt: Date.UTC(2024, 10, 20, 16, 2, 7, 1), repository: 'team/worker', pullTimeUnknown: true, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
    ]);
  });

  test('accepts the tag forms of older gcloud and of a listing without --include-tags', () => {
    const base = { package: 'us-docker.pkg.dev/p/r/a', version: 'sha256:ab', createTime: '2025-01-01T00:00:00Z' };
    const [joined, empty, missing, nul] = parseGarImages([
      { ...base, tags: 'v1.8.0, latest' },
      { ...base, version: 'sha256:cd', tags: '' },
      { ...base, version: 'sha256:ef' },
      { ...base, version: 'sha256:01', tags: null },
    ]);
    expect(joined.tags).toEqual(['v1.8.0', 'latest']);
    expect(empty.tags).toEqual([]);
    expect(missing.tags).toEqual([]);
    expect(nul.tags).toEqual([]);
  });

  test('prefers the raw API uploadTime when present', () => {
    const [img] = parseGarImages([{ package: 'p', version: 'sha256:ab', uploadTime: '2025-01-02T00:00:00Z', createTime: '2025-01-01T00:00:00Z' }]);
    expect(img.pushedAt).toBe(Date.UTC(2025, 0, 2));
  });

  test('never sets a pull time (GAR has none)', () => {
    expect(parseGarImages(SAMPLE)[0].lastPulledAt).toBeUndefined();
  });

  test.each([
    ['2025-03-02T10:15:32Z', Date.UTC(2025, 2, 2, 10, 15, 32)],
    ['2025-03-02T10:15:32.4Z', Date.UTC(2025, 2, 2, 10, 15, 32, 400)],
    ['2025-03-02T10:15:32.417211Z', Date.UTC(2025, 2, 2, 10, 15, 32, 417)],
    ['2025-03-02T10:15:32.417211999Z', Date.UTC(2025, 2, 2, 10, 15, 32, 417)],
    ['2025-03-02T10:15:32+02:00', Date.UTC(2025, 2, 2, 8, 15, 32)],
  ])('parseGarTime(%s)', (text, ms) => {
    expect(parseGarTime(text)).toBe(ms);
  });

  test.each(['2025-02-30T00:00:00Z', '2025-03-02T10:15:32', '2025-03-02', 'yesterday', 1_700_000_000])('parseGarTime rejects %j', (text) => {
    expect(parseGarTime(text)).toBeUndefined();
  });

  test.each([
    ['europe-west1-docker.pkg.dev/acme/apps/team/api', 'team/api'],
    ['us-docker.pkg.dev/acme/apps/api', 'api'],
    ['gcr.io/acme/api', 'api'],
    ['eu.gcr.io/acme/x/y', 'x/y'],
    ['api', 'api'],
  ])('garPackageName(%s) = %s', (pkg, name) => {
    expect(garPackageName(pkg)).toBe(name);
  });

  test.each<[string, unknown, string]>([
    ['a non-list document', { images: [] }, 'i.json: (document) must be a JSON list of images (got {"images":[]}); the output of `gcloud artifacts docker images list'],
    ['a non-object entry', [3], 'i.json: [0] must be an object (got 3); an image with "package", "version"'],
    ['a missing package', [{ version: 'sha256:ab', createTime: '2025-01-01T00:00:00Z' }], 'i.json: [0].package is required and must be a non-empty string (got undefined); the image path'],
    ['a bad version', [{ package: 'p', version: 'latest', createTime: '2025-01-01T00:00:00Z' }], 'i.json: [0].version is required and must be a manifest digest (got "latest"); e.g. "sha256:'],
    ['a bad tags value', [{ package: 'p', version: 'sha256:ab', tags: 5, createTime: '2025-01-01T00:00:00Z' }], 'i.json: [0].tags must be a list of tag names or a comma-separated string (got 5)'],
    ['a non-string tag', [{ package: 'p', version: 'sha256:ab', tags: ['v1', null], createTime: '2025-01-01T00:00:00Z' }], 'i.json: [0].tags[1] must be a tag name (got null)'],
    ['a missing upload time', [{ package: 'p', version: 'sha256:ab' }], 'i.json: [0].createTime is required (the upload time cleanup policies age from) (got undefined); an RFC 3339 time'],
    ['a local time without zone', [{ package: 'p', version: 'sha256:ab', createTime: '2025-01-01 10:00:00' }], 'i.json: [0].createTime is not an RFC 3339 time (got "2025-01-01 10:00:00")'],
    ['a bad updateTime', [{ package: 'p', version: 'sha256:ab', createTime: '2025-01-01T00:00:00Z', updateTime: 'now' }], 'i.json: [0].updateTime is not an RFC 3339 time (got "now")'],
    [
      'a repeated image',
      [
        { package: 'p', version: 'sha256:ab', createTime: '2025-01-01T00:00:00Z' },
        { package: 'p', version: 'sha256:ab', createTime: '2025-01-01T00:00:00Z' },
      ],
      'i.json: [1].version repeats image [0] of the same package (got "sha256:ab"); each package and digest once',
    ],
  ])('rejects %s', (_what, input, message) => {
    expect(() => parseGarImages(input, 'i.json')).toThrow(ValidationError);
    expect(() => parseGarImages(input, 'i.json')).toThrow(message);
  });
});
