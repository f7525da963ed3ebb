/** EcrRegistry: the registry-level ECR settings of one account and Region (replication, scanning, pull-through cache, creation templates, registry policy). */

import { EcrAccountSetting } from '@cdktf/provider-aws/lib/ecr-account-setting';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { EcrPullThroughCacheRule } from '@cdktf/provider-aws/lib/ecr-pull-through-cache-rule';
import { EcrRegistryPolicy } from '@cdktf/provider-aws/lib/ecr-registry-policy';
import { EcrRegistryScanningConfiguration } from '@cdktf/provider-aws/lib/ecr-registry-scanning-configuration';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepositoryCreationTemplate } from '@cdktf/provider-aws/lib/ecr-repository-creation-template';
import { Annotations, App, Aspects, IAspect, Lazy, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { checkLowercaseName, ValidationError, Violations } from '../core/errors';
import { renderEcrLifecyclePolicy } from '../core/retention/ecr/grammar';
import { ecrScanFilterMatches } from '../core/retention/patterns';
import { isUnresolved } from '../core/tokens';
import { ACCOUNT_ID, isAwsRegionName, partitionOfRegion } from './aws-ids';
import { CreationTemplateAppliedFor, CreationTemplateCheck, EcrCreationTemplateOptions, validateCreationTemplate } from './ecr-creation-template';
import { EcrPullThroughCacheRuleOptions, MAX_PULL_THROUGH_CACHE_RULES, validatePullThroughCacheRule } from './ecr-pull-through-cache';
import { ECR_AUTH_ACTION, ECR_PULL_ACTIONS, ECR_PULL_THROUGH_ACTION, IamStatement, renderPolicyDocument, renderStatement, unique } from './iam';
import { AwsPrincipal, AwsPrincipalKind, IEcrGrantee } from './principal';
import { checkSameStack } from './ecr-repository';
import { checkNotPublic } from './statement-checks';

// ---------------------------------------------------------------------------------------------------------------
// Replication

/** Where a replication rule copies images to. */
export interface EcrReplicationDestination {
  /** The destination Region, e.g. `us-west-2`. */
  readonly region: string;
  /**
   * The destination registry's account ID, for cross-account replication. That account must allow this one
   * in its registry policy (see `EcrRegistry.allowReplicationFrom` / `EcrRegistry.replicationDestinationPolicy`).
   * @default - this registry's own account
   */
  readonly registryId?: string;
}

/** One replication rule: which repositories go where. */
export interface EcrReplicationRule {
  /** Destinations (Region, optionally another account's registry). At least one. */
  readonly destinations: EcrReplicationDestination[];
  /**
   * Repository name prefixes (`PREFIX_MATCH`): only repositories whose names start with one of them are
   * replicated. At most 100 per rule.
   * @default - every repository
   */
  readonly repositoryPrefixes?: string[];
}

/** The most replication rules per registry (AWS limit). */
const MAX_REPLICATION_RULES = 10;
/** The most unique destinations (Region + registry) across all rules (AWS quota). */
const MAX_REPLICATION_DESTINATIONS = 25;
/** The most repository filters per replication rule (AWS limit). */
const MAX_REPLICATION_FILTERS = 100;

// The API's pattern (API_RepositoryFilter): segments ending in '/', then an optional partial segment.
const REPLICATION_FILTER = /^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*\/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$/;

// ---------------------------------------------------------------------------------------------------------------
// Scanning

/** The registry's scanner. */
export enum EcrScanType {
  /** ECR's own basic scanning: on push for repositories matching a SCAN_ON_PUSH rule, manual otherwise. */
  BASIC = 'BASIC',
  /** Amazon Inspector: continuous or on-push scanning of OS and language packages (Inspector charges apply). */
  ENHANCED = 'ENHANCED',
}

/** How often repositories matching a scanning rule are scanned. */
export enum EcrScanFrequency {
  /** Each image when it is pushed (BASIC and ENHANCED). */
  SCAN_ON_PUSH = 'SCAN_ON_PUSH',
  /** On push and again whenever Inspector learns of new vulnerabilities (ENHANCED only). */
  CONTINUOUS_SCAN = 'CONTINUOUS_SCAN',
  /**
   * Only when a scan is started by hand. Not accepted in a rule: it is what repositories matching no rule
   * get under BASIC scanning.
   */
  MANUAL = 'MANUAL',
}

/** One scanning rule: a frequency for the repositories matching its filters. */
export interface EcrScanningRule {
  /** The scan frequency. */
  readonly frequency: EcrScanFrequency;
  /**
   * Repository filters (`WILDCARD`): `*` matches any run of characters; a filter without `*` matches every
   * repository whose name contains it. 1-100 filters of 1-256 characters.
   */
  readonly repositoryFilters: string[];
}

/** The registry-level scanning configuration. */
export interface EcrScanningOptions {
  /** BASIC or ENHANCED. */
  readonly scanType: EcrScanType;
  /**
   * At most 2 rules. Repositories matching no rule are scanned manually only (BASIC) or not at all (ENHANCED).
   * @default - no rules
   */
  readonly rules?: EcrScanningRule[];
}

/** The most scanning rules per registry (AWS limit). */
const MAX_SCANNING_RULES = 2;
const SCAN_FILTER = /^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$/;

// ---------------------------------------------------------------------------------------------------------------
// The construct

/** Properties of an EcrRegistry. */
export interface EcrRegistryProps {
  /**
   * The AWS provider (account and Region) whose registry this is. One EcrRegistry per provider and Region.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * The Region, when it differs from the provider's (provider 6 resource-level `region`).
   * @default - the provider's Region
   */
  readonly region?: string;
  /**
   * The registry's account ID. Used for same-account replication destinations and the ARNs of grants.
   * @default - looked up with `data "aws_caller_identity"` when needed
   */
  readonly accountId?: string;
  /**
   * Replication rules (`aws_ecr_replication_configuration`); more with `addReplicationRule`.
   * @default - no replication
   */
  readonly replicationRules?: EcrReplicationRule[];
  /**
   * Registry-level scanning (`aws_ecr_registry_scanning_configuration`). When set, it overrides every
   * repository's own scan-on-push setting (a warning names repositories whose setting is lost).
   * @default - not managed: the registry keeps its current configuration
   */
  readonly scanning?: EcrScanningOptions;
  /**
   * Pull-through cache rules; more with `addPullThroughCacheRule`.
   * @default - none
   */
  readonly pullThroughCacheRules?: EcrPullThroughCacheRuleOptions[];
  /**
   * Repository creation templates: the settings (lifecycle, policy, mutability, encryption, tags) of the
   * repositories ECR creates for pull-through cache and replication; more with `addCreationTemplate`.
   * Templates are per Region: ECR applies those of the registry where it creates the repository, so a
   * REPLICATION template belongs in the destination Region's (and account's) EcrRegistry.
   * @default - none: created repositories get ECR's defaults and no policies
   */
  readonly creationTemplates?: EcrCreationTemplateOptions[];
  /**
   * Custom registry policy statements (scope V2: any ECR action). A statement without resources applies to
   * every repository of this registry. More with `addToRegistryPolicy`.
   * @default - none
   */
  readonly policyStatements?: IamStatement[];
  /**
   * Set the account setting `REGISTRY_POLICY_SCOPE` to `V2`, so the registry policy governs every ECR action.
   * Registries created before V2 existed are V1, which honours only `ecr:ReplicateImage`,
   * `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository` and silently ignores other actions. Removing
   * the setting later does not revert it (the resource's delete is a no-op).
   * @default false - the scope is left as it is (V2 for new registries)
   */
  readonly policyScopeV2?: boolean;
}

/** Options of `EcrRegistry.replicationDestinationPolicy`. */
export interface ReplicationDestinationPolicyOptions {
  /** The account(s) whose registry replicates into the destination. */
  readonly sourceAccountIds: string[];
  /** The destination account (the one that applies the policy). */
  readonly destinationAccountId: string;
  /** The destination Region. */
  readonly destinationRegion: string;
  /**
   * Repository name prefixes the sources may replicate into.
   * @default - every repository
   */
  readonly repositoryPrefixes?: string[];
  /**
   * Whether the sources may create missing repositories (`ecr:CreateRepository`); without it, every
   * destination repository must exist before images arrive.
   * @default true
   */
  readonly allowCreateRepository?: boolean;
  /**
   * The partition.
   * @default "aws"
   */
  readonly partition?: string;
}

/** Options of `EcrRegistry.grantPullThroughCache`. */
export interface GrantPullThroughCacheOptions {
  /**
   * The `ecrRepositoryPrefix` of the rule whose cache repositories the grantee may pull through.
   * @default - every pull-through cache rule of this registry
   */
  readonly ecrRepositoryPrefix?: string;
}

const REGISTRY_KEY = Symbol.for('cdktf-container-registries.EcrRegistry');

/**
 * The registry-level settings of one AWS account and Region. Each setting is a singleton in AWS, so there is
 * at most one EcrRegistry per provider (account) and Region in an app; a second one is an error.
 */
export class EcrRegistry extends Construct {
  /** True when `x` is an EcrRegistry (works across copies of this library). */
  public static isEcrRegistry(x: unknown): x is EcrRegistry {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[REGISTRY_KEY] === true;
  }

  /**
   * The statements a destination account's registry policy needs so that the source account(s) can replicate
   * into it (`ecr:ReplicateImage`, and `ecr:CreateRepository` unless disabled).
   */
  private static replicationDestinationStatements(options: ReplicationDestinationPolicyOptions): IamStatement[] {
    const v = new Violations();
    options.sourceAccountIds.forEach((id, i) => {
      if (!isUnresolved(id) && !ACCOUNT_ID.test(id)) v.add(`sourceAccountIds[${i}]`, 'is not an AWS account ID', id, 'exactly 12 digits');
    });
    if (options.sourceAccountIds.length === 0) v.add('sourceAccountIds', 'is empty', options.sourceAccountIds, 'at least one source account ID');
    if (!isUnresolved(options.destinationAccountId) && !ACCOUNT_ID.test(options.destinationAccountId)) {
      v.add('destinationAccountId', 'is not an AWS account ID', options.destinationAccountId, 'exactly 12 digits');
    }
    if (!isUnresolved(options.destinationRegion) && !isAwsRegionName(options.destinationRegion)) {
      v.add('destinationRegion', 'is not a Region name', options.destinationRegion, 'a Region such as "us-west-2"');
    }
    (options.repositoryPrefixes ?? []).forEach((p, i) => checkReplicationFilter(v, `repositoryPrefixes[${i}]`, p));
    v.throwIfAny('EcrRegistry.replicationDestinationStatements');
    const partition = options.partition ?? 'aws';
    const base = `arn:${partition}:ecr:${options.destinationRegion}:${options.destinationAccountId}:repository/`;
    const resources = options.repositoryPrefixes && options.repositoryPrefixes.length > 0 ? options.repositoryPrefixes.map((p) => `${base}${p}*`) : [`${base}*`];
    const actions = options.allowCreateRepository === false ? ['ecr:ReplicateImage'] : ['ecr:CreateRepository', 'ecr:ReplicateImage'];
    return [
      {
        sid: 'ReplicationFrom',
        principal: { AWS: unique(options.sourceAccountIds.map((id) => `arn:${partition}:iam::${id}:root`)) },
        actions,
        resources,
      },
    ];
  }

  /** The JSON registry policy a destination account applies to accept replication from the source account(s). */
  public static replicationDestinationPolicy(options: ReplicationDestinationPolicyOptions): string {
    return renderPolicyDocument(reportedAs('EcrRegistry.replicationDestinationPolicy', '', () => EcrRegistry.replicationDestinationStatements(options)));
  }

  /** The Region (as given, or the provider's literal Region); undefined when only known at apply. */
  private get configuredRegion(): string | undefined {
    return this.props.region ?? literalProviderRegion(this.provider ?? defaultAwsProvider(TerraformStack.of(this)));
  }
  /** The registry's Region: the literal Region, or a `data "aws_region"` reference. */
  public get region(): string {
    return this.configuredRegion ?? this.regionLookup().region;
  }
  /** The registry's account ID: the given one, or a `data "aws_caller_identity"` reference. */
  public get accountId(): string {
    return this.props.accountId ?? this.callerIdentity().accountId;
  }
  /** The registry's partition: derived from a literal Region, or a `data "aws_partition"` reference. */
  public get partition(): string {
    const region = this.configuredRegion;
    if (region && !isUnresolved(region)) return partitionOfRegion(region);
    return this.partitionLookup().partition;
  }

  private readonly props: EcrRegistryProps;
  private readonly provider?: TerraformProvider;
  private readonly replicationRules: EcrReplicationRule[] = [];
  private readonly cacheRules: EcrPullThroughCacheRuleOptions[] = [];
  private readonly cacheResources: EcrPullThroughCacheRule[] = [];
  private readonly templates: EcrCreationTemplateOptions[] = [];
  private readonly templateResources: EcrRepositoryCreationTemplate[] = [];
  private readonly policyStatements: IamStatement[] = [];
  private readonly scanningOptions?: EcrScanningOptions;
  private replicationResource?: EcrReplicationConfiguration;
  private scanningResource?: EcrRegistryScanningConfiguration;
  private policyResource?: EcrRegistryPolicy;
  private identity?: DataAwsCallerIdentity;
  private regionData?: DataAwsRegion;
  private partitionData?: DataAwsPartition;
  private replicationTemplateCheck = false;

  constructor(scope: Construct, id: string, props: EcrRegistryProps = {}) {
    super(scope, id);
    Object.defineProperty(this, REGISTRY_KEY, { value: true });
    this.props = props;
    this.provider = props.provider;

    const v = new Violations();
    if (props.region !== undefined && !isUnresolved(props.region) && !isAwsRegionName(props.region)) {
      v.add('region', 'is not a Region name', props.region, 'a Region such as "eu-west-1"');
    }
    if (props.accountId !== undefined && !isUnresolved(props.accountId) && !ACCOUNT_ID.test(props.accountId)) {
      v.add('accountId', 'is not an AWS account ID', props.accountId, 'exactly 12 digits, e.g. "123456789012"');
    }
    (props.replicationRules ?? []).forEach((r, i) => v.addAll(`replicationRules[${i}]`, this.checkReplicationRule(r).items));
    if (props.scanning) v.addAll('scanning', checkScanning(props.scanning).items);
    (props.pullThroughCacheRules ?? []).forEach((r, i) => v.addAll(`pullThroughCacheRules[${i}]`, this.checkCacheRule(r).items));
    if ((props.pullThroughCacheRules ?? []).length > 0) this.checkCacheRegion(v, 'pullThroughCacheRules');
    const templateChecks = (props.creationTemplates ?? []).map((t) => validateCreationTemplate(t));
    templateChecks.forEach((check, i) => v.addAll(`creationTemplates[${i}]`, check.violations.items));
    (props.policyStatements ?? []).forEach((s, i) => v.addAll(`policyStatements[${i}]`, checkRegistryStatement(s).items));
    // The limits across rules, for what the props give; additions made later are checked again at synth.
    v.addAll('', this.checkTotals(props.replicationRules ?? [], props.pullThroughCacheRules ?? [], props.creationTemplates ?? []).items);
    const other = this.conflictingRegistry();
    if (other) this.addConflict(v, other);
    v.throwIfAny(this.node.path);

    for (const rule of props.replicationRules ?? []) this.pushReplicationRule(rule);
    if (props.scanning) {
      this.scanningOptions = props.scanning;
      this.scanningResource = new EcrRegistryScanningConfiguration(this, 'Scanning', {
        scanType: props.scanning.scanType,
        rule: (props.scanning.rules ?? []).map((r) => ({
          scanFrequency: r.frequency,
          repositoryFilter: r.repositoryFilters.map((filter) => ({ filter, filterType: 'WILDCARD' })),
        })),
        region: props.region,
        provider: this.provider,
      });
      Aspects.of(this).add(onceFor(this, () => this.checkScanOnPushOverride()));
    }
    for (const rule of props.pullThroughCacheRules ?? []) this.pushCacheRule(rule);
    (props.creationTemplates ?? []).forEach((t, i) => this.pushTemplate(t, templateChecks[i]));
    for (const s of props.policyStatements ?? []) this.pushStatement(s);
    if (props.policyScopeV2) {
      new EcrAccountSetting(this, 'PolicyScope', { name: 'REGISTRY_POLICY_SCOPE', value: 'V2', region: props.region, provider: this.provider });
    }

    this.node.addValidation({ validate: () => this.validateLate() });
    // `new App({ skipValidation: true })` skips the validation above but still runs aspects: run it there, so
    // that the app cannot write a configuration ECR would refuse.
    Aspects.of(this).add(new LateChecksDespiteSkipValidation(this, () => this.validateLate()));
  }

  /** The `aws_ecr_replication_configuration`, once a replication rule exists (escape hatch). */
  public get replicationConfiguration(): EcrReplicationConfiguration | undefined {
    return this.replicationResource;
  }

  /** The `aws_ecr_registry_scanning_configuration`, if scanning is managed (escape hatch). */
  public get scanningConfiguration(): EcrRegistryScanningConfiguration | undefined {
    return this.scanningResource;
  }

  /** The `aws_ecr_registry_policy`, once it has a statement (escape hatch). */
  public get registryPolicy(): EcrRegistryPolicy | undefined {
    return this.policyResource;
  }

  /** The `aws_ecr_pull_through_cache_rule` resources, in the order added (escape hatch). */
  public get pullThroughCacheRuleResources(): readonly EcrPullThroughCacheRule[] {
    return this.cacheResources;
  }

  /** The `aws_ecr_repository_creation_template` resources, in the order added (escape hatch). */
  public get creationTemplateResources(): readonly EcrRepositoryCreationTemplate[] {
    return this.templateResources;
  }

  /** A stable description of the account and Region this registry stands for (provider path and Region). */
  private singletonKey(): string {
    const provider = this.provider ?? defaultAwsProvider(TerraformStack.of(this));
    const providerName = provider ? provider.node.path : `${TerraformStack.of(this).node.path} (default AWS provider)`;
    return `${providerName}, Region ${this.configuredRegion ?? "(the provider's)"}`;
  }

  /**
   * Whether a replication rule of this registry copies images into `region` of `accountId`. Undefined when
   * that cannot be told at synth (a destination's Region or account, or this registry's account, is a token
   * or unknown).
   */
  private replicatesInto(region: string, accountId?: string): boolean | undefined {
    let unknown = false;
    for (const d of this.replicationRules.flatMap((r) => r.destinations)) {
      if (isUnresolved(d.region)) {
        unknown = true;
        continue;
      }
      if (d.region !== region) continue;
      const destinationAccount = d.registryId ?? this.props.accountId;
      if (destinationAccount === undefined || accountId === undefined || isUnresolved(destinationAccount) || isUnresolved(accountId)) unknown = true;
      else if (destinationAccount === accountId) return true;
    }
    return unknown ? undefined : false;
  }

  /** The literal account ID given in the props, if any. */
  private get configuredAccountId(): string | undefined {
    return this.props.accountId !== undefined && !isUnresolved(this.props.accountId) ? this.props.accountId : undefined;
  }

  /**
   * `<account>/<region>` when both the account ID and the Region are literals, else undefined. Two registries
   * with the same value manage the same AWS registry even when declared in different stacks or providers.
   */
  private accountRegionKey(): string | undefined {
    const account = this.configuredAccountId;
    const region = this.configuredRegion;
    return account !== undefined && region !== undefined && !isUnresolved(region) ? `${account}/${region}` : undefined;
  }

  /**
   * Adds a replication rule. Only images pushed after the configuration exists are replicated (no
   * backfill), and repository and lifecycle policies are not copied: give destinations a creation template
   * with `appliedFor` REPLICATION.
   */
  public addReplicationRule(rule: EcrReplicationRule): void {
    const v = new Violations();
    v.addAll(`replicationRules[${this.replicationRules.length}]`, this.checkReplicationRule(rule).items);
    v.throwIfAny(this.node.path);
    this.pushReplicationRule(rule);
  }

  /** Adds a pull-through cache rule and returns its `aws_ecr_pull_through_cache_rule`. */
  public addPullThroughCacheRule(rule: EcrPullThroughCacheRuleOptions): EcrPullThroughCacheRule {
    const v = new Violations();
    v.addAll(`pullThroughCacheRules[${this.cacheRules.length}]`, this.checkCacheRule(rule).items);
    this.checkCacheRegion(v, `pullThroughCacheRules[${this.cacheRules.length}]`);
    v.throwIfAny(this.node.path);
    return this.pushCacheRule(rule);
  }

  /**
   * Adds a repository creation template and returns its `aws_ecr_repository_creation_template`. Templates
   * apply only when ECR creates a repository; existing repositories are never changed.
   */
  public addCreationTemplate(template: EcrCreationTemplateOptions): EcrRepositoryCreationTemplate {
    const v = new Violations();
    const check = validateCreationTemplate(template);
    v.addAll(`creationTemplates[${this.templates.length}]`, check.violations.items);
    v.throwIfAny(this.node.path);
    return this.pushTemplate(template, check);
  }

  /**
   * Adds a statement to the registry policy (scope V2: any ECR action). Without resources it applies to
   * every repository of this registry.
   */
  public addToRegistryPolicy(statement: IamStatement): void {
    const v = new Violations();
    v.addAll(`policyStatements[${this.policyStatements.length}]`, checkRegistryStatement(statement).items);
    v.throwIfAny(this.node.path);
    this.pushStatement(statement);
  }

  /**
   * For the destination account's stack: lets `sourceAccountIds` replicate into this registry
   * (`ecr:ReplicateImage` and `ecr:CreateRepository` on this registry's repositories).
   */
  public allowReplicationFrom(sourceAccountIds: string[], repositoryPrefixes?: string[]): void {
    const statements = reportedAs(this.node.path, 'allowReplicationFrom ', () =>
      EcrRegistry.replicationDestinationStatements({
        sourceAccountIds,
        destinationAccountId: this.accountId,
        destinationRegion: this.region,
        repositoryPrefixes,
        partition: this.partition,
      }),
    );
    for (const s of statements) this.pushStatement(s);
  }

  /**
   * Lets `grantee` pull images through a pull-through cache rule: the first pull imports the upstream image
   * (`ecr:BatchImportUpstreamImage`) into a cache repository ECR creates (`ecr:CreateRepository`). Both sides
   * of the grant are written, as for repositories: the registry policy names the grantee's principal on the
   * cache repositories' ARN pattern, and a grantee with its own identity policy (EcrCiRole) also gets the same
   * statement plus `ecr:GetAuthorizationToken` there, which a role of another account needs as well. A registry
   * on policy scope V1 ignores the pull actions of its registry policy, so a synth warning says so (unless
   * `policyScopeV2`) whenever the grantee may be in another account.
   */
  public grantPullThroughCache(grantee: IEcrGrantee, options: GrantPullThroughCacheOptions = {}): void {
    const prefix = options.ecrRepositoryPrefix;
    const known = this.cacheRules.map((r) => r.ecrRepositoryPrefix);
    if (prefix !== undefined && !isUnresolved(prefix) && !known.includes(prefix)) {
      throw new ValidationError(this.node.path, [
        { property: 'ecrRepositoryPrefix', problem: 'names no pull-through cache rule of this registry', value: prefix, allowed: known.length > 0 ? `one of ${known.map((k) => JSON.stringify(k)).join(', ')}` : 'add the rule with addPullThroughCacheRule first' },
      ]);
    }
    const prefixes = prefix !== undefined ? [prefix] : known;
    if (prefixes.length === 0) {
      throw new ValidationError(this.node.path, [
        { property: 'pullThroughCacheRules', problem: 'is empty, so there is nothing to pull through', value: [], allowed: 'add a rule with addPullThroughCacheRule before granting' },
      ]);
    }
    checkSameStack(
      this,
      grantee,
      'grantPullThroughCache',
      'role.addToPrincipalPolicy({ actions: [...EcrActions.PULL, EcrActions.PULL_THROUGH_CACHE_IMPORT, "ecr:CreateRepository"], resources: ["arn:aws:ecr:<region>:<account>:repository/<prefix>/*"] }) and the same for EcrActions.AUTH_TOKEN on "*"',
    );
    const principal = grantee.grantPrincipal;
    principal.validate('grantee').throwIfAny(this.node.path);
    const base = `arn:${this.partition}:ecr:${this.region}:${this.accountId}:repository/`;
    const resources = unique(prefixes.map((p) => (p === 'ROOT' ? `${base}*` : `${base}${p.replace(/\/$/, '')}/*`)));
    const actions = [...ECR_PULL_ACTIONS, ECR_PULL_THROUGH_ACTION, 'ecr:CreateRepository'];
    const identityAdded = !(grantee instanceof AwsPrincipal) && grantee.addToPrincipalPolicy({ actions, resources });
    if (identityAdded) grantee.addToPrincipalPolicy({ actions: [ECR_AUTH_ACTION], resources: ['*'] });
    this.pushStatement({ sid: undefined, principal: principal.policyPrincipal(), actions, resources, condition: principal.policyConditions() });
    if (this.props.policyScopeV2) return;
    if (!identityAdded) {
      Annotations.of(this).addWarning(
        `grantPullThroughCache(${principal.value}) puts pull actions (${ECR_PULL_ACTIONS.join(', ')}) in the registry policy, which a registry on policy scope V1 ignores without an error ` +
          '(V1 honours only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository): set policyScopeV2: true, or grant to an EcrCiRole, whose identity policy carries the pull actions',
      );
    } else if (this.sameAccountAs(grantee) !== true) {
      Annotations.of(this).addWarning(
        `grantPullThroughCache(${Construct.isConstruct(grantee) ? grantee.node.path : principal.value}): a grantee of another account also needs the registry policy's pull actions, which a registry on policy scope V1 ignores without an error; ` +
          'set policyScopeV2: true, or ignore this if the grantee is in this registry\'s account (created with the same AWS provider, or with a literal ARN of this account)',
      );
    }
  }

  /** True when `grantee` is known to be in this registry's account: a literal ARN or account, or a construct created with the same provider. */
  private sameAccountAs(grantee: IEcrGrantee): boolean | undefined {
    const principal = grantee.grantPrincipal;
    const mine = this.configuredAccountId;
    if (principal.kind === AwsPrincipalKind.ACCOUNT && !isUnresolved(principal.value) && mine !== undefined) return principal.value === mine;
    const arnAccount = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal.value);
    if (principal.kind === AwsPrincipalKind.ARN && arnAccount && mine !== undefined) return arnAccount[1] === mine;
    if (!Construct.isConstruct(grantee)) return undefined;
    const resource = grantee.node.findAll().find((c): c is TerraformResource => c instanceof TerraformResource);
    if (!resource) return undefined;
    const stack = TerraformStack.of(this);
    const myProvider = this.provider ?? defaultAwsProvider(stack);
    const theirProvider = resource.provider ?? defaultAwsProvider(TerraformStack.of(resource));
    return myProvider !== undefined && myProvider === theirProvider ? true : undefined;
  }

  /** The registry policy rendered so far (what synth will emit), or undefined when it has no statement. */
  private renderRegistryPolicy(): string | undefined {
    if (this.policyStatements.length === 0) return undefined;
    // IAM rejects a policy with two equal Sids, and helpers such as allowReplicationFrom reuse theirs.
    const used = new Set<string>();
    const statements = this.policyStatements.map((s, i) => {
      let sid = s.sid ?? `Statement${i + 1}`;
      if (used.has(sid)) sid = `${sid}${i + 1}`;
      used.add(sid);
      return { ...s, sid };
    });
    return renderPolicyDocument(statements);
  }

  // -------------------------------------------------------------------------------------------------------------

  private pushReplicationRule(rule: EcrReplicationRule): void {
    this.replicationRules.push(rule);
    // Same-account destinations render this account's ID; a lookup must exist before synth resolves the rules.
    if (this.props.accountId === undefined && rule.destinations.some((d) => d.registryId === undefined)) this.callerIdentity();
    if (this.replicationResource) return;
    this.replicationResource = new EcrReplicationConfiguration(this, 'Replication', {
      replicationConfiguration: {
        // Lazy so that rules added after construction render; snake_case because a token skips the L1's mapper.
        rule: Lazy.anyValue({
          produce: () => {
            // Rendering refuses what validation would, also when validation was skipped.
            const totals = this.checkTotals(this.replicationRules, [], []);
            totals.throwIfAny(this.node.path);
            return this.replicationRules.map((r) => ({
              destination: r.destinations.map((d) => ({ region: d.region, registry_id: d.registryId ?? this.accountId })),
              repository_filter: (r.repositoryPrefixes ?? []).length > 0 ? r.repositoryPrefixes!.map((filter) => ({ filter, filter_type: 'PREFIX_MATCH' })) : undefined,
            }));
          },
        }),
      },
      region: this.props.region,
      provider: this.provider,
    });
  }

  private pushCacheRule(rule: EcrPullThroughCacheRuleOptions): EcrPullThroughCacheRule {
    this.cacheRules.push(rule);
    const id = `PullThroughCache-${rule.ecrRepositoryPrefix === 'ROOT' ? 'ROOT' : rule.ecrRepositoryPrefix.replace(/[^a-z0-9]+/g, '-')}`;
    const resource = new EcrPullThroughCacheRule(this, this.node.tryFindChild(id) ? `${id}-${this.cacheRules.length}` : id, {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      upstreamRegistryUrl: rule.upstream.url,
      credentialArn: rule.credentialSecretArn,
      customRoleArn: rule.customRoleArn,
      upstreamRepositoryPrefix: rule.upstreamRepositoryPrefix,
      region: this.props.region,
      provider: this.provider,
    });
    this.cacheResources.push(resource);
    return resource;
  }

  /** Adds a template already validated: `check` is its validation result, so the retention policy is compiled once. */
  private pushTemplate(template: EcrCreationTemplateOptions, check: CreationTemplateCheck): EcrRepositoryCreationTemplate {
    const index = this.templates.length;
    this.templates.push(template);
    if (!this.replicationTemplateCheck && template.appliedFor.includes(CreationTemplateAppliedFor.REPLICATION)) {
      this.replicationTemplateCheck = true;
      Aspects.of(this).add(onceFor(this, () => this.checkReplicationTemplates()));
    }
    const { lifecycleRules, warnings } = check;
    for (const w of warnings) Annotations.of(this).addWarning(`${this.node.path}: creationTemplates[${index}] (${template.prefix}): ${w}`);
    const property = `creationTemplates[${index}].${template.retentionPolicy ? 'retentionPolicy' : 'lifecycleRules'}`;
    const statements = template.repositoryPolicyStatements ?? [];
    const id = `CreationTemplate-${template.prefix === 'ROOT' ? 'ROOT' : template.prefix.replace(/[^a-z0-9]+/g, '-').replace(/-$/, '')}`;
    const resource = new EcrRepositoryCreationTemplate(this, this.node.tryFindChild(id) ? `${id}-${index + 1}` : id, {
      prefix: template.prefix,
      appliedFor: [...template.appliedFor],
      description: template.description,
      imageTagMutability: check.imageTagMutability,
      imageTagMutabilityExclusionFilter: template.imageTagMutabilityExclusionFilters?.map((filter) => ({ filter, filterType: 'WILDCARD' })),
      encryptionConfiguration: [{ encryptionType: check.encryption, kmsKey: template.kmsKeyArn }],
      lifecyclePolicy: lifecycleRules.length > 0 ? renderEcrLifecyclePolicy(lifecycleRules, this.node.path, property) : undefined,
      repositoryPolicy: statements.length > 0 ? renderPolicyDocument(statements) : undefined,
      resourceTags: template.resourceTags,
      customRoleArn: template.customRoleArn,
      region: this.props.region,
      provider: this.provider,
    });
    this.templateResources.push(resource);
    return resource;
  }

  private pushStatement(statement: IamStatement): void {
    const resources = statement.resources && statement.resources.length > 0 ? statement.resources : undefined;
    this.policyStatements.push(resources ? statement : { ...statement, resources: [`arn:${this.partition}:ecr:${this.region}:${this.accountId}:repository/*`] });
    if (this.policyResource) return;
    this.policyResource = new EcrRegistryPolicy(this, 'Policy', {
      policy: Lazy.stringValue({ produce: () => this.renderRegistryPolicy() }),
      region: this.props.region,
      provider: this.provider,
    });
  }

  private checkReplicationRule(rule: EcrReplicationRule): Violations {
    const v = new Violations();
    if (!rule.destinations || rule.destinations.length === 0) {
      v.add('destinations', 'is empty', rule.destinations, 'at least one destination { region, registryId? }');
    }
    const seen = new Set<string>();
    (rule.destinations ?? []).forEach((d, i) => {
      const p = `destinations[${i}]`;
      if (!isUnresolved(d.region) && !isAwsRegionName(d.region)) v.add(`${p}.region`, 'is not a Region name', d.region, 'a Region such as "us-west-2"');
      if (d.registryId !== undefined && !isUnresolved(d.registryId) && !ACCOUNT_ID.test(d.registryId)) {
        v.add(`${p}.registryId`, 'is not an AWS account ID', d.registryId, 'exactly 12 digits, or omit it for this account');
      }
      const sameAccount = d.registryId === undefined || (this.props.accountId !== undefined && d.registryId === this.props.accountId);
      if (sameAccount && this.configuredRegion !== undefined && !isUnresolved(this.configuredRegion) && d.region === this.configuredRegion) {
        v.add(`${p}.region`, "is this registry's own Region in its own account", d.region, 'another Region, or another account\'s registryId (an image cannot replicate onto itself)');
      }
      const key = `${d.region}/${d.registryId ?? 'self'}`;
      if (seen.has(key)) v.add(`${p}`, 'repeats a destination of the same rule', d, 'each destination once per rule');
      seen.add(key);
    });
    const filters = rule.repositoryPrefixes ?? [];
    if (filters.length > MAX_REPLICATION_FILTERS) v.add('repositoryPrefixes', `has ${filters.length} filters`, filters.length, `at most ${MAX_REPLICATION_FILTERS} per rule`);
    filters.forEach((f, i) => checkReplicationFilter(v, `repositoryPrefixes[${i}]`, f));
    return v;
  }

  /** Pull-through cache does not exist in the China and GovCloud partitions; checked when the Region is a literal. */
  private checkCacheRegion(v: Violations, property: string): void {
    const region = this.configuredRegion;
    if (region === undefined || isUnresolved(region) || partitionOfRegion(region) === 'aws') return;
    v.add(
      property,
      `are not available in the China and AWS GovCloud (US) Regions, and this registry is in ${region}`,
      region,
      'pull-through cache rules only in a registry of a commercial Region (aws partition); in this Region, mirror upstream images into your own repositories instead',
    );
  }

  private checkCacheRule(rule: EcrPullThroughCacheRuleOptions): Violations {
    const region = this.configuredRegion;
    return validatePullThroughCacheRule(rule, region, this.props.accountId);
  }

  /** The limits across all rules: counts, unique destinations, duplicate cache prefixes. */
  private checkTotals(replication: readonly EcrReplicationRule[], cache: readonly EcrPullThroughCacheRuleOptions[], templates: readonly EcrCreationTemplateOptions[]): Violations {
    const v = new Violations();
    if (replication.length > MAX_REPLICATION_RULES) {
      v.add('replicationRules', `has ${replication.length} rules`, replication.length, `at most ${MAX_REPLICATION_RULES} replication rules per registry`);
    }
    const destinations = unique(replication.flatMap((r) => (r.destinations ?? []).map((d) => `${d.region}/${d.registryId ?? 'this account'}`)));
    if (destinations.length > MAX_REPLICATION_DESTINATIONS) {
      v.add('replicationRules', `has ${destinations.length} unique destinations`, destinations, `at most ${MAX_REPLICATION_DESTINATIONS} unique destinations across all rules`);
    }
    if (cache.length > MAX_PULL_THROUGH_CACHE_RULES) {
      v.add('pullThroughCacheRules', `has ${cache.length} rules`, cache.length, `at most ${MAX_PULL_THROUGH_CACHE_RULES} pull-through cache rules per registry`);
    }
    const prefixes = cache.map((r) => r.ecrRepositoryPrefix);
    const dup = unique(prefixes.filter((p, i) => prefixes.indexOf(p) !== i));
    if (dup.length > 0) v.add('pullThroughCacheRules', 'use the same ecrRepositoryPrefix more than once', dup, 'a distinct ecrRepositoryPrefix per rule');
    const templatePrefixes = templates.map((t) => t.prefix);
    const dupTemplates = unique(templatePrefixes.filter((p, i) => templatePrefixes.indexOf(p) !== i));
    if (dupTemplates.length > 0) v.add('creationTemplates', 'use the same prefix more than once', dupTemplates, 'one template per prefix (a template can serve both PULL_THROUGH_CACHE and REPLICATION)');
    return v;
  }

  private validateLate(): string[] {
    const v = this.checkTotals(this.replicationRules, this.cacheRules, this.templates);
    // Again at synth: a provider declared after the registry makes its Region known only now.
    if (this.cacheRules.length > 0) this.checkCacheRegion(v, 'pullThroughCacheRules');
    const other = this.conflictingRegistry();
    if (other) this.addConflict(v, other);
    return v.empty ? [] : [new ValidationError(this.node.path, v.items).message];
  }

  /**
   * An EcrRegistry declared before this one in the app for the same account and Region, if any: the same
   * provider and Region, or (in any stack, with any provider) the same literal account ID and Region.
   */
  private conflictingRegistry(): EcrRegistry | undefined {
    const mine = this.singletonKey();
    const myAccountRegion = this.accountRegionKey();
    for (const c of this.node.root.node.findAll()) {
      if (c === this) return undefined;
      if (!EcrRegistry.isEcrRegistry(c)) continue;
      if (c.singletonKey() === mine) return c;
      if (myAccountRegion !== undefined && c.accountRegionKey() === myAccountRegion) return c;
    }
    return undefined;
  }

  /** The problem a second registry for one account and Region reports. */
  private addConflict(v: Violations, other: EcrRegistry): void {
    const accountRegion = this.accountRegionKey();
    const sameLiteral = accountRegion !== undefined && other.accountRegionKey() === accountRegion && other.singletonKey() !== this.singletonKey();
    v.add(
      'provider',
      `already has an EcrRegistry for this account and Region at ${other.node.path}`,
      sameLiteral ? `account ${this.configuredAccountId}, Region ${this.configuredRegion}` : this.singletonKey(),
      'one EcrRegistry per AWS account and Region in the app, whatever stack or provider it is declared with: add every setting to that one',
    );
  }

  /**
   * Warns on each `aws_ecr_repository` of this registry's stack (same provider and Region) that asks for scan on
   * push but matches no registry rule that scans on push: registry-level scanning overrides its setting. The
   * repositories are found in the construct tree by resource type, so EcrRepository and raw L1s are both seen.
   */
  private checkScanOnPushOverride(): void {
    const scanning = this.scanningOptions!;
    const stack = TerraformStack.of(this);
    const myProvider = this.singletonKey();
    for (const c of stack.node.findAll()) {
      if (!(c instanceof TerraformResource) || c.terraformResourceType !== 'aws_ecr_repository') continue;
      const r = c as TerraformResource & { nameInput?: string; regionInput?: string; imageScanningConfigurationInput?: { scanOnPush?: unknown } };
      if (r.imageScanningConfigurationInput?.scanOnPush !== true) continue;
      if (repositoryRegistryKey(r, stack) !== myProvider) continue;
      const name = r.nameInput;
      if (typeof name !== 'string' || isUnresolved(name)) continue;
      const frequency = effectiveScanFrequency(scanning, name);
      if (frequency !== undefined) continue;
      const target = r.node.scope && (r.node.scope as unknown as { scanOnPush?: unknown }).scanOnPush !== undefined ? r.node.scope : r;
      const outcome = scanning.scanType === EcrScanType.ENHANCED ? 'is not scanned at all' : 'is only scanned manually';
      Annotations.of(target).addWarning(
        `scanOnPush of repository "${name}" is overridden by registry-level ${scanning.scanType} scanning at ${this.node.path}: ` +
          `no rule scans it on push, so it ${outcome}; add a filter matching "${name}" to a SCAN_ON_PUSH or CONTINUOUS_SCAN rule`,
      );
    }
  }

  /**
   * Warns when this registry holds a REPLICATION creation template but no EcrRegistry of the app replicates into
   * its account and Region. ECR applies the templates of the registry where it creates the replica, i.e. the
   * destination, so such a template usually sits in the source Region by mistake. Stays silent whenever a Region
   * or account is a token, since the answer would be a guess.
   */
  private checkReplicationTemplates(): void {
    const region = this.configuredRegion;
    if (region === undefined || isUnresolved(region)) return;
    const accountId = this.configuredAccountId;
    let unknown = false;
    for (const c of this.node.root.node.findAll()) {
      if (!EcrRegistry.isEcrRegistry(c) || c === this) continue;
      const answer = c.replicatesInto(region, accountId);
      if (answer === true) return;
      if (answer === undefined) unknown = true;
    }
    if (unknown) return;
    const prefixes = this.templates.filter((t) => t.appliedFor.includes(CreationTemplateAppliedFor.REPLICATION)).map((t) => t.prefix);
    Annotations.of(this).addWarning(
      `creationTemplates with REPLICATION (prefix ${prefixes.map((p) => JSON.stringify(p)).join(', ')}) are in ${region}${accountId ? ` of account ${accountId}` : ''}, ` +
        'but no EcrRegistry in this app replicates into that Region and account: ECR applies the templates of the destination registry, ' +
        'so put the template in an EcrRegistry of the destination Region (and account); ignore this if the replication source is managed outside this app',
    );
  }

  private callerIdentity(): DataAwsCallerIdentity {
    this.identity ??= new DataAwsCallerIdentity(this, 'Account', { provider: this.provider });
    return this.identity;
  }

  private regionLookup(): DataAwsRegion {
    this.regionData ??= new DataAwsRegion(this, 'Region', { provider: this.provider });
    return this.regionData;
  }

  private partitionLookup(): DataAwsPartition {
    this.partitionData ??= new DataAwsPartition(this, 'Partition', { provider: this.provider });
    return this.partitionData;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning: checks and the scan-on-push override warning

function checkScanning(s: EcrScanningOptions): Violations {
  const v = new Violations();
  if (!Object.values(EcrScanType).includes(s.scanType)) v.add('scanType', 'is not a scan type', s.scanType, 'EcrScanType.BASIC or EcrScanType.ENHANCED');
  const rules = s.rules ?? [];
  if (rules.length > MAX_SCANNING_RULES) v.add('rules', `has ${rules.length} rules`, rules.length, `at most ${MAX_SCANNING_RULES} scanning rules`);
  const allowed = s.scanType === EcrScanType.ENHANCED ? [EcrScanFrequency.SCAN_ON_PUSH, EcrScanFrequency.CONTINUOUS_SCAN] : [EcrScanFrequency.SCAN_ON_PUSH];
  const frequencies = new Set<string>();
  rules.forEach((r, i) => {
    const p = `rules[${i}]`;
    if (!allowed.includes(r.frequency)) {
      const why = r.frequency === EcrScanFrequency.MANUAL ? ' (MANUAL is what repositories matching no rule get)' : '';
      v.add(`${p}.frequency`, `is not valid for ${s.scanType} scanning${why}`, r.frequency, `one of ${allowed.join(', ')}`);
    }
    if (frequencies.has(r.frequency)) v.add(`${p}.frequency`, 'repeats the frequency of another rule', r.frequency, 'one rule per frequency: put all its filters in that rule');
    frequencies.add(r.frequency);
    const filters = r.repositoryFilters ?? [];
    if (filters.length === 0) v.add(`${p}.repositoryFilters`, 'is empty', filters, 'at least one filter, e.g. "*" for every repository');
    if (filters.length > 100) v.add(`${p}.repositoryFilters`, `has ${filters.length} filters`, filters.length, 'at most 100 filters per rule');
    filters.forEach((f, j) => {
      if (typeof f !== 'string') v.add(`${p}.repositoryFilters[${j}]`, 'must be a string', f, 'a wildcard filter such as "prod-*"');
      else if (!isUnresolved(f)) {
        checkLowercaseName(v, `${p}.repositoryFilters[${j}]`, f, { min: 1, max: 256, shape: SCAN_FILTER, what: 'scanning filter', allowed: 'characters of [a-z0-9._/-] and "*", starting and ending with a letter, digit or "*"' });
      }
    });
  });
  return v;
}


/** The frequency registry-level scanning gives a repository, or undefined when it is not scanned automatically. */
export function effectiveScanFrequency(scanning: EcrScanningOptions, repositoryName: string): EcrScanFrequency | undefined {
  const matching = (scanning.rules ?? []).filter((r) => r.repositoryFilters.some((f) => ecrScanFilterMatches(f, repositoryName)));
  // ECR enforces continuous scanning over scan on push when both match.
  if (matching.some((r) => r.frequency === EcrScanFrequency.CONTINUOUS_SCAN)) return EcrScanFrequency.CONTINUOUS_SCAN;
  if (matching.some((r) => r.frequency === EcrScanFrequency.SCAN_ON_PUSH)) return EcrScanFrequency.SCAN_ON_PUSH;
  return undefined;
}

/** An aspect that runs `check` once, when it visits `target`. */
function onceFor(target: IConstruct, check: () => void): IAspect {
  let done = false;
  return {
    visit(node: IConstruct): void {
      if (node !== target || done) return;
      done = true;
      check();
    },
  };
}

/** Runs a registry's synth-time checks when the app skips validation, and throws what they find. */
class LateChecksDespiteSkipValidation implements IAspect {
  private done = false;

  constructor(
    private readonly registry: EcrRegistry,
    private readonly check: () => string[],
  ) {}

  public visit(node: IConstruct): void {
    if (node !== this.registry || this.done) return;
    this.done = true;
    const root = this.registry.node.root;
    if (!(root instanceof App) || !root.skipValidation) return;
    const errors = this.check();
    if (errors.length > 0) throw new Error(errors.join('\n'));
  }
}

/** The singleton key a repository's registry would have (its provider and Region). */
function repositoryRegistryKey(r: TerraformResource & { regionInput?: string }, stack: TerraformStack): string {
  const provider = r.provider ?? defaultAwsProvider(stack);
  const providerName = provider ? provider.node.path : `${stack.node.path} (default AWS provider)`;
  const region = r.regionInput ?? literalProviderRegion(provider);
  return `${providerName}, Region ${region ?? "(the provider's)"}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Runs `fn`, reporting its validation errors at `path` (the construct or method the user called), properties prefixed. */
function reportedAs<T>(path: string, prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(path, e.violations.map((x) => ({ ...x, property: `${prefix}${x.property}` })));
  }
}

function checkReplicationFilter(v: Violations, property: string, filter: unknown): void {
  if (typeof filter !== 'string') {
    v.add(property, 'must be a string', filter, 'a repository name prefix such as "prod/"');
    return;
  }
  if (isUnresolved(filter)) return;
  checkLowercaseName(v, property, filter, { min: 2, max: 256, shape: REPLICATION_FILTER, what: 'repository prefix', allowed: 'lowercase letters and digits, ".", "_", "-", and "/" after a segment, e.g. "shop/" or "team-a" (no wildcards: it is a prefix)' });
}

function checkRegistryStatement(s: IamStatement): Violations {
  const v = new Violations();
  if (!s.actions || s.actions.length === 0) v.add('actions', 'is empty', s.actions, 'ECR actions such as "ecr:ReplicateImage"');
  const bad = (s.actions ?? []).filter((a) => typeof a !== 'string' || !/^ecr:[A-Za-z*]+$/.test(a));
  if (bad.length > 0) v.add('actions', 'includes something that is not an ECR action', bad, 'ecr:<Action> names (a registry policy governs ECR actions only)');
  if (s.principal === undefined) v.add('principal', 'is missing', undefined, 'a principal, e.g. AwsPrincipal.account("123456789012").policyPrincipal()');
  v.addAll('', checkNotPublic(s, 'principal').items);
  if (s.effect !== undefined && s.effect !== 'Allow' && s.effect !== 'Deny') v.add('effect', 'is not an effect', s.effect, '"Allow" or "Deny"');
  if (s.sid !== undefined && !/^[A-Za-z0-9]{1,100}$/.test(s.sid)) v.add('sid', 'is not a valid statement id', s.sid, 'letters and digits only');
  try {
    renderStatement(s);
  } catch {
    v.add('', 'cannot be rendered as IAM JSON', s, 'a statement of strings and string lists');
  }
  return v;
}

function defaultAwsProvider(stack: TerraformStack): TerraformProvider | undefined {
  return stack.node.findAll().find((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === 'aws' && !c.alias);
}

function literalProviderRegion(provider: TerraformProvider | undefined): string | undefined {
  const region = (provider as (TerraformProvider & { regionInput?: string }) | undefined)?.regionInput;
  return typeof region === 'string' && !isUnresolved(region) ? region : undefined;
}
