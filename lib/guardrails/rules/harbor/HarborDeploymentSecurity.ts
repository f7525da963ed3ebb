/** HarborDeploymentSecurity: pulls of images with severe vulnerabilities are refused. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const HarborDeploymentSecurity: IGuardrailRule = {
  id: 'HarborDeploymentSecurity',
  intent: 'The project refuses pulls of images with vulnerabilities at or above a severity (deployment security).',
  sources: ['CIS EKS/AKS/GKE 5.1.1 (image vulnerability scanning), by analogy'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource }): RuleFinding[] {
    const sev = resource.config.deployment_security;
    if (typeof sev === 'string' && sev !== '' && sev !== 'none') return [];
    return [{ problem: `deployment_security is ${sev === undefined ? 'unset' : JSON.stringify(sev)}: images with critical vulnerabilities can be pulled`, fix: 'set deployment security to critical or high (HarborProject sets it by default)' }];
  },
};
