#!/usr/bin/env node
/**
 * The cost of a guardrails pack on a stack of 1,000 repositories, as a share of that stack's synth time (target: under
 * 20%). Runs alternate between the sides (none, recommended, strict) so that drift on a shared machine hits each side
 * alike; prints min/median/max of wall time. Called by bench/run.js, or alone after `npm run build`.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const RUNS = Number(process.env.BENCH_RUNS || 5);
const N = Number(process.env.BENCH_GUARDRAILS_N || 1000);
const sides = ['none', 'recommended', 'strict'];
const results = Object.fromEntries(sides.map((s) => [s, []]));
for (let run = 0; run < RUNS; run++) {
  for (const side of sides) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-bench-'));
    const out = execFileSync(process.execPath, [path.join(__dirname, 'guardrails-worker.js'), side, String(N), outdir], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
    results[side].push(JSON.parse(out));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
console.log(`\n(d) Guardrails on a stack of ${N} EcrRepository (construction + app.synth, ${RUNS} alternating runs each)`);
const base = stats(results.none.map((r) => r.cpuMs));
for (const side of sides) {
  const s = stats(results[side].map((r) => r.ms));
  const cpu = stats(results[side].map((r) => r.cpuMs));
  const extra = side === 'none' ? '' : `  pack cost ${(((cpu.median - base.median) / base.median) * 100).toFixed(1)}% of synth CPU (target < 20%), ${results[side][0].findings} findings`;
  console.log(`${side.padEnd(12)} wall min ${s.min.toFixed(0)} / median ${s.median.toFixed(0)} / max ${s.max.toFixed(0)} ms, CPU median ${cpu.median.toFixed(0)} ms${extra}`);
}
