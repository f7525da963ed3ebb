import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { CreationTemplateAppliedFor, EcrCreationTemplateOptions } from '../../lib/aws/ecr-creation-template';
import { EcrRegistry } from '../../lib/aws/ecr-registry';
import { EcrEncryption, TagMutability } from '../../lib/aws/ecr-repository';
import { AwsPrincipal } from '../../lib/aws/principal';
import { EcrLifecycle } from '../../lib/core/retention/ecr/grammar';
import { RetentionPolicy, RetentionRule } from '../../lib/core/retention/policy';
import { awsStack, synth, onlyResource as only } from '../helpers';

const ROLE = 'arn:aws:iam::111111111111:role/ecr-template';

function stack(): TerraformStack {
  return awsStack('stack');
}

function templateError(...templates: EcrCreationTemplateOptions[]): string {
  try {
    new EcrRegistry(stack(), 'Registry', { accountId: '111111111111', creationTemplates: templates });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const base = { prefix: 'docker-hub', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE] };

describe('EcrRegistry: repository creation templates', () => {
  test('renders prefix, uses, mutability, encryption, ECR lifecycle rules, repository policy and tags', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      creationTemplates: [
        {
          ...base,
          appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE, CreationTemplateAppliedFor.REPLICATION],
          description: 'cached Docker Hub images',
          imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION,
          imageTagMutabilityExclusionFilters: ['latest'],
          lifecycleRules: [EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), EcrLifecycle.keepLastImages({ count: 20 })],
          repositoryPolicyStatements: [{ principal: AwsPrincipal.organization('o-abcdefghij').policyPrincipal(), actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], condition: AwsPrincipal.organization('o-abcdefghij').policyConditions() }],
          resourceTags: { source: 'docker-hub' },
          customRoleArn: ROLE,
        },
      ],
    });
    const t = only(synth(s), 'aws_ecr_repository_creation_template');
    expect(t).toMatchObject({
      prefix: 'docker-hub',
      applied_for: ['PULL_THROUGH_CACHE', 'REPLICATION'],
      description: 'cached Docker Hub images',
      image_tag_mutability: 'IMMUTABLE_WITH_EXCLUSION',
      image_tag_mutability_exclusion_filter: [{ filter: 'latest', filter_type: 'WILDCARD' }],
      encryption_configuration: [{ encryption_type: 'AES256' }],
      resource_tags: { source: 'docker-hub' },
      custom_role_arn: ROLE,
    });
    const lifecycle = JSON.parse(t.lifecycle_policy);
    expect(lifecycle.rules.map((r: any) => [r.rulePriority, r.selection.tagStatus, r.selection.countType, r.selection.countNumber])).toEqual([
      [1, 'untagged', 'sinceImagePushed', 7],
      [2, 'any', 'imageCountMoreThan', 20],
    ]);
    expect(JSON.parse(t.repository_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } },
    ]);
  });

  test('defaults: MUTABLE tags, AES256, no lifecycle, no policy', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry').addCreationTemplate({ prefix: 'ROOT', appliedFor: [CreationTemplateAppliedFor.REPLICATION] });
    expect(only(synth(s), 'aws_ecr_repository_creation_template')).toEqual({
      prefix: 'ROOT',
      applied_for: ['REPLICATION'],
      image_tag_mutability: 'MUTABLE',
      encryption_configuration: [{ encryption_type: 'AES256' }],
    });
  });

  test('a neutral RetentionPolicy compiles to the template lifecycle', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      creationTemplates: [{ ...base, retentionPolicy: RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 3 }), RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] })] }) }],
    });
    const lifecycle = JSON.parse(only(synth(s), 'aws_ecr_repository_creation_template').lifecycle_policy);
    const selections = lifecycle.rules.map((r: any) => r.selection);
    expect(selections).toContainEqual(expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 3 }));
    expect(selections).toContainEqual(expect.objectContaining({ countType: 'imageCountMoreThan', countNumber: 5 }));
  });

  test('a RetentionPolicy ECR cannot express is an error under creationTemplates[i].retentionPolicy', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['a*b*c*d*e*f'] })] });
    expect(templateError({ ...base, retentionPolicy: policy })).toMatch(/^stack\/Registry: creationTemplates\[0\]\.retentionPolicy\.rules\[0\]\.tagPatterns\[0\] cannot be expressed on ECR: it has 5 "\*" wildcards, more than the 4 ECR allows.*\(got "a\*b\*c\*d\*e\*f"\); nearest: split it/);
  });

  test('invalid lifecycle rules are reported under the template', () => {
    expect(templateError({ ...base, lifecycleRules: [EcrLifecycle.keepLastImages({ count: 0 })] })).toMatch(/^stack\/Registry: creationTemplates\[0\]\.lifecycleRules\[0\]\.countNumber/);
  });

  test('CREATE_ON_PUSH is refused with the provider version that would accept it', () => {
    expect(templateError({ prefix: 'team', appliedFor: ['CREATE_ON_PUSH' as CreationTemplateAppliedFor] })).toBe(
      'stack/Registry: creationTemplates[0].appliedFor[0] is not accepted by AWS provider 6.25 (CREATE_ON_PUSH needs 6.28 or later) (got "CREATE_ON_PUSH"); PULL_THROUGH_CACHE or REPLICATION',
    );
  });

  test('prefix, uses and description are checked', () => {
    const message = templateError({ prefix: 'Team/*', appliedFor: [], description: 'x'.repeat(257) });
    expect(message).toMatch(/^stack\/Registry: creationTemplates\[0\]\.prefix has uppercase letters \(got "Team\/\*"\); lowercase only, e.g. "team\/\*"/);
    expect(message).toMatch(/creationTemplates\[0\]\.prefix is not a valid template prefix \(got "Team\/\*"\); lowercase segments/);
    expect(templateError({ ...base, prefix: `${'a'.repeat(300)}/` })).toMatch(/^stack\/Registry: creationTemplates\[0\]\.prefix is 301 characters long \(got "a{196}\.\.\. \(301 characters\)\); 1-256 characters$/);
    expect(message).toMatch(/creationTemplates\[0\]\.appliedFor is empty \(got \[\]\); PULL_THROUGH_CACHE and\/or REPLICATION/);
    expect(message).toMatch(/creationTemplates\[0\]\.description is 257 characters long/);
  });

  test('KMS or tags need a custom role; kmsKeyArn needs KMS', () => {
    expect(templateError({ ...base, encryption: EcrEncryption.KMS })).toMatch(/creationTemplates\[0\]\.customRoleArn is required when encryption is KMS \(got undefined\); the ARN of a role/);
    expect(templateError({ ...base, resourceTags: { team: 'a' } })).toMatch(/creationTemplates\[0\]\.customRoleArn is required when resourceTags are given/);
    expect(templateError({ ...base, kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/abc' })).toMatch(/creationTemplates\[0\]\.kmsKeyArn is only allowed with EcrEncryption.KMS/);
    expect(templateError({ ...base, customRoleArn: 'role' })).toMatch(/creationTemplates\[0\]\.customRoleArn is not an IAM role ARN \(got "role"\)/);
  });

  test('resource tags are checked like repository tags: key length, reserved prefix, value length, count', () => {
    const tags = { '': 'x', 'aws:team': 'x', ['k'.repeat(129)]: 'x', team: 'v'.repeat(257) };
    const message = templateError({ ...base, customRoleArn: ROLE, resourceTags: tags });
    expect(message).toMatch(/creationTemplates\[0\]\.resourceTags\[""\] has a key of invalid length \(got ""\); keys of 1-128 characters/);
    expect(message).toMatch(/creationTemplates\[0\]\.resourceTags\["aws:team"\] uses the reserved "aws:" prefix \(got "aws:team"\); a key not starting with "aws:"/);
    expect(message).toMatch(/creationTemplates\[0\]\.resourceTags\["k{129}"\] has a key of invalid length/);
    expect(message).toMatch(/creationTemplates\[0\]\.resourceTags\["team"\] has a value longer than 256 characters \(got "v+\.\.\. \(257 characters\)\); values of up to 256 characters/);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(templateError({ ...base, customRoleArn: ROLE, resourceTags: many })).toMatch(/creationTemplates\[0\]\.resourceTags has 51 tags \(got 51\); at most 50 tags per resource/);
  });

  test('a KMS template with a role renders the key', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', { creationTemplates: [{ ...base, encryption: EcrEncryption.KMS, kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/abc', customRoleArn: ROLE }] });
    expect(only(synth(s), 'aws_ecr_repository_creation_template').encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-west-1:111111111111:key/abc' }]);
  });

  test('mutability filters: required with *_WITH_EXCLUSION, refused otherwise, at most 5, well-formed', () => {
    expect(templateError({ ...base, imageTagMutability: TagMutability.MUTABLE_WITH_EXCLUSION })).toMatch(/imageTagMutabilityExclusionFilters are required with MUTABLE_WITH_EXCLUSION/);
    expect(templateError({ ...base, imageTagMutabilityExclusionFilters: ['latest'] })).toMatch(/imageTagMutabilityExclusionFilters are only allowed with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION, not MUTABLE/);
    const message = templateError({ ...base, imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['a', 'b', 'c', 'd', 'e', 'bad tag'] });
    expect(message).toMatch(/imageTagMutabilityExclusionFilters has 6 filters .*; at most 5 filters/);
    expect(message).toMatch(/imageTagMutabilityExclusionFilters\[5\] is not a valid wildcard filter \(got "bad tag"\)/);
  });

  test('repository policy statements need a principal, no resources, repository-level ECR actions', () => {
    const message = templateError({ ...base, repositoryPolicyStatements: [{ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }] });
    expect(message).toMatch(/creationTemplates\[0\]\.repositoryPolicyStatements\[0\]\.principal is missing/);
    expect(message).toMatch(/repositoryPolicyStatements\[0\]\.resources are not allowed in a repository policy \(got \["\*"\]\)/);
    expect(message).toMatch(/repositoryPolicyStatements\[0\]\.actions must be repository-level ECR actions \(got \["ecr:GetAuthorizationToken"\]\)/);
  });

  test('a repository policy statement for "*" without a scoping condition is an error; with aws:PrincipalOrgID it renders', () => {
    const message = templateError({ ...base, repositoryPolicyStatements: [{ principal: '*', actions: ['ecr:BatchGetImage'] }] });
    expect(message).toMatch(/^stack\/Registry: creationTemplates\[0\]\.repositoryPolicyStatements\[0\]\.principal allows every AWS principal \("\*"\) without a condition that scopes it, which makes the repositories public \(got \{"principal":"\*"\}\); a specific principal/);
    expect(message).toMatch(/aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount or aws:SourceArn/);
    const s = stack();
    const org = AwsPrincipal.organization('o-abcdefghij');
    new EcrRegistry(s, 'Registry', { creationTemplates: [{ ...base, repositoryPolicyStatements: [{ principal: org.policyPrincipal(), actions: ['ecr:BatchGetImage'], condition: org.policyConditions() }] }] });
    expect(JSON.parse(only(synth(s), 'aws_ecr_repository_creation_template').repository_policy).Statement[0]).toEqual({
      Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
    });
  });

  describe('REPLICATION templates belong to the destination registry', () => {
    const warningsOf = (c: { node: { metadata: { type: string; data: unknown }[] } }) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    const replicationTemplate = { prefix: 'shop', appliedFor: [CreationTemplateAppliedFor.REPLICATION] };

    test('a REPLICATION template in a registry nothing replicates into gets a warning naming Region, account and prefix', () => {
      const s = stack();
      const source = new EcrRegistry(s, 'Registry', { accountId: '111111111111', replicationRules: [{ destinations: [{ region: 'us-west-2' }] }], creationTemplates: [replicationTemplate] });
      synth(s);
      const warnings = warningsOf(source);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^creationTemplates with REPLICATION \(prefix "shop"\) are in eu-west-1 of account 111111111111, but no EcrRegistry in this app replicates into that Region and account/);
      expect(warnings[0]).toMatch(/put the template in an EcrRegistry of the destination Region/);
    });

    test('no warning in the destination registry of a same-account replication rule', () => {
      const s = stack();
      const west = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' });
      new EcrRegistry(s, 'Source', { accountId: '111111111111', replicationRules: [{ destinations: [{ region: 'us-west-2' }] }] });
      const destination = new EcrRegistry(s, 'Destination', { provider: west, accountId: '111111111111', creationTemplates: [replicationTemplate] });
      synth(s);
      expect(warningsOf(destination)).toEqual([]);
    });

    test('a destination in another account does not count for this account; PULL_THROUGH_CACHE templates are not checked', () => {
      const s = stack();
      const west = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' });
      new EcrRegistry(s, 'Source', { accountId: '111111111111', replicationRules: [{ destinations: [{ region: 'us-west-2', registryId: '222222222222' }] }] });
      const destination = new EcrRegistry(s, 'Destination', { provider: west, accountId: '111111111111', creationTemplates: [replicationTemplate, { ...base, prefix: 'cache' }] });
      synth(s);
      expect(warningsOf(destination)).toHaveLength(1);
      const cacheOnly = stack();
      const registry = new EcrRegistry(cacheOnly, 'Registry', { creationTemplates: [base] });
      synth(cacheOnly);
      expect(warningsOf(registry)).toEqual([]);
    });

    test('no warning when an account is unknown at synth (it cannot be told)', () => {
      const s = stack();
      const west = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' });
      new EcrRegistry(s, 'Source', { replicationRules: [{ destinations: [{ region: 'us-west-2' }] }] });
      const destination = new EcrRegistry(s, 'Destination', { provider: west, accountId: '111111111111' });
      destination.addCreationTemplate(replicationTemplate);
      synth(s);
      expect(warningsOf(destination)).toEqual([]);
    });
  });

  test('two templates for one prefix are an error, also when added later', () => {
    expect(templateError(base, base)).toMatch(/creationTemplates use the same prefix more than once \(got \["docker-hub"\]\)/);
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry');
    registry.addCreationTemplate(base);
    registry.addCreationTemplate(base);
    expect(() => synth(s)).toThrow(/stack\/Registry: creationTemplates use the same prefix more than once/);
  });
});
