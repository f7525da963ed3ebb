#!/usr/bin/env node
/**
 * Simulator throughput (after `npm run build`): for each dialect the `registry-lifecycle` CLI can load, the time to
 * simulate a 10-rule native policy over 100,000 generated images, next to one `Array.prototype.sort` of the same
 * images by push time. Data is generated from a fixed seed, so every run simulates the same images.
 * `node bench/simulators.js`, or `require('./simulators.js').run()` from bench/run.js. BENCH_DIST points at another
 * build output (default ../dist); BENCH_RUNS sets the timed runs per figure (median reported, default 5).
 */
const path = require('path');

const IMAGES = 100000;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 5));
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86400000;

/** mulberry32: a small, fast, seeded PRNG, so the data set is identical on every run and machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100,000 images over 200 repositories: releases, PR, dev, feature, nightly and tmp tags, 30 % untagged, 2 years of pushes. */
function generateImages(n = IMAGES, seed = 20261127) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const repos = Array.from({ length: 200 }, (_, i) => `team${i % 20}/svc${i}`);
  const images = new Array(n);
  for (let i = 0; i < n; i++) {
    const pushedAt = NOW - Math.floor(rnd() * 730 * DAY);
    const r = rnd();
    let tags;
    if (r < 0.3) tags = [];
    else if (r < 0.5) tags = [`v${Math.floor(rnd() * 5)}.${Math.floor(rnd() * 30)}.${i}`];
    else if (r < 0.7) tags = [`pr-${i}`];
    else if (r < 0.8) tags = [`dev-${i.toString(16)}`];
    else if (r < 0.88) tags = [`feature-${pick(['a', 'b', 'c'])}-${i}`];
    else if (r < 0.94) tags = [`nightly-${i}`];
    else if (r < 0.97) tags = [`release-${i}`, `v9.${i}`];
    else tags = [`tmp-${i}`];
    if (rnd() < 0.01) tags = [...tags, 'latest'];
    const pulled = rnd() < 0.6 ? pushedAt + Math.floor(rnd() * (NOW - pushedAt)) : undefined;
    const archived = rnd() < 0.05;
    const digest = `sha256:${i.toString(16).padStart(8, '0')}${Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0')}`.padEnd(71, '0');
    images[i] = {
      digest,
      tags,
      pushedAt,
      ...(pulled !== undefined ? { lastPulledAt: pulled } : {}),
      ...(archived ? { storageClass: 'archive', archivedAt: pushedAt + Math.floor(rnd() * (NOW - pushedAt)) } : {}),
      repository: repos[Math.floor(rnd() * repos.length)],
    };
  }
  return images;
}

const ecrRule = (rulePriority, selection, action = { type: 'expire' }) => ({ rulePriority, description: `rule ${rulePriority}`, selection, action });
const tagged = (pattern, countType, countNumber) => ({
  tagStatus: 'tagged',
  tagPatternList: [pattern],
  countType,
  ...(countType === 'imageCountMoreThan' ? {} : { countUnit: 'days' }),
  countNumber,
});

/** One 10-rule policy per dialect, each in that dialect's native form, with the same intents where the dialect allows. */
const POLICIES = {
  neutral: {
    rules: [
      { kind: 'protect', tagPatterns: ['latest'] },
      { kind: 'protect', tagPatterns: ['release-*'] },
      { kind: 'keepMostRecent', count: 20, tagPatterns: ['v*'] },
      { kind: 'keepMostRecent', count: 5, tagPatterns: ['feature-*'] },
      { kind: 'expireUntagged', days: 7 },
      { kind: 'expireTagged', days: 30, tagPatterns: ['pr-*'] },
      { kind: 'expireTagged', days: 14, tagPatterns: ['dev-*'] },
      { kind: 'expireTagged', days: 7, tagPatterns: ['nightly-*'] },
      { kind: 'expireTagged', days: 1, tagPatterns: ['tmp-*'] },
      { kind: 'expireNotPulled', days: 90, action: 'archive' },
    ],
  },
  ecr: {
    rules: [
      ecrRule(1, tagged('v*', 'imageCountMoreThan', 20)),
      ecrRule(2, tagged('feature-*', 'imageCountMoreThan', 5)),
      ecrRule(3, tagged('release-*', 'imageCountMoreThan', 50)),
      ecrRule(4, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }),
      ecrRule(5, tagged('pr-*', 'sinceImagePushed', 30)),
      ecrRule(6, tagged('dev-*', 'sinceImagePushed', 14)),
      ecrRule(7, tagged('nightly-*', 'sinceImagePushed', 7)),
      ecrRule(8, tagged('tmp-*', 'sinceImagePushed', 1)),
      ecrRule(9, { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 }),
      ecrRule(10, { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, { type: 'transition', targetStorageClass: 'archive' }),
    ],
  },
  gar: [
    { name: 'keep-latest', action: { type: 'Keep' }, condition: { tagState: 'tagged', tagPrefixes: ['latest'] } },
    { name: 'keep-releases', action: { type: 'Keep' }, condition: { tagState: 'tagged', tagPrefixes: ['release-'] } },
    { name: 'keep-recent', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 20 } },
    { name: 'keep-recent-team0', action: { type: 'Keep' }, mostRecentVersions: { packageNamePrefixes: ['team0/'], keepCount: 50 } },
    { name: 'delete-untagged', action: { type: 'Delete' }, condition: { tagState: 'untagged', olderThan: '7d' } },
    { name: 'delete-pr', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['pr-'], olderThan: '30d' } },
    { name: 'delete-dev', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['dev-'], olderThan: '14d' } },
    { name: 'delete-nightly', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['nightly-'], olderThan: '7d' } },
    { name: 'delete-tmp', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['tmp-'], olderThan: '1d' } },
    { name: 'delete-old', action: { type: 'Delete' }, condition: { tagState: 'any', olderThan: '365d' } },
  ],
  harbor: {
    id: 1,
    algorithm: 'or',
    rules: [
      ['latestPushedK', 20, 'v*', false],
      ['latestPushedK', 5, 'feature-*', false],
      ['always', undefined, 'release-*', false],
      ['always', undefined, 'latest', false],
      ['nDaysSinceLastPush', 7, '**', true],
      ['nDaysSinceLastPull', 90, '**', true],
      ['latestPulledN', 10, 'pr-*', false],
      ['nDaysSinceLastPush', 14, 'dev-*', false],
      ['nDaysSinceLastPush', 7, 'nightly-*', false],
      ['latestPushedK', 3, 'tmp-*', false],
    ].map(([template, n, pattern, untagged], i) => ({
      id: i + 1,
      priority: 1,
      disabled: false,
      action: 'retain',
      template,
      params: n === undefined ? {} : { [template]: n },
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern, extras: JSON.stringify({ untagged }) }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    })),
    trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' } },
    scope: { level: 'project', ref: 1 },
  },
  acr: [
    "acr purge --filter 'team0/.*:^pr-.*' --ago 30d --untagged",
    "acr purge --filter 'team1/.*:^pr-.*' --ago 30d --keep 5",
    "acr purge --filter '.*:^dev-.*' --ago 14d",
    "acr purge --filter '.*:^nightly-.*' --ago 7d",
    "acr purge --filter '.*:^tmp-.*' --ago 1d",
    "acr purge --filter '.*:^feature-a-.*' --ago 60d --keep 5",
    "acr purge --filter '.*:^feature-b-.*' --ago 60d --keep 5",
    "acr purge --filter '.*:^feature-c-.*' --ago 90d --keep 5",
    "acr purge --filter '.*:^v[0-4]\\..*' --ago 365d --keep 20",
    "acr purge --filter '.*:.*' --ago 730d --untagged",
  ].join('\n'),
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The sort a simulator is compared with: one Array.prototype.sort of the 100,000 images by push time (the copy is not timed). */
function sortBaseline(images) {
  const runs = [];
  for (let r = 0; r <= RUNS; r++) {
    const copy = images.slice();
    const ms = timeMs(() => copy.sort((a, b) => a.pushedAt - b.pushedAt));
    if (r > 0) runs.push(ms);
  }
  return median(runs);
}

function printTable(rows, columns) {
  const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => String(f(r)).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(columns.map(([h]) => h)));
  for (const r of rows) console.log(line(columns.map(([, f]) => f(r))));
}

/** Runs the benchmark, prints a table and returns its rows (one per dialect, `error` set for a dialect that could not run). */
function run() {
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(__dirname, '..', 'dist');
  let DIALECTS;
  try {
    ({ DIALECTS } = require(path.join(dist, 'cli', 'dialects.js')));
  } catch (e) {
    console.log(`simulators: ${path.join(dist, 'cli', 'dialects.js')} cannot be loaded (${e.message.split('\n')[0]}); run \`npm run build\` first`);
    return [];
  }
  const images = generateImages();
  const sortMs = sortBaseline(images);
  const rows = [];
  for (const entry of DIALECTS) {
    const row = { dialect: entry.name, images: images.length, rules: 0, simulateMs: NaN, imagesPerSecond: NaN, sortMs, ratio: NaN, expired: 0, archived: 0, kept: 0 };
    try {
      const dialect = entry.load();
      const native = POLICIES[entry.name];
      if (native === undefined) throw new Error('no benchmark policy for this dialect');
      const policy = dialect.parsePolicy(native, `bench ${entry.name} policy`);
      row.rules = Array.isArray(native) ? native.length : typeof native === 'string' ? native.split('\n').length : native.rules.length;
      const result = dialect.simulate(policy, images, NOW); // warm-up, and the decision counts
      for (const d of result.decisions) {
        if (d.action === 'expire') row.expired++;
        else if (d.action === 'archive') row.archived++;
        else row.kept++;
      }
      const runs = Array.from({ length: RUNS }, () => timeMs(() => dialect.simulate(policy, images, NOW)));
      row.simulateMs = median(runs);
      row.imagesPerSecond = images.length / (row.simulateMs / 1000);
      row.ratio = row.simulateMs / sortMs;
    } catch (e) {
      row.error = String(e && e.message ? e.message : e).split('\n')[0];
    }
    rows.push(row);
  }
  console.log(`Simulating ${IMAGES.toLocaleString('en-US')} generated images (seeded) against a 10-rule native policy; median of ${RUNS} runs`);
  const ok = rows.filter((r) => !r.error);
  printTable(ok, [
    ['dialect', (r) => r.dialect],
    ['rules', (r) => r.rules],
    ['simulate ms', (r) => r.simulateMs.toFixed(1)],
    ['images/s', (r) => Math.round(r.imagesPerSecond).toLocaleString('en-US')],
    ['one sort ms', (r) => r.sortMs.toFixed(1)],
    ['x sort', (r) => r.ratio.toFixed(1)],
    ['expire/archive/keep', (r) => `${r.expired}/${r.archived}/${r.kept}`],
  ]);
  for (const r of rows.filter((x) => x.error)) console.log(`${r.dialect}: not measured (${r.error})`);
  return rows;
}

module.exports = { run, generateImages, POLICIES };

if (require.main === module) run();
