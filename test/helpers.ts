/** Small helpers for asserting on synthesized Terraform JSON. */

import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

/** The synthesized stack as parsed JSON. */
export type TfJson = { resource: Record<string, Record<string, any>>; data?: Record<string, Record<string, any>>; output?: Record<string, any> };

/** A stack with a default AWS provider, inside a test app. */
export function awsStack(id: string = 'test', region: string = 'eu-west-1'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region });
  return stack;
}

/** Synthesizes a stack (running its validations) and parses the JSON. */
export function synth(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack, true));
}

/** Every resource of a type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TfJson, type: string): any {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Runs `fn` and returns the error it throws (fails the test when it throws nothing). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Builds constructs in a fresh stack and synthesizes it. */
export function synthWith(build: (stack: Construct) => void): TfJson {
  const stack = awsStack();
  build(stack);
  return synth(stack);
}
