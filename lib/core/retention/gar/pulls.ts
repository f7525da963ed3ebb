/**
 * Last-pull times for Artifact Registry from its Data Access audit log. GAR records no pull time on images, but
 * with DATA_READ audit logs on for `artifactregistry.googleapis.com`, every manifest fetch of a Docker pull is a
 * `Docker-GetManifest` entry whose request URL is `/v2/<project>/<repository>/<image>/manifests/<tag or digest>`.
 * This reads `gcloud logging read '<filter>' --format=json` and fills `lastPulledAt` of a GAR listing's images.
 */

import { Violations } from '../../errors';
import { isObject } from '../../json';
import { ImageRecord } from '../image';
import { formatTimestamp } from '../timestamps';
import { parseGarTime } from './listing';

/** The audit-log method of a manifest fetch: the request every Docker pull makes. */
export const GAR_PULL_METHOD = 'Docker-GetManifest';

/** One manifest fetch read from the audit log. */
export interface GarPullEvent {
  /** `<project>/<repository>` of the request. */
  readonly repositoryPath: string;
  /** The image (package) name relative to the repository, e.g. `team/api`. */
  readonly packageName: string;
  /** The tag or digest the client asked for. */
  readonly reference: string;
  /** When, epoch ms. */
  readonly time: number;
}

/** What reading a pull log found, beside the events. */
export interface GarPullLog {
  /** The successful manifest fetches. */
  readonly events: GarPullEvent[];
  /** Entries skipped because they are another method (blob fetches, pushes, listings). */
  readonly otherMethods: number;
  /** Manifest fetches skipped because they failed (non-zero `protoPayload.status.code`). */
  readonly failed: number;
}

const MANIFEST_URL = /^\/v2\/(.+)\/manifests\/([^/?#]+)(?:[?#].*)?$/;

/**
 * Reads the JSON list `gcloud logging read … --format=json` prints (LogEntry objects). Entries of other methods
 * and failed fetches are counted, not errors; a `Docker-GetManifest` entry without a readable time or request URL
 * is an error naming `source` and the field.
 */
export function parseGarPullLog(input: unknown, source: string = 'pulls.json'): GarPullLog {
  const v = new Violations();
  if (!Array.isArray(input)) {
    v.add('(document)', 'must be a JSON list of log entries', input, `the output of gcloud logging read 'protoPayload.methodName="${GAR_PULL_METHOD}"' --format=json`);
    v.throwIfAny(source);
  }
  const events: GarPullEvent[] = [];
  let otherMethods = 0;
  let failed = 0;
  (input as unknown[]).forEach((raw, i) => {
    const at = `[${i}]`;
    if (!isObject(raw)) {
      v.add(at, 'must be an object', raw, 'a log entry with "timestamp" and "protoPayload"');
      return;
    }
    const payload = raw.protoPayload;
    if (!isObject(payload)) {
      v.add(`${at}.protoPayload`, 'is required and must be an object', payload, 'an audit log entry (protoPayload.methodName, protoPayload.request.requestUrl)');
      return;
    }
    if (payload.methodName !== GAR_PULL_METHOD) {
      otherMethods++;
      return;
    }
    if (isObject(payload.status) && typeof payload.status.code === 'number' && payload.status.code !== 0) {
      failed++;
      return;
    }
    const time = parseGarTime(raw.timestamp);
    if (time === undefined) v.add(`${at}.timestamp`, 'is not an RFC 3339 time', raw.timestamp, 'e.g. "2026-11-02T08:55:17.757250577Z"');
    const request = payload.request;
    const url = isObject(request) ? request.requestUrl : undefined;
    const m = typeof url === 'string' ? MANIFEST_URL.exec(url) : null;
    const parts = m ? m[1].split('/') : [];
    if (!m || parts.length < 3 || parts.some((p) => p.length === 0)) {
      v.add(`${at}.protoPayload.request.requestUrl`, 'is not a manifest request', url, '/v2/<project>/<repository>/<image>/manifests/<tag or digest>');
      return;
    }
    if (time === undefined) return;
    events.push({ repositoryPath: `${parts[0]}/${parts[1]}`, packageName: parts.slice(2).join('/'), reference: decodeURIComponent(m[2]), time });
  });
  v.throwIfAny(source);
  return { events, otherMethods, failed };
}

/** Images with last-pull times, and what the caller should be told about them. */
export interface GarPullsApplied {
  /** The images, `lastPulledAt` set where the log has a pull. */
  readonly images: ImageRecord[];
  /** Notes on the log's coverage and the tag approximation. */
  readonly warnings: string[];
}

/**
 * Sets `lastPulledAt` on `images` (a GAR listing, `repository` = package name) to the latest pull of each image in
 * `log`: by digest, or by a tag the image carries now (a tag pulled before it was moved counts for its current
 * image; with immutable tags that cannot happen). Images the log never saw keep no pull time, which the neutral
 * policy reads as "pushed, never pulled": the warnings say when the log starts, so that a short log is not taken
 * for "never pulled".
 */
export function applyGarPulls(images: readonly ImageRecord[], log: GarPullLog): GarPullsApplied {
  const warnings: string[] = [];
  const latest = new Map<string, number>();
  const key = (pkg: string | undefined, ref: string): string => `${pkg ?? ''}\u0000${ref}`;
  let byTag = 0;
  for (const e of log.events) {
    const k = key(e.packageName, e.reference);
    if ((latest.get(k) ?? -Infinity) < e.time) latest.set(k, e.time);
  }
  const out = images.map((img) => {
    let t = latest.get(key(img.repository, img.digest));
    for (const tag of img.tags) {
      const tagged = latest.get(key(img.repository, tag));
      if (tagged !== undefined && (t === undefined || tagged > t)) {
        t = tagged;
        byTag++;
      }
    }
    if (t === undefined || (img.lastPulledAt !== undefined && img.lastPulledAt >= t)) return img;
    return { ...img, lastPulledAt: t };
  });
  const repositories = [...new Set(log.events.map((e) => e.repositoryPath))].sort();
  if (repositories.length > 1) {
    warnings.push(`the pull log holds pulls of ${repositories.length} repositories (${repositories.join(', ')}); pulls are matched by image name only, so filter the export to the listed repository`);
  }
  if (log.events.length === 0) {
    warnings.push(`the pull log holds no successful ${GAR_PULL_METHOD} entries: every image counts as never pulled (are DATA_READ audit logs on for artifactregistry.googleapis.com?)`);
  } else {
    const first = Math.min(...log.events.map((e) => e.time));
    warnings.push(`the pull log starts at ${formatTimestamp(first)}: images not pulled since then count as never pulled, whatever happened before`);
  }
  if (byTag > 0) warnings.push(`${byTag} image(s) got their last pull through a tag they carry now; a pull made before a tag moved counts for the tag's current image`);
  return { images: out, warnings };
}
