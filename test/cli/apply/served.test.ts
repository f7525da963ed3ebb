/**
 * `registry-lifecycle apply` against local servers that answer as the real ones document: an OCI registry behind
 * the bearer-token flow that pages its catalog and tags with Link headers (which Debian's registry 2.8 does not),
 * and Docker Hub's API v2 (pages with `next`, login for a token, rate-limit headers, 429, tag delete).
 */

import { createHash } from 'crypto';
import * as http from 'http';
import * as net from 'net';
import { ApplyExitCode } from '../../../lib/cli/apply/command';
import { apply, dockerConfig, policyFile, tempDir } from './run-apply';

jest.setTimeout(30_000);

const DAY = 86_400_000;

async function listen(handler: http.RequestListener): Promise<{ url: string; host: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url: `http://${host}`, host, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A token-auth OCI registry holding `repos` (repo -> tag -> created days ago), two entries per page. */
function ociServer(repos: Record<string, Record<string, number>>, now: number, log: string[]) {
  const manifests = new Map<string, { bytes: Buffer; config: Buffer }>();
  const tags = new Map<string, Map<string, string>>();
  for (const [repo, t] of Object.entries(repos)) {
    const m = new Map<string, string>();
    for (const [tag, days] of Object.entries(t)) {
      const config = Buffer.from(JSON.stringify({ created: new Date(now - days * DAY - DAY / 2).toISOString(), seed: `${repo}:${tag}` }));
      const cd = `sha256:${createHash('sha256').update(config).digest('hex')}`;
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: cd, size: config.length }, layers: [] }));
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      manifests.set(`${repo}@${digest}`, { bytes, config });
      manifests.set(`${repo}@${cd}`, { bytes: config, config });
      m.set(tag, digest);
    }
    tags.set(repo, m);
  }
  const page = (items: string[], req: http.IncomingMessage, key: string, extra: Record<string, unknown>, res: http.ServerResponse) => {
    const u = new URL(req.url!, 'http://x');
    const last = u.searchParams.get('last');
    const sorted = [...items].sort();
    const start = last ? sorted.findIndex((x) => x > last) : 0;
    const slice = start < 0 ? [] : sorted.slice(start, start + 2);
    const more = start >= 0 && start + 2 < sorted.length;
    json(res, 200, { ...extra, [key]: slice }, more ? { Link: `<${u.pathname}?n=2&last=${encodeURIComponent(slice[slice.length - 1])}>; rel="next"` } : {});
  };
  return (base: () => string): http.RequestListener =>
    (req, res) => {
      const u = new URL(req.url!, 'http://x');
      log.push(`${req.method} ${u.pathname}`);
      if (u.pathname === '/token') {
        if (req.headers.authorization !== `Basic ${Buffer.from('robot:pw').toString('base64')}`) return json(res, 401, { details: 'bad credentials' });
        return json(res, 200, { token: `tok ${u.searchParams.getAll('scope').join(' ')}` });
      }
      const m = u.pathname.match(/^\/v2\/(.+?)\/(tags\/list|manifests\/(.+)|blobs\/(.+))$/);
      const repo = m?.[1];
      const action = req.method === 'DELETE' ? 'delete' : 'pull';
      const scope = u.pathname === '/v2/_catalog' ? 'registry:catalog:*' : `repository:${repo}:${action}`;
      if (req.headers.authorization !== `Bearer tok ${scope}`) {
        return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'WWW-Authenticate': `Bearer realm="${base()}/token",service="fake",scope="${scope}"` });
      }
      if (u.pathname === '/v2/_catalog') return page([...tags.keys()], req, 'repositories', {}, res);
      if (!repo || !tags.has(repo)) return json(res, 404, { errors: [{ code: 'NAME_UNKNOWN' }] });
      const t = tags.get(repo)!;
      if (m![2] === 'tags/list') return page([...t.keys()], req, 'tags', { name: repo }, res);
      const ref = m![3] ?? m![4];
      const digest = ref.startsWith('sha256:') ? ref : t.get(ref);
      const entry = digest && manifests.get(`${repo}@${digest}`);
      if (req.method === 'DELETE') {
        if (!entry) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
        manifests.delete(`${repo}@${digest}`);
        for (const [tag, dg] of t) if (dg === digest) t.delete(tag);
        res.writeHead(202);
        return res.end();
      }
      if (!entry) return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
      res.writeHead(200, { 'Content-Type': m![4] ? 'application/octet-stream' : 'application/vnd.oci.image.manifest.v1+json', 'Docker-Content-Digest': digest! });
      res.end(req.method === 'HEAD' ? undefined : entry.bytes);
    };
}

describe('apply against a token-auth OCI registry that pages', () => {
  const dir = tempDir();
  const now = Date.now();
  const repos = {
    'team/a': { v1: 40, 'pr-1': 30, 'pr-2': 20, 'pr-3': 1, 'pr-4': 25 },
    'team/b': { 'pr-9': 30, stable: 50 },
    'team/c': { 'pr-5': 30 },
    other: { 'pr-1': 30 },
  };
  const policy = policyFile(dir, { rules: [{ kind: 'protect', tagPatterns: ['v*', 'stable'] }, { kind: 'expireTagged', tagPatterns: ['pr-*'], days: 7 }], repositories: ['team/*'] });

  test('follows every Link page of the catalog and the tags, answers the bearer challenge per scope, deletes with a delete-scoped token', async () => {
    const log: string[] = [];
    let url = '';
    const srv = await listen(ociServer(repos, now, log)(() => url));
    url = srv.url;
    try {
      const cfg = dockerConfig(dir, srv.host, 'robot', 'pw');
      // On a terminal the progress bar (cli-progress) replaces the plain lines.
      const r = await apply(['--registry', srv.url, '--policy', policy, '--execute', '--format', 'json'], { dockerConfigDir: cfg, io: { isTTY: true } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(ApplyExitCode.OK);
      expect(r.summary!.repositories).toBe(3);
      expect(r.summary!.deleted.map((x) => `${x.repository}:${x.tags.join(',')}`).sort()).toEqual(['team/a:pr-1', 'team/a:pr-2', 'team/a:pr-4', 'team/b:pr-9', 'team/c:pr-5']);
      // Page 2 of the catalog and page 3 of team/a's tags were read.
      expect(log.filter((l) => l === 'GET /v2/_catalog').length).toBeGreaterThanOrEqual(2);
      expect(log.filter((l) => l === 'GET /v2/team/a/tags/list').length).toBeGreaterThanOrEqual(3);
      expect(log.filter((l) => l === 'GET /token').length).toBeGreaterThanOrEqual(4);
      expect(log.some((l) => l.startsWith('DELETE /v2/other/'))).toBe(false);
    } finally {
      await srv.close();
    }
  });

  test('the time budget: deletes in flight finish, none starts after it, the rest is skipped with the reason (exit 5)', async () => {
    const log: string[] = [];
    let url = '';
    const inner = ociServer(repos, now, log)(() => url);
    // Each real DELETE takes longer than the whole budget.
    const srv = await listen((req, res) => {
      if (req.method === 'DELETE' && !req.url!.includes('0'.repeat(64)) && req.headers.authorization) setTimeout(() => inner(req, res), 5500);
      else inner(req, res);
    });
    url = srv.url;
    try {
      const r = await apply(['--registry', srv.url, '--policy', policy, '--execute', '--format', 'json', '--concurrency', '1', '--time-budget', '5'], { dockerConfigDir: dockerConfig(dir, srv.host, 'robot', 'pw') });
      expect(r.code).toBe(ApplyExitCode.INCOMPLETE);
      expect(r.summary!.deleted).toHaveLength(1);
      expect(r.summary!.skipped).toHaveLength(4);
      expect(r.summary!.skipped.every((x) => x.reason.includes('the time budget ran out; run again with the same --journal'))).toBe(true);
    } finally {
      await srv.close();
    }
  });

  test('anonymous and wrong credentials fail at the token service, exit 4, nothing deleted', async () => {
    const log: string[] = [];
    let url = '';
    const srv = await listen(ociServer(repos, now, log)(() => url));
    url = srv.url;
    try {
      const anon = await apply(['--registry', srv.url, '--policy', policy, '--execute']);
      expect(anon.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(anon.stderr).toContain('the token service rejected anonymous access');
      const wrong = await apply(['--registry', srv.url, '--policy', policy, '--execute'], { dockerConfigDir: dockerConfig(dir, srv.host, 'robot', 'wrong') });
      expect(wrong.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(wrong.stderr).toContain('the token service rejected the credentials from');
      expect(log.some((l) => l.startsWith('DELETE'))).toBe(false);
    } finally {
      await srv.close();
    }
  });
});

test('a web server that is not a registry fails with exit 4, not a crash', async () => {
  const srv = await listen((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<html>welcome</html>');
  });
  try {
    const r = await apply(['--registry', srv.url, '--policy', policyFile(tempDir(), { rules: [{ kind: 'protect', tagPatterns: ['v*'] }] })]);
    expect(r.code).toBe(ApplyExitCode.REGISTRY_ERROR);
    expect(r.stderr).toContain('the answer is not JSON; is --registry a registry?');
  } finally {
    await srv.close();
  }
});

interface HubTagDoc {
  name: string;
  digest: string;
  media_type: string;
  tag_last_pushed: string;
  tag_last_pulled: string | null;
  images: Array<{ digest: string; last_pulled: string | null; last_pushed: string }>;
}

/** Docker Hub's API v2 for namespace `acme`, repository `app`: pages of 2 with absolute `next`, JWT login, rate-limit headers. */
function hubServer(tags: HubTagDoc[], log: string[], limited: { first429: boolean }) {
  let base = '';
  const handler: http.RequestListener = (req, res) => {
    const u = new URL(req.url!, 'http://x');
    log.push(`${req.method} ${u.pathname}`);
    const rl = { 'X-RateLimit-Limit': '180', 'X-RateLimit-Remaining': '179', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 60) };
    if (req.method === 'POST' && u.pathname === '/v2/auth/token') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const doc = JSON.parse(body) as { identifier: string; secret: string };
        if (doc.identifier === 'acme' && doc.secret === 'dckr_pat_x') json(res, 200, { access_token: 'hubjwt' }, rl);
        else json(res, 401, { detail: 'Incorrect authentication credentials' }, rl);
      });
      return;
    }
    if (limited.first429) {
      limited.first429 = false;
      return json(res, 429, { detail: 'too many requests' }, { ...rl, 'X-RateLimit-Remaining': '0', 'Retry-After': '0' });
    }
    if (req.method === 'GET' && u.pathname === '/v2/namespaces/acme/repositories/app/tags') {
      const pageNo = Number(u.searchParams.get('page') ?? '1');
      const results = tags.slice((pageNo - 1) * 2, pageNo * 2);
      const next = pageNo * 2 < tags.length ? `${base}/v2/namespaces/acme/repositories/app/tags?page=${pageNo + 1}&page_size=2` : null;
      return json(res, 200, { count: tags.length, next, previous: null, results }, rl);
    }
    const del = u.pathname.match(/^\/v2\/repositories\/acme\/app\/tags\/([^/]+)\/$/);
    if (req.method === 'DELETE' && del) {
      if (req.headers.authorization !== 'Bearer hubjwt') return json(res, 401, { detail: 'authentication required' }, rl);
      const i = tags.findIndex((t) => t.name === decodeURIComponent(del[1]));
      if (i < 0) return json(res, 404, { detail: 'not found' }, rl);
      tags.splice(i, 1);
      res.writeHead(204, rl);
      return res.end();
    }
    json(res, 404, { detail: 'not found' });
  };
  return { handler, setBase: (b: string) => (base = b) };
}

describe('apply against the Docker Hub API', () => {
  const dir = tempDir();
  const now = Date.now();
  const iso = (days: number | null) => (days === null ? null : new Date(now - days * DAY - DAY / 2).toISOString().replace('Z', '123Z'));
  const tag = (name: string, c: string, pushed: number, pulled: number | null, index = false): HubTagDoc => ({
    name,
    digest: `sha256:${c.repeat(64)}`,
    media_type: index ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
    tag_last_pushed: iso(pushed)!,
    tag_last_pulled: iso(pulled),
    images: index ? [{ digest: `sha256:${'9'.repeat(64)}`, last_pulled: iso(pulled), last_pushed: iso(pushed)! }] : [{ digest: `sha256:${c.repeat(64)}`, last_pulled: iso(pulled), last_pushed: iso(pushed)! }],
  });
  const fresh = () => [
    tag('latest', 'a', 100, 1, true),
    tag('v1', 'a', 100, 1, true),
    tag('old-1', 'b', 200, 90),
    tag('old-2', 'c', 200, null),
    tag('busy', 'd', 200, 2),
    tag('old-3', 'e', 200, 45),
  ];
  const policy = policyFile(dir, { rules: [{ kind: 'protect', tagPatterns: ['latest'] }, { kind: 'expireNotPulled', days: 30, action: 'expire' }], repositories: ['acme/app'] });

  test('pages through the tags, honours 429, plans by pull time, and deletes every tag of each expired digest with the login token', async () => {
    const log: string[] = [];
    const tags = fresh();
    const hub = hubServer(tags, log, { first429: true });
    const srv = await listen(hub.handler);
    hub.setBase(srv.url);
    try {
      const cfg = dockerConfig(dir, srv.host, 'acme', 'dckr_pat_x');
      const dry = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policy, '--format', 'json'], { dockerConfigDir: cfg });
      expect(dry.code).toBe(ApplyExitCode.OK);
      expect(dry.summary!.retries).toBeGreaterThanOrEqual(1);
      expect(dry.summary!.planned.map((p) => p.tags.join(',')).sort()).toEqual(['old-1', 'old-2', 'old-3']);
      expect(dry.summary!.planned.find((p) => p.tags[0] === 'old-2')!.reason).toContain('never pulled');
      expect(log.filter((l) => l === 'GET /v2/namespaces/acme/repositories/app/tags').length).toBe(4);
      const r = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policy, '--execute', '--format', 'json'], { dockerConfigDir: cfg });
      expect(r.code).toBe(ApplyExitCode.OK);
      expect(tags.map((t) => t.name).sort()).toEqual(['busy', 'latest', 'v1']);
      expect(log.filter((l) => l.startsWith('DELETE')).sort()).toEqual(['DELETE /v2/repositories/acme/app/tags/old-1/', 'DELETE /v2/repositories/acme/app/tags/old-2/', 'DELETE /v2/repositories/acme/app/tags/old-3/']);
    } finally {
      await srv.close();
    }
  });

  test('no login or a wrong token cannot delete (exit 4); an archiving rule is refused (exit 1)', async () => {
    const log: string[] = [];
    const tags = fresh();
    const hub = hubServer(tags, log, { first429: false });
    const srv = await listen(hub.handler);
    hub.setBase(srv.url);
    try {
      const anon = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policy, '--execute']);
      expect(anon.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(anon.stderr).toContain('deleting on Docker Hub needs a login');
      const wrong = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policy, '--execute'], { dockerConfigDir: dockerConfig(dir, srv.host, 'acme', 'nope') });
      expect(wrong.code).toBe(ApplyExitCode.REGISTRY_ERROR);
      expect(wrong.stderr).toContain('Docker Hub rejected the credentials');
      const noScope = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policyFile(dir, { rules: [{ kind: 'protect', tagPatterns: ['v*'] }] }, 'noscope.json')]);
      expect(noScope.code).toBe(ApplyExitCode.USAGE);
      expect(noScope.stderr).toContain('Docker Hub has no catalog: give --repository NAMESPACE/NAME');
      const archive = await apply(['--registry', srv.url, '--api', 'hub', '--policy', policyFile(dir, { rules: [{ kind: 'expireNotPulled', days: 30 }], repositories: ['acme/app'] }, 'arch.json')]);
      expect(archive.code).toBe(ApplyExitCode.INVALID_INPUT);
      expect(archive.stderr).toContain('Docker Hub has no archive tier');
      expect(tags).toHaveLength(6);
      expect(log.some((l) => l.startsWith('DELETE'))).toBe(false);
    } finally {
      await srv.close();
    }
  });
});
