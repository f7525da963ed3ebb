/** The Harbor dialect of the retention engine: native policy, artifact listing, simulator and compiler. No cdktf imports. */

import { DialectDefinition } from '../dialect';
import { ImageRecord, SimulationResult } from '../image';
import { parseHarborArtifacts } from './listing';
import { HarborRetentionPolicy, parseHarborRetentionPolicy } from './grammar';
import { simulateHarborRetention } from './simulate';

export * from './grammar';
export * from './listing';
export * from './simulate';
export * from './compile';
export { harborDoublestarMatch, escapeDoublestar as escapeHarborDoublestar, HarborBadPatternError } from './doublestar';

/** The `--dialect harbor` definition the `registry-lifecycle` CLI drives. */
export const harborDialect: DialectDefinition = {
  name: 'harbor',
  policyFormat:
    'a harbor_retention_policy body {"rule": [{"most_recently_pushed": 10, "repo_matching": "**", "tag_matching": "**"}], "schedule": "Daily"}, or the JSON of GET /api/v2.0/retentions/{id}',
  imagesFormat: 'the JSON of GET /api/v2.0/projects/{p}/repositories/{r}/artifacts?with_tag=true: one array, an array of pages (jq -s . page*.json), or harbor-cli {"Payload": [...]}',
  parsePolicy: (input: unknown, source: string): unknown => parseHarborRetentionPolicy(input, source),
  parseImages: (input: unknown, source: string): ImageRecord[] => parseHarborArtifacts(input, source),
  simulate: (policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult =>
    simulateHarborRetention(policy as HarborRetentionPolicy, images, now),
};
