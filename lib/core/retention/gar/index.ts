/** The GCP Artifact Registry (GAR) dialect of the retention engine: native cleanup policies, image listing, simulator, compiler. */

import { isObject } from '../../json';
import { DialectDefinition } from '../dialect';
import { ImageRecord, SimulationResult } from '../image';
import { RetentionPolicy, RetentionRuleKind } from '../policy';
import { simulateRetentionPolicy } from '../simulate';
import { parseGarImages } from './listing';
import { GarCleanupPolicy, parseGarCleanupPolicies } from './grammar';
import { simulateGarCleanupPolicies } from './simulate';

export * from './grammar';
export * from './listing';
export * from './simulate';
export * from './compile';
export * from './pulls';

/** The `--dialect gar` entry of the `registry-lifecycle` CLI. */
export const garDialect: DialectDefinition = {
  name: 'gar',
  policyFormat: 'the JSON list `gcloud artifacts repositories set-cleanup-policies --policy=FILE` reads (or `list-cleanup-policies` prints), or a neutral policy JSON {"rules": [...]}',
  imagesFormat: 'the JSON of `gcloud artifacts docker images list LOCATION-docker.pkg.dev/PROJECT/REPO --include-tags --format=json`',
  // A neutral policy (an object with "rules") is also read, and simulated as the neutral engine means it: with pull
  // times from the audit log (CLI --pulls), that answers "not pulled in N days" exactly, which no GAR policy can.
  parsePolicy: (input: unknown, source: string): GarCleanupPolicy[] | RetentionPolicy =>
    isObject(input) && 'rules' in input ? RetentionPolicy.fromJson(input, source) : parseGarCleanupPolicies(input, source),
  parseImages: (input: unknown, source: string): ImageRecord[] => parseGarImages(input, source),
  simulate: (policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult => {
    if (!(policy instanceof RetentionPolicy)) return simulateGarCleanupPolicies(policy as GarCleanupPolicy[], images, now);
    const result = simulateRetentionPolicy(policy, images, now);
    const notPulled = policy.rules.some((r) => r.kind === RetentionRuleKind.EXPIRE_NOT_PULLED);
    const warnings = [
      'a neutral policy was simulated with the neutral engine: this is what it means, not what GAR cleanup policies compiled from it would do',
      ...(notPulled && !images.some((i) => i.lastPulledAt !== undefined) ? ['no image has a pull time: GAR listings carry none, so expireNotPulled ages from upload; pass the audit log with --pulls'] : []),
      ...result.warnings,
    ];
    return { decisions: result.decisions, warnings };
  },
};
