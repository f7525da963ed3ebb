/** Every example stack, by name: `examples/main.ts` synthesizes them all and the tests check each one. */

import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsEcrStack } from './aws-ecr/main';
import { HarborStack } from './harbor/main';

/** One example: its stack name and how to build it. */
export interface ExampleStack {
  /** The stack id, also the folder under cdktf.out/stacks/. */
  readonly name: string;
  /** Builds the example's stack in `scope`. */
  readonly create: (scope: Construct, id: string) => TerraformStack;
}

export const EXAMPLES: ExampleStack[] = [
  { name: 'aws-ecr', create: (scope, id) => new AwsEcrStack(scope, id) },
  { name: 'harbor', create: (scope, id) => new HarborStack(scope, id) },
];
