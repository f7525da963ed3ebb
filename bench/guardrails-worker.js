/**
 * One measurement of the guardrails' cost in a fresh process: `node guardrails-worker.js none|recommended|strict N OUTDIR`.
 * Builds a stack of N EcrRepository constructs (lifecycle rules, pull and push grants), optionally applies a pack, and
 * times construction plus app.synth(); prints {"ms", "cpuMs", "findings"}. Modules are loaded before the clock.
 */
const path = require('path');
const [, , pack, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');
const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { AwsPrincipal, EcrLifecycle, EcrRepository } = require(path.join(root, 'dist/aws/index.js'));
const { GuardrailPack, RegistryGuardrails } = require(path.join(root, 'dist/guardrails/index.js'));

// The strict pack reports errors; record them (as the cdktf CLI does) instead of stopping at the first stack.
process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const runtime = AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/runtime');
const ci = AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/ci');
for (let i = 0; i < n; i++) {
  const repo = new EcrRepository(stack, `Repo${i}`, {
    repositoryName: `team/app-${i}`,
    lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] })],
  });
  repo.grantPull(runtime);
  repo.grantPush(ci);
}
const guardrails = pack === 'none' ? undefined : RegistryGuardrails.applyTo(app, { packs: [pack === 'strict' ? GuardrailPack.STRICT : GuardrailPack.RECOMMENDED] });
app.synth();
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, findings: guardrails ? guardrails.findings.length : 0 }));
