import { fixture, run } from './run';

const NOW = '2025-06-01T00:00:00Z';
const base = ['preview', '--dialect', 'gar', '--policy', fixture('gar', 'policy-not-pulled.json'), '--images', fixture('gar', 'images.json'), '--now', NOW, '--format', 'json'];

describe('registry-lifecycle preview --dialect gar --pulls', () => {
  test('a neutral "not pulled in 90 days" keeps what production pulled recently', () => {
    const withPulls = run([...base, '--pulls', fixture('gar', 'pulls.json')]);
    expect(withPulls.code).toBe(0);
    const json = JSON.parse(withPulls.stdout);
    const reasons = Object.values(json.reasons) as string[];
    expect(json.expired).toHaveLength(2);
    expect(reasons).toContainEqual(expect.stringContaining('last pulled 141 days ago'));
    expect(withPulls.stderr).toContain('the pull log starts at 2025-01-10T09:30:00.000Z');

    const without = JSON.parse(run(base).stdout);
    expect(without.expired).toHaveLength(3);
    const worker = json.kept.find((id: string) => !without.kept.includes(id));
    expect(without.expired).toContain(worker);
  });

  test('without pulls a neutral policy warns that expireNotPulled ages from upload', () => {
    expect(run(base).stderr).toContain('no image has a pull time');
  });

  test('--pulls only with gar, and a bad log is an input error', () => {
    const ecr = run(['preview', '--dialect', 'ecr', '--policy', fixture('ecr', 'policy.json'), '--images', fixture('ecr', 'images.json'), '--pulls', 'p.json']);
    expect(ecr.code).toBe(2);
    expect(ecr.stderr).toContain('--pulls only applies to --dialect gar');
    const bad = run([...base, '--pulls', 'p.json'], { files: { [fixture('gar', 'policy-not-pulled.json')]: '{"rules":[{"kind":"expireUntagged","days":1}]}', [fixture('gar', 'images.json')]: '[]', 'p.json': '{}' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('p.json: (document) must be a JSON list of log entries');
  });
});
