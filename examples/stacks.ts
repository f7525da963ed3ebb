/** Every example stack, by name: `examples/main.ts` synthesizes them all and the tests check each one. */

import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/** One example: its stack name and how to build it. */
export interface ExampleStack {
  /** The stack id, also the folder under cdktf.out/stacks/. */
  readonly name: string;
  /** Builds the example's stack in `scope`. */
  readonly create: (scope: Construct, id: string) => TerraformStack;
}

// Loaded lazily so that synthesizing one example does not load every provider package.
export const EXAMPLES: ExampleStack[] = [];
