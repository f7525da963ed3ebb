/** AcrWebhookHttps: Registry webhooks call HTTPS endpoints only. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrWebhookHttps: IGuardrailRule = {
  id: 'AcrWebhookHttps',
  intent: 'Registry webhooks call HTTPS endpoints only.',
  sources: ['Checkov CKV2_AZURE_30 (no official control)'],
  level: GuardrailLevel.ERROR,
  resourceTypes: ['azurerm_container_registry_webhook'],
  check({ resource }): RuleFinding[] {
    const uri = resource.config.service_uri;
    if (typeof uri !== 'string' || uri.includes('${') || uri.startsWith('https://')) return [];
    return [{ problem: `service_uri ${JSON.stringify(uri)} is not HTTPS, so events and their custom headers travel in clear`, fix: 'use an https:// endpoint' }];
  },
};
