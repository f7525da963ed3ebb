/** AcrZoneRedundancy: A Premium registry and each replica are zone redundant. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { isPremium } from './registry';

export const AcrZoneRedundancy: IGuardrailRule = {
  id: 'AcrZoneRedundancy',
  intent: 'A Premium registry and each replica are zone redundant.',
  sources: ['Azure Policy built-in 9d2b0a20 ([Preview] zone redundant)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    const off = [resource.config.zone_redundancy_enabled === true ? undefined : 'the registry', ...blocks(resource.config, 'georeplications').map((g) => (g.zone_redundancy_enabled === true ? undefined : `replica ${String(g.location)}`))].filter((x) => x !== undefined);
    if (off.length === 0) return [];
    return [{ problem: `zone redundancy is off for ${off.join(', ')} (Azure makes new registries zone redundant by default in regions with zones, even when this reads false)`, fix: 'set zone redundancy on the registry and each replica; it is fixed at creation' }];
  },
};
