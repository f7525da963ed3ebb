/** HarborRetentionPolicy: a project has a scheduled retention policy that can delete something. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { isProxyCache, ofProject } from './project';

export const HarborRetentionPolicy: IGuardrailRule = {
  id: 'HarborRetentionPolicy',
  intent: 'Old artifacts are cleaned up: a scheduled retention policy whose rules do not keep everything.',
  sources: ['AWS Security Hub ECR.3 (analogue; Harbor publishes no control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource, index }): RuleFinding[] {
    if (isProxyCache(resource)) return [];
    const policies = ofProject(resource, index, 'harbor_retention_policy', 'scope');
    if (policies.length === 0) return [{ problem: 'no harbor_retention_policy is scoped to the project', fix: 'add a retention policy (HarborProject retentionPolicy)' }];
    const findings: RuleFinding[] = [];
    for (const p of policies) {
      if (p.config.schedule === undefined || p.config.schedule === '') {
        findings.push({ problem: 'the retention policy has no schedule, so it never runs by itself', fix: 'set a schedule (Daily, Weekly or a six-field cron)', at: p });
      }
      const rules = blocks(p.config, 'rule').filter((r) => r.disabled !== true);
      // An enabled always-retain rule over every repository and tag keeps everything: nothing can be deleted.
      const keepsAll = rules.find((r) => r.always_retain === true && (r.repo_matching === '**' || r.repo_matching === undefined) && r.repo_excluding === undefined && r.tag_matching === '**' && r.tag_excluding === undefined && r.untagged_artifacts !== false);
      if (keepsAll) {
        findings.push({ problem: 'an always-retain rule matches every repository, tag and untagged artifact (untagged_artifacts defaults to true), so the policy deletes nothing', fix: 'narrow the always-retain rule (e.g. tag_matching "v*", untagged_artifacts false)', at: p });
      }
    }
    return findings;
  },
};
