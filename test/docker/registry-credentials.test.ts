import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { AcrBuiltInScopeMap, AcrRegistry, AcrRepositoryPermission, AcrResourceGroup, AcrToken } from '../../lib/azure';
import { AcrTokenCredentials } from '../../lib/azure/acr-token-credentials';
import { ContainerImage } from '../../lib/docker/container-image';
import { ArtifactRegistryRepo } from '../../lib/gcp';
import { GarAccessToken } from '../../lib/gcp/gar-access-token';
import { HarborRobotPermissions } from '../../lib/harbor/harbor-permissions';
import { HarborProject } from '../../lib/harbor/harbor-project';
import { HarborRobotSecret } from '../../lib/harbor/harbor-robot-account';
import { HarborRobotCredentials } from '../../lib/harbor/harbor-robot-credentials';
import { IRegistryCredentials } from '../../lib/core/ci/registry-credentials';
import { errorOf, synth } from '../helpers';
import { azureStack } from '../azure/helpers';
import { gcpStack } from '../gcp/helpers';
import { harborStack } from '../harbor/support';

const SHA = '0123456789abcdef0123456789abcdef01234567';
let ctx: string;
beforeEach(() => {
  ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'ctx-'));
  fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM scratch\n');
});
afterEach(() => fs.rmSync(ctx, { recursive: true, force: true }));

function pushesOf(stack: TerraformStack, repositoryUrl: string, credentials: IRegistryCredentials) {
  new ContainerImage(stack, 'Image', { repositoryUrl, credentials, context: ctx, gitSha: SHA, tagLatest: false });
  const json = synth(stack);
  return { json, auth: (Object.values(json.resource.docker_registry_image) as any[]).map((p) => p.auth_config) };
}

describe('GarAccessToken', () => {
  test('the provider\'s access token as oauth2accesstoken for the repository host; not in any output', () => {
    const stack = gcpStack();
    const repo = new ArtifactRegistryRepo(stack, 'Repo', { repositoryId: 'shop', location: 'europe-west1', project: 'acme-prod' });
    const { json, auth } = pushesOf(stack, `${repo.repositoryUrl}/checkout`, new GarAccessToken(stack, 'Token', { repository: repo }));
    expect(auth).toEqual([{ address: 'europe-west1-docker.pkg.dev', username: 'oauth2accesstoken', password: expect.stringMatching(/data\.google_client_config\.Token_ClientConfig_.*\.access_token/) }]);
    expect(JSON.stringify(json.output ?? {})).not.toContain('access_token');
  });

  test('a repository without a literal location is refused', () => {
    const stack = gcpStack();
    expect(errorOf(() => new GarAccessToken(stack, 'Token', { repository: { location: '${var.loc}' } as any })).message).toContain('Token: repository has no literal location');
  });
});

describe('AcrTokenCredentials', () => {
  function setup() {
    const stack = azureStack();
    const registry = new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg') });
    return { stack, registry };
  }

  test('the token name and its password for the login server; the password in no output of this class', () => {
    const { stack, registry } = setup();
    const token = new AcrToken(stack, 'Token', { registry, tokenName: 'ci-push', repositories: [{ repository: 'shop/checkout', permissions: [AcrRepositoryPermission.CONTENT_READ, AcrRepositoryPermission.CONTENT_WRITE] }] });
    const { json, auth } = pushesOf(stack, 'acmeprod01.azurecr.io/shop/checkout', AcrTokenCredentials.of(registry, token));
    expect(auth[0].username).toBe('ci-push');
    expect(auth[0].address).toMatch(/azurerm_container_registry\.R_.*\.login_server/);
    expect(auth[0].password).toMatch(/azurerm_container_registry_token_password\.Token_Password_.*\.password1\[0\]\.value|password1.*value/);
    const outputs = Object.values(json.output ?? {}) as { value: string; sensitive?: boolean }[];
    for (const o of outputs.filter((x) => /password/.test(JSON.stringify(x.value)))) expect(o.sensitive).toBe(true);
  });

  test('a pull-only token, or a second password that is not there, is refused', () => {
    const { stack, registry } = setup();
    const pull = new AcrToken(stack, 'Pull', { registry, tokenName: 'ci-pull', repositories: [{ repository: 'shop/checkout', permissions: [AcrRepositoryPermission.CONTENT_READ] }] });
    expect(errorOf(() => AcrTokenCredentials.of(registry, pull)).message).toContain('token cannot push: its scope map has no content/write action');
    const builtIn = new AcrToken(stack, 'BuiltIn', { registry, tokenName: 'ci-builtin', builtInScopeMap: AcrBuiltInScopeMap.PULL });
    expect(errorOf(() => AcrTokenCredentials.of(registry, builtIn)).message).toContain('token cannot push');
    expect(errorOf(() => AcrTokenCredentials.of(registry, pull, 2)).message).toContain('passwordNumber is 2, but the token has no second password');
  });
});

describe('HarborRobotCredentials', () => {
  test('a write-only secret comes from its sensitive variable, a generated one from the robot; the host is the project\'s', () => {
    const { stack } = harborStack();
    const project = new HarborProject(stack, 'Shop', { projectName: 'shop' });
    const wo = project.addRobotAccount('Wo', { name: 'ci-wo', permissions: HarborRobotPermissions.PUSH, secret: HarborRobotSecret.writeOnly('ci_wo_secret', 1) });
    const { json, auth } = pushesOf(stack, 'harbor.example.com/shop/checkout', HarborRobotCredentials.of(project, wo));
    expect(auth[0]).toEqual({ address: 'harbor.example.com', username: expect.stringMatching(/harbor_robot_account\..*\.full_name/), password: '${var.ci_wo_secret}' });
    expect(JSON.stringify(json.output ?? {})).not.toContain('ci_wo_secret');
    const other = harborStack().stack;
    const p2 = new HarborProject(other, 'Shop', { projectName: 'shop' });
    const gen = p2.addRobotAccount('Gen', { name: 'ci-gen', permissions: HarborRobotPermissions.PUSH });
    expect(pushesOf(other, 'harbor.example.com/shop/checkout', HarborRobotCredentials.of(p2, gen)).auth[0].password).toMatch(/harbor_robot_account\.Shop_Gen_.*\.secret/);
  });

  test('a pull-only robot is refused', () => {
    const { stack } = harborStack();
    const project = new HarborProject(stack, 'Shop', { projectName: 'shop' });
    const pull = project.addRobotAccount('Pull', { name: 'ci-pull', permissions: HarborRobotPermissions.PULL });
    expect(errorOf(() => HarborRobotCredentials.of(project, pull)).message).toContain('robot cannot push: it has no repository:push access');
  });
});
