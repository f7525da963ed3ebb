/** AcrAdminUserDisabled: The shared admin user is off: clients authenticate with Entra identities or scoped tokens. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const AcrAdminUserDisabled: IGuardrailRule = {
  id: 'AcrAdminUserDisabled',
  intent: 'The shared admin user is off: clients authenticate with Entra identities or scoped tokens.',
  sources: ['Azure Policy built-in dc921057 (local admin account disabled)', 'PSRule Azure.ACR.AdminUser'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['azurerm_container_registry'],
  check({ resource }): RuleFinding[] {
    if (resource.config.admin_enabled !== true) return [];
    return [{ problem: 'admin_enabled is true: one shared user name and password can push and delete every image', fix: 'turn the admin user off; grant identities AcrPull/AcrPush (grantPull/grantPush) or use repository-scoped tokens' }];
  },
};
