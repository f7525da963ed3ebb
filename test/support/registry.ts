/**
 * A real CNCF distribution registry (Debian's `docker-registry`) on loopback for tests: start, stop, SIGKILL and
 * restart on the same storage and port; plus an in-memory image builder and an HTTP pusher (no Docker daemon).
 */

import { ChildProcess, execFileSync, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

/** True when docker-registry is installed. */
export function registryAvailable(): boolean {
  return fs.existsSync(REGISTRY_BIN);
}

/**
 * `describe` for suites that need the real registry: skipped with a loud message when the binary is missing,
 * except under CI (CI=true), where a missing registry fails the suite instead.
 */
export function describeWithRegistry(name: string, fn: () => void): void {
  if (registryAvailable()) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('docker-registry is installed (CI installs it with apt-get)', () => {
        throw new Error(`${REGISTRY_BIN} is missing: apt-get install -y docker-registry skopeo`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`\n*** SKIPPED "${name}": ${REGISTRY_BIN} is missing; apt-get install -y docker-registry skopeo to run the real-registry tests ***\n`);
  describe.skip(name, fn);
}

/** A free loopback port (the OS picks, we release it, the registry binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Options of startRegistry. */
export interface RegistryOptions {
  /** `storage.delete.enabled`. @default true */
  readonly deleteEnabled?: boolean;
  /** htpasswd basic auth with this user (bcrypt cost 4). */
  readonly user?: { readonly name: string; readonly password: string };
}

/** A running registry. */
export interface TestRegistry {
  readonly url: string;
  readonly host: string;
  readonly dir: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** Starts again on the same storage and port. */
  restart(): Promise<void>;
  /** Stops and removes the storage. */
  cleanup(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, auth?: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/v2/`, { headers: auth ? { Authorization: auth } : {} });
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('docker-registry did not become ready in 5 s');
}

/** Starts docker-registry on a free loopback port with a throwaway config and storage. */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h12reg-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dir}/data`,
    '  delete:',
    `    enabled: ${options.deleteEnabled === false ? 'false' : 'true'}`,
    'http:',
    `  addr: ${host}`,
    '  secret: test-only-secret',
  ];
  let auth: string | undefined;
  if (options.user) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const bcrypt = require('bcryptjs') as { hashSync(p: string, rounds: number): string };
    fs.writeFileSync(path.join(dir, 'htpasswd'), `${options.user.name}:${bcrypt.hashSync(options.user.password, 4)}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: test-registry', `    path: ${dir}/htpasswd`);
    auth = `Basic ${Buffer.from(`${options.user.name}:${options.user.password}`).toString('base64')}`;
  }
  fs.writeFileSync(path.join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
    // A suite that fails before its cleanup must not leave a registry behind, nor keep jest waiting for it.
    child.unref();
    running.add(child);
    child.once('exit', () => running.delete(child));
    await waitReady(`http://${host}`, child, auth);
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `http://${host}`,
    host,
    dir,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    restart: launch,
    cleanup: async () => {
      await halt('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when skopeo is installed (used as an independent oracle). */
export function skopeoAvailable(): boolean {
  return fs.existsSync('/usr/bin/skopeo');
}

/** `skopeo list-tags` of a repository, sorted ([] when the repository is gone). */
export function skopeoTags(host: string, repository: string): string[] {
  try {
    const out = execFileSync('skopeo', ['list-tags', '--tls-verify=false', `docker://${host}/${repository}`], { encoding: 'utf8' });
    return ((JSON.parse(out) as { Tags: string[] | null }).Tags ?? []).sort();
  } catch {
    return [];
  }
}

// ---- images -------------------------------------------------------------------------------------------------

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ACCEPT = [OCI_INDEX, OCI_MANIFEST, 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json'].join(', ');

function sha(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

/** A blob to upload. */
interface Blob {
  readonly digest: string;
  readonly bytes: Buffer;
}

/** A built manifest: its bytes, digest, media type and the blobs / child manifests it needs. */
export interface BuiltManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly blobs: readonly Blob[];
  readonly children: readonly BuiltManifest[];
}

const LAYER = zlib.gzipSync(Buffer.from('h12 test layer\n'));
const LAYER_BLOB: Blob = { digest: sha(LAYER), bytes: LAYER };

/** One image: a shared layer and its own config whose `created` is `created` (so each time gives a new digest). */
export function makeImage(options: { created: number; arch?: string; seed?: string; subject?: BuiltManifest }): BuiltManifest {
  const config = Buffer.from(JSON.stringify({ created: new Date(options.created).toISOString(), architecture: options.arch ?? 'amd64', os: 'linux', config: { Labels: { seed: options.seed ?? '' } }, rootfs: { type: 'layers', diff_ids: [] } }));
  const configBlob = { digest: sha(config), bytes: config };
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configBlob.digest, size: config.length },
    layers: [{ mediaType: OCI_LAYER, digest: LAYER_BLOB.digest, size: LAYER.length }],
  };
  if (options.subject) manifest.subject = { mediaType: options.subject.mediaType, digest: options.subject.digest, size: options.subject.bytes.length };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { digest: sha(bytes), mediaType: OCI_MANIFEST, bytes, blobs: [LAYER_BLOB, configBlob], children: [] };
}

/** A multi-platform index over `children`, with an `org.opencontainers.image.created` annotation. */
export function makeIndex(children: BuiltManifest[], created: number): BuiltManifest {
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: children.map((c, i) => ({ mediaType: c.mediaType, digest: c.digest, size: c.bytes.length, platform: { architecture: ['amd64', 'arm64', 's390x'][i % 3], os: 'linux' } })),
      annotations: { 'org.opencontainers.image.created': new Date(created).toISOString() },
    }),
  );
  return { digest: sha(bytes), mediaType: OCI_INDEX, bytes, blobs: [], children };
}

async function ok(res: Response, what: string): Promise<void> {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** Pushes images over HTTP: blobs (skipping present ones), children by digest, then the manifest under each tag. */
export class Pusher {
  /** One upload per blob and repository, shared by concurrent pushes (two uploads of one blob race in the registry). */
  private readonly uploaded = new Map<string, Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly auth?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.auth ? { ...extra, Authorization: this.auth } : extra;
  }

  private blob(repo: string, b: Blob): Promise<void> {
    const key = `${repo}@${b.digest}`;
    let p = this.uploaded.get(key);
    if (!p) {
      p = this.upload(repo, b);
      this.uploaded.set(key, p);
    }
    return p;
  }

  private async upload(repo: string, b: Blob): Promise<void> {
    const head = await fetch(`${this.url}/v2/${repo}/blobs/${b.digest}`, { method: 'HEAD', headers: this.headers() });
    if (head.status !== 200) {
      const post = await fetch(`${this.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: this.headers() });
      await ok(post, `POST upload ${repo}`);
      const loc = new URL(post.headers.get('location')!, this.url);
      loc.searchParams.set('digest', b.digest);
      await ok(await fetch(loc, { method: 'PUT', body: b.bytes, headers: this.headers({ 'Content-Type': 'application/octet-stream' }) }), `PUT blob ${repo}`);
    }
  }

  /** Pushes `m` (and its children by digest) and tags it with each of `tags`. */
  public async push(repo: string, m: BuiltManifest, tags: readonly string[]): Promise<void> {
    for (const child of m.children) await this.push(repo, child, []);
    for (const b of m.blobs) await this.blob(repo, b);
    for (const ref of tags.length ? tags : [m.digest]) {
      await ok(await fetch(`${this.url}/v2/${repo}/manifests/${ref}`, { method: 'PUT', body: m.bytes, headers: this.headers({ 'Content-Type': m.mediaType }) }), `PUT manifest ${repo}:${ref}`);
    }
  }

  /** Pushes many at bounded concurrency. */
  public async pushAll(items: ReadonlyArray<{ repo: string; manifest: BuiltManifest; tags: readonly string[] }>, concurrency = 8): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const it = items[next++];
        await this.push(it.repo, it.manifest, it.tags);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  }

  /** Where each tag of `repo` points now (sorted tags; digest via HEAD with all four Accept types). */
  public async tagMap(repo: string): Promise<Record<string, string>> {
    const res = await fetch(`${this.url}/v2/${repo}/tags/list`, { headers: this.headers() });
    if (res.status === 404) return {};
    const tags = ((await res.json()) as { tags: string[] | null }).tags ?? [];
    const out: Record<string, string> = {};
    for (const t of tags.sort()) {
      const h = await fetch(`${this.url}/v2/${repo}/manifests/${t}`, { method: 'HEAD', headers: this.headers({ Accept: ACCEPT }) });
      if (h.status === 200) out[t] = h.headers.get('docker-content-digest')!;
    }
    return out;
  }

  /** Whether a manifest exists by digest. */
  public async exists(repo: string, digest: string): Promise<boolean> {
    const h = await fetch(`${this.url}/v2/${repo}/manifests/${digest}`, { method: 'HEAD', headers: this.headers({ Accept: ACCEPT }) });
    return h.status === 200;
  }
}
