import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CreationTemplateAppliedFor } from '../../lib/aws/ecr-creation-template';
import { EcrRegistry } from '../../lib/aws/ecr-registry';
import { EcrLifecycle, EcrRepository, EcrTagStatus, EcrCountType } from '../../lib/aws';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../lib/core/retention/policy';
import { awsStack, errorOf, onlyResource, synth } from '../helpers';

/** The synth warnings recorded on a construct. */
function warningsOf(c: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

/** The issue's policy: the archive rule can never act. */
const issuePolicy = (strict?: boolean) =>
  RetentionPolicy.of({
    rules: [
      RetentionRule.protect({ tagPatterns: ['v*'] }),
      RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
      RetentionRule.expireUntagged({ days: 3 }),
      RetentionRule.expireNotPulled({ days: 180, action: StaleImageAction.ARCHIVE }),
    ],
    strict,
  });

describe('EcrRepository: rules that can never act', () => {
  test('a retentionPolicy rule that can never act is a synth warning with the construct path, and the policy is still applied', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', retentionPolicy: issuePolicy() });
    synth(stack);
    expect(warningsOf(repo)).toEqual([
      'test/Repo: retentionPolicy.rules[3] (expireNotPulled [all] after 180d (archive)) can never act: every image it selects is decided first by rules[0] (protect [v*]), ' +
        'rules[1] (keepMostRecent 30 [*]), rules[2] (expireUntagged after 3d); protected images are never archived by expireNotPulled: to archive them, give the protect rule archiveWhenNotPulledForDays',
    ]);
  });

  test('protect [v*] with expireNotPulled [v*] warns about the archive rule', () => {
    const stack = awsStack();
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireNotPulled({ days: 180, tagPatterns: ['v*'] })] });
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', retentionPolicy: policy });
    expect(warningsOf(repo)).toHaveLength(1);
    expect(warningsOf(repo)[0]).toMatch(/^test\/Repo: retentionPolicy\.rules\[1\] \(expireNotPulled \[v\*\] after 180d \(archive\)\) can never act: every image it selects is decided first by rules\[0\] \(protect \[v\*\]\)/);
  });

  test('strictRetention makes it an error naming the rule', () => {
    const message = errorOf(() => new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app', retentionPolicy: issuePolicy(), strictRetention: true })).message;
    expect(message).toMatch(/^test\/Repo: retentionPolicy\.rules\[3\] can never act: every image it selects is decided first by rules\[0\] \(protect \[v\*\]\).* \(got "expireNotPulled \[all\] after 180d \(archive\)"\); remove the rule or change the rules that shadow it/);
  });

  test('a policy created with strict: true is strict on every repository', () => {
    expect(errorOf(() => new EcrRepository(awsStack(), 'Repo', { repositoryName: 'team/app', retentionPolicy: issuePolicy(true) })).message).toContain('retentionPolicy.rules[3] can never act');
  });

  test('the archive allowance form compiles to a tagged v* sinceImagePulled transition ahead of the other rules, with no warning', () => {
    const stack = awsStack();
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 3 }),
        RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }),
      ],
    });
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', retentionPolicy: policy });
    const rules = JSON.parse(onlyResource(synth(stack), 'aws_ecr_lifecycle_policy').policy).rules;
    expect(rules[0]).toMatchObject({
      rulePriority: 1,
      selection: { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'sinceImagePulled', countUnit: 'days', countNumber: 180 },
      action: { type: 'transition', targetStorageClass: 'archive' },
    });
    expect(warningsOf(repo)).toEqual([]);
  });

  test('a lifecycle rule shadowed by earlier ones is a warning naming both, rules added later included', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.keepLastImages({ count: 10, tagPatterns: ['*'] })] });
    repo.addLifecycleRule(EcrLifecycle.expireUntaggedAfterDays({ days: 1 }));
    repo.addLifecycleRule({ tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['pr-*'], countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7, description: 'old PRs' });
    synth(stack);
    expect(warningsOf(repo)).toEqual([
      'test/Repo: lifecycleRules[2] (rulePriority 3, old PRs) can never act: every image it selects is claimed first by lifecycleRules[0] (rulePriority 1), and ECR lets only the first rule that selects an image act on it',
    ]);
  });

  test('with strictRetention, addLifecycleRule refuses a rule that can never act and leaves the policy as it was', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', strictRetention: true, lifecycleRules: [EcrLifecycle.keepLastImages({ count: 10, tagPatterns: ['*'] })] });
    const message = errorOf(() => repo.addLifecycleRule({ tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['pr-*'], countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7 })).message;
    expect(message).toBe(
      'test/Repo: lifecycleRules[1] can never act: every image it selects is claimed first by lifecycleRules[0] (rulePriority 1), and ECR lets only the first rule that selects an image act on it (got "rulePriority 2"); remove the rule or change the rules that shadow it (strict makes this an error; without it, a warning)',
    );
    expect(repo.lifecycleRuleList).toHaveLength(1);
    expect(JSON.parse(onlyResource(synth(stack), 'aws_ecr_lifecycle_policy').policy).rules).toHaveLength(1);
  });
});

describe('EcrRegistry creation templates: rules that can never act', () => {
  test('a template retentionPolicy or lifecycleRules rule that can never act is a warning with the registry path', () => {
    const stack = awsStack('stack');
    const registry = new EcrRegistry(stack, 'Registry', {
      accountId: '111111111111',
      creationTemplates: [
        { prefix: 'docker-hub', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE], retentionPolicy: issuePolicy() },
        {
          prefix: 'prod',
          appliedFor: [CreationTemplateAppliedFor.REPLICATION],
          lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 1 }), EcrLifecycle.keepLastImages({ count: 5, tagPatterns: ['*'] }), EcrLifecycle.keepLastImages({ count: 50 })],
        },
      ],
    });
    expect(warningsOf(registry)).toEqual([
      expect.stringMatching(/^stack\/Registry: creationTemplates\[0\] \(docker-hub\): retentionPolicy\.rules\[3\] \(expireNotPulled \[all\] after 180d \(archive\)\) can never act: /),
      expect.stringMatching(/^stack\/Registry: creationTemplates\[1\] \(prod\): lifecycleRules\[2\] \(rulePriority 3\) can never act: every image it selects is claimed first by lifecycleRules\[0\] \(rulePriority 1\), lifecycleRules\[1\] \(rulePriority 2\)/),
    ]);
  });

  test('strictRetention on a template makes it an error', () => {
    const message = errorOf(
      () =>
        new EcrRegistry(awsStack('stack'), 'Registry', {
          accountId: '111111111111',
          creationTemplates: [{ prefix: 'docker-hub', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE], retentionPolicy: issuePolicy(), strictRetention: true }],
        }),
    ).message;
    expect(message).toMatch(/^stack\/Registry: creationTemplates\[0\]\.retentionPolicy\.rules\[3\] can never act: /);
  });
});

describe('ECR lifecycle limits hold without validation', () => {
  /** An app that skips validation, as `new App({ skipValidation: true })` does. */
  function unvalidatedStack(): TerraformStack {
    const app = new App({ skipValidation: true, outdir: require('os').tmpdir() });
    const stack = new TerraformStack(app, 'nv');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    return stack;
  }
  const fiftyOne = Array.from({ length: 51 }, (_, i) => EcrLifecycle.keepLastImages({ count: i + 1, tagPatterns: [`t${i}-*`] }));

  test('51 lifecycle rules are refused when the repository is built', () => {
    expect(errorOf(() => new EcrRepository(unvalidatedStack(), 'Repo', { repositoryName: 'app', lifecycleRules: fiftyOne })).message).toContain('nv/Repo: lifecycleRules has 51 rules');
  });

  test('a policy over 30,720 characters is refused, also when the rule that crosses the limit is added later', () => {
    const stack = unvalidatedStack();
    const long = 'd'.repeat(700);
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'app' });
    const add = (i: number) => repo.addLifecycleRule({ ...EcrLifecycle.keepLastImages({ count: 1, tagPatterns: [`t${i}-*`] }), description: long });
    for (let i = 0; i < 35; i++) add(i);
    expect(errorOf(() => add(35)).message).toMatch(/^nv\/Repo: lifecycleRules renders to 3\d{4} characters \(got "36 rules"\); at most 30720 characters per policy/);
    const policy = onlyResource(synth(stack), 'aws_ecr_lifecycle_policy').policy;
    expect(JSON.parse(policy).rules).toHaveLength(35);
    expect(policy.length).toBeLessThanOrEqual(30720);
  });

  test('a creation template with 51 lifecycle rules is refused', () => {
    const message = errorOf(
      () => new EcrRegistry(unvalidatedStack(), 'Registry', { accountId: '111111111111', creationTemplates: [{ prefix: 'cache', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE], lifecycleRules: fiftyOne }] }),
    ).message;
    expect(message).toContain('nv/Registry: creationTemplates[0].lifecycleRules has 51 rules');
  });
});
