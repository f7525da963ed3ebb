import { Fn, TerraformOutput, Token } from 'cdktf';
import {
  AwsPrincipal,
  EcrCountType,
  EcrEncryption,
  EcrLifecycle,
  EcrRepository,
  EcrTagStatus,
  IamStatement,
  IEcrGrantee,
  TagMutability,
} from '../../lib/aws';
import { RetentionPolicy, RetentionRule } from '../support/core';
import { awsStack, errorOf, onlyResource, resourcesOf, synth, synthWith } from '../helpers';

const REPO = 'aws_ecr_repository';
const LIFECYCLE = 'aws_ecr_lifecycle_policy';
const POLICY = 'aws_ecr_repository_policy';

/** A grantee with an identity policy of its own, recording what it was given. */
class RecordingGrantee implements IEcrGrantee {
  public readonly statements: IamStatement[] = [];
  public readonly grantPrincipal = AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/ci');
  public addToPrincipalPolicy(statement: IamStatement): boolean {
    this.statements.push(statement);
    return true;
  }
}

function repoPolicy(json: any): any {
  return JSON.parse(onlyResource(json, POLICY).policy);
}

describe('EcrRepository defaults', () => {
  test('secure defaults: immutable tags, scan on push, AES-256, no force delete, no policies', () => {
    const json = synthWith((s) => new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }));
    const repo = onlyResource(json, REPO);
    expect(repo.name).toBe('team/app');
    expect(repo.image_tag_mutability).toBe('IMMUTABLE');
    expect(repo.image_scanning_configuration).toEqual({ scan_on_push: true });
    expect(repo.encryption_configuration).toEqual([{ encryption_type: 'AES256' }]);
    expect(repo.force_delete).toBe(false);
    expect(resourcesOf(json, LIFECYCLE)).toEqual({});
    expect(resourcesOf(json, POLICY)).toEqual({});
  });

  test('KMS with a key, mutable with exclusions, tags and force delete render as given', () => {
    const json = synthWith(
      (s) =>
        new EcrRepository(s, 'Repo', {
          repositoryName: 'team/app',
          encryption: EcrEncryption.KMS,
          kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd',
          imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION,
          imageTagMutabilityExclusionFilters: ['latest', 'dev-*'],
          scanOnPush: false,
          forceDelete: true,
          tags: { team: 'a' },
        }),
    );
    const repo = onlyResource(json, REPO);
    expect(repo.encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-west-1:123456789012:key/abcd' }]);
    expect(repo.image_tag_mutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    expect(repo.image_tag_mutability_exclusion_filter).toEqual([
      { filter: 'latest', filter_type: 'WILDCARD' },
      { filter: 'dev-*', filter_type: 'WILDCARD' },
    ]);
    expect(repo.image_scanning_configuration).toEqual({ scan_on_push: false });
    expect(repo.force_delete).toBe(true);
    expect(repo.tags).toEqual({ team: 'a' });
  });

  test('attributes and URIs', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    expect(repo.repositoryUriForTag('v1.2.3')).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}:v1\.2\.3$/);
    expect(repo.repositoryUriForDigest('sha256:abc123')).toMatch(/@sha256:abc123$/);
    new TerraformOutput(stack, 'arn', { value: repo.repositoryArn });
    expect(synth(stack).output!.arn.value).toMatch(/^\$\{aws_ecr_repository\.\w+\.arn\}$/);
    expect(errorOf(() => repo.repositoryUriForTag('bad tag')).message).toBe(
      'test/Repo: tag is not a valid image tag (got "bad tag"); [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}',
    );
    expect(errorOf(() => repo.repositoryUriForDigest('abc')).message).toContain('test/Repo: digest is not an image digest (got "abc")');
  });
});

describe('EcrRepository validation', () => {
  const make = (props: any) => errorOf(() => new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app', ...props })).message;

  test.each([
    ['a', 'repositoryName must be 2-256 characters long, not 1 (got "a"); a name of 2 to 256 characters'],
    ['x'.repeat(257), 'repositoryName must be 2-256 characters long, not 257'],
    ['Team/App', 'repositoryName has uppercase letters (got "Team/App"); lowercase only, e.g. "team/app"'],
    ['team/app!', 'repositoryName contains characters ECR does not allow ("!") (got "team/app!"); lowercase letters, digits, ".", "_", "-" and "/"'],
    ['team//app', 'repositoryName has an empty path segment (got "team//app"); no leading, trailing or doubled "/"'],
    ['team/-app', 'repositoryName has a path segment that does not start and end with a letter or digit (got "team/-app")'],
    ['team/a--b', 'repositoryName has two separators in a row (got "team/a--b")'],
  ])('repository name %j is rejected with the rule it breaks', (name, message) => {
    expect(make({ repositoryName: name })).toContain(`test/Repo: ${message}`);
  });

  test('a name breaking several rules lists each of them', () => {
    const message = make({ repositoryName: '/A!' });
    expect(message.split('\n')).toHaveLength(4);
    expect(message).toContain('has uppercase letters');
    expect(message).toContain('contains characters ECR does not allow ("!")');
    expect(message).toContain('has an empty path segment');
    expect(message).toContain('does not start and end with a letter or digit');
  });

  test('a token name is accepted unvalidated', () => {
    const json = synthWith((s) => new EcrRepository(s, 'Repo', { repositoryName: Token.asString({ Ref: 'x' }) }));
    expect(Object.keys(resourcesOf(json, REPO))).toHaveLength(1);
  });

  test.each([
    [{ imageTagMutability: TagMutability.MUTABLE_WITH_EXCLUSION }, 'imageTagMutabilityExclusionFilters are required with MUTABLE_WITH_EXCLUSION (got undefined); 1 to 5 wildcard filters'],
    [{ imageTagMutability: TagMutability.IMMUTABLE, imageTagMutabilityExclusionFilters: ['x'] }, 'imageTagMutabilityExclusionFilters are only allowed with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION, not IMMUTABLE (got ["x"])'],
    [{ imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'imageTagMutabilityExclusionFilters has 6 filters (got ["a","b","c","d","e","f"]); at most 5 filters'],
    [{ imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['dev/*'] }, 'imageTagMutabilityExclusionFilters[0] is not a valid wildcard filter (got "dev/*"); 1-128 characters of [0-9a-zA-Z._*-]'],
    [{ imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['x'.repeat(129)] }, 'imageTagMutabilityExclusionFilters[0] is not a valid wildcard filter'],
    [{ imageTagMutability: 'SOMETIMES' }, 'imageTagMutability is not a known mode (got "SOMETIMES"); one of MUTABLE, IMMUTABLE'],
    [{ kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd' }, 'kmsKeyArn is only allowed with EcrEncryption.KMS'],
    [{ encryption: EcrEncryption.KMS, kmsKeyArn: 'my-key' }, 'kmsKeyArn is not a KMS key or alias ARN (got "my-key"); arn:aws:kms:<region>:<account>:key/<id>'],
    [{ encryption: 'DES' }, 'encryption is not a supported encryption type (got "DES"); one of AES256, KMS'],
    [{ tags: { 'aws:team': 'x' } }, 'tags["aws:team"] uses the reserved "aws:" prefix'],
    [{ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'tags has 51 tags (got 51); at most 50 tags per resource'],
    [{ tags: { team: 'x'.repeat(257) } }, 'tags["team"] has a value longer than 256 characters'],
    [{ lifecycleRules: [], retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })] }) }, 'retentionPolicy cannot be combined with lifecycleRules'],
  ])('%j is rejected', (props, message) => {
    expect(make(props)).toContain(`test/Repo: ${message}`);
  });

  test('an unknown mutability mode does not hide problems with its exclusion filters', () => {
    const message = make({ imageTagMutability: 'SOMETIMES', imageTagMutabilityExclusionFilters: ['dev/*'] });
    expect(message).toContain('imageTagMutability is not a known mode (got "SOMETIMES")');
    expect(message).toContain('imageTagMutabilityExclusionFilters[0] is not a valid wildcard filter (got "dev/*")');
  });
});

describe('EcrRepository lifecycle', () => {
  test('rules from props and added later render sorted, with priorities after the explicit ones and `any` last', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', {
      repositoryName: 'team/app',
      lifecycleRules: [
        { tagStatus: EcrTagStatus.ANY, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 100 },
        { rulePriority: 5, tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['v*'], countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 50 },
      ],
    });
    repo.addLifecycleRule(EcrLifecycle.expireUntaggedAfterDays({ days: 7 }));
    const policy = JSON.parse(onlyResource(synth(stack), LIFECYCLE).policy);
    expect(policy.rules.map((r: any) => r.rulePriority)).toEqual([5, 6, 7]);
    expect(policy.rules[0].selection).toEqual({ tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 50 });
    expect(policy.rules[1].selection).toEqual({ tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 });
    expect(policy.rules[2].selection.tagStatus).toBe('any');
    expect(JSON.stringify(policy)).not.toContain('null');
  });

  test('an invalid rule added after construction is rejected where it is added, and not kept', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 })] });
    const bad = { tagStatus: EcrTagStatus.TAGGED, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 0, tagPatternList: ['v*'] };
    expect(errorOf(() => repo.addLifecycleRule(bad)).message).toContain('test/Repo: lifecycleRules[1].countNumber');
    const policy = JSON.parse(onlyResource(synth(stack), LIFECYCLE).policy);
    expect(policy.rules).toHaveLength(1);
  });

  test('invalid rules in props are all reported together', () => {
    const message = errorOf(
      () =>
        new EcrRepository(awsStack(), 'Repo', {
          repositoryName: 'team/app',
          lifecycleRules: [
            { tagStatus: EcrTagStatus.TAGGED, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 0, tagPatternList: ['v*'] },
            { tagStatus: EcrTagStatus.UNTAGGED, countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7, tagPatternList: ['x'] },
          ],
        }),
    ).message;
    expect(message).toContain('test/Repo: lifecycleRules[0].countNumber');
    expect(message).toContain('test/Repo: lifecycleRules[1].tagPatternList');
  });

  test('a neutral retention policy is compiled to the repository lifecycle policy', () => {
    const json = synthWith(
      (s) =>
        new EcrRepository(s, 'Repo', {
          repositoryName: 'team/app',
          retentionPolicy: RetentionPolicy.of({
            rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })],
          }),
        }),
    );
    const policy = JSON.parse(onlyResource(json, LIFECYCLE).policy);
    const untagged = policy.rules.find((r: any) => r.selection.tagStatus === 'untagged');
    expect(untagged.selection).toMatchObject({ countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 });
    expect(untagged.action).toEqual({ type: 'expire' });
    const protect = policy.rules.find((r: any) => r.selection.tagPatternList?.includes('v*'));
    expect(protect.rulePriority).toBeLessThan(untagged.rulePriority);
  });

  test('a retention policy scoped to other repositories is not applied', () => {
    const json = synthWith(
      (s) =>
        new EcrRepository(s, 'Repo', {
          repositoryName: 'team/app',
          retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })], repositories: ['other/*'] }),
        }),
    );
    expect(resourcesOf(json, LIFECYCLE)).toEqual({});
  });

  test('rules cannot be added on top of a retention policy', () => {
    const repo = new EcrRepository(awsStack(), 'Repo', {
      repositoryName: 'team/app',
      retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] }),
    });
    expect(errorOf(() => repo.addLifecycleRule(EcrLifecycle.expireUntaggedAfterDays({ days: 1 }))).message).toContain(
      'test/Repo: lifecycleRules cannot be added to a repository whose lifecycle comes from a retentionPolicy',
    );
  });
});

describe('EcrRepository grants', () => {
  test('pull and push for two principals render one statement each, grants added after construction included', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    const runtime = AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/runtime');
    repo.grantPull(runtime);
    repo.grantPush(AwsPrincipal.account('210987654321'));
    repo.grantPull(runtime);
    const policy = repoPolicy(synth(stack));
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(2);
    const byPrincipal = Object.fromEntries(policy.Statement.map((s: any) => [s.Principal.AWS, s]));
    expect(byPrincipal['arn:aws:iam::123456789012:role/runtime'].Action).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
    expect(byPrincipal['arn:aws:iam::210987654321:root'].Action).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:UploadLayerPart', 'ecr:InitiateLayerUpload', 'ecr:CompleteLayerUpload']));
    for (const s of policy.Statement) {
      expect(s.Resource).toBeUndefined();
      expect(s.Action).not.toContain('ecr:GetAuthorizationToken');
    }
  });

  test('organization and Lambda service principals carry their conditions', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    repo.grantPull(AwsPrincipal.organization('o-abcdefghij'));
    repo.grant(AwsPrincipal.service('lambda.amazonaws.com', 'arn:aws:lambda:eu-west-1:210987654321:function:*'), 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer');
    const statements = repoPolicy(synth(stack)).Statement;
    const org = statements.find((s: any) => s.Principal === '*');
    expect(org.Condition).toEqual({ StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } });
    const lambda = statements.find((s: any) => s.Principal.Service === 'lambda.amazonaws.com');
    expect(lambda.Condition).toEqual({ StringLike: { 'aws:sourceArn': 'arn:aws:lambda:eu-west-1:210987654321:function:*' } });
    expect(lambda.Action).toEqual(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
  });

  test('a service principal without a source condition cannot be granted (confused deputy); aws:SourceAccount alone is enough', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    expect(errorOf(() => repo.grantPull(AwsPrincipal.service('lambda.amazonaws.com'))).message).toBe(
      'test/Repo: grantee is a service principal without a source condition, so the service acting for any resource in any AWS account could use this access (confused deputy) ' +
        '(got "lambda.amazonaws.com"); a source ARN and/or account: AwsPrincipal.service("lambda.amazonaws.com", "arn:aws:lambda:<region>:<account>:function:*"), or AwsPrincipal.service("lambda.amazonaws.com", undefined, "<account>") for aws:SourceAccount',
    );
    expect(errorOf(() => repo.grantPull(AwsPrincipal.service('codebuild.amazonaws.com'))).message).toContain('AwsPrincipal.service("codebuild.amazonaws.com", "arn:aws:codebuild:<region>:<account>:project/*")');
    repo.grantPull(AwsPrincipal.service('codebuild.amazonaws.com', undefined, '210987654321'));
    const statement = repoPolicy(synth(stack)).Statement[0];
    expect(statement).toEqual({
      Sid: expect.any(String),
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Condition: { StringEquals: { 'aws:SourceAccount': '210987654321' } },
    });
  });

  test.each([
    ['arn:aws:iam::123456789012:role/runtime', true],
    ['arn:aws:iam::123456789012:role/path/runtime', true],
    ['arn:aws:iam::123456789012:user/alice', true],
    ['arn:aws:iam::123456789012:root', true],
    ['arn:aws:sts::123456789012:assumed-role/runtime/session-1', true],
    ['arn:aws:sts::123456789012:federated-user/alice', true],
    ['arn:aws-us-gov:iam::123456789012:role/runtime', true],
    ['arn:aws:sts::123456789012:role/x', false],
    ['arn:aws:sts::123456789012:user/x', false],
    ['arn:aws:sts::123456789012:assumed-role/runtime', false],
    ['arn:aws:iam::123456789012:assumed-role/runtime/session', false],
    ['arn:aws:iam::123456789012:role', false],
    ['arn:aws:iam::123456789012:root/x', false],
  ])('principal ARN %s valid: %s', (arn, valid) => {
    const violations = AwsPrincipal.fromArn(arn).validate('grantee').items;
    if (valid) expect(violations).toEqual([]);
    else expect(violations).toEqual([{ property: 'grantee', problem: 'is not an IAM role or user ARN', value: arn, allowed: expect.stringContaining('arn:aws:iam::123456789012:role/name') }]);
  });

  test('a grantee with an identity policy gets the same actions on the repository ARN plus the token on *', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    const ci = new RecordingGrantee();
    repo.grantPush(ci);
    expect(ci.statements[0].resources).toEqual([repo.repositoryArn]);
    expect(ci.statements[0].actions).toContain('ecr:PutImage');
    expect(ci.statements[1]).toEqual({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] });
    expect(repoPolicy(synth(stack)).Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:role/ci' });
  });

  test.each([
    [() => AwsPrincipal.fromArn('arn:aws:s3:::bucket'), 'grantee is not an IAM role or user ARN (got "arn:aws:s3:::bucket")'],
    [() => AwsPrincipal.account('1234'), 'grantee is not an AWS account ID (got "1234"); exactly 12 digits'],
    [() => AwsPrincipal.organization('org-1'), 'grantee is not an AWS Organization ID (got "org-1")'],
    [() => AwsPrincipal.service('lambda', 'arn:aws:lambda:eu-west-1:210987654321:function:*'), 'grantee is not an AWS service principal (got "lambda")'],
    [() => AwsPrincipal.service('lambda.amazonaws.com', 'function:*'), 'grantee.sourceArn is not an ARN pattern (got "function:*")'],
  ])('invalid principal %# is rejected', (principal, message) => {
    const repo = new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app' });
    expect(errorOf(() => repo.grantPull(principal())).message).toContain(`test/Repo: ${message}`);
  });

  test('GetAuthorizationToken cannot be granted through the repository policy', () => {
    const repo = new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app' });
    expect(errorOf(() => repo.grant(AwsPrincipal.account('123456789012'), 'ecr:GetAuthorizationToken')).message).toContain(
      'test/Repo: actions includes ecr:GetAuthorizationToken, which a repository policy cannot grant',
    );
  });

  test('identity policy documents include the token on * and the actions on the repository only', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    const doc = JSON.parse(repo.pushPolicyDocument());
    expect(doc.Statement[0]).toEqual({ Sid: 'AuthToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' });
    expect(doc.Statement[1].Resource).toBe(repo.repositoryArn);
    expect(doc.Statement[1].Action).toContain('ecr:PutImage');
    expect(JSON.parse(repo.pullPolicyDocument()).Statement[1].Action).not.toContain('ecr:PutImage');
  });
});

describe('EcrRepository imports', () => {
  test('by ARN: name, registry and URL are derived without a lookup', () => {
    const stack = awsStack();
    const repo = EcrRepository.fromRepositoryArn(stack, 'Imported', 'arn:aws:ecr:us-west-2:123456789012:repository/team/app');
    expect(repo.repositoryName).toBe('team/app');
    expect(repo.registryId).toBe('123456789012');
    expect(repo.repositoryUrl).toBe('123456789012.dkr.ecr.us-west-2.amazonaws.com/team/app');
    expect(repo.repositoryUriForTag('v1')).toBe('123456789012.dkr.ecr.us-west-2.amazonaws.com/team/app:v1');
    expect(synth(stack).data).toBeUndefined();
  });

  test('by name: looked up with the data source', () => {
    const stack = awsStack();
    EcrRepository.fromRepositoryName(stack, 'Imported', 'team/app');
    const json = synth(stack);
    expect(Object.values(json.data!.aws_ecr_repository)[0].name).toBe('team/app');
  });

  test('grants on an imported repository go to the identity policy; a plain principal is an error', () => {
    const stack = awsStack();
    const repo = EcrRepository.fromRepositoryArn(stack, 'Imported', 'arn:aws:ecr:us-west-2:123456789012:repository/team/app');
    const ci = new RecordingGrantee();
    repo.grantPull(ci);
    expect(ci.statements[0].resources).toEqual(['arn:aws:ecr:us-west-2:123456789012:repository/team/app']);
    expect(resourcesOf(synth(stack), POLICY)).toEqual({});
    expect(errorOf(() => repo.grantPull(AwsPrincipal.account('123456789012'))).message).toContain(
      'test/Imported: grantee is a whole AWS account, which only the repository policy can grant, and the policy of a repository referenced with EcrRepository.fromRepositoryArn is not managed here',
    );
  });

  test('bad imports are rejected', () => {
    expect(errorOf(() => EcrRepository.fromRepositoryArn(awsStack(), 'I', 'arn:aws:s3:::b')).message).toBe(
      'test/I: repositoryArn is not an ECR repository ARN (got "arn:aws:s3:::b"); arn:aws:ecr:<region>:<account>:repository/<name> (a literal, not a token)',
    );
    expect(errorOf(() => EcrRepository.fromRepositoryName(awsStack(), 'I', 'Bad')).message).toContain('test/I: repositoryName has uppercase letters (got "Bad"); lowercase only, e.g. "bad"');
  });
});

describe('EcrRepository: every violation in one error', () => {
  test('a bad name and bad lifecycle rules are reported together', () => {
    const message = errorOf(
      () =>
        new EcrRepository(awsStack(), 'Repo', {
          repositoryName: 'Team/App',
          tags: { team: 'x'.repeat(300) },
          lifecycleRules: [{ tagStatus: EcrTagStatus.TAGGED, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 0, tagPatternList: ['v*'] }],
        }),
    ).message;
    const lines = message.split('\n');
    expect(lines[0]).toBe('test/Repo: repositoryName has uppercase letters (got "Team/App"); lowercase only, e.g. "team/app"');
    expect(message).toMatch(/test\/Repo: tags\["team"\] has a value longer than 256 characters \(got "x+\.\.\. \(300 characters\)\)/);
    expect(message).toMatch(/test\/Repo: lifecycleRules\[0\]\.countNumber/);
    expect(lines).toHaveLength(3);
  });

  test('a bad name and a retention policy ECR cannot express are reported together', () => {
    const message = errorOf(
      () =>
        new EcrRepository(awsStack(), 'Repo', {
          repositoryName: 'team//app',
          retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['a*b*c*d*e*f'] })] }),
        }),
    ).message;
    expect(message).toMatch(/^test\/Repo: repositoryName has an empty path segment/);
    expect(message).toMatch(/\ntest\/Repo: retentionPolicy\.rules\[0\]\.tagPatterns\[0\] cannot be expressed on ECR: it has 5 "\*" wildcards/);
  });

  test('a retention policy scoped away from the repository is not checked against it', () => {
    const message = errorOf(
      () =>
        new EcrRepository(awsStack(), 'Repo', {
          repositoryName: 'team//app',
          retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['a*b*c*d*e*f'] })], repositories: ['other/*'] }),
        }),
    ).message;
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('EcrRepository: its policies reference the repository', () => {
  test('the lifecycle and repository policies name the repository by reference, as repositoryName does', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 })] });
    repo.grantPull(AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/runtime'));
    new TerraformOutput(stack, 'Name', { value: repo.repositoryName });
    const json = synth(stack);
    const [id] = Object.keys(resourcesOf(json, REPO));
    expect(onlyResource(json, LIFECYCLE).repository).toBe(`\${${REPO}.${id}.name}`);
    expect(onlyResource(json, POLICY).repository).toBe(`\${${REPO}.${id}.name}`);
    expect(json.output!.Name.value).toBe(`\${${REPO}.${id}.name}`);
  });

  test('the reference also resolves inside a Terraform function', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 })] });
    const reference = repo.lifecyclePolicy!.repositoryInput!;
    new TerraformOutput(stack, 'Upper', { value: Fn.upper(reference) });
    const json = synth(stack);
    const [id] = Object.keys(resourcesOf(json, REPO));
    expect(json.output!.Upper.value).toBe(`\${upper(${REPO}.${id}.name)}`);
  });
});
