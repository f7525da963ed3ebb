import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, TerraformStack, Testing } from 'cdktf';
import { AwsPrincipal, EcrCiRole, EcrPublicArchitecture, EcrPublicOperatingSystem, EcrPublicRepository, IamStatement, IEcrGrantee } from '../../lib/aws';
import { RegistryFamily } from '../../lib/core/endpoint';
import { validationMessageOf as messageOf } from '../support/errors';
import { awsStack, onlyResource, synth } from '../helpers';

const PUBLIC = 'aws_ecrpublic_repository';

describe('EcrPublicRepository', () => {
  test('renders the repository with its catalog data in us-east-1', () => {
    const stack = awsStack('test', 'us-east-1');
    new EcrPublicRepository(stack, 'Public', {
      repositoryName: 'acme/cli',
      catalogData: {
        description: 'The acme command line',
        aboutText: '# acme',
        usageText: 'docker run public.ecr.aws/acme/cli',
        architectures: [EcrPublicArchitecture.X86_64, EcrPublicArchitecture.ARM_64],
        operatingSystems: [EcrPublicOperatingSystem.LINUX],
      },
      tags: { team: 'tools' },
    });
    expect(onlyResource(synth(stack), PUBLIC)).toEqual({
      repository_name: 'acme/cli',
      catalog_data: {
        description: 'The acme command line',
        about_text: '# acme',
        usage_text: 'docker run public.ecr.aws/acme/cli',
        architectures: ['x86-64', 'ARM 64'],
        operating_systems: ['Linux'],
      },
      force_destroy: false,
      tags: { team: 'tools' },
    });
  });

  test('exports an ECR Public endpoint whose login gets its token in us-east-1', () => {
    const repo = new EcrPublicRepository(awsStack('test', 'us-east-1'), 'Public', { repositoryName: 'acme/cli' });
    expect(repo.endpoint.toJson()).toEqual({
      family: RegistryFamily.ECR_PUBLIC,
      host: 'public.ecr.aws',
      loginUsername: 'AWS',
      passwordCommand: 'aws ecr-public get-login-password --region us-east-1',
      loginCommand: 'aws ecr-public get-login-password --region us-east-1 | docker login --username AWS --password-stdin public.ecr.aws',
    });
  });

  test('a provider in another Region is refused; the resource-level region makes it work', () => {
    expect(messageOf(() => new EcrPublicRepository(awsStack('test', 'eu-west-1'), 'Public', { repositoryName: 'acme/cli' }))).toBe(
      'test/Public: provider is in eu-west-1, but ECR Public repositories can only be managed in us-east-1 (got "eu-west-1"); region: "us-east-1" (provider 6 resource-level Region), or a provider for us-east-1',
    );
    expect(messageOf(() => new EcrPublicRepository(awsStack('test', 'us-east-1'), 'Public', { repositoryName: 'acme/cli', region: 'eu-west-1' }))).toMatch(
      /^test\/Public: region is not us-east-1, the only Region ECR Public repositories can be managed in \(got "eu-west-1"\)/,
    );
    const stack = awsStack('test', 'eu-west-1');
    new EcrPublicRepository(stack, 'Public', { repositoryName: 'acme/cli', region: 'us-east-1' });
    expect(onlyResource(synth(stack), PUBLIC).region).toBe('us-east-1');
  });

  test('a provider declared after the repository is checked at synth', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new EcrPublicRepository(stack, 'Public', { repositoryName: 'acme/cli' });
    new AwsProvider(stack, 'aws', { region: 'ap-southeast-2' });
    expect(() => synth(stack)).toThrow(/test\/Public: provider is in ap-southeast-2, but ECR Public repositories can only be managed in us-east-1/);
  });

  test('catalog data beyond the AWS limits is refused with lengths, all at once', () => {
    const message = messageOf(
      () =>
        new EcrPublicRepository(awsStack('test', 'us-east-1'), 'Public', {
          repositoryName: `a${'b'.repeat(205)}`,
          catalogData: {
            description: 'd'.repeat(1025),
            aboutText: 'a'.repeat(25_601),
            usageText: 'u'.repeat(25_601),
            architectures: ['amd64' as EcrPublicArchitecture, EcrPublicArchitecture.ARM, EcrPublicArchitecture.ARM],
            operatingSystems: ['macOS' as EcrPublicOperatingSystem],
            logoImageBase64: 'A'.repeat(700_000),
          },
        }),
    );
    expect(message).toMatch(/repositoryName is 206 characters long/);
    expect(message).toMatch(/catalogData\.description is 1025 characters long/);
    expect(message).toMatch(/catalogData\.aboutText is 25601 characters long/);
    expect(message).toMatch(/catalogData\.usageText is 25601 characters long/);
    expect(message).toMatch(/catalogData\.architectures\[0\] is not a value the gallery knows \(got "amd64"\); one of "ARM", "ARM 64", "x86", "x86-64"/);
    expect(message).toMatch(/catalogData\.architectures repeats a value \(got \["ARM"\]\)/);
    expect(message).toMatch(/catalogData\.operatingSystems\[0\] is not a value the gallery knows \(got "macOS"\)/);
    expect(message).toMatch(/catalogData\.logoImageBase64 decodes to 525000 bytes/);
  });

  test('a logo that is not base64 is refused; a token (Fn.filebase64) passes', () => {
    expect(messageOf(() => new EcrPublicRepository(awsStack('test', 'us-east-1'), 'Public', { repositoryName: 'acme/cli', catalogData: { logoImageBase64: 'not base64!' } }))).toMatch(
      /catalogData\.logoImageBase64 is not base64/,
    );
    const stack = awsStack('test', 'us-east-1');
    new EcrPublicRepository(stack, 'Public', { repositoryName: 'acme/cli', catalogData: { logoImageBase64: Fn.filebase64('logo.png') } });
    expect(onlyResource(synth(stack), PUBLIC).catalog_data.logo_image_blob).toBe('${filebase64("logo.png")}');
  });

  test('an invalid name is refused with the private repository rules', () => {
    expect(messageOf(() => new EcrPublicRepository(awsStack('test', 'us-east-1'), 'Public', { repositoryName: 'Acme/CLI' }))).toMatch(/^test\/Public: repositoryName has uppercase letters \(got "Acme\/CLI"\); lowercase only, e.g. "acme\/cli"/);
  });

  test('grantPush writes the repository policy and, for a role of ours, the push actions and the login', () => {
    const stack = awsStack('test', 'us-east-1');
    const repo = new EcrPublicRepository(stack, 'Public', { repositoryName: 'acme/cli' });
    const statements: IamStatement[] = [];
    const role: IEcrGrantee = { grantPrincipal: AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/release'), addToPrincipalPolicy: (st) => (statements.push(st), true) };
    repo.grantPush(role);
    repo.grantPush(AwsPrincipal.account('210987654321'));
    const push = ['ecr-public:BatchCheckLayerAvailability', 'ecr-public:CompleteLayerUpload', 'ecr-public:InitiateLayerUpload', 'ecr-public:PutImage', 'ecr-public:UploadLayerPart'];
    expect(statements).toEqual([
      { actions: push, resources: [repo.repositoryArn] },
      { actions: ['ecr-public:GetAuthorizationToken', 'sts:GetServiceBearerToken'], resources: ['*'] },
    ]);
    const json = synth(stack);
    const policy = onlyResource(json, 'aws_ecrpublic_repository_policy');
    expect(policy.repository_name).toMatch(/^\$\{aws_ecrpublic_repository\..*\.repository_name\}$/);
    expect(JSON.parse(policy.policy).Statement.map((st: any) => [st.Principal, st.Action])).toEqual([
      [{ AWS: 'arn:aws:iam::210987654321:root' }, push],
      [{ AWS: 'arn:aws:iam::123456789012:role/release' }, push],
    ]);
  });

  test('grantPush to an EcrCiRole puts the push actions and the login in its identity policy', () => {
    const stack = awsStack('test', 'us-east-1');
    const repo = new EcrPublicRepository(stack, 'Public', { repositoryName: 'acme/cli' });
    const role = new EcrCiRole(stack, 'Ci', { trustedPrincipals: [AwsPrincipal.account('123456789012')] });
    repo.grantPush(role);
    expect(JSON.parse(onlyResource(synth(stack), 'aws_iam_role_policy').policy).Statement.flatMap((st: any) => st.Action)).toEqual(
      expect.arrayContaining(['ecr-public:PutImage', 'sts:GetServiceBearerToken']),
    );
  });
});
