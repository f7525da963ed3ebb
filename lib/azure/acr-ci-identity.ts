/** AcrCiIdentity: a user-assigned managed identity that GitHub Actions or GitLab CI jobs sign in as (federated credentials). */

import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError, Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IAcrRegistry } from './acr-registry';
import { USER_ASSIGNED_IDENTITY_NAME, checkAzureName } from './names';
import { AzurePrincipal, IAcrGrantee } from './principal';
import { AcrRole } from './roles';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITLAB_ISSUER = 'https://gitlab.com';
const ENTRA_AUDIENCE = 'api://AzureADTokenExchange';
const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9._-]{1,100}$/;
const GITLAB_PROJECT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;
const REF = /^[^\s:~^?[\\*]{1,255}$/;
const ENVIRONMENT = /^[^\s'"*]{1,255}$/;

/**
 * Which CI jobs may sign in as the identity: one federated identity credential each. Entra matches the token's
 * `sub` claim against a credential's `subject` exactly, and azurerm's `azurerm_federated_identity_credential` has no
 * other matching form, so each branch, tag or environment is listed.
 */
export class AcrCiSubject {
  /** GitHub Actions jobs on a branch: `repo:<owner>/<name>:ref:refs/heads/<branch>`. */
  public static githubBranch(repository: string, branch: string): AcrCiSubject {
    return new AcrCiSubject('github', GITHUB_ISSUER, repository, `repo:${repository}:ref:refs/heads/${branch}`, ['branch', branch, REF], false);
  }

  /** GitHub Actions jobs for a tag: `repo:<owner>/<name>:ref:refs/tags/<tag>`. */
  public static githubTag(repository: string, tag: string): AcrCiSubject {
    return new AcrCiSubject('github', GITHUB_ISSUER, repository, `repo:${repository}:ref:refs/tags/${tag}`, ['tag', tag, REF], false);
  }

  /** GitHub Actions jobs in a deployment environment (reviewers and branch rules apply): `repo:<owner>/<name>:environment:<env>`. */
  public static githubEnvironment(repository: string, environment: string): AcrCiSubject {
    return new AcrCiSubject('github', GITHUB_ISSUER, repository, `repo:${repository}:environment:${environment}`, ['environment', environment, ENVIRONMENT], false);
  }

  /**
   * GitHub Actions jobs run for pull requests (`repo:<owner>/<name>:pull_request`). They run the author's code,
   * also from forks where the workflow allows it: an identity with this subject is pull-only unless
   * `allowUntrustedSubjects` is set.
   */
  public static githubPullRequest(repository: string): AcrCiSubject {
    return new AcrCiSubject('github', GITHUB_ISSUER, repository, `repo:${repository}:pull_request`, undefined, true);
  }

  /** GitLab CI jobs on a branch: `project_path:<group>/<project>:ref_type:branch:ref:<branch>`. */
  public static gitlabBranch(projectPath: string, branch: string, issuer: string = GITLAB_ISSUER): AcrCiSubject {
    return new AcrCiSubject('gitlab', issuer, projectPath, `project_path:${projectPath}:ref_type:branch:ref:${branch}`, ['branch', branch, REF], false);
  }

  /** GitLab CI jobs for a tag: `project_path:<group>/<project>:ref_type:tag:ref:<tag>`. */
  public static gitlabTag(projectPath: string, tag: string, issuer: string = GITLAB_ISSUER): AcrCiSubject {
    return new AcrCiSubject('gitlab', issuer, projectPath, `project_path:${projectPath}:ref_type:tag:ref:${tag}`, ['tag', tag, REF], false);
  }

  /** The token issuer. */
  public readonly issuer: string;
  /** The exact `sub` claim. */
  public readonly subject: string;
  /** True when jobs with this subject may run code nobody with write access reviewed (pull requests). */
  public readonly mayRunUntrustedCode: boolean;

  private constructor(
    private readonly platform: 'github' | 'gitlab',
    issuer: string,
    private readonly repository: string,
    subject: string,
    private readonly part: [string, string, RegExp] | undefined,
    mayRunUntrustedCode: boolean,
  ) {
    this.issuer = issuer;
    this.subject = subject;
    this.mayRunUntrustedCode = mayRunUntrustedCode;
  }

  /** Every problem with this subject, under `property`. */
  public validate(property: string): Violations {
    const v = new Violations();
    if (!isUnresolved(this.repository)) {
      if (this.platform === 'github' && !GITHUB_REPO.test(this.repository)) {
        v.add(`${property}.repository`, 'is not a GitHub repository', this.repository, '"owner/name", literal (Entra matches subjects exactly, so no "*")');
      }
      if (this.platform === 'gitlab' && !GITLAB_PROJECT.test(this.repository)) {
        v.add(`${property}.projectPath`, 'is not a GitLab project path', this.repository, '"group/project" or "group/subgroup/project", literal (no "*")');
      }
    }
    if (this.part && !isUnresolved(this.part[1])) {
      const [name, value, shape] = this.part;
      if (value.includes('*')) {
        v.add(
          `${property}.${name}`,
          'has a "*" wildcard, which the credential would never match: Entra compares a federated credential\'s subject exactly, and the wildcard form (a flexible credential\'s claimsMatchingExpression, preview) is not settable through azurerm',
          value,
          `one subject per ${name}, spelled out (at most 20)`,
        );
      } else if (!shape.test(value)) v.add(`${property}.${name}`, `is not a valid ${name} name`, value, `1-255 characters without spaces or ${name === 'environment' ? 'quotes' : '":", "~", "^", "?", "[" and "\\"'}`);
    }
    if (this.platform === 'gitlab' && !isUnresolved(this.issuer) && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(this.issuer)) {
      v.add(`${property}.issuer`, 'is not an https URL', this.issuer, 'the GitLab instance URL, e.g. "https://gitlab.com"');
    }
    return v;
  }
}

/** What the CI identity may do on its registries. */
export enum AcrCiAccess {
  /** Pull images (AcrPull). */
  PULL = 'pull',
  /** Pull and push images (AcrPush). */
  PUSH = 'push',
}

/** Properties of an AcrCiIdentity. */
export interface AcrCiIdentityProps {
  /** The identity name: 3-128 letters, digits, hyphens and underscores, starting with a letter or digit. */
  readonly identityName: string;
  /** The resource group the identity lives in. */
  readonly resourceGroupName: string;
  /** The Azure region of the identity. */
  readonly location: string;
  /** The CI jobs that may sign in as the identity (1-20, Azure's limit of federated credentials per identity). */
  readonly subjects: AcrCiSubject[];
  /**
   * Registries the identity gets `access` on.
   * @default - none (grant later with `registry.grantPull(identity)`)
   */
  readonly registries?: IAcrRegistry[];
  /**
   * What the identity may do on `registries`.
   * @default AcrCiAccess.PULL
   */
  readonly access?: AcrCiAccess;
  /**
   * Let an identity that pull-request jobs sign in as push (or get any other write role). Off by default: a pull
   * request runs its author's code, which could then push images production pulls. Prefer a separate push identity
   * for branch, tag or environment subjects.
   * @default false
   */
  readonly allowUntrustedSubjects?: boolean;
  /**
   * The `aud` the CI token carries.
   * @default "api://AzureADTokenExchange"
   */
  readonly audience?: string;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * The azurerm provider.
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

const READ_ONLY_ROLES = new Set([AcrRole.ACR_PULL.guid, AcrRole.REPOSITORY_READER.guid, AcrRole.REPOSITORY_CATALOG_LISTER.guid, AcrRole.READER.guid, AcrRole.ACR_QUARANTINE_READER.guid]);

/**
 * A user-assigned managed identity with one federated identity credential per CI subject, so GitHub Actions
 * (`azure/login` with `client-id`, `tenant-id`, `subscription-id`) or GitLab jobs sign in without a secret and
 * without an Entra application. It is an IAcrGrantee: `registry.grantPush(identity)` works, and a write role for an
 * identity that pull-request jobs can use is refused unless `allowUntrustedSubjects` is set.
 */
export class AcrCiIdentity extends Construct implements IAcrGrantee {
  /** The `azurerm_user_assigned_identity` resource. */
  public readonly identity: UserAssignedIdentity;
  /** The federated identity credentials, one per subject. */
  public readonly credentials: FederatedIdentityCredential[];
  /** The principal registries grant roles to. */
  public readonly grantPrincipal: AzurePrincipal;
  private readonly untrusted: string[];
  private readonly allowUntrusted: boolean;

  constructor(scope: Construct, id: string, props: AcrCiIdentityProps) {
    super(scope, id);
    const v = new Violations();
    const access = props.access ?? AcrCiAccess.PULL;
    checkAzureName(v, 'identityName', props.identityName, USER_ASSIGNED_IDENTITY_NAME);
    if (!Object.values(AcrCiAccess).includes(access)) v.add('access', 'is not a CI access level', access, 'AcrCiAccess.PULL or PUSH');
    const subjects = props.subjects ?? [];
    if (subjects.length === 0) v.add('subjects', 'must not be empty', props.subjects, 'at least one AcrCiSubject, e.g. AcrCiSubject.githubBranch("owner/repo", "main")');
    if (subjects.length > 20) v.add('subjects', `has ${subjects.length} subjects`, subjects.length, 'at most 20 federated credentials per managed identity');
    const seen = new Set<string>();
    subjects.forEach((s, i) => {
      if (!(s instanceof AcrCiSubject)) {
        v.add(`subjects[${i}]`, 'is not an AcrCiSubject', s, 'AcrCiSubject.githubBranch(...), githubTag, githubEnvironment, githubPullRequest, gitlabBranch or gitlabTag');
        return;
      }
      v.addAll('', s.validate(`subjects[${i}]`).items);
      const key = `${s.issuer} ${s.subject}`;
      if (seen.has(key)) v.add(`subjects[${i}]`, 'is listed twice', s.subject, 'each subject once');
      seen.add(key);
    });
    this.untrusted = subjects.filter((s) => s instanceof AcrCiSubject && s.mayRunUntrustedCode).map((s) => s.subject);
    this.allowUntrusted = props.allowUntrustedSubjects ?? false;
    if (access === AcrCiAccess.PUSH && this.untrusted.length > 0 && !this.allowUntrusted) v.add('access', untrustedProblem(this.untrusted), access, UNTRUSTED_ALLOWED);
    v.throwIfAny(this.node.path);

    this.identity = new UserAssignedIdentity(this, 'Identity', { name: props.identityName, resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags, provider: props.provider });
    this.grantPrincipal = AzurePrincipal.managedIdentity(this.identity.principalId);
    // Azure refuses concurrent writes of federated credentials on one identity: each waits for the previous one.
    this.credentials = [];
    subjects.forEach((s, i) =>
      this.credentials.push(
        new FederatedIdentityCredential(this, `Credential${i + 1}`, {
          name: `${s.issuer === GITHUB_ISSUER ? 'github' : 'gitlab'}-${i + 1}`,
          resourceGroupName: props.resourceGroupName,
          parentId: this.identity.id,
          issuer: s.issuer,
          subject: s.subject,
          audience: [props.audience ?? ENTRA_AUDIENCE],
          dependsOn: i > 0 ? [this.credentials[i - 1]] : undefined,
          provider: props.provider,
        }),
      ),
    );
    for (const registry of props.registries ?? []) {
      if (access === AcrCiAccess.PUSH) registry.grantPush(this);
      else registry.grantPull(this);
    }
  }

  /** The client id CI passes to `azure/login` (`client-id`) or `az login --federated-token`. */
  public get clientId(): string {
    return this.identity.clientId;
  }

  /** The principal id. */
  public get principalId(): string {
    return this.identity.principalId;
  }

  /** Refuses a write role for an identity that pull-request jobs can use (called by registries before granting). */
  public checkRole(role: AcrRole, path: string): void {
    if (READ_ONLY_ROLES.has(role.guid) || this.untrusted.length === 0 || this.allowUntrusted) return;
    throw new ValidationError(path, [{ property: 'grantee', problem: untrustedProblem(this.untrusted), value: role.name, allowed: UNTRUSTED_ALLOWED }]);
  }
}

function untrustedProblem(subjects: string[]): string {
  return `may not get write access while pull-request jobs can sign in as the identity (${subjects.join(', ')}): they run code nobody reviewed`;
}

const UNTRUSTED_ALLOWED = 'a separate push identity for branch, tag or environment subjects, or allowUntrustedSubjects: true';
