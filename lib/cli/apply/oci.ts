/** An OCI distribution registry client for `registry-lifecycle apply`: catalog, tags, manifests, configs and delete by digest, with anonymous, basic and bearer-token auth. */

import { createHash } from 'crypto';
import { tagMatcher } from '../../core/retention/matcher';
import { basicHeader, Credentials, parseChallenge } from './auth';
import { errorCode, FullResponse, HttpError, nextLink, Transport } from './http';
import { AuthError, DeleteOutcome, DeleteUnsupportedError, ListedImage, RegistryApi } from './registry-api';

/** Media types of an image index / manifest list. */
export const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
/** Media types of a single-image manifest. */
export const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
/** All four, always sent: with fewer, registries answer 404 or convert to schema 1 under another digest. */
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
/** A digest no manifest has: deleting it tells whether the registry deletes at all, without touching anything. */
const PROBE_DIGEST = `sha256:${'0'.repeat(64)}`;
const CREATED_ANNOTATION = 'org.opencontainers.image.created';

interface Manifest {
  mediaType?: string;
  config?: { digest?: string };
  manifests?: Array<{ digest?: string }>;
  annotations?: Record<string, string>;
  subject?: { digest?: string };
}

/** Parses a time string; undefined when absent or unreadable. */
function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** A registry speaking the OCI distribution API (CNCF distribution, Zot, Harbor, GHCR, Nexus, …). */
export class OciRegistry implements RegistryApi {
  public readonly kind = 'oci';
  public readonly carriesPullTimes = false;
  private readonly base: string;
  /** Authorization header per scope key, once a challenge was answered. */
  private readonly auth = new Map<string, string>();
  /** Image config `created` by config digest: content-addressed, so shared across repositories. */
  private readonly configTimes = new Map<string, Promise<number | undefined>>();

  constructor(
    /** `https://host[:port]` (or `http://` for a loopback test registry). */
    baseUrl: string,
    private readonly transport: Transport,
    private readonly credentials: Credentials | undefined,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  /** Sends a request, answering a 401 challenge once (basic or bearer token) and throwing AuthError when that fails. */
  private async request(method: string, path: string, scope: string, headers: Record<string, string> = {}): Promise<FullResponse> {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const withAuth = () => {
      const a = this.auth.get(scope) ?? this.auth.get('*');
      return a ? { ...headers, Authorization: a } : headers;
    };
    let res = await this.transport.send(method, url, withAuth);
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    const who = this.credentials ? `the credentials from ${this.credentials.source}` : 'anonymous access (no credentials for this host in Docker\'s config)';
    if (!challenge) throw new AuthError(`${method} ${url}: 401 without a WWW-Authenticate challenge; ${who} refused`);
    if (challenge.scheme === 'basic') {
      if (!this.credentials) throw new AuthError(`${this.base}: the registry requires a login and ${who}; run "docker login" for it or add a credHelpers entry`);
      if (this.auth.get('*') === basicHeader(this.credentials)) throw new AuthError(`${this.base}: the registry rejected ${who} (401)`);
      this.auth.set('*', basicHeader(this.credentials));
    } else if (challenge.scheme === 'bearer') {
      if (this.auth.has(scope)) throw new AuthError(`${method} ${url}: the registry rejected the token it issued for scope ${JSON.stringify(challenge.params.scope ?? '')} with ${who}; the account may lack ${method === 'DELETE' ? 'delete' : 'pull'} permission`);
      this.auth.set(scope, `Bearer ${await this.token(challenge.params, who)}`);
    } else {
      throw new AuthError(`${method} ${url}: unsupported auth scheme ${JSON.stringify(challenge.scheme)}`);
    }
    res = await this.transport.send(method, url, withAuth);
    if (res.status === 401) throw new AuthError(`${method} ${url}: the registry rejected ${who} (401)`);
    return res;
  }

  /** Fetches a bearer token from the challenge's realm (the distribution token protocol). */
  private async token(params: Record<string, string>, who: string): Promise<string> {
    if (!params.realm) throw new AuthError(`${this.base}: bearer challenge without a realm`);
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    if (params.scope) for (const s of params.scope.split(' ')) url.searchParams.append('scope', s);
    const headers: Record<string, string> = this.credentials ? { Authorization: basicHeader(this.credentials) } : {};
    const res = await this.transport.send('GET', url.toString(), headers);
    if (res.status === 401 || res.status === 403) throw new AuthError(`${url.origin}${url.pathname}: the token service rejected ${who} (${res.status})`);
    if (res.status !== 200) throw new HttpError(`GET ${url.origin}${url.pathname}: token request answered ${res.status}`, res.status);
    const doc = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = doc.token ?? doc.access_token;
    if (!token) throw new AuthError(`${url.origin}${url.pathname}: the token response has no token`);
    return token;
  }

  private fail(method: string, path: string, res: FullResponse): never {
    const code = errorCode(res.body);
    if (res.status === 403) throw new AuthError(`${method} ${this.base}${path}: 403 forbidden${code ? ` (${code})` : ''}; the account lacks permission`);
    throw new HttpError(`${method} ${this.base}${path}: ${res.status}${code ? ` ${code}` : ''}`, res.status, code);
  }

  /** Follows `Link: <…>; rel="next"` pages, collecting the array under `key`. */
  private async paged(path: string, key: string, scope: string, notFound?: () => string[]): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined = `${this.base}${path}`;
    const seen = new Set<string>();
    while (url) {
      if (seen.has(url)) break; // a registry repeating its own page would loop forever
      seen.add(url);
      const res = await this.request('GET', url, scope);
      if (res.status === 404 && notFound) return notFound();
      if (res.status !== 200) this.fail('GET', url.slice(this.base.length), res);
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new HttpError(`GET ${url}: the answer is not JSON; is --registry a registry?`, res.status);
      }
      const items = doc[key];
      if (Array.isArray(items)) for (const x of items) if (typeof x === 'string') out.push(x);
      url = nextLink(res.headers.get('link'), url);
    }
    return [...new Set(out)].sort();
  }

  public async listRepositories(patterns: readonly string[]): Promise<string[]> {
    const exact = patterns.filter((p) => !p.includes('*'));
    if (patterns.length > 0 && exact.length === patterns.length) return [...new Set(exact)].sort();
    const all = await this.paged('/v2/_catalog?n=1000', 'repositories', 'registry:catalog:*');
    const tests = patterns.map(tagMatcher);
    return all.filter((r) => tests.length === 0 || tests.some((t) => t(r)));
  }

  private tags(repository: string): Promise<string[]> {
    return this.paged(`/v2/${repository}/tags/list?n=1000`, 'tags', `repository:${repository}:pull`, () => []);
  }

  /** GETs a manifest by tag or digest: its digest (header, else the hash of the bytes), media type and body. */
  private async manifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; doc: Manifest } | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const res = await this.request('GET', path, `repository:${repository}:pull`, { Accept: ACCEPT });
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail('GET', path, res);
    const digest = res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    let doc: Manifest;
    try {
      doc = JSON.parse(res.body.toString('utf8')) as Manifest;
    } catch {
      throw new HttpError(`GET ${this.base}${path}: the manifest is not JSON (Content-Type ${res.headers.get('content-type') ?? 'absent'})`, res.status);
    }
    const mediaType = doc.mediaType ?? (res.headers.get('content-type') ?? '').split(';')[0].trim();
    return { digest, mediaType, doc };
  }

  private configCreated(repository: string, configDigest: string): Promise<number | undefined> {
    let p = this.configTimes.get(configDigest);
    if (!p) {
      p = (async () => {
        const path = `/v2/${repository}/blobs/${configDigest}`;
        const res = await this.request('GET', path, `repository:${repository}:pull`);
        if (res.status !== 200) return undefined;
        try {
          return time((JSON.parse(res.body.toString('utf8')) as { created?: unknown }).created);
        } catch {
          return undefined;
        }
      })();
      this.configTimes.set(configDigest, p);
    }
    return p;
  }

  /** The build time of a manifest: its `created` annotation, else its config's `created`, else (index) the newest child's. */
  private async created(repository: string, doc: Manifest, depth = 0): Promise<number | undefined> {
    const annotated = time(doc.annotations?.[CREATED_ANNOTATION]);
    if (annotated !== undefined) return annotated;
    if (doc.config?.digest) return this.configCreated(repository, doc.config.digest);
    if (doc.manifests && depth < 2) {
      let newest: number | undefined;
      for (const child of doc.manifests) {
        if (!child.digest) continue;
        const m = await this.manifest(repository, child.digest);
        const t = m && (await this.created(repository, m.doc, depth + 1));
        if (t !== undefined && (newest === undefined || t > newest)) newest = t;
      }
      return newest;
    }
    return undefined;
  }

  public async listImages(repository: string): Promise<ListedImage[]> {
    const tags = await this.tags(repository);
    const resolved = await Promise.all(tags.map(async (tag) => ({ tag, m: await this.manifest(repository, tag) })));
    const byDigest = new Map<string, { tags: string[]; mediaType: string; doc: Manifest }>();
    for (const { tag, m } of resolved) {
      if (!m) continue; // deleted between the tags list and the GET: not there any more
      const entry = byDigest.get(m.digest);
      if (entry) entry.tags.push(tag);
      else byDigest.set(m.digest, { tags: [tag], mediaType: m.mediaType, doc: m.doc });
    }
    return Promise.all(
      [...byDigest].map(async ([digest, e]) => {
        const references = e.doc.manifests?.map((c) => c.digest).filter((d): d is string => typeof d === 'string');
        const image: ListedImage = {
          repository,
          digest,
          tags: e.tags.sort(),
          pushedAt: await this.created(repository, e.doc),
          mediaType: e.mediaType || undefined,
          references: references && references.length ? references : undefined,
          subject: e.doc.subject?.digest,
        };
        return image;
      }),
    );
  }

  public async currentTags(repository: string, needsDigest?: (tag: string) => boolean): Promise<Map<string, string>> {
    const tags = await this.tags(repository);
    const out = new Map<string, string>();
    await Promise.all(
      tags.map(async (tag) => {
        if (needsDigest && !needsDigest(tag)) {
          out.set(tag, '');
          return;
        }
        const path = `/v2/${repository}/manifests/${tag}`;
        const res = await this.request('HEAD', path, `repository:${repository}:pull`, { Accept: ACCEPT });
        if (res.status === 404) return;
        if (res.status !== 200) this.fail('HEAD', path, res);
        const digest = res.headers.get('docker-content-digest') ?? (await this.manifest(repository, tag))?.digest;
        if (digest) out.set(tag, digest);
      }),
    );
    return out;
  }

  public async referencesOf(repository: string, digest: string): Promise<string[]> {
    const m = await this.manifest(repository, digest);
    return m?.doc.manifests?.map((c) => c.digest).filter((d): d is string => typeof d === 'string') ?? [];
  }

  private deleteRefused(res: FullResponse, code: string | undefined): boolean {
    return res.status === 405 || (res.status === 400 && code === 'UNSUPPORTED') || code === 'UNSUPPORTED';
  }

  public async probeDelete(repository: string): Promise<void> {
    const path = `/v2/${repository}/manifests/${PROBE_DIGEST}`;
    const res = await this.request('DELETE', path, `repository:${repository}:delete`);
    const code = errorCode(res.body);
    if (this.deleteRefused(res, code)) {
      throw new DeleteUnsupportedError(
        `${this.base}: the registry refuses DELETE of manifests (${res.status}${code ? ` ${code}` : ''}); deletion is disabled or the registry is read-only ` +
          '(CNCF distribution: storage.delete.enabled: true); nothing was deleted',
      );
    }
    if (res.status === 404 || res.status === 202 || res.status === 200) return;
    if (res.status === 400 && code === 'DIGEST_INVALID') return;
    this.fail('DELETE', path, res);
  }

  public async deleteImage(repository: string, digest: string): Promise<DeleteOutcome> {
    const path = `/v2/${repository}/manifests/${digest}`;
    const res = await this.request('DELETE', path, `repository:${repository}:delete`);
    if (res.status === 202 || res.status === 200 || res.status === 204) return 'deleted';
    const code = errorCode(res.body);
    // 404 after a retry means the first attempt did it and its response was lost.
    if (res.status === 404) return 'gone';
    if (this.deleteRefused(res, code)) throw new DeleteUnsupportedError(`${this.base}: the registry refused DELETE ${path} (${res.status}${code ? ` ${code}` : ''})`);
    this.fail('DELETE', path, res);
  }
}
