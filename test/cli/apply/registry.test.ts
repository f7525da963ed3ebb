/**
 * `registry-lifecycle apply` against a real CNCF distribution registry (Debian's docker-registry) on loopback:
 * the plan equals the simulator's, the safety net holds, faults and crashes end in the fault-free final state,
 * and bad input fails clearly with nothing deleted.
 */

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { ApplyExitCode } from '../../../lib/cli/apply/command';
import { ImageAction, ImageRecord } from '../../../lib/core/retention/image';
import { RetentionPolicy } from '../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../lib/core/retention/simulate';
import { startFaultProxy } from '../../support/fault-proxy';
import { BuiltManifest, describeWithRegistry, freePort, makeImage, makeIndex, Pusher, skopeoAvailable, skopeoTags, startRegistry, TestRegistry } from '../../support/registry';
import { apply, dockerConfig, policyFile, tempDir } from './run-apply';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const root = path.resolve(__dirname, '..', '..', '..');

/** A small fixed scene: releases, PR builds, a multi-arch release whose child also carries an expiring tag. */
function scene(now: number) {
  const img = (days: number, seed: string) => makeImage({ created: now - days * DAY - DAY / 2, seed });
  const child1 = img(30, 'child-amd64');
  const child2 = makeImage({ created: now - 30 * DAY - DAY / 2, seed: 'child-arm64', arch: 'arm64' });
  const index = makeIndex([child1, child2], now - 30 * DAY - DAY / 2);
  const items: Array<{ repo: string; manifest: BuiltManifest; tags: string[] }> = [
    { repo: 'team/app', manifest: img(1, 'v2'), tags: ['v2', 'latest'] },
    { repo: 'team/app', manifest: index, tags: ['v1'] },
    { repo: 'team/app', manifest: child1, tags: ['pr-child'] },
    ...Array.from({ length: 8 }, (_, i) => ({ repo: 'team/app', manifest: img(10 + i, `pr${i}`), tags: [`pr-${i}`] })),
    ...Array.from({ length: 6 }, (_, i) => ({ repo: 'team/api', manifest: img(3 + 5 * i, `api${i}`), tags: [`build-${i}`, ...(i === 0 ? ['stable'] : [])] })),
  ];
  return { items, index, child1, child2 };
}

const POLICY = {
  rules: [
    { kind: 'protect', tagPatterns: ['v*', 'latest', 'stable'] },
    { kind: 'expireTagged', tagPatterns: ['pr-*'], days: 7 },
    { kind: 'keepMostRecent', count: 2, tagPatterns: ['build-*'] },
  ],
};

async function seeded(now: number, options: Parameters<typeof startRegistry>[0] = {}): Promise<{ reg: TestRegistry; pusher: Pusher; s: ReturnType<typeof scene> }> {
  const reg = await startRegistry(options);
  const auth = options.user ? `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString('base64')}` : undefined;
  const pusher = new Pusher(reg.url, auth);
  const s = scene(now);
  try {
    await pusher.pushAll(s.items);
  } catch (e) {
    await reg.cleanup();
    throw e;
  }
  return { reg, pusher, s };
}

async function state(pusher: Pusher): Promise<Record<string, Record<string, string>>> {
  return { 'team/app': await pusher.tagMap('team/app'), 'team/api': await pusher.tagMap('team/api') };
}

describeWithRegistry('registry-lifecycle apply on a real registry', () => {
  const dir = tempDir();
  const policy = policyFile(dir, POLICY);
  const now = Date.now();
  let reg: TestRegistry;
  let pusher: Pusher;
  let s: ReturnType<typeof scene>;
  let before: Record<string, Record<string, string>>;

  beforeAll(async () => {
    ({ reg, pusher, s } = await seeded(now));
    before = await state(pusher);
  });
  afterAll(async () => {
    await reg.cleanup();
  });

  test('a dry run prints the plan and deletes nothing', async () => {
    const r = await apply(['--registry', reg.url, '--policy', policy]);
    expect(r.code).toBe(ApplyExitCode.OK);
    expect(r.stdout).toContain('12 to delete, 0 kept by the safety net, 5 kept by the policy');
    expect(r.stdout).toContain('dry run: nothing deleted');
    // The index child is kept by the policy itself: the neutral model keeps what a kept index references.
    expect(r.stdout).not.toMatch(/delete  team\/app@sha256:\w+ {2}pr-child/);
    expect(await state(pusher)).toEqual(before);
  });

  test('--execute deletes exactly the plan, by digest; the index child stays with its tag; skopeo sees the same', async () => {
    const json = await apply(['--registry', reg.url, '--policy', policy, '--format', 'json']);
    const planned = json.summary!.planned.map((p) => `${p.repository}@${p.digest}`).sort();
    const r = await apply(['--registry', reg.url, '--policy', policy, '--execute', '--format', 'json']);
    expect(r.code).toBe(ApplyExitCode.OK);
    expect(r.summary!.deleted.map((p) => `${p.repository}@${p.digest}`).sort()).toEqual(planned);
    expect(r.summary!.failed).toEqual([]);
    // Not a terminal: one plain progress line per manifest.
    expect(r.stderr.trim().split('\n')).toHaveLength(planned.length);
    expect(r.stderr).toMatch(/^\[1\/12\] deleted team\/(api|app)@sha256:[0-9a-f]{64}$/m);
    const after = await state(pusher);
    // Every deleted digest's tags are gone; every other tag is where it was.
    const deletedTags = new Set(r.summary!.deleted.flatMap((d) => d.tags.map((t) => `${d.repository}:${t}`)));
    for (const repo of Object.keys(before)) {
      for (const [tag, digest] of Object.entries(before[repo])) {
        if (deletedTags.has(`${repo}:${tag}`)) expect(after[repo][tag]).toBeUndefined();
        else expect(after[repo][tag]).toBe(digest);
      }
    }
    expect(Object.keys(after['team/api']).sort()).toEqual(['build-0', 'build-1', 'stable']);
    expect(await pusher.exists('team/app', s.child1.digest)).toBe(true);
    expect(await pusher.exists('team/app', s.child2.digest)).toBe(true);
    expect(after['team/app']['pr-child']).toBe(s.child1.digest);
    if (skopeoAvailable()) expect(skopeoTags(reg.host, 'team/api')).toEqual(['build-0', 'build-1', 'stable']);
    // A second run finds nothing left to do.
    const again = await apply(['--registry', reg.url, '--policy', policy, '--execute', '--format', 'json']);
    expect(again.summary!.planned).toEqual([]);
  });
});

describeWithRegistry('apply: random policies and images on a real registry (property)', () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => {
    await reg.cleanup();
  });

  const TAGS = ['v1', 'v2', 'latest', 'pr-1', 'pr-2', 'pr-3', 'dev', 'rc1', 'rc2'];
  const PATTERNS = ['v*', 'pr-*', 'latest', '*', 'dev', 'rc*'];
  const rule = fc.oneof(
    fc.record({ kind: fc.constant('protect'), tagPatterns: fc.subarray(PATTERNS, { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('keepMostRecent'), count: fc.integer({ min: 1, max: 3 }), tagPatterns: fc.subarray(PATTERNS, { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('expireTagged'), days: fc.integer({ min: 1, max: 40 }), tagPatterns: fc.subarray(PATTERNS, { minLength: 1, maxLength: 2 }) }),
  );
  const repoSpec = fc.record({
    images: fc.array(fc.record({ index: fc.boolean(), age: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 5 }),
    // For each tag: -1 = unused; k < n: image k; n <= k < 2n: the first child of image k - n (or the image itself).
    owners: fc.array(fc.integer({ min: -1, max: 9 }), { minLength: TAGS.length, maxLength: TAGS.length }),
  });
  let run = 0;

  test('the digests deleted are the simulator\'s minus what kept tags reach; no kept tag loses its manifest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(repoSpec, { minLength: 1, maxLength: 2 }), fc.array(rule, { minLength: 1, maxLength: 3 }), async (repos, rules) => {
        run++;
        const now = Date.now();
        const pusher = new Pusher(reg.url);
        const records: ImageRecord[] = [];
        const refsOf = new Map<string, string[]>();
        const items: Array<{ repo: string; manifest: BuiltManifest; tags: string[] }> = [];
        repos.forEach((spec, r) => {
          const repo = `run${run}/r${r}`;
          const n = spec.images.length;
          const built = spec.images.map((im, k) => {
            const created = now - im.age * DAY - DAY / 2;
            if (!im.index) return { m: makeImage({ created, seed: `${repo}-${k}` }), child: undefined as BuiltManifest | undefined, created };
            const c1 = makeImage({ created, seed: `${repo}-${k}-a` });
            const c2 = makeImage({ created, seed: `${repo}-${k}-b`, arch: 'arm64' });
            return { m: makeIndex([c1, c2], created), child: c1, created };
          });
          const tagsOf = new Map<BuiltManifest, string[]>();
          const createdOf = new Map<BuiltManifest, number>();
          spec.owners.forEach((o, t) => {
            if (o < 0 || o >= 2 * n) return;
            const b = built[o % n];
            const target = o >= n && b.child ? b.child : b.m;
            tagsOf.set(target, [...(tagsOf.get(target) ?? []), TAGS[t]]);
            createdOf.set(target, b.created);
          });
          for (const b of built) {
            if (b.m.children.length) refsOf.set(`${repo}@${b.m.digest}`, b.m.children.map((c) => c.digest));
            // Children first so an index is never pushed before what it references.
            if (b.child && tagsOf.has(b.child)) items.push({ repo, manifest: b.child, tags: tagsOf.get(b.child)! });
            if (tagsOf.has(b.m)) items.push({ repo, manifest: b.m, tags: tagsOf.get(b.m)! });
          }
          for (const [m, tags] of tagsOf) records.push({ repository: repo, digest: m.digest, tags: [...tags].sort(), pushedAt: createdOf.get(m)!, references: m.children.length ? m.children.map((c) => c.digest) : undefined });
        });
        for (const it of items) await pusher.push(it.repo, it.manifest, it.tags);
        const policy = { rules };
        const file = policyFile(tempDir(), policy);
        const r = await apply(['--registry', reg.url, '--policy', file, '--repository', `run${run}/*`, '--execute', '--format', 'json']);
        expect(r.stderr).not.toContain('FAILED');
        expect(r.code).toBe(ApplyExitCode.OK);

        // The expectation, stated independently: simulate, then keep whatever a kept digest reaches through an index.
        const sim = simulateRetentionPolicy(RetentionPolicy.fromJson(policy), records, Date.parse(r.summary!.now));
        const keptKeys = records.filter((_, i) => sim.decisions[i].action !== ImageAction.EXPIRE).map((x) => `${x.repository}@${x.digest}`);
        const reach = new Set<string>();
        for (const k of keptKeys) {
          reach.add(k);
          const repo = k.slice(0, k.indexOf('@'));
          for (const c of refsOf.get(k) ?? []) reach.add(`${repo}@${c}`);
        }
        const expected = records.filter((_, i) => sim.decisions[i].action === ImageAction.EXPIRE).map((x) => `${x.repository}@${x.digest}`).filter((k) => !reach.has(k)).sort();
        expect(r.summary!.deleted.map((d) => `${d.repository}@${d.digest}`).sort()).toEqual(expected);

        for (const rec of records) {
          const key = `${rec.repository}@${rec.digest}`;
          const tags = await pusher.tagMap(rec.repository!);
          if (expected.includes(key)) {
            expect(await pusher.exists(rec.repository!, rec.digest)).toBe(false);
          } else {
            for (const t of rec.tags) expect(tags[t]).toBe(rec.digest);
          }
        }
        for (const k of reach) expect(await pusher.exists(k.slice(0, k.indexOf('@')), k.slice(k.indexOf('@') + 1))).toBe(true);
      }),
      { numRuns: 5, seed: 1212 },
    );
  });
});

describeWithRegistry('apply under faults on a real registry', () => {
  const dir = tempDir();
  const policy = policyFile(dir, POLICY);
  const now = Date.now();
  let expectedState: Record<string, Record<string, string>>;
  let planned: string[];
  let protectedDigest: string;

  beforeAll(async () => {
    // The fault-free reference: a registry seeded the same way, cleaned without faults.
    const { reg, pusher, s } = await seeded(now);
    const r = await apply(['--registry', reg.url, '--policy', policy, '--execute', '--format', 'json']);
    planned = r.summary!.planned.map((p) => `${p.repository}@${p.digest}`).sort();
    expectedState = await state(pusher);
    protectedDigest = s.index.digest;
    await reg.cleanup();
  });

  test('429 with Retry-After, 503, resets, lost responses and delays: same final state, nothing protected deleted', async () => {
    const { reg, pusher } = await seeded(now);
    const proxy = await startFaultProxy({ target: reg.url, seed: 7, rates: { tooMany: 0.1, unavailable: 0.1, reset: 0.08, drop: 0.08, delay: 0.1 }, retryAfter: 0, delayMs: 30 });
    try {
      const r = await apply(['--registry', proxy.url, '--policy', policy, '--execute', '--format', 'json', '--retries', '10']);
      expect(r.stderr).not.toContain('FAILED');
      expect(r.code).toBe(ApplyExitCode.OK);
      expect(proxy.stats.tooMany + proxy.stats.unavailable + proxy.stats.reset + proxy.stats.drop).toBeGreaterThan(3);
      expect(r.summary!.retries).toBeGreaterThan(0);
      expect(r.summary!.deleted.map((p) => `${p.repository}@${p.digest}`).sort()).toEqual(planned);
      expect(await state(pusher)).toEqual(expectedState);
      expect(await pusher.exists('team/app', protectedDigest)).toBe(true);
    } finally {
      await proxy.close();
      await reg.cleanup();
    }
  });

  test('a lost DELETE response is retried, the 404 counted as done, not as a failure', async () => {
    const { reg, pusher } = await seeded(now);
    const proxy = await startFaultProxy({ target: reg.url, seed: 3, rates: { drop: 1 }, oncePerPath: true, match: /^DELETE .*manifests\/sha256:(?!0{64})/ });
    try {
      // Every real DELETE loses its response once the registry acted; the retry meets 404 and counts it as gone.
      const r = await apply(['--registry', proxy.url, '--policy', policy, '--execute', '--format', 'json', '--retries', '1']);
      expect(r.code).toBe(ApplyExitCode.OK);
      expect(r.summary!.deleted.every((d) => d.outcome === 'gone')).toBe(true);
      expect(r.summary!.deleted).toHaveLength(planned.length);
      expect(await state(pusher)).toEqual(expectedState);
    } finally {
      await proxy.close();
      await reg.cleanup();
    }
  });

  test('the registry killed and restarted mid-run: the run recovers and ends in the same state', async () => {
    const { reg, pusher } = await seeded(now);
    let restarted: Promise<void> | undefined;
    const r = await apply(['--registry', reg.url, '--policy', policy, '--execute', '--format', 'json', '--concurrency', '1'], {
      io: {
        retry: { baseDelayMs: 50, maxDelayMs: 1000 },
        afterDelete: (n) => {
          if (n === 2) restarted = reg.kill().then(() => reg.restart());
        },
      },
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(r.code).toBe(ApplyExitCode.OK);
    expect(r.summary!.retries).toBeGreaterThan(0);
    expect(await state(pusher)).toEqual(expectedState);
    await reg.cleanup();
  });

  test('the runner SIGKILLed mid-run: the resumed run finishes without deleting twice and reports the first run', async () => {
    const { reg, pusher } = await seeded(now);
    const proxy = await startFaultProxy({ target: reg.url, seed: 1, rates: { delay: 1 }, delayMs: 150, match: /^DELETE/ });
    const journal = path.join(tempDir(), 'journal.jsonl');
    try {
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'lib/cli/registry-lifecycle.ts'), 'apply', '--registry', proxy.url, '--policy', policy, '--execute', '--journal', journal, '--concurrency', '1'], {
        cwd: root,
        env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json'), DOCKER_CONFIG: dir },
        stdio: 'ignore',
      });
      const exited = new Promise((res) => child.once('exit', res));
      const deletedLines = () => (fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"event":"deleted"')).length : 0);
      for (let i = 0; i < 600 && deletedLines() < 2 && child.exitCode === null; i++) await new Promise((res) => setTimeout(res, 25));
      child.kill('SIGKILL');
      await exited;
      const firstRun = deletedLines();
      expect(firstRun).toBeGreaterThanOrEqual(2);
      expect(firstRun).toBeLessThan(planned.length);

      const r = await apply(['--registry', proxy.url, '--policy', policy, '--execute', '--journal', journal, '--format', 'json']);
      expect(r.code).toBe(ApplyExitCode.OK);
      const previous = r.summary!.previousRuns.deleted.map((d) => `${d.repository}@${d.digest}`);
      const now2 = r.summary!.deleted.map((d) => `${d.repository}@${d.digest}`);
      expect(r.summary!.previousRuns.runs).toBe(1);
      expect(previous.length).toBeGreaterThanOrEqual(firstRun);
      expect(now2.filter((k) => previous.includes(k))).toEqual([]);
      expect([...previous, ...now2].sort()).toEqual(planned);
      expect(await state(pusher)).toEqual(expectedState);
      // The text output says so, too.
      const text = await apply(['--registry', proxy.url, '--policy', policy, '--journal', journal]);
      expect(text.stdout).toMatch(/resuming: 2 earlier run\(s\) of this journal deleted \d+ manifest/);
    } finally {
      await proxy.close();
      await reg.cleanup();
    }
  });
});

describeWithRegistry('apply: bad input and a changing registry', () => {
  const dir = tempDir();
  const policy = policyFile(dir, POLICY);
  const now = Date.now();
  // One seeded registry for the tests that must leave it untouched.
  let shared: { reg: TestRegistry; pusher: Pusher };
  let before: Record<string, Record<string, string>>;
  beforeAll(async () => {
    shared = await seeded(now);
    before = await state(shared.pusher);
  });
  afterAll(async () => {
    await shared.reg.cleanup();
  });

  test('a registry with deletion disabled is refused before anything is deleted (exit 6)', async () => {
    const { reg, pusher } = await seeded(now, { deleteEnabled: false });
    try {
      const before = await state(pusher);
      const r = await apply(['--registry', reg.url, '--policy', policy, '--execute']);
      expect(r.code).toBe(ApplyExitCode.DELETE_UNSUPPORTED);
      expect(r.stderr).toContain('refuses DELETE of manifests (405 UNSUPPORTED)');
      expect(await state(pusher)).toEqual(before);
    } finally {
      await reg.cleanup();
    }
  });

  test('htpasswd: no login and a wrong password are refused (exit 4); the right one from Docker\'s config works', async () => {
    const user = { name: 'tester', password: 's3cret' };
    const { reg } = await seeded(now, { user });
    try {
      const anon = await apply(['--registry', reg.url, '--policy', policy]);
      expect(anon.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(anon.stderr).toContain('requires a login and anonymous access');
      const wrong = await apply(['--registry', reg.url, '--policy', policy], { dockerConfigDir: dockerConfig(dir, reg.host, 'tester', 'nope') });
      expect(wrong.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(wrong.stderr).toMatch(/rejected the credentials from .*config\.json auths\["127\.0\.0\.1:\d+"\] \(401\)/);
      expect(wrong.stderr).not.toContain('nope');
      const right = await apply(['--registry', reg.url, '--policy', policy, '--format', 'json'], { dockerConfigDir: dockerConfig(dir, reg.host, 'tester', 's3cret') });
      expect(right.code).toBe(ApplyExitCode.OK);
      expect(right.summary!.planned).toHaveLength(12);
    } finally {
      await reg.cleanup();
    }
  });

  test('an unreachable registry fails with exit 4 and names the error', async () => {
    const port = await freePort();
    const r = await apply(['--registry', `http://127.0.0.1:${port}`, '--policy', policy, '--retries', '1']);
    expect(r.code).toBe(ApplyExitCode.REGISTRY_ERROR);
    expect(r.stderr).toContain('ECONNREFUSED');
  });

  test('a malformed policy, and a not-pulled rule on a registry without pull times, are refused (exit 1)', async () => {
    const { reg, pusher } = shared;
    {
      const bad = await apply(['--registry', reg.url, '--policy', policyFile(dir, '{"rules": [', 'bad.json'), '--execute']);
      expect(bad.code).toBe(ApplyExitCode.INVALID_INPUT);
      expect(bad.stderr).toContain('bad.json: (document) is not valid JSON');
      const invalid = await apply(['--registry', reg.url, '--policy', policyFile(dir, { rules: [{ kind: 'keepMostRecent', count: 0, tagPatterns: ['v*'] }] }, 'invalid.json'), '--execute']);
      expect(invalid.code).toBe(ApplyExitCode.INVALID_INPUT);
      expect(invalid.stderr).toContain('rules[0].count');
      const pulled = await apply(['--registry', reg.url, '--policy', policyFile(dir, { rules: [{ kind: 'expireNotPulled', days: 30, action: 'expire' }] }, 'pulled.json'), '--execute']);
      expect(pulled.code).toBe(ApplyExitCode.INVALID_INPUT);
      expect(pulled.stderr).toContain('records no pull times');
      expect(await state(pusher)).toEqual(before);
    }
  });

  test('a listing that fails part-way deletes nothing (exit 4)', async () => {
    const { reg, pusher } = shared;
    const proxy = await startFaultProxy({ target: reg.url, seed: 2, rates: { unavailable: 1 }, match: /team\/api\/tags\/list/ });
    try {
      const r = await apply(['--registry', proxy.url, '--policy', policy, '--execute', '--retries', '2']);
      expect(r.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(r.stderr).toContain('503');
      expect(await state(pusher)).toEqual(before);
    } finally {
      await proxy.close();
    }
  });

  test('tags moved or added during the run win: their digests are not deleted', async () => {
    const { reg, pusher, s } = await seeded(now);
    const victims = s.items.filter((i) => i.tags[0] === 'pr-0' || i.tags[0] === 'pr-1').map((i) => i.manifest);
    let changed = false;
    const proxy = await startFaultProxy({
      target: reg.url,
      seed: 4,
      rates: {},
      onRequest: async (method) => {
        // The first DELETE is the runner's probe, after the listing and before any real delete.
        if (method !== 'DELETE' || changed) return;
        changed = true;
        await pusher.push('team/app', victims[0], ['v9']); // a new protected tag on a planned digest
        await pusher.push('team/app', victims[1], ['latest']); // a kept tag moved onto another
      },
    });
    try {
      const r = await apply(['--registry', proxy.url, '--policy', policy, '--execute', '--format', 'json']);
      expect(r.code).toBe(ApplyExitCode.OK);
      expect(changed).toBe(true);
      const skipped = new Map(r.summary!.skipped.map((x) => [x.digest, x.reason]));
      expect(skipped.get(victims[0].digest)).toContain('tag v9 appeared during the run');
      expect(skipped.get(victims[1].digest)).toContain('tag latest now points at it');
      expect(await pusher.exists('team/app', victims[0].digest)).toBe(true);
      expect(await pusher.exists('team/app', victims[1].digest)).toBe(true);
      expect(r.summary!.deleted).toHaveLength(10);
    } finally {
      await proxy.close();
      await reg.cleanup();
    }
  });
});
