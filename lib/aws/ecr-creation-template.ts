/** Repository creation templates: the settings ECR gives repositories it creates itself (pull-through cache, replication). */

import { checkLowercaseName, ValidationError, Violations } from '../core/errors';
import { deadRuleViolation, findDeadRetentionRules, findDeadTypedEcrLifecycleRules } from '../core/retention/dead-rules';
import { compileToEcr } from '../core/retention/ecr/compile';
import { EcrLifecycleRule, validateEcrLifecycleRules } from '../core/retention/ecr/grammar';
import { RetentionPolicy } from '../core/retention/policy';
import { isUnresolved } from '../core/tokens';
import { IAM_ROLE_ARN } from './aws-ids';
import { EcrEncryption, TagMutability, validateEncryption, validateMutability, validateTags } from './ecr-repository';
import { IamStatement, renderStatement } from './iam';
import { checkNotPublic } from './statement-checks';

/** Which repositories ECR creates with a template. */
export enum CreationTemplateAppliedFor {
  /** Cache repositories created on the first pull through a pull-through cache rule. */
  PULL_THROUGH_CACHE = 'PULL_THROUGH_CACHE',
  /** Destination repositories created by replication. */
  REPLICATION = 'REPLICATION',
}

/** One repository creation template. */
export interface EcrCreationTemplateOptions {
  /**
   * The repository name prefix the template applies to (e.g. `docker-hub` for the cache repositories of
   * that rule, `prod/` for replicated `prod/*` repositories), or `ROOT` for every repository no other
   * template matches.
   */
  readonly prefix: string;
  /** Which kinds of created repositories get the template. At least one. */
  readonly appliedFor: CreationTemplateAppliedFor[];
  /**
   * A description (≤ 256 characters).
   * @default - none
   */
  readonly description?: string;
  /**
   * Tag mutability of created repositories. IMMUTABLE stops a pull-through cache from refreshing a tag
   * that moved upstream, and makes replicated re-tags arrive untagged.
   * @default TagMutability.MUTABLE - ECR's default, and what caches and replicas need
   */
  readonly imageTagMutability?: TagMutability;
  /**
   * Tag filters excepted from the mutability setting (1-5, only with the `*_WITH_EXCLUSION` modes).
   * @default - none
   */
  readonly imageTagMutabilityExclusionFilters?: string[];
  /**
   * Encryption at rest of created repositories.
   * @default EcrEncryption.AES256
   */
  readonly encryption?: EcrEncryption;
  /**
   * A KMS key ARN, only with `EcrEncryption.KMS` or `EcrEncryption.KMS_DSSE`.
   * @default - the AWS-managed `aws/ecr` key when encryption is KMS
   */
  readonly kmsKeyArn?: string;
  /**
   * Lifecycle rules in ECR's grammar. Not together with `retentionPolicy`.
   * @default - no lifecycle policy
   */
  readonly lifecycleRules?: EcrLifecycleRule[];
  /**
   * A neutral retention policy, compiled to ECR lifecycle rules. Its `repositories` scope is ignored: the
   * template's prefix decides which repositories get it.
   * @default - no lifecycle policy
   */
  readonly retentionPolicy?: RetentionPolicy;
  /**
   * Accept the documented approximations of the ECR compiler (reported as warnings at synth).
   * @default false
   */
  readonly allowRetentionApproximations?: boolean;
  /**
   * Make a lifecycle or retention rule that can never act an error instead of a synth warning (a
   * `RetentionPolicy` created with `strict: true` is strict whatever this says).
   * @default false - such rules are reported as warnings
   */
  readonly strictRetention?: boolean;
  /**
   * Repository policy statements for created repositories (each with a principal, no resources).
   * @default - no repository policy
   */
  readonly repositoryPolicyStatements?: IamStatement[];
  /**
   * Tags for created repositories. Need `customRoleArn`.
   * @default - none
   */
  readonly resourceTags?: { [key: string]: string };
  /**
   * The role ECR assumes to create repositories with KMS encryption or resource tags (same account).
   * Required when `encryption` is KMS or `resourceTags` are given.
   * @default - none
   */
  readonly customRoleArn?: string;
}

const TEMPLATE_PREFIX = /^(?:(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/;

/** The result of checking a creation template. */
export interface CreationTemplateCheck {
  /** Every problem found. */
  readonly violations: Violations;
  /** The lifecycle rules the template's lifecycle policy holds (compiled from a RetentionPolicy if one was given). */
  readonly lifecycleRules: EcrLifecycleRule[];
  /** Approximations of the retention compiler in force. */
  readonly warnings: string[];
  /** The tag mutability created repositories get, the default resolved. */
  readonly imageTagMutability: TagMutability;
  /** The encryption created repositories get, the default resolved. */
  readonly encryption: EcrEncryption;
}

/** Checks a template's options and works out its lifecycle rules. */
export function validateCreationTemplate(t: EcrCreationTemplateOptions): CreationTemplateCheck {
  const v = new Violations();
  const warnings: string[] = [];
  let lifecycleRules: EcrLifecycleRule[] = [];
  if (typeof t.prefix !== 'string') v.add('prefix', 'must be a string', t.prefix, 'a repository name prefix such as "docker-hub" or "prod/", or "ROOT"');
  else if (!isUnresolved(t.prefix) && t.prefix !== 'ROOT') {
    checkLowercaseName(v, 'prefix', t.prefix, { min: 1, max: 256, shape: TEMPLATE_PREFIX, what: 'template prefix', allowed: 'lowercase segments of [a-z0-9] joined by ".", "_" or "-", separated by "/", an optional trailing "/"; or "ROOT"' });
  }

  const applied = t.appliedFor ?? [];
  if (applied.length === 0) v.add('appliedFor', 'is empty', applied, 'PULL_THROUGH_CACHE and/or REPLICATION');
  applied.forEach((a, i) => {
    if ((a as string) === 'CREATE_ON_PUSH') {
      v.add(`appliedFor[${i}]`, 'is not accepted by AWS provider 6.25 (CREATE_ON_PUSH needs 6.28 or later)', a, 'PULL_THROUGH_CACHE or REPLICATION');
    } else if (!Object.values(CreationTemplateAppliedFor).includes(a)) {
      v.add(`appliedFor[${i}]`, 'is not a template use', a, 'CreationTemplateAppliedFor.PULL_THROUGH_CACHE or REPLICATION');
    }
  });
  if (new Set(applied).size !== applied.length) v.add('appliedFor', 'repeats a value', applied, 'each value once');

  const mutability = t.imageTagMutability ?? TagMutability.MUTABLE;
  validateMutability(v, mutability, t.imageTagMutabilityExclusionFilters);

  const encryption = t.encryption ?? EcrEncryption.AES256;
  validateEncryption(v, encryption, t.kmsKeyArn);

  validateTags(v, t.resourceTags, 'resourceTags');
  const kms = encryption === EcrEncryption.KMS || encryption === EcrEncryption.KMS_DSSE;
  const needsRole = kms || Object.keys(t.resourceTags ?? {}).length > 0;
  if (t.customRoleArn === undefined) {
    if (needsRole) v.add('customRoleArn', `is required when ${kms ? `encryption is ${encryption}` : 'resourceTags are given'}`, undefined, 'the ARN of a role in this account that ECR assumes to create the repository (kms:CreateGrant, kms:Decrypt, kms:GenerateDataKey*, ecr:TagResource as needed)');
  } else if (!isUnresolved(t.customRoleArn) && !IAM_ROLE_ARN.test(t.customRoleArn)) {
    v.add('customRoleArn', 'is not an IAM role ARN', t.customRoleArn, 'arn:aws:iam::<account>:role/<name>');
  }

  if (t.description !== undefined && !isUnresolved(t.description) && t.description.length > 256) v.add('description', `is ${t.description.length} characters long`, t.description, 'at most 256 characters');

  if (t.lifecycleRules && t.retentionPolicy) {
    v.add('retentionPolicy', 'cannot be combined with lifecycleRules', '(both given)', 'give either ECR lifecycleRules or a neutral retentionPolicy');
  } else if (t.lifecycleRules) {
    lifecycleRules = [...t.lifecycleRules];
    const invalid = validateEcrLifecycleRules(lifecycleRules);
    v.addAll('', invalid.items);
    if (invalid.empty) {
      const dead = findDeadTypedEcrLifecycleRules(lifecycleRules);
      if (t.strictRetention === true) v.addAll('', dead.map((d) => deadRuleViolation(d, '')));
      else warnings.push(...dead.map((d) => d.message));
    }
  } else if (t.retentionPolicy) {
    try {
      const compiled = compileToEcr(t.retentionPolicy, { allowApproximations: t.allowRetentionApproximations ?? false });
      lifecycleRules = compiled.rules;
      warnings.push(...compiled.warnings.map((w) => `retentionPolicy: ${w}`));
      const dead = findDeadRetentionRules(t.retentionPolicy);
      if (t.strictRetention === true || t.retentionPolicy.strict) v.addAll('', dead.map((d) => deadRuleViolation(d, 'retentionPolicy.')));
      else warnings.push(...dead.map((d) => `retentionPolicy.${d.message}`));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      v.addAll('retentionPolicy', e.violations);
    }
  }

  (t.repositoryPolicyStatements ?? []).forEach((s, i) => {
    const p = `repositoryPolicyStatements[${i}]`;
    if (s.principal === undefined) v.add(`${p}.principal`, 'is missing', undefined, 'a principal: a repository policy statement names who it applies to');
    v.addAll('', checkNotPublic(s, `${p}.principal`).items);
    if (s.resources !== undefined && s.resources.length > 0) v.add(`${p}.resources`, 'are not allowed in a repository policy', s.resources, 'no resources: the statement applies to the created repository');
    const bad = (s.actions ?? []).filter((a) => typeof a !== 'string' || !/^ecr:[A-Za-z*]+$/.test(a) || a === 'ecr:GetAuthorizationToken');
    if (!s.actions || s.actions.length === 0 || bad.length > 0) v.add(`${p}.actions`, 'must be repository-level ECR actions', s.actions, 'ecr:<Action> names such as ecr:BatchGetImage (not ecr:GetAuthorizationToken, which is registry-wide)');
    try {
      renderStatement(s);
    } catch {
      v.add(p, 'cannot be rendered as IAM JSON', s, 'a statement of strings and string lists');
    }
  });
  return { violations: v, lifecycleRules, warnings, imageTagMutability: mutability, encryption };
}
