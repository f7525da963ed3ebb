/**
 * The Azure part of `npm run bench`: synth time and peak RSS of N AcrRegistry (purge task from a RetentionPolicy,
 * pull and push grants) against the same resources written with the provider classes, N = 1,000 and 10,000, each
 * in fresh processes (bench/azure-synth-worker.js). Numbers only.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function once(kind, n) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-azure-'));
  try {
    const text = execFileSync(process.execPath, ['--max-old-space-size=8192', path.join(__dirname, 'azure-synth-worker.js'), kind, String(n), out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(text);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs the comparison and prints one table; `sizes` defaults to 1,000 and 10,000. */
function run(runs = Number(process.env.BENCH_RUNS || 5), sizes = [1000, 10000]) {
  console.log(`\n(azure) Synthesizing N AcrRegistry with a purge task and two grants against the raw provider classes (median of ${runs}, fresh process each)`);
  console.log(['N', 'AcrRegistry ms', 'raw ms', 'wall ratio', 'CPU ratio', 'ms per registry', 'AcrRegistry peak MB', 'raw peak MB'].join('  '));
  const rows = [];
  for (const n of sizes) {
    const c = Array.from({ length: runs }, () => once('construct', n));
    const r = Array.from({ length: runs }, () => once('raw', n));
    const row = {
      n,
      cMs: median(c.map((x) => x.ms)),
      rMs: median(r.map((x) => x.ms)),
      cCpu: median(c.map((x) => x.cpuMs)),
      rCpu: median(r.map((x) => x.cpuMs)),
      cRss: median(c.map((x) => x.maxRssMb)),
      rRss: median(r.map((x) => x.maxRssMb)),
    };
    rows.push(row);
    console.log([n, row.cMs.toFixed(0), row.rMs.toFixed(0), (row.cMs / row.rMs).toFixed(2), (row.cCpu / row.rCpu).toFixed(2), (row.cMs / n).toFixed(3), row.cRss.toFixed(0), row.rRss.toFixed(0)].join('  '));
  }
  return rows;
}

module.exports = { run };
if (require.main === module) run(Number(process.env.BENCH_RUNS || 1), (process.env.BENCH_SIZES || '1000,10000').split(',').map(Number));
