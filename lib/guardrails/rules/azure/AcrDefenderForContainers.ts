/** AcrDefenderForContainers: Images are scanned by Defender for Containers (subscription-wide plan Containers, tier Standard). */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrDefenderForContainers: IGuardrailRule = {
  id: 'AcrDefenderForContainers',
  intent: 'Images are scanned by Defender for Containers (subscription-wide plan Containers, tier Standard).',
  sources: ['Azure Policy built-in 090c7b07 (vulnerabilities resolved, MDVM)', 'CIS AKS 5.1.1'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ index }): RuleFinding[] {
    const plan = index.inApp('azurerm_security_center_subscription_pricing').some((p) => p.config.resource_type === 'Containers' && p.config.tier === 'Standard');
    if (plan) return [];
    return [{ problem: 'no Defender for Containers plan (resource_type Containers, tier Standard) is in this app, so whether images are scanned cannot be verified at synth', fix: 'enable the plan in a subscription-level stack (the opt-in Defender construct), or suppress with the reason that the subscription has it' }];
  },
};
