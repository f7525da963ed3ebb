/** AcrManagementLock: The registry carries a management lock, so it cannot be deleted by accident. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrManagementLock: IGuardrailRule = {
  id: 'AcrManagementLock',
  intent: 'The registry carries a management lock, so it cannot be deleted by accident.',
  sources: ['KICS a187ac47 (no official control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource, index }): RuleFinding[] {
    const locks = index.pointingAt(resource, 'azurerm_management_lock', 'scope', 'id');
    if (locks.length > 0) return [];
    return [{ problem: 'no azurerm_management_lock in the stack protects the registry', fix: 'add a CanNotDelete lock scoped to the registry id' }];
  },
};
