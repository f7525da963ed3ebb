/** Name rules of the Azure resources this package names: what azurerm 4.55 validates, narrowed by ARM where ARM is stricter. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** One resource's name rule: the pattern (length included) and how it reads in an error message. */
export interface AzureNameRule {
  /** What is named, e.g. "token name". */
  readonly noun: string;
  /** The whole rule, length included. */
  readonly pattern: RegExp;
  /** The rule in words, for the error message. */
  readonly allowed: string;
}

/**
 * `azurerm_container_registry_token.name`: azurerm 4.55 `validate.ContainerRegistryTokenName`,
 * `^[a-zA-Z][a-zA-Z0-9-]{4,48}$` (ARM 2023-07-01 `TokenNameParameter` allows 5-50 letters, digits and hyphens: the provider is stricter).
 */
export const TOKEN_NAME: AzureNameRule = {
  noun: 'token name',
  pattern: /^[A-Za-z][A-Za-z0-9-]{4,48}$/,
  allowed: '5-49 letters, digits and hyphens, starting with a letter',
};

/**
 * `azurerm_container_registry_scope_map.name`: azurerm 4.55 `validate.ContainerRegistryScopeMapName`,
 * `^[a-zA-Z0-9\-]+$` and 5 to 49 characters (ARM also allows underscores and 50 characters; the built-in maps start
 * with `_`, which the provider refuses).
 */
export const SCOPE_MAP_NAME: AzureNameRule = {
  noun: 'scope map name',
  pattern: /^[A-Za-z0-9-]{5,49}$/,
  allowed: '5-49 letters, digits and hyphens',
};

/**
 * `azurerm_container_registry_cache_rule.name`: azurerm 4.55 `validate.ContainerRegistryCacheRuleName`,
 * `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$` and 5 to 49 characters (ARM 2023-07-01: 5-50, `^[a-zA-Z0-9-]*$`).
 */
export const CACHE_RULE_NAME: AzureNameRule = {
  noun: 'cache rule name',
  pattern: /^(?=.{5,49}$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/,
  allowed: '5-49 letters and digits, single hyphens only between them (no hyphen first, last or twice in a row)',
};

/**
 * `azurerm_container_registry_credential_set.name`: azurerm 4.55 does not validate it; ARM 2023-07-01
 * (`CredentialSetNameParameter`) requires 5-50 characters matching `^[a-zA-Z0-9-]*$`.
 */
export const CREDENTIAL_SET_NAME: AzureNameRule = {
  noun: 'credential set name',
  pattern: /^[A-Za-z0-9-]{5,50}$/,
  allowed: '5-50 letters, digits and hyphens',
};

/**
 * `azurerm_container_registry_task.name`: azurerm 4.55 `validate.ContainerRegistryTaskName`, `^[\w-]*$`, with ARM's
 * 5-50 characters (Azure resource name rules, Microsoft.ContainerRegistry registries/tasks).
 */
export const TASK_NAME: AzureNameRule = {
  noun: 'task name',
  pattern: /^[A-Za-z0-9_-]{5,50}$/,
  allowed: '5-50 letters, digits, hyphens and underscores',
};

/**
 * `azurerm_user_assigned_identity.name`: azurerm 4.55 does not validate it; Azure's resource name rules
 * (Microsoft.ManagedIdentity userAssignedIdentities) allow 3-128 letters, digits, hyphens and underscores, starting
 * with a letter or digit.
 */
export const USER_ASSIGNED_IDENTITY_NAME: AzureNameRule = {
  noun: 'identity name',
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/,
  allowed: '3-128 letters, digits, "-" and "_", starting with a letter or digit',
};

/**
 * Adds a violation under `property` unless `value` follows `rule` (a reference is left to Azure). `note` tells where a
 * value the user did not write came from, e.g. `the default "<tokenName>-scope"`.
 */
export function checkAzureName(v: Violations, property: string, value: unknown, rule: AzureNameRule, note?: string): void {
  if (typeof value === 'string' && (isUnresolved(value) || rule.pattern.test(value))) return;
  const length = typeof value === 'string' ? ` (${value.length} characters${note ? `, ${note}` : ''})` : '';
  v.add(property, `is not a valid ${rule.noun}${length}`, value, rule.allowed);
}
