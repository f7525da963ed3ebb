/** The Harbor rules on HarborConnection and HarborProject: their defaults pass, each unsafe choice is reported. */
import { TerraformStack } from 'cdktf';
import { RetentionPolicy, RetentionRule } from '../../lib';
import { GuardrailPack } from '../../lib/guardrails';
import { HarborConnection, HarborDeploymentSecurity, HarborProject, HarborProjectProps, HarborTls } from '../../lib/harbor';
import { findingsOf, of } from './helpers';

const retention = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 }), RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] })] });

function project(extra: Partial<HarborProjectProps> = {}, tls: HarborTls = HarborTls.VERIFIED): (s: TerraformStack) => void {
  return (s) => {
    new HarborConnection(s, 'Harbor', { url: 'https://harbor.example.com', tls });
    new HarborProject(s, 'Shop', { projectName: 'shop', retentionPolicy: retention, ...extra });
  };
}
const harbor = (build: (s: TerraformStack) => void, packs = [GuardrailPack.RECOMMENDED]) => findingsOf(build, packs).filter((f) => f.ruleId.startsWith('Harbor'));

test('a HarborProject with a retention policy, on a verified connection, passes the recommended pack', () => {
  expect(harbor(project())).toEqual([]);
});

test('the strict pack asks for cosign signatures and a quota, and is satisfied by the props that set them', () => {
  expect(harbor(project(), [GuardrailPack.STRICT]).map((f) => f.ruleId).sort()).toEqual(['HarborCosignSigned', 'HarborStorageQuota']);
  expect(harbor(project({ requireCosignSignature: true, storageQuotaGiB: 100 }), [GuardrailPack.STRICT])).toEqual([]);
});

test.each([
  ['HarborProjectPrivate', { public: true }, /is public/],
  ['HarborScanOnPush', { scanOnPush: false }, /not scanned/],
  ['HarborDeploymentSecurity', { deploymentSecurity: HarborDeploymentSecurity.OFF }, /critical vulnerabilities can be pulled/],
  ['HarborImmutableReleaseTags', { immutableTagRules: [] }, /no enabled harbor_immutable_tag_rule/],
  ['HarborRetentionPolicy', { retentionPolicy: undefined }, /no harbor_retention_policy/],
] as const)('%s reports %p', (ruleId, extra, message) => {
  const f = of(harbor(project(extra as Partial<HarborProjectProps>)), ruleId);
  expect(f).toHaveLength(1);
  expect(f[0].problem).toMatch(message);
});

test('HarborTlsVerified: unverified TLS asked for by name is still an error in the recommended pack', () => {
  const f = of(harbor(project({}, HarborTls.UNVERIFIED_INSECURE)), 'HarborTlsVerified');
  expect(f).toHaveLength(1);
  expect(f[0].level).toBe('error');
  expect(f[0].problem).toMatch(/sets insecure to true/);
});
