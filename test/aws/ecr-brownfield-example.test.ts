import { Testing } from 'cdktf';
import { AwsEcrBrownfieldStack, MODULE_LIFECYCLE_POLICY } from '../../examples/aws-ecr-brownfield/main';

// The brownfield example: each promise of its header is checked in the synthesized JSON.
describe('example aws-ecr-brownfield', () => {
  const stack = new AwsEcrBrownfieldStack(Testing.app(), 'aws-ecr-brownfield');
  const json = JSON.parse(Testing.synth(stack, true));
  const all = (type: string): any[] => Object.values(json.resource[type] ?? {});
  const keyOf = (type: string, match: (r: any) => boolean) => Object.entries(json.resource[type]).find(([, r]) => match(r))![0];

  test('the billing repository, its lifecycle policy and its repository policy are imported by the repository name', () => {
    const repo = keyOf('aws_ecr_repository', (r) => r.name === 'billing/api');
    expect(json.import).toEqual(
      expect.arrayContaining([
        { id: 'billing/api', to: `aws_ecr_repository.${repo}` },
        { id: 'billing/api', to: expect.stringMatching(/^aws_ecr_lifecycle_policy\./) },
        { id: 'billing/api', to: expect.stringMatching(/^aws_ecr_repository_policy\./) },
      ]),
    );
    expect(json.import).toHaveLength(3);
    expect(json.resource.aws_ecr_repository[repo]).toMatchObject({ encryption_configuration: [{ encryption_type: 'KMS' }], lifecycle: { prevent_destroy: true } });
  });

  test("the module's lifecycle JSON is applied unchanged", () => {
    expect(JSON.parse(all('aws_ecr_lifecycle_policy')[0].policy)).toEqual(JSON.parse(MODULE_LIFECYCLE_POLICY));
  });

  test('the adopted repository grants the invoice Lambda functions, the CI role and the break-glass Deny', () => {
    const policy = JSON.parse(all('aws_ecr_repository_policy')[0].policy);
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' }, Condition: { StringLike: { 'aws:sourceArn': 'arn:aws:lambda:eu-west-1:210987654321:function:invoice-*' } } }),
        expect.objectContaining({ Principal: { AWS: expect.stringMatching(/^\$\{aws_iam_role\./) }, Action: expect.arrayContaining(['ecr:PutImage']) }),
        expect.objectContaining({ Sid: 'DenyDeleteOutsideBreakGlass', Effect: 'Deny', Principal: '*' }),
      ]),
    );
  });

  test('push and critical-finding events go to the queue and the topic', () => {
    const patterns = all('aws_cloudwatch_event_rule').map((r) => JSON.parse(r.event_pattern)['detail-type'][0]);
    expect(patterns.sort()).toEqual(['ECR Image Action', 'ECR Image Scan']);
    expect(all('aws_cloudwatch_event_target').map((t) => t.arn).sort()).toEqual(['arn:aws:sns:eu-west-1:210987654321:oncall', 'arn:aws:sqs:eu-west-1:210987654321:billing-deploys']);
  });

  test('the referenced base repository gets no policy: the CI role carries the grant', () => {
    expect(all('aws_ecr_repository_policy')).toHaveLength(1);
    const identity = JSON.parse(all('aws_iam_role_policy')[0].policy);
    expect(identity.Statement.flatMap((s: any) => s.Resource)).toContain('arn:aws:ecr:eu-west-1:210987654321:repository/platform/base');
  });

  test('the public repository is in us-east-1 with its catalog data', () => {
    expect(all('aws_ecrpublic_repository')).toEqual([expect.objectContaining({ repository_name: 'billing/cli', region: 'us-east-1', catalog_data: expect.objectContaining({ operating_systems: ['Linux'] }) })]);
  });

  test('the CI role may publish the public image', () => {
    const identity = JSON.parse(all('aws_iam_role_policy')[0].policy);
    expect(identity.Statement.flatMap((s: any) => s.Action)).toEqual(expect.arrayContaining(['ecr-public:PutImage', 'ecr-public:GetAuthorizationToken', 'sts:GetServiceBearerToken']));
    expect(JSON.parse(all('aws_ecrpublic_repository_policy')[0].policy).Statement).toHaveLength(1);
  });

  test('synthesizes without warnings', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([]);
  });
});
