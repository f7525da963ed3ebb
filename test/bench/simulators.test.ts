import { DIALECTS } from '../../lib/cli/dialects';

// Plain JS (bench/ runs on the compiled dist); only its data generator and policies are checked here, never timings.
const bench = require('../../bench/simulators.js');

describe('bench/simulators.js inputs', () => {
  test('the generated images are the same on every run and valid image records', () => {
    const a = bench.generateImages(2000);
    const b = bench.generateImages(2000);
    expect(a).toEqual(b);
    expect(bench.generateImages(2000, 1)).not.toEqual(a);
    const keys = new Set(a.map((i: any) => `${i.repository}@${i.digest}`));
    expect(keys.size).toBe(a.length);
    for (const i of a) {
      expect(i.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(Number.isInteger(i.pushedAt)).toBe(true);
    }
    expect(a.filter((i: any) => i.tags.length === 0).length).toBeGreaterThan(400);
  });

  test.each(DIALECTS.map((d) => [d.name]))('the %s benchmark policy is valid, has 10 rules and decides every image', (name) => {
    const dialect = DIALECTS.find((d) => d.name === name)!.load();
    const native = bench.POLICIES[name];
    const policy = dialect.parsePolicy(native, `bench ${name}`);
    const rules = Array.isArray(native) ? native.length : typeof native === 'string' ? native.split('\n').length : native.rules.length;
    expect(rules).toBe(10);
    const images = bench.generateImages(3000);
    const result = dialect.simulate(policy, images, Date.UTC(2026, 0, 1));
    expect(result.decisions).toHaveLength(images.length);
  });
});
