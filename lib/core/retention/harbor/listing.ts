/** Reads Harbor's artifact listing (`GET /api/v2.0/projects/{p}/repositories/{r}/artifacts?with_tag=true`) into image records. */

import { Violations } from '../../errors';
import { ImageRecord } from '../image';
import { DOCKER_TAG, IMAGE_DIGEST } from '../patterns';
import { EpochUnit, describeTimestampFormats, parseTimestamp } from '../timestamps';
import { endOfJsonValue, isObject } from '../../json';

/**
 * Reads one or more pages of Harbor's artifact listing; `source` names the file in errors.
 *
 * Accepted shapes: one JSON array of artifacts; an array of such arrays (pages saved side by side); an object
 * with a `Payload` array (harbor-cli `-o json`); or, as raw text, several arrays one after another (pages appended
 * to one file).
 *
 * Each artifact becomes one record the way Harbor builds its retention candidates (src/pkg/retention/dep/client.go):
 * - `pushedAt` is the latest of `push_time` and every `tags[].push_time`;
 * - `lastPulledAt` is the latest of `pull_time` and every `tags[].pull_time`, absent when all of them are Go's zero
 *   time (`0001-01-01T00:00:00.000Z`, written for "never pulled") or missing;
 * - `manifest_media_type` becomes `mediaType`, and an index's `references[].child_digest` its `references` (the
 *   default listing leaves the children out; `q=base=*` lists them too). Accessories (signatures, SBOMs) are not
 *   listed as artifacts; Harbor keeps and deletes them with their subject.
 * - `repository` is `repository_name` without its first segment (the project): Harbor's repository selectors match
 *   the name inside the project (launcher.go `utils.ParseRepository`). All artifacts must belong to one project,
 *   because a Harbor retention policy belongs to one project.
 */
export function parseHarborArtifacts(input: unknown, source: string = 'images'): ImageRecord[] {
  const v = new Violations();
  // Pages that are broken are reported and the others still checked, so one error lists every problem.
  const pages = toPages(input, v);
  const records: ImageRecord[] = [];
  const projects = new Set<string>();
  const seen = new Set<string>();
  for (const page of pages) {
    page.items.forEach((raw, i) => {
      const at = `${page.prefix}[${i}]`;
      if (!isObject(raw)) {
        v.add(at, 'must be an artifact object', raw, 'an object with digest, push_time, pull_time and tags');
        return;
      }
      const a = raw;
      const before = v.items.length;
      if (typeof a.digest !== 'string' || !IMAGE_DIGEST.test(a.digest)) {
        v.add(`${at}.digest`, 'is not a manifest digest', a.digest, 'a digest such as "sha256:ec42…"');
      }
      let pushed = time(v, `${at}.push_time`, a.push_time, true);
      let pulled = time(v, `${at}.pull_time`, a.pull_time, false);
      const tags: string[] = [];
      if (a.tags !== null && a.tags !== undefined && !Array.isArray(a.tags)) {
        v.add(`${at}.tags`, 'must be an array or null', a.tags, 'an array of {"name": ...} objects, or null for an untagged artifact');
      }
      (Array.isArray(a.tags) ? a.tags : []).forEach((t, j) => {
        const tat = `${at}.tags[${j}]`;
        if (!isObject(t)) {
          v.add(tat, 'must be a tag object', t, 'an object with a "name"');
          return;
        }
        const tag = t;
        if (typeof tag.name !== 'string' || !DOCKER_TAG.test(tag.name)) {
          v.add(`${tat}.name`, 'is not a valid tag', tag.name, 'a Docker tag: letters, digits, "_", "." and "-", 1-128 characters, not starting with "." or "-"');
        } else if (!tags.includes(tag.name)) {
          tags.push(tag.name);
        }
        const tp = time(v, `${tat}.push_time`, tag.push_time, false);
        if (tp !== undefined && (pushed === undefined || tp > pushed)) pushed = tp;
        const tl = time(v, `${tat}.pull_time`, tag.pull_time, false);
        if (tl !== undefined && (pulled === undefined || tl > pulled)) pulled = tl;
      });
      let repository: string | undefined;
      if (a.repository_name !== undefined && a.repository_name !== null) {
        const name = a.repository_name;
        if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)+$/.test(name)) {
          v.add(`${at}.repository_name`, 'is not a Harbor repository name', name, 'the project and the repository path, e.g. "payments/api" or "library/team/api"');
        } else {
          const slash = name.indexOf('/');
          projects.add(name.slice(0, slash));
          repository = name.slice(slash + 1);
        }
      }
      const references: string[] = [];
      if (a.references !== undefined && a.references !== null) {
        if (!Array.isArray(a.references)) v.add(`${at}.references`, 'must be an array or null', a.references, '[{"child_digest": "sha256:…", "platform": {...}}] for an image index');
        else {
          a.references.forEach((r, j) => {
            const d = isObject(r) ? r.child_digest : undefined;
            if (typeof d !== 'string' || !IMAGE_DIGEST.test(d)) v.add(`${at}.references[${j}].child_digest`, 'is not a manifest digest', d, 'the digest of a manifest the index references');
            else references.push(d);
          });
        }
      }
      const mediaType = typeof a.manifest_media_type === 'string' ? a.manifest_media_type : undefined;
      if (v.items.length > before) return;
      const key = `${repository ?? ''}@${a.digest}`;
      if (seen.has(key)) {
        v.add(`${at}.digest`, 'appears twice in the same repository', a.digest, 'each artifact once (remove overlapping pages)');
        return;
      }
      seen.add(key);
      records.push({
        digest: a.digest as string,
        tags,
        pushedAt: pushed as number,
        ...(pulled !== undefined ? { lastPulledAt: pulled } : {}),
        ...(repository !== undefined ? { repository } : {}),
        ...(mediaType !== undefined ? { mediaType } : {}),
        ...(references.length > 0 ? { references } : {}),
      });
    });
  }
  if (projects.size > 1) {
    v.add('repository_name', 'spans several projects', [...projects].sort(), 'the artifacts of one project: a Harbor retention policy belongs to one project');
  }
  v.throwIfAny(source);
  return records;
}

interface Page {
  readonly prefix: string;
  readonly items: readonly unknown[];
}

function toPages(input: unknown, v: Violations): Page[] {
  if (typeof input === 'string') {
    const values = parseConcatenatedJson(input, v);
    if (values.length === 1 && values[0].ok) return toPages(values[0].value, v);
    return values.flatMap(({ ok, value }, i) =>
      !ok ? [] : Array.isArray(value) ? [{ prefix: `[${i}]`, items: value }] : (v.add(`[${i}]`, 'must be a JSON array of artifacts', value, 'arrays only, one per page'), []),
    );
  }
  if (isObject(input) && Array.isArray(input.Payload)) {
    return [{ prefix: 'Payload', items: input.Payload as unknown[] }];
  }
  if (!Array.isArray(input)) {
    v.add(
      '(document)',
      'must be a JSON array of artifacts',
      input,
      'the body of GET /api/v2.0/projects/{p}/repositories/{r}/artifacts?with_tag=true, or an array of such pages, or pages appended one after another, or harbor-cli {"Payload": [...]}',
    );
    return [];
  }
  if (input.length > 0 && input.every((x) => Array.isArray(x))) {
    return input.map((page, i) => ({ prefix: `[${i}]`, items: page as unknown[] }));
  }
  return [{ prefix: '', items: input }];
}

/** Every JSON value of the text in order; one that does not parse is reported and kept as `ok: false`, so indices stay. */
function parseConcatenatedJson(text: string, v: Violations): Array<{ ok: boolean; value: unknown }> {
  const values: Array<{ ok: boolean; value: unknown }> = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    // An unbalanced value runs to the end of the text, where JSON.parse reports it.
    const closed = endOfJsonValue(text, i);
    const end = closed < 0 ? text.length : closed;
    try {
      values.push({ ok: true, value: JSON.parse(text.slice(i, end)) });
    } catch (e) {
      values.push({ ok: false, value: undefined });
      // The bracket scan still finds where this value ends, so the values after it are read and checked too.
      v.add(`(text at offset ${i})`, 'is not valid JSON', text.slice(i, Math.min(end, i + 40)), `JSON arrays (${(e as Error).message})`);
    }
    i = end;
  }
  return values;
}


/** Reads one Harbor time (RFC 3339, 3 fractional digits as Harbor prints them, any offset accepted); Go's zero time is "never". */
function time(v: Violations, property: string, value: unknown, required: boolean): number | undefined {
  const options = { numbers: EpochUnit.NONE };
  const ms = parseTimestamp(value, options);
  if (ms !== undefined && Number.isNaN(ms)) {
    v.add(property, 'is not a timestamp', value, describeTimestampFormats(options));
    return undefined;
  }
  if (ms === undefined && required) {
    v.add(property, value === undefined || value === null ? 'is missing' : 'is the zero time', value, 'the time the artifact was pushed, e.g. "2025-03-02T10:15:32.417Z"');
  }
  return ms;
}
