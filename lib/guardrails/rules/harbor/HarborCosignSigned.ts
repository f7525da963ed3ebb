/** HarborCosignSigned: only cosign-signed images can be pulled. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isProxyCache } from './project';

export const HarborCosignSigned: IGuardrailRule = {
  id: 'HarborCosignSigned',
  intent: 'Only images signed with cosign can be pulled (Notary content trust is deprecated).',
  sources: ['CIS EKS/AKS/GKE 5.1.4 (approved registries and trusted images), by analogy'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource }): RuleFinding[] {
    if (isProxyCache(resource) || resource.config.enable_content_trust_cosign === true) return [];
    return [{ problem: 'enable_content_trust_cosign is not true: unsigned images can be pulled', fix: 'sign images with cosign in CI and turn cosign content trust on' }];
  },
};
