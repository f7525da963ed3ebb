/**
 * Reads ACR image listings (`az acr manifest list-metadata`, `az acr repository show-manifests --detail`, optionally
 * with `az acr repository show-tags --detail`) into image records for the purge simulator.
 */

import { Violations } from '../../errors';
import { DOCKER_TAG, IMAGE_DIGEST } from '../patterns';
import { EpochUnit, readTimestamp } from '../timestamps';
import { AcrImageRecord } from './simulate';
import { isObject } from '../../json';

const TIMES = { numbers: EpochUnit.NONE };
/** A listing with thousands of bad rows would bury the first, fixable problem; report this many. */
const MAX_VIOLATIONS = 20;

/**
 * Reads what the Azure CLI prints for one or more repositories; `source` names the file in errors. Accepted shapes:
 *
 * - the bare array `az acr manifest list-metadata -r R -n REPO -o json` (or `az acr repository show-manifests
 *   --detail`) prints: `[{"digest", "tags"?, "createdTime", "lastUpdateTime", "changeableAttributes", "mediaType",
 *   "references"?, ...}]`; the repository is then unnamed;
 * - the API's own envelope `{"imageName": "team/api", "manifests": [...]}` (`repository` is accepted for `imageName`),
 *   optionally with `"tags": [...]` holding `az acr repository show-tags --detail` output (`[{"name", "digest",
 *   "lastUpdateTime", "changeableAttributes"}]`) for per-tag last-update times and locks;
 * - an array of such envelopes, one per repository, or an array of bare listings (repositories unnamed).
 *
 * `references[].digest` (on an index) and `subject` (a digest, or a descriptor with `digest`, on a referrer) record
 * the index and referrer relations.
 *
 * A manifest's `tags` may be names or tag objects (`{"name", "lastUpdateTime", "changeableAttributes"}`). Without
 * `createdTime` (the reduced `show-manifests` form) the push time is `timestamp` or `lastUpdateTime`.
 * `deleteEnabled` or `writeEnabled` false marks the manifest (or tag) locked. Other fields are ignored.
 */
export function parseAcrManifests(input: unknown, source: string = 'images'): AcrImageRecord[] {
  const v = new Violations();
  const out: AcrImageRecord[] = [];
  const envelopes = Array.isArray(input) && input.length > 0 && input.every((e) => isObject(e) && 'manifests' in e) ? (input as unknown[]) : undefined;
  // Several bare listings side by side (`jq -s . a.json b.json`): each is one repository, unnamed.
  const listings = Array.isArray(input) && input.length > 0 && input.every((e) => Array.isArray(e)) ? (input as unknown[][]) : undefined;
  if (envelopes) envelopes.forEach((e, i) => readEnvelope(v, `[${i}]`, e as Record<string, unknown>, out));
  else if (listings) listings.forEach((l, i) => readManifests(v, `[${i}]`, l, undefined, new Map(), out));
  else if (Array.isArray(input)) readManifests(v, '', input, undefined, new Map(), out);
  else if (isObject(input) && 'manifests' in input) readEnvelope(v, '', input, out);
  else {
    v.add(
      '(document)',
      isObject(input) ? 'is an object without the "manifests" wrapper' : 'is not an ACR manifest listing',
      input,
      'the JSON array `az acr manifest list-metadata -r REG -n REPO -o json` prints, an array of those (one per repository), or the envelope {"imageName": "REPO", "manifests": [...], "tags": [...]}',
    );
  }
  const items = v.items;
  if (items.length > MAX_VIOLATIONS) {
    const more = items.length - MAX_VIOLATIONS;
    const cut = new Violations();
    cut.addAll('', items.slice(0, MAX_VIOLATIONS));
    cut.add('(document)', `has ${more} more problem${more > 1 ? 's' : ''}`, more, 'fix the ones above first');
    cut.throwIfAny(source);
  }
  v.throwIfAny(source);
  return out;
}

interface TagInfo {
  readonly updatedAt?: number;
  readonly locked: boolean;
}

function readEnvelope(v: Violations, at: string, env: Record<string, unknown>, out: AcrImageRecord[]): void {
  const name = env.imageName ?? env.repository;
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    v.add(`${at}${at ? '.' : ''}imageName`, 'must be a repository name', name, 'e.g. "team/api"');
  }
  const tagInfo = new Map<string, TagInfo>();
  if (env.tags !== undefined) {
    if (!Array.isArray(env.tags)) v.add(`${at}${at ? '.' : ''}tags`, 'must be an array', env.tags, 'the `az acr repository show-tags --detail -o json` array');
    else env.tags.forEach((t, i) => readTagObject(v, `${at}${at ? '.' : ''}tags[${i}]`, t, tagInfo, true));
  }
  if (!Array.isArray(env.manifests)) {
    v.add(`${at}${at ? '.' : ''}manifests`, 'must be an array', env.manifests, 'the manifest array of az acr manifest list-metadata');
    return;
  }
  readManifests(v, `${at}${at ? '.' : ''}manifests`, env.manifests, typeof name === 'string' ? name : undefined, tagInfo, out);
}

function readTagObject(v: Violations, at: string, t: unknown, into: Map<string, TagInfo>, needsDigest: boolean): string | undefined {
  if (!isObject(t)) {
    v.add(at, 'must be a tag name or a tag object', t, '"v1" or {"name": "v1", "lastUpdateTime": "...", "changeableAttributes": {...}}');
    return undefined;
  }
  const o = t;
  if (typeof o.name !== 'string' || o.name === '') {
    v.add(`${at}.name`, 'must be a tag name', o.name, 'e.g. "v1.2.0"');
    return undefined;
  }
  if (needsDigest && typeof o.digest !== 'string') v.add(`${at}.digest`, 'must be a digest', o.digest, 'e.g. "sha256:…"');
  const updatedAt = readTimestamp(v, `${at}.lastUpdateTime`, o.lastUpdateTime, TIMES);
  const key = needsDigest ? `${o.digest}\n${o.name}` : o.name;
  into.set(key, { updatedAt, locked: isLocked(v, `${at}.changeableAttributes`, o.changeableAttributes) });
  return o.name;
}

function readManifests(v: Violations, at: string, list: unknown[], repository: string | undefined, tagInfo: Map<string, TagInfo>, out: AcrImageRecord[]): void {
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const p = `${at}[${i}]`;
    if (!isObject(raw)) {
      v.add(p, 'must be a manifest object', raw, 'an object with "digest" and "createdTime"');
      return;
    }
    const m = raw;
    if (typeof m.digest !== 'string' || !IMAGE_DIGEST.test(m.digest)) {
      v.add(`${p}.digest`, 'is not a manifest digest', m.digest, 'algorithm:hex, e.g. "sha256:7a2e…"');
      return;
    }
    if (seen.has(m.digest)) v.add(`${p}.digest`, 'appears twice in one repository', m.digest, 'each manifest once');
    seen.add(m.digest);
    const timeField = m.createdTime !== undefined ? 'createdTime' : m.timestamp !== undefined ? 'timestamp' : 'lastUpdateTime';
    const pushedAt = readTimestamp(v, `${p}.${timeField}`, m[timeField], TIMES);
    if (m[timeField] === undefined || m[timeField] === null) v.add(`${p}.createdTime`, 'is required', m.createdTime, 'the manifest\'s push time, e.g. "2025-03-02T10:15:32.4172113Z"');
    const manifestUpdatedAt = m.lastUpdateTime !== undefined ? readTimestamp(v, `${p}.lastUpdateTime`, m.lastUpdateTime, TIMES) : undefined;
    const tags: string[] = [];
    const tagUpdatedAt: Record<string, number> = {};
    const lockedTags: string[] = [];
    const own = new Map<string, TagInfo>();
    if (m.tags !== undefined && m.tags !== null && !Array.isArray(m.tags)) {
      v.add(`${p}.tags`, 'must be an array', m.tags, 'tag names, or tag objects with "name"');
    }
    (Array.isArray(m.tags) ? m.tags : []).forEach((t: unknown, j: number) => {
      const name = typeof t === 'string' ? t : readTagObject(v, `${p}.tags[${j}]`, t, own, false);
      if (typeof t === 'string' && !DOCKER_TAG.test(t)) {
        v.add(`${p}.tags[${j}]`, 'is not a tag', t, 'a Docker tag: letters, digits, "_", "." and "-", at most 128 characters');
        return;
      }
      if (name === undefined) return;
      tags.push(name);
      const info = own.get(name) ?? tagInfo.get(`${m.digest}\n${name}`);
      if (info?.updatedAt !== undefined) tagUpdatedAt[name] = info.updatedAt;
      if (info?.locked) lockedTags.push(name);
    });
    const references: string[] = [];
    if (m.references !== undefined && m.references !== null) {
      if (!Array.isArray(m.references)) v.add(`${p}.references`, 'must be an array', m.references, '[{"digest": "sha256:…", "architecture", "os"}]');
      else {
        m.references.forEach((r: unknown, j: number) => {
          const d = isObject(r) ? r.digest : undefined;
          if (typeof d !== 'string') v.add(`${p}.references[${j}].digest`, 'must be a digest', d, 'e.g. "sha256:…"');
          else references.push(d);
        });
      }
    }
    let subject: string | undefined;
    if (m.subject !== undefined && m.subject !== null) {
      const d = isObject(m.subject) ? m.subject.digest : m.subject;
      if (typeof d !== 'string' || !IMAGE_DIGEST.test(d)) v.add(`${p}.subject`, 'must be a digest or a descriptor with one', m.subject, '"sha256:…" or {"digest": "sha256:…"}');
      else subject = d;
    }
    if (m.mediaType !== undefined && typeof m.mediaType !== 'string') v.add(`${p}.mediaType`, 'must be a string', m.mediaType, 'a media type such as "application/vnd.oci.image.manifest.v1+json"');
    const locked = isLocked(v, `${p}.changeableAttributes`, m.changeableAttributes);
    if (pushedAt === undefined) return;
    out.push({
      digest: m.digest,
      tags,
      pushedAt,
      pullTimeUnknown: true,
      ...(repository !== undefined ? { repository } : {}),
      ...(Object.keys(tagUpdatedAt).length > 0 ? { tagUpdatedAt } : {}),
      ...(manifestUpdatedAt !== undefined ? { manifestUpdatedAt } : {}),
      ...(locked ? { locked } : {}),
      ...(lockedTags.length > 0 ? { lockedTags } : {}),
      ...(typeof m.mediaType === 'string' ? { mediaType: m.mediaType } : {}),
      ...(references.length > 0 ? { references } : {}),
      ...(subject !== undefined ? { subject } : {}),
    });
  });
}

function isLocked(v: Violations, at: string, attrs: unknown): boolean {
  if (attrs === undefined || attrs === null) return false;
  if (!isObject(attrs)) {
    v.add(at, 'must be an object', attrs, '{"deleteEnabled": true, "writeEnabled": true, ...}');
    return false;
  }
  const a = attrs;
  for (const key of ['deleteEnabled', 'writeEnabled']) {
    if (a[key] !== undefined && typeof a[key] !== 'boolean') v.add(`${at}.${key}`, 'must be a boolean', a[key], 'true or false');
  }
  return a.deleteEnabled === false || a.writeEnabled === false;
}
