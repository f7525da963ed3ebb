import { Testing } from 'cdktf';
import { EXAMPLES } from '../examples/stacks';
import { RegistryGuardrails } from '../lib/guardrails';

// The main job (`npm run synth`) synthesizes these same stacks; here each one must synthesize with its
// validations run and produce at least one resource.
describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  test('synthesizes with validations', () => {
    const stack = example.create(Testing.app(), example.name);
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
  });

  test('passes the recommended guardrails pack (suppressions only with reasons the docs explain)', () => {
    const app = Testing.app();
    const stack = example.create(app, example.name);
    const guardrails = RegistryGuardrails.applyTo(app);
    Testing.synth(stack);
    expect(guardrails.findings.filter((f) => !f.suppression).map((f) => `${f.ruleId} ${f.path}: ${f.problem}`)).toEqual([]);
  });
});

// `npm run synth` builds every example in one app, so their singletons (one EcrRegistry per account and Region)
// must not collide.
test('every example synthesizes in one app, as npm run synth does', () => {
  const app = Testing.app();
  const stacks = EXAMPLES.map((e) => e.create(app, e.name));
  for (const stack of stacks) expect(() => Testing.synth(stack, true)).not.toThrow();
});
