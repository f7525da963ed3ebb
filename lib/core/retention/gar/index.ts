/** The GCP Artifact Registry (GAR) dialect of the retention engine: native cleanup policies, image listing, simulator, compiler. */

import { DialectDefinition } from '../dialect';
import { ImageRecord, SimulationResult } from '../image';
import { parseGarImages } from './listing';
import { GarCleanupPolicy, parseGarCleanupPolicies } from './grammar';
import { simulateGarCleanupPolicies } from './simulate';

export * from './grammar';
export * from './listing';
export * from './simulate';
export * from './compile';

/** The `--dialect gar` entry of the `registry-lifecycle` CLI. */
export const garDialect: DialectDefinition = {
  name: 'gar',
  policyFormat: 'the JSON list `gcloud artifacts repositories set-cleanup-policies --policy=FILE` reads (or `list-cleanup-policies` prints)',
  imagesFormat: 'the JSON of `gcloud artifacts docker images list LOCATION-docker.pkg.dev/PROJECT/REPO --include-tags --format=json`',
  parsePolicy: (input: unknown, source: string): GarCleanupPolicy[] => parseGarCleanupPolicies(input, source),
  parseImages: (input: unknown, source: string): ImageRecord[] => parseGarImages(input, source),
  simulate: (policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult =>
    simulateGarCleanupPolicies(policy as GarCleanupPolicy[], images, now),
};
