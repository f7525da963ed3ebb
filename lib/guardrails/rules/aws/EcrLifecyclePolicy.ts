/** EcrLifecyclePolicy: every repository has a lifecycle policy that is valid and expires untagged images. */

import { findDeadEcrLifecycleRules } from '../../../core/retention/dead-rules';
import { parseEcrLifecyclePolicy } from '../../../core/retention/ecr/grammar';
import { ValidationError } from '../../../core/errors';
import { GuardrailLevel, IGuardrailRule, RuleFinding, isExpression } from '../../rule';

/** What a policy text says, by text: stacks repeat one policy across many repositories. */
const verdicts = new Map<string, RuleFinding | undefined>();

function judge(policy: unknown, address: string): Omit<RuleFinding, 'at'> | undefined {
  const key = typeof policy === 'string' ? policy : JSON.stringify(policy);
  if (verdicts.has(key)) return verdicts.get(key);
  let verdict: RuleFinding | undefined;
  try {
    const doc = parseEcrLifecyclePolicy(policy, `${address}.policy`);
    const expiresUntagged = doc.rules.some((r) => r.action.type === 'expire' && (r.selection.tagStatus === 'untagged' || r.selection.tagStatus === 'any'));
    const dead = findDeadEcrLifecycleRules(doc);
    if (!expiresUntagged) verdict = { problem: 'the lifecycle policy has no rule that expires untagged images', fix: 'add an expire rule for untagged images (EcrLifecycle.expireUntaggedAfterDays or RetentionRule.expireUntagged)' };
    else if (dead.length > 0) {
      verdict = {
        problem: `the lifecycle policy has rules that can never act: ${dead.map((d) => `${d.rule} (${d.reason})`).join('; ')}`,
        fix: 'remove those rules or change the rules that shadow them (registry-lifecycle preview shows what each rule decides)',
      };
    }
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    verdict = { problem: `the lifecycle policy is invalid, ECR would refuse it: ${e.violations.map((v) => `${v.property} ${v.problem}`).join('; ')}`, fix: 'correct the policy (EcrLifecycle rules are checked at synth)' };
  }
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

export const EcrLifecyclePolicy: IGuardrailRule = {
  id: 'EcrLifecyclePolicy',
  intent: 'Every repository has a valid lifecycle policy that expires untagged images and has no rule that can never act, so storage and old vulnerable images do not pile up.',
  sources: ['AWS Security Hub ECR.3', 'AWS Config ecr-private-lifecycle-policy-configured', 'AWS Control Tower CT.ECR.PR.1'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['aws_ecr_repository'],
  check({ resource, index }): RuleFinding[] {
    const policies = index.pointingAt(resource, 'aws_ecr_lifecycle_policy', 'repository', 'name');
    if (policies.length === 0) {
      return [{ problem: `repository ${JSON.stringify(resource.config.name)} has no lifecycle policy`, fix: 'add lifecycleRules or a retentionPolicy (EcrRepository), or an aws_ecr_lifecycle_policy for it' }];
    }
    const findings: RuleFinding[] = [];
    for (const p of policies) {
      if (isExpression(p.config.policy)) continue;
      const verdict = judge(p.config.policy, p.address);
      if (verdict) findings.push({ ...verdict, at: p });
    }
    return findings;
  },
};
