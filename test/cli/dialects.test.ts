import * as fs from 'fs';
import { DIALECTS } from '../../lib/cli/dialects';
import { fixture, run } from './run';

const NOW = '2025-06-01T00:00:00Z';

/** The digests of a fixture listing, in file order, read the way each registry tool prints them. */
function digests(dialect: string, file: string): string[] {
  const doc = JSON.parse(fs.readFileSync(fixture(dialect, file), 'utf8'));
  switch (dialect) {
    case 'ecr':
      return doc.imageDetails.map((i: any) => i.imageDigest);
    case 'gar':
      return doc.map((i: any) => i.version);
    case 'harbor':
      return (Array.isArray(doc[0]) ? doc.flat() : doc).map((i: any) => i.digest);
    case 'acr':
      return (Array.isArray(doc) ? doc : doc.manifests).map((i: any) => i.digest);
    default:
      throw new Error(dialect);
  }
}

function preview(dialect: string, policy: string, images: string, format = 'json') {
  // az acr manifest list-metadata names no repository; the user names it (--repository fills only unnamed images).
  const repository = dialect === 'acr' ? ['--repository', 'payments/api'] : [];
  return run(['preview', '--dialect', dialect, '--policy', fixture(dialect, policy), '--images', fixture(dialect, images), ...repository, '--now', NOW, '--format', format]);
}

/** Expected decisions as positions in the fixture listing. */
interface Expected {
  readonly expired: number[];
  readonly archived: number[];
  readonly kept: number[];
  readonly removedTags?: Record<number, string[]>;
}

const CASES: Array<[string, string, string[], Expected]> = [
  // rulePriority 1 keeps the 2 newest v* and expires the 3rd; 2 expires untagged after 14 d; 4 archives the never-pulled pr image;
  // the archived untagged image is only 101 days in archive (rule 3 wants 365).
  ['ecr', 'policy.json', ['images.json', 'images-cli-v1.json'], { expired: [3, 4], archived: [6], kept: [0, 1, 2, 5] }],
  // Keep beats Delete: releases and the 2 newest api versions stay; old untagged, old pr and 11-day-old untagged worker go.
  ['gar', 'policy.json', ['images.json', 'images-gcloud-476.json'], { expired: [1, 2, 6], archived: [], kept: [0, 3, 4, 5] }],
  // "or" of retain rules: 2 newest v*, anything pulled within 90 d, anything pushed within 7 d; the rest is deleted.
  ['harbor', 'policy.json', ['images.json', 'images-pages.json'], { expired: [1, 4], archived: [], kept: [0, 2, 3, 5] }],
  // acr purge --filter 'payments/api:^pr-.*' --ago 30d --untagged: old pr tags go; a manifest left untagged is deleted unless locked.
  ['acr', 'policy.txt', ['images.json'], { expired: [2, 5], archived: [], kept: [0, 1, 3, 4], removedTags: { 2: ['pr-1412'], 3: ['pr-1500'] } }],
  // With show-tags data, pr-1412 was re-tagged 12 days ago, so --ago 30d spares it.
  ['acr', 'policy.txt', ['images-with-tags.json'], { expired: [5], archived: [], kept: [0, 1, 2, 3, 4], removedTags: { 3: ['pr-1500'] } }],
];

describe.each(CASES)('registry-lifecycle preview --dialect %s', (dialect, policy, files, expected) => {
  test.each(files)('%s: decisions and the JSON shape', (file) => {
    const r = preview(dialect, policy, file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const ds = digests(dialect, file);
    const at = (xs: number[]) => xs.map((i) => ds[i]);
    expect(out.expired).toEqual(at(expected.expired));
    expect(out.archived).toEqual(at(expected.archived));
    expect(out.kept).toEqual(at(expected.kept));
    expect(Object.keys(out.reasons).sort()).toEqual([...ds].sort());
    for (const reason of Object.values(out.reasons)) expect(typeof reason === 'string' && reason.length > 0).toBe(true);
    expect(Object.keys(out)).toEqual(['expired', 'archived', 'kept', 'reasons']);
    for (const [i, tags] of Object.entries(expected.removedTags ?? {})) {
      for (const tag of tags) expect(out.reasons[ds[Number(i)]]).toContain(tag);
    }
  });

  test('every listing form of the dialect previews identically in the table', () => {
    const tables = files.map((f) => preview(dialect, policy, f, 'table').stdout);
    for (const t of tables) expect(t).toBe(tables[0]);
    const summary = tables[0].trimEnd().split('\n').find((l) => /^\d+ images: /.test(l));
    const untag = expected.removedTags ? Object.keys(expected.removedTags).filter((i) => !expected.expired.includes(Number(i))).length : 0;
    expect(summary).toBe(
      `${digests(dialect, files[0]).length} images: ${expected.expired.length} expire, ${expected.archived.length} archive, ${expected.kept.length - untag} keep${untag ? `, ${untag} untag` : ''} (as of 2025-06-01T00:00:00.000Z)`,
    );
  });
});

describe('malformed native input exits 1 naming the file and the field, with nothing on stdout', () => {
  test.each([
    ['ecr', 'policy-invalid.json', 'images.json', 'policy-invalid.json', 'rules[3].action.type must be transition when countType is sinceImagePulled (got "expire")'],
    ['ecr', 'policy.json', 'images-bad-timestamp.json', 'images-bad-timestamp.json', 'imageDetails[2].imagePushedAt is not a timestamp (got "last tuesday")'],
    ['ecr', 'policy.json', 'images-missing-digest.json', 'images-missing-digest.json', 'imageDetails[1].imageDigest is required'],
    ['gar', 'policy-invalid.json', 'images.json', 'policy-invalid.json', '[1].condition.olderThan is not a duration gcloud accepts (got "90")'],
    ['gar', 'policy-invalid.json', 'images.json', 'policy-invalid.json', '[3].action.type is not a cleanup action (got "Archive")'],
    ['gar', 'policy.json', 'images-bad-timestamp.json', 'images-bad-timestamp.json', '[1].createTime is not an RFC 3339 time (got "20/11/2024 16:02")'],
    ['harbor', 'policy-invalid.json', 'images.json', 'policy-invalid.json', 'algorithm is not supported by Harbor (got "and")'],
    ['harbor', 'policy.json', 'images-bad-timestamp.json', 'images-bad-timestamp.json', '[2].push_time is not a timestamp (got "yesterday")'],
    ['acr', 'policy-invalid.txt', 'images.json', 'policy-invalid.txt', 'line 1 --ago is not a Go duration'],
    ['acr', 'policy-invalid.txt', 'images.json', 'policy-invalid.txt', 'line 1 --filter has an invalid tag regex'],
    ['acr', 'policy.txt', 'images-bad-timestamp.json', 'images-bad-timestamp.json', '[1].createdTime is not a timestamp (got "2024-11-20T16:02:07.0012345")'],
  ])('%s %s %s (%s): %s', (dialect, policy, images, bad, message) => {
    const r = preview(dialect, policy, images);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain(`${fixture(dialect, bad)}: ${message}`);
  });

  test('a native listing given to the wrong dialect is rejected, not misread', () => {
    const r = run(['preview', '--dialect', 'gar', '--policy', fixture('gar', 'policy.json'), '--images', fixture('ecr', 'images.json'), '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`${fixture('ecr', 'images.json')}: `)).toBe(true);
  });
});

test('all five dialects are wired into the CLI', () => {
  expect(DIALECTS.map((d) => d.name)).toEqual(['ecr', 'gar', 'harbor', 'acr', 'neutral']);
  for (const entry of DIALECTS) {
    const def = entry.load();
    expect(def.name).toBe(entry.name);
    expect(def.policyFormat.length).toBeGreaterThan(10);
    expect(def.imagesFormat.length).toBeGreaterThan(10);
  }
  expect(DIALECTS.find((d) => d.name === 'acr')!.load().policyIsText).toBe(true);
});
