/**
 * The synth comparisons of `npm run bench` (b), one entry per case: the library's constructs against the same
 * resources written with the provider classes directly (the floor). To add a registry family's comparison,
 * append a case here; bench/run.js and bench/synth-worker.js need no change, and test/bench/synth-cases.test.ts
 * checks at a small N that both sides of every case synthesize the same resources.
 *
 * A case is:
 *   name         the id shown in the output and passed to the worker
 *   description  what one item is, in words
 *   sizes        the N to measure (items per stack)
 *   construct / raw: { load(requireLib), build(stack, n, loaded) }
 *     load(...)   requires the modules the side needs (`requireLib('aws')` is the library's /aws entry point:
 *                 dist/ in the bench, lib/ in the test); runs before the clock starts, because loading is measured
 *                 on its own in (a) and would only add a fixed cost that hides how synth scales
 *     build(...)  creates the provider and N items in `stack`; runs inside the clock, with `new App()` before it
 *                 and `app.synth()` after it
 */
const RUNTIME_ARN = 'arn:aws:iam::123456789012:role/runtime';
const CI_ARN = 'arn:aws:iam::123456789012:role/ci';

const ecrRepository = {
  name: 'ecr-repository',
  description: 'EcrRepository with two lifecycle rules and a repository policy (one pull and one push grant)',
  sizes: [1000, 10000],
  construct: {
    load: (requireLib) => ({
      lib: requireLib('aws'),
      AwsProvider: require('@cdktf/provider-aws/lib/provider').AwsProvider,
    }),
    build(stack, n, { lib, AwsProvider }) {
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const { AwsPrincipal, EcrLifecycle, EcrRepository } = lib;
      const runtime = AwsPrincipal.fromArn(RUNTIME_ARN);
      const ci = AwsPrincipal.fromArn(CI_ARN);
      for (let i = 0; i < n; i++) {
        const repo = new EcrRepository(stack, `Repo${i}`, {
          repositoryName: `team/app-${i}`,
          lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] })],
        });
        repo.grantPull(runtime);
        repo.grantPush(ci);
      }
    },
  },
  raw: {
    load: () => ({
      AwsProvider: require('@cdktf/provider-aws/lib/provider').AwsProvider,
      EcrRepository: require('@cdktf/provider-aws/lib/ecr-repository').EcrRepository,
      EcrLifecyclePolicy: require('@cdktf/provider-aws/lib/ecr-lifecycle-policy').EcrLifecyclePolicy,
      EcrRepositoryPolicy: require('@cdktf/provider-aws/lib/ecr-repository-policy').EcrRepositoryPolicy,
    }),
    build(stack, n, { AwsProvider, EcrRepository, EcrLifecyclePolicy, EcrRepositoryPolicy }) {
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      for (let i = 0; i < n; i++) {
        const repo = new EcrRepository(stack, `Repo${i}`, {
          name: `team/app-${i}`,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: 'AES256' }],
          forceDelete: false,
        });
        const name = repo.name;
        new EcrLifecyclePolicy(stack, `Lifecycle${i}`, {
          repository: name,
          policy: JSON.stringify({
            rules: [
              { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
              { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
            ],
          }),
        });
        new EcrRepositoryPolicy(stack, `Policy${i}`, {
          repository: name,
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Sid: 'Grant1', Effect: 'Allow', Principal: { AWS: CI_ARN }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'] },
              { Sid: 'Grant2', Effect: 'Allow', Principal: { AWS: RUNTIME_ARN }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
            ],
          }),
        });
      }
    },
  },
};

module.exports = [ecrRepository];
