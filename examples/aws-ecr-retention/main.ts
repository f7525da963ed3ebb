/** Example: releases never deleted but archived when nobody pulls them, from one neutral policy, with rules that can never act made errors. */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EcrRepository } from '../../lib/aws';
import { RetentionPolicy, RetentionRule } from '../../lib';

/** The `aws-ecr-retention` example stack. */
export class AwsEcrRetentionStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

    // "Never delete releases, but archive those nobody pulled for 180 days; keep the 30 newest builds; drop
    // untagged images after 3 days." On ECR the release rule becomes a tagged v* sinceImagePulled transition
    // ahead of every other rule. strict: a rule no image can reach (say, an expireNotPulled archive rule that the
    // keep window shadows) fails synth instead of being a warning.
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }),
        RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 3 }),
      ],
      strict: true,
    });

    new EcrRepository(this, 'Api', { repositoryName: 'payments/api', retentionPolicy: policy });
    new EcrRepository(this, 'Worker', { repositoryName: 'payments/worker', retentionPolicy: policy });
  }
}
