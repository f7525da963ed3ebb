/** GarCleanupEffective: a standard Docker repository has cleanup policies that delete something, not in dry run. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { isStandardDocker } from './members';

export const GarCleanupEffective: IGuardrailRule = {
  id: 'GarCleanupEffective',
  intent: 'Old images are cleaned up: at least one DELETE cleanup policy, and dry run off.',
  sources: ['AWS Security Hub ECR.3 (analogue; Google publishes no control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['google_artifact_registry_repository'],
  check({ resource }): RuleFinding[] {
    if (!isStandardDocker(resource.config)) return [];
    const policies = blocks(resource.config, 'cleanup_policies');
    if (policies.length === 0) return [{ problem: 'the repository has no cleanup policies', fix: 'add a retentionPolicy or cleanup policies (ArtifactRegistryRepo)' }];
    if (!policies.some((p) => p.action === 'DELETE')) {
      return [{ problem: 'every cleanup policy is KEEP, so the policies delete nothing', fix: 'add a DELETE policy (e.g. untagged older than 7 days); KEEP policies only protect images from DELETE ones' }];
    }
    if (resource.config.cleanup_policy_dry_run === true) {
      return [{ problem: 'cleanup_policy_dry_run is true, so the cleanup policies delete nothing (they only log)', fix: 'turn dry run off once the dry-run logs (or registry-lifecycle preview --dialect gar) show the expected deletions' }];
    }
    return [];
  },
};
