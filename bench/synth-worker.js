/**
 * One synth measurement in a fresh process: `node synth-worker.js CASE construct|raw N OUTDIR` (cases in
 * bench/synth-cases.js); prints {"ms", "constructMs", "cpuMs", "constructCpuMs", "maxRssMb"}. The clock runs
 * from `new App()` (construction included) to the end of `app.synth()`; `constructMs` is the part before
 * `app.synth()`. CPU time is steadier than wall time on a shared machine. Modules are loaded before the clock.
 */
const path = require('path');
const [, , caseName, side, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');

const cases = require('./synth-cases');
const benchCase = cases.find((c) => c.name === caseName);
if (!benchCase || !['construct', 'raw'].includes(side)) {
  process.stderr.write(`usage: synth-worker.js <${cases.map((c) => c.name).join('|')}> construct|raw N OUTDIR\n`);
  process.exit(2);
}
const { App, TerraformStack } = require('cdktf');
const loaded = benchCase[side].load((entry) => require(path.join(root, 'dist', entry, 'index.js')));

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');
benchCase[side].build(stack, n, loaded);
const constructMs = Number(process.hrtime.bigint() - t0) / 1e6;
const constructCpu = process.cpuUsage(c0);
app.synth();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    ms,
    constructMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    constructCpuMs: (constructCpu.user + constructCpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
