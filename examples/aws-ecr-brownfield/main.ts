/**
 * Example: a team moving existing repositories under management (from terraform-aws-modules/terraform-aws-ecr or
 * the console): adoption with import blocks, the module's lifecycle JSON as is, a Lambda consumer, events to an
 * SNS topic and a queue, a repository only referenced, and the team's public image in ECR Public.
 */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AwsPrincipal,
  EcrCiRole,
  EcrEncryption,
  EcrFindingSeverity,
  EcrLifecycle,
  EcrPublicArchitecture,
  EcrPublicOperatingSystem,
  EcrPublicRepository,
  EcrRegistry,
  EcrRepository,
  PullThroughCacheUpstream,
  TagMutability,
} from '../../lib/aws';

const ACCOUNT = '210987654321';

/** The lifecycle policy the module was given (`repository_lifecycle_policy = jsonencode(...)`), unchanged. */
export const MODULE_LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Keep last 30 release images',
      selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'Expire untagged images after 14 days',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
});

/** The `aws-ecr-brownfield` example stack. */
export class AwsEcrBrownfieldStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });

    // Adopted: Terraform imports the repository and both of its policies on the next apply, then replaces the
    // policies with what is declared here. Encryption and mutability are what the repository has today.
    const billing = EcrRepository.adopt(
      this,
      'Billing',
      {
        repositoryName: 'billing/api',
        encryption: EcrEncryption.KMS,
        imageTagMutability: TagMutability.IMMUTABLE,
        lifecycleRules: EcrLifecycle.fromJson(MODULE_LIFECYCLE_POLICY),
        tags: { team: 'billing' },
      },
      { importLifecyclePolicy: true, importRepositoryPolicy: true },
    );
    // The invoice Lambda functions of this account pull the image (a service principal needs the repository policy).
    billing.grantPull(AwsPrincipal.service('lambda.amazonaws.com', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:invoice-*`));
    // What the module's repository_policy_statements did: a statement no grant covers.
    billing.addToRepositoryPolicy({
      sid: 'DenyDeleteOutsideBreakGlass',
      effect: 'Deny',
      principal: '*',
      actions: ['ecr:BatchDeleteImage', 'ecr:DeleteRepository'],
      condition: { StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/break-glass` } },
    });
    // Pushes reach the deploy queue; critical findings page the on-call topic. Both need a resource policy that
    // lets events.amazonaws.com deliver (docs/aws-ecr.md, "Repository events").
    billing.onImagePushed('Pushed', { targetArns: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:billing-deploys`], imageTags: ['stable'] });
    billing.onImageScanCompleted('CriticalFindings', { targetArns: [`arn:aws:sns:eu-west-1:${ACCOUNT}:oncall`], minimumSeverity: EcrFindingSeverity.CRITICAL });

    // Referenced only: the platform team owns it. The CI role gets the identity side of the grant.
    const base = EcrRepository.fromRepositoryArn(this, 'BaseImages', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/platform/base`);
    const ci = new EcrCiRole(this, 'BillingCi', {
      roleName: 'billing-ci',
      trustedPrincipals: [AwsPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/build-runner`)],
      repositories: [base],
    });
    billing.grantPullPush(ci);

    // The module's registry_pull_through_cache_rules, read from their URLs.
    const registry = new EcrRegistry(this, 'Registry', {
      accountId: ACCOUNT,
      policyScopeV2: true,
      pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.fromUrl('quay.io') }],
    });
    registry.grantPullThroughCache(ci);

    // The public CLI image: ECR Public is managed in us-east-1 only (resource-level Region of provider 6).
    const cli = new EcrPublicRepository(this, 'PublicCli', {
      repositoryName: 'billing/cli',
      region: 'us-east-1',
      catalogData: {
        description: 'Command line client of the billing API',
        usageText: 'docker run public.ecr.aws/<alias>/billing/cli --help',
        architectures: [EcrPublicArchitecture.X86_64, EcrPublicArchitecture.ARM_64],
        operatingSystems: [EcrPublicOperatingSystem.LINUX],
      },
    });

    // Releases are published by the same CI role (its identity policy gets the ECR Public login too).
    cli.grantPush(ci);

    new TerraformOutput(this, 'billing_repository_url', { value: billing.repositoryUrl });
    new TerraformOutput(this, 'public_cli_uri', { value: cli.repositoryUri });
  }
}
