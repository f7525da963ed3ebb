/** Example: an ECR repository for one service (scan on push, lifecycle, least-privilege roles) and its registry (replication, Docker Hub cache). */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsPrincipal,
  CreationTemplateAppliedFor,
  EcrCiAccess,
  EcrCiRole,
  EcrLifecycle,
  EcrRegistry,
  EcrRepository,
  GitHubSubject,
  PullThroughCacheUpstream,
  TagMutability,
} from '../../lib/aws';

/** The `aws-ecr` example stack. */
export class AwsEcrStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    // The replication destination's registry settings live in us-west-2, so they need a provider there.
    const west = new AwsProvider(this, 'aws-us-west-2', { region: 'us-west-2', alias: 'us_west_2' });

    const repository = new EcrRepository(this, 'Checkout', {
      repositoryName: 'shop/checkout',
      // Defaults spelled out: immutable tags and scan on push are what the library does anyway.
      scanOnPush: true,
      lifecycleRules: [
        EcrLifecycle.expireUntaggedAfterDays({ days: 7 }),
        EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] }),
      ],
      tags: { team: 'shop', service: 'checkout' },
    });

    // The service's runtime (its ECS tasks) pulls; GitHub Actions on main pushes. Each grant writes both the
    // repository policy and the role's own policy.
    const runtimeRole = new EcrCiRole(this, 'RuntimePull', {
      roleName: 'checkout-runtime',
      // Only ECS acting for this account's tasks may assume it (AWS's confused-deputy guidance for ecs-tasks).
      trustedPrincipals: [AwsPrincipal.service('ecs-tasks.amazonaws.com', 'arn:aws:ecs:eu-west-1:123456789012:*', '123456789012')],
      repositories: [repository],
      access: EcrCiAccess.PULL,
    });
    const ciRole = new EcrCiRole(this, 'CiPush', {
      roleName: 'checkout-ci-push',
      // The account's GitHub OIDC provider is created here; if it exists already, pass oidcProvider: GitHubOidcProvider.fromArn(...).
      // Owner and repository ids (gh api repos/acme/checkout) make the trust match both forms of GitHub's sub claim.
      gitHub: { subjects: [GitHubSubject.branch('acme@1234567/checkout@765432101', 'main')] },
      repositories: [repository],
      access: EcrCiAccess.PUSH,
    });

    // Registry-level settings of this account and Region: images are copied to us-west-2 (new pushes only), and
    // Docker Hub base images are cached under docker-hub/ with the token in an ecr-pullthroughcache/ secret.
    const registry = new EcrRegistry(this, 'Registry', {
      accountId: '123456789012',
      replicationRules: [{ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: ['shop/'] }],
      pullThroughCacheRules: [
        {
          ecrRepositoryPrefix: 'docker-hub',
          upstream: PullThroughCacheUpstream.DOCKER_HUB,
          credentialSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf',
        },
      ],
      // Cache repositories get no lifecycle policy unless a template gives them one.
      creationTemplates: [
        {
          prefix: 'docker-hub',
          appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE],
          lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 1 }), EcrLifecycle.keepLastImages({ count: 10 })],
        },
      ],
    });
    // Replication copies no lifecycle policy. ECR creates the replicas in us-west-2 with the templates of the
    // us-west-2 registry, so the REPLICATION template belongs there, not in the source registry above.
    new EcrRegistry(this, 'RegistryUsWest2', {
      provider: west,
      accountId: '123456789012',
      creationTemplates: [
        {
          prefix: 'shop',
          appliedFor: [CreationTemplateAppliedFor.REPLICATION],
          imageTagMutability: TagMutability.IMMUTABLE,
          lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] })],
        },
      ],
    });
    // Builds pull their base images through the cache.
    registry.grantPullThroughCache(ciRole, { ecrRepositoryPrefix: 'docker-hub' });

    new TerraformOutput(this, 'repository_url', { value: repository.repositoryUrl });
    new TerraformOutput(this, 'ci_role_arn', { value: ciRole.roleArn });
    new TerraformOutput(this, 'runtime_role_arn', { value: runtimeRole.roleArn });
  }
}
