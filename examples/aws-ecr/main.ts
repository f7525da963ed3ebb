/** Example: an ECR repository for one service, with scan on push, a lifecycle policy and least-privilege grants. */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsPrincipal, EcrLifecycle, EcrRepository } from '../../lib/aws';

/** The `aws-ecr` example stack. */
export class AwsEcrStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

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

    // The service's runtime (e.g. its ECS task role) pulls; the CI role pushes.
    repository.grantPull(AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/checkout-runtime'));
    repository.grantPush(AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/checkout-ci'));

    new TerraformOutput(this, 'repository_url', { value: repository.repositoryUrl });
  }
}
