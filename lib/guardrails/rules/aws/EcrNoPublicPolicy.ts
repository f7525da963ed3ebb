/** EcrNoPublicPolicy: no repository, registry or template policy opens images to every AWS account. */

import { isPublicStatement } from '../../../core/iam-public';
import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { readPolicy } from './policy-documents';

/** The attribute that holds the policy, by resource type. */
const POLICY_ATTRIBUTE: { readonly [type: string]: string } = {
  aws_ecr_repository_policy: 'policy',
  aws_ecr_registry_policy: 'policy',
  aws_ecr_repository_creation_template: 'repository_policy',
};

export const EcrNoPublicPolicy: IGuardrailRule = {
  id: 'EcrNoPublicPolicy',
  intent: 'No resource policy allows every AWS principal ("*") unless a condition scopes it to an organization, account, source or network.',
  sources: ['CIS EKS 5.1.2', 'AWS ECR user guide: infrastructure security (restrict by VPC endpoint, source IP or organization)'],
  level: GuardrailLevel.ERROR,
  resourceTypes: Object.keys(POLICY_ATTRIBUTE),
  check({ resource, index }): RuleFinding[] {
    const attribute = POLICY_ATTRIBUTE[resource.type];
    const value = resource.config[attribute];
    if (value === undefined) return [];
    const policy = readPolicy(value, resource, index);
    if (policy.unreadable) {
      return [{ problem: `${attribute} cannot be checked: ${policy.unreadable}`, fix: 'write the policy so that it is known at synth (a literal document or an aws_iam_policy_document in the same stack)' }];
    }
    return policy.statements
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => isPublicStatement(s.Effect, s.Principal, s.Condition))
      .map(({ s, i }) => ({
        problem: `${attribute} statement ${s.Sid !== undefined ? JSON.stringify(s.Sid) : `[${i}]`} allows every AWS principal ("*") without a condition that scopes it, which makes the images public`,
        fix: 'name the principals, or keep "*" with a StringEquals condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn, aws:SourceVpce or aws:SourceIp (not 0.0.0.0/0)',
      }));
  },
};
