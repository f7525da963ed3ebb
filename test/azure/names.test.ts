import { AcrCacheUpstream, AcrCiIdentity, AcrCiSubject, AcrRegistry, AcrResourceGroup, AcrSku, KeyVaultAccess } from '../../lib/azure';
import { AcrPurgeCommand } from '../../lib/core/retention/acr/grammar';
import { validationMessageOf } from '../support/errors';
import { resourcesOf, synth } from '../helpers';
import { azureStack } from './helpers';

// Each rule is the one azurerm 4.55 validates (internal/services/containers/validate/*.go), narrowed by ARM's where ARM
// is stricter; docs/azure-acr.md (Name rules) cites both. Every case goes through the property a user writes.

const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/acme-kv';
const SECRET = 'https://acme-kv.vault.azure.net/secrets/dockerhub-token';

function registry() {
  const stack = azureStack();
  return new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), sku: AcrSku.BASIC });
}

/** The error for `value`, or undefined when it is accepted. */
function errorFor(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch {
    return validationMessageOf(build);
  }
}

const token = (tokenName: string, scopeMapName?: string) => errorFor(() => registry().addToken('T', { tokenName, scopeMapName, repositories: [{ repository: 'team/app', permissions: ['content/read' as any] }] }));
const cacheRule = (name: string) =>
  errorFor(() => registry().addPullThroughCache('C', { upstream: AcrCacheUpstream.MCR, rules: [{ name, sourceRepository: 'dotnet/runtime', targetRepository: 'mcr/dotnet-runtime' }] }));
const credentialSet = (credentialSetName: string | undefined, upstream: AcrCacheUpstream = AcrCacheUpstream.DOCKER_HUB) =>
  errorFor(() =>
    registry().addPullThroughCache('C', {
      upstream,
      credentialSetName,
      credentials: { usernameSecretId: SECRET, passwordSecretId: SECRET, keyVaultAccess: KeyVaultAccess.rbac(VAULT) },
      rules: [{ name: 'nginx', sourceRepository: 'library/nginx', targetRepository: 'dockerhub/nginx' }],
    }),
  );
const taskName = (name: string) =>
  errorFor(() => new AcrRegistry(azureStack(), 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), sku: AcrSku.BASIC, purgeCommands: [AcrPurgeCommand.of({ filters: [{ repository: 'a', tag: '.*' }], ago: '1d' })], purgeSchedule: { taskName: name } }));
const identityName = (name: string) => errorFor(() => new AcrCiIdentity(azureStack(), 'Ci', { identityName: name, resourceGroupName: 'rg', location: 'westeurope', subjects: [AcrCiSubject.githubBranch('acme/shop', 'main')] }));

describe('name rules', () => {
  test('token name: 5-49 letters, digits and hyphens, starting with a letter (azurerm ContainerRegistryTokenName)', () => {
    expect(token('a'.repeat(5))).toBeUndefined();
    expect(token('a'.repeat(49), 'pull-scope')).toBeUndefined();
    expect(token('a-1-B')).toBeUndefined();
    expect(token('a'.repeat(50), 'pull-scope')).toMatch(/tokenName is not a valid token name \(50 characters\) .*; 5-49 letters, digits and hyphens, starting with a letter/);
    expect(token('abcd')).toMatch(/tokenName is not a valid token name \(4 characters\)/);
    expect(token('1edge')).toMatch(/tokenName is not a valid token name \(5 characters\) \(got "1edge"\)/);
    expect(token('-edge')).toMatch(/tokenName is not a valid token name/);
    expect(token('edge_puller')).toMatch(/tokenName is not a valid token name/);
  });

  test('scope map name: 5-49 letters, digits and hyphens (azurerm ContainerRegistryScopeMapName), the default included', () => {
    expect(token('edgepuller', 'a'.repeat(49))).toBeUndefined();
    expect(token('edgepuller', '-map-')).toBeUndefined();
    expect(token('edgepuller', 'a'.repeat(50))).toMatch(/scopeMapName is not a valid scope map name \(50 characters\) .*; 5-49 letters, digits and hyphens$/m);
    expect(token('edgepuller', 'my_map')).toMatch(/scopeMapName is not a valid scope map name \(6 characters\) \(got "my_map"\)/);
    expect(token('edgepuller', '_repositories_pull')).toMatch(/scopeMapName is not a valid scope map name/);
    expect(token('edgepuller', 'abcd')).toMatch(/scopeMapName is not a valid scope map name \(4 characters\)/);
    // "<tokenName>-scope" of a 44-character token name is 50 characters: the user has to name the map.
    expect(token('a'.repeat(43))).toBeUndefined();
    expect(token('a'.repeat(44))).toMatch(/scopeMapName is not a valid scope map name \(50 characters, the default "<tokenName>-scope"\)/);
  });

  test('cache rule name: 5-49 letters and digits with single inner hyphens (azurerm ContainerRegistryCacheRuleName)', () => {
    expect(cacheRule('dotnet')).toBeUndefined();
    expect(cacheRule('dot-net-9')).toBeUndefined();
    expect(cacheRule('a'.repeat(49))).toBeUndefined();
    expect(cacheRule('a'.repeat(50))).toMatch(/rules\[0\].name is not a valid cache rule name \(50 characters\)/);
    expect(cacheRule('abcd')).toMatch(/rules\[0\].name is not a valid cache rule name \(4 characters\)/);
    expect(cacheRule('dot--net')).toMatch(/rules\[0\].name is not a valid cache rule name \(8 characters\) \(got "dot--net"\); 5-49 letters and digits, single hyphens only between them/);
    expect(cacheRule('-dotnet')).toMatch(/rules\[0\].name is not a valid cache rule name/);
    expect(cacheRule('dotnet-')).toMatch(/rules\[0\].name is not a valid cache rule name/);
    expect(cacheRule('dot_net')).toMatch(/rules\[0\].name is not a valid cache rule name/);
  });

  test('credential set name: 5-50 letters, digits and hyphens (ARM CredentialSetNameParameter), the default included', () => {
    expect(credentialSet(undefined)).toBeUndefined();
    expect(credentialSet('a'.repeat(50))).toBeUndefined();
    expect(credentialSet('-docker-')).toBeUndefined();
    expect(credentialSet('a'.repeat(51))).toMatch(/credentialSetName is not a valid credential set name \(51 characters\) .*; 5-50 letters, digits and hyphens/);
    expect(credentialSet('hub')).toMatch(/credentialSetName is not a valid credential set name \(3 characters\)/);
    expect(credentialSet('docker_hub')).toMatch(/credentialSetName is not a valid credential set name \(10 characters\) \(got "docker_hub"\)/);
    expect(credentialSet(undefined, AcrCacheUpstream.of('r.io'))).toMatch(/credentialSetName is not a valid credential set name \(4 characters, the default derived from the upstream\) \(got "r-io"\)/);
  });

  test('task name: 5-50 letters, digits, hyphens and underscores (azurerm ContainerRegistryTaskName, ARM length)', () => {
    expect(taskName('purge_nightly-1')).toBeUndefined();
    expect(taskName('a'.repeat(50))).toBeUndefined();
    expect(taskName('a'.repeat(51))).toMatch(/purgeSchedule.taskName is not a valid task name \(51 characters\)/);
    expect(taskName('abcd')).toMatch(/purgeSchedule.taskName is not a valid task name \(4 characters\)/);
    expect(taskName('purge.nightly')).toMatch(/purgeSchedule.taskName is not a valid task name \(13 characters\) \(got "purge.nightly"\); 5-50 letters, digits, hyphens and underscores/);
  });

  test('user-assigned identity name: 3-128 letters, digits, "-" and "_", starting with a letter or digit (Azure naming rules)', () => {
    expect(identityName('id1')).toBeUndefined();
    expect(identityName('a'.repeat(128))).toBeUndefined();
    expect(identityName('1_ci-push')).toBeUndefined();
    expect(identityName('a'.repeat(129))).toMatch(/identityName is not a valid identity name \(129 characters\)/);
    expect(identityName('id')).toMatch(/identityName is not a valid identity name \(2 characters\)/);
    expect(identityName('_ci')).toMatch(/identityName is not a valid identity name \(3 characters\) \(got "_ci"\)/);
    expect(identityName('ci.push')).toMatch(/identityName is not a valid identity name/);
  });

  test('federated credential names: generated, and within ARM\'s ^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$ for 20 subjects', () => {
    const stack = azureStack();
    const subjects = Array.from({ length: 10 }, (_, i) => AcrCiSubject.githubBranch('acme/shop', `b${i}`)).concat(Array.from({ length: 10 }, (_, i) => AcrCiSubject.gitlabBranch('acme/shop', `b${i}`)));
    new AcrCiIdentity(stack, 'Ci', { identityName: 'ci-pull', resourceGroupName: 'rg', location: 'westeurope', subjects });
    const names = Object.values(resourcesOf(synth(stack), 'azurerm_federated_identity_credential')).map((c: any) => c.name as string);
    expect(names).toHaveLength(20);
    expect(new Set(names).size).toBe(20);
    for (const n of names) expect(n).toMatch(/^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$/);
  });
});
