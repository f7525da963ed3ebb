/** Builds a stack, applies guardrails, synthesizes, and returns the findings per rule. */

import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GuardrailFinding, GuardrailPack, RegistryGuardrails } from '../../lib/guardrails';

/** Synthesizes one stack built by `build` under the given packs (default: strict, every rule) and returns the findings. */
export function findingsOf(build: (stack: TerraformStack) => void, packs: GuardrailPack[] = [GuardrailPack.STRICT]): GuardrailFinding[] {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'guarded');
  build(stack);
  const guardrails = RegistryGuardrails.applyTo(app, { packs });
  Testing.synth(stack);
  return guardrails.findings;
}

/** The findings of one rule. */
export function of(findings: GuardrailFinding[], ruleId: string): GuardrailFinding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** The annotations cdktf recorded on a construct, as `level: message`. */
export function annotationsOf(c: Construct): string[] {
  return c.node.metadata.filter((m) => String(m.type).startsWith('@cdktf/')).map((m) => `${String(m.type).replace('@cdktf/', '')}: ${String(m.data)}`);
}
