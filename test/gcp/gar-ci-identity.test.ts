import { ArtifactRegistryRepo, CiPlatform, CiSubject, GarCiAccess, GarCiIdentity, GcpApi } from '../../lib/gcp';
import { errorOf, onlyResource, resourcesOf, synth } from '../helpers';
import { gcpStack } from './helpers';

const POOL = 'google_iam_workload_identity_pool';
const PROVIDER = 'google_iam_workload_identity_pool_provider';
const IAM = 'google_artifact_registry_repository_iam_member';
const SA = 'google_service_account';
const SA_IAM = 'google_service_account_iam_member';

function setup() {
  const stack = gcpStack();
  const repo = new ArtifactRegistryRepo(stack, 'Repo', { repositoryId: 'apps', location: 'europe-west1', project: 'acme-prod' });
  return { stack, repo };
}

function messageOf(props: Partial<ConstructorParameters<typeof GarCiIdentity>[2]>): string {
  const { stack } = setup();
  return errorOf(() => new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', subjects: [CiSubject.gitHubBranch('acme/shop', 'main')], ...props })).message;
}

describe('GarCiIdentity for GitHub Actions', () => {
  test('pool, OIDC provider with mapping and a condition from the subjects, direct principalSet push grant', () => {
    const { stack, repo } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', {
      poolId: 'ci-pool',
      subjects: [CiSubject.gitHubBranch('acme/shop', 'main'), CiSubject.gitHubTag('acme/shop', 'v*')],
      repositories: [repo],
      access: GarCiAccess.PUSH,
    });
    const json = synth(stack);
    expect(onlyResource(json, POOL)).toMatchObject({ workload_identity_pool_id: 'ci-pool' });
    const provider = onlyResource(json, PROVIDER);
    expect(provider.workload_identity_pool_provider_id).toBe('github');
    expect(provider.oidc).toEqual({ issuer_uri: 'https://token.actions.githubusercontent.com' });
    expect(provider.attribute_mapping).toMatchObject({ 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' });
    expect(provider.attribute_condition).toBe(
      "(assertion.repository == 'acme/shop' && assertion.ref == 'refs/heads/main') || (assertion.repository == 'acme/shop' && assertion.ref.startsWith('refs/tags/v'))",
    );
    const grant = onlyResource(json, IAM);
    expect(grant.role).toBe('roles/artifactregistry.writer');
    expect(grant.member).toBe(`principalSet://iam.googleapis.com/\${${POOL}.${ci.pool.friendlyUniqueId}.name}/attribute.repository/acme/shop`);
    expect(resourcesOf(json, SA)).toEqual({});
    expect(ci.platform).toBe(CiPlatform.GITHUB_ACTIONS);
  });

  test('environment and extra condition', () => {
    const { stack } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', {
      poolId: 'ci-pool',
      subjects: [CiSubject.gitHubEnvironment('acme/shop', 'production')],
      attributeCondition: "assertion.repository_owner_id == '42'",
    });
    expect(ci.attributeCondition).toBe("(assertion.repository == 'acme/shop' && assertion.environment == 'production') && (assertion.repository_owner_id == '42')");
  });

  test('pull-request and any-ref subjects get pull access', () => {
    const { stack, repo } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', subjects: [CiSubject.gitHubPullRequest('acme/shop')], repositories: [repo] });
    expect(onlyResource(synth(stack), IAM).role).toBe('roles/artifactregistry.reader');
    expect(ci.attributeCondition).toBe("assertion.repository == 'acme/shop' && assertion.event_name == 'pull_request'");
    expect(errorOf(() => repo.grantPush(ci)).message).toContain('grantee is a CI identity that pull-request or any-ref jobs of acme/shop can use, so it may only pull');
    expect(errorOf(() => repo.grantDelete(ci)).message).toContain('asked: roles/artifactregistry.repoAdmin');
  });

  test('push for pull-request or any-ref subjects is refused unless opted in', () => {
    const msg = messageOf({ subjects: [CiSubject.gitHubPullRequest('acme/shop'), CiSubject.gitHubAnyRef('acme/tools')], access: GarCiAccess.PUSH });
    expect(msg).toContain('test/Ci: subjects[0] lets jobs that run unreviewed code (pull requests, any ref) use an identity with push access');
    expect(msg).toContain('subjects[1] lets jobs that run unreviewed code');
    const { stack, repo } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', subjects: [CiSubject.gitHubAnyRef('acme/shop')], access: GarCiAccess.DELETE, allowUntrustedSubjects: true, repositories: [repo] });
    expect(onlyResource(synth(stack), IAM).role).toBe('roles/artifactregistry.repoAdmin');
    expect(ci.grantProblem('roles/artifactregistry.writer')).toBeUndefined();
  });

  test('service account impersonation: workloadIdentityUser per repository, grants to the service account', () => {
    const { stack, repo } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', {
      poolId: 'ci-pool',
      subjects: [CiSubject.gitHubBranch('acme/shop', 'main'), CiSubject.gitHubBranch('acme/web', 'main')],
      serviceAccountId: 'gar-ci-push',
      repositories: [repo],
      access: GarCiAccess.PUSH,
      enableApis: true,
      project: 'acme-prod',
    });
    const json = synth(stack);
    expect(onlyResource(json, SA)).toMatchObject({ account_id: 'gar-ci-push', project: 'acme-prod' });
    const users = Object.values(resourcesOf(json, SA_IAM)) as any[];
    expect(users.map((u) => [u.role, u.member.replace(/\$\{[^}]+\}/, 'POOL')])).toEqual([
      ['roles/iam.workloadIdentityUser', 'principalSet://iam.googleapis.com/POOL/attribute.repository/acme/shop'],
      ['roles/iam.workloadIdentityUser', 'principalSet://iam.googleapis.com/POOL/attribute.repository/acme/web'],
    ]);
    expect(onlyResource(json, IAM).member).toBe(`serviceAccount:\${${SA}.${ci.serviceAccount!.friendlyUniqueId}.email}`);
    const services = Object.values(resourcesOf(json, 'google_project_service')).map((s: any) => s.service).sort();
    expect(services).toEqual([GcpApi.IAM, GcpApi.IAM_CREDENTIALS, GcpApi.STS].sort());
    expect(ci.serviceAccountEmail).toBeDefined();
    expect(ci.workloadIdentityProviderName).toBeDefined();
  });
});

describe('GarCiIdentity for GitLab', () => {
  test('protected branches and tags, gitlab.com by default, principalSet by project path', () => {
    const { stack, repo } = setup();
    const ci = new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', subjects: [CiSubject.gitLabBranch('acme/shop', 'main')], repositories: [repo], access: GarCiAccess.PUSH });
    const json = synth(stack);
    const provider = onlyResource(json, PROVIDER);
    expect(provider.workload_identity_pool_provider_id).toBe('gitlab');
    expect(provider.oidc).toEqual({ issuer_uri: 'https://gitlab.com' });
    expect(provider.attribute_mapping['attribute.project_path']).toBe('assertion.project_path');
    expect(ci.attributeCondition).toBe("assertion.project_path == 'acme/shop' && assertion.ref_type == 'branch' && assertion.ref == 'main' && assertion.ref_protected == 'true'");
    expect(onlyResource(json, IAM).member).toContain('/attribute.project_path/acme/shop');
    expect(ci.platform).toBe(CiPlatform.GITLAB);
  });

  test('self-managed issuer and tags', () => {
    const { stack } = setup();
    new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', providerId: 'gitlab-acme', subjects: [CiSubject.gitLabTag('acme/platform/shop', 'v*')], gitLabIssuerUri: 'https://gitlab.acme.com' });
    const provider = onlyResource(synth(stack), PROVIDER);
    expect(provider.oidc).toEqual({ issuer_uri: 'https://gitlab.acme.com' });
    expect(provider.attribute_condition).toBe("assertion.project_path == 'acme/platform/shop' && assertion.ref_type == 'tag' && assertion.ref.startsWith('v') && assertion.ref_protected == 'true'");
  });

  test('any-ref is untrusted', () => {
    expect(messageOf({ subjects: [CiSubject.gitLabAnyRef('acme/shop')], access: GarCiAccess.PUSH })).toContain('subjects[0] lets jobs that run unreviewed code');
  });
});

describe('GarCiIdentity validation', () => {
  test('subjects are required', () => {
    expect(messageOf({ subjects: [] })).toContain('subjects is empty: the provider would have no attribute condition');
  });

  test('subjects of one platform', () => {
    expect(messageOf({ subjects: [CiSubject.gitHubBranch('acme/shop', 'main'), CiSubject.gitLabBranch('acme/shop', 'main')] })).toContain('subjects mix GitHub Actions and GitLab subjects');
  });

  test('repository, project path, branch, tag and environment shapes', () => {
    const msg = messageOf({
      subjects: [
        CiSubject.gitHubBranch('acme', 'main'),
        CiSubject.gitHubTag('acme/shop', "v1' || true"),
        CiSubject.gitHubEnvironment('acme/shop', 'prod env'),
        CiSubject.gitHubBranch('acme/shop', 'a*b*'),
      ],
    });
    expect(msg).toContain('subjects[0].repository is not a GitHub repository (got "acme")');
    expect(msg).toContain('subjects[1].tag is not a valid tag name');
    expect(msg).toContain('subjects[2].environment is not a valid environment name');
    expect(msg).toContain('subjects[3].branch is not a valid branch name');
    expect(messageOf({ subjects: [CiSubject.gitLabBranch('shop', 'main')] })).toContain('subjects[0].repository is not a GitLab project path');
  });

  test('pool and provider ids', () => {
    expect(messageOf({ poolId: 'ci' })).toContain('poolId is not a valid pool id (got "ci")');
    expect(messageOf({ poolId: 'gcp-ci' })).toContain('poolId starts with "gcp-"');
    expect(messageOf({ providerId: 'GitHub' })).toContain('providerId is not a valid provider id');
  });

  test('attribute condition must reference a claim', () => {
    expect(messageOf({ attributeCondition: 'true' })).toContain('attributeCondition does not reference a token claim (got "true")');
  });

  test('GitLab issuer only with GitLab subjects, and an https URL', () => {
    expect(messageOf({ gitLabIssuerUri: 'https://gitlab.acme.com' })).toContain('gitLabIssuerUri only applies to GitLab subjects');
    expect(messageOf({ subjects: [CiSubject.gitLabBranch('acme/shop', 'main')], gitLabIssuerUri: 'http://gitlab.acme.com/' })).toContain('gitLabIssuerUri is not an https issuer URL');
  });

  test('service account id, project and access', () => {
    const msg = messageOf({ serviceAccountId: 'CI', project: 'X', access: 'write' as GarCiAccess });
    expect(msg).toContain('serviceAccountId is not a service account id');
    expect(msg).toContain('project is not a GCP project id');
    expect(msg).toContain('access is not an access level');
  });
});

describe('GarCiIdentity input types', () => {
  test('a subject that is not a CiSubject', () => {
    expect(messageOf({ subjects: ['repo:acme/shop:ref:refs/heads/main' as any] })).toContain('subjects[0] is not a CiSubject');
  });
});
