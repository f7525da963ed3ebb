/** AWS ECR constructs: `import { EcrRepository } from 'cdktf-container-registries/aws'`. */

export * from './iam';
export * from './principal';
