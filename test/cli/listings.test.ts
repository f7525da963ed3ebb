import * as fs from 'fs';
import { ExitCode } from '../../lib/cli/preview';
import { fixture, run } from './run';

const NOW = '2025-06-01T00:00:00Z';
const API = `payments/api=${fixture('acr', 'api.json')}`;
const WORKER = `payments/worker=${fixture('acr', 'worker.json')}`;
const RELEASE = fixture('neutral', 'policy-release.json');

function json(argv: string[], files?: Record<string, string>) {
  const r = run(['preview', ...argv, '--now', NOW, '--format', 'json'], { files });
  expect(r.stderr.split('\n').filter((l) => l && !l.includes('warning:'))).toEqual([]);
  expect(r.code).toBe(ExitCode.OK);
  return { ...(JSON.parse(r.stdout) as { expired: string[]; kept: string[]; archived: string[]; reasons: Record<string, string> }), stderr: r.stderr };
}
const d = (c: string) => `sha256:${c.repeat(32)}`;

describe('the issue\'s three wrong outputs, from the registry\'s own listings with the CLI alone', () => {
  test('children of a kept multi-platform image stay: the neutral preview of two az acr list-metadata listings', () => {
    const out = json(['--dialect', 'neutral', '--policy', RELEASE, '--images', API, '--images', WORKER]);
    expect(out.kept).toEqual([d('a1'), d('b1'), d('b2'), d('f2')]);
    expect(out.expired).toEqual([d('c1'), d('c2'), d('d1'), d('e1'), d('f1')]);
    expect(out.reasons[d('b1')]).toMatch(/^referenced by index sha256:a1a1a1a1a1a1, which is kept/);
    expect(out.stderr).toContain('images read as the ACR listing (az acr manifest list-metadata) (detected; --listing acr says so explicitly)');
  });

  test('a listing without repository names is refused for a filter that names one; named, pr-650 of payments/worker stays', () => {
    const refused = run(['preview', '--dialect', 'acr', '--policy', fixture('acr', 'policy-api.txt'), '--images', fixture('acr', 'worker.json'), '--now', NOW]);
    expect(refused.code).toBe(ExitCode.INVALID_INPUT);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'images: purge[0].filters[0] names a repository, but the listing names none (got "payments/api"); give the repository: registry-lifecycle preview --repository REPO (or --images REPO=FILE, once per listing), or the {"imageName": "REPO", "manifests": [...]} envelope\n',
    );
    const out = json(['--dialect', 'acr', '--policy', fixture('acr', 'policy-api.txt'), '--images', API, '--images', WORKER]);
    expect(out.kept).toContain(d('f1'));
    expect(out.reasons[d('f1')]).toBe('no purge command removes it');
    expect(json(['--dialect', 'acr', '--policy', fixture('acr', 'policy-api.txt'), '--images', fixture('acr', 'worker.json'), '--repository', 'payments/worker']).kept).toEqual([d('f1'), d('f2')]);
  });

  test('one purge step\'s untagging does not feed the next step\'s --ago: pr images are untagged, not deleted', () => {
    const out = json(['--dialect', 'acr', '--policy', fixture('acr', 'policy-steps.txt'), '--images', API]);
    expect(out.expired).toEqual([d('e1')]);
    expect(out.reasons[d('c1')]).toBe(
      'tag pr-612 removed by purge[0]; untagging refreshed its lastUpdateTime, so the later --untagged step with --ago sees a fresh manifest and keeps it until a later run',
    );
    expect(out.reasons[d('b1')]).toBe('referenced by an index that keeps its tags: acr purge skips it');
  });
});

describe('preview reads listings as users have them', () => {
  test('--listing names the tool; for the neutral dialect it is detected, and both read the same images', () => {
    for (const [listing, file] of [
      ['ecr', fixture('ecr', 'images.json')],
      ['gar', fixture('gar', 'images.json')],
      ['harbor', fixture('harbor', 'images.json')],
      ['harbor', fixture('harbor', 'images-pages.json')],
      ['acr', fixture('acr', 'images-with-tags.json')],
    ]) {
      const detected = json(['--dialect', 'neutral', '--policy', RELEASE, '--images', file]);
      const named = json(['--dialect', 'neutral', '--policy', RELEASE, '--images', file, '--listing', listing]);
      expect({ ...named, stderr: '' }).toEqual({ ...detected, stderr: '' });
      expect(named.stderr).toBe('');
      expect(detected.kept.length + detected.expired.length).toBeGreaterThan(0);
    }
  });

  test('Harbor pages appended to one file read as one listing, in the native and the neutral preview', () => {
    const pages = JSON.parse(fs.readFileSync(fixture('harbor', 'images-pages.json'), 'utf8')) as unknown[][];
    const appended = pages.map((p) => JSON.stringify(p, null, 2)).join('\n');
    const files = { 'pages.txt': appended, 'p.json': fs.readFileSync(fixture('harbor', 'policy.json'), 'utf8'), 'n.json': fs.readFileSync(RELEASE, 'utf8'), 'one.json': JSON.stringify(pages.flat()) };
    expect(json(['--dialect', 'harbor', '--policy', 'p.json', '--images', 'pages.txt'], files)).toEqual(json(['--dialect', 'harbor', '--policy', 'p.json', '--images', 'one.json'], files));
    expect(json(['--dialect', 'neutral', '--policy', 'n.json', '--images', 'pages.txt'], files).expired).toEqual(json(['--dialect', 'neutral', '--policy', 'n.json', '--images', 'one.json'], files).expired);
  });

  test('several ACR listings: --images once per repository, or the jq -s array with --repository for one', () => {
    const files = { 'both.json': `[${fs.readFileSync(fixture('acr', 'api.json'), 'utf8')}]`, 'p.txt': fs.readFileSync(fixture('acr', 'policy-steps.txt'), 'utf8') };
    expect(json(['--dialect', 'acr', '--policy', 'p.txt', '--images', 'both.json', '--repository', 'payments/api'], files).expired).toEqual([d('e1')]);
  });

  test('a listing of the wrong shape names the wrapper the chosen listing expects, or every wrapper when detection fails', () => {
    const files = { 'x.json': '{"items": []}', 'n.json': fs.readFileSync(RELEASE, 'utf8'), 'arr.json': '[{"name": "v1"}]' };
    const unknown = run(['preview', '--dialect', 'neutral', '--policy', 'n.json', '--images', 'x.json'], { files });
    expect(unknown.code).toBe(ExitCode.INVALID_INPUT);
    expect(unknown.stderr).toContain('x.json: (document) is not a listing this command knows (got {"items":[]}); one of: aws ecr describe-images: {"imageDetails": [...]};');
    expect(unknown.stderr).toContain('or name it with --listing ecr|gar|harbor|acr|neutral');
    const ecr = run(['preview', '--dialect', 'neutral', '--policy', 'n.json', '--images', 'arr.json', '--listing', 'ecr'], { files });
    expect(ecr.stderr).toContain('arr.json: imageDetails must be an array');
    expect(ecr.stderr).toContain('{"imageDetails": [...]}');
    const acr = run(['preview', '--dialect', 'acr', '--policy', fixture('acr', 'policy-api.txt'), '--images', 'x.json'], { files });
    expect(acr.stderr).toContain('x.json: (document) is an object without the "manifests" wrapper');
  });

  test('the same image in two listings is reported, naming the flag', () => {
    const r = run(['preview', '--dialect', 'neutral', '--policy', RELEASE, '--images', API, '--images', API, '--now', NOW]);
    expect(r.code).toBe(ExitCode.INVALID_INPUT);
    expect(r.stderr).toContain('--images: (images) list one image in repository "payments/api" more than once');
  });
});

describe('pull times a registry does not record', () => {
  test('a GAR listing in the neutral preview: the pull time is unknown, not "never pulled"', () => {
    const files = { 'n.json': JSON.stringify({ rules: [{ kind: 'expireNotPulled', days: 30, action: 'expire' }] }), 'gar.json': fs.readFileSync(fixture('gar', 'images.json'), 'utf8') };
    const out = json(['--dialect', 'neutral', '--policy', 'n.json', '--images', 'gar.json'], files);
    const reasons = Object.values(out.reasons).filter((r) => r.includes('expireNotPulled'));
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) {
      expect(r).toContain('pull time unknown (the registry records none), pushed');
      expect(r).not.toContain('never pulled');
    }
    expect(out.stderr).toMatch(/registry-lifecycle: warning: \d+ images have no known pull time \(the registry records none\): expireNotPulled ages them from push/);
  });
});

describe('listing notes survive when the listing is read for another dialect or with others', () => {
  test('an ECR listing without imageStatus, in the neutral preview, says archived images may be missing', () => {
    const doc = JSON.parse(fs.readFileSync(fixture('ecr', 'images.json'), 'utf8'));
    for (const d of doc.imageDetails) delete d.imageStatus;
    doc.nextToken = 'abc';
    const files = { 'ecr.json': JSON.stringify(doc), 'n.json': fs.readFileSync(RELEASE, 'utf8') };
    const out = json(['--dialect', 'neutral', '--policy', 'n.json', '--images', 'ecr.json'], files);
    expect(out.stderr).toContain('registry-lifecycle: warning: ecr.json: the listing carries a pagination token, so it is incomplete');
    expect(out.stderr).toContain('registry-lifecycle: warning: ecr.json: no image has an imageStatus, so archived images may be missing; list with --filter imageStatus=ANY');
  });
});
