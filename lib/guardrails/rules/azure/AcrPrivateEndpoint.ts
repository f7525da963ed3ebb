/** AcrPrivateEndpoint: A Premium registry is reached through a private endpoint. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isPremium, pointingAt } from './registry';

export const AcrPrivateEndpoint: IGuardrailRule = {
  id: 'AcrPrivateEndpoint',
  intent: 'A Premium registry is reached through a private endpoint.',
  sources: ['Azure Policy built-in e8eef0a8 (use private link)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource, index }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    const endpoints = pointingAt(resource, index, 'azurerm_private_endpoint', 'private_service_connection.private_connection_resource_id');
    if (endpoints.length > 0) return [];
    return [{ problem: 'no azurerm_private_endpoint in the stack connects to this registry', fix: 'add a private endpoint (AcrRegistry privateEndpoint) and its private DNS zone privatelink.azurecr.io' }];
  },
};
