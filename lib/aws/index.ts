/** AWS ECR constructs: `import { EcrRepository } from 'cdktf-container-registries/aws'`. */

export * from './iam';
export * from './principal';
export * from './ecr-repository';
export * from '../core/retention/ecr/lifecycle';
export * from './ecr-registry';
export * from './ecr-pull-through-cache';
export * from './ecr-ci-role';
export * from './ecr-creation-template';
