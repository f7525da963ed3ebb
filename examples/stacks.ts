/** Every example stack, by name: `examples/main.ts` synthesizes them all and the tests check each one. */

import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsEcrStack } from './aws-ecr/main';
import { AwsEcrBrownfieldStack } from './aws-ecr-brownfield/main';
import { GcpArtifactRegistryStack } from './gcp-artifact-registry/main';
import { AzureAcrStack } from './azure-acr/main';
import { AwsEcrRetentionStack } from './aws-ecr-retention/main';
import { HarborStack } from './harbor/main';
import { CiEcrStack } from './ci-ecr/main';
import { DockerEcrImageStack } from './docker-ecr-image/main';
import { CiRegistriesStack } from './ci-registries/main';

/** One example: its stack name and how to build it. */
export interface ExampleStack {
  /** The stack id, also the folder under cdktf.out/stacks/. */
  readonly name: string;
  /** Builds the example's stack in `scope`. */
  readonly create: (scope: Construct, id: string) => TerraformStack;
}

export const EXAMPLES: ExampleStack[] = [
  { name: 'aws-ecr', create: (scope, id) => new AwsEcrStack(scope, id) },
  { name: 'aws-ecr-brownfield', create: (scope, id) => new AwsEcrBrownfieldStack(scope, id) },
  { name: 'gcp-artifact-registry', create: (scope, id) => new GcpArtifactRegistryStack(scope, id) },
  { name: 'azure-acr', create: (scope, id) => new AzureAcrStack(scope, id) },
  { name: 'aws-ecr-retention', create: (scope, id) => new AwsEcrRetentionStack(scope, id) },
  { name: 'harbor', create: (scope, id) => new HarborStack(scope, id) },
  { name: 'ci-ecr', create: (scope, id) => new CiEcrStack(scope, id) },
  { name: 'docker-ecr-image', create: (scope, id) => new DockerEcrImageStack(scope, id) },
  { name: 'ci-registries', create: (scope, id) => new CiRegistriesStack(scope, id) },
];
