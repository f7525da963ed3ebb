import * as fs from 'fs';
import { fixture, run } from './run';

const NOW = ['--now', '2025-06-01T00:00:00Z'];
const images = JSON.parse(fs.readFileSync(fixture('neutral', 'images.json'), 'utf8')).images as Array<{ digest: string; tags: string[] }>;
/** Fixture digests by position, so expectations read as image numbers. */
const d = (i: number) => images[i].digest;

function preview(imagesFile: string, extra: string[] = [], policyFile = 'policy.json') {
  return run(['preview', '--dialect', 'neutral', '--policy', fixture('neutral', policyFile), '--images', fixture('neutral', imagesFile), ...NOW, ...extra]);
}

describe('registry-lifecycle preview --dialect neutral', () => {
  test.each([['images.json'], ['images-array.json']])('%s: protect, keepMostRecent window, untagged expiry, archive, scope and archived images', (file) => {
    const r = preview(file, ['--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.expired).toEqual([d(2), d(3)]);
    expect(out.archived).toEqual([d(5)]);
    expect(out.kept).toEqual([d(0), d(1), d(4), d(6), d(7)]);
    expect(out.reasons[d(0)]).toContain('protect [latest]');
    expect(out.reasons[d(2)]).toContain('outside the 2 most recent');
    expect(out.reasons[d(5)]).toContain('never pulled');
    expect(out.reasons[d(7)]).toContain('outside the policy scope');
    // The deciding rule is not repeated when the reason already names it.
    expect(out.reasons[d(3)]).toMatch(/^rules\[2\] \(expireUntagged after 14d\)/);
  });

  test('the ISO and the epoch-seconds listings preview identically', () => {
    expect(preview('images-array.json').stdout).toBe(preview('images.json').stdout);
  });

  test('table', () => {
    const lines = preview('images.json').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^sha256:676b8bb84ce7\s+payments\/api\s+v1\.8\.0, latest\s+90d\s+keep\s+protected by rules\[0\] \(protect \[latest\]\)$/);
    expect(lines[6]).toMatch(/^sha256:2d8e452e1634\s+payments\/api\s+pr-1412\s+192d\s+archive\s+rules\[3\]/);
    expect(lines[8]).toMatch(/^sha256:104e736cd891\s+tools\/ci\s+dev\s+1978d\s+keep\s+repository outside the policy scope$/);
    expect(lines[10]).toBe('8 images: 2 expire, 1 archive, 5 keep (as of 2025-06-01T00:00:00.000Z)');
  });

  test('a bad timestamp names the file, the image and the field', () => {
    const r = preview('images-bad-timestamp.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${fixture('neutral', 'images-bad-timestamp.json')}: images[3].pushedAt is not a timestamp (got "yesterday"); ISO-8601 such as "2026-01-02T03:04:05Z" or "2026-01-02T03:04:05.123+01:00" (a time needs a zone), or epoch seconds such as 1767323045\n`,
    );
  });

  test('missing and misspelt fields are all reported', () => {
    const r = preview('images-missing-field.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const f = fixture('neutral', 'images-missing-field.json');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${f}: images[1].digest is required (got undefined); a manifest digest such as "sha256:2f81b72f…"`,
      expect.stringContaining(`${f}: images[2].pushed_at is not a known field (got "2024-05-01T09:00:00Z"); one of digest, tags, pushedAt`),
      expect.stringContaining(`${f}: images[2].pushedAt is required (got undefined)`),
    ]);
  });

  test('malformed JSON', () => {
    const r = preview('images-not-json.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${fixture('neutral', 'images-not-json.json')}: (document) is not valid JSON at line 23, column 1: trailing comma before "}"`);
  });

  test('an invalid neutral policy', () => {
    const r = preview('images.json', [], 'policy-invalid.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const f = fixture('neutral', 'policy-invalid.json');
    expect(r.stderr).toContain(`${f}: rules[1].kind is not a known rule kind (got "keepEverything"); one of protect`);
    expect(r.stderr).toContain(`${f}: rules[0].count must be a positive whole number (got 0); an integer of at least 1`);
  });
});
