/** AcrTokensDisabled: Repository-scoped tokens are off, so every client authenticates with an Entra identity. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrTokensDisabled: IGuardrailRule = {
  id: 'AcrTokensDisabled',
  intent: 'Repository-scoped tokens are off, so every client authenticates with an Entra identity.',
  sources: ['Azure Policy built-in ff05e24e (repository-scoped permissions disabled)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry_token'],
  check({ resource }): RuleFinding[] {
    if (resource.config.enabled === false) return [];
    return [{ problem: 'a repository-scoped token is enabled: its passwords are long-lived secrets outside Entra', fix: 'use Entra identities where the client supports them; give tokens an expiry and rotate their passwords' }];
  },
};
