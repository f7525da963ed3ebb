/**
 * Example: "a CI step that builds a Docker image, tags it with the git SHA and latest, pushes to ECR, and fails if
 * there are Critical vulnerabilities", for the aws-ecr example's repository. The workflow is generated at synth
 * (cdktf.out/stacks/ci-ecr/ci/image-shop-checkout.yml) and checked in under .github/workflows/ beside this file.
 */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Severity } from '../../lib';
import { EcrCiAccess, EcrCiRole, EcrImagePipeline, EcrLifecycle, EcrRepository, GitHubOidcProvider, GitHubSubject, TagMutability } from '../../lib/aws';

/** The `ci-ecr` example stack. */
export class CiEcrStack extends TerraformStack {
  /** The generated pipeline (its workflow text is compared with the checked-in copy by the tests). */
  public readonly pipeline: EcrImagePipeline;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

    const repository = new EcrRepository(this, 'Checkout', {
      repositoryName: 'shop/checkout',
      // Release tags (the git SHA) stay immutable; only latest may move, and the pipeline moves it after the gate.
      imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: ['latest'],
      scanOnPush: true,
      lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] })],
      tags: { team: 'shop', service: 'checkout' },
    });

    // Only pushes to main may assume the push role. The account's GitHub OIDC provider already exists (the
    // aws-ecr example creates it), so it is referenced, not created.
    const pushRole = new EcrCiRole(this, 'CheckoutPush', {
      roleName: 'checkout-ci-image-push',
      gitHub: {
        subjects: [GitHubSubject.branch('acme@1234567/checkout@765432102', 'main')],
        oidcProvider: GitHubOidcProvider.fromArn('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'),
      },
      repositories: [repository],
      access: EcrCiAccess.PUSH,
    });

    this.pipeline = new EcrImagePipeline(this, 'CheckoutImage', {
      repository,
      role: pushRole,
      context: 'services/checkout',
      dockerfile: 'services/checkout/Dockerfile',
      platform: 'linux/amd64',
      branches: ['main'],
      failOn: Severity.CRITICAL,
      allowlistPath: '.github/vulnerability-allowlist.json',
    });

    // For `registry-lifecycle configure-docker --endpoints` on a developer's machine.
    new TerraformOutput(this, 'registry_endpoints', { value: [repository.endpoint.toJson()] });
  }
}
