/** AcrUntaggedCleanup: Old images are cleaned up: untagged manifest retention on Premium, or a scheduled acr purge task on any SKU. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { isPremium, pointingAt } from './registry';

/** `acr purge ...` (the built-in alias) or the acr-cli image run directly (`mcr.microsoft.com/acr/acr-cli:0.18 purge ...`). */
const PURGE = /\bacr(?:-cli(?::[\w.-]+)?)? purge\b/;

export const AcrUntaggedCleanup: IGuardrailRule = {
  id: 'AcrUntaggedCleanup',
  intent: 'Old images are cleaned up: untagged manifest retention on Premium, or a scheduled acr purge task on any SKU.',
  sources: ['AWS Security Hub ECR.3 (analogue)', 'Checkov CKV_AZURE_167 (which passes retention_policy_in_days = 0)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource, index }): RuleFinding[] {
    const days = resource.config.retention_policy_in_days;
    if (isPremium(resource) && typeof days === 'number' && days > 0) return [];
    const tasks = pointingAt(resource, index, 'azurerm_container_registry_task', 'container_registry_id')
      .filter((t) => blocks(t.config, 'timer_trigger').some((tt) => tt.enabled !== false) && PURGE.test(JSON.stringify(t.config)));
    if (tasks.length > 0) return [];
    return [{
      problem: days === 0 ? 'retention_policy_in_days is 0, which turns retention off, and no scheduled acr purge task targets the registry' : 'no untagged-manifest retention and no scheduled acr purge task targets the registry',
      fix: 'give AcrRegistry a retentionPolicy (compiled to retention days on Premium and a timer-triggered acr purge task)',
    }];
  },
};
