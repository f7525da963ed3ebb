import { RetentionPolicy, RetentionRule } from '../../lib/core/retention/policy';
import { HarborAccess, HarborRobotPermissions } from '../../lib/harbor/harbor-permissions';
import { DEFAULT_IMMUTABLE_TAGS, HarborDeploymentSecurity, HarborGroupType, HarborMember, HarborProject, HarborProjectProps, HarborRole } from '../../lib/harbor/harbor-project';
import { HarborRegistryEndpoint, HarborUpstreamKind } from '../../lib/harbor/harbor-registry-endpoint';
import { HarborRobotSecret } from '../../lib/harbor/harbor-robot-account';
import { HarborTls } from '../../lib/harbor/harbor-connection';
import { HarborSchedule } from '../../lib/harbor/harbor-schedule';
import { HarborRetention } from '../../lib/core/retention/registries';
import { validationMessageOf } from '../support/errors';
import { all, harborStack, only, synth, warnings } from './support';

function project(props: Partial<HarborProjectProps> = {}) {
  const { stack, connection } = harborStack();
  const p = new HarborProject(stack, 'Payments', { projectName: 'payments', ...props });
  return { stack, connection, project: p };
}

describe('HarborProject defaults', () => {
  test('private, scan on push, critical deployment security, cosign off, no force destroy, no quota', () => {
    const { stack } = project();
    const p = only(synth(stack), 'harbor_project');
    expect(p).toMatchObject({
      name: 'payments',
      public: false,
      vulnerability_scanning: true,
      deployment_security: 'critical',
      enable_content_trust_cosign: false,
      force_destroy: false,
      storage_quota: -1,
    });
    // The deprecated Notary flag is never written.
    expect(p).not.toHaveProperty('enable_content_trust');
    expect(p).not.toHaveProperty('registry_id');
    expect(p).not.toHaveProperty('proxy_speed_kb');
  });

  test('release tags are immutable by default, with one pattern per pair and the project referenced by its API path', () => {
    const { stack } = project();
    const json = synth(stack);
    const rule = only(json, 'harbor_immutable_tag_rule');
    expect(rule).toEqual(expect.objectContaining({ tag_matching: DEFAULT_IMMUTABLE_TAGS, repo_matching: '**', disabled: false }));
    expect(rule).not.toHaveProperty('tag_excluding');
    expect(rule).not.toHaveProperty('repo_excluding');
    expect(rule.project_id).toMatch(/^\$\{harbor_project\.[A-Za-z0-9_]+\.id\}$/);
  });

  test('immutableTagRules: [] makes every tag mutable', () => {
    const { stack } = project({ immutableTagRules: [] });
    expect(all(synth(stack), 'harbor_immutable_tag_rule')).toEqual([]);
  });

  test('settings are written as given', () => {
    const { stack } = project({
      public: true,
      scanOnPush: false,
      deploymentSecurity: HarborDeploymentSecurity.HIGH,
      cveAllowlist: ['CVE-2024-3094'],
      requireCosignSignature: true,
      storageQuotaGiB: 50,
      forceDestroy: true,
      vulnerabilityScanner: 'Trivy',
      autoSbomGeneration: true,
    });
    expect(only(synth(stack), 'harbor_project')).toMatchObject({
      public: true,
      vulnerability_scanning: false,
      deployment_security: 'high',
      cve_allowlist: ['CVE-2024-3094'],
      enable_content_trust_cosign: true,
      storage_quota: 50,
      force_destroy: true,
      vulnerability_scanner: 'Trivy',
      auto_sbom_generation: true,
    });
  });

  test('deploymentSecurity OFF leaves the attribute unset (the provider then sends prevent_vul=false)', () => {
    const { stack } = project({ deploymentSecurity: HarborDeploymentSecurity.OFF });
    expect(only(synth(stack), 'harbor_project')).not.toHaveProperty('deployment_security');
  });
});

describe('HarborProject validation', () => {
  const { stack } = harborStack();
  let n = 0;
  const make = (props: Partial<HarborProjectProps>) => () => new HarborProject(stack, `P${n++}`, { projectName: 'ok', ...props });

  test('project name', () => {
    expect(validationMessageOf(make({ projectName: 'Payments_' }))).toMatch(/test\/P\d+: projectName is not a valid Harbor project name \(got "Payments_"\); lowercase letters/);
    expect(validationMessageOf(make({ projectName: 'a'.repeat(256) }))).toMatch(/projectName must be 1-255 characters long, not 256/);
  });

  test('cve allowlist entries and an allowlist without deployment security', () => {
    expect(validationMessageOf(make({ cveAllowlist: ['CVE-2024-1', 'GHSA-x'] }))).toMatch(/cveAllowlist\[0\] is not a CVE id \(got "CVE-2024-1"\)[\s\S]*cveAllowlist\[1\] is not a CVE id/);
    expect(validationMessageOf(make({ cveAllowlist: ['CVE-2024-3094'], deploymentSecurity: HarborDeploymentSecurity.OFF }))).toMatch(/cveAllowlist has no effect with deploymentSecurity OFF/);
  });

  test('storage quota must be whole GiB', () => {
    expect(validationMessageOf(make({ storageQuotaGiB: 0.5 }))).toMatch(/storageQuotaGiB must be a whole number of GiB, at least 1 \(got 0.5\)/);
    expect(validationMessageOf(make({ storageQuotaGiB: -1 }))).toMatch(/storageQuotaGiB must be a whole number of GiB/);
  });

  test('trap: proxy-only settings without a proxy-cache endpoint are refused at synth, not at apply', () => {
    const message = validationMessageOf(make({ proxySpeedKb: 1000, proxyCacheLocalOnNotFound: true }));
    expect(message).toMatch(/proxySpeedKb is only allowed on a proxy-cache project \(Harbor refuses it at apply otherwise\) \(got 1000\); set proxyCacheEndpoint/);
    expect(message).toMatch(/proxyCacheLocalOnNotFound is only allowed on a proxy-cache project/);
  });

  test('trap: an immutable rule with both a matching and an excluding pattern is refused (perpetual drift)', () => {
    expect(validationMessageOf(make({ immutableTagRules: [{ tagMatching: 'v*', tagExcluding: 'dev-*' }] }))).toMatch(
      /immutableTagRules\[0\] sets both tagMatching and tagExcluding: the provider keeps only the excluding pattern and then shows a change on every plan/,
    );
    expect(validationMessageOf(make({ immutableTagRules: [{ tagMatching: 'v*', repoMatching: 'a', repoExcluding: 'b' }] }))).toMatch(/immutableTagRules\[0\] sets both repoMatching and repoExcluding/);
    expect(validationMessageOf(make({ immutableTagRules: [{ repoMatching: '**' }] }))).toMatch(/immutableTagRules\[0\] sets neither tagMatching nor tagExcluding/);
    expect(validationMessageOf(make({ immutableTagRules: [{ tagMatching: '[v' }] }))).toMatch(/immutableTagRules\[0\].tagMatching is not a valid doublestar pattern/);
  });

  test('an excluding rule writes only the excluding pattern', () => {
    const { stack: s } = harborStack();
    new HarborProject(s, 'P', { projectName: 'p', immutableTagRules: [{ tagExcluding: 'dev-*', repoExcluding: 'sandbox/**' }] });
    const rule = only(synth(s), 'harbor_immutable_tag_rule');
    expect(rule).toMatchObject({ tag_excluding: 'dev-*', repo_excluding: 'sandbox/**' });
    expect(rule).not.toHaveProperty('repo_matching');
    expect(rule).not.toHaveProperty('tag_matching');
  });

  test('all violations at once', () => {
    const message = validationMessageOf(make({ projectName: 'X', storageQuotaGiB: 0, proxySpeedKb: 5 }));
    expect(message.split('\n')).toHaveLength(3);
  });
});

describe('HarborProject retention', () => {
  const neutral = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 }), RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] })] });

  test('a neutral policy is compiled by HarborRetention, scoped to the project, scheduled Daily', () => {
    const { stack } = project({ retentionPolicy: neutral });
    const r = only(synth(stack), 'harbor_retention_policy');
    const expected = HarborRetention.compile(neutral);
    expect(r.schedule).toBe('Daily');
    expect(r.scope).toMatch(/^\$\{harbor_project\.[A-Za-z0-9_]+\.id\}$/);
    expect(r.rule).toHaveLength(expected.rules.length);
    expect(r.rule[0]).toMatchObject({ most_recently_pushed: 20, tag_matching: '**', repo_matching: '**' });
  });

  test('native rules and a cron schedule', () => {
    const { stack } = project({
      retentionRules: [{ mostRecentlyPushed: 10, repoMatching: '**', tagMatching: '**' }],
      retentionSchedule: HarborSchedule.cron('0 30 2 * * *'),
    });
    const r = only(synth(stack), 'harbor_retention_policy');
    expect(r.schedule).toBe('0 30 2 * * *');
    expect(r.rule).toEqual([{ most_recently_pushed: 10, repo_matching: '**', tag_matching: '**' }]);
  });

  test('native rules: more than 15, or a rule with two conditions, are refused with the props named', () => {
    const rule = { mostRecentlyPushed: 1, repoMatching: '**', tagMatching: '**' };
    const { stack } = harborStack();
    expect(validationMessageOf(() => new HarborProject(stack, 'A', { projectName: 'a', retentionRules: Array(16).fill(rule) }))).toMatch(/test\/A: retentionRules must hold 1 to 15 rules \(got "16 rules"\)/);
    expect(validationMessageOf(() => new HarborProject(stack, 'B', { projectName: 'b', retentionRules: [{ ...rule, alwaysRetain: true }] }))).toMatch(/retentionRules\[0\]\.alwaysRetain\/mostRecentlyPushed set together/);
  });

  test('trap: a lower-case named schedule (perpetual diff) and an invalid cron are refused', () => {
    const { stack } = harborStack();
    expect(validationMessageOf(() => new HarborProject(stack, 'A', { projectName: 'a', retentionPolicy: neutral, retentionSchedule: HarborSchedule.cron('daily') }))).toMatch(
      /retentionSchedule names a schedule in a case Harbor does not report back, which shows as a change on every plan \(got "daily"\); HarborSchedule.DAILY/,
    );
    const fiveFields = validationMessageOf(() => new HarborProject(stack, 'B', { projectName: 'b', retentionPolicy: neutral, retentionSchedule: HarborSchedule.cron('0 2 * * *') }));
    expect(fiveFields).toMatch(/retentionSchedule is neither Hourly, Daily, Weekly nor a 6-field cron \(5 fields\)/);
    expect(fiveFields.split('\n')).toHaveLength(1);
    expect(validationMessageOf(() => new HarborProject(stack, 'C', { projectName: 'c', retentionPolicy: neutral, retentionSchedule: HarborSchedule.cron('0 61 25 * * *') }))).toMatch(
      /invalid minute field "61"[\s\S]*invalid hour field "25"/,
    );
    expect(validationMessageOf(() => new HarborProject(stack, 'D', { projectName: 'd', retentionPolicy: neutral, retentionSchedule: HarborSchedule.cron('Monthly') }))).toMatch(/retentionSchedule is neither/);
  });

  test('retention policy and native rules together, or a schedule without either, are refused', () => {
    const { stack } = harborStack();
    expect(validationMessageOf(() => new HarborProject(stack, 'A', { projectName: 'a', retentionPolicy: neutral, retentionRules: [] }))).toMatch(/retentionPolicy cannot be combined with retentionRules/);
    expect(validationMessageOf(() => new HarborProject(stack, 'B', { projectName: 'b', retentionSchedule: HarborSchedule.WEEKLY }))).toMatch(/retentionSchedule has no retention policy to schedule/);
  });

  test('trap: Harbor has one retention policy per project and the provider adopts an existing one, so a second construct for the same project is refused', () => {
    const { stack, project: p } = project({ retentionPolicy: neutral });
    expect(validationMessageOf(() => new HarborProject(stack, 'Again', { projectName: 'payments', retentionPolicy: neutral }))).toMatch(
      /test\/Again: projectName is already managed by test\/Payments on the same Harbor \(got "payments"\); one HarborProject per project/,
    );
    expect(all(synth(stack), 'harbor_retention_policy')).toHaveLength(1);
    expect(p.retentionRules.length).toBeGreaterThan(0);
  });

  test('trap: deleting the construct empties the policy instead of removing it, and the docs say so', () => {
    const doc = require('fs').readFileSync(require('path').join(__dirname, '..', '..', 'docs', 'harbor.md'), 'utf8');
    expect(doc).toContain('does not delete it in Harbor: it\nempties it');
  });

  test('a neutral intent Harbor cannot express is refused under retentionPolicy', () => {
    const { stack } = harborStack();
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['v*'] })] });
    expect(validationMessageOf(() => new HarborProject(stack, 'A', { projectName: 'a', retentionPolicy: policy }))).toMatch(/^test\/A: retentionPolicy\.rules\[0\] cannot be expressed on Harbor: .*\(got "keepMostRecent 5 \[v\*\]"\); nearest: /);
  });
});

describe('HarborProject proxy cache', () => {
  test('a project bound to a Docker Hub endpoint, with proxy settings; credentials from a sensitive variable', () => {
    const { stack } = harborStack();
    const hub = new HarborRegistryEndpoint(stack, 'DockerHub', { name: 'docker-hub', kind: HarborUpstreamKind.DOCKER_HUB, accessId: 'acme', accessSecretVariable: 'dockerhub_token' });
    new HarborProject(stack, 'Cache', { projectName: 'dockerhub', proxyCacheEndpoint: hub, proxySpeedKb: 10240, proxyCacheLocalOnNotFound: true });
    const json = synth(stack);
    const registry = only(json, 'harbor_registry');
    expect(registry).toMatchObject({ name: 'docker-hub', provider_name: 'docker-hub', endpoint_url: 'https://hub.docker.com', access_id: 'acme', access_secret: '${var.dockerhub_token}', insecure: false });
    expect(json.variable.dockerhub_token.sensitive).toBe(true);
    expect(only(json, 'harbor_project')).toMatchObject({ registry_id: expect.stringMatching(/harbor_registry\..*\.registry_id/), proxy_speed_kb: 10240, proxy_cache_local_on_not_found: true });
  });

  test('an unverified upstream only by name, with a warning; anonymous access writes no credentials', () => {
    const { stack } = harborStack();
    new HarborRegistryEndpoint(stack, 'Lab', { name: 'lab', kind: HarborUpstreamKind.DOCKER_REGISTRY, endpointUrl: 'http://registry.lab:5000', tls: HarborTls.UNVERIFIED_INSECURE });
    const registry = only(synth(stack), 'harbor_registry');
    expect(registry).toMatchObject({ insecure: true, endpoint_url: 'http://registry.lab:5000' });
    expect(registry).not.toHaveProperty('access_secret');
    expect(warnings(stack).join('\n')).toMatch(/tls is UNVERIFIED_INSECURE: Harbor does not authenticate http:\/\/registry.lab:5000/);
  });

  test('a proxy-cache project has no immutability rule by default; rules given anyway are warned about', () => {
    const { stack } = harborStack();
    const hub = new HarborRegistryEndpoint(stack, 'DockerHub', { name: 'docker-hub', kind: HarborUpstreamKind.DOCKER_HUB });
    new HarborProject(stack, 'Cache', { projectName: 'dockerhub', proxyCacheEndpoint: hub });
    expect(all(synth(stack), 'harbor_immutable_tag_rule')).toEqual([]);
    expect(warnings(stack)).toEqual([]);
    new HarborProject(stack, 'Pinned', { projectName: 'pinned', proxyCacheEndpoint: hub, immutableTagRules: [{ tagMatching: 'v*' }] });
    expect(warnings(stack).join('\n')).toMatch(/immutableTagRules on a proxy-cache project keep the first cached copy of a matching tag/);
  });

  test('endpoint validation: URL required for ECR, https only, credentials in pairs', () => {
    const { stack } = harborStack();
    expect(validationMessageOf(() => new HarborRegistryEndpoint(stack, 'E', { name: 'ecr', kind: HarborUpstreamKind.AWS_ECR }))).toMatch(/endpointUrl is required for aws/);
    expect(validationMessageOf(() => new HarborRegistryEndpoint(stack, 'F', { name: 'q', kind: HarborUpstreamKind.QUAY, endpointUrl: 'http://quay.io' }))).toMatch(/endpointUrl is not an https URL/);
    expect(validationMessageOf(() => new HarborRegistryEndpoint(stack, 'G', { name: 'g', kind: HarborUpstreamKind.GITHUB_GHCR, accessId: 'me' }))).toMatch(/accessSecretVariable is missing: credentials need both/);
    expect(validationMessageOf(() => new HarborRegistryEndpoint(stack, 'H', { name: 'bad name', kind: 'nope' as HarborUpstreamKind }))).toMatch(/name is not a valid endpoint name[\s\S]*kind is not a known registry kind/);
  });
});

describe('HarborProject robots and members', () => {
  test('a push robot and a pull robot, least privilege, in the project by name', () => {
    const { stack, project: p } = project();
    p.addRobotAccount('CiPush', { name: 'ci', permissions: HarborRobotPermissions.PUSH, expiresInDays: 90, secret: HarborRobotSecret.sensitiveOutput('payments_ci_secret') });
    p.addRobotAccount('RuntimePull', { name: 'runtime', permissions: HarborRobotPermissions.PULL });
    const json = synth(stack);
    const robots = all(json, 'harbor_robot_account');
    const ci = robots.find((r) => r.name === 'ci');
    const runtime = robots.find((r) => r.name === 'runtime');
    expect(ci).toMatchObject({ level: 'project', duration: 90, disable: false });
    expect(ci.permissions).toEqual([
      {
        kind: 'project',
        namespace: expect.stringMatching(/harbor_project\..*\.name/),
        access: [
          { resource: 'repository', action: 'pull', effect: 'allow' },
          { resource: 'repository', action: 'push', effect: 'allow' },
        ],
      },
    ]);
    expect(runtime.permissions[0].access).toEqual([{ resource: 'repository', action: 'pull', effect: 'allow' }]);
    expect(runtime.duration).toBe(-1);
    expect(json.output.payments_ci_secret).toMatchObject({ sensitive: true, value: expect.stringMatching(/harbor_robot_account\..*\.secret/) });
  });

  test('a write-only secret comes from a sensitive variable and is never stored in state', () => {
    const { stack, project: p } = project();
    p.addRobotAccount('Ci', { name: 'ci', permissions: HarborRobotPermissions.PUSH, secret: HarborRobotSecret.writeOnly('ci_robot_secret', 1) });
    const json = synth(stack);
    expect(only(json, 'harbor_robot_account')).toMatchObject({ secret_wo: '${var.ci_robot_secret}', secret_wo_version: 1 });
    expect(only(json, 'harbor_robot_account')).not.toHaveProperty('secret');
    expect(json.variable.ci_robot_secret.sensitive).toBe(true);
  });

  test('trap: action/resource pairs Harbor refuses are refused at synth, every one named', () => {
    const { project: p } = project();
    const message = validationMessageOf(() =>
      p.addRobotAccount('Bad', {
        name: 'bad',
        permissions: HarborRobotPermissions.custom([HarborAccess.of('repository', 'stop'), HarborAccess.of('garbage-collection', 'create'), HarborAccess.of('artifact', 'delete'), HarborAccess.of('artifact', 'delete')]),
      }),
    );
    expect(message).toMatch(/test\/Payments\/Bad: permissions\[0\]\.access\[0\] is a pair Harbor refuses: repository has no action "stop" at project level \(got "repository:stop"\); repository with read, update, delete, list, pull, push/);
    expect(message).toMatch(/permissions\[0\]\.access\[1\] names a resource Harbor does not grant robots at project level \(got "garbage-collection:create"\)/);
    expect(message).toMatch(/permissions\[0\]\.access\[3\] repeats an earlier entry/);
    expect(message).not.toMatch(/access\[2\]/);
  });

  test('robot name, expiry and secret options are checked', () => {
    const { project: p } = project();
    const message = validationMessageOf(() => p.addRobotAccount('Bad', { name: 'CI+x', permissions: HarborRobotPermissions.PULL, expiresInDays: 0, secret: HarborRobotSecret.writeOnly('ok', 0) }));
    expect(message).toMatch(/name is not a valid robot name \(got "CI\+x"\)/);
    expect(message).toMatch(/expiresInDays must be a whole number of days, at least 1 \(got 0\)/);
    expect(message).toMatch(/secret has an invalid write-only version \(got 0\)/);
  });

  test('members: users and groups with roles, referenced by the project API path', () => {
    const { stack, project: p } = project({ members: [HarborMember.user('alice', HarborRole.MAINTAINER)] });
    p.addMember(HarborMember.group('devs', HarborGroupType.LDAP, HarborRole.DEVELOPER, 'cn=devs,dc=example,dc=com'));
    const json = synth(stack);
    expect(only(json, 'harbor_project_member_user')).toMatchObject({ user_name: 'alice', role: 'maintainer', project_id: expect.stringMatching(/harbor_project\..*\.id\}$/) });
    expect(only(json, 'harbor_project_member_group')).toMatchObject({ group_name: 'devs', type: 'ldap', role: 'developer', ldap_group_dn: 'cn=devs,dc=example,dc=com' });
    expect(p.memberUserResources).toHaveLength(1);
    expect(p.memberGroupResources).toHaveLength(1);
  });

  test('members are checked: role, LDAP DN, duplicates', () => {
    const { project: p } = project({ members: [HarborMember.user('alice', HarborRole.GUEST)] });
    expect(validationMessageOf(() => p.addMember(HarborMember.user('bob', 'owner' as HarborRole)))).toMatch(/member\.role is not a Harbor role \(got "owner"\)/);
    expect(validationMessageOf(() => p.addMember(HarborMember.group('g', HarborGroupType.LDAP, HarborRole.GUEST)))).toMatch(/member\.ldapGroupDn is required for an LDAP group/);
    expect(validationMessageOf(() => p.addMember(HarborMember.user('alice', HarborRole.DEVELOPER)))).toMatch(/members names the same user or group twice/);
  });
});

describe('HarborProject attributes', () => {
  test('endpoint, image URIs and ids', () => {
    const { project: p, stack } = project();
    expect(p.endpoint.toJson()).toEqual({ family: 'harbor', host: 'harbor.example.com', loginCommand: expect.stringContaining('docker login --username "$HARBOR_USERNAME" --password-stdin harbor.example.com') });
    expect(p.endpoint.credentialHelper).toBeUndefined();
    expect(p.imageUriForTag('api', 'v1.2.3')).toBe('harbor.example.com/payments/api:v1.2.3');
    expect(p.imageUriForDigest('team/api', 'sha256:' + 'a'.repeat(64))).toBe(`harbor.example.com/payments/team/api@sha256:${'a'.repeat(64)}`);
    expect(validationMessageOf(() => p.imageUriForTag('api', 'bad tag'))).toMatch(/tag is not a valid image tag \(got "bad tag"\)/);
    expect(validationMessageOf(() => p.imageUriForDigest('API', 'sha256:x'))).toMatch(/repository is not a repository name/);
    const robot = p.addRobotAccount('Ci', { name: 'ci', permissions: HarborRobotPermissions.PUSH });
    expect(p.endpointFor(robot).loginCommand).toMatch(/--username '\$\{TfToken/);
    expect(typeof p.projectId).toBe('number');
    expect(p.projectIdPath).toMatch(/TfToken/);
    synth(stack);
  });
});

describe('HarborProject warnings', () => {
  test('deployment security without scan on push says it only acts on scanned images', () => {
    const { stack } = project({ scanOnPush: false });
    expect(warnings(stack).join('\n')).toMatch(/deploymentSecurity CRITICAL only blocks images that have scan results; with scanOnPush off/);
    const { stack: off } = project({ scanOnPush: false, deploymentSecurity: HarborDeploymentSecurity.OFF });
    expect(warnings(off)).toEqual([]);
  });

  test('a neutral policy scoped with the project name in front says Harbor matches names inside the project', () => {
    const policy = RetentionPolicy.of({ repositories: ['payments/*'], rules: [RetentionRule.expireUntagged({ days: 7 })] });
    const { stack } = project({ retentionPolicy: policy });
    expect(warnings(stack).join('\n')).toMatch(/retentionPolicy.repositories payments\/\* start with the project name; Harbor matches repository names inside the project/);
  });
});

describe('HarborProject.fromProjectName', () => {
  test('a project managed elsewhere: URIs, endpoint and a robot referring to it by its literal name', () => {
    const { stack } = harborStack();
    const legacy = HarborProject.fromProjectName(stack, 'Legacy', 'legacy-apps');
    expect(legacy.imageUriForTag('billing', 'v2')).toBe('harbor.example.com/legacy-apps/billing:v2');
    expect(legacy.endpoint.host).toBe('harbor.example.com');
    legacy.addRobotAccount('Pull', { name: 'runtime', permissions: HarborRobotPermissions.PULL });
    const json = synth(stack);
    expect(all(json, 'harbor_project')).toEqual([]);
    expect(only(json, 'harbor_robot_account').permissions[0].namespace).toBe('legacy-apps');
  });

  test('the name is checked', () => {
    const { stack } = harborStack();
    expect(validationMessageOf(() => HarborProject.fromProjectName(stack, 'Bad', 'Bad Name'))).toMatch(/test\/Bad: projectName is not a valid Harbor project name \(got "Bad Name"\)/);
  });
});

test('no warnings for a default project', () => {
  const { stack } = project();
  synth(stack);
  expect(warnings(stack)).toEqual([]);
});
