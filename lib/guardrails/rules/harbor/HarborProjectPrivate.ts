/** HarborProjectPrivate: projects are private: pulling needs credentials. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const HarborProjectPrivate: IGuardrailRule = {
  id: 'HarborProjectPrivate',
  intent: 'Projects are private: anonymous users cannot pull.',
  sources: ['CIS EKS/AKS/GKE 5.1.2 (minimize user access to image repositories), by analogy; no Harbor control exists'],
  level: GuardrailLevel.ERROR,
  resourceTypes: ['harbor_project'],
  check({ resource }): RuleFinding[] {
    if (resource.config.public !== true) return [];
    return [{ problem: `project ${JSON.stringify(resource.config.name)} is public: anyone can pull its images anonymously`, fix: 'make it private (HarborProject is by default) and give pullers a robot account' }];
  },
};
