/** AcrExportsDisabled: Images cannot be exported out of a Premium registry (needs public network access off). */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isPremium } from './registry';

export const AcrExportsDisabled: IGuardrailRule = {
  id: 'AcrExportsDisabled',
  intent: 'Images cannot be exported out of a Premium registry (needs public network access off).',
  sources: ['Azure Policy built-in 524b0254 (exports disabled)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (resource.config.export_policy_enabled === false) return [];
    return [{ problem: 'export_policy_enabled is not false (the default is true)', fix: 'turn public network access off and set the export policy off' }];
  },
};
