import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamBinding } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-binding';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { ArtifactRegistryRepositoryIamPolicy } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-policy';
import { DataGoogleIamPolicy } from '@cdktf/provider-google/lib/data-google-iam-policy';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack } from 'cdktf';
import { findingsOf, of } from './helpers';

const KEY = 'projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k';

function google(stack: TerraformStack): void {
  new GoogleProvider(stack, 'google', { project: 'p', region: 'europe-west1' });
}

/** A raw repository with the recommended settings. */
function compliantRepo(stack: TerraformStack, extra: Partial<ConstructorParameters<typeof ArtifactRegistryRepository>[2]> = {}): ArtifactRegistryRepository {
  return new ArtifactRegistryRepository(stack, 'Repo', {
    repositoryId: 'app', location: 'europe-west1', format: 'DOCKER',
    dockerConfig: { immutableTags: true },
    kmsKeyName: KEY,
    cleanupPolicies: [{ id: 'untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '604800s' } }],
    ...extra,
  });
}

function compliantApp(stack: TerraformStack): void {
  google(stack);
  compliantRepo(stack);
  new ProjectService(stack, 'Scanning', { service: 'containerscanning.googleapis.com', disableOnDestroy: false });
  new KmsCryptoKeyIamMember(stack, 'KeyGrant', { cryptoKeyId: KEY, role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', member: 'serviceAccount:service-123@gcp-sa-artifactregistry.iam.gserviceaccount.com' });
}

test('a raw repository with every recommended setting has no finding under the strict pack', () => {
  expect(findingsOf(compliantApp).filter((f) => f.ruleId.startsWith('Gar'))).toEqual([]);
});

describe('GarNoPublicAccess', () => {
  test('allUsers as a member, in a binding, and in a policy from a data source are each reported', () => {
    const findings = findingsOf((s) => {
      compliantApp(s);
      new ArtifactRegistryRepositoryIamMember(s, 'M', { repository: 'app', location: 'europe-west1', role: 'roles/artifactregistry.reader', member: 'allUsers' });
      new ArtifactRegistryRepositoryIamBinding(s, 'B', { repository: 'app', location: 'europe-west1', role: 'roles/artifactregistry.reader', members: ['group:devs@example.com', 'allAuthenticatedUsers'] });
      const data = new DataGoogleIamPolicy(s, 'Doc', { binding: [{ role: 'roles/artifactregistry.reader', members: ['allUsers'] }] });
      new ArtifactRegistryRepositoryIamPolicy(s, 'P', { repository: 'app', location: 'europe-west1', policyData: data.policyData });
    });
    const f = of(findings, 'GarNoPublicAccess');
    expect(f.map((x) => x.address.split('.')[0])).toEqual(['google_artifact_registry_repository_iam_member', 'google_artifact_registry_repository_iam_binding', 'google_artifact_registry_repository_iam_policy']);
    expect(f[1].problem).toMatch(/allAuthenticatedUsers/);
  });

  test('scanners are wrong here: an _iam_policy resource is checked (Checkov and KICS skip it)', () => {
    const findings = findingsOf((s) => {
      compliantApp(s);
      new ArtifactRegistryRepositoryIamPolicy(s, 'P', { repository: 'app', location: 'europe-west1', policyData: JSON.stringify({ bindings: [{ role: 'roles/artifactregistry.reader', members: ['allUsers'] }] }) });
    });
    expect(of(findings, 'GarNoPublicAccess')).toHaveLength(1);
  });
});

describe('GarCustomerKey', () => {
  test('no key, or a key without the service agent grant, is reported', () => {
    expect(of(findingsOf((s) => { google(s); compliantRepo(s, { kmsKeyName: undefined }); }), 'GarCustomerKey')[0].problem).toMatch(/Google-managed/);
    expect(of(findingsOf((s) => { google(s); compliantRepo(s); }), 'GarCustomerKey')[0].problem).toMatch(/service agent/);
  });
});

describe('GarVulnerabilityScanning', () => {
  test('an opted-out repository is reported; without the API in the app it cannot be verified', () => {
    expect(of(findingsOf(compliantApp), 'GarVulnerabilityScanning')).toEqual([]);
    const optOut = findingsOf((s) => { google(s); compliantRepo(s, { vulnerabilityScanningConfig: { enablementConfig: 'DISABLED' } }); new ProjectService(s, 'Scanning', { service: 'containerscanning.googleapis.com' }); });
    expect(of(optOut, 'GarVulnerabilityScanning')[0].problem).toMatch(/opts out/);
    const noApi = findingsOf((s) => { google(s); compliantRepo(s); });
    expect(of(noApi, 'GarVulnerabilityScanning')[0].problem).toMatch(/cannot be verified/);
  });
});

describe('GarImmutableTags', () => {
  test('mutable tags in a standard Docker repository are reported; remote repositories are not judged', () => {
    expect(of(findingsOf((s) => { google(s); compliantRepo(s, { dockerConfig: { immutableTags: false } }); }), 'GarImmutableTags')).toHaveLength(1);
    expect(of(findingsOf((s) => { google(s); compliantRepo(s, { mode: 'REMOTE_REPOSITORY', dockerConfig: undefined, cleanupPolicies: undefined }); }), 'GarImmutableTags')).toEqual([]);
  });
});

describe('GarCleanupEffective', () => {
  test('no scanner checks this: no policies, KEEP-only policies, and dry run each delete nothing', () => {
    const run = (extra: object) => of(findingsOf((s) => { google(s); compliantRepo(s, extra); }), 'GarCleanupEffective').map((f) => f.problem);
    expect(run({ cleanupPolicies: undefined })[0]).toMatch(/no cleanup policies/);
    expect(run({ cleanupPolicies: [{ id: 'keep', action: 'KEEP', mostRecentVersions: { keepCount: 5 } }] })[0]).toMatch(/every cleanup policy is KEEP/);
    expect(run({ cleanupPolicyDryRun: true })[0]).toMatch(/dry_run is true/);
    expect(run({})).toEqual([]);
  });
});

describe('GarPullOnlyRuntimes', () => {
  test('writer for the default compute service account is reported; reader is not', () => {
    const findings = findingsOf((s) => {
      compliantApp(s);
      new ArtifactRegistryRepositoryIamMember(s, 'W', { repository: 'app', location: 'europe-west1', role: 'roles/artifactregistry.writer', member: 'serviceAccount:123456789-compute@developer.gserviceaccount.com' });
      new ArtifactRegistryRepositoryIamMember(s, 'R', { repository: 'app', location: 'europe-west1', role: 'roles/artifactregistry.reader', member: 'serviceAccount:123456789-compute@developer.gserviceaccount.com' });
      new ArtifactRegistryRepositoryIamMember(s, 'CI', { repository: 'app', location: 'europe-west1', role: 'roles/artifactregistry.writer', member: 'serviceAccount:ci@p.iam.gserviceaccount.com' });
    });
    const f = of(findings, 'GarPullOnlyRuntimes');
    expect(f).toHaveLength(1);
    expect(f[0].address).toMatch(/iam_member\.W$/);
  });
});
