/** CI identities for Artifact Registry through Workload Identity Federation: CI subjects and GarCiIdentity (a pool, an OIDC provider, and a grantee). */

import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IArtifactRegistryRepo } from './artifact-registry-repo';
import { validateProjectId } from './gcp-ids';
import { GcpMember, GarRole, IGarGrantee } from './member';
import { GcpApi, GcpProjectServices } from './project-services';

/** The CI system whose OIDC tokens are trusted. */
export enum CiPlatform {
  /** GitHub Actions (`https://token.actions.githubusercontent.com`). */
  GITHUB_ACTIONS = 'github-actions',
  /** GitLab CI/CD (`https://gitlab.com`, or a self-managed instance). */
  GITLAB = 'gitlab',
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITLAB_ISSUER = 'https://gitlab.com';
const GITHUB_REPOSITORY = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}\/[A-Za-z0-9._-]{1,100}$/;
const GITLAB_PROJECT_PATH = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/;
const REF_NAME = /^[^\s~^:?[\\'"*]+\*?$/;
const ENVIRONMENT = /^[^\s'"`,;\\*]{1,255}$/;

/** CEL for a ref name that may end in one `*` (prefix match). */
function refCondition(claim: string, value: string): string {
  return value.endsWith('*') ? `${claim}.startsWith('${value.slice(0, -1)}')` : `${claim} == '${value}'`;
}

/**
 * Which CI jobs may use an identity. Each subject becomes one clause of the provider's attribute condition,
 * written against the token's claims; `*` is allowed at the end of branch and tag names.
 */
export class CiSubject {
  /** GitHub Actions jobs for a branch, e.g. `gitHubBranch('acme/shop', 'main')` or `'release-*'`. */
  public static gitHubBranch(repository: string, branch: string): CiSubject {
    return new CiSubject(CiPlatform.GITHUB_ACTIONS, repository, `assertion.repository == '${repository}' && ${refCondition('assertion.ref', `refs/heads/${branch}`)}`, 'branch', branch);
  }

  /** GitHub Actions jobs for a tag, e.g. `gitHubTag('acme/shop', 'v*')`. */
  public static gitHubTag(repository: string, tag: string): CiSubject {
    return new CiSubject(CiPlatform.GITHUB_ACTIONS, repository, `assertion.repository == '${repository}' && ${refCondition('assertion.ref', `refs/tags/${tag}`)}`, 'tag', tag);
  }

  /** GitHub Actions jobs that use an environment (which can require reviewers), e.g. `'production'`. */
  public static gitHubEnvironment(repository: string, environment: string): CiSubject {
    return new CiSubject(CiPlatform.GITHUB_ACTIONS, repository, `assertion.repository == '${repository}' && assertion.environment == '${environment}'`, 'environment', environment);
  }

  /**
   * GitHub Actions jobs triggered by pull requests, which run the author's code (also from forks where the
   * workflow allows it): an identity with it gets pull access only unless `allowUntrustedSubjects` is set.
   */
  public static gitHubPullRequest(repository: string): CiSubject {
    return new CiSubject(CiPlatform.GITHUB_ACTIONS, repository, `assertion.repository == '${repository}' && assertion.event_name == 'pull_request'`, undefined, undefined, true);
  }

  /** Every GitHub Actions job of the repository, pull requests included: pull access only unless opted in. */
  public static gitHubAnyRef(repository: string): CiSubject {
    return new CiSubject(CiPlatform.GITHUB_ACTIONS, repository, `assertion.repository == '${repository}'`, undefined, undefined, true);
  }

  /** GitLab jobs for a protected branch, e.g. `gitLabBranch('acme/shop', 'main')` (the branch must be protected). */
  public static gitLabBranch(projectPath: string, branch: string): CiSubject {
    return new CiSubject(
      CiPlatform.GITLAB,
      projectPath,
      `assertion.project_path == '${projectPath}' && assertion.ref_type == 'branch' && ${refCondition('assertion.ref', branch)} && assertion.ref_protected == 'true'`,
      'branch',
      branch,
    );
  }

  /** GitLab jobs for a protected tag, e.g. `gitLabTag('acme/shop', 'v*')`. */
  public static gitLabTag(projectPath: string, tag: string): CiSubject {
    return new CiSubject(
      CiPlatform.GITLAB,
      projectPath,
      `assertion.project_path == '${projectPath}' && assertion.ref_type == 'tag' && ${refCondition('assertion.ref', tag)} && assertion.ref_protected == 'true'`,
      'tag',
      tag,
    );
  }

  /**
   * Every GitLab job of the project, unprotected branches and merge requests included (anyone with Developer
   * access can run code there): pull access only unless `allowUntrustedSubjects` is set.
   */
  public static gitLabAnyRef(projectPath: string): CiSubject {
    return new CiSubject(CiPlatform.GITLAB, projectPath, `assertion.project_path == '${projectPath}'`, undefined, undefined, true);
  }

  private constructor(
    /** The CI system. */
    public readonly platform: CiPlatform,
    /** The GitHub repository (`owner/name`) or GitLab project path (`group/project`). */
    public readonly repository: string,
    /** The CEL clause of the attribute condition. */
    public readonly condition: string,
    private readonly partName?: string,
    private readonly part?: string,
    /** True when jobs with this subject may run code nobody with write access reviewed. */
    public readonly mayRunUntrustedCode: boolean = false,
  ) {}

  /** Checks the repository and the branch, tag or environment name (tokens are refused: the condition is text). */
  public validate(property: string): Violations {
    const v = new Violations();
    const github = this.platform === CiPlatform.GITHUB_ACTIONS;
    if (typeof this.repository !== 'string' || isUnresolved(this.repository) || !(github ? GITHUB_REPOSITORY : GITLAB_PROJECT_PATH).test(this.repository)) {
      v.add(
        `${property}.repository`,
        github ? 'is not a GitHub repository' : 'is not a GitLab project path',
        this.repository,
        github ? '"owner/name" (a literal; the attribute condition is text)' : '"group/project" or "group/subgroup/project" (a literal)',
      );
    }
    if (this.partName && this.part !== undefined) {
      const shape = this.partName === 'environment' ? ENVIRONMENT : REF_NAME;
      if (typeof this.part !== 'string' || isUnresolved(this.part) || this.part.length === 0 || this.part.length > 255 || !shape.test(this.part)) {
        v.add(
          `${property}.${this.partName}`,
          `is not a valid ${this.partName} name`,
          this.part,
          this.partName === 'environment' ? '1-255 characters without spaces, quotes or "*"' : '1-255 characters without spaces, quotes, ":", "~", "^", "?", "[", "\\"; one "*" allowed at the end',
        );
      }
    }
    return v;
  }
}

/** What a CI identity may do on its repositories. */
export enum GarCiAccess {
  /** Pull images (`roles/artifactregistry.reader`). */
  PULL = 'pull',
  /** Push and pull images (`roles/artifactregistry.writer`; cannot delete). */
  PUSH = 'push',
  /** Push, pull and delete images (`roles/artifactregistry.repoAdmin`). */
  DELETE = 'delete',
}

/** Properties of a GarCiIdentity. */
export interface GarCiIdentityProps {
  /**
   * The CI jobs that may use the identity, all of one platform. Required and non-empty: they make the
   * provider's attribute condition, without which any repository on GitHub or GitLab could use the pool.
   */
  readonly subjects: CiSubject[];
  /** The workload identity pool id: 4-32 lowercase letters, digits and hyphens, not starting with `gcp-`. */
  readonly poolId: string;
  /**
   * The OIDC provider id (same rules as the pool id).
   * @default "github" or "gitlab"
   */
  readonly providerId?: string;
  /**
   * A further condition (CEL over `assertion.*`), ANDed with the subjects' clauses, e.g.
   * `assertion.repository_owner_id == '1234567'` against repository-name reuse.
   * @default - the subjects' clauses only
   */
  readonly attributeCondition?: string;
  /**
   * The GitLab issuer of a self-managed instance (https URL, no trailing slash).
   * @default "https://gitlab.com" for GitLab subjects
   */
  readonly gitLabIssuerUri?: string;
  /**
   * Impersonate a service account created with this account id (6-30 characters) instead of granting the
   * federated identities directly. Some tools (older gcloud flows, signed URLs) need a service account.
   * @default - direct grants to `principalSet://` members, no service account
   */
  readonly serviceAccountId?: string;
  /**
   * Repositories granted `access` now (more later with `repo.grantPull(identity)` and friends).
   * @default - none
   */
  readonly repositories?: IArtifactRegistryRepo[];
  /**
   * What the identity may do on `repositories`.
   * @default GarCiAccess.PULL
   */
  readonly access?: GarCiAccess;
  /**
   * Let an identity that pull-request or any-ref subjects can use push or delete. Off by default: a pull request
   * runs its author's code, which could then push images that production pulls. Prefer a second identity with
   * branch, tag or environment subjects for pushes.
   * @default false
   */
  readonly allowUntrustedSubjects?: boolean;
  /**
   * The project of the pool (and service account).
   * @default - the provider's project
   */
  readonly project?: string;
  /**
   * Enable IAM, STS and (with a service account) IAM Credentials with `disable_on_destroy = false`.
   * @default false
   */
  readonly enableApis?: boolean;
  /**
   * The Google provider.
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

const POOL_ID = /^[a-z0-9-]{4,32}$/;
const ACCOUNT_ID = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;

/**
 * A CI identity for Artifact Registry through Workload Identity Federation: a workload identity pool, an OIDC
 * provider for GitHub Actions or GitLab with an attribute mapping and a required attribute condition built from
 * the subjects, and either direct `principalSet://` members or an impersonated service account. It is an
 * IGarGrantee: `repo.grantPush(identity)` grants its members, and refuses push for untrusted subjects.
 */
export class GarCiIdentity extends Construct implements IGarGrantee {
  /** The CI platform. */
  public readonly platform: CiPlatform;
  /** The `google_iam_workload_identity_pool` (escape hatch). */
  public readonly pool: IamWorkloadIdentityPool;
  /** The `google_iam_workload_identity_pool_provider` (escape hatch). */
  public readonly oidcProvider: IamWorkloadIdentityPoolProvider;
  /** The impersonated service account, with `serviceAccountId` (escape hatch). */
  public readonly serviceAccount?: ServiceAccount;
  /** The attribute condition as rendered. */
  public readonly attributeCondition: string;
  /** The members grants go to: one principalSet per CI repository, or the service account. */
  public readonly grantMembers: GcpMember[];

  private readonly untrusted: string[];

  constructor(scope: Construct, id: string, props: GarCiIdentityProps) {
    super(scope, id);
    const v = new Violations();
    const subjects = props.subjects ?? [];
    const access = props.access ?? GarCiAccess.PULL;
    if (subjects.length === 0) {
      v.add('subjects', 'is empty: the provider would have no attribute condition and any repository on the CI platform could use the pool', subjects, 'at least one CiSubject, e.g. CiSubject.gitHubBranch("acme/shop", "main")');
    }
    subjects.forEach((s, i) => {
      if (!(s instanceof CiSubject)) {
        v.add(`subjects[${i}]`, 'is not a CiSubject', s, 'CiSubject.gitHubBranch/gitHubTag/gitHubEnvironment/gitHubPullRequest/gitHubAnyRef or gitLabBranch/gitLabTag/gitLabAnyRef');
        return;
      }
      v.addAll('', s.validate(`subjects[${i}]`).items);
      if (s.mayRunUntrustedCode && access !== GarCiAccess.PULL && !props.allowUntrustedSubjects) {
        v.add(`subjects[${i}]`, `lets jobs that run unreviewed code (pull requests, any ref) use an identity with ${access} access`, s.condition, 'access: GarCiAccess.PULL for this identity and a separate push identity for branch, tag or environment subjects; or allowUntrustedSubjects: true if you accept the risk');
      }
    });
    const platforms = [...new Set(subjects.filter((s) => s instanceof CiSubject).map((s) => s.platform))];
    if (platforms.length > 1) v.add('subjects', 'mix GitHub Actions and GitLab subjects, but one OIDC provider trusts one issuer', platforms, 'one GarCiIdentity per CI platform');
    const platform = platforms[0] ?? CiPlatform.GITHUB_ACTIONS;
    this.checkId(v, 'poolId', props.poolId);
    if (props.providerId !== undefined) this.checkId(v, 'providerId', props.providerId);
    validateProjectId(v, props.project);
    if (props.attributeCondition !== undefined && !isUnresolved(props.attributeCondition) && !/\bassertion\.[a-z_]/.test(props.attributeCondition)) {
      v.add('attributeCondition', 'does not reference a token claim', props.attributeCondition, "a CEL expression over assertion.<claim>, e.g. assertion.repository_owner_id == '1234567'");
    }
    if (props.gitLabIssuerUri !== undefined) {
      if (platform !== CiPlatform.GITLAB) v.add('gitLabIssuerUri', 'only applies to GitLab subjects', props.gitLabIssuerUri, 'drop it, or use CiSubject.gitLab*');
      else if (!isUnresolved(props.gitLabIssuerUri) && !/^https:\/\/[^\s/]+(?:\/[^\s]*[^\s/])?$/.test(props.gitLabIssuerUri)) {
        v.add('gitLabIssuerUri', 'is not an https issuer URL without a trailing slash', props.gitLabIssuerUri, 'e.g. "https://gitlab.example.com"');
      }
    }
    if (props.serviceAccountId !== undefined && !isUnresolved(props.serviceAccountId) && !ACCOUNT_ID.test(props.serviceAccountId)) {
      v.add('serviceAccountId', 'is not a service account id', props.serviceAccountId, '6-30 lowercase letters, digits and "-", starting with a letter and not ending with "-"');
    }
    if (!Object.values(GarCiAccess).includes(access)) v.add('access', 'is not an access level', access, 'GarCiAccess.PULL, PUSH or DELETE');
    v.throwIfAny(this.node.path);

    this.platform = platform;
    this.untrusted = props.allowUntrustedSubjects ? [] : subjects.filter((s) => s.mayRunUntrustedCode).map((s) => s.repository);
    const github = platform === CiPlatform.GITHUB_ACTIONS;
    const clauses = subjects.map((s) => (subjects.length > 1 ? `(${s.condition})` : s.condition));
    const subjectCondition = clauses.join(' || ');
    this.attributeCondition = props.attributeCondition ? `(${subjectCondition}) && (${props.attributeCondition})` : subjectCondition;

    const dependsOn: ITerraformDependable[] = [];
    if (props.enableApis) {
      const services = GcpProjectServices.of(this, props.project, props.provider);
      dependsOn.push(services.enable(GcpApi.IAM), services.enable(GcpApi.STS));
      if (props.serviceAccountId) dependsOn.push(services.enable(GcpApi.IAM_CREDENTIALS));
    }
    this.pool = new IamWorkloadIdentityPool(this, 'Pool', {
      workloadIdentityPoolId: props.poolId,
      displayName: props.poolId,
      description: `CI identities (${github ? 'GitHub Actions' : 'GitLab'}) for Artifact Registry`,
      project: props.project,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      provider: props.provider,
    });
    this.oidcProvider = new IamWorkloadIdentityPoolProvider(this, 'Provider', {
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: props.providerId ?? (github ? 'github' : 'gitlab'),
      displayName: github ? 'GitHub Actions' : 'GitLab',
      project: props.project,
      attributeMapping: github
        ? {
          'google.subject': 'assertion.sub',
          'attribute.repository': 'assertion.repository',
          'attribute.repository_owner': 'assertion.repository_owner',
          'attribute.ref': 'assertion.ref',
          'attribute.event_name': 'assertion.event_name',
        }
        : {
          'google.subject': 'assertion.sub',
          'attribute.project_path': 'assertion.project_path',
          'attribute.ref': 'assertion.ref',
          'attribute.ref_type': 'assertion.ref_type',
        },
      attributeCondition: this.attributeCondition,
      oidc: { issuerUri: github ? GITHUB_ISSUER : (props.gitLabIssuerUri ?? GITLAB_ISSUER) },
      provider: props.provider,
    });

    const attribute = github ? 'repository' : 'project_path';
    const repositories = [...new Set(subjects.map((s) => s.repository))];
    const principalSets = repositories.map((r) => GcpMember.principalSet(`principalSet://iam.googleapis.com/${this.pool.name}/attribute.${attribute}/${r}`));
    if (props.serviceAccountId) {
      this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', {
        accountId: props.serviceAccountId,
        displayName: `CI (${github ? 'GitHub Actions' : 'GitLab'}) for Artifact Registry`,
        project: props.project,
        provider: props.provider,
      });
      principalSets.forEach((m, i) => {
        new ServiceAccountIamMember(this, `WorkloadIdentityUser${i}`, {
          serviceAccountId: this.serviceAccount!.name,
          role: 'roles/iam.workloadIdentityUser',
          member: m.toString(),
          provider: props.provider,
        });
      });
      this.grantMembers = [GcpMember.serviceAccount(this.serviceAccount.email)];
    } else {
      this.grantMembers = principalSets;
    }

    for (const repo of props.repositories ?? []) {
      if (access === GarCiAccess.PUSH) repo.grantPush(this);
      else if (access === GarCiAccess.DELETE) repo.grantDelete(this);
      else repo.grantPull(this);
    }
  }

  /**
   * The provider's full name, `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`:
   * the `workload_identity_provider` input of google-github-actions/auth, or the audience GitLab jobs request.
   */
  public get workloadIdentityProviderName(): string {
    return this.oidcProvider.name;
  }

  /** The impersonated service account's email, with `serviceAccountId`. */
  public get serviceAccountEmail(): string | undefined {
    return this.serviceAccount?.email;
  }

  /** Refuses roles beyond pull for an identity that untrusted subjects can use, unless opted in. */
  public grantProblem(role: string): string | undefined {
    if (this.untrusted.length === 0 || role === GarRole.READER) return undefined;
    return `is a CI identity that pull-request or any-ref jobs of ${this.untrusted.join(', ')} can use, so it may only pull (asked: ${role}); use a separate identity for pushes, or allowUntrustedSubjects: true`;
  }

  private checkId(v: Violations, property: string, value: string): void {
    if (isUnresolved(value)) return;
    if (typeof value !== 'string' || !POOL_ID.test(value)) v.add(property, `is not a valid ${property === 'poolId' ? 'pool' : 'provider'} id`, value, '4-32 lowercase letters, digits and "-"');
    else if (value.startsWith('gcp-')) v.add(property, 'starts with "gcp-", which Google reserves', value, 'another prefix');
  }
}
