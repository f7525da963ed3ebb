/** AcrQuarantinePolicy: A Premium registry quarantines new images until a scanner releases them. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isPremium } from './registry';

export const AcrQuarantinePolicy: IGuardrailRule = {
  id: 'AcrQuarantinePolicy',
  intent: 'A Premium registry quarantines new images until a scanner releases them.',
  sources: ['Checkov CKV_AZURE_166 (no official control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (resource.config.quarantine_policy_enabled === true) return [];
    return [{ problem: 'quarantine_policy_enabled is not true', fix: 'enable the quarantine policy and have a scanner release images (AcrRegistry quarantinePolicy)' }];
  },
};
