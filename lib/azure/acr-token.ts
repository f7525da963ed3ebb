/** AcrToken: repository-scoped credentials for clients outside Entra (scope map, token, token passwords as sensitive outputs). */

import { ContainerRegistryScopeMap } from '@cdktf/provider-azurerm/lib/container-registry-scope-map';
import { ContainerRegistryToken } from '@cdktf/provider-azurerm/lib/container-registry-token';
import { ContainerRegistryTokenPassword } from '@cdktf/provider-azurerm/lib/container-registry-token-password';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IAcrRegistry } from './acr-registry';
import { SCOPE_MAP_NAME, TOKEN_NAME, checkAzureName } from './names';

/** What a scope map allows on a repository. */
export enum AcrRepositoryPermission {
  /** Pull. */
  CONTENT_READ = 'content/read',
  /** Push. */
  CONTENT_WRITE = 'content/write',
  /** Delete images. */
  CONTENT_DELETE = 'content/delete',
  /** List tags and manifests. */
  METADATA_READ = 'metadata/read',
  /** Change tag and manifest attributes (e.g. lock them). */
  METADATA_WRITE = 'metadata/write',
}

/** The scope maps every registry has; a token can use one instead of a scope map of its own. */
export enum AcrBuiltInScopeMap {
  /** Pull from every repository. */
  PULL = '_repositories_pull',
  /** Pull and read metadata everywhere. */
  PULL_METADATA_READ = '_repositories_pull_metadata_read',
  /** Pull and push everywhere. */
  PUSH = '_repositories_push',
  /** Pull, push and write metadata everywhere. */
  PUSH_METADATA_WRITE = '_repositories_push_metadata_write',
  /** Everything on every repository. */
  ADMIN = '_repositories_admin',
}

/** Permissions on one repository (or a namespace wildcard such as `team/*`). */
export interface AcrRepositoryScope {
  /** The repository, e.g. `team/app`, or a namespace wildcard `team/*`. */
  readonly repository: string;
  /** What the token may do there. */
  readonly permissions: AcrRepositoryPermission[];
}

/** One token password. */
export interface AcrTokenPasswordOptions {
  /**
   * When the password expires (RFC 3339, e.g. `2027-06-30T00:00:00Z`); changing it makes a new password.
   * @default - never
   */
  readonly expiry?: string;
}

/** Options of a token (`registry.addToken`). */
export interface AcrTokenOptions {
  /** The token name (the Docker user name): 5-49 letters, digits and hyphens, starting with a letter (azurerm 4.55's rule). */
  readonly tokenName: string;
  /**
   * Repository permissions, rendered as a scope map of the token's own. Not together with `builtInScopeMap`.
   * @default - none
   */
  readonly repositories?: AcrRepositoryScope[];
  /**
   * A built-in scope map instead of one of the token's own.
   * @default - a scope map from `repositories`
   */
  readonly builtInScopeMap?: AcrBuiltInScopeMap;
  /**
   * The scope map name: 5-49 letters, digits and hyphens (azurerm 4.55's rule). Give one when `<tokenName>-scope` would
   * be longer than 49 characters.
   * @default - "<tokenName>-scope"
   */
  readonly scopeMapName?: string;
  /**
   * Whether the token can log in.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The first password. Its value is a sensitive Terraform output (and is stored in state).
   * @default - a password that never expires
   */
  readonly password1?: AcrTokenPasswordOptions;
  /**
   * A second password, for rotation without downtime.
   * @default - none
   */
  readonly password2?: AcrTokenPasswordOptions;
}

/** Properties of an AcrToken. */
export interface AcrTokenProps extends AcrTokenOptions {
  /** The registry. */
  readonly registry: IAcrRegistry;
}

const REPOSITORY_OR_WILDCARD = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*)(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?:\/\*)?$|^\*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A registry token with a scope map of repository permissions (or a built-in one) and its passwords. The passwords
 * are sensitive outputs (`terraform output -raw <name>`); they also live in the Terraform state, so keep it private.
 */
export class AcrToken extends Construct {
  /** The token name (the Docker user name). */
  public readonly tokenName: string;
  /** The scope map actions of a scope map of the token's own. */
  public readonly actions: readonly string[];
  /** The `azurerm_container_registry_scope_map`, unless a built-in map is used. */
  public readonly scopeMap?: ContainerRegistryScopeMap;
  /** The `azurerm_container_registry_token`. */
  public readonly token: ContainerRegistryToken;
  /** The `azurerm_container_registry_token_password`. */
  public readonly password: ContainerRegistryTokenPassword;
  /** The sensitive output holding the first password. */
  public readonly password1Output: TerraformOutput;
  /** The sensitive output holding the second password, if any. */
  public readonly password2Output?: TerraformOutput;

  constructor(scope: Construct, id: string, props: AcrTokenProps) {
    super(scope, id);
    const v = new Violations();
    checkAzureName(v, 'tokenName', props.tokenName, TOKEN_NAME);
    const scopeMapName = props.scopeMapName ?? `${props.tokenName}-scope`;
    // The default map name is checked too: a long token name makes "<tokenName>-scope" too long for a scope map.
    if (props.builtInScopeMap === undefined && (props.scopeMapName !== undefined || v.items.length === 0)) {
      checkAzureName(v, 'scopeMapName', scopeMapName, SCOPE_MAP_NAME, props.scopeMapName === undefined ? 'the default "<tokenName>-scope"' : undefined);
    }
    const repos = props.repositories ?? [];
    if (props.builtInScopeMap !== undefined && repos.length > 0) v.add('repositories', 'cannot be combined with builtInScopeMap', repos.map((r) => r.repository), 'either repository permissions or a built-in scope map');
    if (props.builtInScopeMap === undefined && repos.length === 0) v.add('repositories', 'must not be empty', props.repositories, 'at least one { repository, permissions }, or a builtInScopeMap');
    if (props.builtInScopeMap !== undefined && !Object.values(AcrBuiltInScopeMap).includes(props.builtInScopeMap)) {
      v.add('builtInScopeMap', 'is not a built-in scope map', props.builtInScopeMap, Object.values(AcrBuiltInScopeMap).join(', '));
    }
    const actions: string[] = [];
    const seen = new Set<string>();
    repos.forEach((r, i) => {
      if (typeof r.repository !== 'string' || (!isUnresolved(r.repository) && !REPOSITORY_OR_WILDCARD.test(r.repository))) {
        v.add(`repositories[${i}].repository`, 'is not a repository name or namespace wildcard', r.repository, 'e.g. "team/app", "team/*" or "*"');
      } else if (seen.has(r.repository)) v.add(`repositories[${i}].repository`, 'is listed twice', r.repository, 'one entry per repository, with all its permissions');
      seen.add(r.repository);
      if (!r.permissions || r.permissions.length === 0) v.add(`repositories[${i}].permissions`, 'must not be empty', r.permissions, 'at least one AcrRepositoryPermission');
      (r.permissions ?? []).forEach((p, j) => {
        if (!Object.values(AcrRepositoryPermission).includes(p)) v.add(`repositories[${i}].permissions[${j}]`, 'is not a repository permission', p, Object.values(AcrRepositoryPermission).join(', '));
      });
      for (const p of new Set(r.permissions ?? [])) actions.push(`repositories/${r.repository}/${p}`);
    });
    if (actions.length > 500) v.add('repositories', `make ${actions.length} scope map actions`, actions.length, 'at most 500 actions per scope map');
    for (const [property, pw] of [['password1', props.password1], ['password2', props.password2]] as const) {
      if (pw?.expiry !== undefined && !isUnresolved(pw.expiry) && (!RFC3339.test(pw.expiry) || Number.isNaN(Date.parse(pw.expiry)))) {
        v.add(`${property}.expiry`, 'is not an RFC 3339 time', pw.expiry, 'e.g. "2027-06-30T00:00:00Z"');
      }
    }
    v.throwIfAny(this.node.path);

    this.tokenName = props.tokenName;
    this.actions = actions;
    let scopeMapId: string;
    if (props.builtInScopeMap !== undefined) {
      scopeMapId = `${props.registry.registryId}/scopeMaps/${props.builtInScopeMap}`;
    } else {
      this.scopeMap = new ContainerRegistryScopeMap(this, 'ScopeMap', {
        name: scopeMapName,
        containerRegistryName: props.registry.registryName,
        resourceGroupName: props.registry.resourceGroupName,
        actions,
        description: `Repository permissions of token ${props.tokenName}`,
      });
      scopeMapId = this.scopeMap.id;
    }
    this.token = new ContainerRegistryToken(this, 'Token', {
      name: props.tokenName,
      containerRegistryName: props.registry.registryName,
      resourceGroupName: props.registry.resourceGroupName,
      scopeMapId,
      enabled: props.enabled ?? true,
    });
    this.password = new ContainerRegistryTokenPassword(this, 'Password', {
      containerRegistryTokenId: this.token.id,
      password1: { expiry: props.password1?.expiry },
      password2: props.password2 ? { expiry: props.password2.expiry } : undefined,
    });
    // A password block without an expiry is an empty object, which cdktf drops: the override keeps the block.
    if (props.password1?.expiry === undefined) this.password.addOverride('password1', {});
    if (props.password2 && props.password2.expiry === undefined) this.password.addOverride('password2', {});
    this.password1Output = new TerraformOutput(this, 'Password1', { value: this.password.password1.value, sensitive: true, description: `Password 1 of ACR token ${props.tokenName}` });
    if (props.password2) {
      this.password2Output = new TerraformOutput(this, 'Password2', { value: this.password.password2.value, sensitive: true, description: `Password 2 of ACR token ${props.tokenName}` });
    }
  }
}
