/**
 * Azure Container Registry constructs: `import { AcrRegistry } from 'cdktf-container-registries/azure'`.
 * Only classes, enums and interfaces are exported, so the API stays jsii-ready; helper functions stay internal.
 */

export { AzurePrincipal, AzurePrincipalType, type IAcrGrantee } from './principal';
export { AcrRole } from './roles';
export { KeyVaultAccess, KeyVaultPermissionModel } from './key-vault-access';
export {
  AcrNetworkDefaultAction,
  AcrRegistry,
  AcrResourceGroup,
  AcrSku,
  type AcrCustomerManagedKey,
  type AcrGeoreplication,
  type AcrGrantOptions,
  type AcrNetworkRules,
  type AcrPrivateEndpointOptions,
  type AcrRegistryProps,
  type AcrUserAssignedIdentity,
  type IAcrRegistry,
} from './acr-registry';
export { ACR_CLI_IMAGE, AcrPurgeTask, type AcrPurgeScheduleOptions, type AcrPurgeTaskProps } from './acr-purge-task';
export { AcrPurgeCommand, type AcrPurgeCommandOptions, type AcrPurgeFilter } from '../core/retention/acr/grammar';
export { AcrBuiltInScopeMap, AcrRepositoryPermission, type AcrRepositoryScope, AcrToken, type AcrTokenOptions, type AcrTokenPasswordOptions, type AcrTokenProps } from './acr-token';
export { type AcrCacheCredentials, type AcrCacheRule, AcrCacheUpstream, AcrPullThroughCache, type AcrPullThroughCacheOptions, type AcrPullThroughCacheProps } from './acr-pull-through-cache';
export { DefenderForContainers, type DefenderForContainersProps } from './defender-for-containers';
export { AcrCiAccess, AcrCiIdentity, type AcrCiIdentityProps, AcrCiSubject } from './acr-ci-identity';
export { AcrImagePipeline, type AcrImagePipelineProps } from './acr-image-pipeline';
export { AcrTokenCredentials } from './acr-token-credentials';
