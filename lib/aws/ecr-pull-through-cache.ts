/** Pull-through cache upstreams (which registry, how ECR authenticates to it) and the rule options with their checks. */

import { ValidationError, Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { ACCOUNT_ID, IAM_ROLE_ARN, isAwsRegionName } from './aws-ids';

/** How ECR authenticates to an upstream registry. */
export enum UpstreamAuthentication {
  /** Anonymous pulls; a credential is not accepted. */
  NONE = 'none',
  /** Anonymous pulls by default; a Secrets Manager credential is accepted. */
  OPTIONAL_SECRET = 'optional-secret',
  /** A Secrets Manager secret named `ecr-pullthroughcache/…` with `{"username","accessToken"}` is required. */
  SECRET = 'secret',
  /** An IAM role that ECR assumes to read the upstream ECR registry is required. */
  IAM_ROLE = 'iam-role',
}

/** The upstream kinds ECR supports (the API's `upstreamRegistry` values). */
export enum UpstreamRegistryKind {
  /** Amazon ECR Public, public.ecr.aws. */
  ECR_PUBLIC = 'ecr-public',
  /** The Kubernetes registry, registry.k8s.io. */
  KUBERNETES = 'k8s',
  /** Quay, quay.io. */
  QUAY = 'quay',
  /** Docker Hub, registry-1.docker.io. */
  DOCKER_HUB = 'docker-hub',
  /** GitHub Container Registry, ghcr.io. */
  GITHUB = 'github-container-registry',
  /** GitLab Container Registry (gitlab.com SaaS only), registry.gitlab.com. */
  GITLAB = 'gitlab-container-registry',
  /** An Azure Container Registry, `<name>.azurecr.io`. */
  AZURE = 'azure-container-registry',
  /** Chainguard, cgr.dev. */
  CHAINGUARD = 'chainguard',
  /** Another private ECR registry, `<account>.dkr.ecr.<region>.amazonaws.com`. */
  ECR = 'ecr',
}

const AZURE_NAME = /^[a-zA-Z0-9]{5,50}$/;

/** An upstream registry for a pull-through cache rule: its URL and what credentials ECR needs for it. */
export class PullThroughCacheUpstream {
  /** Docker Hub (needs a Docker Hub access token in the secret). */
  public static readonly DOCKER_HUB = new PullThroughCacheUpstream(UpstreamRegistryKind.DOCKER_HUB, 'registry-1.docker.io', UpstreamAuthentication.SECRET);
  /** GitHub Container Registry (needs a GitHub personal access token in the secret). */
  public static readonly GITHUB = new PullThroughCacheUpstream(UpstreamRegistryKind.GITHUB, 'ghcr.io', UpstreamAuthentication.SECRET);
  /** GitLab Container Registry on gitlab.com (needs a GitLab access token in the secret). */
  public static readonly GITLAB = new PullThroughCacheUpstream(UpstreamRegistryKind.GITLAB, 'registry.gitlab.com', UpstreamAuthentication.SECRET);
  /** Quay (anonymous; a secret is accepted). */
  public static readonly QUAY = new PullThroughCacheUpstream(UpstreamRegistryKind.QUAY, 'quay.io', UpstreamAuthentication.OPTIONAL_SECRET);
  /** Amazon ECR Public (anonymous). */
  public static readonly ECR_PUBLIC = new PullThroughCacheUpstream(UpstreamRegistryKind.ECR_PUBLIC, 'public.ecr.aws', UpstreamAuthentication.NONE);
  /** The Kubernetes project registry (anonymous). */
  public static readonly KUBERNETES = new PullThroughCacheUpstream(UpstreamRegistryKind.KUBERNETES, 'registry.k8s.io', UpstreamAuthentication.NONE);
  /** Chainguard (needs a Chainguard pull token in the secret). */
  public static readonly CHAINGUARD = new PullThroughCacheUpstream(UpstreamRegistryKind.CHAINGUARD, 'cgr.dev', UpstreamAuthentication.SECRET);

  /** An Azure Container Registry by its registry name (5-50 letters and digits), i.e. `<name>.azurecr.io`. */
  public static azure(registryName: string): PullThroughCacheUpstream {
    return new PullThroughCacheUpstream(UpstreamRegistryKind.AZURE, `${registryName}.azurecr.io`, UpstreamAuthentication.SECRET, registryName);
  }

  /**
   * The upstream for a registry URL as ECR's API and terraform-aws-ecr's `upstream_registry_url` take it:
   * `registry-1.docker.io`, `ghcr.io`, `registry.gitlab.com`, `quay.io`, `public.ecr.aws`, `registry.k8s.io`,
   * `cgr.dev`, `<name>.azurecr.io` or `<account>.dkr.ecr.<region>.amazonaws.com` (a scheme and a trailing `/`
   * are ignored). Any other URL is refused with the list of supported upstreams.
   */
  public static fromUrl(url: string): PullThroughCacheUpstream {
    const host = typeof url === 'string' ? url.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '').toLowerCase() : '';
    const known = [
      PullThroughCacheUpstream.DOCKER_HUB,
      PullThroughCacheUpstream.GITHUB,
      PullThroughCacheUpstream.GITLAB,
      PullThroughCacheUpstream.QUAY,
      PullThroughCacheUpstream.ECR_PUBLIC,
      PullThroughCacheUpstream.KUBERNETES,
      PullThroughCacheUpstream.CHAINGUARD,
    ].find((u) => u.url === host);
    if (known) return known;
    if (host === 'docker.io' || host === 'index.docker.io') return PullThroughCacheUpstream.DOCKER_HUB;
    const azure = /^([a-z0-9]+)\.azurecr\.io$/.exec(host);
    if (azure) return PullThroughCacheUpstream.azure(azure[1]);
    const ecr = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host);
    if (ecr) return PullThroughCacheUpstream.ecr(ecr[1], ecr[2]);
    throw new ValidationError('PullThroughCacheUpstream.fromUrl(url)', [
      {
        property: 'url',
        problem: 'is not an upstream registry ECR can cache',
        value: url,
        allowed: 'registry-1.docker.io, ghcr.io, registry.gitlab.com, quay.io, public.ecr.aws, registry.k8s.io, cgr.dev, <name>.azurecr.io or <account>.dkr.ecr.<region>.amazonaws.com',
      },
    ]);
  }

  /** Another private ECR registry (account and Region); ECR reads it by assuming the rule's IAM role. */
  public static ecr(accountId: string, region: string): PullThroughCacheUpstream {
    return new PullThroughCacheUpstream(UpstreamRegistryKind.ECR, `${accountId}.dkr.ecr.${region}.amazonaws.com`, UpstreamAuthentication.IAM_ROLE, undefined, accountId, region);
  }

  private constructor(
    /** Which kind of upstream this is. */
    public readonly kind: UpstreamRegistryKind,
    /** The upstream registry URL as ECR expects it in `upstream_registry_url`. */
    public readonly url: string,
    /** What credentials ECR needs to reach it. */
    public readonly authentication: UpstreamAuthentication,
    private readonly azureName?: string,
    private readonly ecrAccountId?: string,
    private readonly ecrRegion?: string,
  ) {}

  /**
   * Checks the values given to the factories (tokens pass unchecked).
   * @internal not part of the public API; the library calls it.
   */
  public validate(property: string): Violations {
    const v = new Violations();
    if (this.azureName !== undefined && !isUnresolved(this.azureName) && !AZURE_NAME.test(this.azureName)) {
      v.add(property, 'is not an Azure Container Registry name', this.azureName, '5-50 letters and digits, e.g. PullThroughCacheUpstream.azure("myregistry")');
    }
    if (this.ecrAccountId !== undefined && !isUnresolved(this.ecrAccountId) && !ACCOUNT_ID.test(this.ecrAccountId)) {
      v.add(property, 'has an upstream ECR account ID that is not 12 digits', this.ecrAccountId, 'exactly 12 digits, e.g. "123456789012"');
    }
    if (this.ecrRegion !== undefined && !isUnresolved(this.ecrRegion) && !isAwsRegionName(this.ecrRegion)) {
      v.add(property, 'has an upstream ECR Region that is not a Region name', this.ecrRegion, 'a Region such as "us-east-1"');
    }
    return v;
  }
}

/** One pull-through cache rule: images pulled as `<registry>/<ecrRepositoryPrefix>/<upstream path>` are cached from the upstream. */
export interface EcrPullThroughCacheRuleOptions {
  /**
   * The namespace of the cache repositories in this registry: 2-30 characters, lowercase path segments
   * (`docker-hub`, `mirror/quay`), or `ROOT` to cache at the top level (only one rule can use ROOT).
   */
  readonly ecrRepositoryPrefix: string;
  /** The upstream registry. */
  readonly upstream: PullThroughCacheUpstream;
  /**
   * ARN of the Secrets Manager secret holding `{"username": …, "accessToken": …}` for the upstream. Its name
   * must start with `ecr-pullthroughcache/` and it must live in this registry's account and Region.
   * Required for Docker Hub, GitHub, GitLab, Azure and Chainguard; not accepted for ECR Public and Kubernetes.
   * @default - none
   */
  readonly credentialSecretArn?: string;
  /**
   * ARN of the IAM role (in this account) that ECR assumes to read an upstream ECR registry. Required for,
   * and only for, `PullThroughCacheUpstream.ecr(...)`.
   * @default - none
   */
  readonly customRoleArn?: string;
  /**
   * Only upstream repositories under this prefix are cached (`ROOT` = all).
   * @default - ROOT: every upstream repository
   */
  readonly upstreamRepositoryPrefix?: string;
}

/** The most pull-through cache rules a registry can have (AWS quota, not adjustable). */
export const MAX_PULL_THROUGH_CACHE_RULES = 50;

// The API's pattern (CreatePullThroughCacheRule); ECR implies a trailing '/' when there is none.
const PREFIX_SHAPE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?$/;
const SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;

/** Checks one rule's options; `region` and `accountId` (when literal) are the registry's, for the same-place rule of secrets. */
export function validatePullThroughCacheRule(rule: EcrPullThroughCacheRuleOptions, region?: string, accountId?: string): Violations {
  const v = new Violations();
  checkPrefix(v, 'ecrRepositoryPrefix', rule.ecrRepositoryPrefix, 2, 30);
  if (rule.upstreamRepositoryPrefix !== undefined) {
    checkPrefix(v, 'upstreamRepositoryPrefix', rule.upstreamRepositoryPrefix, 2, 30);
    if (rule.ecrRepositoryPrefix === 'ROOT' && rule.upstreamRepositoryPrefix !== 'ROOT') {
      v.add('upstreamRepositoryPrefix', 'is only allowed when ecrRepositoryPrefix is not ROOT', rule.upstreamRepositoryPrefix, 'drop upstreamRepositoryPrefix, or give the rule its own ecrRepositoryPrefix');
    }
  }
  if (!(rule.upstream instanceof PullThroughCacheUpstream)) {
    v.add('upstream', 'is not a PullThroughCacheUpstream', rule.upstream, 'PullThroughCacheUpstream.DOCKER_HUB, .GITHUB, .QUAY, …, .azure(name) or .ecr(account, region)');
    return v;
  }
  v.addAll('', rule.upstream.validate('upstream').items);
  const auth = rule.upstream.authentication;
  const upstreamName = rule.upstream.kind;

  if (rule.credentialSecretArn === undefined) {
    if (auth === UpstreamAuthentication.SECRET) {
      v.add('credentialSecretArn', `is required for upstream ${upstreamName}`, undefined, 'the ARN of a Secrets Manager secret named "ecr-pullthroughcache/<name>" holding {"username","accessToken"}');
    }
  } else if (auth === UpstreamAuthentication.NONE || auth === UpstreamAuthentication.IAM_ROLE) {
    v.add('credentialSecretArn', `is not accepted for upstream ${upstreamName}`, rule.credentialSecretArn,
      auth === UpstreamAuthentication.NONE ? 'no credential: this upstream is pulled anonymously' : 'customRoleArn instead: ECR upstreams authenticate with an IAM role');
  } else if (!isUnresolved(rule.credentialSecretArn)) {
    checkSecretArn(v, rule.credentialSecretArn, region, accountId);
  }

  if (rule.customRoleArn === undefined) {
    if (auth === UpstreamAuthentication.IAM_ROLE) v.add('customRoleArn', 'is required for an ECR upstream', undefined, 'the ARN of an IAM role in this account that ECR can assume to read the upstream registry');
  } else if (auth !== UpstreamAuthentication.IAM_ROLE) {
    v.add('customRoleArn', `is only accepted for ECR upstreams, not ${upstreamName}`, rule.customRoleArn, 'drop customRoleArn, or use PullThroughCacheUpstream.ecr(account, region)');
  } else if (!isUnresolved(rule.customRoleArn)) {
    const m = IAM_ROLE_ARN.exec(rule.customRoleArn);
    if (!m) v.add('customRoleArn', 'is not an IAM role ARN', rule.customRoleArn, 'arn:aws:iam::<account>:role/<name>');
    else if (accountId && !isUnresolved(accountId) && m[2] !== accountId) {
      v.add('customRoleArn', `is in account ${m[2]}, not the registry's account ${accountId}`, rule.customRoleArn, 'a role in the same account as the registry');
    }
  }
  return v;
}

function checkPrefix(v: Violations, property: string, prefix: unknown, min: number, max: number): void {
  if (typeof prefix !== 'string') {
    v.add(property, 'must be a string', prefix, 'a prefix such as "docker-hub", or "ROOT"');
    return;
  }
  if (isUnresolved(prefix) || prefix === 'ROOT') return;
  if (prefix.length < min || prefix.length > max) v.add(property, `must be ${min}-${max} characters long, not ${prefix.length}`, prefix, `${min} to ${max} characters, or "ROOT"`);
  if (/[A-Z]/.test(prefix)) v.add(property, 'has uppercase letters', prefix, `lowercase only, e.g. ${JSON.stringify(prefix.toLowerCase())}`);
  if (!PREFIX_SHAPE.test(prefix.toLowerCase())) {
    v.add(property, 'does not match the repository prefix pattern', prefix, 'lowercase segments of [a-z0-9] joined by single ".", "_" or "-", separated by "/" (an optional trailing "/"), or "ROOT"');
  }
}

function checkSecretArn(v: Violations, arn: string, region?: string, accountId?: string): void {
  const m = SECRET_ARN.exec(arn);
  if (!m) {
    v.add('credentialSecretArn', 'is not a Secrets Manager secret ARN', arn, 'arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/<name>-<suffix>');
    return;
  }
  const [, , secretRegion, secretAccount, name] = m;
  if (!name.startsWith('ecr-pullthroughcache/') || !/^ecr-pullthroughcache\/[a-zA-Z0-9/_+=.@-]+$/.test(name)) {
    v.add('credentialSecretArn', 'names a secret whose name does not start with "ecr-pullthroughcache/"', arn, 'a secret named "ecr-pullthroughcache/<name>" (ECR only reads secrets with that prefix)');
  }
  if (arn.length < 50 || arn.length > 612) v.add('credentialSecretArn', `must be 50-612 characters long, not ${arn.length}`, arn, 'a full secret ARN');
  if (region && !isUnresolved(region) && secretRegion !== region) {
    v.add('credentialSecretArn', `is in Region ${secretRegion}, not the registry's Region ${region}`, arn, 'a secret in the same Region as the registry');
  }
  if (accountId && !isUnresolved(accountId) && secretAccount !== accountId) {
    v.add('credentialSecretArn', `is in account ${secretAccount}, not the registry's account ${accountId}`, arn, 'a secret in the same account as the registry');
  }
}
