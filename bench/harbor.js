/**
 * Harbor part of `npm run bench` (called by bench/run.js): synth time and peak RSS of N HarborProject (neutral
 * retention policy, default immutable rule, a push and a pull robot) against the same resources written with the
 * generated classes directly (bench/harbor-synth-worker.js), N = 1,000 and 10,000, median of BENCH_RUNS fresh
 * processes. Numbers only: nothing here asserts.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 5));
const SIZES = (process.env.BENCH_HARBOR_N || '1000,10000').split(',').map(Number);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function once(kind, n) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-harbor-'));
  try {
    const text = execFileSync(process.execPath, ['--max-old-space-size=8192', path.join(__dirname, 'harbor-synth-worker.js'), kind, String(n), out], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(text);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function run() {
  console.log(`\n(d) Synthesizing N Harbor projects with retention and two robots (median of ${RUNS}, fresh process each)`);
  const rows = [];
  for (const n of SIZES) {
    // Interleaved so that a burst of load on a shared machine hits both sides alike.
    const construct = [];
    const raw = [];
    for (let i = 0; i < RUNS; i++) {
      construct.push(once('construct', n));
      raw.push(once('raw', n));
    }
    const m = (xs, k) => median(xs.map((r) => r[k]));
    rows.push({ n, cMs: m(construct, 'ms'), rMs: m(raw, 'ms'), cCpu: m(construct, 'cpuMs'), rCpu: m(raw, 'cpuMs'), cRss: m(construct, 'maxRssMb'), rRss: m(raw, 'maxRssMb') });
  }
  const columns = [
    ['N', (r) => r.n],
    ['HarborProject ms', (r) => r.cMs.toFixed(0)],
    ['raw ms', (r) => r.rMs.toFixed(0)],
    ['wall ratio', (r) => (r.cMs / r.rMs).toFixed(2)],
    ['CPU ratio', (r) => (r.cCpu / r.rCpu).toFixed(2)],
    ['HarborProject peak MB', (r) => r.cRss.toFixed(0)],
    ['raw peak MB', (r) => r.rRss.toFixed(0)],
    ['memory ratio', (r) => (r.cRss / r.rRss).toFixed(2)],
  ];
  const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => String(f(r)).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(columns.map(([h]) => h)));
  for (const r of rows) console.log(line(columns.map(([, f]) => f(r))));
  return rows;
}

module.exports = { run };

if (require.main === module) run();
