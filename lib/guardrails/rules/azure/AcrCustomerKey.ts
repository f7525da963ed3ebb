/** AcrCustomerKey: A Premium registry is encrypted with a customer-managed key. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, block } from '../../rule';
import { isPremium } from './registry';

export const AcrCustomerKey: IGuardrailRule = {
  id: 'AcrCustomerKey',
  intent: 'A Premium registry is encrypted with a customer-managed key.',
  sources: ['Azure Policy built-in 5b9159ae (customer-managed key)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (block(resource.config, 'encryption')?.key_vault_key_id !== undefined) return [];
    return [{ problem: 'the registry is encrypted with Microsoft-managed keys (no encryption block)', fix: 'set a customer-managed key with a user-assigned identity (AcrRegistry customerManagedKey); it is fixed at creation' }];
  },
};
