/** The ACR rules on AcrRegistry: its defaults pass the recommended pack, and each non-compliant choice is reported. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import { RetentionPolicy, RetentionRule } from '../../lib';
import { AcrNetworkDefaultAction, AcrRegistry, AcrRegistryProps, AcrResourceGroup, AcrRole, AcrSku, AzurePrincipal } from '../../lib/azure';
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
