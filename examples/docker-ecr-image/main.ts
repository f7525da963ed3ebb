/**
 * Example: an image built and pushed by Terraform itself (ContainerImage with @cdktf/provider-docker), for teams
 * that build in `terraform apply` rather than in CI. Tagged with the commit SHA and latest; rebuilt when the
 * content of app/ changes (files in app/.dockerignore do not count).
 */

import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EcrAuthorizationToken, EcrLifecycle, EcrRepository, TagMutability } from '../../lib/aws';
import { ContainerImage } from '../../lib/docker';

/** The `docker-ecr-image` example stack. */
export class DockerEcrImageStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

    const repository = new EcrRepository(this, 'Greeter', {
      repositoryName: 'shop/greeter',
      imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: ['latest'],
      // Every build pushes a new SHA tag and moves `latest`: keep the 30 newest and drop what lost its tags.
      lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 30, tagPatterns: ['*'] })],
    });
    const image = new ContainerImage(this, 'GreeterImage', {
      repositoryUrl: repository.repositoryUrl,
      // ECR's own 12-hour token, read at plan time; it is kept in state and never output.
      credentials: new EcrAuthorizationToken(this, 'EcrToken', { registryId: repository.registryId }),
      context: path.join(__dirname, 'app'),
      platform: 'linux/amd64',
    });

    new TerraformOutput(this, 'image', { value: image.imageName });
    new TerraformOutput(this, 'digest', { value: image.digest });
  }
}
