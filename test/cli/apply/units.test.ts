/** The parts of `registry-lifecycle apply` that need no registry: retry timing, Link and challenge parsing, Docker credentials, the journal, the plan's safety net, arguments. */

import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import fc from 'fast-check';
import { CredentialsError, lookupCredentials, parseChallenge } from '../../../lib/cli/apply/auth';
import { ApplyExitCode } from '../../../lib/cli/apply/command';
import { backoffMs, HttpError, nextLink, rateLimitResetMs, retryAfterMs, Transport, BudgetExhaustedError } from '../../../lib/cli/apply/http';
import { Journal, JournalError } from '../../../lib/cli/apply/journal';
import { checkPolicyFits, makePlan, PlanSimulator, PolicyRefusedError } from '../../../lib/cli/apply/plan';
import { neutralDialect } from '../../../lib/core/retention/neutral';
import { ListedImage } from '../../../lib/cli/apply/registry-api';
import { RetentionPolicy } from '../../../lib/core/retention/policy';
import { apply, policyFile, tempDir } from './run-apply';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('retry timing', () => {
  test('Retry-After as seconds or an HTTP date; X-RateLimit-Reset only on 429', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
    expect(rateLimitResetMs(429, String(NOW / 1000 + 3), NOW)).toBe(3000);
    expect(rateLimitResetMs(503, String(NOW / 1000 + 3), NOW)).toBeUndefined();
  });

  test('backoff doubles per attempt with jitter in [ceiling/2, ceiling], capped; Retry-After wins but is capped too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (attempt, r) => {
        const o = { baseDelayMs: 100, maxDelayMs: 5000, random: () => r };
        const ceiling = Math.min(5000, 100 * 2 ** (attempt - 1));
        const w = backoffMs(attempt, undefined, o);
        expect(w).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(w).toBeLessThanOrEqual(ceiling);
      }),
      { numRuns: 50 },
    );
    expect(backoffMs(1, 1200, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 })).toBe(1200);
    expect(backoffMs(1, 60_000, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 })).toBe(5000);
  });

  test('the transport waits what Retry-After says, retries resets, gives up after its attempts, and stops at the deadline', async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      if (req.url === '/limited' && calls === 1) {
        res.writeHead(429, { 'Retry-After': '1' });
        res.end();
      } else if (req.url === '/reset' && calls <= 2) {
        req.socket.destroy();
      } else if (req.url === '/down') {
        res.writeHead(503);
        res.end();
      } else {
        res.end('ok');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const t = new Transport(2, Date.now() + 60_000, { baseDelayMs: 1, maxDelayMs: 2000 });
      expect((await t.send('GET', `${base}/limited`)).status).toBe(200);
      expect(t.stats.waitedMs).toBe(1000);
      calls = 0;
      expect((await t.send('GET', `${base}/reset`)).body.toString()).toBe('ok');
      const few = new Transport(2, Date.now() + 60_000, { baseDelayMs: 1, attempts: 3 });
      expect((await few.send('GET', `${base}/down`)).status).toBe(503);
      expect(few.stats.requests).toBe(3);
      const late = new Transport(1, Date.now() - 1);
      await expect(late.send('GET', `${base}/ok`)).rejects.toBeInstanceOf(BudgetExhaustedError);
    } finally {
      server.close();
    }
    const refused = new Transport(1, Date.now() + 60_000, { baseDelayMs: 1, attempts: 2 });
    await expect(refused.send('GET', 'http://127.0.0.1:1/v2/')).rejects.toThrow(HttpError);
  });
});

describe('Link and WWW-Authenticate', () => {
  test('the rel="next" target, resolved against the request, among other relations', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"', 'http://r:5000/v2/_catalog?n=2')).toBe('http://r:5000/v2/_catalog?last=b&n=2');
    expect(nextLink('<https://x/a?p=1>; rel="prev", <https://x/a?p=3>; rel=next', 'https://x/a?p=2')).toBe('https://x/a?p=3');
    expect(nextLink('<https://x/a?p=1>; rel="prev"', 'https://x/a')).toBeUndefined();
    expect(nextLink(null, 'https://x/a')).toBeUndefined();
  });

  test('bearer and basic challenges with quoted parameters', () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,delete"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/app:pull,delete' },
    });
    expect(parseChallenge('Basic realm="test-registry"')).toEqual({ scheme: 'basic', params: { realm: 'test-registry' } });
    expect(parseChallenge(null)).toBeUndefined();
  });
});

describe('credentials from Docker\'s config', () => {
  const dir = tempDir();
  const write = (name: string, doc: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return file;
  };
  // A credential helper speaking the protocol: reads the host on stdin, prints {"Username","Secret"}.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'docker-credential-fake'), '#!/bin/sh\nread host\nif [ "$host" = "reg.example.com" ]; then echo "{\\"ServerURL\\":\\"$host\\",\\"Username\\":\\"robot\\",\\"Secret\\":\\"from-helper\\"}"; else echo "credentials not found in native keychain"; exit 1; fi\n', { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'docker-credential-broken'), '#!/bin/sh\necho "boom" >&2\nexit 3\n', { mode: 0o755 });
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };

  test('auths: base64 "auth", or username and password; keys with a scheme; absent host or file = anonymous', () => {
    const file = write('a.json', { auths: { 'reg.example.com': { auth: Buffer.from('u:p:with:colons').toString('base64') }, 'https://other.example.com': { username: 'x', password: 'y' } } });
    expect(lookupCredentials('reg.example.com', file, env)).toMatchObject({ username: 'u', secret: 'p:with:colons' });
    expect(lookupCredentials('other.example.com', file, env)).toMatchObject({ username: 'x', secret: 'y' });
    expect(lookupCredentials('third.example.com', file, env)).toBeUndefined();
    expect(lookupCredentials('reg.example.com', path.join(dir, 'missing.json'), env)).toBeUndefined();
  });

  test('Docker Hub credentials are found under the legacy index.docker.io key', () => {
    const file = write('hub.json', { auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('me:pat').toString('base64') } } });
    expect(lookupCredentials('docker.io', file, env)).toMatchObject({ username: 'me', secret: 'pat' });
  });

  test('credHelpers win over auths and run the helper protocol; "not found" means anonymous; credsStore is the fallback', () => {
    const file = write('h.json', { auths: { 'reg.example.com': { auth: Buffer.from('u:p').toString('base64') } }, credHelpers: { 'reg.example.com': 'fake', 'nope.example.com': 'fake' } });
    expect(lookupCredentials('reg.example.com', file, env)).toEqual({ username: 'robot', secret: 'from-helper', source: 'docker-credential-fake' });
    expect(lookupCredentials('nope.example.com', file, env)).toBeUndefined();
    const store = write('s.json', { credsStore: 'fake' });
    expect(lookupCredentials('reg.example.com', store, env)).toMatchObject({ secret: 'from-helper' });
  });

  test('a missing or failing helper and an unreadable config are errors that say which', () => {
    const missing = write('m.json', { credHelpers: { 'reg.example.com': 'absent' } });
    expect(() => lookupCredentials('reg.example.com', missing, env)).toThrow(/docker-credential-absent \(from Docker's credHelpers\) is not on PATH/);
    const broken = write('b.json', { credHelpers: { 'reg.example.com': 'broken' } });
    expect(() => lookupCredentials('reg.example.com', broken, env)).toThrow(/docker-credential-broken failed for reg.example.com: boom/);
    expect(() => lookupCredentials('reg.example.com', write('bad.json', '{'), env)).toThrow(CredentialsError);
  });
});

describe('the journal', () => {
  test('a second open sees what the first run deleted and what it started but never confirmed; a torn line is ignored', () => {
    const file = path.join(tempDir(), 'j.jsonl');
    const j = Journal.open(file, 'http://r', 'abc');
    j.write({ event: 'start', registry: 'http://r', policySha256: 'abc', at: 'now', execute: true });
    j.write({ event: 'intent', repository: 'a', digest: d('1'), tags: ['t1'] });
    j.write({ event: 'deleted', repository: 'a', digest: d('1'), outcome: 'deleted', at: 'now' });
    j.write({ event: 'intent', repository: 'a', digest: d('2'), tags: ['t2'] });
    j.close();
    fs.appendFileSync(file, '{"event":"del');
    const again = Journal.open(file, 'http://r', 'abc');
    expect(again.history.runs).toBe(1);
    expect([...again.history.deleted]).toEqual([[`a@${d('1')}`, ['t1']]]);
    expect([...again.history.unconfirmed]).toEqual([[`a@${d('2')}`, ['t2']]]);
    again.write({ event: 'end', at: 'now', deleted: 0, failed: 0 });
    again.close();
    expect(fs.readFileSync(file, 'utf8').split('\n').slice(-2)[0]).toBe('{"event":"end","at":"now","deleted":0,"failed":0}');
  });

  test('a journal of another registry or policy is refused', () => {
    const file = path.join(tempDir(), 'j.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ event: 'start', registry: 'http://r', policySha256: 'abc', at: 'now', execute: true })}\n`);
    expect(() => Journal.open(file, 'http://other', 'abc')).toThrow(/was written for registry http:\/\/r/);
    expect(() => Journal.open(file, 'http://r', 'def')).toThrow(JournalError);
    expect(() => Journal.open(file, 'http://r', 'def')).toThrow(/another policy/);
  });
});

describe('the plan and its safety net', () => {
  /** The neutral simulator on images stripped of their relations: what a relation-blind simulator would decide. */
  const relationBlind: PlanSimulator = (p, images, now) =>
    neutralDialect.simulate(p, images.map(({ references: _r, subject: _s, ...rest }) => rest), now);
  const img = (digest: string, tags: string[], days: number, extra: Partial<ListedImage> = {}): ListedImage => ({ repository: 'r', digest, tags, pushedAt: NOW - days * DAY - 1, ...extra });
  const policy = RetentionPolicy.fromJson({ rules: [{ kind: 'protect', tagPatterns: ['v*'] }, { kind: 'expireTagged', tagPatterns: ['pr-*', 'sig-*'], days: 5 }] });

  test('a manifest an index with a kept tag references, and an artifact whose subject is kept, are not deleted', () => {
    const listing = [
      img(d('a'), ['v1'], 30, { mediaType: 'application/vnd.oci.image.index.v1+json', references: [d('b'), d('c')] }),
      img(d('b'), ['pr-1'], 30),
      img(d('e'), ['sig-1'], 30, { subject: d('a') }),
      img(d('f'), ['pr-2'], 30),
    ];
    // The neutral simulator keeps both itself (step 6 of the model), so the safety net has nothing left to catch.
    const plan = makePlan(policy, listing, NOW);
    expect(plan.deletions.map((x) => x.digest)).toEqual([d('f')]);
    expect(plan.skipped).toEqual([]);
    // A simulator blind to the relations (a listing or dialect that misses them) is caught by the safety net.
    const blindPlan = makePlan(policy, listing, NOW, relationBlind);
    expect(blindPlan.deletions.map((x) => x.digest)).toEqual([d('f')]);
    expect(blindPlan.skipped.map((x) => [x.digest, x.reason.split(',')[0]])).toEqual([
      [d('b'), `kept: referenced by the kept index ${d('a')} (tags v1)`],
      [d('e'), `kept: attached to the kept manifest ${d('a')} (OCI subject)`],
    ]);
  });

  test('indexes are deleted before the manifests they reference; nested indexes keep what they reach', () => {
    const listing = [
      img(d('b'), ['pr-child'], 30),
      img(d('a'), ['pr-index'], 30, { references: [d('b')] }),
      img(d('c'), ['v2'], 30, { references: [d('9')] }),
      img(d('9'), ['pr-nested'], 30, { references: [d('8')] }),
      img(d('8'), ['pr-leaf'], 30),
    ];
    for (const simulate of [undefined, relationBlind]) {
      const plan = makePlan(policy, listing, NOW, simulate);
      expect(plan.deletions.map((x) => x.digest)).toEqual([d('a'), d('b')]);
      expect(plan.skipped.map((x) => x.digest).sort()).toEqual(simulate ? [d('8'), d('9')] : []);
    }
  });

  test('a manifest without any time counts as new: no age rule removes it, and a warning says so', () => {
    const plan = makePlan(policy, [img(d('1'), ['pr-1'], 0, { pushedAt: undefined })], NOW);
    expect(plan.deletions).toEqual([]);
    expect(plan.warnings[0]).toContain('1 manifest(s) carry no creation time');
  });

  test('expireNotPulled is refused where the listing has no pull times, archiving everywhere', () => {
    const np = RetentionPolicy.fromJson({ rules: [{ kind: 'expireNotPulled', days: 30, action: 'expire' }] });
    const arch = RetentionPolicy.fromJson({ rules: [{ kind: 'expireNotPulled', days: 30 }] });
    expect(() => checkPolicyFits(np, { kind: 'oci', carriesPullTimes: false }, 'p.json')).toThrow(/p.json: rules\[0\] .* records no pull times/);
    expect(() => checkPolicyFits(np, { kind: 'hub', carriesPullTimes: true }, 'p.json')).not.toThrow();
    expect(() => checkPolicyFits(arch, { kind: 'hub', carriesPullTimes: true }, 'p.json')).toThrow(PolicyRefusedError);
    expect(() => checkPolicyFits(arch, { kind: 'hub', carriesPullTimes: true }, 'p.json')).toThrow(/Docker Hub has no archive tier; set "action": "expire"/);
  });
});

describe('apply arguments', () => {
  const policy = policyFile(tempDir(), { rules: [{ kind: 'protect', tagPatterns: ['v*'] }] });

  test('--help prints every flag and the exit codes', async () => {
    const r = await apply(['--help']);
    expect(r.code).toBe(ApplyExitCode.OK);
    for (const flag of ['--registry', '--policy', '--repository', '--execute', '--journal', '--format', '--api', '--concurrency', '--time-budget', '--request-timeout', '--retries', '--now']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('6 the registry does not delete');
  });

  test('every problem of the command line at once, exit 2', async () => {
    const r = await apply(['--format', 'yaml', '--concurrency', '0', '--api', 'ftp', '--repository', 'Team/App']);
    expect(r.code).toBe(ApplyExitCode.USAGE);
    expect(r.stderr).toContain('--registry is required');
    expect(r.stderr).toContain('--policy is required');
    expect(r.stderr).toContain('--format is not a known format (got "yaml"); text or json');
    expect(r.stderr).toContain('--concurrency is not a whole number from 1 to 64 (got "0")');
    expect(r.stderr).toContain('--api is not a known API (got "ftp"); oci or hub');
    expect(r.stderr).toContain('--repository is not a repository name or pattern (got "Team/App")');
  });

  test('unknown flags, credentials on the command line, and --now with --execute are usage errors', async () => {
    expect((await apply(['--registry', 'r', '--policy', policy, '--password', 'x'])).stderr).toContain("Unknown option '--password'");
    const now = await apply(['--registry', 'r', '--policy', policy, '--execute', '--now', '2026-01-01T00:00:00Z']);
    expect(now.code).toBe(ApplyExitCode.USAGE);
    expect(now.stderr).toContain('--now cannot be combined with --execute');
  });

  test('a missing policy file is invalid input (exit 1)', async () => {
    const r = await apply(['--registry', 'http://127.0.0.1:1', '--policy', '/nonexistent/policy.json']);
    expect(r.code).toBe(ApplyExitCode.INVALID_INPUT);
    expect(r.stderr).toContain('/nonexistent/policy.json: (file) does not exist');
  });
});

describe('docs/cleanup.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'cleanup.md'), 'utf8');

  test('documents every flag of --help and every exit code', async () => {
    const help = (await apply(['--help'])).stdout;
    const flags = [...new Set(help.match(/^ +(--[a-z-]+|-h, --help)/gm)!.map((l) => l.trim().replace('-h, ', '')))];
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(doc).toContain(`\`${flag}`);
    for (const code of Object.values(ApplyExitCode).filter((v) => typeof v === 'number')) expect(doc).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
