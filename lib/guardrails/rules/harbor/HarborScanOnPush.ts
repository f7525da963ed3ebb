/** HarborScanOnPush: artifacts are scanned for vulnerabilities when pushed. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isProxyCache } from './project';

export const HarborScanOnPush: IGuardrailRule = {
  id: 'HarborScanOnPush',
  intent: 'Every pushed artifact is scanned for vulnerabilities.',
  sources: ['CIS EKS/AKS/GKE 5.1.1 (image vulnerability scanning), by analogy'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource }): RuleFinding[] {
    if (isProxyCache(resource) || resource.config.vulnerability_scanning !== false) return [];
    return [{ problem: 'vulnerability_scanning is false: pushed artifacts are not scanned', fix: 'leave scanning on (the provider default and HarborProject\'s)' }];
  },
};
