#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): prints
 *  (a) load time and RSS of each entry point against `require('cdktf')`, each in fresh processes;
 *  (b) synth time (from new App() to the end of app.synth()) and peak RSS of each case of bench/synth-cases.js
 *      (EcrRepository with lifecycle rules and a repository policy, N = 1,000 and 10,000) against the same
 *      resources written directly with the provider classes, the two sides alternating run by run;
 *      BENCH_CASES=<case>,… and BENCH_SIZES=100,1000 narrow it;
 *  (c) the simulators' throughput (bench/simulators.js);
 *  (d) the cost of a guardrails pack on a stack of 1,000 repositories (bench/guardrails.js).
 * BENCH_PARTS=a,b,c,d chooses the parts; BENCH_RUNS (default 5) the runs per side and measurement.
 * Part (b) also runs the GCP (bench/gcp-synth-worker.js) and Azure (bench/azure.js) family comparisons.
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
    ['cdktf-container-registries/gcp', './dist/gcp/index.js'],
    ['cdktf-container-registries/azure', './dist/azure/index.js'],
    ['cdktf-container-registries/harbor', './dist/harbor/index.js'],
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

function synthOnce(caseName, side, n) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    return node(['--max-old-space-size=8192', path.join(__dirname, 'synth-worker.js'), caseName, side, String(n), out]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** min / median / max of a list, formatted with `digits` decimals. */
function spread(xs, digits = 0) {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(digits)} / ${median(s).toFixed(digits)} / ${s[s.length - 1].toFixed(digits)}`;
}

/**
 * Runs the two sides of a case alternately, one fresh process per run, in the order construct, raw, raw,
 * construct, … so that neither side always runs first or on a warmer machine. Each pair of neighbouring runs
 * gives one ratio; a slow spell of the machine (or of node's garbage collector) then shows up as one outlying
 * ratio instead of moving a whole side's median.
 */
function measureCase(benchCase, n, runs) {
  const construct = [];
  const raw = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['construct', 'raw'] : ['raw', 'construct'];
    for (const side of order) (side === 'construct' ? construct : raw).push(synthOnce(benchCase.name, side, n));
  }
  const ratios = (key) => construct.map((c, i) => c[key] / raw[i][key]);
  return { n, construct, raw, wallRatios: ratios('ms'), cpuRatios: ratios('cpuMs') };
}

// The clock counts from `new App()` (construction included) to the end of app.synth(), which writes cdk.tf.json;
// modules are loaded before (measured in (a)). CPU time (user + system) is shown next to wall time because it is
// steadier when the machine is shared. Cases: bench/synth-cases.js.
function synthBench() {
  const runs = Math.max(1, RUNS);
  const cases = require('./synth-cases');
  const only = process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',') : undefined;
  const sizes = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : undefined;
  console.log(`\n(b) Synth: the library against the same resources written with the provider classes (${runs} alternating runs per side, fresh process each)`);
  console.log('    times are min / median / max in ms, from new App() to the end of app.synth(); ratio = library / provider classes, per neighbouring pair');
  const below = [];
  for (const benchCase of cases.filter((c) => !only || only.includes(c.name))) {
    console.log(`\n  ${benchCase.name}: ${benchCase.description}`);
    const rows = (sizes ?? benchCase.sizes).map((n) => measureCase(benchCase, n, runs));
    table(rows, [
      ['N', (r) => r.n],
      ['library wall ms', (r) => spread(r.construct.map((x) => x.ms))],
      ['raw wall ms', (r) => spread(r.raw.map((x) => x.ms))],
      ['wall ratio', (r) => spread(r.wallRatios, 2)],
      ['CPU ratio', (r) => spread(r.cpuRatios, 2)],
      ['library construction share', (r) => `${((100 * median(r.construct.map((x) => x.constructCpuMs))) / median(r.construct.map((x) => x.cpuMs))).toFixed(0)}%`],
      ['construction CPU ratio', (r) => spread(r.construct.map((c, i) => c.constructCpuMs / r.raw[i].constructCpuMs), 2)],
      ['synth-phase CPU ratio', (r) => spread(r.construct.map((c, i) => (c.cpuMs - c.constructCpuMs) / (r.raw[i].cpuMs - r.raw[i].constructCpuMs)), 2)],
      ['library / raw peak MB', (r) => `${median(r.construct.map((x) => x.maxRssMb)).toFixed(0)} / ${median(r.raw.map((x) => x.maxRssMb)).toFixed(0)}`],
    ]);
    for (const r of rows) {
      for (const [label, xs] of [['wall', r.wallRatios], ['CPU', r.cpuRatios]]) {
        if (median(xs) < 1) below.push({ name: benchCase.name, n: r.n, label, xs });
      }
    }
  }
  for (const b of below) {
    const s = [...b.xs].sort((x, y) => x - y);
    const why =
      s.length < 3
        ? `only ${s.length} pair(s), too few to tell noise from a difference; rerun with BENCH_RUNS=5 or more`
        : s[s.length - 1] >= 1
        ? `the pairs range from ${s[0].toFixed(2)} to ${s[s.length - 1].toFixed(2)}, so the difference is within this machine's run-to-run noise, not a library faster than the classes it is built on; rerun with a larger BENCH_RUNS on a quiet machine, and compare the construction and synth-phase ratios`
        : 'every pair is under 1.0: the provider-class side does more work than the library here; test/bench/synth-cases.test.ts checks that both synthesize the same resources, so look for a cost in how that side is written (docs/development.md, Benchmarks)';
    console.log(`\n  Note: ${b.name} N=${b.n} ${b.label} ratio median under 1.0: ${why}.`);
  }
}

// The same measurement for N ArtifactRegistryRepo (three cleanup policies, two grants) against the raw provider classes.
function garSynthBench() {
  const runs = Math.max(1, RUNS);
  const once = (kind, n) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-gar-synth-'));
    try {
      return node(['--max-old-space-size=8192', path.join(__dirname, 'gcp-synth-worker.js'), kind, String(n), out]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  };
  console.log(`\n(b2) Synthesizing N Artifact Registry repositories with cleanup policies and two grants (median of ${runs}, fresh process each)`);
  const rows = [];
  for (const n of [1000, 10000]) {
    const construct = Array.from({ length: runs }, () => once('construct', n));
    const raw = Array.from({ length: runs }, () => once('raw', n));
    rows.push({ n, cMs: median(construct.map((r) => r.ms)), rMs: median(raw.map((r) => r.ms)), cCpu: median(construct.map((r) => r.cpuMs)), rCpu: median(raw.map((r) => r.cpuMs)), cRss: median(construct.map((r) => r.maxRssMb)), rRss: median(raw.map((r) => r.maxRssMb)) });
  }
  table(rows, [
    ['N', (r) => r.n],
    ['ArtifactRegistryRepo ms', (r) => r.cMs.toFixed(0)],
    ['raw ms', (r) => r.rMs.toFixed(0)],
    ['wall ratio', (r) => (r.cMs / r.rMs).toFixed(2)],
    ['CPU ratio', (r) => (r.cCpu / r.rCpu).toFixed(2)],
    ['ms per repo', (r) => (r.cMs / r.n).toFixed(3)],
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
  console.log('\n(e) registry-lifecycle apply (bench/cleanup.js)');
  return require(path.join(__dirname, 'cleanup.js')).run();
}

// BENCH_PARTS=b runs only the synth comparisons (a, b, c, d, e as above).
const parts = (process.env.BENCH_PARTS || 'a,b,c,d,e').split(',');
if (parts.includes('a')) loadBench();
if (parts.includes('b')) {
  synthBench();
  garSynthBench();
  require('./azure').run(Math.max(1, RUNS));
  require('./harbor.js').run();
}
if (parts.includes('c')) simulatorBench();
if (parts.includes('d')) require('./guardrails');
if (parts.includes('e')) {
  cleanupBench().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
