/** GarNoPublicAccess: no repository grants to allUsers or allAuthenticatedUsers. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { GAR_IAM_TYPES, grantsOf } from './members';

const PUBLIC = ['allUsers', 'allAuthenticatedUsers'];

export const GarNoPublicAccess: IGuardrailRule = {
  id: 'GarNoPublicAccess',
  intent: 'No Artifact Registry repository is readable by allUsers or allAuthenticatedUsers.',
  sources: ['CIS GKE 5.1.2 (minimize user access to container image repositories)'],
  level: GuardrailLevel.ERROR,
  resourceTypes: GAR_IAM_TYPES,
  check({ resource, index }): RuleFinding[] {
    const { grants, unreadable } = grantsOf(resource, index);
    if (unreadable) return [{ problem: `the repository IAM policy cannot be checked: ${unreadable}`, fix: 'write the policy so that it is known at synth (members, bindings or a google_iam_policy data source in the stack)' }];
    return grants.filter((g) => PUBLIC.includes(g.member)).map((g) => ({
      problem: `grants ${g.role} to ${g.member}, which makes the repository public`,
      fix: 'grant named members (service accounts, groups, Workload Identity principals) instead; ArtifactRegistryRepo refuses public members unless public access is asked for by name',
    }));
  },
};
