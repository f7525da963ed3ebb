/** EcrRepository: one private ECR repository with its lifecycle and repository policies, grants and imports. */

import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository as EcrRepositoryResource } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Annotations, Aspects, Fn, IResolvable, IResolveContext, TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError, Violation, Violations } from '../core/errors';
import { deadRuleViolation, findDeadRetentionRules, findDeadTypedEcrLifecycleRules } from '../core/retention/dead-rules';
import { compileToEcr } from '../core/retention/ecr/compile';
import { EcrLifecycleRule, renderEcrLifecyclePolicy } from '../core/retention/ecr/grammar';
import { DOCKER_TAG, IMAGE_DIGEST, matchesWildcard } from '../core/retention/patterns';
import { RetentionPolicy } from '../core/retention/policy';
import { RegistryEndpoint } from '../core/endpoint';
import { isUnresolved } from '../core/tokens';
import { KMS_KEY_ARN } from './aws-ids';
import { EcrEventRules, EcrImagePushedOptions, EcrImageScanCompletedOptions, EcrLifecycleActionOptions } from './ecr-events';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import {
  ECR_ADMIN_ACTIONS,
  ECR_AUTH_ACTION,
  ECR_PULL_ACTIONS,
  ECR_PUSH_ACTIONS,
  ECR_READ_ACTIONS,
  IamStatement,
  renderPolicyDocument,
  unique,
} from './iam';
import { AwsPrincipal, AwsPrincipalKind, IEcrGrantee } from './principal';
import { checkNotPublic } from './statement-checks';

/** Whether tags can be overwritten. */
export enum TagMutability {
  /** Tags can be moved to another image (development, `latest`). */
  MUTABLE = 'MUTABLE',
  /** Tags can never be overwritten (release tags): the safe default. */
  IMMUTABLE = 'IMMUTABLE',
  /** Immutable, except tags matching the exclusion filters (e.g. `latest`, `dev-*`). */
  IMMUTABLE_WITH_EXCLUSION = 'IMMUTABLE_WITH_EXCLUSION',
  /** Mutable, except tags matching the exclusion filters (e.g. `v*` releases). */
  MUTABLE_WITH_EXCLUSION = 'MUTABLE_WITH_EXCLUSION',
}

/** How images are encrypted at rest. Fixed at creation: changing it replaces the repository. */
export enum EcrEncryption {
  /** Amazon S3-managed keys (AES-256). */
  AES256 = 'AES256',
  /** AWS KMS, with the AWS-managed `aws/ecr` key or a key of yours. */
  KMS = 'KMS',
  /**
   * Dual-layer server-side encryption with AWS KMS (DSSE-KMS), with the AWS-managed key or a key of yours: two
   * independent layers of encryption, for workloads whose compliance rules ask for them (KMS charges apply twice).
   */
  KMS_DSSE = 'KMS_DSSE',
}

/** Options of adopting an existing repository (`EcrRepository.adopt`, or the `adopt` prop). */
export interface EcrAdoptOptions {
  /**
   * The existing repository has a lifecycle policy: import it too, so that `terraform plan` shows how this
   * construct's rules change it. Terraform fails to import a policy that does not exist, so say so only when it
   * does. Either way, the lifecycle rules given here replace the existing policy as a whole.
   * @default false - a lifecycle policy declared here is written over any existing one without a diff in the plan
   */
  readonly importLifecyclePolicy?: boolean;
  /**
   * The existing repository has a repository policy: import it too, so that `terraform plan` shows how the
   * grants change it. Terraform fails to import a policy that does not exist. Either way, once anything is
   * granted, the grants and `addToRepositoryPolicy` statements replace the existing policy as a whole.
   * @default false - a repository policy made here is written over any existing one without a diff in the plan
   */
  readonly importRepositoryPolicy?: boolean;
}

/** Properties of an EcrRepository. */
export interface EcrRepositoryProps {
  /** The repository name: 2-256 characters, lowercase path segments such as `team/app`. */
  readonly repositoryName: string;
  /**
   * Whether tags can be overwritten.
   * @default TagMutability.IMMUTABLE - release tags can never be moved
   */
  readonly imageTagMutability?: TagMutability;
  /**
   * Wildcard filters (`[0-9a-zA-Z._*-]`, ≤ 128 characters, 1-5 of them) of tags excepted from the mutability
   * setting. Required with, and only with, the `*_WITH_EXCLUSION` modes.
   * @default - none
   */
  readonly imageTagMutabilityExclusionFilters?: string[];
  /**
   * Scan each image for vulnerabilities when it is pushed (basic scanning). Registry-level scanning rules,
   * when configured, override this.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Encryption at rest. Cannot change after creation.
   * @default EcrEncryption.AES256
   */
  readonly encryption?: EcrEncryption;
  /**
   * The KMS key ARN, only with `EcrEncryption.KMS` or `EcrEncryption.KMS_DSSE`.
   * @default - the AWS-managed key `aws/ecr` when encryption is KMS or KMS_DSSE
   */
  readonly kmsKeyArn?: string;
  /**
   * Delete the repository even if it holds images, on `terraform destroy`.
   * @default false
   */
  readonly forceDelete?: boolean;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * Lifecycle rules in ECR's own grammar; more can be added with `addLifecycleRule`. Not together with
   * `retentionPolicy`.
   * @default - no lifecycle policy
   */
  readonly lifecycleRules?: EcrLifecycleRule[];
  /**
   * A cloud-neutral retention policy, compiled to ECR lifecycle rules. If the policy is scoped to repository
   * patterns that this repository's name does not match, it is not applied (a warning says so).
   * @default - no lifecycle policy
   */
  readonly retentionPolicy?: RetentionPolicy;
  /**
   * Accept the documented approximations of the ECR compiler for intents ECR cannot express exactly; each
   * one used is reported as a warning at synth.
   * @default false
   */
  readonly allowRetentionApproximations?: boolean;
  /**
   * Make a lifecycle rule or retention rule that can never act (every image it selects is decided first by
   * other rules) an error instead of a synth warning. A `RetentionPolicy` created with `strict: true` is
   * strict wherever it is attached, whatever this says.
   * @default false - such rules are reported as warnings
   */
  readonly strictRetention?: boolean;
  /**
   * The AWS provider (account and Region) to create the repository with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Bring an existing repository named `repositoryName` under management instead of creating one: Terraform
   * import blocks (cdktf `importFrom`) adopt it on the next apply. Its images stay; its settings become the
   * props given here; its lifecycle and repository policies are replaced as a whole by what this construct
   * declares (see `EcrAdoptOptions`). `EcrRepository.adopt(...)` sets this for you.
   * @default - not adopted: a new repository is created
   */
  readonly adopt?: EcrAdoptOptions;
}

/** What any ECR repository, created here or imported, offers. */
export interface IEcrRepository {
  /** The repository name. */
  readonly repositoryName: string;
  /** The repository ARN. */
  readonly repositoryArn: string;
  /** The repository URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The registry (account) ID. */
  readonly registryId: string;
  /** Where the repository's images live and how Docker authenticates there (credential helper `ecr-login`). */
  readonly endpoint: RegistryEndpoint;
  /** The image URI for a tag: `<url>:<tag>`. */
  repositoryUriForTag(tag: string): string;
  /** The image URI for a digest: `<url>@sha256:…`. */
  repositoryUriForDigest(digest: string): string;
  /** Grants arbitrary ECR actions on this repository. */
  grant(grantee: IEcrGrantee, ...actions: string[]): void;
  /** Grants pulling images (runtimes, read-only CI). */
  grantPull(grantee: IEcrGrantee): void;
  /** Grants pushing images (build agents). */
  grantPush(grantee: IEcrGrantee): void;
  /** Grants pulling and pushing. */
  grantPullPush(grantee: IEcrGrantee): void;
  /** Grants describing images and reading the repository's policies and scan findings. */
  grantRead(grantee: IEcrGrantee): void;
  /** Grants operating the repository: read, settings, policies, deleting images. */
  grantAdmin(grantee: IEcrGrantee): void;
  /**
   * The identity-side policy a consumer's role needs to pull from this repository (pull actions on the
   * repository, `ecr:GetAuthorizationToken` on `*`), as a JSON document for `aws_iam_role_policy`.
   */
  pullPolicyDocument(): string;
  /** The identity-side policy a build agent's role needs to push to (and pull from) this repository. */
  pushPolicyDocument(): string;
  /**
   * Adds a statement the grants do not cover to the repository policy (a `Principal`, ECR actions, optional
   * conditions; no `Resource`: a repository policy applies to its repository). Only a repository managed here
   * (created or adopted) has a repository policy to add to.
   */
  addToRepositoryPolicy(statement: IamStatement): void;
  /** An EventBridge rule that sends each successful image push (`ECR Image Action` PUSH) to the targets. */
  onImagePushed(id: string, options: EcrImagePushedOptions): CloudwatchEventRule;
  /**
   * An EventBridge rule that sends each completed basic scan (`ECR Image Scan`) to the targets, optionally only
   * when it found vulnerabilities of at least a severity.
   */
  onImageScanCompleted(id: string, options: EcrImageScanCompletedOptions): CloudwatchEventRule;
  /** An EventBridge rule that sends each lifecycle policy run that expired or archived images to the targets. */
  onLifecycleAction(id: string, options: EcrLifecycleActionOptions): CloudwatchEventRule;
}

const NAME_SHAPE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const FILTER_SHAPE = /^[0-9a-zA-Z._*-]{1,128}$/;
const REPOSITORY_ARN = /^arn:aws(-[a-z]+)*:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+)$/;

/**
 * Checks an ECR repository name against every documented rule and returns one violation per broken rule,
 * so that a user sees all of them at once. Tokens are not checked.
 */
export function validateRepositoryName(name: unknown, property: string = 'repositoryName'): Violation[] {
  const v = new Violations();
  if (typeof name !== 'string') {
    v.add(property, 'must be a string', name, 'a name such as "team/app"');
    return [...v.items];
  }
  if (isUnresolved(name)) return [];
  if (name.length < 2 || name.length > 256) v.add(property, `must be 2-256 characters long, not ${name.length}`, name, 'a name of 2 to 256 characters');
  if (/[A-Z]/.test(name)) v.add(property, 'has uppercase letters', name, `lowercase only, e.g. ${JSON.stringify(name.toLowerCase())}`);
  const bad = unique([...name].filter((c) => !/[a-zA-Z0-9._/-]/.test(c)));
  if (bad.length > 0) {
    v.add(property, `contains characters ECR does not allow (${bad.map((c) => JSON.stringify(c)).join(', ')})`, name, 'lowercase letters, digits, ".", "_", "-" and "/"');
  }
  const segments = name.split('/');
  if (segments.some((s) => s.length === 0)) v.add(property, 'has an empty path segment', name, 'no leading, trailing or doubled "/"');
  if (segments.some((s) => s.length > 0 && (!/^[a-zA-Z0-9]/.test(s) || !/[a-zA-Z0-9]$/.test(s)))) {
    v.add(property, 'has a path segment that does not start and end with a letter or digit', name, 'segments like "team" or "my-app", each starting and ending with [a-z0-9]');
  }
  if (/[._-]{2,}/.test(name)) v.add(property, 'has two separators in a row', name, 'single ".", "_" or "-" between letters and digits');
  // Belt and braces: whatever the rules above miss, the documented pattern still catches.
  if (v.empty && !NAME_SHAPE.test(name.toLowerCase())) v.add(property, 'does not match the ECR name pattern', name, '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*');
  return [...v.items];
}

/** Parts shared by created and imported repositories: URIs and grants. */
abstract class EcrRepositoryBase extends Construct implements IEcrRepository {
  public abstract readonly repositoryName: string;
  public abstract readonly repositoryArn: string;
  public abstract readonly repositoryUrl: string;
  public abstract readonly registryId: string;

  /** Where the repository's images live and how Docker authenticates there (credential helper `ecr-login`). */
  public get endpoint(): RegistryEndpoint {
    const url = this.repositoryUrl;
    // The host is the URL up to the first slash; the Region is its fourth label (<account>.dkr.ecr.<region>.…).
    if (isUnresolved(url)) {
      const host = Fn.element(Fn.split('/', url), 0);
      return RegistryEndpoint.ecr({ accountId: this.registryId, region: Fn.element(Fn.split('.', host), 3), host });
    }
    const host = url.split('/')[0];
    return RegistryEndpoint.ecr({ accountId: this.registryId, region: host.split('.')[3], host });
  }

  /** The image URI for a tag: `<url>:<tag>`. */
  public repositoryUriForTag(tag: string): string {
    if (!isUnresolved(tag) && !DOCKER_TAG.test(tag)) {
      throw new ValidationError(this.node.path, [{ property: 'tag', problem: 'is not a valid image tag', value: tag, allowed: '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}' }]);
    }
    return `${this.repositoryUrl}:${tag}`;
  }

  /** The image URI for a digest: `<url>@sha256:…`. */
  public repositoryUriForDigest(digest: string): string {
    if (!isUnresolved(digest) && !IMAGE_DIGEST.test(digest)) {
      throw new ValidationError(this.node.path, [{ property: 'digest', problem: 'is not an image digest', value: digest, allowed: 'an algorithm and hex, e.g. "sha256:3f2a…"' }]);
    }
    return `${this.repositoryUrl}@${digest}`;
  }

  /**
   * Grants `actions` on this repository: in the repository policy (for created repositories) and in the
   * grantee's identity policy when it has one of ours (with `ecr:GetAuthorizationToken` on `*`).
   */
  public grant(grantee: IEcrGrantee, ...actions: string[]): void {
    const bad = actions.filter((a) => !/^ecr:[A-Za-z*]+$/.test(a) || a === ECR_AUTH_ACTION);
    if (bad.length > 0) {
      throw new ValidationError(this.node.path, [
        {
          property: 'actions',
          problem: bad.includes(ECR_AUTH_ACTION)
            ? 'includes ecr:GetAuthorizationToken, which a repository policy cannot grant (it is registry-wide)'
            : 'includes something that is not an ECR action',
          value: bad,
          allowed: 'ecr:<Action> names such as ecr:BatchGetImage; grant GetAuthorizationToken in the identity policy (see pullPolicyDocument())',
        },
      ]);
    }
    if (this.managesRepositoryPolicy) checkSameStack(this, grantee, 'grant');
    // A plain principal has no identity policy of ours; skipping it also skips building the ARN token, which
    // costs a captured stack trace per repository (bench/run.js).
    const identityAdded = !(grantee instanceof AwsPrincipal) && grantee.addToPrincipalPolicy({ actions: [...actions], resources: [this.repositoryArn] });
    if (identityAdded) grantee.addToPrincipalPolicy({ actions: [ECR_AUTH_ACTION], resources: ['*'] });
    this.addGrantToRepositoryPolicy(grantee.grantPrincipal, actions, identityAdded);
  }

  /** Grants pulling images (runtimes, read-only CI). */
  public grantPull(grantee: IEcrGrantee): void {
    this.grant(grantee, ...ECR_PULL_ACTIONS);
  }

  /** Grants pushing images (build agents). */
  public grantPush(grantee: IEcrGrantee): void {
    this.grant(grantee, ...ECR_PUSH_ACTIONS);
  }

  /** Grants pulling and pushing. */
  public grantPullPush(grantee: IEcrGrantee): void {
    this.grant(grantee, ...ECR_PULL_ACTIONS, ...ECR_PUSH_ACTIONS);
  }

  /** Grants describing images and reading the repository's policies and scan findings. */
  public grantRead(grantee: IEcrGrantee): void {
    this.grant(grantee, ...ECR_READ_ACTIONS);
  }

  /** Grants operating the repository: read, settings, policies, deleting images. */
  public grantAdmin(grantee: IEcrGrantee): void {
    this.grant(grantee, ...ECR_ADMIN_ACTIONS);
  }

  /**
   * The identity-side policy a consumer's role needs to pull from this repository (pull actions on the
   * repository, `ecr:GetAuthorizationToken` on `*`), as a JSON document for `aws_iam_role_policy`.
   * Repository policies cannot grant the token call, so cross-account consumers always need this too.
   */
  public pullPolicyDocument(): string {
    return this.identityPolicyDocument(ECR_PULL_ACTIONS);
  }

  /** The identity-side policy a build agent's role needs to push to (and pull from) this repository. */
  public pushPolicyDocument(): string {
    return this.identityPolicyDocument([...ECR_PULL_ACTIONS, ...ECR_PUSH_ACTIONS]);
  }

  /**
   * Adds a statement the grants do not cover to the repository policy (a `Principal`, ECR actions, optional
   * conditions; no `Resource`). Only a repository managed here (created or adopted) has a policy to add to.
   */
  public abstract addToRepositoryPolicy(statement: IamStatement): void;

  /** An EventBridge rule that sends each successful image push (`ECR Image Action` PUSH) to the targets. */
  public onImagePushed(id: string, options: EcrImagePushedOptions): CloudwatchEventRule {
    return EcrEventRules.imagePushed(this, id, this.repositoryName, options, this.eventProvider);
  }

  /**
   * An EventBridge rule that sends each completed basic scan (`ECR Image Scan`) to the targets, optionally only
   * when it found vulnerabilities of at least `minimumSeverity` (numeric matching on the severity counts).
   */
  public onImageScanCompleted(id: string, options: EcrImageScanCompletedOptions): CloudwatchEventRule {
    return EcrEventRules.imageScanCompleted(this, id, this.repositoryName, options, this.eventProvider);
  }

  /**
   * An EventBridge rule that sends each lifecycle policy run that expired or archived images of this repository
   * (`PolicyExecutionEvent`, delivered through CloudTrail) to the targets.
   */
  public onLifecycleAction(id: string, options: EcrLifecycleActionOptions): CloudwatchEventRule {
    return EcrEventRules.lifecycleAction(this, id, this.repositoryName, options, this.eventProvider);
  }

  /** Whether this construct writes the repository's policy (created or adopted), so a grant names the grantee there. */
  protected abstract readonly managesRepositoryPolicy: boolean;
  /** The provider event rules are created with: the repository's. */
  protected abstract readonly eventProvider?: TerraformProvider;

  /** Adds a principal's actions to the repository policy; `identityAdded` says the identity side already has them. */
  protected abstract addGrantToRepositoryPolicy(principal: AwsPrincipal, actions: readonly string[], identityAdded: boolean): void;

  private identityPolicyDocument(actions: readonly string[]): string {
    return renderPolicyDocument([
      { sid: 'AuthToken', actions: [ECR_AUTH_ACTION], resources: ['*'] },
      { sid: 'Repository', actions: [...actions], resources: [this.repositoryArn] },
    ]);
  }
}

/**
 * A private ECR repository with safe defaults: immutable tags, scan on push, AES-256, no public access.
 * Creates `aws_ecr_repository` and, when needed, `aws_ecr_lifecycle_policy` and `aws_ecr_repository_policy`.
 */
export class EcrRepository extends EcrRepositoryBase {
  /**
   * An existing repository, looked up by name (`data "aws_ecr_repository"`, so it must exist at plan time).
   * Grants on it go to the grantee's identity policy only: its repository policy is not managed here.
   */
  public static fromRepositoryName(scope: Construct, id: string, repositoryName: string, provider?: TerraformProvider): IEcrRepository {
    return new ImportedEcrRepository(scope, id, { repositoryName, provider });
  }

  /** An existing repository by ARN (`arn:aws:ecr:<region>:<account>:repository/<name>`); no lookup is made. */
  public static fromRepositoryArn(scope: Construct, id: string, repositoryArn: string): IEcrRepository {
    return new ImportedEcrRepository(scope, id, { repositoryArn });
  }

  /**
   * Brings the existing repository `props.repositoryName` under management (Terraform import blocks on the next
   * apply) instead of creating one: from then on it is an EcrRepository like any other, with grants, lifecycle
   * rules and `addToRepositoryPolicy`. Its images stay. Its settings become the props given, and its lifecycle
   * and repository policies are replaced as a whole by the ones this construct declares. The repository gets
   * `prevent_destroy`, so that a prop that would replace it (encryption, KMS key) fails the plan instead of
   * deleting its images.
   */
  public static adopt(scope: Construct, id: string, props: EcrRepositoryProps, options: EcrAdoptOptions = {}): EcrRepository {
    return new EcrRepository(scope, id, { ...props, adopt: { ...props.adopt, ...options } });
  }

  /** Whether basic scan on push is on (registry-level scanning may override it). */
  public readonly scanOnPush: boolean;
  /** The `aws_ecr_repository` resource (escape hatch). */
  public readonly resource: EcrRepositoryResource;

  private readonly lifecycleRules: EcrLifecycleRule[] = [];
  private readonly fromRetentionPolicy: boolean;
  private readonly strictRetention: boolean;
  private deadRuleCheck = false;
  private readonly provider?: TerraformProvider;
  private readonly grants = new Map<string, { principal: AwsPrincipal; actions: Set<string> }>();
  private readonly policyStatements: IamStatement[] = [];
  private readonly adoption?: EcrAdoptOptions;
  private lifecyclePolicyResource?: EcrLifecyclePolicy;
  private repositoryPolicyResource?: EcrRepositoryPolicy;
  private nameToken?: string;
  private ownNameToken?: string;
  private arnToken?: string;
  protected readonly managesRepositoryPolicy = true;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    const v = new Violations();
    v.addAll('', validateRepositoryName(props.repositoryName));
    const mutability = props.imageTagMutability ?? TagMutability.IMMUTABLE;
    validateMutability(v, mutability, props.imageTagMutabilityExclusionFilters);
    const encryption = props.encryption ?? EcrEncryption.AES256;
    validateEncryption(v, encryption, props.kmsKeyArn);
    validateTags(v, props.tags);
    if (props.lifecycleRules && props.retentionPolicy) {
      v.add('retentionPolicy', 'cannot be combined with lifecycleRules', '(both given)', 'give either ECR lifecycleRules or a neutral retentionPolicy');
    } else if (!v.empty) {
      // The lifecycle is checked when it is rendered below; with other violations pending, check it now so
      // that one error lists every problem of the repository.
      v.addAll('', lifecycleViolations(props, this.node.path));
    }
    v.throwIfAny(this.node.path);

    this.provider = props.provider;
    this.adoption = props.adopt;
    this.strictRetention = props.strictRetention === true;
    this.scanOnPush = props.scanOnPush ?? true;
    this.resource = new EcrRepositoryResource(this, 'Resource', {
      name: props.repositoryName,
      imageTagMutability: mutability,
      imageTagMutabilityExclusionFilter: props.imageTagMutabilityExclusionFilters?.map((filter) => ({ filter, filterType: 'WILDCARD' })),
      imageScanningConfiguration: { scanOnPush: this.scanOnPush },
      encryptionConfiguration: [{ encryptionType: encryption, kmsKey: props.kmsKeyArn }],
      forceDelete: props.forceDelete ?? false,
      tags: props.tags,
      provider: props.provider,
    });

    if (props.adopt) this.adoptExisting(props);

    this.fromRetentionPolicy = props.retentionPolicy !== undefined;
    if (props.retentionPolicy) this.applyRetentionPolicy(props.retentionPolicy, props.repositoryName, props.allowRetentionApproximations ?? false);
    if (props.lifecycleRules && props.lifecycleRules.length > 0) {
      this.lifecycleRules.push(...props.lifecycleRules);
      this.renderLifecyclePolicy();
    }
  }

  // Getters, not fields: each attribute token costs a captured stack trace, and most repositories never read
  // all four (bench/run.js measures synth of thousands of repositories). Name and ARN are read by every grant
  // and policy, so their tokens are made once.
  /** The repository name. */
  public get repositoryName(): string {
    return (this.nameToken ??= this.resource.name);
  }

  /**
   * The repository name as its own policy resources reference it: the same `${aws_ecr_repository.<id>.name}`
   * as `repositoryName`, made without a stack trace or a logical ID until synth (see SameStackAttribute).
   */
  private ownName(): string {
    return (this.ownNameToken ??= Token.asString(new SameStackAttribute(this.resource, 'name')));
  }

  /** The repository ARN. */
  public get repositoryArn(): string {
    return (this.arnToken ??= this.resource.arn);
  }

  /** The repository URL, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  public get repositoryUrl(): string {
    return this.resource.repositoryUrl;
  }

  /** The registry (account) ID. */
  public get registryId(): string {
    return this.resource.registryId;
  }

  /**
   * Adds a lifecycle rule. Rules without a `rulePriority` are numbered after the explicit ones, in the order
   * added; the `any` rule is always placed last. The whole policy is validated again: a rule that would make
   * it invalid is rejected here, with every problem, and not added.
   */
  public addLifecycleRule(rule: EcrLifecycleRule): void {
    if (this.fromRetentionPolicy) {
      throw new ValidationError(this.node.path, [
        { property: 'lifecycleRules', problem: 'cannot be added to a repository whose lifecycle comes from a retentionPolicy', value: rule, allowed: 'add the intent to the RetentionPolicy instead' },
      ]);
    }
    this.lifecycleRules.push(rule);
    try {
      this.renderLifecyclePolicy();
    } catch (e) {
      this.lifecycleRules.pop();
      throw e;
    }
  }

  /** The `aws_ecr_lifecycle_policy` resource, if the repository has lifecycle rules (escape hatch). */
  public get lifecyclePolicy(): EcrLifecyclePolicy | undefined {
    return this.lifecyclePolicyResource;
  }

  /** The `aws_ecr_repository_policy` resource, if anything was granted (escape hatch). */
  public get repositoryPolicy(): EcrRepositoryPolicy | undefined {
    return this.repositoryPolicyResource;
  }

  /**
   * The lifecycle rules as given so far (before priorities are assigned).
   * @internal not part of the public API; the library calls it.
   */
  public get lifecycleRuleList(): readonly EcrLifecycleRule[] {
    return this.lifecycleRules;
  }

  /**
   * Adds a statement the grants do not cover to the repository policy: a `principal` (e.g.
   * `AwsPrincipal.account("123456789012").policyPrincipal()`), ECR actions, optional `condition`, no `resources`.
   * Checked at once; a statement that would make the repository public (`"*"` without a scoping condition) is
   * refused.
   */
  public addToRepositoryPolicy(statement: IamStatement): void {
    const v = new Violations();
    v.addAll(`addToRepositoryPolicy(statement)`, checkRepositoryStatement(statement, this.policyStatements).items);
    v.throwIfAny(this.node.path);
    this.policyStatements.push(statement);
    this.writeRepositoryPolicy();
  }

  /** The provider event rules are created with. */
  protected get eventProvider(): TerraformProvider | undefined {
    return this.provider;
  }

  protected addGrantToRepositoryPolicy(principal: AwsPrincipal, actions: readonly string[]): void {
    const invalid = principal.validate('grantee');
    invalid.throwIfAny(this.node.path);
    const entry = this.grants.get(principal.key) ?? { principal, actions: new Set<string>() };
    for (const a of actions) entry.actions.add(a);
    this.grants.set(principal.key, entry);
    this.writeRepositoryPolicy();
  }

  private writeRepositoryPolicy(): void {
    const policy = this.renderRepositoryPolicy();
    if (this.repositoryPolicyResource) {
      this.repositoryPolicyResource.policy = policy;
      return;
    }
    this.repositoryPolicyResource = new EcrRepositoryPolicy(this, 'Policy', { repository: this.ownName(), policy, provider: this.provider });
    if (this.adoption?.importRepositoryPolicy) this.repositoryPolicyResource.importFrom(this.resource.nameInput ?? this.repositoryName, this.provider);
  }

  // Policies are rendered whenever they change rather than lazily at synth: a lazy token costs a captured stack
  // trace and a second resolution pass per repository (a fifth of synth time with thousands of repositories),
  // and rendering on change rejects a bad rule where it is added.
  private renderLifecyclePolicy(property: string = 'lifecycleRules'): void {
    const policy = renderEcrLifecyclePolicy(this.lifecycleRules, this.node.path, property);
    if (property === 'lifecycleRules') this.checkDeadLifecycleRules();
    if (this.lifecyclePolicyResource) {
      this.lifecyclePolicyResource.policy = policy;
      return;
    }
    this.lifecyclePolicyResource = new EcrLifecyclePolicy(this, 'LifecyclePolicy', { repository: this.ownName(), policy, provider: this.provider });
    if (this.adoption?.importLifecyclePolicy) this.lifecyclePolicyResource.importFrom(this.resource.nameInput ?? this.repositoryName, this.provider);
  }

  private renderRepositoryPolicy(): string {
    // One statement per principal, in a stable order, so that adding a grant never reorders the others.
    const entries = [...this.grants.values()].sort((a, b) => (a.principal.key < b.principal.key ? -1 : 1));
    const statements: IamStatement[] = entries.map((e, i) => ({
      sid: `Grant${i + 1}`,
      principal: e.principal.policyPrincipal(),
      actions: [...e.actions],
      condition: e.principal.policyConditions(),
    }));
    this.policyStatements.forEach((s, i) => statements.push({ ...s, sid: s.sid ?? `Statement${i + 1}` }));
    return renderPolicyDocument(statements);
  }

  /**
   * Import blocks for the repository (its name is the import ID), `prevent_destroy`, and warnings for what the
   * plan will not show: a default encryption that may differ from the repository's (which would replace it), a
   * name unknown at plan time, and the policies this construct replaces.
   */
  private adoptExisting(props: EcrRepositoryProps): void {
    const name = props.repositoryName;
    this.resource.importFrom(name, props.provider);
    // Encryption and name force a new repository; with prevent_destroy, such a plan fails instead of deleting images.
    this.resource.lifecycle = { ...this.resource.lifecycle, preventDestroy: true };
    const warn = (message: string) => Annotations.of(this).addWarning(`adopt: ${message}`);
    if (isUnresolved(name)) {
      warn('repositoryName is not a literal, but Terraform needs the import ID (the repository name) at plan time; give the name as a string');
    }
    if (props.encryption === undefined) {
      warn(
        `encryption is not set, so AES256 is declared; if repository "${name}" is encrypted with KMS or KMS_DSSE, Terraform plans to replace it ` +
          '(the plan fails on prevent_destroy); set encryption and kmsKeyArn to what `aws ecr describe-repositories --query "repositories[0].encryptionConfiguration"` shows',
      );
    } else if (props.kmsKeyArn !== undefined) {
      warn('kmsKeyArn must be the exact key ARN the repository reports (an alias ARN of the same key counts as a change and would replace the repository); leave it unset to keep whatever key it has');
    }
    if (props.imageTagMutability === undefined) {
      warn('imageTagMutability is not set, so IMMUTABLE is declared and applied in place: pipelines that overwrite tags such as "latest" start to fail; set it to the repository\'s current mode if that is not what you want');
    }
    const adoption = props.adopt ?? {};
    const self = this;
    Aspects.of(this).add({
      visit(node) {
        if (node !== self) return;
        const lifecycle = self.lifecyclePolicyResource !== undefined;
        const policy = self.repositoryPolicyResource !== undefined;
        if (adoption.importLifecyclePolicy && !lifecycle) warn('importLifecyclePolicy is set, but no lifecycle rules are declared: the existing lifecycle policy is neither imported nor changed');
        if (adoption.importRepositoryPolicy && !policy) warn('importRepositoryPolicy is set, but nothing is granted: the existing repository policy is neither imported nor changed');
        if (lifecycle && !adoption.importLifecyclePolicy) warn('the declared lifecycle rules replace any existing lifecycle policy as a whole, and the plan shows them as new; set importLifecyclePolicy if the repository has one, to see the change');
        if (policy && !adoption.importRepositoryPolicy) warn('the grants replace any existing repository policy as a whole, and the plan shows it as new; set importRepositoryPolicy if the repository has one, to see the change');
      },
    });
  }

  private applyRetentionPolicy(policy: RetentionPolicy, name: string, allowApproximations: boolean): void {
    if (policy.repositories && !isUnresolved(name) && !policy.repositories.some((p) => matchesWildcard(p, name))) {
      Annotations.of(this).addWarning(
        `retentionPolicy is scoped to ${policy.repositories.join(', ')}, which does not match repository "${name}"; no lifecycle policy is applied`,
      );
      return;
    }
    let compiled;
    try {
      compiled = compileToEcr(policy, { allowApproximations });
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(this.node.path, e.violations.map((x) => ({ ...x, property: `retentionPolicy.${x.property}` })));
      throw e;
    }
    for (const w of compiled.warnings) Annotations.of(this).addWarning(`retentionPolicy: ${w}`);
    const dead = findDeadRetentionRules(policy);
    if (dead.length > 0 && (this.strictRetention || policy.strict)) throw new ValidationError(this.node.path, dead.map((d) => deadRuleViolation(d, 'retentionPolicy.')));
    for (const d of dead) Annotations.of(this).addWarning(`${this.node.path}: retentionPolicy.${d.message}`);
    this.lifecycleRules.push(...compiled.rules);
    this.renderLifecyclePolicy('retentionPolicy');
  }

  /**
   * Lifecycle rules that can never act: an error now when strict (so addLifecycleRule refuses the rule that
   * makes another dead), else one warning per rule at synth, once every rule has been added.
   */
  private checkDeadLifecycleRules(): void {
    if (this.strictRetention) {
      const dead = findDeadTypedEcrLifecycleRules(this.lifecycleRules);
      if (dead.length > 0) throw new ValidationError(this.node.path, dead.map((d) => deadRuleViolation(d, '')));
      return;
    }
    if (this.deadRuleCheck) return;
    this.deadRuleCheck = true;
    Aspects.of(this).add({
      visit: (node) => {
        if (node !== this) return;
        for (const d of findDeadTypedEcrLifecycleRules(this.lifecycleRules)) Annotations.of(this).addWarning(`${this.node.path}: ${d.message}`);
      },
    });
  }

}

/** The problems of a repository's lifecycle rules or retention policy, as rendering them would report them. */
function lifecycleViolations(props: EcrRepositoryProps, path: string): readonly Violation[] {
  const policy = props.retentionPolicy;
  const name = props.repositoryName;
  if (policy?.repositories && typeof name === 'string' && !isUnresolved(name) && !policy.repositories.some((p) => matchesWildcard(p, name))) return [];
  try {
    if (props.retentionPolicy) compileToEcr(props.retentionPolicy, { allowApproximations: props.allowRetentionApproximations ?? false });
    else if (props.lifecycleRules && props.lifecycleRules.length > 0) renderEcrLifecyclePolicy(props.lifecycleRules, path, 'lifecycleRules');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return props.retentionPolicy ? e.violations.map((x) => ({ ...x, property: `retentionPolicy.${x.property}` })) : e.violations;
  }
  return [];
}

/**
 * A reference to an attribute of a resource, for resources of the same stack only (a repository's own
 * lifecycle and repository policies). It renders what the provider's attribute getter renders, but captures
 * no stack trace and works out the resource's logical ID at synth rather than when made: with thousands of
 * repositories those two were the largest cost of constructing one beyond the provider classes themselves
 * (bench/run.js). It does not do cross-stack references, which is why `repositoryName` stays the provider's.
 */
class SameStackAttribute implements IResolvable {
  public readonly creationStack: string[] = [];
  private expression?: string;

  constructor(
    private readonly resource: TerraformResource,
    private readonly attribute: string,
  ) {}

  public resolve(context: IResolveContext): string {
    const suppressBraces = context.suppressBraces;
    context.suppressBraces = true;
    // Synth resolves a token more than once, and each logical ID costs a hash of the construct path; the ID
    // cannot change any more once synth resolves, so the first answer is kept.
    const expression = (this.expression ??= `${this.resource.terraformResourceType}.${this.resource.friendlyUniqueId}.${this.attribute}`);
    return suppressBraces ? expression : `\${${expression}}`;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** A repository that exists outside this stack, referenced only: its settings and policies are not managed here. */
class ImportedEcrRepository extends EcrRepositoryBase {
  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  public readonly repositoryUrl: string;
  public readonly registryId: string;
  protected readonly managesRepositoryPolicy = false;
  protected readonly eventProvider?: TerraformProvider;
  private readonly importedBy: string;

  constructor(scope: Construct, id: string, props: { repositoryName?: string; repositoryArn?: string; provider?: TerraformProvider }) {
    super(scope, id);
    this.eventProvider = props.provider;
    if (props.repositoryArn !== undefined) {
      this.importedBy = 'fromRepositoryArn';
      const m = REPOSITORY_ARN.exec(props.repositoryArn);
      if (!m) {
        throw new ValidationError(this.node.path, [
          { property: 'repositoryArn', problem: 'is not an ECR repository ARN', value: props.repositoryArn, allowed: 'arn:aws:ecr:<region>:<account>:repository/<name> (a literal, not a token)' },
        ]);
      }
      const [, partition, region, account, name] = m;
      const suffix = partition === '-cn' ? '.com.cn' : '.com';
      this.repositoryName = name;
      this.repositoryArn = props.repositoryArn;
      this.registryId = account;
      this.repositoryUrl = `${account}.dkr.ecr.${region}.amazonaws${suffix}/${name}`;
    } else {
      this.importedBy = 'fromRepositoryName';
      const invalid = validateRepositoryName(props.repositoryName);
      if (invalid.length > 0) throw new ValidationError(this.node.path, invalid);
      const data = new DataAwsEcrRepository(this, 'Lookup', { name: props.repositoryName!, provider: props.provider });
      this.repositoryName = props.repositoryName!;
      this.repositoryArn = data.arn;
      this.repositoryUrl = data.repositoryUrl;
      this.registryId = data.registryId;
    }
  }

  /** Refused: the repository policy of a referenced repository is not managed here; adopting it makes it so. */
  public addToRepositoryPolicy(statement: IamStatement): void {
    throw new ValidationError(this.node.path, [
      {
        property: 'addToRepositoryPolicy(statement)',
        problem: `cannot change the repository policy of a repository referenced with EcrRepository.${this.importedBy}, which is not managed here`,
        value: statement,
        allowed: this.adoptHint(),
      },
    ]);
  }

  protected addGrantToRepositoryPolicy(principal: AwsPrincipal, actions: readonly string[], identityAdded: boolean): void {
    if (identityAdded) return;
    const needsResourcePolicy = principal.kind !== AwsPrincipalKind.ARN;
    throw new ValidationError(this.node.path, [
      {
        property: 'grantee',
        problem: needsResourcePolicy
          ? `is ${principalDescription(principal)}, which only the repository policy can grant, and the policy of a repository referenced with EcrRepository.${this.importedBy} is not managed here`
          : `is an IAM role or user ARN with no identity policy of ours, and the policy of a repository referenced with EcrRepository.${this.importedBy} is not managed here`,
        value: principal.value,
        allowed: needsResourcePolicy
          ? this.adoptHint()
          : `attach pullPolicyDocument() or pushPolicyDocument() of this repository to that role yourself (actions: ${actions.join(', ')}), grant to an EcrCiRole, or ${this.adoptHint()}`,
      },
    ]);
  }

  private adoptHint(): string {
    const name = isUnresolved(this.repositoryName) ? '<name>' : this.repositoryName;
    return `adopt the repository so that its repository policy is managed here: EcrRepository.adopt(this, "${this.node.id}", { repositoryName: "${name}" }) instead of ${this.importedBy} (Terraform import blocks; the grants then replace its repository policy as a whole, see docs/aws-ecr.md "Adopting an existing repository")`;
  }
}

/** How a principal reads in an error message. */
function principalDescription(p: AwsPrincipal): string {
  switch (p.kind) {
    case AwsPrincipalKind.SERVICE:
      return 'an AWS service principal';
    case AwsPrincipalKind.ACCOUNT:
      return 'a whole AWS account';
    case AwsPrincipalKind.ORGANIZATION:
      return 'an AWS Organization';
    default:
      return 'an IAM principal';
  }
}

/**
 * Refuses a grant between a construct of one stack and a repository (or registry) of another whose policy this
 * library writes: the resource policy would reference the grantee's ARN and the grantee's identity policy the
 * resource's ARN, a dependency cycle between the two stacks that cdktf cannot synthesize.
 */
export function checkSameStack(resource: Construct, grantee: IEcrGrantee, method: string, roleSide?: string): void {
  if (grantee instanceof AwsPrincipal || !Construct.isConstruct(grantee)) return;
  const mine = TerraformStack.of(resource);
  const theirs = TerraformStack.of(grantee);
  if (mine === theirs) return;
  throw new ValidationError(resource.node.path, [
    {
      property: `${method}(grantee)`,
      problem: `is ${grantee.node.path} of stack ${theirs.node.id}, not of this stack ${mine.node.id}: the resource policy here would reference its ARN and its identity policy this resource's ARN, a dependency cycle between the stacks that cdktf refuses`,
      value: grantee.node.path,
      allowed:
        'grant within one stack; across stacks, use literal ARNs on both sides (see docs/aws-ecr.md "Grants across stacks"): here, grant to AwsPrincipal.fromArn("arn:aws:iam::<account>:role/<roleName>") (give the role a fixed roleName); ' +
        `in the role's stack, ${roleSide ?? 'grant on EcrRepository.fromRepositoryArn(this, "Repo", "arn:aws:ecr:<region>:<account>:repository/<name>")'}`,
    },
  ]);
}

/** Checks a statement for `addToRepositoryPolicy`: principal, ECR actions, no resources, not public, a unique Sid. */
function checkRepositoryStatement(s: IamStatement, existing: readonly IamStatement[]): Violations {
  const v = new Violations();
  if (!s.actions || s.actions.length === 0) v.add('actions', 'is empty', s.actions, 'ECR actions such as "ecr:BatchGetImage"');
  const bad = (s.actions ?? []).filter((a) => typeof a !== 'string' || !/^ecr:[A-Za-z*]+$/.test(a) || a === ECR_AUTH_ACTION);
  if (bad.length > 0) {
    v.add('actions', bad.includes(ECR_AUTH_ACTION) ? 'includes ecr:GetAuthorizationToken, which a repository policy cannot grant (it is registry-wide)' : 'includes something that is not an ECR action', bad, 'ecr:<Action> names; ecr:GetAuthorizationToken belongs in the identity policy (pullPolicyDocument())');
  }
  if (s.principal === undefined) v.add('principal', 'is missing', undefined, 'a principal, e.g. AwsPrincipal.account("123456789012").policyPrincipal()');
  if (s.resources !== undefined && s.resources.length > 0) v.add('resources', 'are not allowed in a repository policy (it applies to its repository)', s.resources, 'no resources');
  if (s.effect !== undefined && s.effect !== 'Allow' && s.effect !== 'Deny') v.add('effect', 'is not an effect', s.effect, '"Allow" or "Deny"');
  if (s.sid !== undefined) {
    if (!/^[A-Za-z0-9]{1,100}$/.test(s.sid)) v.add('sid', 'is not a valid statement id', s.sid, 'letters and digits only');
    else if (/^(Grant|Statement)\d+$/.test(s.sid) || existing.some((e) => e.sid === s.sid)) v.add('sid', 'is already used in this repository policy', s.sid, 'a Sid not used by another statement and not of the form Grant<n> or Statement<n> (generated Sids)');
  }
  v.addAll('', checkNotPublic(s, 'principal').items);
  return v;
}

/** Checks a tag mutability mode and its exclusion filters (shared with creation templates). */
export function validateMutability(v: Violations, mutability: TagMutability, filters: string[] | undefined): void {
  if (!Object.values(TagMutability).includes(mutability)) {
    v.add('imageTagMutability', 'is not a known mode', mutability, `one of ${Object.values(TagMutability).join(', ')}`);
  } else {
    const withExclusion = mutability === TagMutability.IMMUTABLE_WITH_EXCLUSION || mutability === TagMutability.MUTABLE_WITH_EXCLUSION;
    if (withExclusion && (!filters || filters.length === 0)) {
      v.add('imageTagMutabilityExclusionFilters', `are required with ${mutability}`, filters, '1 to 5 wildcard filters such as "latest" or "dev-*"');
    }
    if (!withExclusion && filters !== undefined) {
      v.add('imageTagMutabilityExclusionFilters', `are only allowed with IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION, not ${mutability}`, filters, 'drop the filters, or choose a *_WITH_EXCLUSION mode');
    }
  }
  if (filters && filters.length > 5) v.add('imageTagMutabilityExclusionFilters', `has ${filters.length} filters`, filters, 'at most 5 filters');
  (filters ?? []).forEach((f, i) => {
    if (typeof f !== 'string' || (!isUnresolved(f) && !FILTER_SHAPE.test(f))) {
      v.add(`imageTagMutabilityExclusionFilters[${i}]`, 'is not a valid wildcard filter', f, '1-128 characters of [0-9a-zA-Z._*-]');
    }
  });
}

/** Checks an encryption type and the KMS key that may go with it (shared with creation templates). */
export function validateEncryption(v: Violations, encryption: EcrEncryption, kmsKeyArn: string | undefined): void {
  if (!Object.values(EcrEncryption).includes(encryption)) {
    v.add('encryption', 'is not a supported encryption type', encryption, `one of ${Object.values(EcrEncryption).join(', ')}`);
  }
  if (kmsKeyArn !== undefined) {
    if (encryption !== EcrEncryption.KMS && encryption !== EcrEncryption.KMS_DSSE) {
      v.add('kmsKeyArn', 'is only allowed with EcrEncryption.KMS or EcrEncryption.KMS_DSSE', kmsKeyArn, 'set encryption: EcrEncryption.KMS (or KMS_DSSE), or drop kmsKeyArn');
    }
    else if (!isUnresolved(kmsKeyArn) && !KMS_KEY_ARN.test(kmsKeyArn)) {
      v.add('kmsKeyArn', 'is not a KMS key or alias ARN', kmsKeyArn, 'arn:aws:kms:<region>:<account>:key/<id> or …:alias/<name>');
    }
  }
}

/** Checks resource tags under `property` (`tags` on a repository, `resourceTags` on a creation template). */
export function validateTags(v: Violations, tags: { [key: string]: string } | undefined, property: string = 'tags'): void {
  if (!tags) return;
  const keys = Object.keys(tags);
  if (keys.length > 50) v.add(property, `has ${keys.length} tags`, keys.length, 'at most 50 tags per resource');
  for (const key of keys) {
    if (isUnresolved(key)) continue;
    const p = `${property}["${key}"]`;
    if (key.length < 1 || key.length > 128) v.add(p, 'has a key of invalid length', key, 'keys of 1-128 characters');
    if (key.toLowerCase().startsWith('aws:')) v.add(p, 'uses the reserved "aws:" prefix', key, 'a key not starting with "aws:"');
    const value = tags[key];
    if (typeof value !== 'string') v.add(p, 'must be a string', value, 'a string of up to 256 characters');
    else if (!isUnresolved(value) && value.length > 256) v.add(p, 'has a value longer than 256 characters', value, 'values of up to 256 characters');
  }
}
