import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import {
  AcrNetworkDefaultAction,
  AcrPurgeCommand,
  AcrRegistry,
  AcrRegistryProps,
  AcrResourceGroup,
  AcrRole,
  AcrSku,
  AzurePrincipal,
  KeyVaultAccess,
} from '../../lib/azure';
import { RetentionPolicy, RetentionRule } from '../support/core';
import { validationMessageOf } from '../support/errors';
import { onlyResource, resourcesOf, synth } from '../helpers';
import { azureStack, PRINCIPAL, REGISTRY_ID, SUBNET_ID, synthAzure, warningsOf } from './helpers';

const ACR = 'azurerm_container_registry';
const BASE: AcrRegistryProps = { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('registries') };

function registry(props: Partial<AcrRegistryProps> = {}): AcrRegistry {
  return new AcrRegistry(azureStack(), 'Registry', { ...BASE, ...props });
}

describe('AcrRegistry defaults', () => {
  test('Premium, admin and anonymous pull off, public access and export as Azure defaults, zone redundant', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'Registry', BASE));
    const acr = onlyResource(json, ACR);
    expect(acr).toMatchObject({
      name: 'acmeprod01',
      location: 'westeurope',
      resource_group_name: 'registries',
      sku: 'Premium',
      admin_enabled: false,
      anonymous_pull_enabled: false,
      public_network_access_enabled: true,
      export_policy_enabled: true,
      zone_redundancy_enabled: true,
    });
    expect(acr.retention_policy_in_days).toBeUndefined();
    expect(acr.georeplications).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_resource_group')).toEqual({});
    expect(resourcesOf(json, 'azurerm_container_registry_task')).toEqual({});
  });

  test('zone redundancy is off by default below Premium, where the provider refuses it', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'Registry', { ...BASE, sku: AcrSku.STANDARD }));
    expect(onlyResource(json, ACR)).toMatchObject({ sku: 'Standard', zone_redundancy_enabled: false });
  });

  test('a created resource group is made in the registry location and referenced', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'Registry', { ...BASE, resourceGroup: AcrResourceGroup.create('rg-registries', { team: 'platform' }) }));
    expect(onlyResource(json, 'azurerm_resource_group')).toMatchObject({ name: 'rg-registries', location: 'westeurope', tags: { team: 'platform' } });
    expect(onlyResource(json, ACR).resource_group_name).toMatch(/^\$\{azurerm_resource_group\.\w+\.name\}$/);
  });

  test('the admin user can be enabled, with a warning', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'Registry', { ...BASE, adminEnabled: true });
    expect(onlyResource(synth(stack), ACR).admin_enabled).toBe(true);
    expect(warningsOf(stack).join('\n')).toMatch(/adminEnabled: the admin user is one shared/);
  });
});

describe('AcrRegistry validation', () => {
  test.each([
    ['abcd', /registryName must be 5-50 characters long, not 4 \(got "abcd"\)/],
    ['a'.repeat(51), /registryName must be 5-50 characters long, not 51/],
    ['acme-prod', /registryName contains characters ACR does not allow \("-"\) \(got "acme-prod"\); letters and digits only/],
  ])('registry name %s', (registryName, message) => {
    expect(validationMessageOf(() => registry({ registryName }))).toMatch(message);
  });

  test('a name that is not a string', () => {
    expect(validationMessageOf(() => registry({ registryName: 42 as any }))).toMatch(/registryName must be a string \(got 42\)/);
  });

  test('errors name the construct path and collect every violation', () => {
    const message = validationMessageOf(() => registry({ registryName: 'a-b', location: 'West Europe', tags: { 'a/b': 'x' } }));
    expect(message).toMatch(/^test\/Registry: registryName/);
    expect(message).toMatch(/location is not an Azure region name \(got "West Europe"\)/);
    expect(message).toMatch(/tags\["a\/b"\] has a key with a character Azure does not allow/);
    expect(message.split('\n').length).toBeGreaterThanOrEqual(4);
  });

  test('an unknown SKU', () => {
    expect(validationMessageOf(() => registry({ sku: 'Gold' as AcrSku }))).toMatch(/sku is not a known SKU \(got "Gold"\)/);
  });

  test('a resource group that is not an AcrResourceGroup, a bad name, a name ending in a period', () => {
    expect(validationMessageOf(() => registry({ resourceGroup: 'rg' as any }))).toMatch(/resourceGroup is not an AcrResourceGroup \(got "rg"\)/);
    expect(validationMessageOf(() => registry({ resourceGroup: AcrResourceGroup.existing('rg with space') }))).toMatch(/resourceGroup has a name that is not a resource group name \(13 characters\)/);
    expect(validationMessageOf(() => registry({ resourceGroup: AcrResourceGroup.existing('rg.') }))).toMatch(/resourceGroup has a name ending in "."/);
    expect(validationMessageOf(() => registry({ resourceGroup: AcrResourceGroup.create('rg', { 'a%b': 'x' }) }))).toMatch(/resourceGroup.tags\["a%b"\] has a key with a character Azure does not allow/);
  });

  test('tag values longer than 256 characters are reported with their length; at most 50 tags', () => {
    expect(validationMessageOf(() => registry({ tags: { a: 'x'.repeat(300) } }))).toMatch(/tags\["a"\] has a value of 300 characters/);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(validationMessageOf(() => registry({ tags: many }))).toMatch(/tags has 51 tags/);
    expect(validationMessageOf(() => registry({ tags: { ['k'.repeat(513)]: 'v' } }))).toMatch(/has a key of 513 characters/);
    expect(validationMessageOf(() => registry({ tags: { a: 1 as any } }))).toMatch(/tags\["a"\] must be a string/);
  });

  test('export policy off needs public access off', () => {
    expect(validationMessageOf(() => registry({ exportPolicyEnabled: false }))).toMatch(/exportPolicyEnabled can only be false with publicNetworkAccessEnabled false/);
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, exportPolicyEnabled: false, publicNetworkAccessEnabled: false }));
    expect(onlyResource(json, ACR)).toMatchObject({ export_policy_enabled: false, public_network_access_enabled: false });
  });
});

const KEY_ID = 'https://acme-kv.vault.azure.net/keys/acr-cmk';
const VAULT_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/acme-kv';
const TENANT = '44444444-4444-4444-4444-444444444444';
const UAI = { id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk', clientId: '22222222-2222-2222-2222-222222222222', principalId: '33333333-3333-3333-3333-333333333333' };

describe('Premium gates', () => {
  const gates: [string, Partial<AcrRegistryProps>, RegExp][] = [
    ['georeplications', { georeplications: [{ location: 'northeurope' }] }, /georeplications needs the Premium SKU: geo-replication is Premium-only, and this registry is Standard/],
    ['untaggedRetentionDays', { untaggedRetentionDays: 7 }, /untaggedRetentionDays needs the Premium SKU: the untagged-manifest retention policy is Premium-only/],
    ['trustPolicyEnabled', { trustPolicyEnabled: true }, /trustPolicyEnabled needs the Premium SKU: the trust policy \(Docker Content Trust\)/],
    ['quarantinePolicyEnabled', { quarantinePolicyEnabled: true }, /quarantinePolicyEnabled needs the Premium SKU: the quarantine policy/],
    ['zoneRedundancyEnabled', { zoneRedundancyEnabled: true }, /zoneRedundancyEnabled needs the Premium SKU: zone redundancy/],
    ['networkRules', { networkRules: { allowedIpRanges: ['203.0.113.0/24'] } }, /networkRules needs the Premium SKU: network rules/],
    ['publicNetworkAccessEnabled', { publicNetworkAccessEnabled: false }, /publicNetworkAccessEnabled needs the Premium SKU: turning public network access off/],
    ['exportPolicyEnabled', { exportPolicyEnabled: false, publicNetworkAccessEnabled: false }, /exportPolicyEnabled needs the Premium SKU: turning the export policy off/],
    ['customerManagedKey', { customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI } }, /customerManagedKey needs the Premium SKU: encryption with a customer-managed key/],
    ['dataEndpointEnabled', { dataEndpointEnabled: true }, /dataEndpointEnabled needs the Premium SKU: dedicated data endpoints/],
    ['privateEndpoint', { privateEndpoint: { subnetId: SUBNET_ID } }, /privateEndpoint needs the Premium SKU: private endpoints/],
  ];
  test.each(gates)('%s is refused on Standard and Basic, naming the SKU it needs', (_name, props, message) => {
    expect(validationMessageOf(() => registry({ ...props, sku: AcrSku.STANDARD }))).toMatch(message);
    expect(validationMessageOf(() => registry({ ...props, sku: AcrSku.BASIC }))).toMatch(new RegExp(message.source.replace('Standard', 'Basic')));
  });

  test.each(gates)('%s is accepted on Premium', (_name, props) => {
    expect(() => synth(registry(props).node.root.node.children[0] as TerraformStack)).not.toThrow();
  });

  test('a retention policy that needs untagged retention (approximations) is refused below Premium', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] })] });
    expect(validationMessageOf(() => registry({ sku: AcrSku.BASIC, retentionPolicy: policy, allowRetentionApproximations: true }))).toMatch(
      /retentionPolicy needs the Premium SKU: the untagged-manifest retention policy is Premium-only, and this registry is Basic \(got 0\)/,
    );
  });

  test('every gate at once: one error with a line per feature', () => {
    const message = validationMessageOf(() => registry({ sku: AcrSku.BASIC, ...Object.assign({}, ...gates.map(([, p]) => p)) }));
    expect(message.split('\n').filter((l) => /needs the Premium SKU/.test(l))).toHaveLength(gates.length);
  });

  test('anonymous pull warns that every repository is public', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, anonymousPullEnabled: true });
    expect(warningsOf(stack).join('\n')).toMatch(/anonymousPullEnabled: anyone on the internet can pull every repository/);
  });

  test('anonymous pull needs Standard or Premium', () => {
    expect(validationMessageOf(() => registry({ sku: AcrSku.BASIC, anonymousPullEnabled: true }))).toMatch(/anonymousPullEnabled needs the Standard or Premium SKU/);
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, sku: AcrSku.STANDARD, anonymousPullEnabled: true }));
    expect(onlyResource(json, ACR).anonymous_pull_enabled).toBe(true);
  });
});

describe('georeplications', () => {
  test('rendered sorted by location, zone redundant by default', () => {
    const json = synthAzure(
      (s) => new AcrRegistry(s, 'R', { ...BASE, georeplications: [{ location: 'swedencentral', zoneRedundancy: false }, { location: 'northeurope', regionalEndpointEnabled: true, tags: { a: 'b' } }] }),
    );
    expect(onlyResource(json, ACR).georeplications).toEqual([
      { location: 'northeurope', zone_redundancy_enabled: true, regional_endpoint_enabled: true, tags: { a: 'b' } },
      { location: 'swedencentral', zone_redundancy_enabled: false, regional_endpoint_enabled: false },
    ]);
  });

  test('the home location, a duplicate and a bad region name are refused', () => {
    const message = validationMessageOf(() => registry({ georeplications: [{ location: 'westeurope' }, { location: 'northeurope' }, { location: 'northeurope' }, { location: 'North Europe' }] }));
    expect(message).toMatch(/georeplications\[0\].location is the registry's own location/);
    expect(message).toMatch(/georeplications\[2\].location is listed twice/);
    expect(message).toMatch(/georeplications\[3\].location is not an Azure region name/);
    expect(validationMessageOf(() => registry({ georeplications: [{ location: 'northeurope', tags: { k: 'v'.repeat(257) } }] }))).toMatch(/georeplications\[0\].tags\["k"\] has a value of 257 characters/);
  });
});

describe('network rules and private endpoint', () => {
  test('deny by default, IP rules, trusted services bypass', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, networkRules: { allowedIpRanges: ['203.0.113.0/24', '198.51.100.7'] } }));
    const acr = onlyResource(json, ACR);
    expect(acr.network_rule_set).toEqual([{ default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '203.0.113.0/24' }, { action: 'Allow', ip_range: '198.51.100.7' }] }]);
    expect(acr.network_rule_bypass_option).toBe('AzureServices');
  });

  test('trusted services can be shut out; ALLOW with ranges warns', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, networkRules: { defaultAction: AcrNetworkDefaultAction.ALLOW, allowedIpRanges: ['203.0.113.0/24'], allowTrustedAzureServices: false } });
    expect(onlyResource(synth(stack), ACR).network_rule_bypass_option).toBe('None');
    expect(warningsOf(stack).join('\n')).toMatch(/defaultAction ALLOW lets every network in/);
  });

  test('IP rules with public access off can never act: a warning says so', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, publicNetworkAccessEnabled: false, networkRules: { allowedIpRanges: ['203.0.113.0/24'] } });
    expect(warningsOf(stack).join('\n')).toMatch(/networkRules: public network access is off, so the IP rules never let anything in/);
  });

  test('bad IP ranges and too many rules are refused', () => {
    const message = validationMessageOf(() => registry({ networkRules: { allowedIpRanges: ['10.0.0.0/33', 'fd00::/8'] } }));
    expect(message).toMatch(/networkRules.allowedIpRanges\[0\] is not an IPv4 address or CIDR range \(got "10.0.0.0\/33"\)/);
    expect(message).toMatch(/networkRules.allowedIpRanges\[1\]/);
    const many = Array.from({ length: 201 }, (_, i) => `203.0.${Math.floor(i / 250)}.${i % 250}`);
    expect(validationMessageOf(() => registry({ networkRules: { allowedIpRanges: many } }))).toMatch(/has 201 ranges/);
  });

  test('a private endpoint on the registry subresource, with a DNS zone group', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, publicNetworkAccessEnabled: false, privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: ['/zone'] } }));
    const pe = onlyResource(json, 'azurerm_private_endpoint');
    expect(pe).toMatchObject({ subnet_id: SUBNET_ID, location: 'westeurope', resource_group_name: 'registries' });
    expect(pe.private_service_connection).toMatchObject({ subresource_names: ['registry'], is_manual_connection: false });
    expect(pe.private_service_connection.private_connection_resource_id).toMatch(/azurerm_container_registry\.\w+\.id/);
    expect(pe.private_dns_zone_group).toEqual({ name: 'registry', private_dns_zone_ids: ['/zone'] });
  });
});

describe('customer-managed key', () => {
  test('the identity is attached, the key set, and an RBAC grant made before the registry', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI, keyVaultAccess: KeyVaultAccess.rbac('/subscriptions/s1/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/acme-kv') } }));
    const acr = onlyResource(json, ACR);
    expect(acr.identity).toEqual({ type: 'UserAssigned', identity_ids: [UAI.id] });
    expect(acr.encryption).toEqual([{ key_vault_key_id: KEY_ID, identity_client_id: UAI.clientId }]);
    const grant = onlyResource(json, 'azurerm_role_assignment');
    expect(grant).toMatchObject({ principal_id: UAI.principalId, role_definition_id: '/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/e147488a-f6f5-4113-8e2d-b22465e65bf6' });
    expect(acr.depends_on.join()).toMatch(/azurerm_role_assignment/);
  });

  test('an access-policy vault gets Get, WrapKey and UnwrapKey', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, customerManagedKey: { keyVaultKeyId: `${KEY_ID}/0123456789abcdef0123456789abcdef`, identity: UAI, keyVaultAccess: KeyVaultAccess.accessPolicy(VAULT_ID, TENANT) } }));
    expect(onlyResource(json, 'azurerm_key_vault_access_policy')).toMatchObject({ key_vault_id: VAULT_ID, tenant_id: TENANT, object_id: UAI.principalId, key_permissions: ['Get', 'WrapKey', 'UnwrapKey'] });
  });

  test('a bad vault id, tenant id or access object is refused', () => {
    const message = validationMessageOf(() => registry({ customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI, keyVaultAccess: KeyVaultAccess.accessPolicy('acme-kv', 'contoso') } }));
    expect(message).toMatch(/customerManagedKey.keyVaultAccess.keyVaultId is not a Key Vault resource id \(got "acme-kv"\)/);
    expect(message).toMatch(/customerManagedKey.keyVaultAccess.tenantId is not a tenant id \(got "contoso"\)/);
    expect(validationMessageOf(() => registry({ customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI, keyVaultAccess: VAULT_ID as any } }))).toMatch(/customerManagedKey.keyVaultAccess is not a KeyVaultAccess/);
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI, keyVaultAccess: KeyVaultAccess.managedElsewhere() } }));
    expect(resourcesOf(json, 'azurerm_role_assignment')).toEqual({});
    expect(onlyResource(json, ACR).depends_on).toBeUndefined();
  });

  test('a bad key id and client id are refused', () => {
    const message = validationMessageOf(() => registry({ customerManagedKey: { keyVaultKeyId: 'acr-cmk', identity: { ...UAI, clientId: 'client' } } }));
    expect(message).toMatch(/customerManagedKey.keyVaultKeyId is not a Key Vault key id \(got "acr-cmk"\)/);
    expect(message).toMatch(/customerManagedKey.identity.clientId is not a client id/);
  });
});

describe('other settings', () => {
  test('data endpoints, quarantine and trust render; trust warns that DCT is deprecated', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, dataEndpointEnabled: true, quarantinePolicyEnabled: true, trustPolicyEnabled: true, zoneRedundancyEnabled: false });
    expect(onlyResource(synth(stack), ACR)).toMatchObject({ data_endpoint_enabled: true, quarantine_policy_enabled: true, trust_policy_enabled: true, zone_redundancy_enabled: false });
    expect(warningsOf(stack).join('\n')).toMatch(/Docker Content Trust is deprecated/);
  });

  test('untagged retention days render; out of range is refused', () => {
    const json = synthAzure((s) => new AcrRegistry(s, 'R', { ...BASE, untaggedRetentionDays: 7 }));
    expect(onlyResource(json, ACR).retention_policy_in_days).toBe(7);
    expect(validationMessageOf(() => registry({ untaggedRetentionDays: 366 }))).toMatch(/untaggedRetentionDays must be a whole number of days from 0 to 365 \(got 366\)/);
  });
});

describe('attributes, endpoint and imports', () => {
  test('endpoint, image URIs from the login server', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', BASE);
    expect(r.endpoint.credentialHelper).toBe('acr-env');
    expect(r.endpoint.setupCommand).toBe('az acr login --name acmeprod01');
    expect(r.registryName).toMatch(/TfToken/);
    new TerraformOutput(stack, 'uri', { value: r.imageUriForTag('team/app', 'v1.2.0') });
    expect(synth(stack).output!.uri.value).toMatch(/^\$\{azurerm_container_registry\.\w+\.login_server\}\/team\/app:v1\.2\.0$/);
    expect(r.imageUriForDigest('team/app', `sha256:${'a'.repeat(64)}`)).toMatch(/\/team\/app@sha256:a{64}$/);
    const message = validationMessageOf(() => r.imageUriForTag('Team/App', '-bad'));
    expect(message).toMatch(/repository is not a repository name \(got "Team\/App"\)/);
    expect(message).toMatch(/tag is not a valid image tag \(got "-bad"\)/);
    expect(validationMessageOf(() => r.imageUriForDigest('team/app', 'sha256'))).toMatch(/digest is not an image digest/);
  });

  test('fromRegistryId parses the id; grants go to that scope with its subscription', () => {
    const stack = azureStack();
    const r = AcrRegistry.fromRegistryId(stack, 'Shared', REGISTRY_ID);
    expect(r.registryName).toBe('sharedacr01');
    expect(r.resourceGroupName).toBe('shared');
    expect(r.loginServer).toBe('sharedacr01.azurecr.io');
    expect(r.endpoint.host).toBe('sharedacr01.azurecr.io');
    r.grantPull(AzurePrincipal.managedIdentity(PRINCIPAL));
    const grant = onlyResource(synth(stack), 'azurerm_role_assignment');
    expect(grant).toMatchObject({
      scope: REGISTRY_ID,
      role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d',
      principal_id: PRINCIPAL,
      principal_type: 'ServicePrincipal',
    });
  });

  test('fromRegistryId refuses what is not a registry id', () => {
    expect(validationMessageOf(() => AcrRegistry.fromRegistryId(azureStack(), 'X', '/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/x'))).toMatch(
      /registryId is not a container registry resource id/,
    );
  });

  test('fromRegistryName looks the registry up; bad names are refused', () => {
    const stack = azureStack();
    const r = AcrRegistry.fromRegistryName(stack, 'Shared', 'sharedacr01', 'shared');
    r.grantPush(AzurePrincipal.group(PRINCIPAL));
    const json = synth(stack);
    expect(Object.values(json.data!.azurerm_container_registry)[0]).toMatchObject({ name: 'sharedacr01', resource_group_name: 'shared' });
    expect(onlyResource(json, 'azurerm_role_assignment').scope).toMatch(/data\.azurerm_container_registry\.\w+\.id/);
    expect(validationMessageOf(() => AcrRegistry.fromRegistryName(azureStack(), 'X', 'a-b', ''))).toMatch(/registryName contains characters[\s\S]*resourceGroupName must be a non-empty string/);
  });
});

describe('grants', () => {
  const roles: [string, (r: AcrRegistry, p: AzurePrincipal) => unknown, string][] = [
    ['grantPull', (r, p) => r.grantPull(p), AcrRole.ACR_PULL.guid],
    ['grantPush', (r, p) => r.grantPush(p), AcrRole.ACR_PUSH.guid],
    ['grantDelete', (r, p) => r.grantDelete(p), AcrRole.ACR_DELETE.guid],
    ['grantSign', (r, p) => r.grantSign(p), AcrRole.ACR_IMAGE_SIGNER.guid],
    ['grantAdmin', (r, p) => r.grantAdmin(p), AcrRole.CONTRIBUTOR.guid],
  ];
  test.each(roles)('%s assigns its role by definition id on the registry', (_n, call, guid) => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', BASE);
    call(r, AzurePrincipal.user(PRINCIPAL));
    const grant = onlyResource(synth(stack), 'azurerm_role_assignment');
    expect(grant.role_definition_id).toMatch(new RegExp(`^/subscriptions/\\$\\{element\\(split\\("/", azurerm_container_registry\\.\\w+\\.id\\), 2\\)\\}/providers/Microsoft.Authorization/roleDefinitions/${guid}$`));
    expect(grant).toMatchObject({ principal_id: PRINCIPAL, principal_type: 'User' });
    expect(grant.scope).toMatch(/azurerm_container_registry\.\w+\.id/);
    expect(grant.role_definition_name).toBeUndefined();
    expect(grant.skip_service_principal_aad_check).toBeUndefined();
  });

  test('ABAC mode uses the Repository roles', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', { ...BASE, abacRepositoryPermissions: true });
    const p = AzurePrincipal.servicePrincipal(PRINCIPAL);
    r.grantPull(p);
    r.grantPush(p);
    r.grantDelete(p);
    const ids = Object.values(resourcesOf(synth(stack), 'azurerm_role_assignment')).map((g: any) => g.role_definition_id.split('/').pop());
    expect(ids).toEqual([AcrRole.REPOSITORY_READER.guid, AcrRole.REPOSITORY_WRITER.guid, AcrRole.REPOSITORY_CONTRIBUTOR.guid]);
  });

  test('a general grant with a condition; the same grant twice is one assignment', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', BASE);
    const p = AzurePrincipal.managedIdentity(PRINCIPAL);
    const condition = "@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'team/'";
    const a = r.grant(p, AcrRole.REPOSITORY_READER, { condition });
    expect(r.grant(p, AcrRole.REPOSITORY_READER, { condition })).toBe(a);
    r.grantPull(p);
    r.grantPull(p);
    const grants = Object.values(resourcesOf(synth(stack), 'azurerm_role_assignment'));
    expect(grants).toHaveLength(2);
    expect(grants[0]).toMatchObject({ condition, condition_version: '2.0', skip_service_principal_aad_check: true });
  });

  test('the same role to the same principal with another condition is refused (Azure allows one assignment)', () => {
    const r = registry();
    const p = AzurePrincipal.group(PRINCIPAL);
    r.grant(p, AcrRole.REPOSITORY_READER, { condition: 'a' });
    expect(validationMessageOf(() => r.grant(p, AcrRole.REPOSITORY_READER, { condition: 'b' }))).toMatch(/condition differs from the condition of the Container Registry Repository Reader assignment this principal already has/);
    expect(validationMessageOf(() => r.grant(p, AcrRole.REPOSITORY_READER))).toMatch(/condition differs/);
  });

  test('a principal id that is not a GUID, and a custom role id that is not a GUID, are refused', () => {
    const r = registry();
    expect(validationMessageOf(() => r.grantPull(AzurePrincipal.managedIdentity('kubelet')))).toMatch(/grantee.principalId of a managed identity is not an object id \(got "kubelet"\)/);
    expect(validationMessageOf(() => r.grant(AzurePrincipal.group(PRINCIPAL), AcrRole.custom('Mine', 'mine')))).toMatch(/role has a role definition id that is not a GUID \(got "mine"\)/);
  });
});

describe('purge task from a retention policy', () => {
  const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] });

  test('an exact policy compiles to a nightly task, no retention days, no warnings beyond the compiler', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: policy });
    const json = synth(stack);
    const task = onlyResource(json, 'azurerm_container_registry_task');
    expect(task).toMatchObject({ name: 'retention-purge', platform: { os: 'Linux' }, timer_trigger: [{ name: 'schedule', schedule: '0 3 * * *', enabled: true }], timeout_in_seconds: 3600 });
    expect(task.encoded_step.task_content).toBe(r.purgeTask!.taskYaml);
    expect(onlyResource(json, ACR).retention_policy_in_days).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_container_registry_task_schedule_run_now')).toEqual({});
  });

  test('a policy that removes nothing makes no task, and says so', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] })] }), purgeSchedule: { dryRun: true } });
    expect(r.purgeTask).toBeUndefined();
    expect(resourcesOf(synth(stack), 'azurerm_container_registry_task')).toEqual({});
    expect(warningsOf(stack).join('\n')).toMatch(/retentionPolicy: nothing in the policy removes images/);
  });

  test('steps that add up to more than 8 hours warn that the task is cut off', () => {
    const stack = azureStack();
    const commands = [1, 2, 3].map((d) => AcrPurgeCommand.of({ filters: [{ repository: `r${d}`, tag: '.*' }], ago: `${d}d` }));
    new AcrRegistry(stack, 'R', { ...BASE, purgeCommands: commands, purgeSchedule: { stepTimeoutSeconds: 10800 } });
    expect(onlyResource(synth(stack), 'azurerm_container_registry_task').timeout_in_seconds).toBe(28800);
    expect(warningsOf(stack).join('\n')).toMatch(/the 3 steps of 10800 seconds add up to more than the 28800 seconds/);
  });

  test('the acr-cli version warning is dropped for the pinned image and kept for the alias or an older pin', () => {
    const versionWarning = (image?: string) => {
      const stack = azureStack();
      new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: policy, purgeSchedule: image === undefined ? undefined : { image } });
      return warningsOf(stack).some((w) => /needs acr-cli 0.18 or later/.test(w));
    };
    expect(versionWarning()).toBe(false);
    expect(versionWarning('mcr.microsoft.com/acr/acr-cli:0.19')).toBe(false);
    expect(versionWarning('acr')).toBe(true);
    expect(versionWarning('mcr.microsoft.com/acr/acr-cli:0.17')).toBe(true);
  });

  test('a tag-level policy is refused without allowRetentionApproximations, naming the rule', () => {
    const p = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['*'] })] });
    expect(validationMessageOf(() => registry({ retentionPolicy: p }))).toMatch(/retentionPolicy.rules\[0\] cannot be expressed on ACR: acr purge removes tags, not images/);
  });

  test('with approximations: warnings at synth and untagged retention 0 on Premium', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['*'] })] }), allowRetentionApproximations: true });
    expect(onlyResource(synth(stack), ACR).retention_policy_in_days).toBe(0);
    const warnings = warningsOf(stack).join('\n');
    expect(warnings).toMatch(/retentionPolicy: rules\[0\] \(.*\) is tag level on ACR/);
    expect(warnings).toMatch(/untaggedRetentionDays 0 \(Premium, registry-wide\)/);
  });

  test('untaggedRetentionDays that conflicts with what the policy needs is refused', () => {
    const p = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['*'] })] });
    expect(validationMessageOf(() => registry({ retentionPolicy: p, allowRetentionApproximations: true, untaggedRetentionDays: 7 }))).toMatch(/untaggedRetentionDays conflicts with the 0 days the retentionPolicy needs \(got 7\)/);
  });

  test('schedule, dry run, run now, pinned image override, agent pool and timeouts', () => {
    const stack = azureStack();
    const r = new AcrRegistry(stack, 'R', {
      ...BASE,
      retentionPolicy: policy,
      purgeSchedule: { schedule: '30 1 * * 0', dryRun: true, runNow: true, stepTimeoutSeconds: 7200, taskTimeoutSeconds: 10800, taskName: 'weekly_purge', agentPoolName: 'vnetpool', image: 'acr' },
    });
    const json = synth(stack);
    const task = onlyResource(json, 'azurerm_container_registry_task');
    expect(task).toMatchObject({ name: 'weekly_purge', timer_trigger: [{ schedule: '30 1 * * 0' }], timeout_in_seconds: 10800, agent_pool_name: 'vnetpool' });
    expect(r.purgeTask!.commands.every((c) => c.dryRun)).toBe(true);
    expect(r.purgeTask!.taskYaml).toMatch(/cmd: "acr purge .*--dry-run"/);
    expect(onlyResource(json, 'azurerm_container_registry_task_schedule_run_now').container_registry_task_id).toMatch(/azurerm_container_registry_task\.\w+\.id/);
  });

  test('schedule options are validated, every problem at once', () => {
    const message = validationMessageOf(() =>
      registry({ retentionPolicy: policy, purgeSchedule: { schedule: '0 3 * *', taskName: 'p', stepTimeoutSeconds: 0, taskTimeoutSeconds: 100, image: 'Not An Image' } }),
    );
    expect(message).toMatch(/purgeSchedule.schedule is not a 5-field cron expression \(got "0 3 \* \*"\)/);
    expect(message).toMatch(/purgeSchedule.taskName is not a valid task name \(1 characters\)/);
    expect(message).toMatch(/purgeSchedule.stepTimeoutSeconds must be a whole number of seconds from 1 to 28800 \(got 0\)/);
    expect(message).toMatch(/purgeSchedule.taskTimeoutSeconds must be a whole number of seconds from 300 to 28800 \(got 100\)/);
    expect(message).toMatch(/purgeSchedule.image is not an image reference/);
  });

  test('a task timeout shorter than its steps is refused', () => {
    expect(validationMessageOf(() => registry({ retentionPolicy: policy, purgeSchedule: { stepTimeoutSeconds: 3600, taskTimeoutSeconds: 3000 } }))).toMatch(
      /purgeSchedule.taskTimeoutSeconds is shorter than the 1 step\(s\) of 3600 seconds it runs one after another \(got 3000\); at least 3600/,
    );
  });

  test('a schedule without anything to run, and purge commands together with a policy, are refused', () => {
    expect(validationMessageOf(() => registry({ purgeSchedule: { dryRun: true } }))).toMatch(/purgeSchedule has nothing to run/);
    const cmd = AcrPurgeCommand.of({ filters: [{ repository: '.*', tag: '.*' }], ago: '30d' });
    expect(validationMessageOf(() => registry({ retentionPolicy: policy, purgeCommands: [cmd] }))).toMatch(/purgeCommands cannot be combined with retentionPolicy/);
    expect(validationMessageOf(() => registry({ purgeCommands: [] }))).toMatch(/purgeCommands must not be empty/);
    expect(validationMessageOf(() => registry({ purgeCommands: [{} as any] }))).toMatch(/purgeCommands\[0\] is not an AcrPurgeCommand/);
  });

  test('typed purge commands run as given', () => {
    const stack = azureStack();
    const cmd = AcrPurgeCommand.of({ filters: [{ repository: 'team/.*', tag: '^pr-.*$' }], ago: '14d', keep: 3, untagged: true });
    const r = new AcrRegistry(stack, 'R', { ...BASE, sku: AcrSku.BASIC, purgeCommands: [cmd] });
    synth(stack);
    expect(r.purgeTask!.taskYaml).toContain(`cmd: "mcr.microsoft.com/acr/acr-cli:0.19 purge --filter 'team/.*:^pr-.*$' --ago 14d --keep 3 --untagged"`);
  });

  test('a network-restricted registry warns that 4.55 cannot let the task in, unless an agent pool is given', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, publicNetworkAccessEnabled: false, retentionPolicy: policy });
    expect(warningsOf(stack).join('\n')).toMatch(/network_rule_bypass_for_tasks_enabled/);
    const stack2 = azureStack();
    new AcrRegistry(stack2, 'R', { ...BASE, publicNetworkAccessEnabled: false, retentionPolicy: policy, purgeSchedule: { agentPoolName: 'vnetpool' } });
    expect(warningsOf(stack2).join('\n')).not.toMatch(/network_rule_bypass_for_tasks_enabled/);
  });

  test('ABAC mode: the task has a system identity with Repository Contributor and Catalog Lister', () => {
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: policy, abacRepositoryPermissions: true });
    const json = synth(stack);
    expect(onlyResource(json, 'azurerm_container_registry_task').registry_credential).toBeDefined();
    const task = onlyResource(json, 'azurerm_container_registry_task');
    expect(task.identity).toEqual({ type: 'SystemAssigned' });
    expect(task.registry_credential.custom).toEqual([{ login_server: expect.stringMatching(/azurerm_container_registry\.\w+\.login_server/), identity: '[system]' }]);
    expect(warningsOf(stack).join('\n')).toMatch(/ABAC-mode registry: runs longer than 3 hours fail with 401 \(Azure\/acr-cli#641, open\).*Azure\/acr-cli#611/);
    const grants = Object.values(resourcesOf(json, 'azurerm_role_assignment')) as any[];
    expect(grants.map((g) => g.role_definition_id.split('/').pop()).sort()).toEqual([AcrRole.REPOSITORY_CONTRIBUTOR.guid, AcrRole.REPOSITORY_CATALOG_LISTER.guid].sort());
    for (const g of grants) expect(g.principal_id).toMatch(/azurerm_container_registry_task\.\w+\.identity\[0\]\.principal_id|identity\.0\.principal_id/);
  });

  test('ABAC mode: an acr-cli image older than 0.19 is refused; the alias warns', () => {
    expect(validationMessageOf(() => registry({ retentionPolicy: policy, abacRepositoryPermissions: true, purgeSchedule: { image: 'mcr.microsoft.com/acr/acr-cli:0.18' } }))).toMatch(
      /purgeSchedule.image cannot purge an ABAC-mode registry: acr-cli before 0.19 asks for the registry-wide "repository:\*:\*" token scope.*\(got "mcr.microsoft.com\/acr\/acr-cli:0.18"\); mcr.microsoft.com\/acr\/acr-cli:0.19 or later/,
    );
    expect(() => registry({ retentionPolicy: policy, abacRepositoryPermissions: true, purgeSchedule: { image: 'mcr.microsoft.com/acr/acr-cli:0.19' } })).not.toThrow();
    const stack = azureStack();
    new AcrRegistry(stack, 'R', { ...BASE, retentionPolicy: policy, abacRepositoryPermissions: true, purgeSchedule: { image: 'acr' } });
    expect(warningsOf(stack).join('\n')).toMatch(/the image "acr" may be an acr-cli older than 0.19, which ABAC registries refuse \(Azure\/acr-cli#501\)/);
  });
});

test('the test stack helper is a TerraformStack', () => {
  expect(azureStack()).toBeInstanceOf(TerraformStack);
  expect(Testing).toBeDefined();
});
