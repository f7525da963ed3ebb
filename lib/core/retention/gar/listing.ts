/** Reads `gcloud artifacts docker images list LOCATION-docker.pkg.dev/PROJECT/REPO --include-tags --format=json` into image records. */

import { Violations } from '../../errors';
import { isObject } from '../../json';
import { ImageRecord } from '../image';
import { IMAGE_DIGEST } from '../patterns';
import { EpochUnit, parseTimestamp } from '../timestamps';

// GAR prints full RFC 3339 times (date, time, zone); the shared reader accepts more (a bare date), so the shape is
// checked here and the arithmetic left to it.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time (`Z` or `±HH:MM`, 0-9 fractional digits, as GAR prints) to epoch milliseconds, cutting
 * the fraction to milliseconds; undefined when the text is not such a time.
 */
export function parseGarTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !RFC3339.test(text.trim())) return undefined;
  const ms = parseTimestamp(text.trim(), { numbers: EpochUnit.NONE });
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}

/**
 * The package name relative to its repository, as cleanup policies' `packageNamePrefixes` see it:
 * `europe-west1-docker.pkg.dev/acme/apps/team/api` → `team/api`, `gcr.io/acme/api` → `api`. Other forms are
 * returned unchanged.
 */
export function garPackageName(pkg: string): string {
  const parts = pkg.split('/');
  if (parts[0].endsWith('-docker.pkg.dev') && parts.length > 3) return parts.slice(3).join('/');
  if ((parts[0] === 'gcr.io' || parts[0].endsWith('.gcr.io')) && parts.length > 2) return parts.slice(2).join('/');
  return pkg;
}

/**
 * Reads the JSON list gcloud prints for `docker images list REPO --include-tags --format=json` (repository path)
 * or `docker images list REPO/IMAGE …` (image path). `tags` may be a list (gcloud ≥ 479), a `", "`-joined string
 * (older gcloud) or `""`. The upload time is `uploadTime` (raw API) or `createTime` (gcloud's listing). GAR has no
 * pull time, so `lastPulledAt` is never set and `pullTimeUnknown` is. `metadata.mediaType` becomes `mediaType`; the
 * listing does not say which manifests an index references. Throws one ValidationError naming `source` and every bad field.
 */
export function parseGarImages(input: unknown, source: string = 'images.json'): ImageRecord[] {
  const v = new Violations();
  if (!Array.isArray(input)) {
    v.add('(document)', 'must be a JSON list of images', input, 'the output of `gcloud artifacts docker images list LOCATION-docker.pkg.dev/PROJECT/REPO --include-tags --format=json`');
    v.throwIfAny(source);
  }
  const out: ImageRecord[] = [];
  const seen = new Map<string, number>();
  (input as unknown[]).forEach((raw, i) => {
    const at = `[${i}]`;
    if (!isObject(raw)) {
      v.add(at, 'must be an object', raw, 'an image with "package", "version", "tags" and "createTime"');
      return;
    }
    const r = raw;
    let ok = true;
    if (typeof r.package !== 'string' || r.package.length === 0) {
      v.add(`${at}.package`, 'is required and must be a non-empty string', r.package, 'the image path, e.g. "europe-west1-docker.pkg.dev/acme/apps/api"');
      ok = false;
    }
    if (typeof r.version !== 'string' || !IMAGE_DIGEST.test(r.version)) {
      v.add(`${at}.version`, 'is required and must be a manifest digest', r.version, 'e.g. "sha256:24be1c44…"');
      ok = false;
    }
    const tags = readTags(v, `${at}.tags`, r.tags);
    if (tags === undefined) ok = false;
    const timeField = r.uploadTime !== undefined && r.uploadTime !== null ? 'uploadTime' : 'createTime';
    const pushedAt = parseGarTime(r[timeField]);
    if (pushedAt === undefined) {
      const missing = r[timeField] === undefined || r[timeField] === null;
      v.add(
        `${at}.${timeField}`,
        missing ? 'is required (the upload time cleanup policies age from)' : 'is not an RFC 3339 time',
        r[timeField],
        'an RFC 3339 time such as "2025-03-02T10:15:32.417211Z"',
      );
      ok = false;
    }
    if (r.updateTime !== undefined && r.updateTime !== null && parseGarTime(r.updateTime) === undefined) {
      v.add(`${at}.updateTime`, 'is not an RFC 3339 time', r.updateTime, 'an RFC 3339 time such as "2025-03-02T10:15:33.9Z", or absent');
      ok = false;
    }
    if (!ok) return;
    const repository = garPackageName(r.package as string);
    const key = `${repository}@${r.version}`;
    if (seen.has(key)) {
      v.add(`${at}.version`, `repeats image [${seen.get(key)}] of the same package`, r.version, 'each package and digest once');
      return;
    }
    seen.set(key, i);
    const metadata = isObject(r.metadata) ? r.metadata : undefined;
    const mediaType = typeof metadata?.mediaType === 'string' ? metadata.mediaType : undefined;
    out.push({ digest: r.version as string, tags: tags!, pushedAt: pushedAt!, repository, pullTimeUnknown: true, ...(mediaType !== undefined ? { mediaType } : {}) });
  });
  v.throwIfAny(source);
  return out;
}

function readTags(v: Violations, at: string, raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') {
    return raw
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
  }
  if (!Array.isArray(raw)) {
    v.add(at, 'must be a list of tag names or a comma-separated string', raw, 'e.g. ["v1.8.0", "latest"] or "v1.8.0, latest"');
    return undefined;
  }
  const tags: string[] = [];
  let ok = true;
  raw.forEach((t, j) => {
    if (typeof t !== 'string' || t.length === 0) {
      v.add(`${at}[${j}]`, 'must be a tag name', t, 'a non-empty string such as "v1.8.0"');
      ok = false;
    } else {
      tags.push(t);
    }
  });
  return ok ? tags : undefined;
}
