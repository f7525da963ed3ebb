import { Testing } from 'cdktf';
import { AwsEcrStack } from '../../examples/aws-ecr/main';

// The aws-ecr example delivers the seed's request: each part is checked in the synthesized JSON.
describe('example aws-ecr', () => {
  const stack = new AwsEcrStack(Testing.app(), 'aws-ecr');
  const json = JSON.parse(Testing.synth(stack, true));
  const all = (type: string): any[] => Object.values(json.resource[type] ?? {});
  const roleNamed = (name: string) => {
    const [key] = Object.entries(json.resource.aws_iam_role).find(([, r]: [string, any]) => r.name === name)!;
    return key;
  };
  const policyOf = (roleKey: string) => JSON.parse(all('aws_iam_role_policy').find((p) => p.role === `\${aws_iam_role.${roleKey}.id}`).policy);

  test('the repository scans on push and keeps its tags immutable', () => {
    expect(all('aws_ecr_repository')).toEqual([
      expect.objectContaining({ name: 'shop/checkout', image_scanning_configuration: { scan_on_push: true }, image_tag_mutability: 'IMMUTABLE' }),
    ]);
  });

  test('the lifecycle policy keeps the last 20 tagged images and expires untagged images after 7 days', () => {
    const [lifecycle] = all('aws_ecr_lifecycle_policy');
    expect(all('aws_ecr_lifecycle_policy')).toHaveLength(1);
    expect(lifecycle.repository).toMatch(/^\$\{aws_ecr_repository\.Checkout_.*\.name\}$/);
    expect(JSON.parse(lifecycle.policy).rules).toEqual([
      { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
      { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
    ]);
  });

  test('replicates to us-west-2', () => {
    expect(all('aws_ecr_replication_configuration')[0].replication_configuration.rule[0].destination).toEqual([{ region: 'us-west-2', registry_id: '123456789012' }]);
  });

  test('synthesizes without warnings (a REPLICATION template outside the destination Region would warn)', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => `${c.node.path}: ${m.data}`));
    expect(warnings).toEqual([]);
  });

  test('the REPLICATION creation template lives in the us-west-2 registry (the destination), not in eu-west-1', () => {
    const providers = json.provider.aws as any[];
    expect(providers).toEqual(expect.arrayContaining([{ alias: 'us_west_2', region: 'us-west-2' }]));
    const templates = all('aws_ecr_repository_creation_template');
    const replication = templates.filter((t) => t.applied_for.includes('REPLICATION'));
    expect(replication).toEqual([expect.objectContaining({ prefix: 'shop', provider: 'aws.us_west_2' })]);
    const cache = templates.filter((t) => t.applied_for.includes('PULL_THROUGH_CACHE'));
    expect(cache).toEqual([expect.objectContaining({ prefix: 'docker-hub' })]);
    expect(cache[0].provider).toBeUndefined();
    // Replication and the cache are eu-west-1 settings: on the default provider.
    expect(all('aws_ecr_replication_configuration')[0].provider).toBeUndefined();
  });

  test('caches Docker Hub with credentials from an ecr-pullthroughcache/ secret', () => {
    expect(all('aws_ecr_pull_through_cache_rule')).toEqual([
      expect.objectContaining({ upstream_registry_url: 'registry-1.docker.io', credential_arn: expect.stringContaining(':secret:ecr-pullthroughcache/') }),
    ]);
  });

  test('the CI push role is assumed through GitHub OIDC for one branch and can push', () => {
    const key = roleNamed('checkout-ci-push');
    const trust = JSON.parse(json.resource.aws_iam_role[key].assume_role_policy).Statement[0];
    expect(trust.Action).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.Condition.StringLike['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/checkout:ref:refs/heads/main', 'repo:acme@1234567/checkout@765432101:ref:refs/heads/main']);
    expect(policyOf(key).Statement.flatMap((s: any) => s.Action)).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:BatchImportUpstreamImage', 'ecr:GetAuthorizationToken']));
  });

  test('the runtime role trusts ECS tasks of this account only (aws:SourceArn and aws:SourceAccount)', () => {
    const trust = JSON.parse(json.resource.aws_iam_role[roleNamed('checkout-runtime')].assume_role_policy).Statement;
    expect(trust).toEqual([
      expect.objectContaining({
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Condition: { StringLike: { 'aws:sourceArn': 'arn:aws:ecs:eu-west-1:123456789012:*' }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
    ]);
  });

  test('the runtime role can pull and not push', () => {
    const actions = policyOf(roleNamed('checkout-runtime')).Statement.flatMap((s: any) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']));
    expect(actions).not.toContain('ecr:PutImage');
  });
});
