/** The archive allowance of protect rules on registries without archive storage: refused, or approximated as a plain protect. */

import { ValidationError } from '../../../lib/core/errors';
import { CompileOptions } from '../../../lib/core/retention/dialect';
import { RetentionPolicy, RetentionRule, RetentionRuleKind } from '../../../lib/core/retention/policy';

/** `policy` with every protect rule given an archive allowance of `days` (a protect `*` rule added when it has none). */
export function withAllowance(policy: RetentionPolicy, days: number): RetentionPolicy {
  const protect = (r: RetentionRule) => RetentionRule.protect({ tagPatterns: [...r.tagPatterns!], archiveWhenNotPulledForDays: days, description: r.description });
  const rules = policy.rules.map((r) => (r.kind === RetentionRuleKind.PROTECT ? protect(r) : r));
  if (!rules.some((r) => r.kind === RetentionRuleKind.PROTECT)) rules.push(RetentionRule.protect({ tagPatterns: ['*'], archiveWhenNotPulledForDays: days }));
  return RetentionPolicy.of({ rules, repositories: policy.repositories ? [...policy.repositories] : undefined });
}

/** The same policy with every archive allowance dropped. */
export function withoutAllowance(policy: RetentionPolicy): RetentionPolicy {
  const rules = policy.rules.map((r) => (r.kind === RetentionRuleKind.PROTECT ? RetentionRule.protect({ tagPatterns: [...r.tagPatterns!], description: r.description }) : r));
  return RetentionPolicy.of({ rules, repositories: policy.repositories ? [...policy.repositories] : undefined });
}

/**
 * For a dialect without archive storage and a policy it compiles (with the opt-in): adding archive allowances is
 * refused without the opt-in, naming each such rule; with it, the output is exactly that of the policy without
 * the allowances (the images are kept, never archived), and a warning names each rule.
 */
export function assertAllowanceApproximated(compile: (p: RetentionPolicy, o: CompileOptions) => { warnings: readonly string[] }, base: RetentionPolicy, days: number): void {
  const allowed = withAllowance(base, days);
  const indexes = allowed.rules.map((r, i) => (r.kind === RetentionRuleKind.PROTECT ? i : -1)).filter((i) => i >= 0);
  let refused: unknown;
  try {
    compile(allowed, {});
  } catch (e) {
    refused = e;
  }
  if (!(refused instanceof ValidationError)) throw new Error(`expected a ValidationError for ${JSON.stringify(allowed.toJson())}`);
  for (const i of indexes) {
    if (!refused.violations.some((v) => v.property === `rules[${i}]` && /archive/.test(v.problem))) throw new Error(`rules[${i}] not refused: ${refused.message}`);
  }
  const approximated = compile(allowed, { allowApproximations: true });
  const plain = compile(withoutAllowance(allowed), { allowApproximations: true });
  const strip = (r: { warnings: readonly string[] }) => JSON.stringify({ ...r, warnings: undefined });
  if (strip(approximated) !== strip(plain)) throw new Error(`output differs from the plain protect policy:\n${strip(approximated)}\n${strip(plain)}`);
  for (const i of indexes) {
    if (!approximated.warnings.some((w) => w.startsWith(`rules[${i}] (`) && /archive/.test(w))) throw new Error(`no warning for rules[${i}]: ${approximated.warnings.join('\n')}`);
  }
}
