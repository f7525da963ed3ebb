/** AcrDataEndpoints: A Premium registry serves layers from dedicated data endpoints, so firewalls allow only its own endpoints. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isPremium } from './registry';

export const AcrDataEndpoints: IGuardrailRule = {
  id: 'AcrDataEndpoints',
  intent: 'A Premium registry serves layers from dedicated data endpoints, so firewalls allow only its own endpoints.',
  sources: ['Checkov CKV_AZURE_237 (no official control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (!isPremium(resource)) return [];
    if (resource.config.data_endpoint_enabled === true) return [];
    return [{ problem: 'data_endpoint_enabled is not true: layers come from the shared *.blob.core.windows.net endpoints', fix: 'enable dedicated data endpoints' }];
  },
};
