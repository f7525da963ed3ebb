/** The ECR dialect: lifecycle grammar, simulator, images reader, compiler from the neutral policy, and its CLI definition. */

import { DialectDefinition } from '../dialect';
import { parseEcrImages } from './images';
import { EcrLifecyclePolicyDocument, parseEcrLifecyclePolicy } from './lifecycle';
import { simulateEcrLifecyclePolicy } from './simulator';

export * from './lifecycle';
export * from './simulator';
export * from './images';
export * from './compiler';

/** The `--dialect ecr` definition of the `registry-lifecycle` CLI. */
export const ecrDialect: DialectDefinition = {
  name: 'ecr',
  policyFormat: 'an ECR lifecycle policy document (JSON, as given to `aws ecr put-lifecycle-policy --lifecycle-policy-text`)',
  imagesFormat: 'the JSON of `aws ecr describe-images --repository-name R --filter imageStatus=ANY --output json` (AWS CLI v1 or v2)',
  parsePolicy: (input, source) => parseEcrLifecyclePolicy(input, source),
  parseImages: (input, source) => parseEcrImages(input, source),
  simulate: (policy, images, now) => simulateEcrLifecyclePolicy(policy as EcrLifecyclePolicyDocument, images, now),
};
