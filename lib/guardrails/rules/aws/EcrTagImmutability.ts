/** EcrTagImmutability: tags cannot be overwritten, except narrow exclusions that no release tag can match. */

import { matchesWildcard } from '../../../core/retention/patterns';
import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';

/** Tags a release may carry: an exclusion filter that matches one of them lets releases move. */
const RELEASE_SAMPLES = ['v1.2.3', '1.2.3', 'v1', 'release-1.2', '2026.11.30'];

export const EcrTagImmutability: IGuardrailRule = {
  id: 'EcrTagImmutability',
  intent: 'Release tags cannot be moved to another image.',
  sources: ['AWS Security Hub ECR.2', 'AWS Config ecr-private-tag-immutability-enabled', 'AWS Control Tower CT.ECR.PR.3'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['aws_ecr_repository', 'aws_ecr_repository_creation_template'],
  check({ resource }): RuleFinding[] {
    // Pull-through cache repositories mirror an upstream: immutable tags would stop ECR from refreshing a cached
    // tag (e.g. `latest`) when the upstream moves it, so a template used only for caches is not judged.
    const appliedFor = resource.config.applied_for;
    if (Array.isArray(appliedFor) && appliedFor.length > 0 && appliedFor.every((a) => a === 'PULL_THROUGH_CACHE')) return [];
    const mode = resource.config.image_tag_mutability ?? 'MUTABLE';
    if (mode === 'IMMUTABLE') return [];
    if (mode === 'IMMUTABLE_WITH_EXCLUSION') {
      const filters = blocks(resource.config, 'image_tag_mutability_exclusion_filter').map((f) => String(f.filter));
      const broad = filters.filter((f) => RELEASE_SAMPLES.some((t) => matchesWildcard(f, t)));
      if (broad.length === 0) return [];
      return [{
        problem: `exclusion filter(s) ${broad.map((f) => JSON.stringify(f)).join(', ')} match release-like tags (e.g. v1.2.3), so releases stay mutable`,
        fix: 'narrow the exclusions to development tags (latest, dev-*, sha256-* for signatures)',
      }];
    }
    return [{
      problem: `image_tag_mutability is ${JSON.stringify(mode)}${resource.config.image_tag_mutability === undefined ? ' (the default)' : ''}: any tag, release tags included, can be moved to another image`,
      fix: 'use IMMUTABLE (EcrRepository\'s default), or IMMUTABLE_WITH_EXCLUSION with narrow development-tag filters',
    }];
  },
};
