import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { hashSync } from 'bcryptjs';
import { runConfigureDocker } from '../../lib/cli/configure-docker';
import { lineDiff, mergeDockerConfig, parseEndpoints } from '../../lib/core/ci/docker-config';
import { RegistryEndpoint, RegistryFamily } from '../../lib/core/endpoint';

function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = runConfigureDocker(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    now: () => 0,
    env: { HOME: '/nonexistent', PATH: '', ...env },
  });
  return { code, stdout, stderr };
}

// The real-client suite starts a registry and runs skopeo: generous on a loaded machine.
jest.setTimeout(120_000);

const ecr = RegistryEndpoint.ecr({ accountId: '123456789012', region: 'eu-west-1' }).toJson();
const gar = RegistryEndpoint.gar('europe-west1').toJson();
const harbor = RegistryEndpoint.harbor({ host: 'harbor.example.com', robotFullName: 'robot$shop+ci' }).toJson();

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-docker-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('configure-docker: merging', () => {
  const existing = { auths: { 'harbor.example.com': { auth: 'cm9ib3Q6eA==' } }, credsStore: 'desktop', credHelpers: { 'europe-west1-docker.pkg.dev': 'gcr', 'quay.io': 'pass' }, experimental: 'enabled' };

  test('adds helpers, switches a host that named another helper, keeps auths, credsStore and other keys', () => {
    const m = mergeDockerConfig(existing, [ecr, gar, harbor], 'config.json');
    expect(m.config).toEqual({ ...existing, credHelpers: { 'europe-west1-docker.pkg.dev': 'gcloud', 'quay.io': 'pass', '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } });
    expect(m.changes).toEqual(['credHelpers["123456789012.dkr.ecr.eu-west-1.amazonaws.com"]: (none) -> "ecr-login"', 'credHelpers["europe-west1-docker.pkg.dev"]: "gcr" -> "gcloud"']);
    expect(m.logins).toEqual([{ host: 'harbor.example.com', command: harbor.loginCommand }]);
    expect(mergeDockerConfig(m.config, [ecr, gar, harbor], 'config.json').changes).toEqual([]);
  });

  test('endpoints come as one, a list, {endpoints} or terraform output -json; bad ones are all reported', () => {
    expect(parseEndpoints(ecr, 'e')).toHaveLength(1);
    expect(parseEndpoints({ registry_endpoints: { sensitive: false, type: ['list', 'object'], value: [ecr, gar] }, other: { sensitive: false, type: 'string', value: 'x' } }, 'e')).toHaveLength(2);
    expect(() => parseEndpoints([{ host: 'https://x/y', family: 'nope', credentialHelper: 'a b' }], 'e.json')).toThrow(
      /e.json: endpoints\[0\]\.host is not a registry host \(got "https:\/\/x\/y"\)[\s\S]*endpoints\[0\]\.family is not a registry family[\s\S]*credentialHelper is not a helper name[\s\S]*loginCommand is missing/,
    );
    expect(() => mergeDockerConfig([], [ecr], 'c.json')).toThrow('c.json: (document) is not a JSON object');
    expect(() => mergeDockerConfig({}, [ecr, { ...ecr, credentialHelper: 'other' }], 'c.json')).toThrow('name two different helpers for one host');
  });

  test('lineDiff marks removed and added lines', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nc\nd\n')).toBe('  a\n- b\n  c\n+ d\n');
  });
});

describe('configure-docker: the command', () => {
  test('writes atomically with a backup and the old mode, is idempotent, and --dry-run writes nothing', () => {
    const endpoints = path.join(tmp, 'endpoints.json');
    fs.writeFileSync(endpoints, JSON.stringify([ecr, harbor]));
    const config = path.join(tmp, 'docker', 'config.json');
    fs.mkdirSync(path.dirname(config));
    const original = `${JSON.stringify({ auths: { 'ghcr.io': { auth: 'eDp5' } }, credsStore: 'secretservice' }, null, 2)}\n`;
    fs.writeFileSync(config, original, { mode: 0o640 });

    const dry = cli(['--endpoints', endpoints, '--dry-run'], { DOCKER_CONFIG: path.dirname(config) });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+ \t"credHelpers": {');
    expect(dry.stdout).toContain('(dry run: nothing written; 1 change(s))');
    expect(fs.readFileSync(config, 'utf8')).toBe(original);

    const real = cli(['--endpoints', endpoints, '--config', config]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain(`(previous file kept as ${config}.bak)`);
    expect(real.stdout).toContain("docker login --username 'robot$shop+ci' --password-stdin harbor.example.com");
    expect(real.stderr).toContain('docker-credential-ecr-login is not on PATH');
    expect(fs.readFileSync(`${config}.bak`, 'utf8')).toBe(original);
    expect(JSON.parse(fs.readFileSync(config, 'utf8'))).toEqual({ auths: { 'ghcr.io': { auth: 'eDp5' } }, credsStore: 'secretservice', credHelpers: { [ecr.host]: 'ecr-login' } });
    expect(fs.statSync(config).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.dirname(config)).sort()).toEqual(['config.json', 'config.json.bak']);

    const written = fs.readFileSync(config, 'utf8');
    fs.rmSync(`${config}.bak`);
    const again = cli(['--endpoints', endpoints, '--config', config]);
    expect(again.stdout).toContain('already configured');
    expect(fs.readFileSync(config, 'utf8')).toBe(written);
    expect(fs.existsSync(`${config}.bak`)).toBe(false);
  });

  test('--podman writes $XDG_RUNTIME_DIR/containers/auth.json, created with mode 0600', () => {
    const endpoints = path.join(tmp, 'e.json');
    fs.writeFileSync(endpoints, JSON.stringify(gar));
    const r = cli(['--endpoints', endpoints, '--podman'], { XDG_RUNTIME_DIR: tmp });
    expect(r.code).toBe(0);
    const file = path.join(tmp, 'containers', 'auth.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ credHelpers: { 'europe-west1-docker.pkg.dev': 'gcloud' } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test('an unparsable config is left alone; usage errors exit 2', () => {
    const endpoints = path.join(tmp, 'e.json');
    fs.writeFileSync(endpoints, JSON.stringify(gar));
    const config = path.join(tmp, 'config.json');
    fs.writeFileSync(config, '{"auths": ');
    const r = cli(['--endpoints', endpoints, '--config', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not valid JSON, so it cannot be merged safely');
    expect(fs.readFileSync(config, 'utf8')).toBe('{"auths": ');
    expect(cli([]).code).toBe(2);
    expect(cli(['--endpoints', endpoints, '--bogus']).stderr).toContain("Unknown option '--bogus'");
  });
});

// ---- A real client: Debian's docker-registry with htpasswd auth, a credential helper on PATH, skopeo. ----

const haveTools = ['docker-registry', 'skopeo'].every((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0);
// CI installs both (.ci/run); there the test must run, never skip.
const realClient = haveTools || process.env.CI === 'true' ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A one-layer OCI image layout that skopeo can copy from (`oci:DIR:TAG`). */
function writeOciLayout(dir: string, tag: string): void {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer): { digest: string; size: number } => {
    const hex = createHash('sha256').update(data).digest('hex');
    fs.writeFileSync(path.join(blobs, hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  // An empty tar (two zero blocks) is a valid layer.
  const layer = put(Buffer.alloc(1024));
  const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} })));
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }] })));
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }] }));
}

realClient('configure-docker with a real client (docker-registry + htpasswd, a credential helper, skopeo)', () => {
  let registry: ChildProcess | undefined;
  let dir: string;
  let host: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-docker-real-'));
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    // Cost 4: the registry checks bcrypt on every request.
    fs.writeFileSync(path.join(dir, 'htpasswd'), `tester:${hashSync('s3cret-pw', 4)}\n`);
    fs.writeFileSync(
      path.join(dir, 'config.yml'),
      ['version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true', 'storage:', '  filesystem:', `    rootdirectory: ${dir}/data`, 'http:', `  addr: ${host}`, '  secret: test-only-secret', 'auth:', '  htpasswd:', '    realm: test-registry', `    path: ${dir}/htpasswd`, ''].join('\n'),
    );
    registry = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    registry.stderr!.on('data', (d) => (log += d));
    for (let i = 0; ; i++) {
      const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
      if (status === 401) break;
      if (i > 200 || registry.exitCode !== null) throw new Error(`docker-registry did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  afterAll(() => {
    registry?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('skopeo pushes and pulls through the helper that configure-docker set up, and fails without it', () => {
    // A helper speaking the protocol: `get` reads the server URL on stdin and prints {ServerURL, Username, Secret}.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const calls = path.join(dir, 'helper-calls.log');
    fs.writeFileSync(
      path.join(bin, 'docker-credential-ci-test'),
      ['#!/bin/sh', `read -r server; echo "$1 $server" >> '${calls}'`, 'case "$1" in', '  get) printf \'{"ServerURL":"%s","Username":"tester","Secret":"s3cret-pw"}\\n\' "$server" ;;', '  list) echo "{}" ;;', '  *) ;;', 'esac', ''].join('\n'),
      { mode: 0o755 },
    );
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } as Record<string, string>;
    const layout = path.join(dir, 'layout');
    writeOciLayout(layout, 'v1');
    const authfile = path.join(dir, 'docker', 'config.json');
    fs.mkdirSync(path.dirname(authfile));
    fs.writeFileSync(authfile, JSON.stringify({ auths: { 'other.example.com': { auth: 'eDp5' } } }));
    const skopeo = (...args: string[]) => spawnSync('skopeo', args, { env, encoding: 'utf8', timeout: 60_000 });

    const denied = skopeo('copy', '--authfile', authfile, '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/ci/app:v1`);
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toMatch(/unauthorized|authentication required/i);

    const endpoints = path.join(dir, 'endpoints.json');
    fs.writeFileSync(endpoints, JSON.stringify([RegistryEndpoint.fromJson({ family: RegistryFamily.OCI, host, credentialHelper: 'ci-test', loginCommand: `docker login ${host}` }).toJson()]));
    const configured = cli(['--endpoints', endpoints, '--config', authfile], env);
    expect(configured.stderr).toBe('');
    expect(configured.code).toBe(0);

    const push = skopeo('copy', '--authfile', authfile, '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${host}/ci/app:v1`);
    expect(push.stderr).toBe('');
    expect(push.status).toBe(0);
    const pull = skopeo('copy', '--authfile', authfile, '--src-tls-verify=false', `docker://${host}/ci/app:v1`, `oci:${path.join(dir, 'pulled')}:v1`);
    expect(pull.status).toBe(0);
    const tags = skopeo('list-tags', '--authfile', authfile, '--tls-verify=false', `docker://${host}/ci/app`);
    expect(JSON.parse(tags.stdout).Tags).toEqual(['v1']);
    expect(fs.readFileSync(calls, 'utf8')).toContain(`get ${host}`);
    expect(JSON.parse(fs.readFileSync(authfile, 'utf8')).auths).toEqual({ 'other.example.com': { auth: 'eDp5' } });
  });
});
