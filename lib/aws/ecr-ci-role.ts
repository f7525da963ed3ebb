/** CI identities for ECR: the GitHub Actions OIDC provider, GitHub subjects, and EcrCiRole (an IAM role that is an IEcrGrantee). */

import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Annotations, Lazy, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IEcrRepository } from './ecr-repository';
import { ECR_AUTH_ACTION, ECR_PULL_ACTIONS, ECR_PULL_THROUGH_ACTION, ECR_READ_ACTIONS, IamStatement, renderPolicyDocument, unique } from './iam';
import { AwsPrincipal, IEcrGrantee } from './principal';

/** The issuer of GitHub Actions OIDC tokens. */
const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The audience that aws-actions/configure-aws-credentials requests. */
const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

/** An IAM OIDC identity provider for GitHub Actions tokens. */
export interface IGitHubOidcProvider {
  /** The provider's ARN, `arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`. */
  readonly openIdConnectProviderArn: string;
}

/** Properties of a GitHubOidcProvider. */
export interface GitHubOidcProviderProps {
  /**
   * The AWS provider (account) to create it in.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

const OIDC_PROVIDER_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/**
 * The `token.actions.githubusercontent.com` IAM OIDC provider. An account can hold it only once: if it
 * exists already (created by hand or by another stack), reference it with `GitHubOidcProvider.fromArn`.
 */
export class GitHubOidcProvider extends Construct implements IGitHubOidcProvider {
  /**
   * An existing provider by ARN. The ARN is checked (unless it is a token) by the role that uses the provider,
   * so that the error names that role and comes with its other problems.
   */
  public static fromArn(arn: string): IGitHubOidcProvider {
    return { openIdConnectProviderArn: arn };
  }

  public readonly openIdConnectProviderArn: string;
  /** The `aws_iam_openid_connect_provider` resource (escape hatch). */
  public readonly resource: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    // No thumbprint: IAM trusts GitHub's certificate through its own root CAs, and provider 6 makes it optional.
    this.resource = new IamOpenidConnectProvider(this, 'Resource', {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      tags: props.tags,
      provider: props.provider,
    });
    this.openIdConnectProviderArn = this.resource.arn;
  }
}

const OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/;
const REPO_NAME = /^(?:[A-Za-z0-9._-]{1,100}|\*)$/;
const GITHUB_ID = /^[1-9]\d{0,19}$/;
const REF_PART = /^[^\s~^:?[\\]{1,255}$/;
const ENVIRONMENT = /^[^\s'"`,;\\]{1,255}$/;

/** The two forms of a repository in a GitHub `sub` claim, read from `owner/name` or `owner@<id>/name@<id>`. */
interface SubjectRepository {
  /** `owner/name` (or the unresolved token as given). */
  readonly name: string;
  /** `owner@<id>/name@<id>` (or `owner@<id>/*`) when the ids were given. */
  readonly immutable?: string;
}

function parseRepository(repository: string): SubjectRepository {
  if (isUnresolved(repository)) return { name: repository };
  const [owner, name, ...rest] = String(repository).split('/');
  if (rest.length > 0 || name === undefined || !owner.includes('@')) return { name: String(repository) };
  const [ownerName] = owner.split('@');
  const [repoName] = name.split('@');
  return { name: `${ownerName}/${repoName}`, immutable: `${owner}/${name}` };
}

/**
 * A GitHub Actions token subject (`sub` claim) that may assume a role. Built from a repository and what the
 * job runs for; `*` wildcards are allowed in branch, tag and environment names. Jobs that use a GitHub
 * environment carry the environment subject, not the branch one.
 *
 * The repository is `owner/name`, or, better, `owner@<owner id>/name@<repository id>` (the ids GitHub puts in
 * the `sub` claim of repositories created, renamed or transferred since 2026-06-18 and of repositories that
 * opted in: `gh api repos/OWNER/NAME --jq '"\(.owner.login)@\(.owner.id)/\(.name)@\(.id)"'`). With the ids the
 * subject matches both claim forms (`repo:owner@id/name@id:…` and the older `repo:owner/name:…`); without
 * them only the older form, which such repositories no longer send.
 */
export class GitHubSubject {
  /** Jobs running for a branch (push, workflow_dispatch…), e.g. `branch('acme@1234/shop@5678', 'main')`. */
  public static branch(repository: string, branch: string): GitHubSubject {
    return new GitHubSubject(repository, `ref:refs/heads/${branch}`, 'branch', branch, REF_PART);
  }

  /** Jobs running for a tag, e.g. `tag('acme@1234/shop@5678', 'v*')`. */
  public static tag(repository: string, tag: string): GitHubSubject {
    return new GitHubSubject(repository, `ref:refs/tags/${tag}`, 'tag', tag, REF_PART);
  }

  /** Jobs that use a GitHub environment (which can require reviewers), e.g. `environment('acme@1234/shop@5678', 'production')`. */
  public static environment(repository: string, environment: string): GitHubSubject {
    return new GitHubSubject(repository, `environment:${environment}`, 'environment', environment, ENVIRONMENT);
  }

  /**
   * Jobs triggered by pull requests, including from forks where the workflow allows it. May run untrusted
   * code, so an EcrCiRole with these subjects gets pull access only unless `allowUntrustedSubjects` is set.
   */
  public static pullRequest(repository: string): GitHubSubject {
    return new GitHubSubject(repository, 'pull_request', undefined, undefined, undefined, true);
  }

  /**
   * Any job of the repository (every branch, tag, environment and pull request). Broad, and includes pull
   * requests: an EcrCiRole with it gets pull access only unless `allowUntrustedSubjects` is set.
   */
  public static anyJob(repository: string): GitHubSubject {
    return new GitHubSubject(repository, '*', undefined, undefined, undefined, true);
  }

  /**
   * The `sub` value of the newest form the subject knows: `repo:acme@1234/shop@5678:ref:refs/heads/main` when
   * the repository was given with ids, else `repo:acme/shop:ref:refs/heads/main`.
   */
  public readonly value: string;
  /** The `sub` value in the older form without ids, e.g. `repo:acme/shop:ref:refs/heads/main`. */
  public readonly nameValue: string;
  /** The `sub` value in the form with owner and repository ids, when the repository was given with ids. */
  public readonly immutableValue?: string;

  private constructor(
    /** The repository as given: `owner/name` or `owner@<id>/name@<id>`. */
    public readonly repository: string,
    suffix: string,
    private readonly partName?: string,
    private readonly part?: string,
    private readonly partShape?: RegExp,
    /** True when jobs with this subject may run code nobody with write access reviewed (pull requests, forks). */
    public readonly mayRunUntrustedCode: boolean = false,
  ) {
    const forms = parseRepository(repository);
    this.nameValue = `repo:${forms.name}:${suffix}`;
    this.immutableValue = forms.immutable === undefined ? undefined : `repo:${forms.immutable}:${suffix}`;
    this.value = this.immutableValue ?? this.nameValue;
  }

  /**
   * The `sub` values a trust policy lists for this subject: both forms when the ids are known (the older one
   * unless `immutableOnly`), else the older form alone.
   */
  public values(immutableOnly: boolean = false): string[] {
    if (this.immutableValue === undefined) return [this.nameValue];
    return immutableOnly ? [this.immutableValue] : [this.immutableValue, this.nameValue];
  }

  /**
   * Checks the repository and the branch, tag or environment name (tokens pass unchecked).
   * @internal not part of the public API; the library calls it.
   */
  public validate(property: string): Violations {
    const v = new Violations();
    if (!isUnresolved(this.repository)) {
      const [owner, name, ...rest] = String(this.repository).split('/');
      const [ownerName, ownerId, ...ownerRest] = owner.split('@');
      const [repoName, repoId, ...repoRest] = (name ?? '').split('@');
      const withIds = ownerId !== undefined || repoId !== undefined;
      const idsOk = !withIds || (ownerId !== undefined && GITHUB_ID.test(ownerId) && (repoName === '*' ? repoId === undefined : repoId !== undefined && GITHUB_ID.test(repoId)));
      if (rest.length > 0 || name === undefined || ownerRest.length > 0 || repoRest.length > 0 || !OWNER.test(ownerName) || !REPO_NAME.test(repoName) || !idsOk) {
        v.add(
          `${property}.repository`,
          'is not a GitHub repository',
          this.repository,
          '"owner/name" or "owner@<owner id>/name@<repository id>" (the sub claim form of repositories created, renamed or transferred since 2026-06-18; both ids, digits only) with a literal owner (1-39 letters, digits, single "-"), a name of [A-Za-z0-9._-] or "*" for every repository of the owner ("owner@<owner id>/*")',
        );
      }
    }
    if (this.partName && this.part !== undefined && !isUnresolved(this.part) && !this.partShape!.test(this.part)) {
      v.add(`${property}.${this.partName}`, `is not a valid ${this.partName} name`, this.part, `1-255 characters without spaces or ${this.partName === 'environment' ? 'quotes' : '":", "~", "^", "?", "[", "\\"'}; "*" wildcards allowed`);
    }
    return v;
  }
}

/** Trust for GitHub Actions workflows through OIDC. */
export interface GitHubActionsTrust {
  /**
   * The subjects that may assume the role. Required and non-empty: a role trusting GitHub's issuer
   * without a `sub` condition could be assumed by any workflow on GitHub.
   */
  readonly subjects: GitHubSubject[];
  /**
   * The account's GitHub OIDC provider.
   * @default - a GitHubOidcProvider shared by the stack, created on first use (fails at apply if the account already has one: then pass GitHubOidcProvider.fromArn(...))
   */
  readonly oidcProvider?: IGitHubOidcProvider;
  /**
   * Trust only the `sub` form with owner and repository ids (`repo:owner@<id>/name@<id>:…`), not the older
   * `repo:owner/name:…` form. Every subject must then be given with ids. Set it when every repository uses
   * the new form (created, renamed or transferred since 2026-06-18, or opted in), so that the role never
   * depends on a name.
   * @default false - subjects with ids match both forms, so a repository can opt in without breaking CI
   */
  readonly immutableSubjectsOnly?: boolean;
}

/** What a CI role may do on its repositories. */
export enum EcrCiAccess {
  /** Pull images (tests, deploy jobs, runtimes). */
  PULL = 'pull',
  /** Pull and push images (build jobs). */
  PUSH = 'push',
  /** Operate the repositories: read, settings, policies, delete images (operators); not push. */
  ADMIN = 'admin',
}

/** Properties of an EcrCiRole. */
export interface EcrCiRoleProps {
  /**
   * GitHub Actions workflows that may assume the role (OIDC, `sts:AssumeRoleWithWebIdentity`).
   * @default - none; then `trustedPrincipals` is required
   */
  readonly gitHub?: GitHubActionsTrust;
  /**
   * Other principals that may assume the role (`sts:AssumeRole`): CI runners' roles, accounts, services.
   * @default - none; then `gitHub` is required
   */
  readonly trustedPrincipals?: AwsPrincipal[];
  /**
   * Repositories the role is bound to with `access`: each is granted through `repo.grant*(role)`, so the
   * repository policy names the role and the role's identity policy allows the same actions.
   * @default - none (grant later with `repo.grantPush(role)` and friends)
   */
  readonly repositories?: IEcrRepository[];
  /**
   * What the role may do on `repositories`.
   * @default EcrCiAccess.PULL
   */
  readonly access?: EcrCiAccess;
  /**
   * Let a role that pull-request or any-job GitHub subjects can assume have more than pull access (PUSH or
   * ADMIN, or pushes granted later). Off by default: a pull request, also from a fork where the workflow runs
   * for forks, runs the author's code, which could then push images that production pulls. Prefer a separate
   * push role for `branch`, `tag` or `environment` subjects.
   * @default false
   */
  readonly allowUntrustedSubjects?: boolean;
  /**
   * The role name (1-64 characters of `[A-Za-z0-9+=,.@_-]`).
   * @default - generated by Terraform
   */
  readonly roleName?: string;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Maximum session duration in seconds (3600-43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * ARN of a permissions boundary policy.
   * @default - none
   */
  readonly permissionsBoundaryArn?: string;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * The AWS provider (account) to create the role in.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// What a role that untrusted code can assume may still do: read and pull (also through a cache), log in.
const UNTRUSTED_SAFE_ACTIONS = new Set([...ECR_PULL_ACTIONS, ...ECR_READ_ACTIONS, ECR_AUTH_ACTION, ECR_PULL_THROUGH_ACTION, 'ecr:CreateRepository']);
const POLICY_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/.+$/;

/**
 * An IAM role for CI (or any automation) with a least-privilege ECR identity policy. It is an IEcrGrantee:
 * `repo.grantPush(role)` names the role in the repository policy and adds the same actions (and
 * `ecr:GetAuthorizationToken` on `*`) to the role's own policy, so both sides agree.
 */
export class EcrCiRole extends Construct implements IEcrGrantee {
  /** The role ARN. */
  public readonly roleArn: string;
  /** The role name. */
  public readonly roleName: string;
  /** The `aws_iam_role` resource (escape hatch). */
  public readonly role: IamRole;
  /** The principal repositories name in their policies: this role. */
  public readonly grantPrincipal: AwsPrincipal;

  private readonly statements: IamStatement[] = [];
  private readonly provider?: TerraformProvider;
  /** The `sub` values of subjects that may run untrusted code, when they limit the role to pull access. */
  private readonly untrustedSubjects: string[];
  private policyResource?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: EcrCiRoleProps) {
    super(scope, id);
    const v = new Violations();
    const access = props.access ?? EcrCiAccess.PULL;
    if (!props.gitHub && (!props.trustedPrincipals || props.trustedPrincipals.length === 0)) {
      v.add('gitHub', 'and trustedPrincipals are both missing, so nobody could assume the role', undefined, 'gitHub: { subjects: [GitHubSubject.branch("owner/repo", "main")] } and/or trustedPrincipals: [AwsPrincipal...]');
    }
    if (props.gitHub) {
      const subjects = props.gitHub.subjects ?? [];
      if (subjects.length === 0) {
        v.add('gitHub.subjects', 'is empty: the trust policy would have no "sub" condition and any GitHub workflow could assume the role', subjects, 'at least one GitHubSubject (branch, tag, environment, pullRequest or anyJob of your repository)');
      }
      const oidcArn = props.gitHub.oidcProvider?.openIdConnectProviderArn;
      if (oidcArn !== undefined && !isUnresolved(oidcArn) && !OIDC_PROVIDER_ARN.test(oidcArn)) {
        v.add('gitHub.oidcProvider', 'is not the ARN of a GitHub Actions OIDC provider', oidcArn, `GitHubOidcProvider.fromArn("arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_ISSUER}")`);
      }
      subjects.forEach((s, i) => {
        if (!(s instanceof GitHubSubject)) v.add(`gitHub.subjects[${i}]`, 'is not a GitHubSubject', s, 'GitHubSubject.branch/tag/environment/pullRequest/anyJob(...)');
        else {
          v.addAll('', s.validate(`gitHub.subjects[${i}]`).items);
          if (props.gitHub!.immutableSubjectsOnly && s.immutableValue === undefined && !isUnresolved(s.repository)) {
            v.add(`gitHub.subjects[${i}].repository`, 'has no owner and repository ids, but immutableSubjectsOnly is set', s.repository, '"owner@<owner id>/name@<repository id>" (gh api repos/OWNER/NAME --jq \'"\\(.owner.login)@\\(.owner.id)/\\(.name)@\\(.id)"\'), or immutableSubjectsOnly: false');
          }
          if (s.mayRunUntrustedCode && access !== EcrCiAccess.PULL && !props.allowUntrustedSubjects) {
            v.add(`gitHub.subjects[${i}]`, `lets pull-request jobs (which can run code from forks) assume a role with ${access} access`, s.value, `access: EcrCiAccess.PULL for this role and a separate push role for branch, tag or environment subjects; or allowUntrustedSubjects: true if you accept the risk`);
          }
        }
      });
    }
    (props.trustedPrincipals ?? []).forEach((p, i) => v.addAll('', p.validate(`trustedPrincipals[${i}]`).items));
    if (!Object.values(EcrCiAccess).includes(access)) v.add('access', 'is not an access level', access, 'EcrCiAccess.PULL, PUSH or ADMIN');
    if (props.roleName !== undefined && !isUnresolved(props.roleName) && !ROLE_NAME.test(props.roleName)) {
      v.add('roleName', 'is not a valid IAM role name', props.roleName, '1-64 characters of letters, digits and + = , . @ _ -');
    }
    const duration = props.maxSessionDurationSeconds;
    if (duration !== undefined && !isUnresolved(duration) && (!Number.isInteger(duration) || duration < 3600 || duration > 43200)) {
      v.add('maxSessionDurationSeconds', 'is out of range', duration, 'a whole number of seconds from 3600 (1 h) to 43200 (12 h)');
    }
    if (props.permissionsBoundaryArn !== undefined && !isUnresolved(props.permissionsBoundaryArn) && !POLICY_ARN.test(props.permissionsBoundaryArn)) {
      v.add('permissionsBoundaryArn', 'is not an IAM policy ARN', props.permissionsBoundaryArn, 'arn:aws:iam::<account>:policy/<name>');
    }
    if (props.description !== undefined && props.description.length > 1000) v.add('description', 'is longer than 1000 characters', props.description, 'at most 1000 characters');
    v.throwIfAny(this.node.path);

    this.provider = props.provider;
    this.untrustedSubjects = props.allowUntrustedSubjects ? [] : (props.gitHub?.subjects ?? []).filter((s) => s.mayRunUntrustedCode).map((s) => s.value);
    const trust: IamStatement[] = [];
    if (props.gitHub) {
      const oidc = props.gitHub.oidcProvider ?? sharedGitHubOidcProvider(this, props.provider);
      trust.push({
        sid: 'GitHubActions',
        principal: { Federated: oidc.openIdConnectProviderArn },
        actions: ['sts:AssumeRoleWithWebIdentity'],
        condition: {
          StringEquals: { [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE },
          StringLike: { [`${GITHUB_OIDC_ISSUER}:sub`]: unique(props.gitHub.subjects.flatMap((s) => s.values(props.gitHub!.immutableSubjectsOnly ?? false))) },
        },
      });
      const nameOnly = props.gitHub.subjects.filter((s) => s.immutableValue === undefined && !isUnresolved(s.repository)).map((s) => s.repository);
      if (nameOnly.length > 0) {
        Annotations.of(this).addWarning(
          `gitHub.subjects: ${unique(nameOnly).join(', ')} given without owner and repository ids, so the role trusts only "repo:owner/name:…" subjects. ` +
            'GitHub sends "repo:owner@<owner id>/name@<repository id>:…" for repositories created, renamed or transferred since 2026-06-18 and for those that opted in; ' +
            'jobs of such a repository cannot assume this role. Write the repository as "owner@<owner id>/name@<repository id>" ' +
            `(gh api repos/${nameOnly.find((r) => !r.endsWith('/*')) ?? 'OWNER/NAME'} --jq '"\\(.owner.login)@\\(.owner.id)/\\(.name)@\\(.id)"', or "owner@<owner id>/*" for every repository of an owner) to trust both forms.`,
        );
      }
    }
    (props.trustedPrincipals ?? []).forEach((p, i) => {
      trust.push({ sid: `Trusted${i + 1}`, principal: p.policyPrincipal(), actions: ['sts:AssumeRole'], condition: p.policyConditions() });
    });

    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: renderPolicyDocument(trust),
      maxSessionDuration: duration,
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: props.tags,
      provider: props.provider,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    this.grantPrincipal = AwsPrincipal.fromArn(this.role.arn);

    for (const repository of props.repositories ?? []) {
      if (access === EcrCiAccess.PUSH) repository.grantPullPush(this);
      else if (access === EcrCiAccess.ADMIN) repository.grantAdmin(this);
      else repository.grantPull(this);
    }
  }

  /**
   * Adds a statement to the role's identity policy (`aws_iam_role_policy`, rendered at synth so later
   * grants appear). Always true: the role has a policy of its own.
   */
  public addToPrincipalPolicy(statement: IamStatement): boolean {
    const v = new Violations();
    if (!statement.actions || statement.actions.length === 0) v.add('statement.actions', 'is empty', statement.actions, 'at least one action');
    if (!statement.resources || statement.resources.length === 0) v.add('statement.resources', 'is empty', statement.resources, 'the resources the actions apply to ("*" for ecr:GetAuthorizationToken)');
    if (statement.principal !== undefined) v.add('statement.principal', 'is not allowed in an identity policy', statement.principal, 'a statement without principal');
    const unsafe = this.untrustedSubjects.length > 0 && (statement.effect ?? 'Allow') === 'Allow' ? (statement.actions ?? []).filter((a) => !UNTRUSTED_SAFE_ACTIONS.has(a)) : [];
    if (unsafe.length > 0) {
      v.add('statement.actions', `go beyond pull access on a role that pull-request jobs can assume (${this.untrustedSubjects.join(', ')})`, unsafe, 'pull and read grants only (grantPull, grantRead, grantPullThroughCache); a separate role for pushes, or allowUntrustedSubjects: true');
    }
    v.throwIfAny(this.node.path);
    this.statements.push(statement);
    this.policyResource ??= new IamRolePolicy(this, 'EcrPolicy', {
      role: this.role.id,
      name: 'ecr',
      policy: Lazy.stringValue({ produce: () => this.renderIdentityPolicy() }),
      provider: this.provider,
    });
    return true;
  }

  /**
   * The identity policy as it will be rendered. Grants are merged twice (same resources: actions joined;
   * then same actions: resources joined), so N repositories with one access level stay one statement.
   * @internal not part of the public API; the library calls it.
   */
  public renderIdentityPolicy(): string {
    const byResources = mergeStatements(this.statements, (s) => unique(s.resources ?? []), (a, b) => ({ ...a, actions: unique([...a.actions, ...b.actions]) }));
    const byActions = mergeStatements(byResources, (s) => unique(s.actions), (a, b) => ({ ...a, resources: unique([...(a.resources ?? []), ...(b.resources ?? [])]) }));
    return renderPolicyDocument(byActions);
  }

  /** The `aws_iam_role_policy` with the ECR statements, once something was granted (escape hatch). */
  public get identityPolicy(): IamRolePolicy | undefined {
    return this.policyResource;
  }
}

/** Merges statements whose effect, conditions and `key` agree, in first-seen order. */
function mergeStatements(statements: readonly IamStatement[], key: (s: IamStatement) => string[], merge: (a: IamStatement, b: IamStatement) => IamStatement): IamStatement[] {
  const merged = new Map<string, IamStatement>();
  for (const s of statements) {
    const k = JSON.stringify([s.effect ?? 'Allow', s.condition ?? null, key(s)]);
    const prior = merged.get(k);
    merged.set(k, prior ? merge(prior, s) : { ...s, sid: undefined, actions: unique(s.actions), resources: unique(s.resources ?? []) });
  }
  return [...merged.values()];
}

/** One GitHub OIDC provider per stack (and AWS provider), created by the first role that needs it. */
function sharedGitHubOidcProvider(scope: Construct, provider: TerraformProvider | undefined): IGitHubOidcProvider {
  const stack = TerraformStack.of(scope);
  const id = provider ? `GitHubOidcProvider-${provider.node.id}` : 'GitHubOidcProvider';
  const existing = stack.node.tryFindChild(id);
  if (existing instanceof GitHubOidcProvider) return existing;
  return new GitHubOidcProvider(stack, id, { provider });
}
