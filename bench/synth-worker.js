/**
 * One synth measurement in a fresh process: `node synth-worker.js construct|raw N OUTDIR`; prints
 * {"ms", "cpuMs", "maxRssMb"} (CPU time is steadier than wall time on a shared machine). "construct" uses EcrRepository; "raw" writes the same three resources per repository
 * with the provider classes and hand-built JSON, which is the floor the construct is compared with.
 * Modules are loaded before the clock starts: loading is measured on its own in bench/run.js (a), and here it would
 * only add a fixed cost that hides how synth scales.
 */
const path = require('path');
const [, , kind, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');

const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');

const lib = kind === 'construct' ? require(path.join(root, 'dist/aws/index.js')) : undefined;
const { EcrRepository } = require('@cdktf/provider-aws/lib/ecr-repository');
const { EcrLifecyclePolicy } = require('@cdktf/provider-aws/lib/ecr-lifecycle-policy');
const { EcrRepositoryPolicy } = require('@cdktf/provider-aws/lib/ecr-repository-policy');

const runtimeArn = 'arn:aws:iam::123456789012:role/runtime';
const ciArn = 'arn:aws:iam::123456789012:role/ci';

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });

if (kind === 'construct') {
  const { AwsPrincipal, EcrLifecycle } = lib;
  const runtime = AwsPrincipal.fromArn(runtimeArn);
  const ci = AwsPrincipal.fromArn(ciArn);
  for (let i = 0; i < n; i++) {
    const repo = new lib.EcrRepository(stack, `Repo${i}`, {
      repositoryName: `team/app-${i}`,
      lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] })],
    });
    repo.grantPull(runtime);
    repo.grantPush(ci);
  }
} else {
  for (let i = 0; i < n; i++) {
    const repo = new EcrRepository(stack, `Repo${i}`, {
      name: `team/app-${i}`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
      forceDelete: false,
    });
    new EcrLifecyclePolicy(stack, `Lifecycle${i}`, {
      repository: repo.name,
      policy: JSON.stringify({
        rules: [
          { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
          { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
        ],
      }),
    });
    new EcrRepositoryPolicy(stack, `Policy${i}`, {
      repository: repo.name,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Grant1', Effect: 'Allow', Principal: { AWS: ciArn }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'] },
          { Sid: 'Grant2', Effect: 'Allow', Principal: { AWS: runtimeArn }, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] },
        ],
      }),
    });
  }
}
app.synth();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
