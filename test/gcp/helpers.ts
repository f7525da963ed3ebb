/** Helpers for the GCP tests: a stack with a default Google provider, and a construct's warnings. */

import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { synth, TfJson } from '../helpers';

/** A stack with a default Google provider, inside a test app. */
export function gcpStack(id: string = 'test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, id);
  new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });
  return stack;
}

/** Builds constructs in a fresh Google stack and synthesizes it. */
export function synthGcp(build: (stack: Construct) => void): TfJson {
  const stack = gcpStack();
  build(stack);
  return synth(stack);
}

/** The synth warnings recorded on a construct. */
export function warningsOf(c: Construct): string[] {
  return c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}
