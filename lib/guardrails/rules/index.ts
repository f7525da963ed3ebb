/** The rule catalogue: every rule, one per file, by id. */

import { IGuardrailRule } from '../rule';
import { registerRuleIds } from '../suppressions';
import { EcrImageScanning } from './aws/EcrImageScanning';
import { EcrKmsCustomerKey } from './aws/EcrKmsCustomerKey';
import { EcrLifecyclePolicy } from './aws/EcrLifecyclePolicy';
import { EcrNoPublicPolicy } from './aws/EcrNoPublicPolicy';
import { EcrPullOnlyRuntimes } from './aws/EcrPullOnlyRuntimes';
import { EcrTagImmutability } from './aws/EcrTagImmutability';

/** Every rule of the library. */
export const ALL_RULES: readonly IGuardrailRule[] = [
  EcrImageScanning, EcrTagImmutability, EcrKmsCustomerKey, EcrNoPublicPolicy, EcrLifecyclePolicy, EcrPullOnlyRuntimes,
];

registerRuleIds(ALL_RULES.map((r) => r.id));

/** The rules with these ids, in this order; an unknown id is a programming error here. */
export function rulesById(ids: readonly string[]): IGuardrailRule[] {
  return ids.map((id) => GuardrailRules.byId(id));
}

/** The library's rules, for custom packs and for tests. */
export class GuardrailRules {
  /** Every rule of the library. */
  public static get all(): IGuardrailRule[] {
    return [...ALL_RULES];
  }

  /** The rule with this id. */
  public static byId(id: string): IGuardrailRule {
    const rule = ALL_RULES.find((r) => r.id === id);
    if (!rule) throw new Error(`GuardrailRules.byId: id is not a guardrail rule id (got ${JSON.stringify(id)}); one of ${ALL_RULES.map((r) => r.id).join(', ')}`);
    return rule;
  }

  private constructor() {}
}
