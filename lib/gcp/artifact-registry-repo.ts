/** ArtifactRegistryRepo: one Docker-format Artifact Registry repository (standard, remote or virtual), its cleanup, encryption, scanning, grants and imports. */

import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { Annotations, ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { RegistryEndpoint } from '../core/endpoint';
import { ValidationError, Violations } from '../core/errors';
import { compileToGar } from '../core/retention/gar/compile';
import { GarActionType, GarCleanupPolicy, GarCleanupPolicyBlock, toGarCleanupPolicyBlocks } from '../core/retention/gar/grammar';
import { DOCKER_TAG, IMAGE_DIGEST } from '../core/retention/patterns';
import { RetentionPolicy, RetentionRuleKind } from '../core/retention/policy';
import { isUnresolved } from '../core/tokens';
import { artifactRegistryServiceAgent, KMS_KEY_NAME, REPOSITORY_NAME, SECRET_VERSION, validateLabels, validateLocation, validateProjectId, validateProjectNumber } from './gcp-ids';
import { GcpMember, GarRole, IGarGrantee, validateRole } from './member';
import { GcpApi, GcpProjectServices } from './project-services';

/** What kind of repository it is. Fixed at creation: changing it replaces the repository. */
export enum GarRepositoryMode {
  /** Images are pushed to it (the default). */
  STANDARD = 'STANDARD_REPOSITORY',
  /** A pull-through cache of an upstream registry (Docker Hub, another registry, another repository). */
  REMOTE = 'REMOTE_REPOSITORY',
  /** A read-only view over upstream repositories, tried by priority. */
  VIRTUAL = 'VIRTUAL_REPOSITORY',
}

/** The kinds of upstream a remote repository can cache. */
export enum GarRemoteUpstreamKind {
  /** Docker Hub (`public_repository = "DOCKER_HUB"`). */
  DOCKER_HUB = 'DOCKER_HUB',
  /** Any other registry by URL, or another Artifact Registry repository (`common_repository.uri`). */
  CUSTOM = 'CUSTOM',
}

/** The upstream of a remote repository. */
export class GarRemoteUpstream {
  /** Docker Hub. Authenticate (`remoteCredentials`) to avoid Docker Hub's anonymous pull limits. */
  public static dockerHub(): GarRemoteUpstream {
    return new GarRemoteUpstream(GarRemoteUpstreamKind.DOCKER_HUB);
  }

  /**
   * Another registry by its https URL (`https://ghcr.io`, `https://registry.k8s.io`), an Artifact Registry URL
   * (`https://europe-docker.pkg.dev/acme/base`) or a repository's full name (`projects/…/repositories/…`).
   */
  public static custom(uri: string): GarRemoteUpstream {
    return new GarRemoteUpstream(GarRemoteUpstreamKind.CUSTOM, uri);
  }

  private constructor(
    /** Docker Hub or a custom upstream. */
    public readonly kind: GarRemoteUpstreamKind,
    /** The custom upstream's URI. */
    public readonly uri?: string,
  ) {}
}

/** Credentials a remote repository uses for its upstream. */
export interface GarRemoteCredentials {
  /** The upstream user name. */
  readonly username: string;
  /**
   * The Secret Manager secret version holding the password or token, `projects/<p>/secrets/<s>/versions/<v>`.
   * The Artifact Registry service agent is granted `roles/secretmanager.secretAccessor` on the secret.
   */
  readonly passwordSecretVersion: string;
}

/** One upstream of a virtual repository. */
export interface GarVirtualUpstream {
  /**
   * The upstream's full name, `projects/<p>/locations/<l>/repositories/<r>` (an ArtifactRegistryRepo's
   * `repositoryName`). It must be a Docker repository in the same location.
   */
  readonly repositoryName: string;
  /** Higher is tried first; unique among the upstreams. */
  readonly priority: number;
  /**
   * The upstream policy id.
   * @default - the upstream's repository id
   */
  readonly id?: string;
}

/** Properties of an ArtifactRegistryRepo. */
export interface ArtifactRegistryRepoProps {
  /** The repository id: 1-63 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen. */
  readonly repositoryId: string;
  /** A region (`europe-west1`) or multi-region (`us`, `europe`, `asia`); a literal, since the Docker host is built from it. */
  readonly location: string;
  /**
   * The project.
   * @default - the provider's project (the repository URL then carries it as a Terraform reference)
   */
  readonly project?: string;
  /**
   * The project number, for the Artifact Registry service agent that CMEK and remote credentials grant to.
   * @default - looked up with `data "google_project"` when a service agent grant is needed
   */
  readonly projectNumber?: string;
  /**
   * Standard, remote or virtual.
   * @default GarRepositoryMode.STANDARD
   */
  readonly mode?: GarRepositoryMode;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Labels (GCP rules: ≤ 64; keys start with a lowercase letter; keys and values ≤ 63 of `[a-z0-9_-]`).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Refuse moving or deleting a tag once set (standard repositories only). Release tags stay what they were
   * tested as; note that a mutable tag such as `latest` can then be pushed only once.
   * @default true
   */
  readonly immutableTags?: boolean;
  /**
   * A Cloud KMS key (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`, same location as the repository)
   * to encrypt with. The service agent is granted `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it before the
   * repository is created. Cannot change after creation.
   * @default - Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /**
   * The upstream of a remote repository; required with, and only with, `GarRepositoryMode.REMOTE`.
   * @default - none
   */
  readonly remoteUpstream?: GarRemoteUpstream;
  /**
   * Upstream credentials of a remote repository.
   * @default - anonymous access to the upstream
   */
  readonly remoteCredentials?: GarRemoteCredentials;
  /**
   * Skip checking the upstream and credentials at creation (remote repositories only).
   * @default false
   */
  readonly disableUpstreamValidation?: boolean;
  /**
   * The upstreams of a virtual repository, 1 or more; required with, and only with, `GarRepositoryMode.VIRTUAL`.
   * @default - none
   */
  readonly virtualUpstreams?: GarVirtualUpstream[];
  /**
   * A cloud-neutral retention policy, compiled to cleanup policies. Not together with `cleanupPolicies`.
   * @default - no cleanup
   */
  readonly retentionPolicy?: RetentionPolicy;
  /**
   * Accept the documented approximations of the GAR compiler (e.g. "not pulled in N days" as "uploaded more
   * than N days ago"); each one used is a synth warning.
   * @default false
   */
  readonly allowRetentionApproximations?: boolean;
  /**
   * Cleanup policies in Artifact Registry's own model (at most 10). Not together with `retentionPolicy`.
   * @default - no cleanup
   */
  readonly cleanupPolicies?: GarCleanupPolicy[];
  /**
   * Evaluate the cleanup policies and log what they would delete, without deleting. Required when there are
   * cleanup policies, so that a rollout is a decision: start with `true`, read the logs, then set `false`.
   * @default - required with cleanup policies; unset otherwise
   */
  readonly cleanupPolicyDryRun?: boolean;
  /**
   * Scan pushed images for vulnerabilities (needs `containerscanning.googleapis.com`, see `enableApis`).
   * `false` opts this repository out.
   * @default true
   */
  readonly vulnerabilityScanning?: boolean;
  /**
   * Enable the APIs the repository's features need (Artifact Registry; Container Scanning when scanning is on;
   * Cloud KMS with CMEK; Secret Manager with remote credentials) with `disable_on_destroy = false`, and make
   * the repository depend on them.
   * @default false
   */
  readonly enableApis?: boolean;
  /**
   * The Google provider to create the repository with.
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

/** Where an existing repository is. */
export interface ArtifactRegistryRepoAttributes {
  /** The project id. */
  readonly project: string;
  /** The location. */
  readonly location: string;
  /** The repository id. */
  readonly repositoryId: string;
  /**
   * The Google provider to create grants with.
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

/** What any Artifact Registry repository, created here or imported, offers. */
export interface IArtifactRegistryRepo {
  /** The repository id. */
  readonly repositoryId: string;
  /** The location. */
  readonly location: string;
  /** The project id (a Terraform reference when it was left to the provider). */
  readonly project: string;
  /** The full name, `projects/<p>/locations/<l>/repositories/<r>`. */
  readonly repositoryName: string;
  /** The Docker host, `<location>-docker.pkg.dev`. */
  readonly registryHost: string;
  /** The repository URL, `<host>/<project>/<repositoryId>`. */
  readonly repositoryUrl: string;
  /** Where the images live and how Docker authenticates there (credential helper `gcloud`). */
  readonly endpoint: RegistryEndpoint;
  /** The image URI for a tag: `<url>/<image>:<tag>`. */
  imageUriForTag(image: string, tag: string): string;
  /** The image URI for a digest: `<url>/<image>@sha256:…`. */
  imageUriForDigest(image: string, digest: string): string;
  /** Grants a role on this repository through an additive `_iam_member`. */
  grant(grantee: IGarGrantee, role: string): void;
  /** Grants pulling (`roles/artifactregistry.reader`). */
  grantPull(grantee: IGarGrantee): void;
  /** Grants reading metadata and pulling (`roles/artifactregistry.reader`, which has no narrower predefined role). */
  grantRead(grantee: IGarGrantee): void;
  /** Grants pushing and pulling (`roles/artifactregistry.writer`, which cannot delete). */
  grantPush(grantee: IGarGrantee): void;
  /** Grants deleting versions, packages and tags (`roles/artifactregistry.repoAdmin`). */
  grantDelete(grantee: IGarGrantee): void;
  /** Grants operating the repository's contents (`roles/artifactregistry.repoAdmin`). */
  grantAdmin(grantee: IGarGrantee): void;
}

const REPOSITORY_ID = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IMAGE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const UPSTREAM_URI = /^(?:https:\/\/[^\s/]+(?:\/\S*)?|projects\/[^/]+\/locations\/[^/]+\/repositories\/[^/]+)$/;

/** Checks a repository id and returns its violations. */
function validateRepositoryId(v: Violations, id: unknown, property: string = 'repositoryId'): void {
  if (typeof id !== 'string') {
    v.add(property, 'must be a string', id, 'an id such as "apps"');
    return;
  }
  // The common case, a valid id, is one test; the separate checks below name what is wrong with an invalid one.
  if (REPOSITORY_ID.test(id) || isUnresolved(id)) return;
  if (id.length < 1 || id.length > 63) v.add(property, `must be 1-63 characters long, not ${id.length}`, id, 'an id of 1 to 63 characters');
  if (/[^a-z0-9-]/.test(id)) v.add(property, 'contains characters Artifact Registry does not allow', id, 'lowercase letters, digits and "-"');
  if (id.length > 0 && !/^[a-z]/.test(id)) v.add(property, 'does not start with a lowercase letter', id, 'an id starting with a-z');
  if (id.endsWith('-')) v.add(property, 'ends with a hyphen', id, 'an id ending with a letter or digit');
  if (v.empty) v.add(property, 'does not match the repository id pattern', id, '[a-z]([a-z0-9-]{0,61}[a-z0-9])?');
}

/**
 * Compiled cleanup of a retention policy, per policy and approximation setting: a policy shared by many
 * repositories is compiled once (bench/run.js measures thousands of repositories). Errors are not cached.
 */
const compiledRetention = new WeakMap<RetentionPolicy, Map<boolean, { blocks: GarCleanupPolicyBlock[]; warnings: string[] }>>();

const REPOSITORY_MODES: ReadonlySet<string> = new Set(Object.values(GarRepositoryMode));

/**
 * Roles and members that passed every check of `grant` once. A grant repeats with the same few roles and the same
 * grantee across many repositories (bench/run.js: thousands), so a grant whose role and members are known good
 * skips the Violations, the role pattern and the member patterns. Roles are literal strings (tokens are never
 * added); members are immutable GcpMember values.
 */
const checkedRoles = new Set<string>();
const checkedMembers = new WeakSet<GcpMember>();

/** The role's last path segment without punctuation, for construct ids (`roles/artifactregistry.reader` -> `artifactregistryreader`). */
const shortRoles = new Map<string, string>();
function shortRole(role: string): string {
  let short = shortRoles.get(role);
  if (short === undefined) {
    short = role.split('/').pop()!.replace(/[^A-Za-z0-9]/g, '');
    if (!isUnresolved(role)) shortRoles.set(role, short);
  }
  return short;
}

/** A short, stable hash for construct ids derived from a member and role. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** Parts shared by created and imported repositories: URLs, the endpoint and grants. */
abstract class ArtifactRegistryRepoBase extends Construct implements IArtifactRegistryRepo {
  public abstract readonly repositoryId: string;
  public abstract readonly location: string;
  public abstract readonly project: string;
  public abstract readonly repositoryName: string;

  protected abstract readonly grantProvider?: TerraformProvider;
  private readonly granted = new Set<string>();
  private readonly iamMembers: ArtifactRegistryRepositoryIamMember[] = [];

  /** The Docker host, `<location>-docker.pkg.dev`. */
  public get registryHost(): string {
    return `${this.location}-docker.pkg.dev`;
  }

  /** The repository URL, `<host>/<project>/<repositoryId>`. */
  public get repositoryUrl(): string {
    return `${this.registryHost}/${this.project}/${this.repositoryId}`;
  }

  /**
   * Where the images live and how Docker authenticates there: credential helper `gcloud`
   * (`credHelpers: {"<host>": "gcloud"}`), `gcloud auth configure-docker <host>`, and the CI login with user
   * `oauth2accesstoken` and `gcloud auth print-access-token`.
   */
  public get endpoint(): RegistryEndpoint {
    return RegistryEndpoint.gar(this.location);
  }

  /** The image URI for a tag: `<url>/<image>:<tag>`. */
  public imageUriForTag(image: string, tag: string): string {
    const v = new Violations();
    this.checkImage(v, image);
    if (!isUnresolved(tag) && !DOCKER_TAG.test(tag)) v.add('tag', 'is not a valid image tag', tag, '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}');
    v.throwIfAny(this.node.path);
    return `${this.repositoryUrl}/${image}:${tag}`;
  }

  /** The image URI for a digest: `<url>/<image>@sha256:…`. */
  public imageUriForDigest(image: string, digest: string): string {
    const v = new Violations();
    this.checkImage(v, image);
    if (!isUnresolved(digest) && !IMAGE_DIGEST.test(digest)) v.add('digest', 'is not an image digest', digest, 'an algorithm and hex, e.g. "sha256:3f2a…"');
    v.throwIfAny(this.node.path);
    return `${this.repositoryUrl}/${image}@${digest}`;
  }

  /**
   * Grants `role` to each of the grantee's members with an additive `google_artifact_registry_repository_iam_member`
   * (never `_binding` or `_policy`, which would remove members granted elsewhere). Public members are refused:
   * use `grantPublicPull`.
   */
  public grant(grantee: IGarGrantee, role: string): void {
    const members = grantee.grantMembers;
    const problem = grantee.grantProblem(role);
    // The grantee's problem and the mode are asked on every grant (an identity may refuse one role and not
    // another); only the role's and the members' own shapes are remembered once checked.
    if (problem !== undefined || !checkedRoles.has(role) || this.refusesRole(role) || !members.every((m) => checkedMembers.has(m))) {
      this.checkGrant(members, role, problem);
    }
    for (const m of members) this.addMember(m.toString(), role);
  }

  /** Grants pulling (`roles/artifactregistry.reader`). */
  public grantPull(grantee: IGarGrantee): void {
    this.grant(grantee, GarRole.READER);
  }

  /** Grants reading metadata and pulling (`roles/artifactregistry.reader`, which has no narrower predefined role). */
  public grantRead(grantee: IGarGrantee): void {
    this.grant(grantee, GarRole.READER);
  }

  /** Grants pushing and pulling (`roles/artifactregistry.writer`, which cannot delete). */
  public grantPush(grantee: IGarGrantee): void {
    this.grant(grantee, GarRole.WRITER);
  }

  /** Grants deleting versions, packages and tags (`roles/artifactregistry.repoAdmin`; includes push). */
  public grantDelete(grantee: IGarGrantee): void {
    this.grant(grantee, GarRole.REPO_ADMIN);
  }

  /** Grants operating the repository's contents (`roles/artifactregistry.repoAdmin`). */
  public grantAdmin(grantee: IGarGrantee): void {
    this.grant(grantee, GarRole.REPO_ADMIN);
  }

  /**
   * Lets anyone on the internet pull (`allUsers` as reader). Granted only through this method, and reported as
   * a synth warning. An organization policy restricting members to your domains blocks it at apply.
   */
  public grantPublicPull(): void {
    Annotations.of(this).addWarning(`grantPublicPull: anyone on the internet can pull from ${this.repositoryUrl} (allUsers has ${GarRole.READER})`);
    this.addMember('allUsers', GarRole.READER);
  }

  /** The `_iam_member` resources created by grants (escape hatch). */
  public get iamMemberResources(): ArtifactRegistryRepositoryIamMember[] {
    return [...this.iamMembers];
  }

  /** Checks a role against the repository's mode (a virtual repository cannot be pushed to). */
  protected checkRoleForMode(_v: Violations, _role: string): void {}

  /** True when `checkRoleForMode` reports the role. */
  protected refusesRole(_role: string): boolean {
    return false;
  }

  /** The `repository` argument of grants: a literal id where known, or the resource's name. */
  protected abstract get grantRepository(): string;

  private checkImage(v: Violations, image: string): void {
    if (!isUnresolved(image) && (typeof image !== 'string' || !IMAGE_NAME.test(image))) {
      v.add('image', 'is not an image name', image, 'lowercase path segments such as "api" or "team/api"');
    }
  }

  /** Every check of a grant, all violations at once; remembers the role and members that pass. */
  private checkGrant(members: GcpMember[], role: string, problem: string | undefined): void {
    const v = new Violations();
    validateRole(v, role);
    if (problem !== undefined) v.add('grantee', problem, members.map((m) => m.toString()), 'a separate identity for this role, or the opt-in the message names');
    members.forEach((m) => {
      if (!(m instanceof GcpMember)) {
        v.add('grantee', 'is not a GcpMember', m, 'GcpMember.serviceAccount/user/group/domain/principal/principalSet(...)');
        return;
      }
      if (m.isPublic) {
        v.add('grantee', `is ${m.value}, which would make the repository public`, m.value, 'a named member; to let anyone pull, call grantPublicPull() so that the choice is explicit');
      }
      v.addAll('', m.validate('grantee').items);
    });
    this.checkRoleForMode(v, role);
    v.throwIfAny(this.node.path);
    if (typeof role === 'string' && !isUnresolved(role)) checkedRoles.add(role);
    for (const m of members) if (m instanceof GcpMember && !isUnresolved(m.value)) checkedMembers.add(m);
  }

  private addMember(member: string, role: string): void {
    const key = `${role} ${member}`;
    if (this.granted.has(key)) return;
    this.granted.add(key);
    this.iamMembers.push(
      new ArtifactRegistryRepositoryIamMember(this, `Iam-${shortRole(role)}-${shortHash(key)}`, {
        project: this.project,
        location: this.location,
        repository: this.grantRepository,
        role,
        member,
        provider: this.grantProvider,
      }),
    );
  }
}

/**
 * A Docker repository in Google Artifact Registry with safe defaults: immutable tags, vulnerability scanning
 * inherited from the project, no public access, grants through additive IAM members. Creates
 * `google_artifact_registry_repository` and, as needed, the IAM members, the service agent's key or secret
 * grant, a project lookup for the service agent, and the APIs.
 */
export class ArtifactRegistryRepo extends ArtifactRegistryRepoBase {
  /** An existing repository by project, location and id (no lookup is made); grants on it add IAM members. */
  public static fromRepositoryAttributes(scope: Construct, id: string, attrs: ArtifactRegistryRepoAttributes): IArtifactRegistryRepo {
    return new ImportedArtifactRegistryRepo(scope, id, attrs);
  }

  /** An existing repository by full name, `projects/<p>/locations/<l>/repositories/<r>` (a literal). */
  public static fromRepositoryName(scope: Construct, id: string, repositoryName: string, provider?: TerraformProvider): IArtifactRegistryRepo {
    const m = typeof repositoryName === 'string' ? REPOSITORY_NAME.exec(repositoryName) : null;
    if (!m) {
      throw new ValidationError(`${scope.node.path}/${id}`, [
        { property: 'repositoryName', problem: 'is not a repository name', value: repositoryName, allowed: 'projects/<project>/locations/<location>/repositories/<id> (a literal, not a token)' },
      ]);
    }
    return new ImportedArtifactRegistryRepo(scope, id, { project: m[1], location: m[2], repositoryId: m[3], provider });
  }

  public readonly repositoryId: string;
  public readonly location: string;
  public readonly project: string;
  /** The repository mode. */
  public readonly mode: GarRepositoryMode;
  /** The `google_artifact_registry_repository` resource (escape hatch). */
  public readonly resource: ArtifactRegistryRepository;
  /** The cleanup policies as rendered (provider blocks, durations in seconds). */
  public readonly cleanupPolicyBlocks: GarCleanupPolicyBlock[];
  /** The service agent's grant on the CMEK key, when `kmsKeyName` is set (escape hatch). */
  public readonly kmsKeyGrant?: KmsCryptoKeyIamMember;
  /** The service agent's grant on the upstream credentials' secret, when `remoteCredentials` is set (escape hatch). */
  public readonly secretGrant?: SecretManagerSecretIamMember;

  protected readonly grantProvider?: TerraformProvider;
  private readonly literalProject: boolean;
  private projectLookup?: DataGoogleProject;
  private nameToken?: string;

  constructor(scope: Construct, id: string, props: ArtifactRegistryRepoProps) {
    super(scope, id);
    const mode = props.mode ?? GarRepositoryMode.STANDARD;
    const v = new Violations();
    validateRepositoryId(v, props.repositoryId);
    validateLocation(v, props.location);
    validateProjectId(v, props.project);
    validateProjectNumber(v, props.projectNumber);
    validateLabels(v, props.labels);
    if (!REPOSITORY_MODES.has(mode)) v.add('mode', 'is not a repository mode', mode, 'GarRepositoryMode.STANDARD, REMOTE or VIRTUAL');
    this.validateEncryption(v, props);
    this.validateModeSettings(v, props, mode);
    const cleanup = this.compileCleanup(v, props);
    v.throwIfAny(this.node.path);

    this.repositoryId = props.repositoryId;
    this.location = props.location;
    this.mode = mode;
    this.grantProvider = props.provider;
    this.cleanupPolicyBlocks = cleanup;
    if (cleanup.length > 0 && cleanup.every((p) => p.action === GarActionType.KEEP)) {
      Annotations.of(this).addWarning('cleanup policies are all KEEP policies, which delete nothing on their own; add a DELETE policy (e.g. untagged versions older than 14 days) or drop them');
    }
    if (props.cleanupPolicyDryRun === true) {
      Annotations.of(this).addWarning('cleanupPolicyDryRun is true: cleanup policies are evaluated and logged, nothing is deleted until it is set to false');
    }

    const dependsOn: ITerraformDependable[] = [];
    const services = props.enableApis ? GcpProjectServices.of(this, props.project, props.provider) : undefined;
    if (services) {
      dependsOn.push(services.enable(GcpApi.ARTIFACT_REGISTRY));
      if (props.vulnerabilityScanning ?? true) dependsOn.push(services.enable(GcpApi.CONTAINER_SCANNING));
      if (props.kmsKeyName) dependsOn.push(services.enable(GcpApi.CLOUD_KMS));
      if (props.remoteCredentials) dependsOn.push(services.enable(GcpApi.SECRET_MANAGER));
    }
    if (props.kmsKeyName) {
      this.kmsKeyGrant = new KmsCryptoKeyIamMember(this, 'KmsKeyGrant', {
        cryptoKeyId: props.kmsKeyName,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: artifactRegistryServiceAgent(this.projectNumber(props)),
        provider: props.provider,
      });
      dependsOn.push(this.kmsKeyGrant);
    }
    if (props.remoteCredentials) {
      const m = SECRET_VERSION.exec(props.remoteCredentials.passwordSecretVersion);
      const secretId = m ? `projects/${m[1]}/secrets/${m[2]}` : props.remoteCredentials.passwordSecretVersion.replace(/\/versions\/[^/]+$/, '');
      this.secretGrant = new SecretManagerSecretIamMember(this, 'SecretGrant', {
        secretId,
        role: 'roles/secretmanager.secretAccessor',
        member: artifactRegistryServiceAgent(this.projectNumber(props)),
        provider: props.provider,
      });
      dependsOn.push(this.secretGrant);
    }

    const standard = mode === GarRepositoryMode.STANDARD;
    this.resource = new ArtifactRegistryRepository(this, 'Resource', {
      repositoryId: props.repositoryId,
      location: props.location,
      project: props.project,
      format: 'DOCKER',
      mode,
      description: props.description,
      labels: props.labels,
      kmsKeyName: props.kmsKeyName,
      dockerConfig: standard ? { immutableTags: props.immutableTags ?? true } : undefined,
      cleanupPolicies: cleanup.length > 0 ? cleanup : undefined,
      cleanupPolicyDryRun: props.cleanupPolicyDryRun,
      vulnerabilityScanningConfig: { enablementConfig: props.vulnerabilityScanning ?? true ? 'INHERITED' : 'DISABLED' },
      remoteRepositoryConfig: mode === GarRepositoryMode.REMOTE && props.remoteUpstream ? this.remoteConfig(props) : undefined,
      virtualRepositoryConfig:
        mode === GarRepositoryMode.VIRTUAL && props.virtualUpstreams
          ? {
            upstreamPolicies: props.virtualUpstreams.map((u, i) => ({
              id: u.id ?? (isUnresolved(u.repositoryName) ? `upstream-${i + 1}` : u.repositoryName.split('/').pop()),
              repository: u.repositoryName,
              priority: u.priority,
            })),
          }
          : undefined,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      provider: props.provider,
    });
    this.literalProject = props.project !== undefined;
    this.project = props.project ?? this.resource.project;
  }

  /** The full name, `projects/<p>/locations/<l>/repositories/<r>` (the resource's id). */
  public get repositoryName(): string {
    return this.literalProject ? `projects/${this.project}/locations/${this.location}/repositories/${this.repositoryId}` : this.resource.id;
  }

  /** The `data "google_project"` looked up for the service agent's project number, if one was needed (escape hatch). */
  public get projectLookupData(): DataGoogleProject | undefined {
    return this.projectLookup;
  }

  // One token for every grant: each attribute token costs a captured stack trace.
  protected get grantRepository(): string {
    return (this.nameToken ??= this.resource.name);
  }

  protected refusesRole(role: string): boolean {
    return this.mode === GarRepositoryMode.VIRTUAL && (role === GarRole.WRITER || role === GarRole.REPO_ADMIN);
  }

  protected checkRoleForMode(v: Violations, role: string): void {
    if (this.refusesRole(role)) {
      v.add('role', 'cannot take effect on a virtual repository, which is read-only', role, 'grant pushes on the standard upstream repositories; grantPull here');
    }
  }

  private projectNumber(props: ArtifactRegistryRepoProps): string {
    if (props.projectNumber !== undefined) return props.projectNumber;
    this.projectLookup ??= new DataGoogleProject(this, 'Project', { projectId: props.project, provider: props.provider });
    return this.projectLookup.number;
  }

  private validateEncryption(v: Violations, props: ArtifactRegistryRepoProps): void {
    const key = props.kmsKeyName;
    if (key === undefined || isUnresolved(key)) return;
    const m = typeof key === 'string' ? KMS_KEY_NAME.exec(key) : null;
    if (!m) {
      v.add('kmsKeyName', 'is not a Cloud KMS key name', key, 'projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>');
      return;
    }
    if (typeof props.location === 'string' && !isUnresolved(props.location) && m[2] !== props.location) {
      v.add('kmsKeyName', `is in location "${m[2]}", not the repository's "${props.location}"`, key, 'a key in the same location as the repository (a multi-region repository needs a key in that multi-region)');
    }
  }

  private validateModeSettings(v: Violations, props: ArtifactRegistryRepoProps, mode: GarRepositoryMode): void {
    const remote = mode === GarRepositoryMode.REMOTE;
    const virtual = mode === GarRepositoryMode.VIRTUAL;
    if (!remote) {
      for (const p of ['remoteUpstream', 'remoteCredentials', 'disableUpstreamValidation'] as const) {
        if (props[p] !== undefined) v.add(p, `only applies to remote repositories, not ${mode}`, props[p], 'mode: GarRepositoryMode.REMOTE, or drop it');
      }
    }
    if (!virtual && props.virtualUpstreams !== undefined) v.add('virtualUpstreams', `only apply to virtual repositories, not ${mode}`, props.virtualUpstreams, 'mode: GarRepositoryMode.VIRTUAL, or drop them');
    if (mode !== GarRepositoryMode.STANDARD && props.immutableTags !== undefined) {
      v.add('immutableTags', `only applies to standard repositories, not ${mode}`, props.immutableTags, 'drop it (a remote cache mirrors its upstream; a virtual repository is read-only)');
    }
    if (remote) {
      const up = props.remoteUpstream;
      if (up === undefined) v.add('remoteUpstream', 'is required for a remote repository', up, 'GarRemoteUpstream.dockerHub() or GarRemoteUpstream.custom("https://ghcr.io")');
      else if (!(up instanceof GarRemoteUpstream)) v.add('remoteUpstream', 'is not a GarRemoteUpstream', up, 'GarRemoteUpstream.dockerHub() or GarRemoteUpstream.custom(uri)');
      else if (up.kind === GarRemoteUpstreamKind.CUSTOM && (typeof up.uri !== 'string' || (!isUnresolved(up.uri) && !UPSTREAM_URI.test(up.uri)))) {
        v.add('remoteUpstream.uri', 'is not an upstream URI', up.uri, 'an https URL such as "https://ghcr.io", or projects/<p>/locations/<l>/repositories/<r>');
      }
      const c = props.remoteCredentials;
      if (c !== undefined) {
        if (typeof c.username !== 'string' || (!isUnresolved(c.username) && c.username.length === 0)) v.add('remoteCredentials.username', 'is empty', c.username, 'the upstream user name');
        if (typeof c.passwordSecretVersion !== 'string' || (!isUnresolved(c.passwordSecretVersion) && !SECRET_VERSION.test(c.passwordSecretVersion))) {
          v.add('remoteCredentials.passwordSecretVersion', 'is not a secret version name', c.passwordSecretVersion, 'projects/<project>/secrets/<secret>/versions/<version or "latest">');
        }
      }
    }
    if (virtual) {
      const ups = props.virtualUpstreams ?? [];
      if (ups.length === 0) v.add('virtualUpstreams', 'are required for a virtual repository', props.virtualUpstreams, 'one or more { repositoryName, priority } of standard or remote Docker repositories in the same location');
      const priorities = new Map<number, number>();
      ups.forEach((u, i) => {
        const at = `virtualUpstreams[${i}]`;
        const m = typeof u.repositoryName === 'string' ? REPOSITORY_NAME.exec(u.repositoryName) : null;
        if (!isUnresolved(u.repositoryName)) {
          if (!m) v.add(`${at}.repositoryName`, 'is not a repository name', u.repositoryName, 'projects/<project>/locations/<location>/repositories/<id> (an ArtifactRegistryRepo\'s repositoryName)');
          else if (typeof props.location === 'string' && m[2] !== props.location) v.add(`${at}.repositoryName`, `is in location "${m[2]}", not the virtual repository's "${props.location}"`, u.repositoryName, 'an upstream in the same location');
        }
        if (!Number.isInteger(u.priority) || u.priority < 0) v.add(`${at}.priority`, 'must be a whole number ≥ 0', u.priority, 'a priority; higher is tried first');
        else if (priorities.has(u.priority)) v.add(`${at}.priority`, `repeats the priority of virtualUpstreams[${priorities.get(u.priority)}]`, u.priority, 'distinct priorities, so the order is defined');
        else priorities.set(u.priority, i);
        if (u.id !== undefined && !REPOSITORY_ID.test(u.id)) v.add(`${at}.id`, 'is not a valid upstream policy id', u.id, 'lowercase letters, digits and "-", starting with a letter');
      });
    }
  }

  private compileCleanup(v: Violations, props: ArtifactRegistryRepoProps): GarCleanupPolicyBlock[] {
    if (props.retentionPolicy && props.cleanupPolicies) {
      v.add('retentionPolicy', 'cannot be combined with cleanupPolicies', '(both given)', 'give either GAR cleanupPolicies or a neutral retentionPolicy');
      return [];
    }
    const hasCleanup = props.retentionPolicy !== undefined || (props.cleanupPolicies !== undefined && props.cleanupPolicies.length > 0);
    if (hasCleanup && props.cleanupPolicyDryRun === undefined) {
      v.add('cleanupPolicyDryRun', 'must be set when there are cleanup policies', undefined, 'true to log what would be deleted first (recommended for a new policy), false to delete');
    }
    if (!hasCleanup && props.cleanupPolicyDryRun !== undefined) {
      v.add('cleanupPolicyDryRun', 'has no effect without cleanup policies', props.cleanupPolicyDryRun, 'drop it, or add a retentionPolicy or cleanupPolicies');
    }
    if (props.mode === GarRepositoryMode.VIRTUAL && hasCleanup) {
      v.add(props.retentionPolicy ? 'retentionPolicy' : 'cleanupPolicies', 'do not apply to a virtual repository, which stores nothing', '(given)', 'set cleanup on the standard or remote upstream repositories');
      return [];
    }
    let policies: GarCleanupPolicy[] | undefined = props.cleanupPolicies;
    let property = 'cleanupPolicies';
    if (props.retentionPolicy) {
      property = 'retentionPolicy';
      const approx = props.allowRetentionApproximations ?? false;
      const cached = compiledRetention.get(props.retentionPolicy)?.get(approx);
      if (cached) {
        for (const w of cached.warnings) Annotations.of(this).addWarning(`retentionPolicy: ${w}`);
        return [...cached.blocks];
      }
      try {
        const compiled = compileToGar(props.retentionPolicy, { allowApproximations: approx });
        for (const w of compiled.warnings) Annotations.of(this).addWarning(`retentionPolicy: ${w}`);
        const blocks = toGarCleanupPolicyBlocks(compiled.policies, property);
        let byApprox = compiledRetention.get(props.retentionPolicy);
        if (!byApprox) compiledRetention.set(props.retentionPolicy, (byApprox = new Map()));
        byApprox.set(approx, { blocks, warnings: compiled.warnings });
        return [...blocks];
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const notPulled = props.retentionPolicy.rules.some((r) => r.kind === RetentionRuleKind.EXPIRE_NOT_PULLED);
        v.addAll(
          'retentionPolicy',
          e.violations.map((x) =>
            notPulled && /records no pull time/.test(x.problem)
              ? { ...x, allowed: `${x.allowed}; or keep an exact record of pulls with GarPullAuditLog and review deletions offline with registry-lifecycle preview --dialect gar --pulls <log export> (see docs/gcp-artifact-registry.md)` }
              : x,
          ),
        );
        return [];
      }
    }
    if (!policies || policies.length === 0) return [];
    try {
      return toGarCleanupPolicyBlocks(policies, property);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const x of e.violations) {
        if (x.property === '(document)') v.add(property, x.problem, x.value, x.allowed);
        else v.addAll(property, [x]);
      }
      return [];
    }
  }

  private remoteConfig(props: ArtifactRegistryRepoProps) {
    const up = props.remoteUpstream!;
    const c = props.remoteCredentials;
    return {
      description: up.kind === GarRemoteUpstreamKind.DOCKER_HUB ? 'Docker Hub' : up.uri,
      disableUpstreamValidation: props.disableUpstreamValidation,
      dockerRepository: up.kind === GarRemoteUpstreamKind.DOCKER_HUB ? { publicRepository: 'DOCKER_HUB' } : undefined,
      commonRepository: up.kind === GarRemoteUpstreamKind.CUSTOM ? { uri: up.uri! } : undefined,
      upstreamCredentials: c ? { usernamePasswordCredentials: { username: c.username, passwordSecretVersion: c.passwordSecretVersion } } : undefined,
    };
  }
}

/** A repository that exists outside this stack. */
class ImportedArtifactRegistryRepo extends ArtifactRegistryRepoBase {
  public readonly repositoryId: string;
  public readonly location: string;
  public readonly project: string;
  protected readonly grantProvider?: TerraformProvider;

  constructor(scope: Construct, id: string, attrs: ArtifactRegistryRepoAttributes) {
    super(scope, id);
    const v = new Violations();
    validateRepositoryId(v, attrs.repositoryId);
    validateLocation(v, attrs.location);
    if (attrs.project === undefined) v.add('project', 'is required', attrs.project, 'the project id of the existing repository');
    validateProjectId(v, attrs.project);
    v.throwIfAny(this.node.path);
    this.repositoryId = attrs.repositoryId;
    this.location = attrs.location;
    this.project = attrs.project;
    this.grantProvider = attrs.provider;
  }

  /** The full name, `projects/<p>/locations/<l>/repositories/<r>`. */
  public get repositoryName(): string {
    return `projects/${this.project}/locations/${this.location}/repositories/${this.repositoryId}`;
  }

  protected get grantRepository(): string {
    return this.repositoryId;
  }
}
