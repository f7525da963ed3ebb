/**
 * Harbor constructs, the package's `/harbor` entry point (e.g. HarborProject). The goharbor/harbor provider
 * bindings are generated into the library (lib/harbor/.gen), so no provider package is needed. Only classes, enums and
 * interfaces are exported, so the API stays jsii-ready.
 */

export { HARBOR_PROVIDER_VERSION, HarborConnection, type HarborConnectionProps, HarborCredentialKind, HarborCredentials, type HarborRobotCredentialsOptions, HarborTls, type HarborVariableCredentialsOptions } from './harbor-connection';
export { HarborSchedule } from './harbor-schedule';
export { HarborAccess, HarborAccessEffect, HarborPermissionKind, HarborRobotPermissions } from './harbor-permissions';
export { HarborRegistryEndpoint, type HarborRegistryEndpointProps, HarborUpstreamKind, type IHarborRegistryEndpoint } from './harbor-registry-endpoint';
export { HarborRobotAccount, type HarborRobotAccountOptions, type HarborRobotAccountProps, type HarborRobotPermissionSet, HarborRobotSecret, HarborRobotSecretKind } from './harbor-robot-account';
export { DEFAULT_IMMUTABLE_TAGS, HarborDeploymentSecurity, HarborGroupType, type HarborImmutableTagRule, HarborMember, HarborProject, type HarborProjectProps, type IHarborProject, type HarborProjectRobotOptions, HarborRole } from './harbor-project';
export { type HarborRetentionRule } from '../core/retention/harbor/grammar';
export { HarborReplication, HarborReplicationDirection, type HarborReplicationProps, HarborReplicationResource, HarborReplicationTrigger } from './harbor-replication';
export { HarborInstance, type HarborInstanceProps, type HarborSystemRobotOptions, type HarborSystemRobotProject } from './harbor-instance';
export { HarborImagePipeline, type HarborImagePipelineProps } from './harbor-image-pipeline';
export { HarborRobotCredentials } from './harbor-robot-credentials';
