/** The main job: synthesizes every example into cdktf.out/stacks/<stack>/cdk.tf.json. */

import { App } from 'cdktf';
import { RegistryGuardrails } from '../lib/guardrails';
import { EXAMPLES } from './stacks';

const app = new App();
for (const example of EXAMPLES) example.create(app, example.name);
// One line checks every registry resource of every stack with the recommended pack (findings print as warnings).
RegistryGuardrails.applyTo(app);
app.synth();
console.log(`Synthesized ${EXAMPLES.length} example stack(s) into ${app.outdir}/stacks: ${EXAMPLES.map((e) => e.name).join(', ')}`);
