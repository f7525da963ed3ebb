/** The GCP rules on ArtifactRegistryRepo: its defaults pass, and each non-compliant choice a user can make is reported. */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack } from 'cdktf';
import { RetentionPolicy, RetentionRule } from '../../lib';
import { ArtifactRegistryRepo, ArtifactRegistryRepoProps, GcpMember } from '../../lib/gcp';
import { findingsOf, of } from './helpers';

const KEY = 'projects/acme-prod/locations/europe-west1/keyRings/r/cryptoKeys/k';
const retention = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] });

function repo(extra: Partial<ArtifactRegistryRepoProps> = {}): (s: TerraformStack) => ArtifactRegistryRepo {
  return (s) => {
    new GoogleProvider(s, 'google', { project: 'acme-prod', region: 'europe-west1' });
    return new ArtifactRegistryRepo(s, 'Repo', {
      repositoryId: 'apps', location: 'europe-west1', project: 'acme-prod', projectNumber: '123456789012',
      retentionPolicy: retention, cleanupPolicyDryRun: false, enableApis: true, kmsKeyName: KEY, ...extra,
    });
  };
}
const gar = (build: (s: TerraformStack) => void) => findingsOf(build).filter((f) => f.ruleId.startsWith('Gar'));

test('an ArtifactRegistryRepo with cleanup, CMEK and the APIs enabled passes every GCP rule, strict pack included', () => {
  expect(gar(repo())).toEqual([]);
});

test.each([
  ['GarImmutableTags', { immutableTags: false }, /immutable_tags is not true/],
  ['GarCleanupEffective', { cleanupPolicyDryRun: true }, /dry_run is true/],
  ['GarVulnerabilityScanning', { vulnerabilityScanning: false }, /opts out/],
  ['GarVulnerabilityScanning', { enableApis: false }, /cannot be verified/],
  ['GarCustomerKey', { kmsKeyName: undefined }, /Google-managed/],
] as const)('%s reports %p', (ruleId, extra, message) => {
  const f = of(gar(repo(extra as Partial<ArtifactRegistryRepoProps>)), ruleId);
  expect(f).toHaveLength(1);
  expect(f[0].problem).toMatch(message);
});

test('GarNoPublicAccess: public pull asked for by name is still reported (a suppression records why)', () => {
  const f = of(gar((s) => repo()(s).grantPublicPull()), 'GarNoPublicAccess');
  expect(f[0].problem).toMatch(/to allUsers/);
});

test('GarPullOnlyRuntimes: push granted to the default compute service account is reported, pull is not', () => {
  const runtime = GcpMember.serviceAccount('123456789012-compute@developer.gserviceaccount.com');
  expect(of(gar((s) => repo()(s).grantPull(runtime)), 'GarPullOnlyRuntimes')).toEqual([]);
  expect(of(gar((s) => repo()(s).grantPush(runtime)), 'GarPullOnlyRuntimes')[0].problem).toMatch(/roles\/artifactregistry\.writer to the runtime service account/);
});
