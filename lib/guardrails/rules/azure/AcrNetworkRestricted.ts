/** AcrNetworkRestricted: A Premium registry is not reachable from the whole internet: public network access off, or network rules that deny by default. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, block } from '../../rule';
import { isPremium } from './registry';

export const AcrNetworkRestricted: IGuardrailRule = {
  id: 'AcrNetworkRestricted',
  intent: 'A Premium registry is not reachable from the whole internet: public network access off, or network rules that deny by default.',
  sources: ['Azure Policy built-in 0fdf0491 (public network access disabled)', 'Azure Policy built-in d0793b48 (no unrestricted network access)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (resource.config.public_network_access_enabled === false) return [];
    if (block(resource.config, 'network_rule_set')?.default_action === 'Deny') return [];
    return [{ problem: 'public network access is on (the default) and no network rule set denies by default', fix: 'turn public network access off and use a private endpoint, or add network rules with default action Deny' }];
  },
};
