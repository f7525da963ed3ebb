/**
 * The main job: synthesizes every example into cdktf.out/stacks/<stack>/cdk.tf.json and prints the synth
 * warnings and errors as `cdktf synth` does (`WARN [<construct path>]: …`); exits 1 on an error.
 */

import { App } from 'cdktf';
import { RegistryGuardrails } from '../lib/guardrails';
import { EXAMPLES } from './stacks';
import { prepareSynth, synthAndPrint } from './synth';

// Run by `cdktf synth` (which sets CDKTF_OUTDIR), the CLI prints the annotations itself.
const underCli = process.env.CDKTF_OUTDIR !== undefined;
if (!underCli) prepareSynth();
const app = new App();
for (const example of EXAMPLES) example.create(app, example.name);
// One line checks every registry resource of every stack with the recommended pack (findings print as warnings).
RegistryGuardrails.applyTo(app);
if (underCli) {
  app.synth();
} else {
  const code = synthAndPrint(app);
  if (code === 0) console.log(`Synthesized ${EXAMPLES.length} example stack(s) into ${app.outdir}/stacks: ${EXAMPLES.map((e) => e.name).join(', ')}`);
  process.exitCode = code;
}
