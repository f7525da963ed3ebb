/**
 * GCP Artifact Registry constructs: `import { ArtifactRegistryRepo } from 'cdktf-container-registries/gcp'`.
 * Only classes, enums and interfaces are exported, so the API stays jsii-ready; helper functions stay internal.
 */

export { GcpMember, GcpMemberKind, GarRole, type IGarGrantee } from './member';
export { GcpApi, GcpProjectServices, type GcpProjectServicesProps } from './project-services';
export { ArtifactRegistryRepo, type ArtifactRegistryRepoAttributes, type ArtifactRegistryRepoProps, type GarRemoteCredentials, GarRemoteUpstream, GarRemoteUpstreamKind, GarRepositoryMode, type GarVirtualUpstream, type IArtifactRegistryRepo } from './artifact-registry-repo';
export { GarActionType, type GarCleanupAction, type GarCleanupCondition, type GarCleanupPolicy, type GarMostRecentVersions, GarTagState } from '../core/retention/gar/grammar';
export { CiPlatform, CiSubject, GarCiAccess, GarCiIdentity, type GarCiIdentityProps } from './gar-ci-identity';
export { GarPullAuditLog, type GarPullAuditLogProps } from './gar-pull-audit-log';
export { GarImagePipeline, type GarImagePipelineProps } from './gar-image-pipeline';
export { GarAccessToken, type GarAccessTokenProps } from './gar-access-token';
