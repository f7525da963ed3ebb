import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';

// Plain JS (bench/ runs on the compiled dist); here the cases run on lib/ at a small N. Never timings: only that
// both sides of a case synthesize the same resources, so that the ratio compares equal work.
const cases = require('../../bench/synth-cases.js');
const requireLib = (entry: string) => require(path.join(__dirname, '../../lib', entry));

/** The synthesized resources, references to other resources replaced by their type, policies parsed, sorted. */
function normalized(side: { load: (r: typeof requireLib) => unknown; build: (s: TerraformStack, n: number, l: unknown) => void }, n: number): Record<string, unknown[]> {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'bench');
  side.build(stack, n, side.load(requireLib));
  const json = JSON.parse(Testing.synth(stack, true));
  const out: Record<string, unknown[]> = {};
  for (const [type, byId] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    out[type] = Object.values(byId)
      .map((r) => {
        const { depends_on: _d, ...rest } = r;
        const text = JSON.stringify(rest).replace(/\$\{([a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)\}/g, '${$1.*.$2}');
        const body = JSON.parse(text);
        if (typeof body.policy === 'string') body.policy = JSON.parse(body.policy);
        return body;
      })
      .map((b) => JSON.stringify(b))
      .sort()
      .map((b) => JSON.parse(b));
  }
  return out;
}

describe('bench/synth-cases.js', () => {
  test('every case names itself, says what an item is, and has both sides', () => {
    expect(cases.length).toBeGreaterThan(0);
    const names = cases.map((c: any) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of cases) {
      expect(c.name).toMatch(/^[a-z0-9-]+$/);
      expect(typeof c.description).toBe('string');
      expect(c.sizes.every((n: number) => Number.isInteger(n) && n > 0)).toBe(true);
      for (const side of ['construct', 'raw']) {
        expect(typeof c[side].load).toBe('function');
        expect(typeof c[side].build).toBe('function');
      }
    }
  });

  const table: [string, any][] = cases.map((c: any) => [c.name, c]);
  test.each(table)('%s: both sides synthesize the same resources', (_name, c) => {
    const construct = normalized(c.construct, 3);
    const raw = normalized(c.raw, 3);
    expect(Object.keys(construct).sort()).toEqual(Object.keys(raw).sort());
    for (const type of Object.keys(raw)) expect(construct[type]).toEqual(raw[type]);
  });
});
