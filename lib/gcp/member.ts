/** Who a GCP grant is for: typed IAM members, and the grantee interface the repository's grant methods accept. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** The kinds of IAM member a repository grant accepts. */
export enum GcpMemberKind {
  /** A service account, `serviceAccount:<email>`. */
  SERVICE_ACCOUNT = 'serviceAccount',
  /** A Google account, `user:<email>`. */
  USER = 'user',
  /** A Google group, `group:<email>`. */
  GROUP = 'group',
  /** Every account of a Google Workspace or Cloud Identity domain, `domain:<domain>`. */
  DOMAIN = 'domain',
  /** One federated identity, `principal://iam.googleapis.com/...`. */
  PRINCIPAL = 'principal',
  /** A set of federated identities, `principalSet://iam.googleapis.com/...`. */
  PRINCIPAL_SET = 'principalSet',
  /** Anyone on the internet (`allUsers`). */
  ALL_USERS = 'allUsers',
  /** Anyone signed in to any Google account (`allAuthenticatedUsers`). */
  ALL_AUTHENTICATED_USERS = 'allAuthenticatedUsers',
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const SERVICE_ACCOUNT = /^[a-z0-9._-]+@[a-z0-9.:-]+\.gserviceaccount\.com$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/;
const PRINCIPAL = /^principal:\/\/iam\.googleapis\.com\/\S+$/;
const PRINCIPAL_SET = /^principalSet:\/\/iam\.googleapis\.com\/\S+$/;

/**
 * Anything that can be granted a role on a repository. `GcpMember` is one; the CI identities of
 * `GarCiIdentity` are others (one member per CI repository, or their service account).
 */
export interface IGarGrantee {
  /** The IAM members the role is granted to. */
  readonly grantMembers: GcpMember[];
  /**
   * Why the grantee must not receive `role` (e.g. a push role for an identity that pull-request jobs can use),
   * or undefined when it may.
   */
  grantProblem(role: string): string | undefined;
}

/** One IAM member. Build with the static factories; the value is checked where it is granted. */
export class GcpMember implements IGarGrantee {
  /** A service account by email, e.g. `ci@acme-prod.iam.gserviceaccount.com`; a token is accepted. */
  public static serviceAccount(email: string): GcpMember {
    return new GcpMember(GcpMemberKind.SERVICE_ACCOUNT, email);
  }

  /** A Google account by email. */
  public static user(email: string): GcpMember {
    return new GcpMember(GcpMemberKind.USER, email);
  }

  /** A Google group by email. */
  public static group(email: string): GcpMember {
    return new GcpMember(GcpMemberKind.GROUP, email);
  }

  /** Every account of a Workspace or Cloud Identity domain, e.g. `acme.com`. */
  public static domain(domain: string): GcpMember {
    return new GcpMember(GcpMemberKind.DOMAIN, domain);
  }

  /** One federated identity: the full `principal://iam.googleapis.com/...` URI. */
  public static principal(uri: string): GcpMember {
    return new GcpMember(GcpMemberKind.PRINCIPAL, uri);
  }

  /** A set of federated identities: the full `principalSet://iam.googleapis.com/...` URI. */
  public static principalSet(uri: string): GcpMember {
    return new GcpMember(GcpMemberKind.PRINCIPAL_SET, uri);
  }

  /**
   * Anyone on the internet. Repositories refuse it in `grant`; public pulls are granted only by name, with
   * `ArtifactRegistryRepo.grantPublicPull()`.
   */
  public static allUsers(): GcpMember {
    return new GcpMember(GcpMemberKind.ALL_USERS, 'allUsers');
  }

  /** Anyone with a Google account (effectively public). Refused by repository grants, like `allUsers`. */
  public static allAuthenticatedUsers(): GcpMember {
    return new GcpMember(GcpMemberKind.ALL_AUTHENTICATED_USERS, 'allAuthenticatedUsers');
  }

  private constructor(
    /** The kind of member. */
    public readonly kind: GcpMemberKind,
    /** The email, domain or URI (without the `kind:` prefix). */
    public readonly value: string,
  ) {}

  /** A member is its own grantee. */
  public get grantMembers(): GcpMember[] {
    return [this];
  }

  /** A plain member may receive any role. */
  public grantProblem(_role: string): string | undefined {
    return undefined;
  }

  /** True for `allUsers` and `allAuthenticatedUsers`. */
  public get isPublic(): boolean {
    return this.kind === GcpMemberKind.ALL_USERS || this.kind === GcpMemberKind.ALL_AUTHENTICATED_USERS;
  }

  /** The member string IAM takes, e.g. `serviceAccount:ci@p.iam.gserviceaccount.com` or a `principalSet://` URI. */
  public toString(): string {
    switch (this.kind) {
      case GcpMemberKind.PRINCIPAL:
      case GcpMemberKind.PRINCIPAL_SET:
      case GcpMemberKind.ALL_USERS:
      case GcpMemberKind.ALL_AUTHENTICATED_USERS:
        return this.value;
      default:
        return `${this.kind}:${this.value}`;
    }
  }

  /** Checks the value's shape (tokens pass unchecked); `property` names where the member was given. */
  public validate(property: string): Violations {
    const v = new Violations();
    if (typeof this.value !== 'string') {
      v.add(property, 'must be a string', this.value, 'an email, domain or federated principal URI');
      return v;
    }
    if (isUnresolved(this.value)) return v;
    switch (this.kind) {
      case GcpMemberKind.SERVICE_ACCOUNT:
        if (!SERVICE_ACCOUNT.test(this.value)) v.add(property, 'is not a service account email', this.value, 'an email ending in .gserviceaccount.com, e.g. "ci@acme-prod.iam.gserviceaccount.com"');
        break;
      case GcpMemberKind.USER:
      case GcpMemberKind.GROUP:
        if (!EMAIL.test(this.value)) v.add(property, `is not a ${this.kind} email`, this.value, 'an email address such as "dev@acme.com" (without the "user:" or "group:" prefix)');
        else if (this.value.endsWith('.gserviceaccount.com')) v.add(property, `is a service account email given as a ${this.kind}`, this.value, 'GcpMember.serviceAccount(email)');
        break;
      case GcpMemberKind.DOMAIN:
        if (!DOMAIN.test(this.value)) v.add(property, 'is not a domain', this.value, 'a lowercase domain such as "acme.com"');
        break;
      case GcpMemberKind.PRINCIPAL:
        if (!PRINCIPAL.test(this.value)) v.add(property, 'is not a federated principal URI', this.value, 'principal://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/subject/<subject>');
        break;
      case GcpMemberKind.PRINCIPAL_SET:
        if (!PRINCIPAL_SET.test(this.value)) v.add(property, 'is not a federated principal set URI', this.value, 'principalSet://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/attribute.<name>/<value>');
        break;
    }
    return v;
  }
}

/** The Artifact Registry roles the repository's named grants use. */
export enum GarRole {
  /** Pull images and read metadata (`roles/artifactregistry.reader`). */
  READER = 'roles/artifactregistry.reader',
  /** Reader plus push and tag (`roles/artifactregistry.writer`); cannot delete. */
  WRITER = 'roles/artifactregistry.writer',
  /** Writer plus delete versions, packages and tags (`roles/artifactregistry.repoAdmin`). */
  REPO_ADMIN = 'roles/artifactregistry.repoAdmin',
}

const ROLE = /^(?:roles\/[A-Za-z0-9_.]+|(?:projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/;

/** Checks an IAM role name (predefined `roles/…` or custom `projects/<p>/roles/<r>`, `organizations/<o>/roles/<r>`). */
export function validateRole(v: Violations, role: unknown, property: string = 'role'): void {
  if (isUnresolved(role)) return;
  if (typeof role !== 'string' || !ROLE.test(role)) {
    v.add(property, 'is not an IAM role', role, 'a role such as "roles/artifactregistry.reader" or "projects/<project>/roles/<custom>"');
  } else if (role === 'roles/artifactregistry.serviceAgent') {
    v.add(property, 'is the service agent role, which Google reserves for its own service agent', role, 'GarRole.READER, WRITER or REPO_ADMIN');
  } else if (role === 'roles/owner' || role === 'roles/editor') {
    v.add(property, 'is a basic role that grants far more than the repository needs', role, 'GarRole.READER, WRITER or REPO_ADMIN');
  }
}
