/** The capability matrix, computed from the compilers: which neutral intents each registry expresses, and how. */

import { compileToAcr } from '../../../lib/core/retention/acr';
import { compileToEcr } from '../../../lib/core/retention/ecr';
import { compileToGar } from '../../../lib/core/retention/gar';
import { compileToHarbor } from '../../../lib/core/retention/harbor';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../lib/core/retention/policy';
import { CompileOptions } from '../../../lib/core/retention/dialect';

/** One row of the matrix: an intent and a policy that states exactly that intent. */
export interface Intent {
  readonly name: string;
  readonly policy: () => RetentionPolicy;
}

export const INTENTS: Intent[] = [
  { name: 'protect `v*`', policy: () => RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] })] }) },
  { name: 'protect `latest` (no wildcard)', policy: () => RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['latest'] })] }) },
  { name: 'keepMostRecent 20 of every tagged image (`*`)', policy: () => RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] })] }) },
  { name: 'keepMostRecent 20 of `v*`', policy: () => RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['v*'] })] }) },
  { name: 'expireUntagged 7 days', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })] }) },
  { name: 'expireTagged `*` 30 days', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ days: 30, tagPatterns: ['*'] })] }) },
  { name: 'expireTagged `pr-*` 14 days', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ days: 14, tagPatterns: ['pr-*'] })] }) },
  { name: 'expireTagged `*-rc` 14 days (leading wildcard)', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ days: 14, tagPatterns: ['*-rc'] })] }) },
  { name: 'expireNotPulled 90 days, archive', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.ARCHIVE })] }) },
  {
    name: 'protect `v*`, archive those not pulled for 180 days',
    policy: () => RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 })] }),
  },
  { name: 'expireNotPulled 90 days, expire', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] }) },
  {
    name: 'typical: protect `v*`, keep 20 of `*`, expire untagged after 7 days',
    policy: () =>
      RetentionPolicy.of({
        rules: [
          RetentionRule.protect({ tagPatterns: ['v*'] }),
          RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] }),
          RetentionRule.expireUntagged({ days: 7 }),
        ],
      }),
  },
  { name: 'scoped to repositories `team/*`', policy: () => RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 7 })], repositories: ['team/*'] }) },
];

/** The dialects, in matrix column order. */
export const COMPILERS: { name: string; compile: (p: RetentionPolicy, o: CompileOptions) => unknown }[] = [
  { name: 'ECR', compile: (p, o) => compileToEcr(p, o) },
  { name: 'GAR', compile: (p, o) => compileToGar(p, o) },
  { name: 'Harbor', compile: (p, o) => compileToHarbor(p, o) },
  { name: 'ACR', compile: (p, o) => compileToAcr(p, o) },
];

/** How a compiler handles a policy: exactly, only with the opt-in approximation, or not at all. */
export function support(compile: (p: RetentionPolicy, o: CompileOptions) => unknown, policy: RetentionPolicy): 'native' | 'opt-in' | 'unsupported' {
  try {
    compile(policy, {});
    return 'native';
  } catch {
    try {
      compile(policy, { allowApproximations: true });
      return 'opt-in';
    } catch {
      return 'unsupported';
    }
  }
}
