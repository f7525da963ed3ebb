/** The ACR rules on AcrRegistry: its defaults pass the recommended pack, and each non-compliant choice is reported. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import { RetentionPolicy, RetentionRule } from '../../lib';
import { AcrBuiltInScopeMap, AcrNetworkDefaultAction, AcrRegistry, AcrRegistryProps, AcrResourceGroup, AcrRole, AcrSku, AzurePrincipal, DefenderForContainers } from '../../lib/azure';
import { GuardrailPack } from '../../lib/guardrails';
import { findingsOf, of } from './helpers';

const retention = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] });

function registry(extra: Partial<AcrRegistryProps> = {}): (s: TerraformStack) => AcrRegistry {
  return (s) => {
    new AzurermProvider(s, 'azurerm', { features: [{}] });
    return new AcrRegistry(s, 'Registry', {
      registryName: 'contosoprod', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'),
      retentionPolicy: retention, networkRules: { defaultAction: AcrNetworkDefaultAction.DENY, allowedIpRanges: ['203.0.113.0/24'] }, ...extra,
    });
  };
}
const acr = (build: (s: TerraformStack) => void, packs = [GuardrailPack.RECOMMENDED]) => findingsOf(build, packs).filter((f) => f.ruleId.startsWith('Acr'));

test('an AcrRegistry with a retention policy and network rules passes the recommended pack', () => {
  expect(acr(registry())).toEqual([]);
});

test('a Standard AcrRegistry gets the one "needs Premium" finding, and its purge task satisfies cleanup', () => {
  const findings = acr(registry({ sku: AcrSku.STANDARD, networkRules: undefined }));
  expect(findings.map((f) => f.ruleId)).toEqual(['AcrPremiumFeatures']);
});

test.each([
  ['AcrAdminUserDisabled', { adminEnabled: true }, /admin_enabled is true/],
  ['AcrAnonymousPullDisabled', { anonymousPullEnabled: true }, /anyone on the network can pull/],
  ['AcrNetworkRestricted', { networkRules: undefined }, /public network access is on/],
  ['AcrUntaggedCleanup', { retentionPolicy: undefined }, /no untagged-manifest retention and no scheduled acr purge task/],
] as const)('%s reports %p', (ruleId, extra, message) => {
  const f = of(acr(registry(extra as Partial<AcrRegistryProps>)), ruleId);
  expect(f).toHaveLength(1);
  expect(f[0].problem).toMatch(message);
});

test('AcrLeastPrivilegeRoles: an Owner grant through the general grant is reported; AcrPull is not', () => {
  const findings = acr((s) => {
    const r = registry()(s);
    r.grantPull(AzurePrincipal.managedIdentity('00000000-0000-0000-0000-00000000000a'));
    r.grant(AzurePrincipal.group('00000000-0000-0000-0000-00000000000b'), AcrRole.OWNER);
  });
  const f = of(findings, 'AcrLeastPrivilegeRoles');
  expect(f).toHaveLength(1);
  expect(f[0].problem).toMatch(/grants .*8e3af657-a8ff-443c-a75c-2fe8c4bcb635|grants Owner/);
});

describe('the strict pack on a fully configured Premium AcrRegistry', () => {
  const KEY_ID = 'https://acme-kv.vault.azure.net/keys/acr-cmk';
  const UAI = { id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr-cmk', clientId: '22222222-2222-2222-2222-222222222222', principalId: '33333333-3333-3333-3333-333333333333' };
  const SUBNET_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/endpoints';
  const full: Partial<AcrRegistryProps> = {
    networkRules: undefined,
    publicNetworkAccessEnabled: false,
    exportPolicyEnabled: false,
    privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: ['/zone'] },
    customerManagedKey: { keyVaultKeyId: KEY_ID, identity: UAI },
    quarantinePolicyEnabled: true,
    dataEndpointEnabled: true,
    georeplications: [{ location: 'northeurope', zoneRedundancy: true }],
  };
  const strictAcr = (extra: Partial<AcrRegistryProps>, defender = true) =>
    acr((s) => {
      registry({ ...full, ...extra })(s);
      if (defender) new DefenderForContainers(s, 'Defender', { acknowledgeSubscriptionWide: true });
    }, [GuardrailPack.STRICT]).map((f) => f.ruleId);

  test('passes every ACR rule a construct can satisfy (a management lock has no construct here)', () => {
    expect(strictAcr({})).toEqual(['AcrManagementLock']);
  });

  test.each([
    ['AcrPrivateEndpoint', { privateEndpoint: undefined }],
    ['AcrCustomerKey', { customerManagedKey: undefined }],
    ['AcrQuarantinePolicy', { quarantinePolicyEnabled: false }],
    ['AcrGeoReplication', { georeplications: undefined }],
    ['AcrZoneRedundancy', { georeplications: [{ location: 'northeurope', zoneRedundancy: false }] }],
    ['AcrDataEndpoints', { dataEndpointEnabled: false }],
    ['AcrExportsDisabled', { exportPolicyEnabled: true }],
  ] as const)('%s is reported when the construct leaves it out', (ruleId, extra) => {
    expect(strictAcr(extra as Partial<AcrRegistryProps>)).toContain(ruleId);
  });

  test('AcrDefenderForContainers without the opt-in construct, AcrTokensDisabled with a token', () => {
    expect(strictAcr({}, false)).toContain('AcrDefenderForContainers');
    const findings = acr((s) => {
      const r = registry({ ...full })(s);
      r.addToken('Edge', { tokenName: 'edge-puller', builtInScopeMap: AcrBuiltInScopeMap.PULL });
    }, [GuardrailPack.STRICT]);
    expect(of(findings, 'AcrTokensDisabled')).toHaveLength(1);
  });
});
