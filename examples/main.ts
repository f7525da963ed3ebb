/** The main job: synthesizes every example into cdktf.out/stacks/<stack>/cdk.tf.json. */

import { App } from 'cdktf';
import { EXAMPLES } from './stacks';

const app = new App();
for (const example of EXAMPLES) example.create(app, example.name);
app.synth();
console.log(`Synthesized ${EXAMPLES.length} example stack(s) into ${app.outdir}/stacks: ${EXAMPLES.map((e) => e.name).join(', ')}`);
