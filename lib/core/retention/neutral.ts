/**
 * The neutral dialect of `registry-lifecycle preview`: the neutral policy JSON and the neutral images JSON.
 *
 * ## Neutral images format
 *
 * A JSON object `{"images": [ … ]}` or a bare array `[ … ]` of image objects:
 *
 * | field | required | meaning |
 * |---|---|---|
 * | `digest` | yes | manifest digest, e.g. `sha256:…` (`algorithm:encoded`) |
 * | `tags` | no | array of tag names; absent, `null` or `[]` for an untagged image |
 * | `pushedAt` | yes | push time |
 * | `lastPulledAt` | no | last pull; absent or `null` = never pulled |
 * | `storageClass` | no | `standard` (default) or `archive` |
 * | `archivedAt` | no | when the image moved to archive storage |
 * | `repository` | no | repository path, e.g. `team/app`; absent = one unnamed repository |
 * | `tagUpdatedAt` | no | `{tag: time}` per-tag update times, for tag-level registries (ACR) |
 * | `mediaType` | no | the manifest media type, e.g. `application/vnd.oci.image.index.v1+json` for an image index |
 * | `references` | no | for an image index: the digests of the manifests it references (its platform images) |
 * | `subject` | no | for a referrer (signature, SBOM, attestation): the digest of the manifest it is attached to |
 * | `pullTimeUnknown` | no | `true` when the registry records no pull time: an absent `lastPulledAt` is then unknown |
 *
 * Times are ISO-8601 strings with a zone (`2026-01-02T03:04:05Z`, `…+01:00`, 0-9 fractional digits), a bare date
 * (`2026-01-02`, midnight UTC), or JSON numbers of epoch seconds. Unknown fields are errors, so a misspelt
 * `pushed_at` is caught rather than silently ignored.
 */

import { ValidationError, Violations } from '../errors';
import { deadRuleViolation, findDeadRetentionRules } from './dead-rules';
import { DialectDefinition } from './dialect';
import { ImageRecord, SimulationResult, StorageClass } from './image';
import { DOCKER_TAG, IMAGE_DIGEST } from './patterns';
import { RetentionPolicy } from './policy';
import { simulateRetentionPolicy } from './simulate';
import { describeTimestampFormats, parseTimestamp, readTimestamp } from './timestamps';
import { dropUndefined, isObject } from '../json';

const IMAGE_FIELDS = ['digest', 'tags', 'pushedAt', 'lastPulledAt', 'storageClass', 'archivedAt', 'repository', 'tagUpdatedAt', 'mediaType', 'references', 'subject', 'pullTimeUnknown'];
/** A listing with thousands of bad rows would bury the first, fixable problem; report this many and count the rest. */
const MAX_VIOLATIONS = 20;

/**
 * Reads the neutral images JSON (see the file comment) into image records; throws one ValidationError naming
 * `source` and each bad field, e.g. `images.json: images[3].pushedAt is not a timestamp (got "yesterday"); ISO-8601 …`.
 */
export function parseNeutralImages(input: unknown, source: string = 'images'): ImageRecord[] {
  const v = new Violations();
  let list: unknown[];
  let prefix: string;
  if (Array.isArray(input)) {
    list = input;
    prefix = '';
  } else if (isObject(input) && Array.isArray(input.images)) {
    for (const key of Object.keys(input)) {
      if (key !== 'images') v.add(key, 'is not a known field', input[key], 'the document is {"images": [...]} or a bare array of images');
    }
    list = input.images;
    prefix = 'images';
  } else {
    const got = isObject(input) ? input.images : input;
    v.add(isObject(input) ? 'images' : '(document)', 'must be an array of images', got, 'a JSON object {"images": [...]} or a bare array of image objects with "digest" and "pushedAt"');
    v.throwIfAny(source);
    return [];
  }

  const images: ImageRecord[] = [];
  let badImages = 0;
  let problems = 0;
  const documentProblems = v.items.length;
  for (let i = 0; i < list.length; i++) {
    const at = `${prefix}[${i}]`;
    const local = new Violations();
    const raw = list[i];
    if (!isObject(raw)) {
      badImages++;
      problems++;
      if (v.items.length < MAX_VIOLATIONS) v.add(at, 'must be an object', raw, 'an image object with "digest" and "pushedAt"');
      continue;
    }
    const image = readImage(local, raw);
    if (local.empty) {
      images.push(image!);
      continue;
    }
    badImages++;
    problems += local.items.length;
    if (v.items.length < MAX_VIOLATIONS) v.addAll(at, local.items.slice(0, MAX_VIOLATIONS - v.items.length));
  }
  if (problems > v.items.length - documentProblems) {
    v.add(prefix || '(document)', `has ${badImages} invalid images in all; only the first problems are listed`, `${list.length} images`, 'fix the problems above and run again');
  }
  v.throwIfAny(source);
  return images;
}

function readImage(v: Violations, o: Record<string, unknown>): ImageRecord | undefined {
  for (const key of Object.keys(o)) {
    if (!IMAGE_FIELDS.includes(key)) v.add(key, 'is not a known field', o[key], `one of ${IMAGE_FIELDS.join(', ')}`);
  }

  if (typeof o.digest !== 'string' || !IMAGE_DIGEST.test(o.digest)) {
    v.add('digest', o.digest === undefined ? 'is required' : 'is not a digest', o.digest, 'a manifest digest such as "sha256:2f81b72f…"');
  }

  let tags: string[] = [];
  if (o.tags !== undefined && o.tags !== null) {
    if (!Array.isArray(o.tags)) {
      v.add('tags', 'must be an array of tag names', o.tags, 'e.g. ["v1.2.0", "latest"], or [] / null / absent for an untagged image');
    } else {
      const seen = new Set<string>();
      o.tags.forEach((t, j) => {
        if (typeof t !== 'string' || !DOCKER_TAG.test(t)) {
          v.add(`tags[${j}]`, 'is not a tag name', t, 'letters, digits, "_", "." and "-", not starting with "." or "-", 1-128 characters');
        } else if (seen.has(t)) {
          v.add(`tags[${j}]`, 'repeats a tag', t, 'each tag once');
        } else {
          seen.add(t);
        }
      });
      tags = o.tags as string[];
    }
  }

  const pushedAt = parseTimestamp(o.pushedAt);
  if (pushedAt === undefined) {
    v.add('pushedAt', o.pushedAt === undefined ? 'is required' : 'must be a real push time', o.pushedAt, `the push time: ${describeTimestampFormats()}`);
  } else if (Number.isNaN(pushedAt)) {
    v.add('pushedAt', 'is not a timestamp', o.pushedAt, describeTimestampFormats());
  }
  const lastPulledAt = readTimestamp(v, 'lastPulledAt', o.lastPulledAt);
  const archivedAt = readTimestamp(v, 'archivedAt', o.archivedAt);

  let storageClass: StorageClass | undefined;
  if (o.storageClass !== undefined && o.storageClass !== null) {
    if (o.storageClass === StorageClass.STANDARD || o.storageClass === StorageClass.ARCHIVE) storageClass = o.storageClass;
    else v.add('storageClass', 'is not a storage class', o.storageClass, `one of ${Object.values(StorageClass).join(', ')}`);
  }

  let repository: string | undefined;
  if (o.repository !== undefined && o.repository !== null) {
    if (typeof o.repository === 'string' && o.repository.length > 0) repository = o.repository;
    else v.add('repository', 'must be a non-empty string', o.repository, 'a repository path such as "team/app", or absent');
  }

  let tagUpdatedAt: Record<string, number> | undefined;
  if (o.tagUpdatedAt !== undefined && o.tagUpdatedAt !== null) {
    if (!isObject(o.tagUpdatedAt)) {
      v.add('tagUpdatedAt', 'must be an object', o.tagUpdatedAt, 'an object {"<tag>": <time>} for tags of this image');
    } else {
      tagUpdatedAt = {};
      for (const [tag, time] of Object.entries(o.tagUpdatedAt)) {
        if (!tags.includes(tag)) {
          v.add(`tagUpdatedAt.${tag}`, 'names a tag the image does not have', tag, tags.length ? `one of its tags: ${tags.join(', ')}` : 'nothing: the image has no tags');
          continue;
        }
        const ms = readTimestamp(v, `tagUpdatedAt.${tag}`, time);
        if (ms !== undefined) tagUpdatedAt[tag] = ms;
      }
    }
  }

  let mediaType: string | undefined;
  if (o.mediaType !== undefined && o.mediaType !== null) {
    if (typeof o.mediaType === 'string' && /^[a-z0-9.+-]+\/[a-zA-Z0-9.+_-]+$/.test(o.mediaType)) mediaType = o.mediaType;
    else v.add('mediaType', 'is not a media type', o.mediaType, 'e.g. "application/vnd.oci.image.index.v1+json", or absent');
  }
  let references: string[] | undefined;
  if (o.references !== undefined && o.references !== null) {
    if (!Array.isArray(o.references)) {
      v.add('references', 'must be an array of digests', o.references, 'the digests an image index references, e.g. ["sha256:…"]');
    } else {
      o.references.forEach((d, j) => {
        if (typeof d !== 'string' || !IMAGE_DIGEST.test(d)) v.add(`references[${j}]`, 'is not a digest', d, 'a manifest digest such as "sha256:2f81b72f…"');
      });
      if (o.references.length > 0) references = o.references as string[];
    }
  }
  let subject: string | undefined;
  if (o.subject !== undefined && o.subject !== null) {
    if (typeof o.subject === 'string' && IMAGE_DIGEST.test(o.subject)) subject = o.subject;
    else v.add('subject', 'is not a digest', o.subject, 'the digest of the manifest this referrer is attached to, e.g. "sha256:2f81b72f…"');
  }

  if (o.pullTimeUnknown !== undefined && o.pullTimeUnknown !== null && typeof o.pullTimeUnknown !== 'boolean') {
    v.add('pullTimeUnknown', 'must be a boolean', o.pullTimeUnknown, 'true when the registry records no pull time, or absent');
  }
  const pullTimeUnknown = o.pullTimeUnknown === true ? true : undefined;

  if (!v.empty) return undefined;
  return dropUndefined({ digest: o.digest as string, tags, pushedAt: pushedAt!, lastPulledAt, pullTimeUnknown, storageClass, archivedAt, repository, tagUpdatedAt, mediaType, references, subject });
}

/** The neutral dialect: the neutral policy JSON (`RetentionPolicy.fromJson`) simulated by `simulateRetentionPolicy`. */
export const neutralDialect: DialectDefinition = {
  name: 'neutral',
  policyFormat: 'the neutral policy JSON: {"rules": [{"kind": "keepMostRecent", "count": 20, "tagPatterns": ["v*"]}, …], "repositories": ["team/*"]}',
  imagesFormat:
    'the neutral images JSON: {"images": [{"digest": "sha256:…", "tags": ["v1"], "pushedAt": "2026-01-02T03:04:05Z", "lastPulledAt": …, "repository": "team/app"}]} or a bare array; the CLI also reads every registry listing here (--listing)',
  parsePolicy(input: unknown, source: string): RetentionPolicy {
    const policy = RetentionPolicy.fromJson(input, source);
    // "strict": true makes rules that can never act errors here too, as on the constructs.
    if (policy.strict) {
      const dead = findDeadRetentionRules(policy);
      if (dead.length > 0) throw new ValidationError(source, dead.map((d) => deadRuleViolation(d, '')));
    }
    return policy;
  },
  parseImages(input: unknown, source: string): ImageRecord[] {
    return parseNeutralImages(input, source);
  },
  simulate(policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult {
    if (!(policy instanceof RetentionPolicy)) {
      throw new ValidationError('neutral', [{ property: 'policy', problem: 'is not a RetentionPolicy', value: policy, allowed: 'the result of neutralDialect.parsePolicy' }]);
    }
    return simulateRetentionPolicy(policy, images, now);
  },
  deadRules: (policy) => (policy instanceof RetentionPolicy ? findDeadRetentionRules(policy).map((d) => d.message) : []),
};
