/** AcrRegistry: an Azure Container Registry with Premium gates, replicas, CMK, network rules, a purge task, grants and imports. */

import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { DataAzurermContainerRegistry } from '@cdktf/provider-azurerm/lib/data-azurerm-container-registry';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Annotations, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { RegistryEndpoint } from '../core/endpoint';
import { ValidationError, Violations } from '../core/errors';
import { compileToAcr } from '../core/retention/acr/compile';
import { AcrPurgeCommand } from '../core/retention/acr/grammar';
import { DOCKER_TAG, IMAGE_DIGEST } from '../core/retention/patterns';
import { RetentionPolicy } from '../core/retention/policy';
import { isUnresolved } from '../core/tokens';
import { AcrCiIdentity } from './acr-ci-identity';
import { AcrPullThroughCache, AcrPullThroughCacheOptions } from './acr-pull-through-cache';
import { ACR_CLI_IMAGE, AcrPurgeScheduleOptions, AcrPurgeTask, checkPurgeSchedule } from './acr-purge-task';
import { AcrToken, AcrTokenOptions } from './acr-token';
import { grantKeyVaultAccess, KeyVaultAccess, KeyVaultGrantKind, roleDefinitionIdAt } from './key-vault-access';
import { AzurePrincipal, AzurePrincipalType, IAcrGrantee, isGuid } from './principal';
import { AcrRole } from './roles';

/** The registry's service tier. Premium-only features are refused at synth on a lower tier. */
export enum AcrSku {
  /** Basic: tasks, tokens, cache rules; no replicas, network rules or private endpoints. */
  BASIC = 'Basic',
  /** Standard: Basic plus anonymous pull and more storage and throughput. */
  STANDARD = 'Standard',
  /** Premium: replicas, zone redundancy, network rules, private endpoints, CMK, untagged retention, data endpoints. */
  PREMIUM = 'Premium',
}

/** What a network rule set does with traffic no rule allows. */
export enum AcrNetworkDefaultAction {
  /** Allow all networks (rules are then meaningless). */
  ALLOW = 'Allow',
  /** Deny every network the rules do not allow. */
  DENY = 'Deny',
}

/** Where the registry's resource group comes from. */
export class AcrResourceGroup {
  /** A resource group that already exists, by name. */
  public static existing(name: string): AcrResourceGroup {
    return new AcrResourceGroup(name, false, undefined);
  }

  /** A resource group created with the registry, in the registry's location. */
  public static create(name: string, tags?: { [key: string]: string }): AcrResourceGroup {
    return new AcrResourceGroup(name, true, tags);
  }

  /** The resource group name. */
  public readonly name: string;
  /** Whether the construct creates it. */
  public readonly created: boolean;
  /** Tags of a created resource group. */
  public readonly tags?: { [key: string]: string };

  private constructor(name: string, created: boolean, tags: { [key: string]: string } | undefined) {
    this.name = name;
    this.created = created;
    this.tags = tags;
  }
}

/** One geo-replica (Premium). */
export interface AcrGeoreplication {
  /** The Azure region, e.g. `northeurope`; must differ from the registry's own location. */
  readonly location: string;
  /**
   * Make the replica zone redundant (changing it recreates the replica).
   * @default true
   */
  readonly zoneRedundancy?: boolean;
  /**
   * Give the replica its own regional endpoint.
   * @default false
   */
  readonly regionalEndpointEnabled?: boolean;
  /**
   * Tags of the replica.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** The registry's IP firewall (Premium). */
export interface AcrNetworkRules {
  /**
   * What happens to traffic no rule allows.
   * @default AcrNetworkDefaultAction.DENY
   */
  readonly defaultAction?: AcrNetworkDefaultAction;
  /**
   * Public IPv4 addresses or CIDR ranges allowed in (at most 200).
   * @default - none
   */
  readonly allowedIpRanges?: string[];
  /**
   * Let trusted Azure services (e.g. Defender scanning) through (`network_rule_bypass_option = AzureServices`).
   * @default true
   */
  readonly allowTrustedAzureServices?: boolean;
}

/** A private endpoint for the registry (Premium). */
export interface AcrPrivateEndpointOptions {
  /** The subnet's resource id. */
  readonly subnetId: string;
  /**
   * Private DNS zones (normally one `privatelink.azurecr.io` zone linked to the VNet) to register the registry's
   * and its data endpoints' records in.
   * @default - no DNS zone group: resolve `<name>.azurecr.io` and `<name>.<region>.data.azurecr.io` yourself
   */
  readonly privateDnsZoneIds?: string[];
  /**
   * The endpoint's location.
   * @default - the registry's location
   */
  readonly location?: string;
}

/** A user-assigned managed identity, by its ids. */
export interface AcrUserAssignedIdentity {
  /** The identity's resource id. */
  readonly id: string;
  /** The client (application) id. */
  readonly clientId: string;
  /** The principal (object) id. */
  readonly principalId: string;
}

/** Encryption at rest with a customer-managed key (Premium; fixed at creation). */
export interface AcrCustomerManagedKey {
  /** The Key Vault key id (versionless to follow rotations). */
  readonly keyVaultKeyId: string;
  /** The user-assigned identity the registry reads the key with; it is attached to the registry. */
  readonly identity: AcrUserAssignedIdentity;
  /**
   * How the identity gets Get/WrapKey/UnwrapKey on the key.
   * @default - no grant here: give the identity access to the key yourself before the registry is created
   */
  readonly keyVaultAccess?: KeyVaultAccess;
}

/** Options of a role grant. */
export interface AcrGrantOptions {
  /**
   * An ABAC condition (version 2.0), e.g. one limiting a Repository role to some repositories.
   * @default - none
   */
  readonly condition?: string;
  /**
   * A description stored on the role assignment.
   * @default - the role and the registry
   */
  readonly description?: string;
}

/** Properties of an AcrRegistry. */
export interface AcrRegistryProps {
  /** The registry name: 5-50 letters and digits, globally unique across Azure (the login server is `<name>.azurecr.io`). */
  readonly registryName: string;
  /** The Azure region, e.g. `westeurope`. */
  readonly location: string;
  /** The resource group: an existing one by name, or one created here. */
  readonly resourceGroup: AcrResourceGroup;
  /**
   * The service tier. Premium is the default because the features a locked-down registry needs (network rules,
   * private endpoints, CMK, replicas) need it; choose Basic or Standard for cost and get an error for any of them.
   * @default AcrSku.PREMIUM
   */
  readonly sku?: AcrSku;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * Enable the admin user (one shared user name and password). Use Entra grants or tokens instead.
   * @default false
   */
  readonly adminEnabled?: boolean;
  /**
   * Allow unauthenticated pulls (Standard or Premium).
   * @default false
   */
  readonly anonymousPullEnabled?: boolean;
  /**
   * Allow public network access. `false` needs Premium; reach the registry through a private endpoint then.
   * @default true
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /**
   * Allow images to be exported (imported into other registries, `az acr pipeline`). `false` needs Premium and
   * public network access off (Azure's data-exfiltration control).
   * @default true - Azure's default
   */
  readonly exportPolicyEnabled?: boolean;
  /**
   * Set the registry's zone-redundancy flag (Premium; fixed at creation). On Premium it is on by default, as in
   * Azure's verified module, so the setting is explicit in state; on Basic and Standard the provider refuses the
   * flag, and Azure makes registries in regions with availability zones zone redundant anyway. Set `false` in a
   * region without availability zones.
   * @default - true on Premium, false otherwise
   */
  readonly zoneRedundancyEnabled?: boolean;
  /**
   * Geo-replicas (Premium), one per location; rendered sorted by location, the order the provider reads back.
   * @default - none
   */
  readonly georeplications?: AcrGeoreplication[];
  /**
   * The IP firewall (Premium).
   * @default - no network rules
   */
  readonly networkRules?: AcrNetworkRules;
  /**
   * A private endpoint in a subnet (Premium).
   * @default - none
   */
  readonly privateEndpoint?: AcrPrivateEndpointOptions;
  /**
   * Encrypt with a customer-managed key (Premium).
   * @default - Microsoft-managed keys
   */
  readonly customerManagedKey?: AcrCustomerManagedKey;
  /**
   * Dedicated data endpoints `<name>.<region>.data.azurecr.io` (Premium), so firewalls need not allow all of
   * `*.blob.core.windows.net`.
   * @default false
   */
  readonly dataEndpointEnabled?: boolean;
  /**
   * Quarantine pushed images until a scanner releases them (Premium).
   * @default false
   */
  readonly quarantinePolicyEnabled?: boolean;
  /**
   * Docker Content Trust (Premium). Deprecated by Azure (removed 2028-03-31); sign with Notation instead.
   * @default false
   */
  readonly trustPolicyEnabled?: boolean;
  /**
   * A cloud-neutral retention policy, compiled by `AcrRetention` to a purge task (and, only where the compiler needs
   * it, the untagged retention policy). Not together with `purgeCommands`.
   * @default - no purge
   */
  readonly retentionPolicy?: RetentionPolicy;
  /**
   * Accept the ACR compiler's documented approximations (tag-level purges); each one is a synth warning.
   * @default false
   */
  readonly allowRetentionApproximations?: boolean;
  /**
   * `acr purge` commands in ACR's own terms, run by the purge task. Not together with `retentionPolicy`.
   * @default - no purge
   */
  readonly purgeCommands?: AcrPurgeCommand[];
  /**
   * The native untagged-manifest retention policy in days (Premium, 0-365): a manifest is deleted this many days after
   * it loses its last tag, registry-wide, if that happens after the policy is on.
   * @default - off (unless a retentionPolicy needs it)
   */
  readonly untaggedRetentionDays?: number;
  /**
   * When and how the purge task runs.
   * @default - nightly at 03:00 UTC, deleting, pinned acr-cli image, 3600-second steps
   */
  readonly purgeSchedule?: AcrPurgeScheduleOptions;
  /**
   * The registry is (or will be) in ABAC repository-permission mode, which azurerm 4.55 cannot set (use azapi or
   * azurerm ≥ 4.81): grants then use the Container Registry Repository roles (the Acr* roles are ignored in that
   * mode) and the purge task gets a system-assigned identity with Repository Contributor and Catalog Lister.
   * @default false
   */
  readonly abacRepositoryPermissions?: boolean;
  /**
   * The azurerm provider to create the resources with.
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/** What any registry, created here or imported, offers. */
export interface IAcrRegistry {
  /** The registry name. */
  readonly registryName: string;
  /** The registry's resource id. */
  readonly registryId: string;
  /** The login server, `<name>.azurecr.io`. */
  readonly loginServer: string;
  /** The resource group name. */
  readonly resourceGroupName: string;
  /** Where the images live and how Docker authenticates there (helper `acr-env`, `az acr login`). */
  readonly endpoint: RegistryEndpoint;
  /** The image reference for a tag: `<login server>/<repository>:<tag>`. */
  imageUriForTag(repository: string, tag: string): string;
  /** The image reference for a digest: `<login server>/<repository>@sha256:…`. */
  imageUriForDigest(repository: string, digest: string): string;
  /** Assigns `role` on the registry to the grantee (`azurerm_role_assignment`, by role definition id). */
  grant(grantee: IAcrGrantee, role: AcrRole, options?: AcrGrantOptions): RoleAssignment;
  /** Grants pulling (AcrPull; Repository Reader in ABAC mode). */
  grantPull(grantee: IAcrGrantee): RoleAssignment;
  /** Grants pulling and pushing (AcrPush; Repository Writer in ABAC mode). */
  grantPush(grantee: IAcrGrantee): RoleAssignment;
  /** Grants deleting images (AcrDelete; Repository Contributor in ABAC mode). */
  grantDelete(grantee: IAcrGrantee): RoleAssignment;
  /** Grants signing with Docker Content Trust (AcrImageSigner). */
  grantSign(grantee: IAcrGrantee): RoleAssignment;
  /** Grants managing the registry (Contributor: settings and, in legacy mode, all data; not role assignments). */
  grantAdmin(grantee: IAcrGrantee): RoleAssignment;
  /** Adds a repository-scoped token for clients outside Entra. */
  addToken(id: string, options: AcrTokenOptions): AcrToken;
  /** Adds cache rules for one upstream. */
  addPullThroughCache(id: string, options: AcrPullThroughCacheOptions): AcrPullThroughCache;
}

const LOCATION = /^[a-z0-9]+$/;
const REGISTRY_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([A-Za-z0-9]{5,50})$/i;
const IPV4_RANGE = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/;
const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** Checks a registry name; tokens are not checked. */
export function validateRegistryName(v: Violations, name: unknown, property: string = 'registryName'): void {
  if (typeof name !== 'string') {
    v.add(property, 'must be a string', name, '5-50 letters and digits, globally unique');
    return;
  }
  if (isUnresolved(name)) return;
  if (name.length < 5 || name.length > 50) v.add(property, `must be 5-50 characters long, not ${name.length}`, name, '5-50 letters and digits, globally unique');
  const bad = [...new Set([...name].filter((c) => !/[A-Za-z0-9]/.test(c)))];
  if (bad.length > 0) v.add(property, `contains characters ACR does not allow (${bad.map((c) => JSON.stringify(c)).join(', ')})`, name, 'letters and digits only (no hyphens), globally unique');
}

function validateTags(v: Violations, tags: { [key: string]: string } | undefined, property: string): void {
  if (!tags) return;
  const keys = Object.keys(tags);
  if (keys.length > 50) v.add(property, `has ${keys.length} tags`, keys.length, 'at most 50 tags per resource');
  for (const key of keys) {
    if (isUnresolved(key)) continue;
    const p = `${property}["${key}"]`;
    if (key.length < 1 || key.length > 512) v.add(p, `has a key of ${key.length} characters`, key, 'keys of 1-512 characters');
    if (/[<>%&\\?/]/.test(key)) v.add(p, 'has a key with a character Azure does not allow in tag names', key, 'no <, >, %, &, \\, ? or /');
    const value = tags[key];
    if (typeof value !== 'string') v.add(p, 'must be a string', value, 'a string of up to 256 characters');
    else if (!isUnresolved(value) && value.length > 256) v.add(p, `has a value of ${value.length} characters`, value, 'values of up to 256 characters');
  }
}

/** Parts shared by created and imported registries: URIs, the endpoint and grants. */
abstract class AcrRegistryBase extends Construct implements IAcrRegistry {
  public abstract readonly registryName: string;
  /** The name as written (registryName may be a token that carries the dependency on the registry). */
  protected abstract readonly nameAsWritten: string;
  public abstract readonly registryId: string;
  public abstract readonly loginServer: string;
  public abstract readonly resourceGroupName: string;
  /** Whether grants use the ABAC Repository roles. */
  protected abstract readonly abac: boolean;
  protected abstract readonly provider?: TerraformProvider;
  private readonly grants = new Map<string, RoleAssignment>();
  private readonly grantConditions = new Map<string, string>();

  /** Where the images live and how Docker authenticates there (helper `acr-env`, `az acr login`). */
  public get endpoint(): RegistryEndpoint {
    return RegistryEndpoint.acr(this.nameAsWritten, this.loginServer);
  }

  /** The image reference for a tag: `<login server>/<repository>:<tag>`. */
  public imageUriForTag(repository: string, tag: string): string {
    const v = new Violations();
    checkRepository(v, repository);
    if (!isUnresolved(tag) && !DOCKER_TAG.test(tag)) v.add('tag', 'is not a valid image tag', tag, '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}');
    v.throwIfAny(this.node.path);
    return `${this.loginServer}/${repository}:${tag}`;
  }

  /** The image reference for a digest: `<login server>/<repository>@sha256:…`. */
  public imageUriForDigest(repository: string, digest: string): string {
    const v = new Violations();
    checkRepository(v, repository);
    if (!isUnresolved(digest) && !IMAGE_DIGEST.test(digest)) v.add('digest', 'is not an image digest', digest, 'an algorithm and hex, e.g. "sha256:3f2a…"');
    v.throwIfAny(this.node.path);
    return `${this.loginServer}/${repository}@${digest}`;
  }

  /**
   * Assigns `role` on the registry to the grantee through `azurerm_role_assignment` with the role definition id
   * (no look-up at plan time) and the principal type. The same role to the same principal is assigned once.
   */
  public grant(grantee: IAcrGrantee, role: AcrRole, options: AcrGrantOptions = {}): RoleAssignment {
    if (grantee instanceof AcrCiIdentity) grantee.checkRole(role, this.node.path);
    const principal = grantee.grantPrincipal;
    const v = principal.validate('grantee');
    if (!isUnresolved(role.guid) && !isGuid(role.guid)) v.add('role', 'has a role definition id that is not a GUID', role.guid, 'a role definition GUID, e.g. AcrRole.ACR_PULL');
    v.throwIfAny(this.node.path);
    // Azure allows one assignment of a role to a principal at a scope, whatever its condition.
    const key = `${principal.key}|${role.guid}`;
    const existing = this.grants.get(key);
    if (existing) {
      if ((this.grantConditions.get(key) ?? '') === (options.condition ?? '')) return existing;
      throw new ValidationError(this.node.path, [
        {
          property: 'condition',
          problem: `differs from the condition of the ${role.name} assignment this principal already has on the registry (Azure allows one per principal, role and scope)`,
          value: options.condition,
          allowed: 'one grant per role and principal: combine the conditions with OR, or use another role',
        },
      ]);
    }
    this.grantConditions.set(key, options.condition ?? '');
    const assignment = new RoleAssignment(this, `Grant${this.grants.size + 1}`, {
      scope: this.registryId,
      roleDefinitionId: roleDefinitionIdAt(this.registryId, role.guid),
      principalId: principal.principalId,
      principalType: principal.principalType,
      // A managed identity made in the same apply is not yet replicated in Entra; the type is known, so skip the check.
      skipServicePrincipalAadCheck: principal.principalType === AzurePrincipalType.SERVICE_PRINCIPAL ? true : undefined,
      condition: options.condition,
      conditionVersion: options.condition === undefined ? undefined : '2.0',
      description: options.description ?? `${role.name} on ${isUnresolved(this.nameAsWritten) ? 'the registry' : this.nameAsWritten}`,
      provider: this.provider,
    });
    this.grants.set(key, assignment);
    return assignment;
  }

  /** Grants pulling (AcrPull; Repository Reader in ABAC mode). */
  public grantPull(grantee: IAcrGrantee): RoleAssignment {
    return this.grant(grantee, this.abac ? AcrRole.REPOSITORY_READER : AcrRole.ACR_PULL);
  }

  /** Grants pulling and pushing (AcrPush; Repository Writer in ABAC mode). */
  public grantPush(grantee: IAcrGrantee): RoleAssignment {
    return this.grant(grantee, this.abac ? AcrRole.REPOSITORY_WRITER : AcrRole.ACR_PUSH);
  }

  /** Grants deleting images (AcrDelete; Repository Contributor in ABAC mode). */
  public grantDelete(grantee: IAcrGrantee): RoleAssignment {
    return this.grant(grantee, this.abac ? AcrRole.REPOSITORY_CONTRIBUTOR : AcrRole.ACR_DELETE);
  }

  /** Grants signing with Docker Content Trust (AcrImageSigner; DCT is deprecated by Azure). */
  public grantSign(grantee: IAcrGrantee): RoleAssignment {
    return this.grant(grantee, AcrRole.ACR_IMAGE_SIGNER);
  }

  /** Grants managing the registry (Contributor: settings and, in legacy mode, all data; not role assignments). */
  public grantAdmin(grantee: IAcrGrantee): RoleAssignment {
    return this.grant(grantee, AcrRole.CONTRIBUTOR);
  }

  /** The role assignments made so far. */
  public get roleAssignments(): RoleAssignment[] {
    return [...this.grants.values()];
  }

  /** Adds a repository-scoped token (scope map, token, passwords as sensitive outputs) for clients outside Entra. */
  public addToken(id: string, options: AcrTokenOptions): AcrToken {
    return new AcrToken(this, id, { ...options, registry: this });
  }

  /** Adds cache rules for one upstream, with a credential set whose secrets live in Key Vault. */
  public addPullThroughCache(id: string, options: AcrPullThroughCacheOptions): AcrPullThroughCache {
    return new AcrPullThroughCache(this, id, { ...options, registry: this });
  }
}

// One policy object is often shared by many registries: compile it once per approximation setting (policies are immutable).
const compiledPolicies = new WeakMap<RetentionPolicy, Map<boolean, ReturnType<typeof compileToAcr>>>();

function compileOnce(policy: RetentionPolicy, allowApproximations: boolean): ReturnType<typeof compileToAcr> {
  let byOption = compiledPolicies.get(policy);
  if (!byOption) compiledPolicies.set(policy, (byOption = new Map()));
  let result = byOption.get(allowApproximations);
  if (!result) byOption.set(allowApproximations, (result = compileToAcr(policy, { allowApproximations })));
  return result;
}

/** True when `image` is an acr-cli image whose tag is version 0.`minor` or later. */
function acrCliAtLeast(image: string, minor: number): boolean {
  const m = /\/acr\/acr-cli:v?(\d+)\.(\d+)/.exec(image);
  return m !== null && (Number(m[1]) > 0 || Number(m[2]) >= minor);
}

/** True when `image` is an acr-cli image whose tag is version 0.18 or later (which has `--untagged-only`). */
function supportsUntaggedOnly(image: string): boolean {
  return acrCliAtLeast(image, 18);
}

/** True when `image` is an acr-cli image of 0.19 or later, the first to purge ABAC-mode registries (Azure/acr-cli#577). */
function supportsAbac(image: string): boolean {
  return acrCliAtLeast(image, 19);
}

function checkRepository(v: Violations, repository: string): void {
  if (typeof repository !== 'string' || (!isUnresolved(repository) && (repository.length > 256 || !REPOSITORY.test(repository)))) {
    v.add('repository', 'is not a repository name', repository, 'lowercase path segments such as "team/app" (letters, digits, ".", "_", "-")');
  }
}

/** The Premium-only settings of `props` that are set, each with its error. */
function premiumFeatures(props: AcrRegistryProps, untaggedDays: number | undefined): [string, unknown, string][] {
  const out: [string, unknown, string][] = [];
  if (props.georeplications && props.georeplications.length > 0) out.push(['georeplications', props.georeplications.map((g) => g.location), 'geo-replication']);
  if (untaggedDays !== undefined) out.push([props.untaggedRetentionDays !== undefined ? 'untaggedRetentionDays' : 'retentionPolicy', untaggedDays, 'the untagged-manifest retention policy']);
  if (props.trustPolicyEnabled) out.push(['trustPolicyEnabled', true, 'the trust policy (Docker Content Trust)']);
  if (props.quarantinePolicyEnabled) out.push(['quarantinePolicyEnabled', true, 'the quarantine policy']);
  if (props.zoneRedundancyEnabled) out.push(['zoneRedundancyEnabled', true, 'zone redundancy']);
  if (props.networkRules) out.push(['networkRules', props.networkRules, 'network rules']);
  if (props.publicNetworkAccessEnabled === false) out.push(['publicNetworkAccessEnabled', false, 'turning public network access off']);
  if (props.exportPolicyEnabled === false) out.push(['exportPolicyEnabled', false, 'turning the export policy off']);
  if (props.customerManagedKey) out.push(['customerManagedKey', props.customerManagedKey.keyVaultKeyId, 'encryption with a customer-managed key']);
  if (props.dataEndpointEnabled) out.push(['dataEndpointEnabled', true, 'dedicated data endpoints']);
  if (props.privateEndpoint) out.push(['privateEndpoint', props.privateEndpoint.subnetId, 'private endpoints']);
  return out;
}

/**
 * An Azure Container Registry with safe defaults: admin user off, anonymous pull off, export policy as Azure's
 * default, zone redundancy on Premium. Premium-only settings are refused at synth on a lower SKU. Creates
 * `azurerm_container_registry` and, as configured, the resource group, a private endpoint, a CMK grant, a purge task
 * and role assignments.
 */
export class AcrRegistry extends AcrRegistryBase {
  /** An existing registry by name and resource group (`data "azurerm_container_registry"`, so it must exist at plan time). */
  public static fromRegistryName(scope: Construct, id: string, registryName: string, resourceGroupName: string, provider?: TerraformProvider): IAcrRegistry {
    return new ImportedAcrRegistry(scope, id, { registryName, resourceGroupName, provider });
  }

  /** An existing registry by resource id (`/subscriptions/…/providers/Microsoft.ContainerRegistry/registries/<name>`); no look-up. */
  public static fromRegistryId(scope: Construct, id: string, registryId: string, provider?: TerraformProvider): IAcrRegistry {
    return new ImportedAcrRegistry(scope, id, { registryId, provider });
  }

  /** The service tier. */
  public readonly sku: AcrSku;
  /** The resource group name. */
  public readonly resourceGroupName: string;
  /** The `azurerm_container_registry` resource (escape hatch). */
  public readonly resource: ContainerRegistry;
  /** The `azurerm_resource_group`, when created here. */
  public readonly resourceGroupResource?: ResourceGroup;
  /** The `azurerm_private_endpoint`, when configured. */
  public readonly privateEndpointResource?: PrivateEndpoint;
  /** The purge task, when a retention policy or purge commands are given. */
  public readonly purgeTask?: AcrPurgeTask;
  /** The untagged retention days in force (from `untaggedRetentionDays` or the compiled retention policy). */
  public readonly untaggedRetentionDays?: number;
  protected readonly abac: boolean;
  protected readonly provider?: TerraformProvider;
  protected readonly nameAsWritten: string;
  private idToken?: string;
  private nameToken?: string;

  constructor(scope: Construct, id: string, props: AcrRegistryProps) {
    super(scope, id);
    const v = new Violations();
    validateRegistryName(v, props.registryName);
    const sku = props.sku ?? AcrSku.PREMIUM;
    if (!Object.values(AcrSku).includes(sku)) v.add('sku', 'is not a known SKU', sku, 'AcrSku.BASIC, STANDARD or PREMIUM');
    if (typeof props.location !== 'string' || (!isUnresolved(props.location) && !LOCATION.test(props.location))) {
      v.add('location', 'is not an Azure region name', props.location, 'a region name such as "westeurope" (lowercase, no spaces)');
    }
    if (!(props.resourceGroup instanceof AcrResourceGroup)) v.add('resourceGroup', 'is not an AcrResourceGroup', props.resourceGroup, 'AcrResourceGroup.existing(name) or AcrResourceGroup.create(name)');
    else if (!isUnresolved(props.resourceGroup.name) && !/^[-\w._()]{1,90}$/.test(props.resourceGroup.name.normalize()) ) {
      v.add('resourceGroup', `has a name that is not a resource group name (${props.resourceGroup.name.length} characters)`, props.resourceGroup.name, '1-90 letters, digits, "-", "_", ".", "(" and ")"');
    } else if (props.resourceGroup.name.endsWith('.')) {
      v.add('resourceGroup', 'has a name ending in "."', props.resourceGroup.name, 'a name not ending in a period');
    }
    validateTags(v, props.tags, 'tags');
    if (props.resourceGroup instanceof AcrResourceGroup) validateTags(v, props.resourceGroup.tags, 'resourceGroup.tags');

    // Purge and retention.
    if (props.retentionPolicy && props.purgeCommands) {
      v.add('purgeCommands', 'cannot be combined with retentionPolicy', '(both given)', 'give either a neutral retentionPolicy or acr purge commands');
    }
    if (props.untaggedRetentionDays !== undefined) {
      const d = props.untaggedRetentionDays;
      if (!Number.isInteger(d) || d < 0 || d > 365) v.add('untaggedRetentionDays', 'must be a whole number of days from 0 to 365', d, 'the range of retention_policy_in_days');
    }
    let commands: AcrPurgeCommand[] | undefined = props.purgeCommands ? [...props.purgeCommands] : undefined;
    let untaggedDays = props.untaggedRetentionDays;
    const warnings: string[] = [];
    if (props.retentionPolicy && !props.purgeCommands) {
      try {
        const compiled = compileOnce(props.retentionPolicy, props.allowRetentionApproximations ?? false);
        commands = compiled.purgeCommands.length > 0 ? compiled.purgeCommands : undefined;
        if (!commands && compiled.untaggedRetentionDays === undefined) {
          warnings.push('retentionPolicy: nothing in the policy removes images (protect rules alone keep everything), so no purge task is created');
        }
        // The compiler's acr-cli version warning is moot when the task runs a pinned image of 0.18 or later.
        const pinned = supportsUntaggedOnly(props.purgeSchedule?.image ?? ACR_CLI_IMAGE);
        warnings.push(...compiled.warnings.filter((w) => !(pinned && w.startsWith('acr purge --untagged-only needs acr-cli 0.18'))).map((w) => `retentionPolicy: ${w}`));
        if (compiled.untaggedRetentionDays !== undefined) {
          if (untaggedDays !== undefined && untaggedDays !== compiled.untaggedRetentionDays) {
            v.add('untaggedRetentionDays', `conflicts with the ${compiled.untaggedRetentionDays} days the retentionPolicy needs`, untaggedDays, `${compiled.untaggedRetentionDays}, or leave it unset`);
          }
          untaggedDays = compiled.untaggedRetentionDays;
        }
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        v.addAll('retentionPolicy', e.violations);
      }
    }
    if (props.purgeCommands && props.purgeCommands.length === 0) v.add('purgeCommands', 'must not be empty', [], 'at least one AcrPurgeCommand, or leave purgeCommands unset');
    (props.purgeCommands ?? []).forEach((c, i) => {
      if (!(c instanceof AcrPurgeCommand)) v.add(`purgeCommands[${i}]`, 'is not an AcrPurgeCommand', c, 'AcrPurgeCommand.of({...})');
    });
    if (props.purgeSchedule) {
      checkPurgeSchedule(v, props.purgeSchedule, commands?.length ?? 1, 'purgeSchedule.');
      const image = props.purgeSchedule.image;
      if (props.abacRepositoryPermissions && typeof image === 'string' && /\/acr\/acr-cli:v?\d+\.\d+/.test(image) && !supportsAbac(image)) {
        v.add(
          'purgeSchedule.image',
          'cannot purge an ABAC-mode registry: acr-cli before 0.19 asks for the registry-wide "repository:*:*" token scope, which ABAC registries refuse (Azure/acr-cli#501)',
          image,
          `${ACR_CLI_IMAGE} or later, or leave image unset`,
        );
      }
      if (!commands && !props.retentionPolicy) v.add('purgeSchedule', 'has nothing to run', props.purgeSchedule, 'give a retentionPolicy or purgeCommands with it, or drop purgeSchedule');
    }

    // Premium gates: every one at once, each naming the feature and the SKU it needs.
    if (sku !== AcrSku.PREMIUM && Object.values(AcrSku).includes(sku)) {
      for (const [property, value, feature] of premiumFeatures(props, untaggedDays)) {
        v.add(property, `needs the Premium SKU: ${feature} is Premium-only, and this registry is ${sku}`, value, 'sku: AcrSku.PREMIUM, or drop the setting');
      }
    }
    if (sku === AcrSku.BASIC && props.anonymousPullEnabled) {
      v.add('anonymousPullEnabled', 'needs the Standard or Premium SKU: anonymous pull is not available on Basic', true, 'sku: AcrSku.STANDARD or PREMIUM, or drop the setting');
    }
    if (props.exportPolicyEnabled === false && props.publicNetworkAccessEnabled !== false) {
      v.add('exportPolicyEnabled', 'can only be false with publicNetworkAccessEnabled false', false, 'set publicNetworkAccessEnabled: false too (Azure refuses it otherwise)');
    }
    const location = props.location;
    const seen = new Set<string>();
    (props.georeplications ?? []).forEach((g, i) => {
      if (typeof g.location !== 'string' || (!isUnresolved(g.location) && !LOCATION.test(g.location))) v.add(`georeplications[${i}].location`, 'is not an Azure region name', g.location, 'a region name such as "northeurope"');
      else if (g.location === location) v.add(`georeplications[${i}].location`, 'is the registry\'s own location', g.location, 'a region other than the home region (the home region is always served)');
      else if (seen.has(g.location)) v.add(`georeplications[${i}].location`, 'is listed twice', g.location, 'one replica per region');
      seen.add(g.location);
      validateTags(v, g.tags, `georeplications[${i}].tags`);
    });
    if (props.networkRules) {
      const ranges = props.networkRules.allowedIpRanges ?? [];
      if (ranges.length > 200) v.add('networkRules.allowedIpRanges', `has ${ranges.length} ranges`, ranges.length, 'at most 200 IP rules');
      ranges.forEach((r, i) => {
        if (typeof r !== 'string' || (!isUnresolved(r) && !IPV4_RANGE.test(r))) v.add(`networkRules.allowedIpRanges[${i}]`, 'is not an IPv4 address or CIDR range', r, 'e.g. "203.0.113.0/24" (public IPv4 only; use a private endpoint for VNets)');
      });
      if (props.networkRules.defaultAction === AcrNetworkDefaultAction.ALLOW && ranges.length > 0) {
        warnings.push('networkRules: defaultAction ALLOW lets every network in, so allowedIpRanges have no effect');
      }
    }
    const cmk = props.customerManagedKey;
    if (cmk) {
      if (typeof cmk.keyVaultKeyId !== 'string' || (!isUnresolved(cmk.keyVaultKeyId) && !/^https:\/\/[a-z0-9-]+\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/keys\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/.test(cmk.keyVaultKeyId))) {
        v.add('customerManagedKey.keyVaultKeyId', 'is not a Key Vault key id', cmk.keyVaultKeyId, 'https://<vault>.vault.azure.net/keys/<name>[/<version>]');
      }
      if (!isUnresolved(cmk.identity.clientId) && !isGuid(cmk.identity.clientId)) v.add('customerManagedKey.identity.clientId', 'is not a client id', cmk.identity.clientId, 'the identity\'s client id (a GUID)');
      if (cmk.keyVaultAccess !== undefined) {
        if (!(cmk.keyVaultAccess instanceof KeyVaultAccess)) v.add('customerManagedKey.keyVaultAccess', 'is not a KeyVaultAccess', cmk.keyVaultAccess, 'KeyVaultAccess.rbac(vaultId), accessPolicy(vaultId, tenantId) or managedElsewhere()');
        else v.addAll('', cmk.keyVaultAccess.validate('customerManagedKey.keyVaultAccess').items);
      }
    }
    if (props.anonymousPullEnabled) warnings.push('anonymousPullEnabled: anyone on the internet can pull every repository of this registry without signing in');
    if (props.networkRules && props.publicNetworkAccessEnabled === false) {
      warnings.push('networkRules: public network access is off, so the IP rules never let anything in; only private endpoints reach the registry');
    }
    if (props.trustPolicyEnabled) warnings.push('trustPolicyEnabled: Docker Content Trust is deprecated by Azure and removed on 2028-03-31; sign images with Notation instead');
    v.throwIfAny(this.node.path);

    for (const w of warnings) Annotations.of(this).addWarning(w);
    if (props.adminEnabled) Annotations.of(this).addWarning('adminEnabled: the admin user is one shared, long-lived password for the whole registry (stored in Terraform state); prefer Entra grants or repository-scoped tokens');
    const restricted = props.publicNetworkAccessEnabled === false || (props.networkRules !== undefined && props.networkRules.defaultAction !== AcrNetworkDefaultAction.ALLOW);
    if (commands && restricted && !props.purgeSchedule?.agentPoolName) {
      Annotations.of(this).addWarning(
        'purge task: the registry restricts network access, and azurerm 4.55 cannot set network_rule_bypass_for_tasks_enabled (azurerm >= 4.81): the task cannot reach the registry until that flag is set (azapi or a provider upgrade) or it runs in an agent pool in the VNet (purgeSchedule.agentPoolName)',
      );
    }

    this.nameAsWritten = props.registryName;
    this.sku = sku;
    this.abac = props.abacRepositoryPermissions ?? false;
    this.provider = props.provider;
    this.resourceGroupName = props.resourceGroup.name;
    if (props.resourceGroup.created) {
      this.resourceGroupResource = new ResourceGroup(this, 'ResourceGroup', { name: props.resourceGroup.name, location, tags: props.resourceGroup.tags, provider: props.provider });
      this.resourceGroupName = this.resourceGroupResource.name;
    }
    const premium = sku === AcrSku.PREMIUM;
    const geo = [...(props.georeplications ?? [])].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
    this.untaggedRetentionDays = untaggedDays;
    this.resource = new ContainerRegistry(this, 'Resource', {
      name: props.registryName,
      location,
      resourceGroupName: this.resourceGroupName,
      sku,
      adminEnabled: props.adminEnabled ?? false,
      anonymousPullEnabled: props.anonymousPullEnabled ?? false,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? true,
      exportPolicyEnabled: props.exportPolicyEnabled ?? true,
      zoneRedundancyEnabled: props.zoneRedundancyEnabled ?? premium,
      dataEndpointEnabled: props.dataEndpointEnabled,
      quarantinePolicyEnabled: props.quarantinePolicyEnabled,
      trustPolicyEnabled: props.trustPolicyEnabled,
      retentionPolicyInDays: untaggedDays,
      networkRuleBypassOption: props.networkRules ? (props.networkRules.allowTrustedAzureServices === false ? 'None' : 'AzureServices') : undefined,
      networkRuleSet: props.networkRules
        ? [{ defaultAction: props.networkRules.defaultAction ?? AcrNetworkDefaultAction.DENY, ipRule: (props.networkRules.allowedIpRanges ?? []).map((ipRange) => ({ action: 'Allow', ipRange })) }]
        : undefined,
      georeplications: geo.length > 0
        ? geo.map((g) => ({ location: g.location, zoneRedundancyEnabled: g.zoneRedundancy ?? true, regionalEndpointEnabled: g.regionalEndpointEnabled ?? false, tags: g.tags }))
        : undefined,
      identity: cmk ? { type: 'UserAssigned', identityIds: [cmk.identity.id] } : undefined,
      encryption: cmk ? [{ keyVaultKeyId: cmk.keyVaultKeyId, identityClientId: cmk.identity.clientId }] : undefined,
      tags: props.tags,
      provider: props.provider,
    });
    if (cmk?.keyVaultAccess) {
      const grant = grantKeyVaultAccess(this, 'CmkKeyAccess', cmk.keyVaultAccess, cmk.identity.principalId, KeyVaultGrantKind.KEYS);
      // The registry reads the key when it is created: the grant must exist first.
      if (grant) this.resource.dependsOn = [grant.fqn];
    }
    if (props.privateEndpoint) {
      const pe = props.privateEndpoint;
      this.privateEndpointResource = new PrivateEndpoint(this, 'PrivateEndpoint', {
        name: `${props.registryName}-pe`,
        location: pe.location ?? location,
        resourceGroupName: this.resourceGroupName,
        subnetId: pe.subnetId,
        privateServiceConnection: { name: `${props.registryName}-registry`, privateConnectionResourceId: this.registryId, subresourceNames: ['registry'], isManualConnection: false },
        privateDnsZoneGroup: pe.privateDnsZoneIds && pe.privateDnsZoneIds.length > 0 ? { name: 'registry', privateDnsZoneIds: pe.privateDnsZoneIds } : undefined,
        tags: props.tags,
        provider: props.provider,
      });
    }
    if (commands) {
      this.purgeTask = new AcrPurgeTask(this, 'PurgeTask', {
        ...props.purgeSchedule,
        registryId: this.registryId,
        commands,
        systemAssignedIdentity: this.abac,
        loginServer: this.abac ? this.loginServer : undefined,
        tags: props.tags,
      });
      if (this.abac) {
        const image = props.purgeSchedule?.image ?? ACR_CLI_IMAGE;
        Annotations.of(this).addWarning(
          `purge task on an ABAC-mode registry: ${supportsAbac(image) ? '' : `the image "${image}" may be an acr-cli older than 0.19, which ABAC registries refuse (Azure/acr-cli#501); `}runs longer than 3 hours fail with 401 (Azure/acr-cli#641, open), and a task that signs in with its own identity has been reported to fail reading repositories (Azure/acr-cli#611, open): prove it with purgeSchedule.dryRun and runNow before relying on it`,
        );
        const taskPrincipal = AzurePrincipal.managedIdentity(this.purgeTask.resource.identity.principalId);
        this.grant(taskPrincipal, AcrRole.REPOSITORY_CONTRIBUTOR, { description: 'purge task: delete images (ABAC mode)' });
        this.grant(taskPrincipal, AcrRole.REPOSITORY_CATALOG_LISTER, { description: 'purge task: list repositories (ABAC mode)' });
      }
    }
  }

  /** The registry's resource id. */
  public get registryId(): string {
    return (this.idToken ??= this.resource.id);
  }

  /** The registry name, as a reference to the registry (resources that name it are created after it). */
  public get registryName(): string {
    return (this.nameToken ??= this.resource.name);
  }

  /** The login server, `<name>.azurecr.io`. */
  public get loginServer(): string {
    return this.resource.loginServer;
  }
}

/** A registry that exists outside this stack: grants and URIs only. */
class ImportedAcrRegistry extends AcrRegistryBase {
  public readonly registryName: string;
  protected readonly nameAsWritten: string;
  public readonly registryId: string;
  public readonly loginServer: string;
  public readonly resourceGroupName: string;
  protected readonly abac = false;
  protected readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: { registryName?: string; resourceGroupName?: string; registryId?: string; provider?: TerraformProvider }) {
    super(scope, id);
    this.provider = props.provider;
    if (props.registryId !== undefined) {
      const m = REGISTRY_ID.exec(props.registryId);
      if (!m) {
        throw new ValidationError(this.node.path, [
          { property: 'registryId', problem: 'is not a container registry resource id', value: props.registryId, allowed: '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name> (a literal, not a token)' },
        ]);
      }
      this.registryId = props.registryId;
      this.resourceGroupName = m[2];
      this.registryName = m[3];
      this.nameAsWritten = m[3];
      this.loginServer = `${m[3].toLowerCase()}.azurecr.io`;
    } else {
      const v = new Violations();
      validateRegistryName(v, props.registryName);
      if (typeof props.resourceGroupName !== 'string' || props.resourceGroupName.length === 0) v.add('resourceGroupName', 'must be a non-empty string', props.resourceGroupName, 'the resource group of the registry');
      v.throwIfAny(this.node.path);
      const data = new DataAzurermContainerRegistry(this, 'Lookup', { name: props.registryName!, resourceGroupName: props.resourceGroupName!, provider: props.provider });
      this.registryName = props.registryName!;
      this.nameAsWritten = props.registryName!;
      this.resourceGroupName = props.resourceGroupName!;
      this.registryId = data.id;
      this.loginServer = data.loginServer;
    }
  }
}
