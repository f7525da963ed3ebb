/** AcrGeoReplication: A Premium registry is replicated to at least one other region. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { isPremium } from './registry';

export const AcrGeoReplication: IGuardrailRule = {
  id: 'AcrGeoReplication',
  intent: 'A Premium registry is replicated to at least one other region.',
  sources: ['Checkov CKV_AZURE_165 (no official control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (blocks(resource.config, 'georeplications').length > 0) return [];
    return [{ problem: 'the registry has no georeplications', fix: 'add a replica region (AcrRegistry georeplications)' }];
  },
};
