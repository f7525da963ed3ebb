/** AcrAnonymousPullDisabled: Images cannot be pulled without authentication. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrAnonymousPullDisabled: IGuardrailRule = {
  id: 'AcrAnonymousPullDisabled',
  intent: 'Images cannot be pulled without authentication.',
  sources: ['Azure Policy built-in 9f2dea28 (anonymous pull disabled)'],
  level: GuardrailLevel.ERROR,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (resource.config.anonymous_pull_enabled !== true) return [];
    return [{ problem: 'anonymous_pull_enabled is true: anyone on the network can pull every image', fix: 'turn anonymous pull off; grant AcrPull to the identities that pull' }];
  },
};
