import { TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GuardrailPack } from '../../lib/guardrails';
import { findingsOf, of } from './helpers';

/** A harbor_* resource written by hand: the type and its attributes, as a raw provider binding would write them. */
function raw(scope: Construct, id: string, type: string, attributes: Record<string, unknown>): TerraformResource {
  const r = new TerraformResource(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: { providerName: 'harbor' } });
  for (const [k, v] of Object.entries(attributes)) r.addOverride(k, v);
  return r;
}

class HarborProviderBlock extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly config: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: 'harbor', terraformProviderSource: 'goharbor/harbor', terraformGeneratorMetadata: { providerName: 'harbor' } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.config;
  }
}

/** A project with everything the strict pack asks for. */
function compliantApp(stack: TerraformStack, project: Record<string, unknown> = {}, retentionRule: Record<string, unknown> = { most_recently_pushed: 10, repo_matching: '**', tag_matching: '**' }): TerraformResource {
  new HarborProviderBlock(stack, 'harbor', { url: 'https://harbor.example.com', insecure: false });
  const p = raw(stack, 'Project', 'harbor_project', { name: 'payments', deployment_security: 'critical', enable_content_trust_cosign: true, storage_quota: 100, ...project });
  raw(stack, 'Immutable', 'harbor_immutable_tag_rule', { project_id: p.getStringAttribute('id'), repo_matching: '**', tag_matching: 'v*' });
  raw(stack, 'Retention', 'harbor_retention_policy', { scope: p.getStringAttribute('id'), schedule: 'Daily', rule: [retentionRule] });
  return p;
}

const harbor = (build: (s: TerraformStack) => void) => findingsOf(build).filter((f) => f.ruleId.startsWith('Harbor'));

test('a project with every setting the strict pack asks for has no finding', () => {
  expect(harbor((s) => compliantApp(s))).toEqual([]);
});

describe.each([
  ['HarborProjectPrivate', { public: true }, /is public/],
  ['HarborScanOnPush', { vulnerability_scanning: false }, /not scanned/],
  ['HarborDeploymentSecurity', { deployment_security: 'none' }, /critical vulnerabilities can be pulled/],
  ['HarborCosignSigned', { enable_content_trust_cosign: false }, /unsigned images/],
  ['HarborStorageQuota', { storage_quota: -1 }, /storage_quota is -1/],
] as const)('%s', (ruleId, change, message) => {
  test('is reported when the project setting is changed', () => {
    const f = of(harbor((s) => compliantApp(s, change)), ruleId);
    expect(f).toHaveLength(1);
    expect(f[0].problem).toMatch(message);
  });
});

test('HarborImmutableReleaseTags and HarborRetentionPolicy: a project with neither is reported twice', () => {
  const findings = harbor((s) => {
    new HarborProviderBlock(s, 'harbor', { url: 'https://harbor.example.com', insecure: false });
    raw(s, 'Project', 'harbor_project', { name: 'bare' });
  });
  expect(of(findings, 'HarborImmutableReleaseTags')).toHaveLength(1);
  expect(of(findings, 'HarborRetentionPolicy')[0].problem).toMatch(/no harbor_retention_policy/);
});

test('no scanner checks this: an always-retain rule over everything, with untagged_artifacts at its default, deletes nothing', () => {
  const f = of(harbor((s) => compliantApp(s, {}, { always_retain: true, repo_matching: '**', tag_matching: '**' })), 'HarborRetentionPolicy');
  expect(f[0].problem).toMatch(/deletes nothing/);
  expect(f[0].address).toMatch(/^harbor_retention_policy\./);
});

test('HarborTlsVerified: the provider\'s insecure default (true) is an error in the recommended pack', () => {
  const findings = findingsOf((s) => { new HarborProviderBlock(s, 'harbor', { url: 'https://harbor.example.com' }); }, [GuardrailPack.RECOMMENDED]);
  const f = of(findings, 'HarborTlsVerified');
  expect(f).toHaveLength(1);
  expect(f[0].level).toBe('error');
  expect(f[0].problem).toMatch(/leaves insecure unset, and its default is true/);
});

test('proxy-cache projects are not asked for retention, immutability, scanning or signing', () => {
  const findings = harbor((s) => {
    new HarborProviderBlock(s, 'harbor', { url: 'https://harbor.example.com', insecure: false });
    raw(s, 'Cache', 'harbor_project', { name: 'dockerhub', registry_id: 3, deployment_security: 'high', storage_quota: 50 });
  });
  expect(findings).toEqual([]);
});
