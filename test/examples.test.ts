import { Testing } from 'cdktf';
import { EXAMPLES } from '../examples/stacks';

// The main job (`npm run synth`) synthesizes these same stacks; here each one must synthesize with its
// validations run and produce at least one resource.
describe.each(EXAMPLES.map((e) => [e.name, e] as const))('example %s', (_name, example) => {
  test('synthesizes with validations', () => {
    const stack = example.create(Testing.app(), example.name);
    const json = JSON.parse(Testing.synth(stack, true));
    expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
  });
});
