import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { ContainerRegistryTask } from '@cdktf/provider-azurerm/lib/container-registry-task';
import { ContainerRegistryToken } from '@cdktf/provider-azurerm/lib/container-registry-token';
import { ContainerRegistryWebhook } from '@cdktf/provider-azurerm/lib/container-registry-webhook';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { TerraformStack } from 'cdktf';
import { GuardrailPack } from '../../lib/guardrails';
import { findingsOf, of } from './helpers';

type RegistryConfig = ConstructorParameters<typeof ContainerRegistry>[2];

function azure(stack: TerraformStack): void {
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
}

function registry(stack: TerraformStack, extra: Partial<RegistryConfig> = {}): ContainerRegistry {
  return new ContainerRegistry(stack, 'Registry', { name: 'contosoregistry', resourceGroupName: 'rg', location: 'westeurope', sku: 'Premium', ...extra });
}

/** A Premium registry with every setting the strict pack asks for. */
function compliantApp(stack: TerraformStack): ContainerRegistry {
  azure(stack);
  const r = registry(stack, {
    publicNetworkAccessEnabled: false,
    exportPolicyEnabled: false,
    quarantinePolicyEnabled: true,
    zoneRedundancyEnabled: true,
    dataEndpointEnabled: true,
    retentionPolicyInDays: 7,
    encryption: [{ keyVaultKeyId: 'https://kv.vault.azure.net/keys/acr/1', identityClientId: '00000000-0000-0000-0000-000000000001' }],
    georeplications: [{ location: 'northeurope', zoneRedundancyEnabled: true }],
  });
  new PrivateEndpoint(stack, 'Endpoint', { name: 'pe', location: 'westeurope', resourceGroupName: 'rg', subnetId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s', privateServiceConnection: { name: 'acr', privateConnectionResourceId: r.id, isManualConnection: false, subresourceNames: ['registry'] } });
  new ManagementLock(stack, 'Lock', { name: 'no-delete', scope: r.id, lockLevel: 'CanNotDelete' });
  new SecurityCenterSubscriptionPricing(stack, 'Defender', { tier: 'Standard', resourceType: 'Containers' });
  return r;
}

const strictAcr = (build: (s: TerraformStack) => void) => findingsOf(build).filter((f) => f.ruleId.startsWith('Acr'));

test('a Premium registry with every recommended and strict setting has no finding', () => {
  expect(strictAcr(compliantApp)).toEqual([]);
});

test('scanners are wrong here: a Basic registry gets one "needs Premium" finding, not one per Premium-only setting', () => {
  const findings = strictAcr((s) => { azure(s); registry(s, { sku: 'Basic' }); });
  const ids = findings.map((f) => f.ruleId).sort();
  expect(ids).toEqual(['AcrDefenderForContainers', 'AcrManagementLock', 'AcrPremiumFeatures', 'AcrUntaggedCleanup']);
  expect(of(findings, 'AcrPremiumFeatures')[0].problem).toMatch(/SKU "Basic" cannot have these recommended settings, which need Premium: network restriction/);
});

describe.each([
  ['AcrAdminUserDisabled', (r: ContainerRegistry) => { r.adminEnabled = true; }, /admin_enabled is true/],
  ['AcrAnonymousPullDisabled', (r: ContainerRegistry) => { r.anonymousPullEnabled = true; }, /anyone on the network can pull/],
  ['AcrNetworkRestricted', (r: ContainerRegistry) => { r.publicNetworkAccessEnabled = true; }, /public network access is on/],
  ['AcrCustomerKey', (r: ContainerRegistry) => r.resetEncryption(), /Microsoft-managed keys/],
  ['AcrQuarantinePolicy', (r: ContainerRegistry) => { r.quarantinePolicyEnabled = false; }, /quarantine_policy_enabled is not true/],
  ['AcrGeoReplication', (r: ContainerRegistry) => r.resetGeoreplications(), /no georeplications/],
  ['AcrZoneRedundancy', (r: ContainerRegistry) => r.putGeoreplications([{ location: 'northeurope' }]), /zone redundancy is off for replica northeurope/],
  ['AcrDataEndpoints', (r: ContainerRegistry) => { r.dataEndpointEnabled = false; }, /data_endpoint_enabled is not true/],
  ['AcrExportsDisabled', (r: ContainerRegistry) => { r.exportPolicyEnabled = true; }, /export_policy_enabled is not false/],
] as const)('%s', (ruleId, change, message) => {
  test('the compliant registry passes; the changed one is reported', () => {
    const findings = strictAcr((s) => change(compliantApp(s)));
    const f = of(findings, ruleId);
    expect(f).toHaveLength(1);
    expect(f[0].problem).toMatch(message);
  });
});

describe('AcrUntaggedCleanup', () => {
  test('scanners are wrong here: retention_policy_in_days = 0 is reported (Checkov passes it); a scheduled acr purge task satisfies it on any SKU', () => {
    expect(of(strictAcr((s) => { azure(s); registry(s, { retentionPolicyInDays: 0 }); }), 'AcrUntaggedCleanup')[0].problem).toMatch(/is 0, which turns retention off/);
    const withTask = strictAcr((s) => {
      azure(s);
      const r = registry(s, { sku: 'Standard' });
      new ContainerRegistryTask(s, 'Purge', {
        name: 'purge', containerRegistryId: r.id, platform: { os: 'Linux' },
        encodedStep: { taskContent: 'version: v1.1.0\nsteps:\n  - cmd: acr purge --filter "app:.*" --ago 30d --untagged\n' },
        timerTrigger: [{ name: 'nightly', schedule: '0 3 * * *', enabled: true }],
      });
    });
    expect(of(withTask, 'AcrUntaggedCleanup')).toEqual([]);
    const withImage = strictAcr((s) => {
      azure(s);
      const r = registry(s, { sku: 'Standard' });
      new ContainerRegistryTask(s, 'Purge', {
        name: 'purge', containerRegistryId: r.id, platform: { os: 'Linux' },
        encodedStep: { taskContent: 'version: v1.1.0\nsteps:\n  - cmd: "mcr.microsoft.com/acr/acr-cli:0.18 purge --filter \'app:.*\' --ago 30d"\n' },
        timerTrigger: [{ name: 'nightly', schedule: '0 3 * * *', enabled: true }],
      });
    });
    expect(of(withImage, 'AcrUntaggedCleanup')).toEqual([]);
  });
});

describe('registry-scoped resources', () => {
  test('HTTP webhooks, enabled tokens and Owner role assignments are reported on the resource that carries them', () => {
    const findings = strictAcr((s) => {
      const r = compliantApp(s);
      new ContainerRegistryWebhook(s, 'Hook', { name: 'hook', resourceGroupName: 'rg', registryName: 'contosoregistry', location: 'westeurope', actions: ['push'], serviceUri: 'http://hooks.example.com/acr' });
      new ContainerRegistryWebhook(s, 'HookTls', { name: 'hooktls', resourceGroupName: 'rg', registryName: 'contosoregistry', location: 'westeurope', actions: ['push'], serviceUri: 'https://hooks.example.com/acr' });
      new ContainerRegistryToken(s, 'Token', { name: 'ci', resourceGroupName: 'rg', containerRegistryName: 'contosoregistry', scopeMapId: 'x' });
      new RoleAssignment(s, 'Owner', { scope: r.id, roleDefinitionName: 'Owner', principalId: '00000000-0000-0000-0000-000000000002' });
      new RoleAssignment(s, 'Pull', { scope: r.id, roleDefinitionName: 'AcrPull', principalId: '00000000-0000-0000-0000-000000000003' });
    });
    expect(findings.map((f) => `${f.ruleId} ${f.address}`).sort()).toEqual([
      'AcrLeastPrivilegeRoles azurerm_role_assignment.Owner',
      'AcrTokensDisabled azurerm_container_registry_token.Token',
      'AcrWebhookHttps azurerm_container_registry_webhook.Hook',
    ]);
  });
});

test('the recommended pack leaves Premium-only extras and the subscription-wide Defender plan to the strict pack', () => {
  const findings = findingsOf((s) => { azure(s); registry(s, { retentionPolicyInDays: 7, publicNetworkAccessEnabled: false }); }, [GuardrailPack.RECOMMENDED]);
  expect(findings.filter((f) => f.ruleId.startsWith('Acr'))).toEqual([]);
});
