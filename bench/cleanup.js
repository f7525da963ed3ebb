#!/usr/bin/env node
/**
 * `registry-lifecycle apply` throughput (after `npm run build`), on Debian's docker-registry on loopback:
 *  (1) plan + delete over BENCH_CLEANUP_TAGS tags (default 5,000) in 50 repositories, one image per tag, with
 *      "keepMostRecent 20 per repository" (so 80 % are deleted), images per second;
 *  (2) the loop teams write today, on the same registry and the same kind of images: per repository
 *      `skopeo list-tags`, then `skopeo inspect` per tag (digest, created), then `skopeo delete` per expired digest
 *      after checking no kept tag shares it. It is timed on BENCH_CLEANUP_SKOPEO_TAGS tags (default 200: at ~0.1 s
 *      per skopeo call the full 5,000 would take many minutes) and reported as images per second;
 *  (3) planning alone (simulation + safety net) over 100,000 listed images, no I/O.
 * Numbers only, nothing asserts. `node bench/cleanup.js` or `require('./cleanup.js').run()` from bench/run.js.
 */
const { execFile, spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { promisify } = require('util');

const DIST = process.env.BENCH_DIST || path.join(__dirname, '..', 'dist');
const TAGS = Number(process.env.BENCH_CLEANUP_TAGS || 5000);
const SKOPEO_TAGS = Number(process.env.BENCH_CLEANUP_SKOPEO_TAGS || 200);
const REPOS = 50;
const KEEP = 20;
const DAY = 86400000;
const run$ = promisify(execFile);

const sha = (b) => `sha256:${crypto.createHash('sha256').update(b).digest('hex')}`;
const LAYER = zlib.gzipSync(Buffer.from('bench layer\n'));

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRegistry() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cleanup-'));
  const host = `127.0.0.1:${await freePort()}`;
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: ${host}\n  secret: bench\n`,
  );
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 500; i++) {
    try {
      if ((await fetch(`http://${host}/v2/`)).status === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return { host, url: `http://${host}`, stop: () => { child.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Pushes `perRepo` one-tag images into each of `repos` repositories; image i of a repo was built i days ago. */
async function seed(url, repos, perRepo) {
  const jobs = [];
  for (let r = 0; r < repos; r++) for (let i = 0; i < perRepo; i++) jobs.push([`bench/r${String(r).padStart(2, '0')}`, i]);
  const layerDone = new Map();
  const put = async (u, body, type) => {
    const res = await fetch(u, { method: 'PUT', body, headers: { 'Content-Type': type } });
    if (res.status >= 300) throw new Error(`PUT ${u}: ${res.status}`);
    await res.arrayBuffer();
  };
  const blob = async (repo, digest, bytes) => {
    const post = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    await post.arrayBuffer();
    const loc = new URL(post.headers.get('location'), url);
    loc.searchParams.set('digest', digest);
    await put(loc, bytes, 'application/octet-stream');
  };
  let next = 0;
  const now = Date.now();
  const worker = async () => {
    while (next < jobs.length) {
      const [repo, i] = jobs[next++];
      if (!layerDone.has(repo)) layerDone.set(repo, blob(repo, sha(LAYER), LAYER));
      await layerDone.get(repo);
      const config = Buffer.from(JSON.stringify({ created: new Date(now - i * DAY - DAY / 2).toISOString(), architecture: 'amd64', os: 'linux', repo, i }));
      await blob(repo, sha(config), config);
      const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(LAYER), size: LAYER.length }] }));
      await put(`${url}/v2/${repo}/manifests/t${String(i).padStart(4, '0')}`, manifest, 'application/vnd.oci.image.manifest.v1+json');
    }
  };
  // The first image of each repository uploads the shared layer; the others wait for it.
  await Promise.all(Array.from({ length: 12 }, worker));
  return jobs.length;
}

async function runnerBench(perRepo) {
  const reg = await startRegistry();
  try {
    const t0 = Date.now();
    const images = await seed(reg.url, REPOS, perRepo);
    const seedS = (Date.now() - t0) / 1000;
    const policyFile = path.join(os.tmpdir(), `bench-cleanup-policy-${process.pid}.json`);
    fs.writeFileSync(policyFile, JSON.stringify({ rules: [{ kind: 'keepMostRecent', count: KEEP, tagPatterns: ['*'] }] }));
    const { runApply } = require(path.join(DIST, 'cli', 'apply', 'command.js'));
    let out = '';
    const io = { stdout: (t) => (out += t), stderr: () => undefined, isTTY: false, env: { ...process.env, DOCKER_CONFIG: os.tmpdir() } };
    const t1 = process.hrtime.bigint();
    const code = await runApply(['--registry', reg.url, '--policy', policyFile, '--execute', '--format', 'json', '--concurrency', process.env.BENCH_CLEANUP_CONCURRENCY || '16'], io);
    const s = Number(process.hrtime.bigint() - t1) / 1e9;
    const summary = JSON.parse(out);
    return { images, seedS, s, code, deleted: summary.deleted.length, requests: summary.requests, retries: summary.retries };
  } finally {
    reg.stop();
  }
}

/** The shell loop, driven from node: list-tags, inspect each tag, delete each expired digest no kept tag shares. */
async function skopeoBench(tags) {
  const reg = await startRegistry();
  const perRepo = 100;
  const repos = Math.max(1, Math.round(tags / perRepo));
  try {
    await seed(reg.url, repos, perRepo);
    const t1 = process.hrtime.bigint();
    let images = 0;
    let deleted = 0;
    for (let r = 0; r < repos; r++) {
      const repo = `bench/r${String(r).padStart(2, '0')}`;
      const ref = `docker://${reg.host}/${repo}`;
      const list = JSON.parse((await run$('skopeo', ['list-tags', '--tls-verify=false', ref])).stdout).Tags;
      const inspected = [];
      for (const tag of list) {
        const doc = JSON.parse((await run$('skopeo', ['inspect', '--tls-verify=false', `${ref}:${tag}`])).stdout);
        inspected.push({ tag, digest: doc.Digest, created: Date.parse(doc.Created) });
        images++;
      }
      inspected.sort((a, b) => b.created - a.created || a.digest.localeCompare(b.digest));
      const keptDigests = new Set(inspected.slice(0, KEEP).map((x) => x.digest));
      for (const x of inspected.slice(KEEP)) {
        if (keptDigests.has(x.digest)) continue;
        await run$('skopeo', ['delete', '--tls-verify=false', `${ref}@${x.digest}`]);
        deleted++;
      }
    }
    const s = Number(process.hrtime.bigint() - t1) / 1e9;
    return { images, deleted, s };
  } finally {
    reg.stop();
  }
}

/** Planning alone: 100,000 listed images over 200 repositories, 10 % of them two-platform indexes. */
function planBench() {
  const { makePlan } = require(path.join(DIST, 'cli', 'apply', 'plan.js'));
  const { RetentionPolicy } = require(path.join(DIST, 'core', 'retention', 'policy.js'));
  const policy = RetentionPolicy.fromJson({
    rules: [
      { kind: 'protect', tagPatterns: ['v*', 'latest'] },
      { kind: 'keepMostRecent', count: 50, tagPatterns: ['main-*'] },
      { kind: 'expireTagged', tagPatterns: ['pr-*'], days: 14 },
      { kind: 'expireTagged', tagPatterns: ['dev-*', 'tmp-*'], days: 7 },
    ],
  });
  const now = Date.UTC(2026, 0, 1);
  const kinds = ['v', 'main-', 'pr-', 'dev-', 'tmp-'];
  const listing = [];
  for (let i = 0; i < 100000; i++) {
    const repo = `team/r${i % 200}`;
    const hex = crypto.createHash('sha256').update(String(i)).digest('hex');
    const index = i % 10 === 0;
    listing.push({
      repository: repo,
      digest: `sha256:${hex}`,
      tags: [`${kinds[i % 5]}${i}`],
      pushedAt: now - (i % 700) * DAY,
      mediaType: index ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
      references: index ? [`sha256:${hex.slice(0, 63)}a`, `sha256:${hex.slice(0, 63)}b`] : undefined,
    });
  }
  const { neutralDialect } = require(path.join(DIST, 'core', 'retention', 'neutral.js'));
  const median = (fn) => {
    const times = [];
    for (let r = 0; r < 5; r++) {
      const t = process.hrtime.bigint();
      fn();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return times.sort((a, b) => a - b)[2];
  };
  const simMs = median(() => neutralDialect.simulate(policy, listing, now));
  let plan;
  const ms = median(() => (plan = makePlan(policy, listing, now)));
  return { ms, simMs, deletions: plan.deletions.length, skipped: plan.skipped.length };
}

async function run() {
  const have = (bin) => process.env.PATH.split(':').some((d) => fs.existsSync(path.join(d, bin)));
  const plan = planBench();
  console.log(`planning 100,000 listed images (median of 5 each): the whole plan ${plan.ms.toFixed(0)} ms; the simulator alone ${plan.simMs.toFixed(0)} ms (medians of separate runs, so their difference is noise-bound) (${plan.deletions} deletions, ${plan.skipped} kept by the safety net)`);
  if (!have('docker-registry')) {
    console.log('docker-registry is not installed (apt-get install docker-registry skopeo): registry figures skipped');
    return;
  }
  const perRepo = Math.max(KEEP + 1, Math.round(TAGS / REPOS));
  const a = await runnerBench(perRepo);
  const aRate = a.images / a.s;
  console.log(`registry-lifecycle apply: ${a.images} tags in ${REPOS} repositories (seeded in ${a.seedS.toFixed(1)} s), plan + delete ${a.deleted} in ${a.s.toFixed(1)} s = ${aRate.toFixed(0)} images/s (${a.requests} requests, ${a.retries} retries, exit ${a.code})`);
  if (!have('skopeo')) {
    console.log('skopeo is not installed: the comparison loop is skipped');
    return;
  }
  const b = await skopeoBench(SKOPEO_TAGS);
  const bRate = b.images / b.s;
  console.log(`skopeo loop (list-tags + inspect + delete per image): ${b.images} tags, deleted ${b.deleted} in ${b.s.toFixed(1)} s = ${bRate.toFixed(1)} images/s`);
  console.log(`apply vs skopeo loop: ${(aRate / bRate).toFixed(1)}x images per second`);
}

module.exports = { run, planBench };
if (require.main === module) run().catch((e) => {
  console.error(e);
  process.exit(1);
});
