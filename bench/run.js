#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): prints
 *  (a) load time and RSS of each entry point against `require('cdktf')`, each in fresh processes;
 *  (b) synth time and peak RSS of N EcrRepository constructs (lifecycle rules + repository policy) against the
 *      same resources written directly with the provider classes, N = 1,000 and 10,000;
 *  (c) the simulators' throughput (bench/simulators.js).
 * Numbers only: nothing here asserts, and tests never assert on time.
 */
const { execFileSync } = require('child_process');
const path = require('path');
const fs = require('fs');
const os = require('os');

const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS || 5);

function node(args) {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function loadOnce(target) {
  const script = `
    const t0 = process.hrtime.bigint();
    require(${JSON.stringify(target)});
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss }));`;
  return node(['-e', script]);
}

function bench(label, target) {
  const runs = Array.from({ length: RUNS }, () => loadOnce(target));
  return { label, ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rss)) / 2 ** 20 };
}

function table(rows, columns) {
  const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => String(f(r)).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(columns.map(([h]) => h)));
  for (const r of rows) console.log(line(columns.map(([, f]) => f(r))));
}

function loadBench() {
  console.log(`\n(a) Loading an entry point in a fresh process (median of ${RUNS})`);
  const base = bench('cdktf', 'cdktf');
  const entries = [
    ['cdktf-container-registries', './dist/index.js'],
    ['cdktf-container-registries/aws', './dist/aws/index.js'],
    ['@cdktf/provider-aws (root import, for contrast)', '@cdktf/provider-aws'],
  ];
  const rows = [base, ...entries.filter(([, t]) => t.startsWith('@') || fs.existsSync(path.join(root, t))).map(([l, t]) => bench(l, t))];
  table(rows, [
    ['entry point', (r) => r.label],
    ['ms', (r) => r.ms.toFixed(0)],
    ['x cdktf', (r) => (r.ms / base.ms).toFixed(2)],
    ['RSS MB', (r) => r.rssMb.toFixed(0)],
  ]);
}

function synthOnce(kind, n) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    return node(['--max-old-space-size=8192', path.join(__dirname, 'synth-worker.js'), kind, String(n), out]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

// Synth time counts from before the App is made to after app.synth() has written cdk.tf.json (modules are
// loaded before, and measured in (a)); CPU time (user + system) is shown next to wall time because it is
// steadier when the machine is shared.
function synthBench() {
  const runs = Math.max(1, RUNS);
  console.log(`\n(b) Synthesizing N repositories with lifecycle rules and a repository policy (median of ${runs}, fresh process each)`);
  const rows = [];
  for (const n of [1000, 10000]) {
    const construct = Array.from({ length: runs }, () => synthOnce('construct', n));
    const raw = Array.from({ length: runs }, () => synthOnce('raw', n));
    rows.push({
      n,
      cMs: median(construct.map((r) => r.ms)),
      rMs: median(raw.map((r) => r.ms)),
      cCpu: median(construct.map((r) => r.cpuMs)),
      rCpu: median(raw.map((r) => r.cpuMs)),
      cRss: median(construct.map((r) => r.maxRssMb)),
      rRss: median(raw.map((r) => r.maxRssMb)),
    });
  }
  table(rows, [
    ['N', (r) => r.n],
    ['EcrRepository ms', (r) => r.cMs.toFixed(0)],
    ['raw ms', (r) => r.rMs.toFixed(0)],
    ['wall ratio', (r) => (r.cMs / r.rMs).toFixed(2)],
    ['CPU ratio', (r) => (r.cCpu / r.rCpu).toFixed(2)],
    ['ms per repo', (r) => (r.cMs / r.n).toFixed(3)],
    ['EcrRepository peak MB', (r) => r.cRss.toFixed(0)],
    ['raw peak MB', (r) => r.rRss.toFixed(0)],
    ['memory ratio', (r) => (r.cRss / r.rRss).toFixed(2)],
  ]);
}

function simulatorBench() {
  const file = path.join(__dirname, 'simulators.js');
  if (!fs.existsSync(file)) return;
  console.log('\n(c) Simulators');
  require(file).run();
}

function cleanupBench() {
  console.log('\n(d) registry-lifecycle apply (bench/cleanup.js)');
  return require(path.join(__dirname, 'cleanup.js')).run();
}

loadBench();
synthBench();
simulatorBench();
cleanupBench().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
