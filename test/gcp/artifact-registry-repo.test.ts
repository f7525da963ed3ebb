import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import {
  ArtifactRegistryRepo,
  GarActionType,
  GarRemoteUpstream,
  GarRepositoryMode,
  GarTagState,
  GcpApi,
  GcpMember,
  GcpProjectServices,
  IGarGrantee,
} from '../../lib/gcp';
import { RegistryFamily } from '../../lib/core/endpoint';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../support/core';
import { errorOf, onlyResource, resourcesOf, synth } from '../helpers';
import { gcpStack, synthGcp, warningsOf } from './helpers';

const REPO = 'google_artifact_registry_repository';
const IAM = 'google_artifact_registry_repository_iam_member';
const KMS_GRANT = 'google_kms_crypto_key_iam_member';
const SECRET_GRANT = 'google_secret_manager_secret_iam_member';
const SERVICE = 'google_project_service';
const KEY = 'projects/acme-prod/locations/europe-west1/keyRings/ring/cryptoKeys/gar';
const CI = GcpMember.serviceAccount('ci@acme-prod.iam.gserviceaccount.com');

function repoIn(stack: TerraformStack, props: Partial<ConstructorParameters<typeof ArtifactRegistryRepo>[2]> = {}): ArtifactRegistryRepo {
  return new ArtifactRegistryRepo(stack, 'Repo', { repositoryId: 'apps', location: 'europe-west1', project: 'acme-prod', ...props });
}

/** The message of building a repository with `props`. */
function messageOf(props: Partial<ConstructorParameters<typeof ArtifactRegistryRepo>[2]>): string {
  return errorOf(() => repoIn(gcpStack(), props)).message;
}

describe('ArtifactRegistryRepo defaults', () => {
  test('a Docker standard repository with immutable tags and inherited scanning, nothing else', () => {
    const json = synthGcp((s) => repoIn(s as TerraformStack));
    const repo = onlyResource(json, REPO);
    expect(repo).toMatchObject({ repository_id: 'apps', location: 'europe-west1', project: 'acme-prod', format: 'DOCKER', mode: 'STANDARD_REPOSITORY' });
    expect(repo.docker_config).toEqual({ immutable_tags: true });
    expect(repo.vulnerability_scanning_config).toEqual({ enablement_config: 'INHERITED' });
    expect(repo.cleanup_policies).toBeUndefined();
    expect(repo.cleanup_policy_dry_run).toBeUndefined();
    expect(repo.kms_key_name).toBeUndefined();
    expect(Object.keys(json.resource)).toEqual([REPO]);
    expect(json.data).toBeUndefined();
  });

  test('mutable tags, description, labels and scanning off are passed through', () => {
    const json = synthGcp((s) => repoIn(s as TerraformStack, { immutableTags: false, description: 'apps', labels: { team: 'payments', env: '' }, vulnerabilityScanning: false }));
    const repo = onlyResource(json, REPO);
    expect(repo.docker_config).toEqual({ immutable_tags: false });
    expect(repo.description).toBe('apps');
    expect(repo.labels).toEqual({ team: 'payments', env: '' });
    expect(repo.vulnerability_scanning_config).toEqual({ enablement_config: 'DISABLED' });
  });
});

describe('ArtifactRegistryRepo attributes', () => {
  test('host, URL, image URIs, full name and endpoint are literals when project and location are', () => {
    const repo = repoIn(gcpStack(), { location: 'us' });
    expect(repo.registryHost).toBe('us-docker.pkg.dev');
    expect(repo.repositoryUrl).toBe('us-docker.pkg.dev/acme-prod/apps');
    expect(repo.repositoryName).toBe('projects/acme-prod/locations/us/repositories/apps');
    expect(repo.imageUriForTag('team/api', 'v1.2.0')).toBe('us-docker.pkg.dev/acme-prod/apps/team/api:v1.2.0');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(repo.imageUriForDigest('api', digest)).toBe(`us-docker.pkg.dev/acme-prod/apps/api@${digest}`);
    const ep = repo.endpoint;
    expect(ep.family).toBe(RegistryFamily.GAR);
    expect(ep.credHelpersEntry()).toEqual({ 'us-docker.pkg.dev': 'gcloud' });
    expect(ep.setupCommand).toBe('gcloud auth configure-docker us-docker.pkg.dev --quiet');
    expect(ep.loginUsername).toBe('oauth2accesstoken');
    expect(ep.loginCommand).toBe('gcloud auth print-access-token | docker login --username oauth2accesstoken --password-stdin https://us-docker.pkg.dev');
  });

  test('without a project the URL carries the resource project reference', () => {
    const stack = gcpStack();
    const repo = new ArtifactRegistryRepo(stack, 'Repo', { repositoryId: 'apps', location: 'europe-west1' });
    new TerraformOutput(stack, 'url', { value: repo.repositoryUrl });
    new TerraformOutput(stack, 'name', { value: repo.repositoryName });
    const out = synth(stack).output!;
    const json = { url: out.url.value, name: out.name.value };
    expect(json.url).toBe(`europe-west1-docker.pkg.dev/\${google_artifact_registry_repository.${repo.resource.friendlyUniqueId}.project}/apps`);
    expect(json.name).toBe('${' + `google_artifact_registry_repository.${repo.resource.friendlyUniqueId}.id}`);
  });

  test('a bad image, tag or digest is refused with all problems', () => {
    const repo = repoIn(gcpStack());
    const msg = errorOf(() => repo.imageUriForTag('Team/API', 'v 1')).message;
    expect(msg).toContain('test/Repo: image is not an image name (got "Team/API")');
    expect(msg).toContain('tag is not a valid image tag (got "v 1")');
    expect(errorOf(() => repo.imageUriForDigest('api', 'latest')).message).toContain('digest is not an image digest (got "latest")');
  });
});

describe('ArtifactRegistryRepo validation', () => {
  test.each([
    ['', 'repositoryId must be 1-63 characters long, not 0'],
    ['a'.repeat(64), 'repositoryId must be 1-63 characters long, not 64'],
    ['Apps', 'repositoryId contains characters Artifact Registry does not allow'],
    ['1apps', 'repositoryId does not start with a lowercase letter'],
    ['apps-', 'repositoryId ends with a hyphen'],
    ['team/apps', 'repositoryId contains characters Artifact Registry does not allow'],
  ])('repository id %j', (repositoryId, message) => {
    expect(messageOf({ repositoryId })).toContain(`test/Repo: ${message}`);
  });

  test.each([
    ['EUROPE-WEST1', 'location is not an Artifact Registry location'],
    ['eu', 'location is not an Artifact Registry location'],
    ['europe-west1-b', 'location is not an Artifact Registry location'],
  ])('location %j', (location, message) => {
    expect(messageOf({ location })).toContain(message);
  });

  test('multi-regions and regions are accepted', () => {
    for (const location of ['us', 'europe', 'asia', 'us-central1', 'europe-west10', 'northamerica-northeast2']) {
      expect(() => repoIn(gcpStack(), { location })).not.toThrow();
    }
  });

  test('a token location is refused, since the host is built from it', () => {
    const stack = gcpStack();
    const token = new TerraformVariable(stack, 'loc', { type: 'string' }).stringValue;
    expect(errorOf(() => repoIn(stack, { location: token })).message).toContain('location must be a literal, not a token');
  });

  test('project id and number', () => {
    expect(messageOf({ project: 'Acme' })).toContain('project is not a GCP project id (got "Acme")');
    expect(messageOf({ projectNumber: 'acme-prod' })).toContain('projectNumber is not a GCP project number (got "acme-prod")');
  });

  test('labels: count, key shape, value shape and length, all at once', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 65; i++) many[`k${i}`] = 'v';
    expect(messageOf({ labels: many })).toContain('labels has 65 labels');
    const msg = messageOf({ labels: { Team: 'x', '1a': 'x', 'a.b': 'x', ok: 'Payments', long: 'x'.repeat(64), ['k'.repeat(64)]: 'x' } });
    expect(msg).toContain('labels["Team"] has a key that does not start with a lowercase letter');
    expect(msg).toContain('labels["1a"] has a key that does not start with a lowercase letter');
    expect(msg).toContain('labels["a.b"] has a key with characters GCP labels do not allow');
    expect(msg).toContain('labels["ok"] has a value with characters GCP labels do not allow (got "Payments")');
    expect(msg).toContain('labels["long"] has a value of 64 characters');
    expect(msg).toContain(`labels["${'k'.repeat(64)}"] has a key of 64 characters`);
  });

  test('KMS key name shape and location', () => {
    expect(messageOf({ kmsKeyName: 'projects/p/keyRings/r/cryptoKeys/k' })).toContain('kmsKeyName is not a Cloud KMS key name');
    expect(messageOf({ kmsKeyName: KEY.replace('europe-west1', 'us') })).toContain(`kmsKeyName is in location "us", not the repository's "europe-west1"`);
  });

  test('every violation is reported at once', () => {
    const msg = messageOf({ repositoryId: 'Apps', location: 'mars', labels: { A: 'b' } });
    expect(msg.split('\n')).toHaveLength(5);
  });
});

describe('ArtifactRegistryRepo modes', () => {
  test('remote Docker Hub with credentials grants the service agent the secret and depends on it', () => {
    const stack = gcpStack();
    const repo = repoIn(stack, {
      mode: GarRepositoryMode.REMOTE,
      remoteUpstream: GarRemoteUpstream.dockerHub(),
      remoteCredentials: { username: 'acme', passwordSecretVersion: 'projects/acme-prod/secrets/dockerhub/versions/latest' },
      projectNumber: '123456789012',
    });
    const json = synth(stack);
    const r = onlyResource(json, REPO);
    expect(r.mode).toBe('REMOTE_REPOSITORY');
    expect(r.docker_config).toBeUndefined();
    expect(r.remote_repository_config).toEqual({
      description: 'Docker Hub',
      docker_repository: { public_repository: 'DOCKER_HUB' },
      upstream_credentials: { username_password_credentials: { username: 'acme', password_secret_version: 'projects/acme-prod/secrets/dockerhub/versions/latest' } },
    });
    const grant = onlyResource(json, SECRET_GRANT);
    expect(grant).toMatchObject({ secret_id: 'projects/acme-prod/secrets/dockerhub', role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:service-123456789012@gcp-sa-artifactregistry.iam.gserviceaccount.com' });
    expect(r.depends_on).toEqual([`${SECRET_GRANT}.${repo.secretGrant!.friendlyUniqueId}`]);
  });

  test('remote custom upstream', () => {
    const json = synthGcp((s) => repoIn(s as TerraformStack, { mode: GarRepositoryMode.REMOTE, remoteUpstream: GarRemoteUpstream.custom('https://ghcr.io') }));
    expect(onlyResource(json, REPO).remote_repository_config).toEqual({ description: 'https://ghcr.io', common_repository: { uri: 'https://ghcr.io' } });
  });

  test('remote settings are checked', () => {
    expect(messageOf({ mode: GarRepositoryMode.REMOTE })).toContain('remoteUpstream is required for a remote repository');
    expect(messageOf({ mode: GarRepositoryMode.REMOTE, remoteUpstream: GarRemoteUpstream.custom('ghcr.io') })).toContain('remoteUpstream.uri is not an upstream URI (got "ghcr.io")');
    const msg = messageOf({ mode: GarRepositoryMode.REMOTE, remoteUpstream: GarRemoteUpstream.dockerHub(), remoteCredentials: { username: '', passwordSecretVersion: 'dockerhub' }, immutableTags: true });
    expect(msg).toContain('remoteCredentials.username is empty');
    expect(msg).toContain('remoteCredentials.passwordSecretVersion is not a secret version name (got "dockerhub")');
    expect(msg).toContain('immutableTags only applies to standard repositories, not REMOTE_REPOSITORY');
  });

  test('virtual repository with ordered upstreams', () => {
    const stack = gcpStack();
    const a = new ArtifactRegistryRepo(stack, 'A', { repositoryId: 'apps', location: 'europe-west1', project: 'acme-prod' });
    new ArtifactRegistryRepo(stack, 'V', {
      repositoryId: 'all',
      location: 'europe-west1',
      project: 'acme-prod',
      mode: GarRepositoryMode.VIRTUAL,
      virtualUpstreams: [
        { repositoryName: a.repositoryName, priority: 100 },
        { repositoryName: 'projects/acme-prod/locations/europe-west1/repositories/dockerhub', priority: 10, id: 'hub' },
      ],
    });
    const v = Object.values(resourcesOf(synth(stack), REPO)).find((r: any) => r.repository_id === 'all');
    expect(v.mode).toBe('VIRTUAL_REPOSITORY');
    expect(v.docker_config).toBeUndefined();
    expect(v.virtual_repository_config).toEqual({
      upstream_policies: [
        { id: 'apps', repository: 'projects/acme-prod/locations/europe-west1/repositories/apps', priority: 100 },
        { id: 'hub', repository: 'projects/acme-prod/locations/europe-west1/repositories/dockerhub', priority: 10 },
      ],
    });
  });

  test('virtual settings are checked', () => {
    expect(messageOf({ mode: GarRepositoryMode.VIRTUAL })).toContain('virtualUpstreams are required for a virtual repository');
    const msg = messageOf({
      mode: GarRepositoryMode.VIRTUAL,
      virtualUpstreams: [
        { repositoryName: 'apps', priority: 1 },
        { repositoryName: 'projects/p/locations/us/repositories/r', priority: 1, id: 'Bad' },
        { repositoryName: 'projects/p/locations/europe-west1/repositories/r', priority: -1 },
      ],
    });
    expect(msg).toContain('virtualUpstreams[0].repositoryName is not a repository name');
    expect(msg).toContain(`virtualUpstreams[1].repositoryName is in location "us", not the virtual repository's "europe-west1"`);
    expect(msg).toContain('virtualUpstreams[1].priority repeats the priority of virtualUpstreams[0]');
    expect(msg).toContain('virtualUpstreams[1].id is not a valid upstream policy id');
    expect(msg).toContain('virtualUpstreams[2].priority must be a whole number ≥ 0');
  });

  test('settings of another mode are refused', () => {
    const msg = messageOf({ remoteUpstream: GarRemoteUpstream.dockerHub(), disableUpstreamValidation: true, virtualUpstreams: [] });
    expect(msg).toContain('remoteUpstream only applies to remote repositories, not STANDARD_REPOSITORY');
    expect(msg).toContain('disableUpstreamValidation only applies to remote repositories');
    expect(msg).toContain('virtualUpstreams only apply to virtual repositories');
  });
});

describe('ArtifactRegistryRepo encryption', () => {
  test('CMEK grants the service agent (project number looked up) and the repository depends on the grant', () => {
    const stack = gcpStack();
    const repo = repoIn(stack, { kmsKeyName: KEY });
    const json = synth(stack);
    const r = onlyResource(json, REPO);
    expect(r.kms_key_name).toBe(KEY);
    const grant = onlyResource(json, KMS_GRANT);
    expect(grant.crypto_key_id).toBe(KEY);
    expect(grant.role).toBe('roles/cloudkms.cryptoKeyEncrypterDecrypter');
    expect(grant.member).toBe(`serviceAccount:service-\${data.google_project.${repo.projectLookupData!.friendlyUniqueId}.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com`);
    expect(json.data!.google_project[repo.projectLookupData!.friendlyUniqueId]).toEqual({ project_id: 'acme-prod' });
    expect(r.depends_on).toEqual([`${KMS_GRANT}.${repo.kmsKeyGrant!.friendlyUniqueId}`]);
  });

  test('a given project number needs no lookup', () => {
    const json = synthGcp((s) => repoIn(s as TerraformStack, { kmsKeyName: KEY, projectNumber: '42' }));
    expect(onlyResource(json, KMS_GRANT).member).toBe('serviceAccount:service-42@gcp-sa-artifactregistry.iam.gserviceaccount.com');
    expect(json.data).toBeUndefined();
  });
});

describe('ArtifactRegistryRepo APIs', () => {
  test('enableApis enables what the features need, never disabling on destroy, shared and once', () => {
    const stack = gcpStack();
    const a = repoIn(stack, { enableApis: true, kmsKeyName: KEY, projectNumber: '42' });
    new ArtifactRegistryRepo(stack, 'B', { repositoryId: 'b', location: 'europe-west1', project: 'acme-prod', enableApis: true, vulnerabilityScanning: false });
    const json = synth(stack);
    const services = Object.values(resourcesOf(json, SERVICE));
    expect(services.map((s: any) => s.service).sort()).toEqual([GcpApi.ARTIFACT_REGISTRY, GcpApi.CLOUD_KMS, GcpApi.CONTAINER_SCANNING].sort());
    for (const s of services) expect(s).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false, project: 'acme-prod' });
    expect(resourcesOf(json, REPO)[a.resource.friendlyUniqueId].depends_on).toHaveLength(4);
  });

  test('GcpProjectServices on its own', () => {
    const json = synthGcp((s) => new GcpProjectServices(s, 'Apis', { services: [GcpApi.ON_DEMAND_SCANNING] }));
    expect(onlyResource(json, SERVICE)).toEqual({ service: 'ondemandscanning.googleapis.com', disable_on_destroy: false, disable_dependent_services: false });
  });

  test('an unknown API is refused', () => {
    expect(errorOf(() => new GcpProjectServices(gcpStack(), 'Apis', { services: ['compute.googleapis.com' as GcpApi] })).message).toContain('services[0] is not a known API');
  });
});

describe('ArtifactRegistryRepo cleanup', () => {
  test('a retention policy compiles to cleanup policies in seconds, dry run as given', () => {
    const policy = RetentionPolicy.of({
      rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 }), RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 30 })],
    });
    const json = synthGcp((s) => repoIn(s as TerraformStack, { retentionPolicy: policy, cleanupPolicyDryRun: false }));
    const r = onlyResource(json, REPO);
    expect(r.cleanup_policy_dry_run).toBe(false);
    expect(r.cleanup_policies).toEqual([
      { id: 'keep-protected-tags', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['v'] } },
      { id: 'delete-untagged-7d', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '604800s' } },
      { id: 'delete-tagged-30d', action: 'DELETE', condition: { tag_state: 'TAGGED', tag_prefixes: ['pr-'], older_than: '2592000s' } },
    ]);
  });

  test('native policies: durations become seconds, mostRecentVersions passes through', () => {
    const json = synthGcp((s) =>
      repoIn(s as TerraformStack, {
        cleanupPolicyDryRun: true,
        cleanupPolicies: [
          { name: 'keep-10', action: { type: GarActionType.KEEP }, mostRecentVersions: { keepCount: 10 } },
          { name: 'old', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.ANY, olderThan: '90d' } },
        ],
      }),
    );
    expect(onlyResource(json, REPO).cleanup_policies).toEqual([
      { id: 'keep-10', action: 'KEEP', most_recent_versions: { keep_count: 10 } },
      { id: 'old', action: 'DELETE', condition: { tag_state: 'ANY', older_than: '7776000s' } },
    ]);
    expect(onlyResource(json, REPO).cleanup_policy_dry_run).toBe(true);
  });

  test('dry run warns that nothing is deleted yet', () => {
    const repo = repoIn(gcpStack(), { cleanupPolicyDryRun: true, retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] }) });
    expect(warningsOf(repo)).toEqual(['cleanupPolicyDryRun is true: cleanup policies are evaluated and logged, nothing is deleted until it is set to false']);
  });

  test('a KEEP-only set warns that it deletes nothing', () => {
    const repo = repoIn(gcpStack(), { cleanupPolicyDryRun: false, cleanupPolicies: [{ name: 'keep', action: { type: GarActionType.KEEP }, mostRecentVersions: { keepCount: 5 } }] });
    expect(warningsOf(repo)).toEqual([expect.stringContaining('cleanup policies are all KEEP policies, which delete nothing on their own')]);
  });

  test('cleanupPolicyDryRun is required with cleanup and refused without', () => {
    expect(messageOf({ retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] }) })).toContain('cleanupPolicyDryRun must be set when there are cleanup policies (got undefined)');
    expect(messageOf({ cleanupPolicyDryRun: true })).toContain('cleanupPolicyDryRun has no effect without cleanup policies');
  });

  test('retentionPolicy and cleanupPolicies together are refused', () => {
    expect(messageOf({ retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] }), cleanupPolicies: [], cleanupPolicyDryRun: false })).toContain('retentionPolicy cannot be combined with cleanupPolicies');
  });

  test('native grammar errors name the property: prefixes force TAGGED, mostRecentVersions only with KEEP, ≤ 10', () => {
    const msg = messageOf({
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { name: 'a', action: { type: GarActionType.DELETE }, condition: { tagPrefixes: ['v'], olderThan: '30d' } },
        { name: 'b', action: { type: GarActionType.DELETE }, mostRecentVersions: { keepCount: 3 } },
        { name: 'c', action: { type: GarActionType.DELETE }, condition: { olderThan: 'forever' } },
      ],
    });
    expect(msg).toContain('test/Repo: cleanupPolicies[0].condition.tagState must be TAGGED when tagPrefixes is set');
    expect(msg).toContain('cleanupPolicies[1].action.type must be Keep for a mostRecentVersions policy');
    expect(msg).toContain('cleanupPolicies[2].condition.olderThan is not a duration gcloud accepts (got "forever")');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, action: { type: GarActionType.DELETE }, condition: { olderThan: `${i + 1}d` } }));
    expect(messageOf({ cleanupPolicyDryRun: false, cleanupPolicies: eleven })).toContain('test/Repo: cleanupPolicies holds 11 cleanup policies, more than GAR allows');
  });

  test('"not pulled in 90 days" is refused by default, naming the options', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] });
    const msg = messageOf({ retentionPolicy: policy, cleanupPolicyDryRun: true });
    expect(msg).toContain('test/Repo: retentionPolicy.rules[0]');
    expect(msg).toContain('GAR records no pull time');
    expect(msg).toContain('allowApproximations');
    expect(msg).toContain('GarPullAuditLog');
    expect(msg).toContain('registry-lifecycle preview --dialect gar --pulls');
  });

  test('with allowRetentionApproximations it becomes "uploaded more than 90 days ago" and a warning', () => {
    const stack = gcpStack();
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] });
    const repo = repoIn(stack, { retentionPolicy: policy, allowRetentionApproximations: true, cleanupPolicyDryRun: true });
    expect(onlyResource(synth(stack), REPO).cleanup_policies).toContainEqual({ id: 'delete-older-than-90d', action: 'DELETE', condition: { tag_state: 'ANY', older_than: '7776000s' } });
    expect(warningsOf(repo)).toContainEqual(expect.stringContaining('approximated in GCP Artifact Registry (GAR) as "uploaded more than 90 days ago"'));
  });

  test('archive is refused even with approximations', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.ARCHIVE })] });
    expect(messageOf({ retentionPolicy: policy, allowRetentionApproximations: true, cleanupPolicyDryRun: true })).toContain('GAR has no archive storage');
  });

  test('a virtual repository takes no cleanup', () => {
    const msg = messageOf({
      mode: GarRepositoryMode.VIRTUAL,
      virtualUpstreams: [{ repositoryName: 'projects/p/locations/europe-west1/repositories/r', priority: 1 }],
      cleanupPolicyDryRun: false,
      cleanupPolicies: [{ name: 'old', action: { type: GarActionType.DELETE }, condition: { olderThan: '30d' } }],
    });
    expect(msg).toContain('cleanupPolicies do not apply to a virtual repository');
  });
});

describe('ArtifactRegistryRepo grants', () => {
  test('named grants use additive iam_member with least-privilege roles, once per member and role', () => {
    const stack = gcpStack();
    const repo = repoIn(stack);
    const runtime = GcpMember.serviceAccount('run@acme-prod.iam.gserviceaccount.com');
    repo.grantPull(runtime);
    repo.grantRead(runtime);
    repo.grantPush(CI);
    repo.grantDelete(GcpMember.group('ops@acme.com'));
    repo.grantAdmin(GcpMember.user('lead@acme.com'));
    repo.grant(GcpMember.domain('acme.com'), 'roles/artifactregistry.reader');
    repo.grant(GcpMember.principalSet('principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/attribute.repository/acme/shop'), 'roles/artifactregistry.writer');
    const members = Object.values(resourcesOf(synth(stack), IAM)).map((m: any) => [m.role, m.member]);
    expect(members).toHaveLength(6);
    expect(members).toEqual(expect.arrayContaining([
      ['roles/artifactregistry.reader', 'serviceAccount:run@acme-prod.iam.gserviceaccount.com'],
      ['roles/artifactregistry.writer', 'serviceAccount:ci@acme-prod.iam.gserviceaccount.com'],
      ['roles/artifactregistry.repoAdmin', 'group:ops@acme.com'],
      ['roles/artifactregistry.repoAdmin', 'user:lead@acme.com'],
      ['roles/artifactregistry.reader', 'domain:acme.com'],
      ['roles/artifactregistry.writer', 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/attribute.repository/acme/shop'],
    ]));
    const one = Object.values(resourcesOf(synth(stack), IAM))[0] as any;
    expect(one).toMatchObject({ project: 'acme-prod', location: 'europe-west1', repository: `\${${REPO}.${repo.resource.friendlyUniqueId}.name}` });
    expect(repo.iamMemberResources).toHaveLength(6);
  });

  test('public members are refused in grant; grantPublicPull grants allUsers reader with a warning', () => {
    const stack = gcpStack();
    const repo = repoIn(stack);
    expect(errorOf(() => repo.grantPull(GcpMember.allUsers())).message).toContain('grantee is allUsers, which would make the repository public');
    expect(errorOf(() => repo.grantPull(GcpMember.allAuthenticatedUsers())).message).toContain('call grantPublicPull()');
    repo.grantPublicPull();
    expect(onlyResource(synth(stack), IAM)).toMatchObject({ role: 'roles/artifactregistry.reader', member: 'allUsers' });
    expect(warningsOf(repo)).toEqual(['grantPublicPull: anyone on the internet can pull from europe-west1-docker.pkg.dev/acme-prod/apps (allUsers has roles/artifactregistry.reader)']);
  });

  test.each([
    [GcpMember.serviceAccount('ci@acme.com'), 'grantee is not a service account email'],
    [GcpMember.user('not-an-email'), 'grantee is not a user email'],
    [GcpMember.group('ci@acme-prod.iam.gserviceaccount.com'), 'grantee is a service account email given as a group'],
    [GcpMember.domain('ACME'), 'grantee is not a domain'],
    [GcpMember.principal('principalSet://iam.googleapis.com/x'), 'grantee is not a federated principal URI'],
    [GcpMember.principalSet('attribute.repository/acme/shop'), 'grantee is not a federated principal set URI'],
  ])('member %#', (member, message) => {
    expect(errorOf(() => repoIn(gcpStack()).grantPull(member)).message).toContain(message);
  });

  test.each([
    ['artifactregistry.reader', 'role is not an IAM role'],
    ['roles/artifactregistry.serviceAgent', 'role is the service agent role'],
    ['roles/owner', 'role is a basic role'],
  ])('role %j', (role, message) => {
    expect(errorOf(() => repoIn(gcpStack()).grant(CI, role)).message).toContain(message);
  });

  test('custom roles are accepted', () => {
    expect(() => repoIn(gcpStack()).grant(CI, 'projects/acme-prod/roles/garPuller')).not.toThrow();
  });

  test('a grantee can refuse a role', () => {
    const picky: IGarGrantee = { grantMembers: [CI], grantProblem: (role) => (role === 'roles/artifactregistry.writer' ? 'may only pull' : undefined) };
    const repo = repoIn(gcpStack());
    expect(() => repo.grantPull(picky)).not.toThrow();
    expect(errorOf(() => repo.grantPush(picky)).message).toContain('grantee may only pull');
  });

  test('push and delete on a virtual repository are refused', () => {
    const repo = repoIn(gcpStack(), { mode: GarRepositoryMode.VIRTUAL, virtualUpstreams: [{ repositoryName: 'projects/p/locations/europe-west1/repositories/r', priority: 1 }] });
    expect(errorOf(() => repo.grantPush(CI)).message).toContain('role cannot take effect on a virtual repository, which is read-only');
    expect(() => repo.grantPull(CI)).not.toThrow();
  });
});

describe('ArtifactRegistryRepo imports', () => {
  test('by attributes: literal URLs and grants on the repository id', () => {
    const stack = gcpStack();
    const repo = ArtifactRegistryRepo.fromRepositoryAttributes(stack, 'Ext', { project: 'shared-img', location: 'europe', repositoryId: 'base' });
    expect(repo.repositoryUrl).toBe('europe-docker.pkg.dev/shared-img/base');
    expect(repo.repositoryName).toBe('projects/shared-img/locations/europe/repositories/base');
    repo.grantPull(CI);
    expect(onlyResource(synth(stack), IAM)).toEqual({ project: 'shared-img', location: 'europe', repository: 'base', role: 'roles/artifactregistry.reader', member: 'serviceAccount:ci@acme-prod.iam.gserviceaccount.com' });
  });

  test('by full name', () => {
    const repo = ArtifactRegistryRepo.fromRepositoryName(gcpStack(), 'Ext', 'projects/shared-img/locations/us-east1/repositories/base');
    expect(repo.repositoryUrl).toBe('us-east1-docker.pkg.dev/shared-img/base');
    expect(repo.endpoint.host).toBe('us-east1-docker.pkg.dev');
  });

  test('bad attributes and names are refused', () => {
    expect(errorOf(() => ArtifactRegistryRepo.fromRepositoryName(gcpStack(), 'Ext', 'shared-img/base')).message).toContain('test/Ext: repositoryName is not a repository name');
    const msg = errorOf(() => ArtifactRegistryRepo.fromRepositoryAttributes(gcpStack(), 'Ext', { project: 'X', location: 'moon', repositoryId: 'B' })).message;
    expect(msg).toContain('project is not a GCP project id');
    expect(msg).toContain('location is not an Artifact Registry location');
    expect(msg).toContain('repositoryId contains characters');
  });
});

describe('ArtifactRegistryRepo input types', () => {
  test('non-string id, location and label value; unknown mode; an upstream that is not a GarRemoteUpstream', () => {
    const msg = messageOf({ repositoryId: 42 as any, location: 7 as any, labels: { team: 1 as any } });
    expect(msg).toContain('repositoryId must be a string (got 42)');
    expect(msg).toContain('location must be a string (got 7)');
    expect(msg).toContain('labels["team"] must be a string (got 1)');
    expect(messageOf({ mode: 'CACHE' as GarRepositoryMode })).toContain('mode is not a repository mode (got "CACHE")');
    expect(messageOf({ mode: GarRepositoryMode.REMOTE, remoteUpstream: { kind: 'DOCKER_HUB' } as any })).toContain('remoteUpstream is not a GarRemoteUpstream');
  });

  test('a grantee whose members are not GcpMembers, and a member value that is not a string', () => {
    const repo = repoIn(gcpStack());
    expect(errorOf(() => repo.grantPull({ grantMembers: ['user:a@b.com' as any], grantProblem: () => undefined })).message).toContain('grantee is not a GcpMember');
    expect(errorOf(() => repo.grantPull(GcpMember.user(5 as any))).message).toContain('grantee must be a string (got 5)');
  });

  test('an imported repository needs a project', () => {
    expect(errorOf(() => ArtifactRegistryRepo.fromRepositoryAttributes(gcpStack(), 'Ext', { location: 'us', repositoryId: 'base' } as any)).message).toContain('project is required');
  });

  test('token values are accepted unchecked where a literal is not needed', () => {
    const stack = gcpStack();
    const v = (name: string) => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    expect(() => repoIn(stack, { repositoryId: v('id'), project: v('p'), kmsKeyName: v('k'), projectNumber: v('n'), labels: { team: v('t') } })).not.toThrow();
  });
});

describe('ArtifactRegistryRepo virtual upstreams by reference', () => {
  test('an upstream given as a Terraform reference gets a positional policy id', () => {
    const stack = gcpStack();
    const upstream = new ArtifactRegistryRepo(stack, 'Up', { repositoryId: 'up', location: 'europe-west1' });
    new ArtifactRegistryRepo(stack, 'V', { repositoryId: 'all', location: 'europe-west1', mode: GarRepositoryMode.VIRTUAL, virtualUpstreams: [{ repositoryName: upstream.repositoryName, priority: 5 }] });
    const v = Object.values(resourcesOf(synth(stack), REPO)).find((r: any) => r.repository_id === 'all');
    expect(v.virtual_repository_config.upstream_policies).toEqual([{ id: 'upstream-1', repository: `\${${REPO}.${upstream.resource.friendlyUniqueId}.id}`, priority: 5 }]);
  });
});
