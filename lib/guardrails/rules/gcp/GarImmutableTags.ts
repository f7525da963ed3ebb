/** GarImmutableTags: Docker tags in a standard repository cannot be moved. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, block } from '../../rule';
import { isStandardDocker } from './members';

export const GarImmutableTags: IGuardrailRule = {
  id: 'GarImmutableTags',
  intent: 'Release tags cannot be moved to another image (the Artifact Registry analogue of Security Hub ECR.2).',
  sources: ['AWS Security Hub ECR.2 (analogue; Google publishes no control)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['google_artifact_registry_repository'],
  check({ resource }): RuleFinding[] {
    if (!isStandardDocker(resource.config)) return [];
    if (block(resource.config, 'docker_config')?.immutable_tags === true) return [];
    return [{ problem: 'docker_config.immutable_tags is not true: any tag, release tags included, can be moved', fix: 'set immutable tags (ArtifactRegistryRepo does by default); push `latest` to a separate development repository' }];
  },
};
