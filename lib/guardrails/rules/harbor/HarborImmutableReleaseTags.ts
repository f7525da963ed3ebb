/** HarborImmutableReleaseTags: a project has an immutable-tag rule, so release tags cannot be moved. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { isProxyCache, ofProject } from './project';

export const HarborImmutableReleaseTags: IGuardrailRule = {
  id: 'HarborImmutableReleaseTags',
  intent: 'Release tags cannot be moved: the project has an enabled immutable-tag rule.',
  sources: ['AWS Security Hub ECR.2 (analogue; Harbor publishes no control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource, index }): RuleFinding[] {
    if (isProxyCache(resource)) return [];
    const rules = ofProject(resource, index, 'harbor_immutable_tag_rule', 'project_id').filter((r) => r.config.disabled !== true);
    if (rules.length > 0) return [];
    return [{ problem: 'no enabled harbor_immutable_tag_rule protects the project\'s tags', fix: 'add an immutable tag rule for release tags (HarborProject makes v* immutable by default)' }];
  },
};
