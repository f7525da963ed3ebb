/** EcrPullOnlyRuntimes: identities of running workloads (ECS tasks, Lambda, EC2, EKS pods) can pull but not change images. */

import { matchesWildcard } from '../../../core/retention/patterns';
import { GuardrailLevel, IGuardrailRule, RuleFinding, blocks } from '../../rule';
import { actionsOf, readPolicy, servicePrincipalsOf } from './policy-documents';

/** Services whose principals run workloads that only need to pull. */
const RUNTIME_SERVICES = ['ecs-tasks.amazonaws.com', 'lambda.amazonaws.com', 'ec2.amazonaws.com', 'pods.eks.amazonaws.com', 'tasks.apprunner.amazonaws.com'];

/** ECR actions that change images or their governance. */
const WRITE_ACTIONS = [
  'ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage',
  'ecr:DeleteRepository', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepositoryPolicy', 'ecr:PutLifecyclePolicy', 'ecr:DeleteLifecyclePolicy',
  'ecr:PutImageTagMutability', 'ecr:PutImageScanningConfiguration', 'ecr:TagResource', 'ecr:UntagResource',
];

/** The write actions an action pattern (e.g. `ecr:*`, `ecr:Put*`, `*`) grants. */
function writesGranted(actions: readonly string[]): string[] {
  return WRITE_ACTIONS.filter((w) => actions.some((a) => matchesWildcard(a.toLowerCase(), w.toLowerCase())));
}

export const EcrPullOnlyRuntimes: IGuardrailRule = {
  id: 'EcrPullOnlyRuntimes',
  intent: 'Runtime identities (ECS tasks, Lambda, EC2 instances, EKS pods) get pull access only; pushing is for build identities.',
  sources: ['CIS EKS 5.1.2', 'CIS EKS 5.1.3 (minimize cluster access to read-only for Amazon ECR)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['aws_ecr_repository_policy', 'aws_iam_role'],
  check({ resource, index }): RuleFinding[] {
    if (resource.type === 'aws_ecr_repository_policy') {
      const policy = readPolicy(resource.config.policy, resource, index);
      return policy.statements.flatMap((s) => {
        const runtimes = servicePrincipalsOf(s).filter((p) => RUNTIME_SERVICES.includes(p));
        const writes = s.Effect === 'Deny' ? [] : writesGranted(actionsOf(s));
        return runtimes.length > 0 && writes.length > 0
          ? [{ problem: `the repository policy grants ${writes.join(', ')} to the runtime service ${runtimes.join(', ')}`, fix: 'grant runtimes pull only (grantPull)' }]
          : [];
      });
    }
    // An IAM role trusted by a runtime service, with inline or attached-by-reference policies that write to ECR.
    const trust = readPolicy(resource.config.assume_role_policy, resource, index);
    const runtimes = trust.statements.flatMap(servicePrincipalsOf).filter((p) => RUNTIME_SERVICES.includes(p));
    if (runtimes.length === 0) return [];
    const inline = blocks(resource.config, 'inline_policy').map((b) => b.policy);
    const attached = index.pointingAt(resource, 'aws_iam_role_policy', 'role', 'name').map((p) => p.config.policy);
    const writes = new Set<string>();
    for (const doc of [...inline, ...attached]) {
      for (const s of readPolicy(doc, resource, index).statements) {
        if (s.Effect !== 'Deny') for (const w of writesGranted(actionsOf(s))) writes.add(w);
      }
    }
    if (writes.size === 0) return [];
    return [{
      problem: `role trusted by ${runtimes.join(', ')} (a runtime) may ${[...writes].join(', ')}`,
      fix: 'give runtime roles the pull actions only (EcrRepository.grantPull, or EcrCiRole with EcrCiAccess.PULL); push from a separate build identity',
    }];
  },
};
