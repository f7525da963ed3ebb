import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { EcrRepository as RawRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { AwsPrincipal, EcrEncryption, EcrLifecycle, EcrRegistry, EcrRepository, EcrScanFrequency, EcrScanType, TagMutability } from '../../lib/aws';
import { GuardrailPack } from '../../lib/guardrails';
import { findingsOf, of } from './helpers';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const LIFECYCLE = JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } }] });

function aws(stack: TerraformStack): void {
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
}

/** A raw repository with every recommended setting, plus its lifecycle policy. */
function rawCompliant(stack: TerraformStack, name = 'raw/app'): RawRepository {
  const repo = new RawRepository(stack, 'Raw', {
    name,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: KEY }],
  });
  new EcrLifecyclePolicy(stack, 'RawLifecycle', { repository: repo.name, policy: LIFECYCLE });
  return repo;
}

describe('EcrImageScanning', () => {
  test('our repository scans on push by default; a raw one without the flag is reported', () => {
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }); }), 'EcrImageScanning')).toEqual([]);
    const raw = of(findingsOf((s) => { aws(s); new RawRepository(s, 'Raw', { name: 'raw/app' }); }), 'EcrImageScanning');
    expect(raw).toHaveLength(1);
    expect(raw[0].problem).toMatch(/scan_on_push is unset/);
    expect(of(findingsOf((s) => { aws(s); rawCompliant(s); }), 'EcrImageScanning')).toEqual([]);
  });

  test('scanners are wrong here: ENHANCED registry scanning whose filters miss the repository disables its scan on push', () => {
    const findings = findingsOf((s) => {
      aws(s);
      new EcrRegistry(s, 'Registry', { scanning: { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod/*'] }] } });
      new EcrRepository(s, 'Repo', { repositoryName: 'team/app' });
      rawCompliant(s, 'prod/api');
    });
    const scanning = of(findings, 'EcrImageScanning');
    expect(scanning).toHaveLength(1);
    expect(scanning[0].problem).toMatch(/"team\/app" is not scanned: registry scanning is ENHANCED/);
  });

  test('scanners are wrong here: a raw repository without scan_on_push is scanned when a registry rule matches it (filter without * means "contains")', () => {
    const findings = findingsOf((s) => {
      aws(s);
      new EcrRegistryScanningConfiguration(s, 'Scanning', { scanType: 'BASIC', rule: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilter: [{ filter: 'app', filterType: 'WILDCARD' }] }] });
      new RawRepository(s, 'Raw', { name: 'raw/app' });
    });
    expect(of(findings, 'EcrImageScanning')).toEqual([]);
  });

  test('a registry scanning configuration in another stack of the same Region counts; another Region does not', () => {
    const run = (region: string) => {
      const app = require('cdktf').Testing.app();
      const registryStack = new TerraformStack(app, 'registry');
      new AwsProvider(registryStack, 'aws', { region });
      new EcrRegistryScanningConfiguration(registryStack, 'Scanning', { scanType: 'ENHANCED', rule: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilter: [{ filter: 'prod/*', filterType: 'WILDCARD' }] }] });
      const repoStack = new TerraformStack(app, 'repos');
      aws(repoStack);
      new EcrRepository(repoStack, 'Repo', { repositoryName: 'team/app' });
      const { RegistryGuardrails } = require('../../lib/guardrails');
      const g = RegistryGuardrails.applyTo(app, { packs: [GuardrailPack.RECOMMENDED] });
      require('cdktf').Testing.synth(repoStack);
      return of(g.findings, 'EcrImageScanning');
    };
    expect(run('eu-west-1')).toHaveLength(1);
    expect(run('us-east-1')).toEqual([]);
  });
});

describe('EcrTagImmutability', () => {
  test('IMMUTABLE (our default) passes; raw MUTABLE default fails', () => {
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }); }), 'EcrTagImmutability')).toEqual([]);
    const raw = of(findingsOf((s) => { aws(s); new RawRepository(s, 'Raw', { name: 'raw/app' }); }), 'EcrTagImmutability');
    expect(raw[0].problem).toMatch(/"MUTABLE" \(the default\)/);
  });

  test('scanners are wrong here: narrow exclusions pass (Checkov and Trivy fail them); exclusions matching releases fail (KICS passes them)', () => {
    const narrow = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['latest', 'dev-*'] }); });
    expect(of(narrow, 'EcrTagImmutability')).toEqual([]);
    const broad = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['v*'] }); });
    expect(of(broad, 'EcrTagImmutability')[0].problem).toMatch(/"v\*" match release-like tags/);
    const mutableEx = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', imageTagMutability: TagMutability.MUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['v*'] }); });
    expect(of(mutableEx, 'EcrTagImmutability')).toHaveLength(1);
  });
});

describe('EcrKmsCustomerKey', () => {
  test('a customer key passes; AES256 and KMS with the AWS-managed key fail (Checkov passes the latter)', () => {
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', encryption: EcrEncryption.KMS, kmsKeyArn: KEY }); }), 'EcrKmsCustomerKey')).toEqual([]);
    expect(of(findingsOf((s) => { aws(s); rawCompliant(s); }), 'EcrKmsCustomerKey')).toEqual([]);
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }); }), 'EcrKmsCustomerKey')[0].problem).toMatch(/AES256/);
    const managed = findingsOf((s) => { aws(s); new RawRepository(s, 'Raw', { name: 'raw/app', encryptionConfiguration: [{ encryptionType: 'KMS' }] }); });
    expect(of(managed, 'EcrKmsCustomerKey')[0].problem).toMatch(/AWS-managed aws\/ecr key/);
  });

  test('is not in the recommended pack (encryption is fixed at creation; AES256 is the library default)', () => {
    expect(GuardrailPack.RECOMMENDED.rules.map((r) => r.id)).not.toContain('EcrKmsCustomerKey');
  });
});

describe('EcrNoPublicPolicy', () => {
  const publicStatement = { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'] };

  test('a raw policy with "*" and no condition is an error; our constructs refuse it before synth', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = rawCompliant(s);
      new EcrRepositoryPolicy(s, 'Policy', { repository: repo.name, policy: JSON.stringify({ Version: '2012-10-17', Statement: [publicStatement] }) });
    }, [GuardrailPack.RECOMMENDED]);
    const f = of(findings, 'EcrNoPublicPolicy');
    expect(f).toHaveLength(1);
    expect(f[0].level).toBe('error');
    expect(f[0].problem).toMatch(/statement "Everyone" allows every AWS principal/);
  });

  test('scanners are wrong here: "*" narrowed by an organization condition is not public (Trivy, KICS, cdk-nag flag it); a Deny with "*" is not public (Trivy flags it)', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = rawCompliant(s);
      new EcrRepositoryPolicy(s, 'Policy', {
        repository: repo.name,
        policy: JSON.stringify({ Statement: [
          { ...publicStatement, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123defg' } } },
          { Effect: 'Deny', Principal: '*', Action: 'ecr:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ] }),
      });
      const ours = new EcrRepository(s, 'Ours', { repositoryName: 'team/app' });
      ours.grantPull(AwsPrincipal.organization('o-abc123defg'));
    });
    expect(of(findings, 'EcrNoPublicPolicy')).toEqual([]);
  });

  test('a wildcard organization or a 0.0.0.0/0 source IP does not scope "*"', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = rawCompliant(s);
      new EcrRepositoryPolicy(s, 'Policy', { repository: repo.name, policy: JSON.stringify({ Statement: [
        { ...publicStatement, Sid: 'A', Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } },
        { ...publicStatement, Sid: 'B', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
      ] }) });
    });
    expect(of(findings, 'EcrNoPublicPolicy').map((f) => f.problem.match(/"(A|B)"/)?.[1])).toEqual(['A', 'B']);
  });

  test('a policy from an aws_iam_policy_document data source in the stack is read', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = rawCompliant(s);
      const doc = new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ sid: 'Open', actions: ['ecr:BatchGetImage'], principals: [{ type: '*', identifiers: ['*'] }] }] });
      new EcrRepositoryPolicy(s, 'Policy', { repository: repo.name, policy: doc.json });
    });
    expect(of(findings, 'EcrNoPublicPolicy')[0].problem).toMatch(/"Open"/);
  });
});

describe('EcrLifecyclePolicy', () => {
  test('our repository with lifecycle rules passes; without any it is reported; a raw one with its policy passes', () => {
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 })] }); }), 'EcrLifecyclePolicy')).toEqual([]);
    expect(of(findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }); }), 'EcrLifecyclePolicy')[0].problem).toMatch(/has no lifecycle policy/);
    expect(of(findingsOf((s) => { aws(s); rawCompliant(s); }), 'EcrLifecyclePolicy')).toEqual([]);
  });

  test('no scanner checks this: a policy that never expires untagged images, and an invalid hand-written one', () => {
    const keepOnly = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app', lifecycleRules: [EcrLifecycle.keepLastImages({ count: 5, tagPatterns: ['*'] })] }); });
    expect(of(keepOnly, 'EcrLifecyclePolicy')[0].problem).toMatch(/no rule that expires untagged images/);
    const invalid = findingsOf((s) => {
      aws(s);
      const repo = new RawRepository(s, 'Raw', { name: 'raw/app' });
      new EcrLifecyclePolicy(s, 'L', { repository: repo.name, policy: JSON.stringify({ rules: [{ rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } }] }) });
    });
    expect(of(invalid, 'EcrLifecyclePolicy')[0].problem).toMatch(/invalid, ECR would refuse it: .*sinceImagePulled/);
  });

  test('no scanner checks this: a hand-written policy with a rule that can never act', () => {
    // Rule 2 selects tagged v* images, but rule 1 (any tag) already claims every tagged image: it can never act.
    const shadowed = JSON.stringify({ rules: [
      { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 20 }, action: { type: 'expire' } },
      { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }, action: { type: 'expire' } },
      { rulePriority: 3, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
    ] });
    const findings = findingsOf((s) => {
      aws(s);
      const repo = new RawRepository(s, 'Raw', { name: 'raw/app' });
      new EcrLifecyclePolicy(s, 'L', { repository: repo.name, policy: shadowed });
    });
    expect(of(findings, 'EcrLifecyclePolicy')[0].problem).toMatch(/can never act: rulePriority 2/);
  });
});

describe('EcrPullOnlyRuntimes', () => {
  test('a runtime role that may push is reported; a pull-only one is not', () => {
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const findings = findingsOf((s) => {
      aws(s);
      const pusher = new IamRole(s, 'Pusher', { name: 'task-pusher', assumeRolePolicy: trust });
      new IamRolePolicy(s, 'PusherPolicy', { role: pusher.name, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] }) });
      const puller = new IamRole(s, 'Puller', { name: 'task-puller', assumeRolePolicy: trust });
      new IamRolePolicy(s, 'PullerPolicy', { role: puller.name, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }] }) });
      const repo = new EcrRepository(s, 'Repo', { repositoryName: 'team/app' });
      repo.grantPull(AwsPrincipal.fromArn('arn:aws:iam::123456789012:role/task-puller'));
    });
    const f = of(findings, 'EcrPullOnlyRuntimes');
    expect(f).toHaveLength(1);
    expect(f[0].address).toMatch(/aws_iam_role\.Pusher/);
    expect(f[0].problem).toMatch(/ecs-tasks\.amazonaws\.com.*ecr:PutImage/);
  });

  test('a repository policy granting push to Lambda is reported', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const repo = rawCompliant(s);
      new EcrRepositoryPolicy(s, 'Policy', { repository: repo.name, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['ecr:BatchGetImage', 'ecr:PutImage'], Condition: { StringLike: { 'aws:sourceArn': 'arn:aws:lambda:eu-west-1:123456789012:function:*' } } }] }) });
    });
    expect(of(findings, 'EcrPullOnlyRuntimes')[0].problem).toMatch(/grants ecr:PutImage to the runtime service lambda/);
  });
});

describe('EcrTagImmutability on creation templates', () => {
  test('a template used only for pull-through caches may be mutable (immutable tags would stop cache refreshes); a replication template may not', () => {
    const { EcrRepositoryCreationTemplate } = require('@cdktf/provider-aws/lib/ecr-repository-creation-template');
    const findings = findingsOf((s) => {
      aws(s);
      new EcrRepositoryCreationTemplate(s, 'Cache', { prefix: 'docker-hub', appliedFor: ['PULL_THROUGH_CACHE'], imageTagMutability: 'MUTABLE' });
      new EcrRepositoryCreationTemplate(s, 'Replica', { prefix: 'prod', appliedFor: ['REPLICATION'], imageTagMutability: 'MUTABLE' });
    });
    expect(of(findings, 'EcrTagImmutability').map((f) => f.address)).toEqual(['aws_ecr_repository_creation_template.Replica']);
  });
});

describe('EcrNoPublicPolicy with references', () => {
  test('a policy whose principal is a role made in the stack is read, not reported as unknown', () => {
    const findings = findingsOf((s) => {
      aws(s);
      const role = new IamRole(s, 'Role', { name: 'r', assumeRolePolicy: '{}' });
      const repo = rawCompliant(s);
      new EcrRepositoryPolicy(s, 'P', { repository: repo.name, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: role.arn }, Action: 'ecr:BatchGetImage' }] }) });
    });
    expect(of(findings, 'EcrNoPublicPolicy')).toEqual([]);
  });
});

describe('EcrPullOnlyRuntimes on EcrRepository grants', () => {
  test('grantPull to Lambda passes; grantPullPush to Lambda is reported', () => {
    const lambda = () => AwsPrincipal.service('lambda.amazonaws.com', 'arn:aws:lambda:eu-west-1:123456789012:function:*');
    const pull = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }).grantPull(lambda()); });
    expect(of(pull, 'EcrPullOnlyRuntimes')).toEqual([]);
    const push = findingsOf((s) => { aws(s); new EcrRepository(s, 'Repo', { repositoryName: 'team/app' }).grantPullPush(lambda()); });
    expect(of(push, 'EcrPullOnlyRuntimes')[0].problem).toMatch(/to the runtime service lambda\.amazonaws\.com/);
  });
});
