/** AcrPremiumFeatures: A registry below Premium is told once which recommended settings need Premium, instead of one finding per setting. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { PREMIUM_FEATURES, isPremium } from './registry';

export const AcrPremiumFeatures: IGuardrailRule = {
  id: 'AcrPremiumFeatures',
  intent: 'A registry below Premium is told once which recommended settings need Premium, instead of one finding per setting.',
  sources: ['Checkov maintainers on CKV_AZURE_165 (checkov#5455): Premium-only checks fail lower SKUs by design'],
  level: GuardrailLevel.INFO,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (isPremium(resource)) return [];
    return [{ problem: `SKU ${JSON.stringify(resource.config.sku)} cannot have these recommended settings, which need Premium: ${PREMIUM_FEATURES.join(', ')}`, fix: 'use the Premium SKU where the registry holds production images, or suppress this rule with the reason' }];
  },
};
