/** AcrPullThroughCache: artifact cache rules for one upstream, with a credential set whose secrets live in Key Vault. */

import { ContainerRegistryCacheRule } from '@cdktf/provider-azurerm/lib/container-registry-cache-rule';
import { ContainerRegistryCredentialSet } from '@cdktf/provider-azurerm/lib/container-registry-credential-set';
import { Annotations, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IAcrRegistry } from './acr-registry';
import { grantKeyVaultAccess, KeyVaultAccess, KeyVaultGrantKind } from './key-vault-access';
import { CACHE_RULE_NAME, CREDENTIAL_SET_NAME, checkAzureName } from './names';

/** An upstream registry the cache pulls from. */
export class AcrCacheUpstream {
  /** Docker Hub (`docker.io`); official images live under `library/`. Authenticate to avoid its pull rate limits. */
  public static readonly DOCKER_HUB = new AcrCacheUpstream('docker.io');
  /** Microsoft Artifact Registry (`mcr.microsoft.com`), anonymous. */
  public static readonly MCR = new AcrCacheUpstream('mcr.microsoft.com');
  /** GitHub Container Registry (`ghcr.io`). */
  public static readonly GHCR = new AcrCacheUpstream('ghcr.io');
  /** Quay (`quay.io`). */
  public static readonly QUAY = new AcrCacheUpstream('quay.io');
  /** Kubernetes' registry (`registry.k8s.io`), anonymous. */
  public static readonly K8S = new AcrCacheUpstream('registry.k8s.io');

  /** Any other upstream by its login server, e.g. `public.ecr.aws` or `myregistry.azurecr.io`. */
  public static of(loginServer: string): AcrCacheUpstream {
    return new AcrCacheUpstream(loginServer);
  }

  /** The upstream's login server. */
  public readonly loginServer: string;

  private constructor(loginServer: string) {
    this.loginServer = loginServer;
  }
}

/** Upstream credentials, kept as Key Vault secrets. */
export interface AcrCacheCredentials {
  /** The Key Vault secret id of the user name (versionless, to follow rotations). */
  readonly usernameSecretId: string;
  /** The Key Vault secret id of the password or access token (versionless). */
  readonly passwordSecretId: string;
  /** How the credential set's identity gets `Get` on the secrets (access policy or RBAC on the vault). */
  readonly keyVaultAccess: KeyVaultAccess;
}

/** One cache rule: an upstream repository cached under a repository of the registry. */
export interface AcrCacheRule {
  /** The rule name: 5-49 letters and digits, single hyphens only between them (azurerm 4.55's rule). */
  readonly name: string;
  /** The repository on the upstream, e.g. `library/nginx` (Docker Hub official images need `library/`), or `library/*`. */
  readonly sourceRepository: string;
  /** The repository in the registry, e.g. `dockerhub/nginx` (a wildcard source needs a wildcard target). */
  readonly targetRepository: string;
}

/** Options of a pull-through cache (`registry.addPullThroughCache`). */
export interface AcrPullThroughCacheOptions {
  /** The upstream registry. */
  readonly upstream: AcrCacheUpstream;
  /** The cache rules. */
  readonly rules: AcrCacheRule[];
  /**
   * Credentials for the upstream. Docker Hub without them pulls anonymously, under Docker Hub's rate limits.
   * @default - anonymous pulls
   */
  readonly credentials?: AcrCacheCredentials;
  /**
   * The credential set's name: 5-50 letters, digits and hyphens.
   * @default - the upstream's login server with dots as hyphens, e.g. "docker-io"
   */
  readonly credentialSetName?: string;
}

/** Properties of an AcrPullThroughCache. */
export interface AcrPullThroughCacheProps extends AcrPullThroughCacheOptions {
  /** The registry. */
  readonly registry: IAcrRegistry;
}

const PATH = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?:\/\*)?$/;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/;
const SECRET_ID = /^https:\/\/[a-z0-9-]+\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)\/secrets\/[A-Za-z0-9-]+(\/[0-9a-f]{32})?$/;

/**
 * Cache rules for one upstream (`azurerm_container_registry_cache_rule`) and, with credentials, a credential set
 * (`azurerm_container_registry_credential_set`) whose system identity is granted `Get` on the two secrets. Artifact
 * cache works on every SKU. The set reports "unhealthy" until the Key Vault grant has propagated.
 */
export class AcrPullThroughCache extends Construct {
  /** The `azurerm_container_registry_credential_set`, when credentials are given. */
  public readonly credentialSet?: ContainerRegistryCredentialSet;
  /** The Key Vault grant for the credential set's identity, when made here. */
  public readonly secretsGrant?: TerraformResource;
  /** The `azurerm_container_registry_cache_rule` resources, in the order given. */
  public readonly cacheRules: ContainerRegistryCacheRule[];

  constructor(scope: Construct, id: string, props: AcrPullThroughCacheProps) {
    super(scope, id);
    const v = new Violations();
    const host = props.upstream?.loginServer;
    if (!(props.upstream instanceof AcrCacheUpstream)) v.add('upstream', 'is not an AcrCacheUpstream', props.upstream, 'AcrCacheUpstream.DOCKER_HUB, MCR, GHCR, QUAY, K8S or AcrCacheUpstream.of("<login server>")');
    else if (!isUnresolved(host) && !HOST.test(host)) v.add('upstream', 'has a login server that is not a host name', host, 'a host such as "public.ecr.aws" (no scheme, no path)');
    const setName = props.credentialSetName ?? (typeof host === 'string' ? host.replace(/[.:]/g, '-') : 'upstream');
    if (props.credentials !== undefined || props.credentialSetName !== undefined) checkAzureName(v, 'credentialSetName', setName, CREDENTIAL_SET_NAME, props.credentialSetName === undefined ? 'the default derived from the upstream' : undefined);
    if (!props.rules || props.rules.length === 0) v.add('rules', 'must not be empty', props.rules, 'at least one { name, sourceRepository, targetRepository }');
    const names = new Set<string>();
    const targets = new Set<string>();
    (props.rules ?? []).forEach((r, i) => {
      const at = `rules[${i}]`;
      const before = v.items.length;
      checkAzureName(v, `${at}.name`, r.name, CACHE_RULE_NAME);
      if (v.items.length === before && names.has(r.name)) v.add(`${at}.name`, 'is used twice', r.name, 'one name per rule');
      if (typeof r.name === 'string') names.add(r.name);
      if (typeof r.sourceRepository === 'string' && /[.:]/.test(r.sourceRepository.split('/')[0]) && r.sourceRepository.includes('/')) {
        v.add(`${at}.sourceRepository`, 'starts with a registry host', r.sourceRepository, `the path on the upstream only, e.g. "${r.sourceRepository.split('/').slice(1).join('/')}" (the upstream gives the host)`);
      } else if (typeof r.sourceRepository !== 'string' || !PATH.test(r.sourceRepository)) v.add(`${at}.sourceRepository`, 'is not a repository path', r.sourceRepository, 'e.g. "library/nginx" or "library/*" (no host: the upstream gives it)');
      else if (host === 'docker.io' && !r.sourceRepository.includes('/')) {
        v.add(`${at}.sourceRepository`, 'is a Docker Hub official image without its "library/" namespace', r.sourceRepository, `"library/${r.sourceRepository}"`);
      }
      if (typeof r.targetRepository !== 'string' || !PATH.test(r.targetRepository)) v.add(`${at}.targetRepository`, 'is not a repository path', r.targetRepository, 'e.g. "dockerhub/nginx" or "dockerhub/*"');
      else if (targets.has(r.targetRepository)) v.add(`${at}.targetRepository`, 'is the target of another rule', r.targetRepository, 'one rule per target repository');
      targets.add(r.targetRepository);
      if (typeof r.sourceRepository === 'string' && typeof r.targetRepository === 'string' && r.sourceRepository.endsWith('/*') !== r.targetRepository.endsWith('/*')) {
        v.add(`${at}.targetRepository`, 'must be a wildcard exactly when sourceRepository is one', r.targetRepository, 'both "…/*" or neither');
      }
    });
    const c = props.credentials;
    if (c) {
      for (const p of ['usernameSecretId', 'passwordSecretId'] as const) {
        if (typeof c[p] !== 'string' || (!isUnresolved(c[p]) && !SECRET_ID.test(c[p]))) v.add(`credentials.${p}`, 'is not a Key Vault secret id', c[p], 'https://<vault>.vault.azure.net/secrets/<name> (versionless follows rotations)');
      }
      if (!(c.keyVaultAccess instanceof KeyVaultAccess)) v.add('credentials.keyVaultAccess', 'is not a KeyVaultAccess', c.keyVaultAccess, 'KeyVaultAccess.rbac(vaultId), accessPolicy(vaultId, tenantId) or managedElsewhere()');
      else v.addAll('', c.keyVaultAccess.validate('credentials.keyVaultAccess').items);
    }
    v.throwIfAny(this.node.path);

    if (!c && host === 'docker.io') {
      Annotations.of(this).addWarning('credentials: Docker Hub is pulled anonymously, under its per-IP rate limits shared with every other anonymous Azure tenant; give credentials from Key Vault');
    }
    if (c) {
      this.credentialSet = new ContainerRegistryCredentialSet(this, 'CredentialSet', {
        name: setName,
        containerRegistryId: props.registry.registryId,
        loginServer: host,
        identity: { type: 'SystemAssigned' },
        authenticationCredentials: { usernameSecretId: c.usernameSecretId, passwordSecretId: c.passwordSecretId },
      });
      this.secretsGrant = grantKeyVaultAccess(this, 'SecretsAccess', c.keyVaultAccess, this.credentialSet.identity.principalId, KeyVaultGrantKind.SECRETS);
    }
    this.cacheRules = props.rules.map(
      (r) =>
        new ContainerRegistryCacheRule(this, `Rule-${r.name}`, {
          name: r.name,
          containerRegistryId: props.registry.registryId,
          sourceRepo: `${host}/${r.sourceRepository}`,
          targetRepo: r.targetRepository,
          credentialSetId: this.credentialSet?.id,
          // The rule pulls with the set at once; without the grant its first pulls fail.
          dependsOn: this.secretsGrant ? [this.secretsGrant] : undefined,
        }),
    );
  }
}
