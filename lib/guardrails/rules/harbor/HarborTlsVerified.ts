/** HarborTlsVerified: the Harbor provider verifies the server's TLS certificate. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const HarborTlsVerified: IGuardrailRule = {
  id: 'HarborTlsVerified',
  intent: 'Terraform talks to Harbor over verified TLS: the provider\'s insecure argument, which defaults to true, is false.',
  sources: ['goharbor/harbor provider v3.12.4: insecure defaults to true'],
  level: GuardrailLevel.ERROR,
  resourceTypes: ['provider.harbor'],
  check({ resource }): RuleFinding[] {
    if (resource.config.insecure === false) return [];
    return [{
      problem: `the harbor provider ${resource.config.insecure === undefined ? 'leaves insecure unset, and its default is true' : 'sets insecure to true'}: the server certificate is not verified and the admin credentials can be intercepted`,
      fix: 'set insecure = false (the library\'s Harbor provider helper does unless unverified TLS is asked for by name); for a private CA, install it on the machine that runs Terraform',
    }];
  },
};
