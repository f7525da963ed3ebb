import { TerraformStack } from 'cdktf';
import { EcrCiAccess, EcrCiRole, EcrCiRoleProps, GitHubOidcProvider, GitHubSubject } from '../../lib/aws/ecr-ci-role';
import { EcrRepository } from '../../lib/aws/ecr-repository';
import { AwsPrincipal } from '../../lib/aws/principal';
import { awsStack, synth, onlyResource as only } from '../helpers';

const OIDC_ARN = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';

function stack(): TerraformStack {
  return awsStack('stack');
}

function roleError(props: EcrCiRoleProps): string {
  try {
    new EcrCiRole(stack(), 'Ci', props);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const gitHub = { subjects: [GitHubSubject.branch('acme/shop', 'main')], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) };

describe('EcrCiRole: GitHub Actions trust', () => {
  test('trusts the OIDC provider with aud = sts.amazonaws.com and the subjects as sub conditions', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', {
      roleName: 'shop-ci',
      gitHub: {
        oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN),
        subjects: [GitHubSubject.branch('acme/shop', 'main'), GitHubSubject.environment('acme/shop', 'production'), GitHubSubject.tag('acme/shop', 'v*'), GitHubSubject.pullRequest('acme/shop')],
      },
    });
    const role = only(synth(s), 'aws_iam_role');
    expect(role.name).toBe('shop-ci');
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GitHubActions',
          Effect: 'Allow',
          Principal: { Federated: OIDC_ARN },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: {
              'token.actions.githubusercontent.com:sub': [
                'repo:acme/shop:environment:production',
                'repo:acme/shop:pull_request',
                'repo:acme/shop:ref:refs/heads/main',
                'repo:acme/shop:ref:refs/tags/v*',
              ],
            },
          },
        },
      ],
    });
  });

  test('without an OIDC provider, one is created per stack and shared by the roles', () => {
    const s = stack();
    new EcrCiRole(s, 'Build', { gitHub: { subjects: [GitHubSubject.branch('acme/shop', 'main')] } });
    new EcrCiRole(s, 'Deploy', { gitHub: { subjects: [GitHubSubject.environment('acme/shop', 'production')] } });
    const json = synth(s);
    const oidc = only(json, 'aws_iam_openid_connect_provider');
    expect(oidc).toEqual({ url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] });
    for (const role of Object.values(json.resource.aws_iam_role) as any[]) {
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal.Federated).toMatch(/aws_iam_openid_connect_provider\..*\.arn/);
    }
  });

  test('a GitHub trust without subjects (no sub condition) is an error', () => {
    expect(roleError({ gitHub: { subjects: [], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) } })).toBe(
      'stack/Ci: gitHub.subjects is empty: the trust policy would have no "sub" condition and any GitHub workflow could assume the role (got []); at least one GitHubSubject (branch, tag, environment, pullRequest or anyJob of your repository)',
    );
  });

  test('bad repositories and branch or environment names are errors', () => {
    const message = roleError({
      gitHub: { subjects: [GitHubSubject.branch('*/shop', 'main'), GitHubSubject.branch('acme/shop', 'has space'), GitHubSubject.environment('acme', 'prod'), GitHubSubject.anyJob('acme/shop/extra')], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) },
    });
    expect(message).toMatch(/^stack\/Ci: gitHub\.subjects\[0\]\.repository is not a GitHub repository \(got "\*\/shop"\); "owner\/name" or "owner@<owner id>\/name@<repository id>" \(the sub claim form .*\) with a literal owner/);
    expect(message).toMatch(/gitHub\.subjects\[1\]\.branch is not a valid branch name \(got "has space"\); 1-255 characters without spaces/);
    expect(message).toMatch(/gitHub\.subjects\[2\]\.repository is not a GitHub repository \(got "acme"\)/);
    expect(message).toMatch(/gitHub\.subjects\[3\]\.repository is not a GitHub repository \(got "acme\/shop\/extra"\)/);
    expect(message.split('\n')).toHaveLength(4);
  });

  test('bad tag and environment names are errors', () => {
    const message = roleError({ gitHub: { subjects: [GitHubSubject.tag('acme/shop', 'v1:x'), GitHubSubject.environment('acme/shop', '"prod"')], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) } });
    expect(message).toMatch(/gitHub\.subjects\[0\]\.tag is not a valid tag name \(got "v1:x"\)/);
    expect(message).toMatch(/gitHub\.subjects\[1\]\.environment is not a valid environment name \(got "\\"prod\\""\); 1-255 characters without spaces or quotes/);
  });

  test('a description over 1000 characters is an error', () => {
    expect(roleError({ gitHub, description: 'x'.repeat(1001) })).toMatch(/^stack\/Ci: description is longer than 1000 characters .*; at most 1000 characters/);
  });

  test('every repository of an owner is allowed with "*"', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { subjects: [GitHubSubject.branch('acme/*', 'main')], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) } });
    const trust = JSON.parse(only(synth(s), 'aws_iam_role').assume_role_policy).Statement[0];
    expect(trust.Condition.StringLike['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/*:ref:refs/heads/main']);
  });

  test('a role nobody can assume is an error', () => {
    expect(roleError({})).toMatch(/^stack\/Ci: gitHub and trustedPrincipals are both missing, so nobody could assume the role \(got undefined\); gitHub: \{ subjects/);
  });

  test('the role checks a provider ARN from fromArn, with its other problems and under its own path', () => {
    const oidcProvider = GitHubOidcProvider.fromArn('arn:aws:iam::111111111111:oidc-provider/gitlab.com');
    expect(roleError({ gitHub: { oidcProvider, subjects: [GitHubSubject.branch('acme/shop', 'main')] }, roleName: 'shop ci' }).split('\n')).toEqual([
      'stack/Ci: gitHub.oidcProvider is not the ARN of a GitHub Actions OIDC provider (got "arn:aws:iam::111111111111:oidc-provider/gitlab.com"); GitHubOidcProvider.fromArn("arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com")',
      'stack/Ci: roleName is not a valid IAM role name (got "shop ci"); 1-64 characters of letters, digits and + = , . @ _ -',
    ]);
  });
});

describe('EcrCiRole: pull-request and any-job subjects get pull access only', () => {
  const oidcProvider = GitHubOidcProvider.fromArn(OIDC_ARN);

  test.each([
    [EcrCiAccess.PUSH, GitHubSubject.pullRequest('acme/shop'), 'repo:acme/shop:pull_request'],
    [EcrCiAccess.ADMIN, GitHubSubject.anyJob('acme/shop'), 'repo:acme/shop:*'],
  ])('%s with a risky subject is an error naming the subject', (access, subject, value) => {
    const message = roleError({ gitHub: { oidcProvider, subjects: [GitHubSubject.branch('acme/shop', 'main'), subject] }, access });
    expect(message).toBe(
      `stack/Ci: gitHub.subjects[1] lets pull-request jobs (which can run code from forks) assume a role with ${access} access (got "${value}"); ` +
        'access: EcrCiAccess.PULL for this role and a separate push role for branch, tag or environment subjects; or allowUntrustedSubjects: true if you accept the risk',
    );
  });

  test('PULL access with a pull-request subject is fine, and a later push grant is refused', () => {
    const s = stack();
    const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' });
    const role = new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.pullRequest('acme/shop')] }, repositories: [repo] });
    expect(() => repo.grantPush(role)).toThrow(
      /^stack\/Ci: statement\.actions go beyond pull access on a role that pull-request jobs can assume \(repo:acme\/shop:pull_request\) \(got \["ecr:CompleteLayerUpload","ecr:InitiateLayerUpload","ecr:PutImage","ecr:UploadLayerPart"\]\); pull and read grants only/,
    );
    repo.grantRead(role);
    const actions = JSON.parse(role.renderIdentityPolicy()).Statement.flatMap((st: any) => st.Action);
    expect(actions).toEqual(expect.arrayContaining(['ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:GetAuthorizationToken']));
    expect(actions).not.toContain('ecr:PutImage');
    expect(JSON.parse(only(synth(s), 'aws_ecr_repository_policy').policy).Statement[0].Action).not.toContain('ecr:PutImage');
  });

  test('allowUntrustedSubjects opts in to push access', () => {
    const s = stack();
    const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' });
    const role = new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.anyJob('acme/shop')] }, repositories: [repo], access: EcrCiAccess.PUSH, allowUntrustedSubjects: true });
    synth(s);
    expect(JSON.parse(role.renderIdentityPolicy()).Statement.flatMap((st: any) => st.Action)).toContain('ecr:PutImage');
  });

  test('branch, tag and environment subjects may push', () => {
    const subjects = [GitHubSubject.branch('acme/shop', '*'), GitHubSubject.tag('acme/shop', 'v*'), GitHubSubject.environment('acme/shop', 'production')];
    expect(subjects.map((x) => x.mayRunUntrustedCode)).toEqual([false, false, false]);
    const s = stack();
    const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' });
    expect(() => new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects }, repositories: [repo], access: EcrCiAccess.PUSH })).not.toThrow();
  });
});

describe('EcrCiRole: immutable GitHub subjects (owner and repository ids)', () => {
  const oidcProvider = GitHubOidcProvider.fromArn(OIDC_ARN);
  const REPO = 'acme@1234/shop@5678';

  function subs(s: TerraformStack): string[] {
    return [...JSON.parse(only(synth(s), 'aws_iam_role').assume_role_policy).Statement[0].Condition.StringLike['token.actions.githubusercontent.com:sub']].sort();
  }

  function warnings(s: TerraformStack): string[] {
    return s.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
  }

  test.each([
    ['branch', GitHubSubject.branch(REPO, 'main'), 'ref:refs/heads/main'],
    ['tag', GitHubSubject.tag(REPO, 'v*'), 'ref:refs/tags/v*'],
    ['environment', GitHubSubject.environment(REPO, 'production'), 'environment:production'],
    ['pull request', GitHubSubject.pullRequest(REPO), 'pull_request'],
    ['any job', GitHubSubject.anyJob(REPO), '*'],
  ])('a %s subject with ids trusts the form with ids and the older form', (_kind, subject, suffix) => {
    expect(subject.value).toBe(`repo:acme@1234/shop@5678:${suffix}`);
    expect(subject.nameValue).toBe(`repo:acme/shop:${suffix}`);
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [subject] } });
    expect(subs(s)).toEqual([`repo:acme/shop:${suffix}`, `repo:acme@1234/shop@5678:${suffix}`]);
    expect(warnings(s)).toEqual([]);
  });

  test('the trusted patterns match what GitHub sends for a new and an old repository, and not a recycled name', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.branch(REPO, 'main'), GitHubSubject.environment(REPO, 'prod*')] } });
    // IAM StringLike: "*" is any run of characters, "?" one character.
    const matchers = subs(s).map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
    const matches = (sub: string) => matchers.some((m) => m.test(sub));
    expect(matches('repo:acme@1234/shop@5678:ref:refs/heads/main')).toBe(true);
    expect(matches('repo:acme/shop:ref:refs/heads/main')).toBe(true);
    expect(matches('repo:acme@1234/shop@5678:environment:production')).toBe(true);
    expect(matches('repo:acme@9999/shop@5678:ref:refs/heads/main')).toBe(false);
    expect(matches('repo:acme@1234/shop@1111:ref:refs/heads/main')).toBe(false);
    expect(matches('repo:acme@1234/shop@5678:ref:refs/heads/dev')).toBe(false);
    expect(matches('repo:acme@1234/shop@5678:pull_request')).toBe(false);
  });

  test('immutableSubjectsOnly trusts only the form with ids', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, immutableSubjectsOnly: true, subjects: [GitHubSubject.branch(REPO, 'main'), GitHubSubject.environment(REPO, 'production')] } });
    expect(subs(s)).toEqual(['repo:acme@1234/shop@5678:environment:production', 'repo:acme@1234/shop@5678:ref:refs/heads/main']);
  });

  test('immutableSubjectsOnly with a subject without ids is an error', () => {
    expect(roleError({ gitHub: { oidcProvider, immutableSubjectsOnly: true, subjects: [GitHubSubject.branch(REPO, 'main'), GitHubSubject.branch('acme/shop', 'main')] } })).toMatch(
      /^stack\/Ci: gitHub\.subjects\[1\]\.repository has no owner and repository ids, but immutableSubjectsOnly is set \(got "acme\/shop"\); "owner@<owner id>\/name@<repository id>"/,
    );
  });

  test('every repository of an owner by owner id', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.branch('acme@1234/*', 'main')] } });
    expect(subs(s)).toEqual(['repo:acme/*:ref:refs/heads/main', 'repo:acme@1234/*:ref:refs/heads/main']);
  });

  test('subjects without ids get the older form and a warning that new repositories send ids', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.branch('acme/shop', 'main'), GitHubSubject.tag('acme/shop', 'v*'), GitHubSubject.branch(REPO, 'main')] } });
    expect(subs(s)).toEqual(['repo:acme/shop:ref:refs/heads/main', 'repo:acme/shop:ref:refs/tags/v*', 'repo:acme@1234/shop@5678:ref:refs/heads/main']);
    const w = warnings(s);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^gitHub\.subjects: acme\/shop given without owner and repository ids, so the role trusts only "repo:owner\/name:…" subjects\. /);
    expect(w[0]).toContain('gh api repos/acme/shop --jq');
  });

  test('malformed ids are errors', () => {
    const message = roleError({
      gitHub: {
        oidcProvider,
        subjects: [GitHubSubject.branch('acme@1234/shop', 'main'), GitHubSubject.branch('acme/shop@5678', 'main'), GitHubSubject.branch('acme@x/shop@5678', 'main'), GitHubSubject.branch('acme@1@2/shop@5678', 'main'), GitHubSubject.anyJob('acme@1234/*@5')],
      },
    });
    const lines = message.split('\n');
    expect(lines).toHaveLength(5);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^stack/Ci: gitHub\\.subjects\\[${i}\\]\\.repository is not a GitHub repository \\(got "[^"]+"\\); "owner/name" or "owner@<owner id>/name@<repository id>"`)));
  });

  test.each([
    [EcrCiAccess.PUSH, GitHubSubject.pullRequest(REPO), 'repo:acme@1234/shop@5678:pull_request'],
    [EcrCiAccess.ADMIN, GitHubSubject.anyJob(REPO), 'repo:acme@1234/shop@5678:*'],
  ])('%s with a pull-request or any-job subject with ids is an error too', (access, subject, value) => {
    expect(roleError({ gitHub: { oidcProvider, subjects: [subject] }, access })).toBe(
      `stack/Ci: gitHub.subjects[0] lets pull-request jobs (which can run code from forks) assume a role with ${access} access (got "${value}"); ` +
        'access: EcrCiAccess.PULL for this role and a separate push role for branch, tag or environment subjects; or allowUntrustedSubjects: true if you accept the risk',
    );
  });

  test('a later push grant on a role with a pull-request subject with ids is refused; allowUntrustedSubjects opts in', () => {
    const s = stack();
    const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/app' });
    const role = new EcrCiRole(s, 'Ci', { gitHub: { oidcProvider, subjects: [GitHubSubject.pullRequest(REPO)] } });
    expect(() => repo.grantPush(role)).toThrow(/go beyond pull access on a role that pull-request jobs can assume \(repo:acme@1234\/shop@5678:pull_request\)/);
    const open = new EcrCiRole(s, 'Open', { gitHub: { oidcProvider, subjects: [GitHubSubject.pullRequest(REPO)] }, allowUntrustedSubjects: true });
    expect(() => repo.grantPush(open)).not.toThrow();
  });
});

describe('EcrCiRole: generic trust and role settings', () => {
  test('trusts AWS principals with sts:AssumeRole, including their conditions', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', {
      trustedPrincipals: [AwsPrincipal.fromArn('arn:aws:iam::222222222222:role/runner'), AwsPrincipal.organization('o-abcdefghij')],
      maxSessionDurationSeconds: 7200,
      permissionsBoundaryArn: 'arn:aws:iam::111111111111:policy/boundary',
    });
    const role = only(synth(s), 'aws_iam_role');
    expect(role.max_session_duration).toBe(7200);
    expect(role.permissions_boundary).toBe('arn:aws:iam::111111111111:policy/boundary');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Sid: 'Trusted1', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/runner' }, Action: ['sts:AssumeRole'] },
      { Sid: 'Trusted2', Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } },
    ]);
  });

  test('bad principals, role name, session duration and boundary are errors, all reported', () => {
    const message = roleError({
      trustedPrincipals: [AwsPrincipal.fromArn('runner')],
      roleName: 'shop ci',
      maxSessionDurationSeconds: 60,
      permissionsBoundaryArn: 'boundary',
      access: 'write' as EcrCiAccess,
    });
    expect(message).toMatch(/^stack\/Ci: trustedPrincipals\[0\] is not an IAM role or user ARN \(got "runner"\)/);
    expect(message).toMatch(/access is not an access level \(got "write"\); EcrCiAccess.PULL, PUSH or ADMIN/);
    expect(message).toMatch(/roleName is not a valid IAM role name \(got "shop ci"\); 1-64 characters/);
    expect(message).toMatch(/maxSessionDurationSeconds is out of range \(got 60\); a whole number of seconds from 3600 \(1 h\) to 43200 \(12 h\)/);
    expect(message).toMatch(/permissionsBoundaryArn is not an IAM policy ARN \(got "boundary"\)/);
  });

  test('a service principal in trustedPrincipals needs a source ARN or account (confused deputy)', () => {
    const message = roleError({ trustedPrincipals: [AwsPrincipal.service('ecs-tasks.amazonaws.com')] });
    expect(message).toBe(
      'stack/Ci: trustedPrincipals[0] is a service principal without a source condition, so the service acting for any resource in any AWS account could use this access (confused deputy) ' +
        '(got "ecs-tasks.amazonaws.com"); a source ARN and/or account: AwsPrincipal.service("ecs-tasks.amazonaws.com", "arn:aws:ecs:<region>:<account>:*"), or AwsPrincipal.service("ecs-tasks.amazonaws.com", undefined, "<account>") for aws:SourceAccount',
    );
    expect(roleError({ trustedPrincipals: [AwsPrincipal.service('ecs-tasks.amazonaws.com', undefined, '1234')] })).toBe(
      'stack/Ci: trustedPrincipals[0].sourceAccount is not an AWS account ID (got "1234"); exactly 12 digits, e.g. "123456789012"',
    );
  });

  test('a service principal with aws:SourceArn and aws:SourceAccount renders both conditions in the trust policy', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { trustedPrincipals: [AwsPrincipal.service('ecs-tasks.amazonaws.com', 'arn:aws:ecs:eu-west-1:111111111111:*', '111111111111')] });
    expect(JSON.parse(only(synth(s), 'aws_iam_role').assume_role_policy).Statement).toEqual([
      {
        Sid: 'Trusted1',
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: { StringLike: { 'aws:sourceArn': 'arn:aws:ecs:eu-west-1:111111111111:*' }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
      },
    ]);
  });

  test('no grant, no identity policy', () => {
    const s = stack();
    new EcrCiRole(s, 'Ci', { gitHub });
    expect(synth(s).resource.aws_iam_role_policy).toBeUndefined();
  });

  test('addToPrincipalPolicy refuses principals and empty statements', () => {
    const role = new EcrCiRole(stack(), 'Ci', { gitHub });
    expect(() => role.addToPrincipalPolicy({ actions: ['ecr:BatchGetImage'], resources: [], principal: '*' })).toThrow(/stack\/Ci: statement.resources is empty .*\nstack\/Ci: statement.principal is not allowed in an identity policy/);
  });
});

describe('EcrCiRole: grants agree on both sides', () => {
  test('repo.grantPush(role) names the role in the repository policy and adds the identity statements', () => {
    const s = stack();
    const repo = new EcrRepository(s, 'Repo', { repositoryName: 'shop/checkout' });
    const role = new EcrCiRole(s, 'Ci', { gitHub });
    repo.grantPush(role);
    const json = synth(s);
    const repoPolicy = JSON.parse(only(json, 'aws_ecr_repository_policy').policy);
    const identity = JSON.parse(only(json, 'aws_iam_role_policy').policy);
    const roleKey = Object.keys(json.resource.aws_iam_role)[0];
    const repoKey = Object.keys(json.resource.aws_ecr_repository)[0];
    expect(repoPolicy.Statement).toHaveLength(1);
    expect(repoPolicy.Statement[0].Principal).toEqual({ AWS: `\${aws_iam_role.${roleKey}.arn}` });
    const repoStatement = identity.Statement.find((st: any) => st.Resource !== '*');
    expect(repoStatement.Resource).toBe(`\${aws_ecr_repository.${repoKey}.arn}`);
    // The repository policy and the identity policy grant the same actions.
    expect(repoStatement.Action).toEqual(repoPolicy.Statement[0].Action);
    expect(repoStatement.Action).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:CompleteLayerUpload']));
    expect(identity.Statement).toContainEqual({ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' });
    expect(only(json, 'aws_iam_role_policy').role).toBe(`\${aws_iam_role.${roleKey}.id}`);
  });

  test('access levels bind the role to its repositories with least privilege', () => {
    const s = stack();
    const a = new EcrRepository(s, 'A', { repositoryName: 'shop/a' });
    const b = new EcrRepository(s, 'B', { repositoryName: 'shop/b' });
    const pull = new EcrCiRole(s, 'Pull', { gitHub, repositories: [a, b] });
    const push = new EcrCiRole(s, 'Push', { gitHub, repositories: [a], access: EcrCiAccess.PUSH });
    const admin = new EcrCiRole(s, 'Admin', { trustedPrincipals: [AwsPrincipal.account('111111111111')], repositories: [b], access: EcrCiAccess.ADMIN });
    synth(s);
    const pullDoc = JSON.parse(pull.renderIdentityPolicy());
    // Both repositories share one statement (same actions, merged resources); the token call stays on `*`.
    expect(pullDoc.Statement).toHaveLength(2);
    expect(pullDoc.Statement).toContainEqual({ Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: [a.repositoryArn, b.repositoryArn].sort() });
    expect(pullDoc.Statement).toContainEqual({ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' });
    const pullActions = pullDoc.Statement.flatMap((st: any) => st.Action);
    expect(pullActions).not.toContain('ecr:PutImage');
    expect(pullDoc.Statement.filter((st: any) => st.Resource === '*').map((st: any) => st.Action)).toEqual([['ecr:GetAuthorizationToken']]);
    const pushActions = JSON.parse(push.renderIdentityPolicy()).Statement.flatMap((st: any) => st.Action);
    expect(pushActions).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchGetImage']));
    expect(pushActions).not.toContain('ecr:DeleteRepository');
    const adminActions = JSON.parse(admin.renderIdentityPolicy()).Statement.flatMap((st: any) => st.Action);
    expect(adminActions).toEqual(expect.arrayContaining(['ecr:DeleteRepository', 'ecr:PutLifecyclePolicy', 'ecr:BatchDeleteImage']));
    expect(adminActions).not.toContain('ecr:PutImage');
  });

  test('an imported repository grants on the identity side only', () => {
    const s = stack();
    const repo = EcrRepository.fromRepositoryArn(s, 'Shared', 'arn:aws:ecr:eu-west-1:333333333333:repository/base/node');
    const role = new EcrCiRole(s, 'Ci', { gitHub, repositories: [repo] });
    const json = synth(s);
    expect(json.resource.aws_ecr_repository_policy).toBeUndefined();
    expect(JSON.parse(role.renderIdentityPolicy()).Statement).toContainEqual({
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: 'arn:aws:ecr:eu-west-1:333333333333:repository/base/node',
    });
  });
});
