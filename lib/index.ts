/**
 * The cloud-neutral core of cdktf-container-registries: registry endpoints, the retention policy, one class per
 * registry dialect (compile, read native policies and listings, simulate, find rules that can never act), the
 * vulnerability gate's findings model, and validation errors. No cdktf, no provider imports.
 * Only classes, enums and interfaces are exported, so the API stays jsii-ready.
 */

export { type EcrEndpointOptions, type HarborEndpointOptions, RegistryEndpoint, type RegistryEndpointJson, RegistryFamily } from './core/endpoint';
export { ValidationError, type Violation, Violations } from './core/errors';
export { ImageAction, type ImageDecision, type ImageRecord, type SimulationResult, StorageClass } from './core/retention/image';
export { type ExpireNotPulledOptions, type ExpireTaggedOptions, type ExpireUntaggedOptions, type KeepMostRecentOptions, type ProtectOptions, RetentionPolicy, type RetentionPolicyJson, type RetentionPolicyOptions, RetentionRule, type RetentionRuleJson, RetentionRuleKind, StaleImageAction } from './core/retention/policy';
export { AcrRetention, EcrRetention, GarRetention, HarborRetention, NeutralRetention } from './core/retention/registries';
export { EcrCountType, EcrCountUnit, type EcrExpireUntaggedOptions, type EcrKeepLastImagesOptions, EcrLifecycle, type EcrLifecyclePolicyActionJson, type EcrLifecyclePolicyDocument, type EcrLifecyclePolicyRuleJson, type EcrLifecyclePolicySelectionJson, type EcrLifecycleRule, type EcrProtectTagsOptions, EcrRuleAction, EcrStorageClass, EcrTagStatus } from './core/retention/ecr/grammar';
export { type EcrCompileResult } from './core/retention/ecr/compile';
export { GarActionType, type GarCleanupAction, type GarCleanupCondition, type GarCleanupPolicy, type GarCleanupPolicyBlock, type GarCleanupPolicyConditionBlock, type GarCleanupPolicyMostRecentVersionsBlock, type GarMostRecentVersions, GarTagState } from './core/retention/gar/grammar';
export { type GarCompileResult } from './core/retention/gar/compile';
export { type GarPullEvent, type GarPullLog, type GarPullsApplied } from './core/retention/gar/pulls';
export { HarborBadPatternError } from './core/retention/harbor/doublestar';
export { type HarborRetentionPolicy, type HarborRetentionRule, HarborRetentionTemplate } from './core/retention/harbor/grammar';
export { type HarborCompileOptions, type HarborCompileResult } from './core/retention/harbor/compile';
export { AcrPurgeCommand, type AcrPurgeCommandJson, type AcrPurgeCommandOptions, type AcrPurgeFilter, AcrPurgePolicy, type AcrPurgePolicyOptions, type AcrPurgeTaskYamlOptions } from './core/retention/acr/grammar';
export { type AcrImageRecord } from './core/retention/acr/simulate';
export { type AcrCompileResult } from './core/retention/acr/compile';
export { type CompileOptions } from './core/retention/dialect';
export { type DeadRule } from './core/retention/dead-rules';
export { type Finding, FindingsFormat, type ScanReport, ScanState, Severity } from './core/ci/findings';
export { type AllowlistEntry, type GateOptions, GateOutcome, type GateResult, type GatedFinding } from './core/ci/gate';
export { type PipelineOptions, type PipelineTarget, type PipelineVariable } from './core/ci/pipeline';
export { type ImagePipelineBuildProps } from './core/ci/pipeline-props';
