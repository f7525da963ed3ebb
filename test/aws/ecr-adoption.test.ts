import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsPrincipal, EcrCiRole, EcrEncryption, EcrLifecycle, EcrRepository, IamStatement, IEcrGrantee, IEcrRepository, TagMutability } from '../../lib/aws';
import { validationMessageOf as messageOf } from '../support/errors';
import { awsStack, onlyResource, resourcesOf, synth, TfJson } from '../helpers';

const REPO = 'aws_ecr_repository';
const POLICY = 'aws_ecr_repository_policy';
const LIFECYCLE = 'aws_ecr_lifecycle_policy';
const ACCOUNT = '123456789012';
const LAMBDA = AwsPrincipal.service('lambda.amazonaws.com', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*`);

type WithImports = TfJson & { import?: { id: string; to: string; provider?: string }[] };

function warningsOf(repo: EcrRepository): string[] {
  return repo.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

/** Synthesizes (aspects and validation run) and returns the JSON with its import blocks. */
function synthImports(stack: TerraformStack): WithImports {
  return synth(stack) as WithImports;
}

class RecordingGrantee implements IEcrGrantee {
  public readonly statements: IamStatement[] = [];
  public readonly grantPrincipal = AwsPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/ci`);
  public addToPrincipalPolicy(statement: IamStatement): boolean {
    this.statements.push(statement);
    return true;
  }
}

describe('EcrRepository.adopt', () => {
  test('an existing repository is adopted and granted to a service principal', () => {
    const stack = awsStack();
    const repo = EcrRepository.adopt(stack, 'Legacy', { repositoryName: 'legacy/app', encryption: EcrEncryption.AES256, imageTagMutability: TagMutability.MUTABLE });
    repo.grantPull(LAMBDA);
    const json = synthImports(stack);
    const [logicalId] = Object.keys(resourcesOf(json, REPO));
    const [policyId] = Object.keys(resourcesOf(json, POLICY));
    // The repository is imported by its name; the policy is created (nothing said it exists).
    expect(json.import).toEqual([{ id: 'legacy/app', to: `${REPO}.${logicalId}` }]);
    expect(onlyResource(json, REPO)).toMatchObject({ name: 'legacy/app', image_tag_mutability: 'MUTABLE', lifecycle: { prevent_destroy: true } });
    const policy = JSON.parse(onlyResource(json, POLICY).policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'Grant1',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Condition: { StringLike: { 'aws:sourceArn': `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*` } },
      },
    ]);
    expect(policyId).toBeDefined();
    expect(warningsOf(repo)).toEqual([
      'adopt: the grants replace any existing repository policy as a whole, and the plan shows it as new; set importRepositoryPolicy if the repository has one, to see the change',
    ]);
  });

  test('existing policies are imported when declared, so the plan shows the change', () => {
    const stack = awsStack();
    const repo = EcrRepository.adopt(
      stack,
      'Legacy',
      { repositoryName: 'legacy/app', encryption: EcrEncryption.AES256, imageTagMutability: TagMutability.IMMUTABLE, lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 3 })] },
      { importLifecyclePolicy: true, importRepositoryPolicy: true },
    );
    repo.grantPull(LAMBDA);
    const json = synthImports(stack);
    const targets = (json.import ?? []).map((i) => `${i.to.split('.')[0]} ${i.id}`).sort();
    expect(targets).toEqual([`${LIFECYCLE} legacy/app`, `${REPO} legacy/app`, `${POLICY} legacy/app`]);
    expect(warningsOf(repo)).toEqual([]);
  });

  test('the adopt prop does the same as the factory, with the provider in the import block', () => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const other = new AwsProvider(stack, 'other', { region: 'us-east-1', alias: 'other' });
    new EcrRepository(stack, 'Legacy', { repositoryName: 'legacy/app', encryption: EcrEncryption.AES256, imageTagMutability: TagMutability.IMMUTABLE, provider: other, adopt: {} });
    const json = synthImports(stack);
    expect(json.import).toEqual([expect.objectContaining({ id: 'legacy/app', provider: 'aws.other' })]);
  });

  test('warns about what the plan will not show: encryption and mutability defaults, a KMS key, a name unknown at plan time', () => {
    const stack = awsStack();
    const defaults = EcrRepository.adopt(stack, 'Defaults', { repositoryName: 'legacy/app' });
    const kms = EcrRepository.adopt(stack, 'Kms', { repositoryName: 'legacy/kms', encryption: EcrEncryption.KMS, kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd`, imageTagMutability: TagMutability.MUTABLE });
    const token = EcrRepository.adopt(stack, 'Token', { repositoryName: defaults.resource.id, encryption: EcrEncryption.AES256, imageTagMutability: TagMutability.MUTABLE });
    synth(stack);
    const d = warningsOf(defaults);
    expect(d).toHaveLength(2);
    expect(d[0]).toMatch(/^adopt: encryption is not set, so AES256 is declared; if repository "legacy\/app" is encrypted with KMS or KMS_DSSE, Terraform plans to replace it/);
    expect(d[1]).toMatch(/^adopt: imageTagMutability is not set, so IMMUTABLE is declared/);
    expect(warningsOf(kms)).toEqual([expect.stringMatching(/^adopt: kmsKeyArn must be the exact key ARN the repository reports/)]);
    expect(warningsOf(token)).toEqual([expect.stringMatching(/^adopt: repositoryName is not a literal, but Terraform needs the import ID/)]);
  });

  test('importing a policy that nothing declares is reported, and nothing is imported for it', () => {
    const stack = awsStack();
    const repo = EcrRepository.adopt(stack, 'Legacy', { repositoryName: 'legacy/app', encryption: EcrEncryption.AES256, imageTagMutability: TagMutability.MUTABLE }, { importLifecyclePolicy: true, importRepositoryPolicy: true });
    const json = synthImports(stack);
    expect(json.import).toHaveLength(1);
    expect(warningsOf(repo)).toEqual([
      'adopt: importLifecyclePolicy is set, but no lifecycle rules are declared: the existing lifecycle policy is neither imported nor changed',
      'adopt: importRepositoryPolicy is set, but nothing is granted: the existing repository policy is neither imported nor changed',
    ]);
  });

  test('a created repository has no import block and no prevent_destroy', () => {
    const stack = awsStack();
    new EcrRepository(stack, 'New', { repositoryName: 'team/app' });
    const json = synthImports(stack);
    expect(json.import).toBeUndefined();
    expect(onlyResource(json, REPO).lifecycle).toBeUndefined();
  });
});

describe('referenced repositories (fromRepositoryName / fromRepositoryArn)', () => {
  test('a grantee with an identity policy is granted there, and nothing else is written', () => {
    const stack = awsStack();
    const repo: IEcrRepository = EcrRepository.fromRepositoryName(stack, 'Ref', 'legacy/app');
    const ci = new RecordingGrantee();
    repo.grantPush(ci);
    expect(ci.statements.map((s) => s.resources)).toEqual([[repo.repositoryArn], ['*']]);
    expect(resourcesOf(synth(stack), POLICY)).toEqual({});
  });

  test.each([
    ['a service principal', LAMBDA, 'is an AWS service principal, which only the repository policy can grant'],
    ['an account', AwsPrincipal.account(ACCOUNT), 'is a whole AWS account, which only the repository policy can grant'],
    ['an organization', AwsPrincipal.organization('o-abcdefghij'), 'is an AWS Organization, which only the repository policy can grant'],
  ])('%s cannot be granted: the error says how to adopt, and not to use an identity policy', (_name, principal, problem) => {
    const repo = EcrRepository.fromRepositoryName(awsStack(), 'Ref', 'legacy/app');
    const message = messageOf(() => repo.grantPull(principal));
    expect(message).toContain(`test/Ref: grantee ${problem}, and the policy of a repository referenced with EcrRepository.fromRepositoryName is not managed here`);
    expect(message).toContain('adopt the repository so that its repository policy is managed here: EcrRepository.adopt(this, "Ref", { repositoryName: "legacy/app" }) instead of fromRepositoryName');
    expect(message).not.toMatch(/pullPolicyDocument|identity policy/);
  });

  test('a plain role ARN is pointed at the identity policy documents, or adoption', () => {
    const repo = EcrRepository.fromRepositoryArn(awsStack(), 'Ref', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/legacy/app`);
    const message = messageOf(() => repo.grantPull(AwsPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/nodes`)));
    expect(message).toMatch(/^test\/Ref: grantee is an IAM role or user ARN with no identity policy of ours, and the policy of a repository referenced with EcrRepository\.fromRepositoryArn is not managed here/);
    expect(message).toContain('attach pullPolicyDocument() or pushPolicyDocument() of this repository to that role yourself');
    expect(message).toContain('EcrRepository.adopt(this, "Ref", { repositoryName: "legacy/app" })');
  });

  test('IEcrRepository offers the identity policy documents the docs point to', () => {
    const repo: IEcrRepository = EcrRepository.fromRepositoryArn(awsStack(), 'Ref', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/legacy/app`);
    const pull = JSON.parse(repo.pullPolicyDocument());
    expect(pull.Statement).toEqual([
      { Sid: 'AuthToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      { Sid: 'Repository', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/legacy/app` },
    ]);
    expect(JSON.parse(repo.pushPolicyDocument()).Statement[1].Action).toContain('ecr:PutImage');
  });

  test('addToRepositoryPolicy on a referenced repository says to adopt it', () => {
    const repo: IEcrRepository = EcrRepository.fromRepositoryName(awsStack(), 'Ref', 'legacy/app');
    expect(messageOf(() => repo.addToRepositoryPolicy({ principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, actions: ['ecr:BatchGetImage'] }))).toMatch(
      /^test\/Ref: addToRepositoryPolicy\(statement\) cannot change the repository policy of a repository referenced with EcrRepository\.fromRepositoryName, which is not managed here .*; adopt the repository/,
    );
  });
});

describe('EcrRepository.addToRepositoryPolicy', () => {
  test('a statement is rendered after the grants, with a Sid of its own', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
    repo.addToRepositoryPolicy({ principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:DescribeImages'] });
    repo.grantPull(AwsPrincipal.account(ACCOUNT));
    repo.addToRepositoryPolicy({ sid: 'DenyDelete', effect: 'Deny', principal: '*', actions: ['ecr:BatchDeleteImage'] });
    const policy = JSON.parse(onlyResource(synth(stack), POLICY).policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['Grant1', 'Statement1', 'DenyDelete']);
    expect(policy.Statement[1]).toEqual({ Sid: 'Statement1', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: ['ecr:DescribeImages'] });
    expect(policy.Statement[2]).toEqual({ Sid: 'DenyDelete', Effect: 'Deny', Principal: '*', Action: ['ecr:BatchDeleteImage'] });
  });

  test.each<[string, IamStatement, RegExp]>([
    ['no actions', { principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: [] }, /addToRepositoryPolicy\(statement\)\.actions is empty/],
    ['the token call', { principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:GetAuthorizationToken'] }, /actions includes ecr:GetAuthorizationToken, which a repository policy cannot grant/],
    ['a non-ECR action', { principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['s3:GetObject'] }, /actions includes something that is not an ECR action \(got \["s3:GetObject"\]\)/],
    ['no principal', { actions: ['ecr:BatchGetImage'] }, /addToRepositoryPolicy\(statement\)\.principal is missing/],
    ['resources', { principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:BatchGetImage'], resources: ['*'] }, /resources are not allowed in a repository policy/],
    ['a public Allow', { principal: '*', actions: ['ecr:BatchGetImage'] }, /principal allows every AWS principal \("\*"\) without a condition that scopes it/],
    ['a bad effect', { principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:BatchGetImage'], effect: 'Maybe' }, /effect is not an effect \(got "Maybe"\)/],
    ['a bad Sid', { sid: 'no spaces', principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:BatchGetImage'] }, /sid is not a valid statement id/],
    ['a grant Sid', { sid: 'Grant1', principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:BatchGetImage'] }, /sid is already used in this repository policy \(got "Grant1"\)/],
  ])('%s is refused at once', (_name, statement, expected) => {
    const repo = new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app' });
    const message = messageOf(() => repo.addToRepositoryPolicy(statement));
    expect(message).toMatch(/^test\/Repo: addToRepositoryPolicy\(statement\)/);
    expect(message).toMatch(expected);
    expect(repo.repositoryPolicy).toBeUndefined();
  });

  test('a Sid used by an earlier statement is refused', () => {
    const repo = new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app' });
    const statement = { sid: 'Audit', principal: { AWS: 'arn:aws:iam::222222222222:root' }, actions: ['ecr:DescribeImages'] };
    repo.addToRepositoryPolicy(statement);
    expect(messageOf(() => repo.addToRepositoryPolicy(statement))).toMatch(/sid is already used in this repository policy \(got "Audit"\)/);
  });
});

describe('grants across stacks', () => {
  function twoStacks(): { app: App; repoStack: TerraformStack; roleStack: TerraformStack } {
    const app: App = Testing.app();
    const repoStack = new TerraformStack(app, 'registry');
    const roleStack = new TerraformStack(app, 'ci');
    new AwsProvider(repoStack, 'aws', { region: 'eu-west-1' });
    new AwsProvider(roleStack, 'aws', { region: 'eu-west-1' });
    return { app, repoStack, roleStack };
  }

  test('a role of another stack is refused with the supported pattern, instead of a dependency cycle at synth', () => {
    const { repoStack, roleStack } = twoStacks();
    const repo = new EcrRepository(repoStack, 'Repo', { repositoryName: 'team/app' });
    const role = new EcrCiRole(roleStack, 'Ci', { trustedPrincipals: [AwsPrincipal.account(ACCOUNT)], roleName: 'ci' });
    const message = messageOf(() => repo.grantPull(role));
    expect(message).toMatch(/^registry\/Repo: grant\(grantee\) is ci\/Ci of stack ci, not of this stack registry: .*a dependency cycle between the stacks that cdktf refuses/);
    expect(message).toContain('AwsPrincipal.fromArn("arn:aws:iam::<account>:role/<roleName>")');
    expect(message).toContain('EcrRepository.fromRepositoryArn(this, "Repo", "arn:aws:ecr:<region>:<account>:repository/<name>")');
  });

  test('the supported pattern, literal ARNs on both sides, synthesizes both stacks and both sides of the grant', () => {
    const { repoStack, roleStack } = twoStacks();
    const repo = new EcrRepository(repoStack, 'Repo', { repositoryName: 'team/app' });
    repo.grantPull(AwsPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/ci`));
    const role = new EcrCiRole(roleStack, 'Ci', { trustedPrincipals: [AwsPrincipal.account(ACCOUNT)], roleName: 'ci' });
    EcrRepository.fromRepositoryArn(roleStack, 'Repo', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/app`).grantPull(role);
    const repoJson = synth(repoStack);
    const roleJson = synth(roleStack);
    expect(JSON.parse(onlyResource(repoJson, POLICY).policy).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci` });
    const identity = JSON.parse(onlyResource(roleJson, 'aws_iam_role_policy').policy);
    expect(identity.Statement.flatMap((s: { Resource: string | string[] }) => s.Resource)).toContain(`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/app`);
  });
});

describe('EcrEncryption.KMS_DSSE', () => {
  test('renders encryption type KMS_DSSE with the key', () => {
    const stack = awsStack();
    new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', encryption: EcrEncryption.KMS_DSSE, kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd` });
    expect(onlyResource(synth(stack), REPO).encryption_configuration).toEqual([{ encryption_type: 'KMS_DSSE', kms_key: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd` }]);
  });

  test('without a key it uses the AWS-managed key; a key with AES256 is still refused', () => {
    const stack = awsStack();
    new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', encryption: EcrEncryption.KMS_DSSE });
    expect(onlyResource(synth(stack), REPO).encryption_configuration).toEqual([{ encryption_type: 'KMS_DSSE' }]);
    expect(messageOf(() => new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app', encryption: EcrEncryption.AES256, kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd` }))).toMatch(
      /kmsKeyArn is only allowed with EcrEncryption\.KMS or EcrEncryption\.KMS_DSSE/,
    );
  });
});
