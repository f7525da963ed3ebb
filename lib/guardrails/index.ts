/**
 * Guardrails for every registry resource in a stack, ours or hand-written:
 * `import { RegistryGuardrails } from 'cdktf-container-registries/guardrails'`. Needs cdktf, no provider package.
 */

export { type GuardrailFinding, RegistryGuardrails, type RegistryGuardrailsOptions } from './guardrails';
export { GuardrailPack } from './packs';
export { GuardrailLevel, type IGuardrailRule, type IResourceIndex, type IRuleContext, type ResourceView, type RuleFinding } from './rule';
export { GuardrailRules } from './rules';
export { type GuardrailSuppression, GuardrailSuppressions, type SuppressionInUse } from './suppressions';
