/** The Azure Container Registry dialect of the retention engine: acr purge commands, their simulator and the neutral compiler. */

import { DialectDefinition } from '../dialect';
import { ImageRecord, SimulationResult } from '../image';
import { parseAcrManifests } from './listing';
import { AcrPurgePolicy, parseAcrPurgeArgs } from './grammar';
import { simulateAcrPurge } from './simulate';

export * from './grammar';
export * from './simulate';
export * from './listing';
export * from './compile';

/** The `--dialect acr` of `registry-lifecycle preview`. */
export const acrDialect: DialectDefinition = {
  name: 'acr',
  policyFormat:
    'acr purge command lines, one per line (e.g. acr purge --filter \'team/.*:^pr-.*$\' --ago 30d --keep 10 --untagged), az acr run/task create --cmd lines, or an ACR task YAML; optionally "az acr config retention update --status enabled --days N"; or JSON {"commands": [...], "untaggedRetentionDays": N}',
  imagesFormat:
    'az acr manifest list-metadata -r REG -n REPO -o json (a bare array, which names no repository: give it with --images REPO=FILE or --repository REPO), or {"imageName": "REPO", "manifests": [...], "tags": <az acr repository show-tags --detail output>}, or an array of those',
  policyIsText: true,
  parsePolicy: (input: unknown, source: string): unknown => parseAcrPurgeArgs(input, source),
  parseImages: (input: unknown, source: string): ImageRecord[] => parseAcrManifests(input, source),
  simulate: (policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult => simulateAcrPurge(policy as AcrPurgePolicy, images, now),
};
