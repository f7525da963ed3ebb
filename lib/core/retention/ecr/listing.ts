/** Reads `aws ecr describe-images --output json` (AWS CLI v1 and v2) into image records for the simulators. */

import { Violations } from '../../errors';
import { ImageRecord, StorageClass } from '../image';
import { describeTimestampFormats, parseTimestamp, readTimestamp } from '../timestamps';
import { isObject } from '../../json';

const STATUSES = ['ACTIVE', 'ARCHIVED', 'ACTIVATING'];

/**
 * Reads the parsed JSON of `aws ecr describe-images --repository-name R [--filter imageStatus=ANY] --output json`.
 * `repositoryName` becomes the repository; `ARCHIVED`/`ACTIVATING` images are in archive storage (an image
 * being restored is not standard yet); a restored image (`lastActivatedAt`) is dated by its restore time,
 * which ECR uses in place of the push time and, until the next pull, of the pull time. `imageManifestMediaType` becomes
 * `mediaType` and `subjectManifestDigest` (a referrer's subject) `subject`; describe-images does not say which
 * manifests an index references. Errors name `source` and the field, e.g. `imageDetails[3].imagePushedAt`.
 */
export function parseEcrImages(input: unknown, source: string): ImageRecord[] {
  const v = new Violations();
  if (!isObject(input) || !Array.isArray(input.imageDetails)) {
    v.add('imageDetails', 'must be an array', isObject(input) ? input.imageDetails : input, 'the JSON printed by `aws ecr describe-images --output json`: {"imageDetails": [...]}');
    v.throwIfAny(source);
  }
  const details = (input as Record<string, unknown>).imageDetails as unknown[];
  const out: ImageRecord[] = [];
  const seen = new Set<string>();
  details.forEach((raw, i) => {
    const at = `imageDetails[${i}]`;
    if (!isObject(raw)) {
      v.add(at, 'must be an object', raw, 'an ImageDetail object');
      return;
    }
    const digest = raw.imageDigest;
    if (typeof digest !== 'string' || digest.length === 0) v.add(`${at}.imageDigest`, 'is required', digest, 'the manifest digest, e.g. "sha256:…"');
    const tags = raw.imageTags ?? [];
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) v.add(`${at}.imageTags`, 'must be a list of strings', raw.imageTags, 'tag names, or no key for an untagged image');
    const repository = raw.repositoryName;
    if (repository !== undefined && typeof repository !== 'string') v.add(`${at}.repositoryName`, 'must be a string', repository, 'the repository name');
    // CLI v2 prints ISO 8601 with an offset, CLI v1 (and `wire`) epoch seconds: the shared reader takes both.
    const pushedAt = parseTimestamp(raw.imagePushedAt);
    if (pushedAt === undefined || Number.isNaN(pushedAt)) {
      v.add(`${at}.imagePushedAt`, pushedAt === undefined ? 'is required' : 'is not a timestamp', raw.imagePushedAt, describeTimestampFormats());
    }
    const times: Record<string, number | undefined> = {};
    for (const field of ['lastRecordedPullTime', 'lastArchivedAt', 'lastActivatedAt']) times[field] = readTimestamp(v, `${at}.${field}`, raw[field]);
    const status = raw.imageStatus ?? 'ACTIVE';
    if (!STATUSES.includes(status as string)) v.add(`${at}.imageStatus`, 'is not a known image status', raw.imageStatus, STATUSES.join(', '));
    if (typeof digest === 'string') {
      const key = `${repository ?? ''}@${digest}`;
      if (seen.has(key)) v.add(`${at}.imageDigest`, 'appears twice in one repository', digest, 'each image once (merge pages, do not concatenate overlapping listings)');
      seen.add(key);
    }
    if (!v.empty) return;
    const archived = status !== 'ACTIVE';
    const activated = times.lastActivatedAt;
    const record: { -readonly [K in keyof ImageRecord]: ImageRecord[K] } = {
      digest: digest as string,
      tags: [...(tags as string[])],
      pushedAt: !archived && activated !== undefined && activated > pushedAt! ? activated : pushedAt!,
    };
    // ECR ages a restored image that was not pulled since its restore from the restore time.
    const restored = !archived && activated !== undefined;
    const pulled = restored && (times.lastRecordedPullTime === undefined || times.lastRecordedPullTime < activated!) ? activated : times.lastRecordedPullTime;
    if (pulled !== undefined) record.lastPulledAt = pulled;
    if (archived) {
      record.storageClass = StorageClass.ARCHIVE;
      if (times.lastArchivedAt !== undefined) record.archivedAt = times.lastArchivedAt;
    }
    if (repository !== undefined) record.repository = repository as string;
    if (typeof raw.imageManifestMediaType === 'string') record.mediaType = raw.imageManifestMediaType;
    if (typeof raw.subjectManifestDigest === 'string') record.subject = raw.subjectManifestDigest;
    out.push(record);
  });
  v.throwIfAny(source);
  return out;
}

/**
 * Notes about an ECR listing that make a preview incomplete: a pagination token (the listing stopped early)
 * or no `imageStatus` at all (archived images are hidden unless `--filter imageStatus=ANY` was given).
 */
export function ecrImagesWarnings(input: unknown): string[] {
  const warnings: string[] = [];
  if (!isObject(input)) return warnings;
  if (input.NextToken !== undefined || input.nextToken !== undefined) {
    warnings.push('the listing carries a pagination token, so it is incomplete; run describe-images without --max-items/--no-paginate');
  }
  const details = Array.isArray(input.imageDetails) ? input.imageDetails : [];
  if (details.length > 0 && !details.some((d) => isObject(d) && d.imageStatus !== undefined)) {
    warnings.push('no image has an imageStatus, so archived images may be missing; list with --filter imageStatus=ANY');
  }
  return warnings;
}
