import { parseHarborArtifacts } from '../../../../lib/core/retention/harbor';
import { validationMessageOf as error } from '../../../support/errors';

/** The artifacts sample of cli-formats.md §3 (keys as Harbor emits them). */
const SAMPLE = [
  {
    digest: 'sha256:ec423d14a30e0d46c965cae2955a0ff6937aba829f37ec3445d9c61dc7ac270f',
    extra_attrs: { architecture: 'amd64', author: '', created: '2025-03-02T10:14:58.102938517Z', os: 'linux' },
    id: 412,
    manifest_media_type: 'application/vnd.oci.image.manifest.v1+json',
    media_type: 'application/vnd.oci.image.config.v1+json',
    project_id: 7,
    pull_time: '2025-04-11T07:42:19.113Z',
    push_time: '2025-03-02T10:15:32.417Z',
    references: null,
    repository_id: 31,
    repository_name: 'payments/api',
    size: 52384711,
    tags: [
      { artifact_id: 412, id: 977, immutable: false, name: 'v1.8.0', pull_time: '2025-04-11T07:42:19.120Z', push_time: '2025-03-02T10:15:32.488Z', repository_id: 31 },
      { artifact_id: 412, id: 978, immutable: false, name: 'latest', pull_time: '0001-01-01T00:00:00.000Z', push_time: '2025-03-02T10:15:32.490Z', repository_id: 31 },
    ],
    type: 'IMAGE',
  },
  {
    digest: 'sha256:98ee901894b403eea5809ed697d85a477cb788df0b744c9130fc832b3a7a6b60',
    id: 388,
    project_id: 7,
    pull_time: '0001-01-01T00:00:00.000Z',
    push_time: '2024-11-20T16:02:07.001Z',
    references: null,
    repository_id: 31,
    repository_name: 'payments/api',
    size: 51998020,
    tags: null,
    type: 'IMAGE',
  },
];

describe('parseHarborArtifacts', () => {
  test('builds candidates as Harbor does: latest push/pull over the artifact and its tags, zero time = never, project stripped', () => {
    expect(parseHarborArtifacts(SAMPLE, 'a.json')).toEqual([
      {
        digest: SAMPLE[0].digest,
        tags: ['v1.8.0', 'latest'],
        pushedAt: Date.parse('2025-03-02T10:15:32.490Z'),
        lastPulledAt: Date.parse('2025-04-11T07:42:19.120Z'),
        repository: 'api',
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      },
      { digest: SAMPLE[1].digest, tags: [], pushedAt: Date.parse('2024-11-20T16:02:07.001Z'), repository: 'api' },
    ]);
  });

  test('pages: an array of arrays, harbor-cli {Payload}, and arrays appended in one text', () => {
    const a = [SAMPLE[0]];
    const b = [SAMPLE[1]];
    const expected = parseHarborArtifacts(SAMPLE);
    expect(parseHarborArtifacts([a, b])).toEqual(expected);
    expect(parseHarborArtifacts({ Payload: SAMPLE, XTotalCount: 2 })).toEqual(expected);
    expect(parseHarborArtifacts(`${JSON.stringify(a)}\n${JSON.stringify(b, null, 2)}\n`)).toEqual(expected);
    expect(parseHarborArtifacts(JSON.stringify(SAMPLE))).toEqual(expected);
  });

  test('an index records the digests of its children (references[].child_digest) and its manifest media type', () => {
    const index = { ...SAMPLE[0], digest: 'sha256:1d', manifest_media_type: 'application/vnd.oci.image.index.v1+json', references: [{ parent_id: 1, child_id: 2, child_digest: 'sha256:c1' }, { child_digest: 'sha256:c2' }] };
    const [x] = parseHarborArtifacts([index]);
    expect(x.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(x.references).toEqual(['sha256:c1', 'sha256:c2']);
    expect(() => parseHarborArtifacts([{ ...index, references: [{ child_digest: 7 }] }], 'a.json')).toThrow('a.json: [0].references[0].child_digest is not a manifest digest (got 7)');
  });

  test('nested repositories keep their path inside the project; no repository_name means one unnamed repository', () => {
    const [x] = parseHarborArtifacts([{ ...SAMPLE[1], repository_name: 'library/team/api' }]);
    expect(x.repository).toBe('team/api');
    const [y] = parseHarborArtifacts([{ digest: 'sha256:01', push_time: '2025-01-01T00:00:00Z' }]);
    expect(y).toEqual({ digest: 'sha256:01', tags: [], pushedAt: Date.parse('2025-01-01T00:00:00Z') });
  });

  test('failing inputs name the file, the field, the value and what is allowed', () => {
    expect(error(() => parseHarborArtifacts({ items: [] }, 'a.json'))).toBe(
      'a.json: (document) must be a JSON array of artifacts (got {"items":[]}); the body of GET /api/v2.0/projects/{p}/repositories/{r}/artifacts?with_tag=true, or an array of such pages, or pages appended one after another, or harbor-cli {"Payload": [...]}',
    );
    const bad = error(() =>
      parseHarborArtifacts(
        [
          { digest: 'abc', push_time: 'yesterday', tags: 'latest' },
          { digest: 'sha256:02', pull_time: '2025-01-01T00:00:00.000Z', tags: [{ name: '-bad' }, 'x'] },
          { digest: 'sha256:03', push_time: '0001-01-01T00:00:00.000Z', repository_name: 'NoProject' },
        ],
        'a.json',
      ),
    );
    expect(bad).toContain('a.json: [0].digest is not a manifest digest (got "abc"); a digest such as "sha256:ec42…"');
    expect(bad).toContain('a.json: [0].push_time is not a timestamp (got "yesterday"); ISO-8601');
    expect(bad).toContain('a.json: [0].tags must be an array or null (got "latest")');
    expect(bad).toContain('a.json: [1].push_time is missing (got undefined); the time the artifact was pushed');
    expect(bad).toContain('a.json: [1].tags[0].name is not a valid tag (got "-bad")');
    expect(bad).toContain('a.json: [1].tags[1] must be a tag object (got "x")');
    expect(bad).toContain('a.json: [2].push_time is the zero time (got "0001-01-01T00:00:00.000Z")');
    expect(bad).toContain('a.json: [2].repository_name is not a Harbor repository name (got "NoProject"); the project and the repository path');
  });

  test('duplicates and several projects are refused', () => {
    expect(error(() => parseHarborArtifacts([[SAMPLE[0]], [SAMPLE[0]]], 'a.json'))).toContain('a.json: [1][0].digest appears twice in the same repository');
    expect(error(() => parseHarborArtifacts([SAMPLE[0], { ...SAMPLE[1], repository_name: 'other/api' }], 'a.json'))).toBe(
      'a.json: repository_name spans several projects (got ["other","payments"]); the artifacts of one project: a Harbor retention policy belongs to one project',
    );
    expect(error(() => parseHarborArtifacts('[1] [', 'a.json'))).toContain('a.json: (text at offset 4) is not valid JSON');
  });

  test('pages appended to one file: a page that is not JSON is reported and the other pages are still checked', () => {
    const good = JSON.stringify([SAMPLE[0]]);
    const bad = JSON.stringify([{ ...SAMPLE[1], digest: 'nope' }]);
    const text = `${good}\n[{"digest": oops}]\n${bad}\n{"not": "a page"}`;
    const e = error(() => parseHarborArtifacts(text, 'a.json'));
    const lines = e.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^a\.json: \(text at offset \d+\) is not valid JSON \(got "\[\{\\"digest\\": oops\}\]"\); JSON arrays/);
    expect(lines[1]).toBe('a.json: [3] must be a JSON array of artifacts (got {"not":"a page"}); arrays only, one per page');
    expect(lines[2]).toBe('a.json: [2][0].digest is not a manifest digest (got "nope"); a digest such as "sha256:ec42…"');
  });
});
