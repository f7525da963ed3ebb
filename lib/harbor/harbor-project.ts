/** HarborProject: one Harbor project with safe defaults, its retention and immutability rules, robots and members. */

import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { RegistryEndpoint } from '../core/endpoint';
import { ValidationError, Violations } from '../core/errors';
import { compileToHarbor, HarborCompileResult } from '../core/retention/harbor/compile';
import { harborDoublestarProblem } from '../core/retention/harbor/doublestar';
import { HarborRetentionRule, validateHarborRetentionPolicy } from '../core/retention/harbor/grammar';
import { DOCKER_TAG, IMAGE_DIGEST } from '../core/retention/patterns';
import { RetentionPolicy } from '../core/retention/policy';
import { isUnresolved } from '../core/tokens';
import { ImmutableTagRule } from './.gen/providers/harbor/immutable-tag-rule';
import { Project } from './.gen/providers/harbor/project';
import { ProjectMemberGroup } from './.gen/providers/harbor/project-member-group';
import { ProjectMemberUser } from './.gen/providers/harbor/project-member-user';
import { RetentionPolicy as RetentionPolicyResource } from './.gen/providers/harbor/retention-policy';
import { HarborConnection } from './harbor-connection';
import { HarborPermissionKind, HarborRobotPermissions } from './harbor-permissions';
import { IHarborRegistryEndpoint } from './harbor-registry-endpoint';
import { HarborRobotAccount, HarborRobotAccountOptions } from './harbor-robot-account';
import { HarborSchedule } from './harbor-schedule';

/** The lowest vulnerability severity that blocks pulls (Harbor's deployment security). */
export enum HarborDeploymentSecurity {
  /** No check: images with any vulnerability can be pulled. */
  OFF = 'off',
  /** Block images with a low, medium, high or critical vulnerability. */
  LOW = 'low',
  /** Block images with a medium, high or critical vulnerability. */
  MEDIUM = 'medium',
  /** Block images with a high or critical vulnerability. */
  HIGH = 'high',
  /** Block images with a critical vulnerability (the default). */
  CRITICAL = 'critical',
}

/** Harbor's project roles. */
export enum HarborRole {
  /** Everything in the project, including members and settings. */
  PROJECT_ADMIN = 'projectadmin',
  /** Push, pull, delete, scan, and manage retention and immutability rules. */
  MAINTAINER = 'maintainer',
  /** Push and pull. */
  DEVELOPER = 'developer',
  /** Pull and read. */
  GUEST = 'guest',
  /** Pull only, no project logs or member list. */
  LIMITED_GUEST = 'limitedguest',
}

/** Where a member group is defined. */
export enum HarborGroupType {
  /** An LDAP group (with its DN). */
  LDAP = 'ldap',
  /** A Harbor-internal group. */
  INTERNAL = 'internal',
  /** An OIDC group claim. */
  OIDC = 'oidc',
}

/** A user or group with a role in the project. */
export class HarborMember {
  /** An existing Harbor (database, LDAP or OIDC) user. */
  public static user(userName: string, role: HarborRole): HarborMember {
    return new HarborMember('user', userName, role);
  }

  /** A group; for LDAP groups give the group's DN. */
  public static group(groupName: string, type: HarborGroupType, role: HarborRole, ldapGroupDn?: string): HarborMember {
    return new HarborMember('group', groupName, role, type, ldapGroupDn);
  }

  private constructor(
    /** `user` or `group`. */
    public readonly kind: string,
    /** The user or group name. */
    public readonly name: string,
    /** The role. */
    public readonly role: HarborRole,
    /** The group type (groups only). */
    public readonly groupType?: HarborGroupType,
    /** The LDAP group DN (LDAP groups only). */
    public readonly ldapGroupDn?: string,
  ) {}
}

/**
 * A tag immutability rule: tags it selects can never be overwritten or deleted. Give exactly one of `tagMatching` and
 * `tagExcluding`, and at most one of `repoMatching` and `repoExcluding` (the provider drops a matching pattern set next
 * to an excluding one and then shows a change on every plan).
 */
export interface HarborImmutableTagRule {
  /** Doublestar pattern of tags made immutable, e.g. `v*` or `{v*,release-*}`. */
  readonly tagMatching?: string;
  /** Doublestar pattern of tags left mutable: every other tag is immutable. */
  readonly tagExcluding?: string;
  /**
   * Doublestar pattern of repositories (inside the project) the rule applies to.
   * @default "**" when repoExcluding is not given
   */
  readonly repoMatching?: string;
  /**
   * Doublestar pattern of repositories the rule does not apply to.
   * @default - none
   */
  readonly repoExcluding?: string;
  /**
   * Keep the rule but switch it off.
   * @default false
   */
  readonly disabled?: boolean;
}

/** Properties of a HarborProject. */
export interface HarborProjectProps {
  /** The project name: 1-255 lowercase letters and digits separated by single `.`, `_` or `-`. Changing it replaces the project. */
  readonly projectName: string;
  /**
   * Let anyone pull without logging in.
   * @default false
   */
  readonly public?: boolean;
  /**
   * Scan every artifact for vulnerabilities when it is pushed.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Refuse pulls of images with a vulnerability of this severity or higher (unscanned images are not blocked by
   * severity; keep scanOnPush on).
   * @default HarborDeploymentSecurity.CRITICAL
   */
  readonly deploymentSecurity?: HarborDeploymentSecurity;
  /**
   * CVE ids ignored by deployment security in this project (e.g. `CVE-2024-3094`).
   * @default - the system allowlist applies
   */
  readonly cveAllowlist?: string[];
  /**
   * Refuse pulls of images not signed with cosign (Harbor's cosign content trust). The deprecated Notary flag is
   * never set.
   * @default false
   */
  readonly requireCosignSignature?: boolean;
  /**
   * Storage quota in GiB (a whole number).
   * @default - unlimited
   */
  readonly storageQuotaGiB?: number;
  /**
   * On `terraform destroy`, first delete every repository and image of the project. Irreversible: the images are
   * gone, including those pushed outside Terraform. Without it, destroying a non-empty project fails.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * A registered scanner to use instead of the system default (matched by name, case-insensitive).
   * @default - the system default scanner
   */
  readonly vulnerabilityScanner?: string;
  /**
   * Generate an SBOM for every pushed image (Harbor >= 2.11).
   * @default false
   */
  readonly autoSbomGeneration?: boolean;
  /**
   * Make this a proxy-cache project of a remote registry: pulls of `<host>/<project>/<image>` fetch and cache the
   * upstream image. Fixed at creation.
   * @default - a normal project
   */
  readonly proxyCacheEndpoint?: IHarborRegistryEndpoint;
  /**
   * Bandwidth limit of proxy-cache pulls in KB/s. Only with proxyCacheEndpoint.
   * @default - unlimited
   */
  readonly proxySpeedKb?: number;
  /**
   * Serve cached images that were deleted upstream (Harbor >= 2.15.1). Only with proxyCacheEndpoint.
   * @default false
   */
  readonly proxyCacheLocalOnNotFound?: boolean;
  /**
   * A cloud-neutral retention policy, compiled by HarborRetention to the project's retention rules. Not together
   * with retentionRules.
   * @default - no retention policy
   */
  readonly retentionPolicy?: RetentionPolicy;
  /**
   * Accept the documented approximations of the Harbor compiler; each one is reported as a synth warning.
   * @default false
   */
  readonly allowRetentionApproximations?: boolean;
  /**
   * Harbor retention rules written natively (1-15). Not together with retentionPolicy.
   * @default - no retention policy
   */
  readonly retentionRules?: HarborRetentionRule[];
  /**
   * When retention runs.
   * @default HarborSchedule.DAILY
   */
  readonly retentionSchedule?: HarborSchedule;
  /**
   * Tag immutability rules. Pass `[]` to make every tag mutable.
   * @default - tags starting with a digit or with "v" and a digit (`1.2.3`, `v1.2.3`) are immutable in every
   * repository; none in a proxy-cache project, which must follow tags that move upstream
   */
  readonly immutableTagRules?: HarborImmutableTagRule[];
  /**
   * Users and groups with a role in the project; more with addMember.
   * @default - none
   */
  readonly members?: HarborMember[];
  /**
   * The Harbor instance.
   * @default - the only HarborConnection of the stack
   */
  readonly connection?: HarborConnection;
}

/** Options of HarborProject.addRobotAccount. */
export interface HarborProjectRobotOptions extends HarborRobotAccountOptions {
  /** What the robot may do in the project: HarborRobotPermissions.PULL, PUSH or custom(...). */
  readonly permissions: HarborRobotPermissions;
}

/** The default immutability rule: release-looking tags. */
export const DEFAULT_IMMUTABLE_TAGS = '{v[0-9]*,[0-9]*}';

const PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const PROJECT_NAMES = new WeakMap<HarborConnection, Map<string, HarborProject>>();

/**
 * The value to refer to project `name` by on `connection`: the project's name attribute when a HarborProject of
 * this app manages it (so Terraform creates the project first), else the literal name.
 */
export function harborProjectNameRef(connection: HarborConnection, name: string): string {
  return PROJECT_NAMES.get(connection)?.get(name)?.projectNameRef ?? name;
}

/** What any Harbor project, managed here or elsewhere, offers. */
export interface IHarborProject {
  /** The project name. */
  readonly projectName: string;
  /** The Harbor instance. */
  readonly connection: HarborConnection;
  /** Where the project's images live and how Docker logs in there. */
  readonly endpoint: RegistryEndpoint;
  /** The login endpoint for one robot of this project (its full name is the user name). */
  endpointFor(robot: HarborRobotAccount): RegistryEndpoint;
  /** The image URI for a tag: `<host>/<project>/<repository>:<tag>`. */
  imageUriForTag(repository: string, tag: string): string;
  /** The image URI for a digest: `<host>/<project>/<repository>@sha256:…`. */
  imageUriForDigest(repository: string, digest: string): string;
  /** Adds a project robot account with least-privilege permissions in this project. */
  addRobotAccount(id: string, options: HarborProjectRobotOptions): HarborRobotAccount;
}

/** Parts shared by managed and imported projects: the endpoint, image URIs and robots. */
abstract class HarborProjectBase extends Construct implements IHarborProject {
  public abstract readonly projectName: string;
  public abstract readonly connection: HarborConnection;
  /** The project name as robots refer to it. */
  protected abstract readonly projectNameRef: string;

  /** Where the project's images live and how Docker logs in there (a robot account's name and secret; Harbor has no credential helper). */
  public get endpoint(): RegistryEndpoint {
    return RegistryEndpoint.harbor({ host: this.connection.host });
  }

  /** The login endpoint for one robot of this project: its full name is the user name. */
  public endpointFor(robot: HarborRobotAccount): RegistryEndpoint {
    return RegistryEndpoint.harbor({ host: this.connection.host, robotFullName: robot.fullName });
  }

  /** The image URI for a tag: `<host>/<project>/<repository>:<tag>`. */
  public imageUriForTag(repository: string, tag: string): string {
    this.checkRepository(repository);
    if (!isUnresolved(tag) && !DOCKER_TAG.test(tag)) {
      throw new ValidationError(this.node.path, [{ property: 'tag', problem: 'is not a valid image tag', value: tag, allowed: '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}' }]);
    }
    return `${this.connection.host}/${this.projectName}/${repository}:${tag}`;
  }

  /** The image URI for a digest: `<host>/<project>/<repository>@sha256:…`. */
  public imageUriForDigest(repository: string, digest: string): string {
    this.checkRepository(repository);
    if (!isUnresolved(digest) && !IMAGE_DIGEST.test(digest)) {
      throw new ValidationError(this.node.path, [{ property: 'digest', problem: 'is not an image digest', value: digest, allowed: 'an algorithm and hex, e.g. "sha256:3f2a…"' }]);
    }
    return `${this.connection.host}/${this.projectName}/${repository}@${digest}`;
  }

  /**
   * Adds a project robot account (`robot$<project>+<name>`) with least-privilege permissions in this project only.
   */
  public addRobotAccount(id: string, options: HarborProjectRobotOptions): HarborRobotAccount {
    if (!(options.permissions instanceof HarborRobotPermissions)) {
      throw new ValidationError(`${this.node.path}/${id}`, [
        { property: 'permissions', problem: 'is not a HarborRobotPermissions', value: options.permissions, allowed: 'HarborRobotPermissions.PULL, PUSH or custom([...])' },
      ]);
    }
    return new HarborRobotAccount(this, id, {
      ...options,
      level: HarborPermissionKind.PROJECT,
      // The name, not the id: robot permissions refer to projects by name.
      permissions: [{ kind: HarborPermissionKind.PROJECT, namespace: this.projectNameRef, access: [...options.permissions.access] }],
      connection: this.connection,
    });
  }

  private checkRepository(repository: string): void {
    if (isUnresolved(repository)) return;
    if (typeof repository !== 'string' || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) {
      throw new ValidationError(this.node.path, [{ property: 'repository', problem: 'is not a repository name', value: repository, allowed: 'lowercase path segments inside the project, e.g. "api" or "team/api"' }]);
    }
  }
}

/** A project that exists outside this app, known by name (no lookup is made). */
class ImportedHarborProject extends HarborProjectBase {
  public readonly projectName: string;
  public readonly connection: HarborConnection;
  protected readonly projectNameRef: string;

  constructor(scope: Construct, id: string, projectName: string, connection?: HarborConnection) {
    super(scope, id);
    const v = new Violations();
    validateProjectName(v, projectName);
    v.throwIfAny(this.node.path);
    this.projectName = projectName;
    this.projectNameRef = projectName;
    this.connection = HarborConnection.of(this, connection);
  }
}

/**
 * A Harbor project (`harbor_project`) with safe defaults: private, scan on push, pulls of images with critical
 * vulnerabilities refused, release tags immutable, no force destroy. Adds its retention policy
 * (`harbor_retention_policy`), immutability rules, robots and members. Import id: `/projects/<id>`.
 */
export class HarborProject extends HarborProjectBase {
  /**
   * A project that exists in Harbor but is not managed here, by name: for image URIs, its endpoint and robots.
   * Nothing is looked up at plan time; a robot on a project that does not exist fails at apply.
   */
  public static fromProjectName(scope: Construct, id: string, projectName: string, connection?: HarborConnection): IHarborProject {
    return new ImportedHarborProject(scope, id, projectName, connection);
  }

  /** The `harbor_project` resource (escape hatch). */
  public readonly resource: Project;
  /** The `harbor_retention_policy` resource, when the project has retention (escape hatch). */
  public readonly retentionPolicyResource?: RetentionPolicyResource;
  /** The `harbor_immutable_tag_rule` resources (escape hatch). */
  public readonly immutableTagRuleResources: ImmutableTagRule[] = [];
  /** The project name. */
  public readonly projectName: string;
  /** The retention rules in force, as compiled or given. */
  public readonly retentionRules: readonly HarborRetentionRule[];
  /** The Harbor instance the project lives in. */
  public readonly connection: HarborConnection;

  private readonly members: { resource: ProjectMemberUser | ProjectMemberGroup; key: string }[] = [];
  private idToken?: string;
  private nameToken?: string;

  constructor(scope: Construct, id: string, props: HarborProjectProps) {
    super(scope, id);
    const v = new Violations();
    validateProjectName(v, props.projectName);
    const security = props.deploymentSecurity ?? HarborDeploymentSecurity.CRITICAL;
    if (!Object.values(HarborDeploymentSecurity).includes(security)) {
      v.add('deploymentSecurity', 'is not a severity', security, `one of HarborDeploymentSecurity.${Object.keys(HarborDeploymentSecurity).join(', ')}`);
    }
    (props.cveAllowlist ?? []).forEach((cve, i) => {
      if (typeof cve !== 'string' || (!isUnresolved(cve) && !CVE_ID.test(cve))) v.add(`cveAllowlist[${i}]`, 'is not a CVE id', cve, 'CVE-<year>-<number>, e.g. "CVE-2024-3094"');
    });
    if (props.cveAllowlist && security === HarborDeploymentSecurity.OFF) {
      v.add('cveAllowlist', 'has no effect with deploymentSecurity OFF', props.cveAllowlist, 'turn deployment security on, or drop the allowlist');
    }
    const quota = props.storageQuotaGiB;
    if (quota !== undefined && !isUnresolved(quota) && (!Number.isInteger(quota) || quota < 1)) {
      v.add('storageQuotaGiB', 'must be a whole number of GiB, at least 1', quota, 'a positive whole number, or leave it unset for no quota');
    }
    if (props.proxyCacheEndpoint === undefined) {
      if (props.proxySpeedKb !== undefined) v.add('proxySpeedKb', 'is only allowed on a proxy-cache project (Harbor refuses it at apply otherwise)', props.proxySpeedKb, 'set proxyCacheEndpoint, or drop proxySpeedKb');
      if (props.proxyCacheLocalOnNotFound !== undefined) v.add('proxyCacheLocalOnNotFound', 'is only allowed on a proxy-cache project (Harbor refuses it at apply otherwise)', props.proxyCacheLocalOnNotFound, 'set proxyCacheEndpoint, or drop proxyCacheLocalOnNotFound');
    }
    const speed = props.proxySpeedKb;
    if (speed !== undefined && !isUnresolved(speed) && (!Number.isInteger(speed) || speed < 1)) {
      v.add('proxySpeedKb', 'must be a whole number of KB/s, at least 1', speed, 'a positive whole number, or leave it unset for no limit');
    }
    if (props.retentionPolicy && props.retentionRules) {
      v.add('retentionPolicy', 'cannot be combined with retentionRules', '(both given)', 'give either a neutral retentionPolicy or native retentionRules');
    }
    if (props.retentionSchedule && !props.retentionPolicy && !props.retentionRules) {
      v.add('retentionSchedule', 'has no retention policy to schedule', props.retentionSchedule.expression, 'add retentionPolicy or retentionRules, or drop the schedule');
    }
    const schedule = props.retentionSchedule ?? HarborSchedule.DAILY;
    if (!(schedule instanceof HarborSchedule)) v.add('retentionSchedule', 'is not a HarborSchedule', schedule, 'HarborSchedule.DAILY, HOURLY, WEEKLY or HarborSchedule.cron("0 0 2 * * *")');
    else schedule.validate(v, 'retentionSchedule');
    // The compiler checks the schedule too; a schedule already reported is not passed on, so it is reported once.
    const scheduleOk = schedule instanceof HarborSchedule && !v.items.some((x) => x.property === 'retentionSchedule');
    let retention: HarborRetentionRule[] | undefined;
    if (props.retentionRules) {
      retention = [...props.retentionRules];
      v.addAll('', validateHarborRetentionPolicy({ rules: retention }).items.map((x) => ({ ...x, property: camel(x.property.replace(/^rule\b/, 'retentionRules')) })));
    } else if (props.retentionPolicy) {
      try {
        const compiled = compileOnce(props.retentionPolicy, props.allowRetentionApproximations ?? false, scheduleOk ? schedule.expression : HarborSchedule.DAILY.expression);
        retention = compiled.rules;
        for (const w of compiled.warnings) Annotations.of(this).addWarning(`retentionPolicy: ${w}`);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        v.addAll('', e.violations.map((x) => ({ ...x, property: x.property === 'schedule' ? 'retentionSchedule' : `retentionPolicy.${x.property}` })));
      }
    }
    // A proxy cache must be able to refresh a tag that moved upstream (nginx:1.27), so it gets no default rule.
    const immutable = props.immutableTagRules ?? (props.proxyCacheEndpoint ? [] : [{ tagMatching: DEFAULT_IMMUTABLE_TAGS }]);
    if (props.proxyCacheEndpoint && immutable.length > 0) {
      Annotations.of(this).addWarning(
        'immutableTagRules on a proxy-cache project keep the first cached copy of a matching tag: when the tag moves upstream, the cache keeps serving the old image',
      );
    }
    immutable.forEach((rule, i) => validateImmutableRule(v, `immutableTagRules[${i}]`, rule));
    (props.members ?? []).forEach((m, i) => validateMember(v, `members[${i}]`, m));
    v.throwIfAny(this.node.path);

    if (props.scanOnPush === false && security !== HarborDeploymentSecurity.OFF) {
      Annotations.of(this).addWarning(
        `deploymentSecurity ${security.toUpperCase()} only blocks images that have scan results; with scanOnPush off, images are scanned only by a scan-all schedule or by hand`,
      );
    }
    const scoped = props.retentionPolicy?.repositories?.filter((r) => !isUnresolved(props.projectName) && r.startsWith(`${props.projectName}/`));
    if (scoped && scoped.length > 0) {
      Annotations.of(this).addWarning(
        `retentionPolicy.repositories ${scoped.join(', ')} start with the project name; Harbor matches repository names inside the project (e.g. "checkout", not "${props.projectName}/checkout"), so these select ${props.projectName}/${scoped[0]}`,
      );
    }

    this.connection = HarborConnection.of(this, props.connection);
    // Two constructs for one project would fight over its single retention policy (the provider adopts an existing
    // one on create) and its settings; the second create would fail only at apply.
    const names = PROJECT_NAMES.get(this.connection) ?? new Map<string, HarborProject>();
    PROJECT_NAMES.set(this.connection, names);
    const owner = isUnresolved(props.projectName) ? undefined : names.get(props.projectName);
    if (owner !== undefined) {
      throw new ValidationError(this.node.path, [
        { property: 'projectName', problem: `is already managed by ${owner.node.path} on the same Harbor`, value: props.projectName, allowed: 'one HarborProject per project' },
      ]);
    }
    if (!isUnresolved(props.projectName)) names.set(props.projectName, this);
    this.projectName = props.projectName;
    this.resource = new Project(this, 'Resource', {
      name: props.projectName,
      public: props.public ?? false,
      vulnerabilityScanning: props.scanOnPush ?? true,
      deploymentSecurity: security === HarborDeploymentSecurity.OFF ? undefined : security,
      cveAllowlist: props.cveAllowlist,
      enableContentTrustCosign: props.requireCosignSignature ?? false,
      storageQuota: quota ?? -1,
      forceDestroy: props.forceDestroy ?? false,
      vulnerabilityScanner: props.vulnerabilityScanner,
      autoSbomGeneration: props.autoSbomGeneration,
      registryId: props.proxyCacheEndpoint?.registryId,
      proxySpeedKb: props.proxySpeedKb,
      proxyCacheLocalOnNotFound: props.proxyCacheLocalOnNotFound,
      provider: this.connection.provider,
    });

    this.retentionRules = retention ?? [];
    if (retention) {
      this.retentionPolicyResource = new RetentionPolicyResource(this, 'Retention', {
        scope: this.projectIdPath,
        schedule: schedule.expression,
        rule: retention.map((r) => ({ ...r })),
        provider: this.connection.provider,
      });
    }
    immutable.forEach((rule, i) => {
      const useRepoMatching = rule.repoExcluding === undefined;
      this.immutableTagRuleResources.push(
        new ImmutableTagRule(this, `Immutable${i}`, {
          // The API path, not the bare number: the provider reads "/projects/N" back, and a bare N would replace the rule on every plan.
          projectId: this.projectIdPath,
          tagMatching: rule.tagMatching,
          tagExcluding: rule.tagExcluding,
          repoMatching: useRepoMatching ? rule.repoMatching ?? '**' : undefined,
          repoExcluding: rule.repoExcluding,
          disabled: rule.disabled ?? false,
          provider: this.connection.provider,
        }),
      );
    });
    for (const m of props.members ?? []) this.createMember(m);
  }

  /** The project's API path `/projects/<id>`, which every other Harbor resource refers to it by. */
  public get projectIdPath(): string {
    return (this.idToken ??= this.resource.id);
  }

  /** The project name as a reference to the project resource, so that what uses it is created after the project. */
  public get projectNameRef(): string {
    return (this.nameToken ??= this.resource.name);
  }

  /** Harbor's numeric project id. */
  public get projectId(): number {
    return this.resource.projectId;
  }

  /** Gives a user or group a role in the project. */
  public addMember(member: HarborMember): void {
    const v = new Violations();
    validateMember(v, 'member', member);
    v.throwIfAny(this.node.path);
    this.createMember(member);
  }

  private createMember(m: HarborMember): void {
    const key = `${m.kind}:${m.groupType ?? ''}:${m.name}`;
    if (this.members.some((x) => x.key === key)) {
      throw new ValidationError(this.node.path, [{ property: 'members', problem: 'names the same user or group twice', value: m.name, allowed: 'one role per user or group' }]);
    }
    const id = `Member${this.members.length}`;
    const resource =
      m.kind === 'user'
        ? new ProjectMemberUser(this, id, { projectId: this.projectIdPath, userName: m.name, role: m.role, provider: this.connection.provider })
        : new ProjectMemberGroup(this, id, { projectId: this.projectIdPath, groupName: m.name, type: m.groupType!, role: m.role, ldapGroupDn: m.ldapGroupDn, provider: this.connection.provider });
    this.members.push({ resource, key });
  }

  /** The `harbor_project_member_user` resources, in the order added (escape hatch). */
  public get memberUserResources(): ProjectMemberUser[] {
    return this.members.map((m) => m.resource).filter((r): r is ProjectMemberUser => r instanceof ProjectMemberUser);
  }

  /** The `harbor_project_member_group` resources, in the order added (escape hatch). */
  public get memberGroupResources(): ProjectMemberGroup[] {
    return this.members.map((m) => m.resource).filter((r): r is ProjectMemberGroup => r instanceof ProjectMemberGroup);
  }

}

// One policy object is usually shared by many projects; the compiled result depends only on the policy and the two
// options, so it is computed once per combination (thousands of projects per stack, bench/run.js).
const COMPILED = new WeakMap<RetentionPolicy, Map<string, { result?: HarborCompileResult; error?: unknown }>>();

function compileOnce(policy: RetentionPolicy, allowApproximations: boolean, schedule: string): HarborCompileResult {
  const byOptions = COMPILED.get(policy) ?? new Map<string, { result?: HarborCompileResult; error?: unknown }>();
  COMPILED.set(policy, byOptions);
  const key = `${allowApproximations}\u0000${schedule}`;
  let entry = byOptions.get(key);
  if (!entry) {
    try {
      entry = { result: compileToHarbor(policy, { allowApproximations, schedule }) };
    } catch (error) {
      entry = { error };
    }
    byOptions.set(key, entry);
  }
  if (entry.error !== undefined) throw entry.error;
  return entry.result!;
}

/** The grammar's Terraform attribute names (`rule[0].tag_matching`) as the props the user wrote (`tagMatching`). */
function camel(property: string): string {
  return property.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function validateProjectName(v: Violations, name: unknown): void {
  if (typeof name !== 'string') {
    v.add('projectName', 'must be a string', name, 'a name such as "payments"');
    return;
  }
  if (isUnresolved(name)) return;
  if (name.length < 1 || name.length > 255) v.add('projectName', `must be 1-255 characters long, not ${name.length}`, name, 'a name of 1 to 255 characters');
  if (!PROJECT_NAME.test(name)) v.add('projectName', 'is not a valid Harbor project name', name, 'lowercase letters and digits separated by single ".", "_" or "-", e.g. "payments" or "team-a"');
}

function validateImmutableRule(v: Violations, at: string, rule: HarborImmutableTagRule): void {
  const tagSet = rule.tagMatching !== undefined;
  if (tagSet === (rule.tagExcluding !== undefined)) {
    v.add(
      `${at}`,
      tagSet
        ? 'sets both tagMatching and tagExcluding: the provider keeps only the excluding pattern and then shows a change on every plan'
        : 'sets neither tagMatching nor tagExcluding',
      { tagMatching: rule.tagMatching, tagExcluding: rule.tagExcluding },
      'exactly one of tagMatching and tagExcluding',
    );
  }
  if (rule.repoMatching !== undefined && rule.repoExcluding !== undefined) {
    v.add(
      `${at}`,
      'sets both repoMatching and repoExcluding: the provider keeps only the excluding pattern and then shows a change on every plan',
      { repoMatching: rule.repoMatching, repoExcluding: rule.repoExcluding },
      'at most one of repoMatching and repoExcluding (repoMatching defaults to "**")',
    );
  }
  for (const key of ['tagMatching', 'tagExcluding', 'repoMatching', 'repoExcluding'] as const) {
    const pattern = rule[key];
    if (pattern === undefined || isUnresolved(pattern)) continue;
    const problem = typeof pattern !== 'string' || pattern === '' ? 'must be a non-empty string' : harborDoublestarProblem(pattern);
    if (problem) v.add(`${at}.${key}`, `is not a valid doublestar pattern (${problem})`, pattern, 'a doublestar pattern such as "v*", "**" or "{v*,release-*}"');
  }
}

function validateMember(v: Violations, at: string, m: HarborMember): void {
  if (!(m instanceof HarborMember)) {
    v.add(at, 'is not a HarborMember', m, 'HarborMember.user(name, role) or HarborMember.group(name, type, role)');
    return;
  }
  if (typeof m.name !== 'string' || m.name.trim() === '') v.add(`${at}.name`, 'is empty', m.name, 'an existing user or group name');
  if (!Object.values(HarborRole).includes(m.role)) v.add(`${at}.role`, 'is not a Harbor role', m.role, `one of HarborRole.${Object.keys(HarborRole).join(', ')}`);
  if (m.kind === 'group') {
    if (!Object.values(HarborGroupType).includes(m.groupType!)) v.add(`${at}.type`, 'is not a group type', m.groupType, 'HarborGroupType.LDAP, INTERNAL or OIDC');
    if (m.groupType === HarborGroupType.LDAP && !m.ldapGroupDn) v.add(`${at}.ldapGroupDn`, 'is required for an LDAP group', m.ldapGroupDn, 'the group DN, e.g. "cn=devs,ou=groups,dc=example,dc=com"');
    if (m.groupType !== HarborGroupType.LDAP && m.ldapGroupDn !== undefined) v.add(`${at}.ldapGroupDn`, 'is only for LDAP groups', m.ldapGroupDn, 'drop it, or use HarborGroupType.LDAP');
  }
}
