/** A Docker Hub client for `registry-lifecycle apply`: the Hub API v2 (tags with push and pull times, page by page) and its tag delete. */

import { tagMatcher } from '../../core/retention/matcher';
import { Credentials } from './auth';
import { errorCode, FullResponse, HttpError, Transport } from './http';
import { INDEX_TYPES } from './oci';
import { AuthError, DeleteOutcome, ListedImage, RegistryApi, ScopeError } from './registry-api';

interface HubTag {
  name?: string;
  digest?: string | null;
  media_type?: string;
  images?: Array<{ digest?: string | null; last_pulled?: string | null; last_pushed?: string | null }>;
  tag_last_pulled?: string | null;
  tag_last_pushed?: string | null;
  last_updated?: string | null;
}

interface HubPage<T> {
  next?: string | null;
  results?: T[];
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.startsWith('0001-01-01')) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function max(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function min(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Docker Hub (`https://hub.docker.com`), or a server answering its API at another base URL. */
export class DockerHub implements RegistryApi {
  public readonly kind = 'hub';
  public readonly carriesPullTimes = true;
  private readonly base: string;
  private jwt?: Promise<string>;

  constructor(
    baseUrl: string,
    private readonly transport: Transport,
    private readonly credentials: Credentials | undefined,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** Logs in once (`POST /v2/auth/token`), keeping the access token for the run. */
  private login(): Promise<string> {
    this.jwt ??= (async () => {
      const c = this.credentials!;
      const res = await this.transport.send('POST', `${this.base}/v2/auth/token`, { 'Content-Type': 'application/json' }, JSON.stringify({ identifier: c.username, secret: c.secret }));
      if (res.status === 401 || res.status === 403) throw new AuthError(`${this.base}: Docker Hub rejected the credentials from ${c.source} (${res.status})`);
      if (res.status !== 200) throw new HttpError(`POST ${this.base}/v2/auth/token: ${res.status}`, res.status);
      const doc = JSON.parse(res.body.toString('utf8')) as { access_token?: string; token?: string };
      const token = doc.access_token ?? doc.token;
      if (!token) throw new AuthError(`${this.base}: the Hub login response has no access_token`);
      return token;
    })();
    return this.jwt;
  }

  private async request(method: string, url: string): Promise<FullResponse> {
    const token = this.credentials ? await this.login() : undefined;
    const res = await this.transport.send(method, url, token ? { Authorization: `Bearer ${token}` } : {});
    if (res.status === 401 || res.status === 403) {
      const who = this.credentials ? `the credentials from ${this.credentials.source}` : 'anonymous access (no Docker Hub credentials in Docker\'s config)';
      throw new AuthError(`${method} ${url}: ${res.status}; Docker Hub refused ${who}${method === 'DELETE' ? ' (deleting needs a token with delete scope)' : ''}`);
    }
    return res;
  }

  private async pages<T>(first: string): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let url: string | null | undefined = first;
    while (url) {
      if (seen.has(url)) break;
      seen.add(url);
      const res = await this.request('GET', url);
      if (res.status === 404) return out;
      if (res.status !== 200) throw new HttpError(`GET ${url}: ${res.status}${errorCode(res.body) ? ` ${errorCode(res.body)}` : ''}`, res.status);
      let doc: HubPage<T>;
      try {
        doc = JSON.parse(res.body.toString('utf8')) as HubPage<T>;
      } catch {
        throw new HttpError(`GET ${url}: the answer is not JSON; is this the Docker Hub API?`, res.status);
      }
      out.push(...(doc.results ?? []));
      // Hub's `next` is absolute; a local server may answer relative ones.
      url = doc.next ? new URL(doc.next, this.base).toString() : undefined;
    }
    return out;
  }

  public async listRepositories(patterns: readonly string[]): Promise<string[]> {
    if (patterns.length === 0) throw new ScopeError('Docker Hub has no catalog: give --repository NAMESPACE/NAME (or NAMESPACE/*), or "repositories" in the policy');
    const out = new Set<string>();
    for (const p of patterns) {
      const slash = p.indexOf('/');
      if (!p.includes('*')) {
        out.add(slash < 0 ? `library/${p}` : p);
        continue;
      }
      const ns = p.slice(0, slash);
      const test = tagMatcher(p);
      const repos = await this.pages<{ name?: string; namespace?: string }>(`${this.base}/v2/namespaces/${encodeURIComponent(ns)}/repositories?page_size=100`);
      for (const r of repos) if (r.name && test(`${ns}/${r.name}`)) out.add(`${ns}/${r.name}`);
    }
    return [...out].sort();
  }

  private async tagList(repository: string): Promise<HubTag[]> {
    const [ns, name] = repository.split('/', 2);
    return this.pages<HubTag>(`${this.base}/v2/namespaces/${encodeURIComponent(ns)}/repositories/${encodeURIComponent(name)}/tags?page_size=100`);
  }

  public async listImages(repository: string): Promise<ListedImage[]> {
    const byDigest = new Map<string, { tags: string[]; pushedAt?: number; pulledAt?: number; mediaType?: string; refs: Set<string> }>();
    for (const t of await this.tagList(repository)) {
      if (!t.name || !t.digest) continue;
      let e = byDigest.get(t.digest);
      if (!e) byDigest.set(t.digest, (e = { tags: [], mediaType: t.media_type, refs: new Set() }));
      e.tags.push(t.name);
      // The image arrived with its first tag; a later re-tag does not make it newer.
      e.pushedAt = min(e.pushedAt, time(t.tag_last_pushed) ?? time(t.last_updated));
      e.pulledAt = max(e.pulledAt, time(t.tag_last_pulled));
      for (const img of t.images ?? []) {
        e.pulledAt = max(e.pulledAt, time(img.last_pulled));
        if (img.digest && img.digest !== t.digest) e.refs.add(img.digest);
      }
    }
    return [...byDigest].map(([digest, e]) => ({
      repository,
      digest,
      tags: e.tags.sort(),
      pushedAt: e.pushedAt,
      lastPulledAt: e.pulledAt,
      mediaType: e.mediaType,
      references: e.mediaType && INDEX_TYPES.includes(e.mediaType) && e.refs.size ? [...e.refs].sort() : undefined,
    }));
  }

  public async currentTags(repository: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const t of await this.tagList(repository)) if (t.name && t.digest) out.set(t.name, t.digest);
    return out;
  }

  public async referencesOf(): Promise<string[]> {
    // Hub lists an index's platform images with its tag; a digest not tagged in this repository has none we can see.
    return [];
  }

  public async probeDelete(): Promise<void> {
    if (!this.credentials) throw new AuthError(`${this.base}: deleting on Docker Hub needs a login; run "docker login" (a personal access token with delete scope)`);
    await this.login();
  }

  /** Hub deletes tags, not manifests: deleting every tag of the digest leaves it untagged, and Hub removes it. */
  public async deleteImage(repository: string, digest: string, tags: readonly string[]): Promise<DeleteOutcome> {
    const [ns, name] = repository.split('/', 2);
    let deleted = false;
    for (const tag of tags) {
      const url = `${this.base}/v2/repositories/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/tags/${encodeURIComponent(tag)}/`;
      const res = await this.request('DELETE', url);
      if (res.status === 204 || res.status === 200 || res.status === 202) deleted = true;
      else if (res.status !== 404) throw new HttpError(`DELETE ${url}: ${res.status} (digest ${digest})`, res.status);
    }
    return deleted ? 'deleted' : 'gone';
  }
}
