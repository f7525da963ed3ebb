/** Helpers for the Harbor tests: a stack with one HarborConnection, synthesized JSON, warnings. */

import { App, TerraformStack, Testing } from 'cdktf';
import { HarborConnection, HarborConnectionProps } from '../../lib/harbor/harbor-connection';

/** The synthesized stack as parsed JSON. */
export type TfJson = { resource: Record<string, Record<string, any>>; provider?: any; terraform?: any; variable?: any; output?: any };

/** A stack with one HarborConnection to https://harbor.example.com. */
export function harborStack(props: Partial<HarborConnectionProps> = {}): { stack: TerraformStack; connection: HarborConnection } {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const connection = new HarborConnection(stack, 'Harbor', { url: 'https://harbor.example.com', ...props });
  return { stack, connection };
}

/** Synthesizes a stack (running its validations) and parses the JSON. */
export function synth(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack, true));
}

/** Every resource of a type, as a list. */
export function all(json: TfJson, type: string): any[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The only resource of a type; fails when there is not exactly one. */
export function only(json: TfJson, type: string): any {
  const list = all(json, type);
  if (list.length !== 1) throw new Error(`expected exactly one ${type}, found ${list.length}`);
  return list[0];
}

/** The warning annotations of every construct in the stack. */
export function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/warn')
    .map((m) => String(m.data));
}
