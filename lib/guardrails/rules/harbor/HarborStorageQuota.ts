/** HarborStorageQuota: a project has a storage quota, so one project cannot fill the registry's storage. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const HarborStorageQuota: IGuardrailRule = {
  id: 'HarborStorageQuota',
  intent: 'Each project has a storage quota.',
  sources: ['goharbor/harbor provider: storage_quota defaults to -1 (unlimited)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['harbor_project'],
  check({ resource }): RuleFinding[] {
    const q = resource.config.storage_quota;
    if (typeof q === 'number' && q > 0) return [];
    return [{ problem: `storage_quota is ${q === undefined ? 'unset (-1, unlimited)' : JSON.stringify(q)}`, fix: 'set a storage quota in GiB (HarborProject storageQuotaGib)' }];
  },
};
