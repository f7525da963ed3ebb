/** How an identity of ours gets read access to Key Vault secrets or keys: an access policy or an RBAC role. */

import { KeyVaultAccessPolicyA as KeyVaultAccessPolicy } from '@cdktf/provider-azurerm/lib/key-vault-access-policy';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Fn, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { AzurePrincipalType } from './principal';
import { AcrRole } from './roles';

/** The permission model of a Key Vault. */
export enum KeyVaultPermissionModel {
  /** Vault access policies (`azurerm_key_vault_access_policy`). */
  ACCESS_POLICY = 'AccessPolicy',
  /** Azure RBAC (`azurerm_role_assignment` on the vault). */
  RBAC = 'RBAC',
}

/**
 * How the construct grants an identity access to a Key Vault. `accessPolicy` and `rbac` make the grant here;
 * `managedElsewhere` makes none (say so when the vault belongs to another team).
 */
export class KeyVaultAccess {
  /** The vault uses access policies: an access policy is added for the identity (needs the tenant id). */
  public static accessPolicy(keyVaultId: string, tenantId: string): KeyVaultAccess {
    return new KeyVaultAccess(KeyVaultPermissionModel.ACCESS_POLICY, keyVaultId, tenantId);
  }

  /** The vault uses Azure RBAC: a role assignment on the vault is added for the identity. */
  public static rbac(keyVaultId: string): KeyVaultAccess {
    return new KeyVaultAccess(KeyVaultPermissionModel.RBAC, keyVaultId, undefined);
  }

  /** The grant is made outside this stack; nothing is created. */
  public static managedElsewhere(): KeyVaultAccess {
    return new KeyVaultAccess(undefined, undefined, undefined);
  }

  /** The permission model, or undefined when the grant is managed elsewhere. */
  public readonly model?: KeyVaultPermissionModel;
  /** The vault's resource id. */
  public readonly keyVaultId?: string;
  /** The tenant id (access policies only). */
  public readonly tenantId?: string;

  private constructor(model: KeyVaultPermissionModel | undefined, keyVaultId: string | undefined, tenantId: string | undefined) {
    this.model = model;
    this.keyVaultId = keyVaultId;
    this.tenantId = tenantId;
  }

  /** Every problem with the vault id and tenant id, under `property` (tokens pass unchecked). */
  public validate(property: string): Violations {
    const v = new Violations();
    if (this.model === undefined) return v;
    if (typeof this.keyVaultId !== 'string' || (!isUnresolved(this.keyVaultId) && !KEY_VAULT_ID.test(this.keyVaultId))) {
      v.add(`${property}.keyVaultId`, 'is not a Key Vault resource id', this.keyVaultId, '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>');
    }
    if (this.model === KeyVaultPermissionModel.ACCESS_POLICY && (typeof this.tenantId !== 'string' || (!isUnresolved(this.tenantId) && !GUID.test(this.tenantId)))) {
      v.add(`${property}.tenantId`, 'is not a tenant id', this.tenantId, 'the Entra tenant id of the vault (a GUID)');
    }
    return v;
  }
}

const KEY_VAULT_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[A-Za-z0-9-]{3,24}$/i;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** What to grant on the vault: secrets (`Get`, Key Vault Secrets User) or keys (`Get`/`WrapKey`/`UnwrapKey`, Crypto Service Encryption User). */
export enum KeyVaultGrantKind {
  /** Read secrets. */
  SECRETS = 'secrets',
  /** Use keys for encryption at rest. */
  KEYS = 'keys',
}

const SECRETS_USER = AcrRole.custom('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6');
const CRYPTO_SERVICE_ENCRYPTION_USER = AcrRole.custom('Key Vault Crypto Service Encryption User', 'e147488a-f6f5-4113-8e2d-b22465e65bf6');

/** Makes the grant `access` describes for `principalId`; returns the resource made, if any. */
export function grantKeyVaultAccess(scope: Construct, id: string, access: KeyVaultAccess, principalId: string, kind: KeyVaultGrantKind): TerraformResource | undefined {
  if (access.model === KeyVaultPermissionModel.ACCESS_POLICY) {
    return new KeyVaultAccessPolicy(scope, id, {
      keyVaultId: access.keyVaultId!,
      tenantId: access.tenantId!,
      objectId: principalId,
      secretPermissions: kind === KeyVaultGrantKind.SECRETS ? ['Get'] : undefined,
      keyPermissions: kind === KeyVaultGrantKind.KEYS ? ['Get', 'WrapKey', 'UnwrapKey'] : undefined,
    });
  }
  if (access.model === KeyVaultPermissionModel.RBAC) {
    const role = kind === KeyVaultGrantKind.SECRETS ? SECRETS_USER : CRYPTO_SERVICE_ENCRYPTION_USER;
    return new RoleAssignment(scope, id, {
      scope: access.keyVaultId!,
      roleDefinitionId: roleDefinitionIdAt(access.keyVaultId!, role.guid),
      principalId,
      principalType: AzurePrincipalType.SERVICE_PRINCIPAL,
      skipServicePrincipalAadCheck: true,
    });
  }
  return undefined;
}

/**
 * The subscription-scoped role definition id for a role assigned at `scopeId` (`/subscriptions/<sub>/…`): Azure
 * returns this form, so giving it avoids a replacement on every plan (hashicorp/terraform-provider-azurerm#4258).
 */
export function roleDefinitionIdAt(scopeId: string, guid: string): string {
  const subscription = isUnresolved(scopeId) ? Fn.element(Fn.split('/', scopeId), 2) : scopeId.split('/')[2];
  return `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}
