/** Suppressions: a rule switched off for one resource or a construct subtree, always with a reason. */

import { IConstruct } from 'constructs';
import { Violations } from '../core/errors';

/** One suppression: a rule id and why the finding does not apply here. */
export interface GuardrailSuppression {
  /** The rule id, e.g. `ECR.KmsCustomerKey`. */
  readonly id: string;
  /** Why, in at least 10 characters: it is shown in the suppression report. */
  readonly reason: string;
}

/** A suppression in force, with where it was added. */
export interface SuppressionInUse extends GuardrailSuppression {
  /** The path of the construct the suppression was added to. */
  readonly addedAt: string;
}

const registry = new WeakMap<IConstruct, SuppressionInUse[]>();
let knownRuleIds: ReadonlySet<string> = new Set();

/** Called by the rule catalogue so that a suppression naming an unknown rule is refused where it is added. */
export function registerRuleIds(ids: readonly string[]): void {
  knownRuleIds = new Set([...knownRuleIds, ...ids]);
}

/** Adds and looks up suppressions. */
export class GuardrailSuppressions {
  /**
   * Suppresses rules on `scope` and everything below it (a construct of ours, a raw resource, or a whole stack).
   * Each suppression needs a reason of at least 10 characters and a known rule id.
   */
  public static add(scope: IConstruct, suppressions: GuardrailSuppression[]): void {
    const v = new Violations();
    suppressions.forEach((s, i) => {
      if (!knownRuleIds.has(s.id)) v.add(`suppressions[${i}].id`, 'is not a guardrail rule id', s.id, `one of ${[...knownRuleIds].sort().join(', ')}`);
      if (typeof s.reason !== 'string' || s.reason.trim().length < 10) {
        v.add(`suppressions[${i}].reason`, `is too short (${typeof s.reason === 'string' ? s.reason.trim().length : 0} characters)`, s.reason, 'a reason of at least 10 characters, shown in the suppression report');
      }
    });
    v.throwIfAny(`${scope.node.path || '<app>'}: GuardrailSuppressions.add`);
    const list = registry.get(scope) ?? [];
    list.push(...suppressions.map((s) => ({ id: s.id, reason: s.reason.trim(), addedAt: scope.node.path })));
    registry.set(scope, list);
  }

  /** The suppression of `ruleId` that applies to `construct` (added on it or on an ancestor), if any. */
  public static find(construct: IConstruct, ruleId: string): SuppressionInUse | undefined {
    for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
      const hit = registry.get(c)?.find((s) => s.id === ruleId);
      if (hit) return hit;
    }
    return undefined;
  }
}
