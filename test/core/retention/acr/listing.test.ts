import { acrDialect, AcrPurgePolicy, parseAcrManifests, parseAcrPurgeArgs, simulateAcrPurge } from '../../../support/core';
import { validationMessageOf as error } from '../../../support/errors';

/** The sample of cli-formats.md §4 (`az acr manifest list-metadata -r acmeprod -n payments/api -o json`). */
const LIST_METADATA = [
  {
    architecture: 'amd64',
    changeableAttributes: { deleteEnabled: true, listEnabled: true, readEnabled: true, writeEnabled: true },
    configMediaType: 'application/vnd.oci.image.config.v1+json',
    createdTime: '2025-03-02T10:15:32.4172113Z',
    digest: 'sha256:7a2e6afa073efe7e94b058f3bcf8a1b426c69b2978f879bf33addcf35f5b4b14',
    imageSize: 52384711,
    lastUpdateTime: '2025-03-02T10:15:33.0904410Z',
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    os: 'linux',
    tags: ['latest', 'v1.8.0'],
  },
  {
    architecture: 'amd64',
    changeableAttributes: { deleteEnabled: false, listEnabled: true, readEnabled: true, writeEnabled: false },
    configMediaType: 'application/vnd.oci.image.config.v1+json',
    createdTime: '2024-11-20T16:02:07.0012345Z',
    digest: 'sha256:56edca1e06d2f509abd6f3c7de43c04e660364a4e3aadbbee95f0865ee7a3c83',
    imageSize: 51998020,
    lastUpdateTime: '2025-03-02T10:15:33.0788102Z',
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    os: 'linux',
  },
];

describe('parseAcrManifests', () => {
  test('reads the list-metadata array: times truncated to ms, absent tags = untagged, locks, media type', () => {
    const [a, b] = parseAcrManifests(LIST_METADATA, 'm.json');
    expect(a).toEqual({
      digest: LIST_METADATA[0].digest,
      tags: ['latest', 'v1.8.0'],
      pushedAt: Date.parse('2025-03-02T10:15:32.417Z'),
      manifestUpdatedAt: Date.parse('2025-03-02T10:15:33.090Z'),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      pullTimeUnknown: true,
    });
    expect(b.tags).toEqual([]);
    expect(b.locked).toBe(true);
    expect(b.repository).toBeUndefined();
  });

  test('reads envelopes with the repository name, tag objects and show-tags --detail times', () => {
    const images = parseAcrManifests(
      [
        {
          imageName: 'payments/api',
          manifests: [
            { digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', tags: ['v1', 'latest'] },
            { digest: 'sha256:bb', createdTime: '2025-01-02T00:00:00Z', tags: [{ name: 'v2', lastUpdateTime: '2025-02-01T00:00:00Z', changeableAttributes: { deleteEnabled: false } }] },
            {
              digest: 'sha256:cc',
              createdTime: '2025-01-03T00:00:00Z',
              mediaType: 'application/vnd.oci.image.index.v1+json',
              references: [{ digest: 'sha256:aa', architecture: 'amd64', os: 'linux' }],
            },
          ],
          tags: [{ name: 'latest', digest: 'sha256:aa', lastUpdateTime: '2025-03-01T00:00:00Z', changeableAttributes: { deleteEnabled: true, writeEnabled: true } }],
        },
        { repository: 'web', manifests: [{ digest: 'sha256:dd', timestamp: '2025-01-04T00:00:00Z', tags: [] }] },
      ],
      'm.json',
    );
    expect(images.map((i) => i.repository)).toEqual(['payments/api', 'payments/api', 'payments/api', 'web']);
    expect(images[0].tagUpdatedAt).toEqual({ latest: Date.parse('2025-03-01T00:00:00Z') });
    expect(images[1]).toMatchObject({ tags: ['v2'], tagUpdatedAt: { v2: Date.parse('2025-02-01T00:00:00Z') }, lockedTags: ['v2'] });
    expect(images[2].references).toEqual(['sha256:aa']);
    expect(images[3].pushedAt).toBe(Date.parse('2025-01-04T00:00:00Z'));
  });

  test('the listing drives the simulator: the locked, untagged manifest survives --untagged', () => {
    const images = acrDialect.parseImages({ imageName: 'payments/api', manifests: LIST_METADATA }, 'm.json');
    const policy = acrDialect.parsePolicy(`acr purge --filter 'payments/api:^v.*' --ago 30d --untagged`, 'p.txt') as AcrPurgePolicy;
    const r = simulateAcrPurge(policy, images, Date.UTC(2026, 0, 1));
    expect(r.decisions.map((d) => [d.action, d.removedTags])).toEqual([
      ['keep', ['v1.8.0']],
      ['keep', []],
    ]);
    expect(acrDialect.simulate(parseAcrPurgeArgs('acr purge --untagged-only --include-locked'), images, Date.UTC(2026, 0, 1)).decisions[1].action).toBe('expire');
  });

  test.each([
    [{ images: [] }, 'm.json: (document) is an object without the "manifests" wrapper (got {"images":[]}); the JSON array `az acr manifest list-metadata -r REG -n REPO -o json` prints'],
    [[[{ digest: 'bad' }]], 'm.json: [0][0].digest is not a manifest digest'],
    [[{ digest: 'nope', createdTime: '2025-01-01T00:00:00Z' }], 'm.json: [0].digest is not a manifest digest (got "nope"); algorithm:hex'],
    [[{ digest: 'sha256:aa' }], 'm.json: [0].createdTime is required (got undefined)'],
    [[{ digest: 'sha256:aa', createdTime: 'yesterday' }], 'm.json: [0].createdTime is not a timestamp (got "yesterday"); ISO-8601'],
    [[{ digest: 'sha256:aa', createdTime: 1735689600 }], 'm.json: [0].createdTime is not a timestamp (got 1735689600)'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', tags: 'v1' }], 'm.json: [0].tags must be an array (got "v1")'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', tags: ['bad tag'] }], 'm.json: [0].tags[0] is not a tag (got "bad tag"); a Docker tag'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', tags: [{ tag: 'v1' }] }], 'm.json: [0].tags[0].name must be a tag name (got undefined)'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', changeableAttributes: { deleteEnabled: 'no' } }], 'm.json: [0].changeableAttributes.deleteEnabled must be a boolean (got "no")'],
    [[{ digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z', references: [{}] }], 'm.json: [0].references[0].digest must be a digest (got undefined)'],
    [
      [
        { digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z' },
        { digest: 'sha256:aa', createdTime: '2025-01-01T00:00:00Z' },
      ],
      'm.json: [1].digest appears twice in one repository (got "sha256:aa")',
    ],
    [{ imageName: '', manifests: [] }, 'm.json: imageName must be a repository name (got "")'],
    [{ imageName: 'a', manifests: [], tags: [{ name: 'v1' }] }, 'm.json: tags[0].digest must be a digest (got undefined)'],
    [[{ imageName: 'a', manifests: 'x' }], 'm.json: [0].manifests must be an array (got "x")'],
  ])('rejects %j', (input, message) => {
    expect(error(() => parseAcrManifests(input, 'm.json'))).toContain(message);
  });

  test('a listing with many bad rows reports the first 20 and counts the rest', () => {
    const m = error(() => parseAcrManifests([...Array(30)].map(() => ({ digest: 'x', createdTime: '2025-01-01T00:00:00Z' })), 'm.json'));
    expect(m.split('\n')).toHaveLength(21);
    expect(m).toContain('m.json: (document) has 10 more problems (got 10); fix the ones above first');
  });
});
