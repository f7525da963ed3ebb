/**
 * AWS ECR constructs: `import { EcrRepository } from 'cdktf-container-registries/aws'`.
 * Only classes, enums and interfaces are exported, so the API stays jsii-ready; helper functions stay internal.
 */

export { EcrActions, type IamConditions, type IamStatement } from './iam';
export { AwsPrincipal, AwsPrincipalKind, type IEcrGrantee } from './principal';
export { type EcrAdoptOptions, EcrEncryption, EcrRepository, type EcrRepositoryProps, type IEcrRepository, TagMutability } from './ecr-repository';
export { type EcrEventOptions, EcrFindingSeverity, type EcrImagePushedOptions, type EcrImageScanCompletedOptions, type EcrLifecycleActionOptions } from './ecr-events';
export { EcrPublicArchitecture, type EcrPublicCatalogData, EcrPublicOperatingSystem, EcrPublicRepository, type EcrPublicRepositoryProps } from './ecr-public-repository';
export { EcrCountType, EcrCountUnit, type EcrExpireUntaggedOptions, type EcrKeepLastImagesOptions, EcrLifecycle, type EcrLifecyclePolicyActionJson, type EcrLifecyclePolicyDocument, type EcrLifecyclePolicyRuleJson, type EcrLifecyclePolicySelectionJson, type EcrLifecycleRule, type EcrProtectTagsOptions, EcrRuleAction, EcrStorageClass, EcrTagStatus } from '../core/retention/ecr/grammar';
export { EcrRegistry, type EcrRegistryProps, type EcrReplicationDestination, type EcrReplicationRule, EcrScanFrequency, type EcrScanningOptions, type EcrScanningRule, EcrScanType, type GrantPullThroughCacheOptions, type ReplicationDestinationPolicyOptions } from './ecr-registry';
export { type EcrPullThroughCacheRuleOptions, PullThroughCacheUpstream, UpstreamAuthentication, UpstreamRegistryKind } from './ecr-pull-through-cache';
export { EcrCiAccess, EcrCiRole, type EcrCiRoleProps, type GitHubActionsTrust, GitHubOidcProvider, type GitHubOidcProviderProps, GitHubSubject, type IGitHubOidcProvider } from './ecr-ci-role';
export { CreationTemplateAppliedFor, type CreationTemplateCheck, type EcrCreationTemplateOptions } from './ecr-creation-template';
export { EcrImagePipeline, type EcrImagePipelineProps } from './ecr-image-pipeline';
export { EcrAuthorizationToken, type EcrAuthorizationTokenProps } from './ecr-authorization-token';
