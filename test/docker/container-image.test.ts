import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EcrAuthorizationToken } from '../../lib/aws/ecr-authorization-token';
import { EcrRepository } from '../../lib/aws/ecr-repository';
import { ContainerImage, ContainerImageProps } from '../../lib/docker/container-image';
import { hashBuildContext } from '../../lib/docker/context-hash';
import { awsStack, errorOf, synth } from '../helpers';

const SHA = '0123456789abcdef0123456789abcdef01234567';
let ctx: string;

function write(rel: string, text: string, mode = 0o644): void {
  fs.mkdirSync(path.dirname(path.join(ctx, rel)), { recursive: true });
  fs.writeFileSync(path.join(ctx, rel), text, { mode });
}

beforeEach(() => {
  ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-'));
  write('Dockerfile', 'FROM scratch\nCOPY app /app\n');
  write('app/main.js', 'console.log(1)\n');
  write('node_modules/dep/index.js', 'x\n');
  write('README.md', 'docs\n');
  write('.dockerignore', 'node_modules\n*.md\n!KEEP.md\n');
});
afterEach(() => fs.rmSync(ctx, { recursive: true, force: true }));

function build(props: Partial<ContainerImageProps> = {}) {
  const stack = awsStack('img');
  const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'shop/checkout' });
  const image = new ContainerImage(stack, 'Image', { repositoryUrl: repo.repositoryUrl, credentials: new EcrAuthorizationToken(stack, 'Token', { registryId: repo.registryId }), context: ctx, gitSha: SHA, ...props });
  return { stack, image, json: synth(stack) };
}

describe('build-context hash (the rebuild trigger) honours .dockerignore', () => {
  test('ignored files do not count, sent files and the Dockerfile do, and a re-included file counts', () => {
    const before = hashBuildContext(ctx, 'Dockerfile');
    expect(before.files).toEqual(['.dockerignore', 'Dockerfile', 'app/main.js']);
    write('node_modules/dep/index.js', 'changed\n');
    write('README.md', 'changed\n');
    expect(hashBuildContext(ctx, 'Dockerfile').digest).toBe(before.digest);
    write('KEEP.md', 'kept\n');
    expect(hashBuildContext(ctx, 'Dockerfile').files).toContain('KEEP.md');
    expect(hashBuildContext(ctx, 'Dockerfile').digest).not.toBe(before.digest);
  });

  test('content, the executable bit and the Dockerfile change the hash; the order files were written in does not', () => {
    const a = hashBuildContext(ctx, 'Dockerfile').digest;
    fs.chmodSync(path.join(ctx, 'app/main.js'), 0o755);
    const b = hashBuildContext(ctx, 'Dockerfile').digest;
    expect(b).not.toBe(a);
    write('Dockerfile', 'FROM scratch\n');
    expect(hashBuildContext(ctx, 'Dockerfile').digest).not.toBe(b);
  });

  test('a Dockerfile the ignore file names is still sent (Docker always sends it)', () => {
    write('.dockerignore', 'Dockerfile\n');
    const a = hashBuildContext(ctx, 'Dockerfile');
    expect(a.files).toContain('Dockerfile');
    write('Dockerfile', 'FROM busybox\n');
    expect(hashBuildContext(ctx, 'Dockerfile').digest).not.toBe(a.digest);
  });
});

describe('ContainerImage', () => {
  test('docker_image builds the context with SHA and latest tags, rebuilt on the context hash', () => {
    const { json, image } = build({ buildArgs: { NODE_VERSION: '22' }, platform: 'linux/arm64', dockerfile: 'Dockerfile' });
    const img = Object.values(json.resource.docker_image)[0] as any;
    expect(img.name).toMatch(new RegExp(`\\$\\{aws_ecr_repository\\.Repo_.*\\.repository_url\\}:${SHA}$`));
    expect(img.build).toMatchObject({ context: ctx, dockerfile: 'Dockerfile', build_args: { NODE_VERSION: '22' }, platform: 'linux/arm64' });
    expect(img.build.tag).toEqual([img.name, img.name.replace(SHA, 'latest')]);
    expect(img.triggers).toEqual({ context_sha256: hashBuildContext(ctx, 'Dockerfile').digest });
    expect(image.contextHash).toBe(img.triggers.context_sha256);
  });

  test('docker_registry_image pushes both tags with ECR token credentials, keeps them on destroy, repushes on rebuild', () => {
    const { json } = build();
    const pushes = Object.values(json.resource.docker_registry_image) as any[];
    expect(pushes).toHaveLength(2);
    for (const p of pushes) {
      expect(p.keep_remotely).toBe(true);
      expect(p.auth_config.username).toMatch(/data\.aws_ecr_authorization_token\.Token_.*\.user_name/);
      expect(p.auth_config.password).toMatch(/data\.aws_ecr_authorization_token\.Token_.*\.password/);
      expect(p.auth_config.address).toMatch(/replace\(data\.aws_ecr_authorization_token\.Token_.*\.proxy_endpoint, "https:\/\/", ""\)/);
      expect(p.triggers.image_id).toMatch(/docker_image\.Image_.*\.image_id/);
    }
    expect((json as unknown as { provider: Record<string, unknown> }).provider.docker).toEqual([{}]);
  });

  test('no output carries a credential', () => {
    const { json } = build();
    expect(JSON.stringify(json.output ?? {})).not.toMatch(/authorization_token/);
  });

  test('tagLatest: false pushes only the commit tag; the SHA defaults to the checkout HEAD', () => {
    expect(Object.keys(build({ tagLatest: false }).json.resource.docker_registry_image)).toHaveLength(1);
    const repoRoot = path.resolve(__dirname, '..', '..');
    const stack = awsStack('head');
    const img = new ContainerImage(stack, 'Image', { repositoryUrl: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout', credentials: { address: 'a', username: 'u', password: 'p' }, context: path.join(repoRoot, 'examples'), dockerfile: '../package.json' });
    expect(img.gitSha).toMatch(/^[0-9a-f]{40}$/);
  });

  test('every bad prop is reported at once', () => {
    const e = errorOf(() => build({ repositoryUrl: 'https://host/app:v1', platform: 'linux', buildArgs: { '9x': 'y' }, gitSha: 'main' }));
    for (const part of ['repositoryUrl is not a repository without tag', 'platform is not one platform', 'buildArgs.9x is not a build argument name', 'gitSha is not a commit SHA']) expect(e.message).toContain(part);
    expect(errorOf(() => build({ context: path.join(ctx, 'nope') })).message).toContain('context is not a directory');
    expect(errorOf(() => build({ dockerfile: 'Containerfile' })).message).toContain('dockerfile does not exist in the context');
    expect(errorOf(() => build({ gitSha: undefined })).message).toContain('gitSha cannot be read: the context is not in a Git checkout');
  });
});
