/**
 * The GAR synth comparison with the sides alternated run by run (construct, raw, construct, raw, ...), for a
 * shared, loaded machine: `node bench/gcp-alternate.js [N=1000] [pairs=5]`. Each run is a fresh process
 * (gcp-synth-worker.js); the ratio is CPU time (process.cpuUsage) of construct over raw within each pair, so
 * that load which drifts over minutes affects both sides of a ratio alike. With `--scoped`, each round also runs
 * the raw resources inside one plain Construct per repository (the construct's paths and logical ids), to separate
 * the cost of the construct level from the cost of ArtifactRegistryRepo's own code. Needs `npm run build` first.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2).filter((a) => a !== '--scoped');
const withScoped = process.argv.includes('--scoped');
const n = Number(args[0] ?? 1000);
const pairs = Number(args[1] ?? 5);
const worker = path.join(__dirname, 'gcp-synth-worker.js');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gcp-alt-'));

function run(kind) {
  const text = execFileSync(process.execPath, ['--max-old-space-size=8192', worker, kind, String(n), path.join(out, kind)], { encoding: 'utf8' });
  return JSON.parse(text);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const ratios = [];
const scopedRatios = [];
const cpu = { construct: [], raw: [], scoped: [] };
for (let i = 0; i < pairs; i++) {
  const c = run('construct');
  const r = run('raw');
  const s = withScoped ? run('scoped') : undefined;
  cpu.construct.push(c.cpuMs);
  cpu.raw.push(r.cpuMs);
  ratios.push(c.cpuMs / r.cpuMs);
  let line = `N=${n} pair ${i + 1}: construct ${c.cpuMs.toFixed(0)} ms CPU, raw ${r.cpuMs.toFixed(0)} ms CPU, ratio ${(c.cpuMs / r.cpuMs).toFixed(3)}`;
  if (s) {
    cpu.scoped.push(s.cpuMs);
    scopedRatios.push(s.cpuMs / r.cpuMs);
    line += `; scoped ${s.cpuMs.toFixed(0)} ms CPU, scoped/raw ${(s.cpuMs / r.cpuMs).toFixed(3)}`;
  }
  console.log(line);
}
fs.rmSync(out, { recursive: true, force: true });
const f = (x) => x.toFixed(3);
console.log(
  `N=${n} CPU ratio over ${pairs} pairs: min ${f(Math.min(...ratios))} median ${f(median(ratios))} max ${f(Math.max(...ratios))}; ` +
    `median CPU construct ${median(cpu.construct).toFixed(0)} ms, raw ${median(cpu.raw).toFixed(0)} ms (ratio of medians ${f(median(cpu.construct) / median(cpu.raw))})`,
);
if (withScoped) {
  console.log(
    `N=${n} scoped/raw CPU ratio: min ${f(Math.min(...scopedRatios))} median ${f(median(scopedRatios))} max ${f(Math.max(...scopedRatios))}; ` +
      `construct/scoped (ratio of medians) ${f(median(cpu.construct) / median(cpu.scoped))}`,
  );
}
