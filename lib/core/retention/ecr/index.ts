/** The ECR dialect: lifecycle grammar, simulator, images reader, compiler from the neutral policy, and its CLI definition. */

import { findDeadEcrLifecycleRules } from '../dead-rules';
import { DialectDefinition } from '../dialect';
import { ImageRecord } from '../image';
import { ecrImagesWarnings, parseEcrImages } from './listing';
import { EcrLifecyclePolicyDocument, EcrStorageClass, parseEcrLifecyclePolicy } from './grammar';
import { simulateEcrLifecyclePolicy } from './simulate';

export * from './grammar';
export * from './simulate';
export * from './listing';
export * from './compile';

/** Listing notes per parsed image list, so `simulate` can report them next to its own warnings. */
const listingNotes = new WeakMap<readonly ImageRecord[], { paginated: boolean; noStatus: boolean }>();

/** The `--dialect ecr` definition of the `registry-lifecycle` CLI. */
export const ecrDialect: DialectDefinition = {
  name: 'ecr',
  policyFormat: 'an ECR lifecycle policy document (JSON, as given to `aws ecr put-lifecycle-policy --lifecycle-policy-text`)',
  imagesFormat: 'the JSON of `aws ecr describe-images --repository-name R --filter imageStatus=ANY --output json` (AWS CLI v1 or v2)',
  parsePolicy: (input, source) => parseEcrLifecyclePolicy(input, source),
  parseImages: (input, source) => {
    const images = parseEcrImages(input, source);
    const notes = ecrImagesWarnings(input);
    listingNotes.set(images, { paginated: notes.some((n) => n.includes('pagination')), noStatus: notes.some((n) => n.includes('imageStatus')) });
    return images;
  },
  listingNotes: (input) => ecrImagesWarnings(input),
  simulate: (policy, images, now) => {
    const doc = policy as EcrLifecyclePolicyDocument;
    const result = simulateEcrLifecyclePolicy(doc, images, now);
    const notes = listingNotes.get(images);
    const warnings: string[] = [];
    if (notes?.paginated) warnings.push('the image listing carries a pagination token, so it is incomplete; run describe-images without --max-items/--no-paginate');
    // Archived images only matter to rules that select the archive storage class.
    if (notes?.noStatus && doc.rules.some((r) => r.selection.storageClass === EcrStorageClass.ARCHIVE)) {
      warnings.push('no image in the listing has an imageStatus, so archived images are probably missing; list them with --filter imageStatus=ANY');
    }
    return { decisions: result.decisions, warnings: [...warnings, ...result.warnings] };
  },
  deadRules: (policy) => findDeadEcrLifecycleRules(policy as EcrLifecyclePolicyDocument).map((d) => d.message),
};
