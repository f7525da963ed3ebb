/** AcrLeastPrivilegeRoles: Role assignments on a registry use the registry roles (AcrPull, AcrPush, AcrDelete...), not Owner or Contributor. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { pointingAt } from './registry';

export const AcrLeastPrivilegeRoles: IGuardrailRule = {
  id: 'AcrLeastPrivilegeRoles',
  intent: 'Role assignments on a registry use the registry roles (AcrPull, AcrPush, AcrDelete...), not Owner or Contributor.',
  sources: ['CIS AKS 5.1.2 / 5.1.3 (minimize access to Azure Container Registry)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource, index }): RuleFinding[] {
    const broad = ['Owner', 'Contributor', 'User Access Administrator'];
    const broadIds = ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'];
    return pointingAt(resource, index, 'azurerm_role_assignment', 'scope')
      .filter((a) => broad.includes(String(a.config.role_definition_name)) || broadIds.some((id) => String(a.config.role_definition_id ?? '').endsWith(id)))
      .map((a) => ({ problem: `${a.address} grants ${String(a.config.role_definition_name ?? a.config.role_definition_id)} on the registry`, fix: 'grant AcrPull to runtimes and AcrPush to build identities (grantPull/grantPush)', at: a }));
  },
};
