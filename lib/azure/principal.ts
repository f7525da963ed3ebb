/** Entra principals a role assignment can name (principal id plus principal type), and what a grantee offers. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** The `principal_type` of a role assignment: Azure needs it to skip the directory look-up that fails on new principals. */
export enum AzurePrincipalType {
  /** A service principal: an application's or a managed identity's. */
  SERVICE_PRINCIPAL = 'ServicePrincipal',
  /** An Entra group. */
  GROUP = 'Group',
  /** An Entra user. */
  USER = 'User',
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Anything a registry can grant a role to. */
export interface IAcrGrantee {
  /** The principal that receives the role. */
  readonly grantPrincipal: AzurePrincipal;
}

/**
 * An Entra principal by object id. Create one with a static factory; the factory fixes the principal type, so a
 * role assignment never has to look it up (a fresh managed identity is not yet replicated, which fails the look-up).
 */
export class AzurePrincipal implements IAcrGrantee {
  /** A managed identity (system- or user-assigned) by its principal (object) id, e.g. an AKS kubelet identity. */
  public static managedIdentity(principalId: string): AzurePrincipal {
    return new AzurePrincipal(principalId, AzurePrincipalType.SERVICE_PRINCIPAL, 'managed identity');
  }

  /** An application's service principal by its object id (not the application/client id). */
  public static servicePrincipal(objectId: string): AzurePrincipal {
    return new AzurePrincipal(objectId, AzurePrincipalType.SERVICE_PRINCIPAL, 'service principal');
  }

  /** An Entra group by object id. */
  public static group(objectId: string): AzurePrincipal {
    return new AzurePrincipal(objectId, AzurePrincipalType.GROUP, 'group');
  }

  /** An Entra user by object id. */
  public static user(objectId: string): AzurePrincipal {
    return new AzurePrincipal(objectId, AzurePrincipalType.USER, 'user');
  }

  /** The principal (object) id. */
  public readonly principalId: string;
  /** The principal type sent with every role assignment. */
  public readonly principalType: AzurePrincipalType;
  /** What kind of principal this is, for messages. */
  public readonly description: string;

  private constructor(principalId: string, principalType: AzurePrincipalType, description: string) {
    this.principalId = principalId;
    this.principalType = principalType;
    this.description = description;
  }

  /** This principal receives the grants itself. */
  public get grantPrincipal(): AzurePrincipal {
    return this;
  }

  /** A key that is the same for the same principal (tokens included), for de-duplicating grants. */
  public get key(): string {
    return `${this.principalType}:${this.principalId}`;
  }

  /** Every problem with this principal, under `property`. */
  public validate(property: string): Violations {
    const v = new Violations();
    if (typeof this.principalId !== 'string' || (!isUnresolved(this.principalId) && !GUID.test(this.principalId))) {
      v.add(`${property}.principalId`, `of a ${this.description} is not an object id`, this.principalId, 'a GUID such as "00000000-0000-0000-0000-000000000000" (the object id, not a name or a client id)');
    }
    return v;
  }
}

/** True when `value` is a GUID (tokens are not checked). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
