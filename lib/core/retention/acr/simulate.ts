/**
 * Simulates `acr purge` commands (and the untagged retention policy) the way acr-cli runs them: tag-level, in order.
 * docs/retention.md (ACR) cites the acr-cli code each step follows.
 */

import { ValidationError } from '../../errors';
import { ImageAction, ImageDecision, ImageRecord, SimulationResult } from '../image';
import { isImageIndex, shortDigest } from '../references';
import { AcrPurgeCommand, AcrPurgePolicy } from './grammar';
import { compileAcrRegex, isLiteralRepository, parseAcrAgo } from './regex';

/** An image record with the manifest attributes acr purge reads; every extra field is optional. */
export interface AcrImageRecord extends ImageRecord {
  /** The manifest's `lastUpdateTime` (what `--ago` compares for untagged manifests). @default pushedAt */
  readonly manifestUpdatedAt?: number;
  /** The manifest is locked (`deleteEnabled` or `writeEnabled` false): purge skips it unless `--include-locked`. */
  readonly locked?: boolean;
  /** Tags whose own `deleteEnabled` or `writeEnabled` is false: purge skips them unless `--include-locked`. */
  readonly lockedTags?: readonly string[];
  /** The manifest media type; an OCI index or Docker manifest list protects the manifests it references. */
  readonly mediaType?: string;
  /** Digests an index references (list-metadata `references[].digest`). */
  readonly references?: readonly string[];
}

/** The shared empty tag list of untouched images (never mutated). */
const NONE: string[] = [];

interface TagEntry {
  readonly idx: number;
  readonly tag: string;
  readonly time: number;
  /** Removed by an earlier command of this run. */
  gone: boolean;
}

interface Repo {
  readonly name: string | undefined;
  readonly members: number[];
  readonly tags: TagEntry[];
  readonly byDigest: Map<string, number>;
}

/**
 * Runs the commands of `policy` in order over `images` at `now` (epoch ms), then applies its untagged retention
 * policy to the manifests the run left untagged; returns one decision per image, in input order.
 *
 * Per command and repository (acr-cli `purge`, `purgeTags`, `getTagsToDelete`, `purgeDanglingManifests`,
 * `GetUntaggedManifests`):
 * - repositories: a filter's repository part matches whole names (`^…$`); an image without `repository` is in every filter;
 * - tags, newest last-update first (`tagUpdatedAt`, else `pushedAt`; ties by digest, then tag): a tag matching any
 *   filter's tag regex *anywhere* (not anchored), updated strictly before `now - ago`, and not locked (unless
 *   `--include-locked`) is a candidate; the first `--keep` candidates stay, the rest are removed;
 * - with `--untagged`/`--untagged-only`: every unlocked manifest left without tags whose `manifestUpdatedAt` (else
 *   `pushedAt`) is strictly before `now - ago` (`now` without `--ago`) is deleted, except manifests referenced by an
 *   index that keeps its tags or is itself too young, and referrers (a manifest with an OCI `subject`); `--keep`
 *   keeps that many newest of them (all, when there are no more than `--keep`);
 * - untagging updates a manifest's `lastUpdateTime` (docs/retention.md, ACR): a manifest an earlier command of the run
 *   untagged is fresh to a later command's `--ago`, so only a later command without `--ago` (or `--ago 0d`) deletes it.
 *
 * ACR itself deletes a referrer when its subject is deleted; such referrers are reported as deleted with it.
 *
 * A listing without repository names is refused (ValidationError) when a command's filter names a repository other
 * than `.*`: the preview cannot tell which images the filter selects.
 *
 * A `--dry-run` command deletes nothing (reported in warnings). With `untaggedRetentionDays` 0, manifests the run
 * left untagged are deleted; with N > 0 they are due N days later. Untagged manifests already in the listing are
 * never deleted by the retention policy here: any it was going to delete by `now` would already be gone.
 */
export function simulateAcrPurge(policy: AcrPurgePolicy, images: readonly ImageRecord[], now: number): SimulationResult {
  const recs = images as readonly AcrImageRecord[];
  const n = recs.length;
  // Copy-on-write: most images are never touched, and 100,000 spare arrays cost more than the whole run.
  const tags: (readonly string[])[] = recs.map((r) => r.tags);
  const removed: string[][] = new Array(n).fill(NONE);
  const remover: (string | undefined)[] = new Array(n).fill(undefined);
  const deletedBy: (string | undefined)[] = new Array(n).fill(undefined);
  const warnings: string[] = [];
  /** The command (index) whose untagging last refreshed the manifest's lastUpdateTime, or -1. */
  const refreshedBy = new Int32Array(n).fill(-1);
  /** An untagged manifest acr purge skipped because an index it keeps references it. */
  const shielded = new Uint8Array(n);
  refuseUnnamedRepositories(policy, recs);
  const repos = groupByRepository(recs);

  policy.commands.forEach((command, k) => {
    const rule = `purge[${k}]`;
    if (command.dryRun) {
      warnings.push(`${rule} has --dry-run: acr purge deletes nothing; drop --dry-run to simulate what it would delete`);
      return;
    }
    if (command.ago !== undefined && parseAcrAgo(command.ago).capped) {
      warnings.push(`${rule}: --ago ${command.ago} is capped at 150 years, as acr-cli does`);
    }
    const cutoff = now - (command.agoMilliseconds ?? 0);
    for (const [repo, tagRegexes] of selectRepositories(command, repos)) {
      if (!command.untaggedOnly) purgeTags(repo, tagRegexes, command, cutoff, rule, k);
      if (command.untagged || command.untaggedOnly) purgeDanglingManifests(repo, command, cutoff, rule, k);
    }
  });

  // ACR deletes referrers on the server when their subject is deleted (acr-cli leaves them to it).
  const withSubject = new Map<string, number>();
  recs.forEach((r, i) => {
    if (deletedBy[i] !== undefined) withSubject.set(`${r.repository ?? ''}\n${r.digest}`, i);
  });
  let cascaded = 0;
  for (let pass = 0; pass < 8 && withSubject.size > 0; pass++) {
    let changed = false;
    recs.forEach((r, i) => {
      if (r.subject === undefined || deletedBy[i] !== undefined) return;
      const s = withSubject.get(`${r.repository ?? ''}\n${r.subject}`);
      if (s === undefined) return;
      deletedBy[i] = `subject ${shortDigest(recs[s].digest)}`;
      withSubject.set(`${r.repository ?? ''}\n${r.digest}`, i);
      cascaded++;
      changed = true;
    });
    if (!changed) break;
  }
  if (cascaded > 0) warnings.push(`${cascaded} referrer${cascaded > 1 ? 's' : ''} (OCI subject) deleted by ACR together with the subject the purge deletes; acr purge itself never deletes a referrer`);

  const retention = policy.untaggedRetentionDays;
  const retentionRule = `untagged retention (${retention} days)`;
  if (retention === 0) {
    for (let i = 0; i < n; i++) {
      if (deletedBy[i] === undefined && removed[i] !== NONE && tags[i].length === 0 && !recs[i].locked) deletedBy[i] = retentionRule;
    }
  }

  const decisions: ImageDecision[] = recs.map((r, i) => decide(r, i));
  return { decisions, warnings };

  function purgeTags(repo: Repo, tagRegexes: RegExp[], command: AcrPurgeCommand, cutoff: number, rule: string, k: number): void {
    let skipped = 0;
    for (const e of repo.tags) {
      // Cheap tests first; the order does not matter, as --keep counts only tags that pass them all.
      if (e.gone || !(e.time < cutoff)) continue;
      let match = false;
      for (let j = 0; j < tagRegexes.length && !match; j++) match = tagRegexes[j].test(e.tag);
      if (!match) continue;
      const locked = recs[e.idx].lockedTags;
      if (!command.includeLocked && locked !== undefined && locked.includes(e.tag)) continue;
      if (skipped < command.keep) {
        skipped++;
        continue;
      }
      e.gone = true;
      tags[e.idx] = tags[e.idx].filter((t) => t !== e.tag);
      if (removed[e.idx] === NONE) removed[e.idx] = [];
      removed[e.idx].push(e.tag);
      remover[e.idx] ??= rule;
      refreshedBy[e.idx] = k;
    }
  }

  function purgeDanglingManifests(repo: Repo, command: AcrPurgeCommand, cutoff: number, rule: string, k: number): void {
    const ignore = new Set<string>();
    const candidates: number[] = [];
    for (const i of repo.members) {
      const r = recs[i];
      if (deletedBy[i] !== undefined) continue;
      // acr-cli skips a locked manifest before looking at its tags, so a locked index does not shield its children.
      if (!command.includeLocked && r.locked) continue;
      const tagged = tags[i].length > 0;
      // Untagged by an earlier command: its lastUpdateTime is the run's own time, so any --ago keeps it.
      const fresh = refreshedBy[i] >= 0 && refreshedBy[i] < k;
      const young = !tagged && (fresh ? (command.agoMilliseconds ?? 0) > 0 : !((r.manifestUpdatedAt ?? r.pushedAt) < cutoff));
      // acr-cli never deletes a referrer (ACR deletes it with its subject); a referrer index still shields its children.
      const referrer = r.subject !== undefined;
      if (tagged || young || referrer) {
        if (isImageIndex(r)) shieldReferences(repo, recs, r, ignore);
        continue;
      }
      candidates.push(i);
    }
    for (const i of candidates) if (ignore.has(recs[i].digest)) shielded[i] = 1;
    let doomed = candidates.filter((i) => !ignore.has(recs[i].digest));
    if (command.keep > 0) {
      // Current acr-cli keeps all when there are no more than --keep; an earlier revision deleted them all then.
      doomed.sort((a, b) => manifestTime(recs[b]) - manifestTime(recs[a]) || cmp(recs[a].digest, recs[b].digest));
      doomed = doomed.slice(command.keep);
    }
    for (const i of doomed) deletedBy[i] = rule;
  }

  function decide(r: AcrImageRecord, i: number): ImageDecision {
    const gone = removed[i];
    if (deletedBy[i] === undefined && gone === NONE) {
      return {
        digest: r.digest,
        repository: r.repository,
        action: ImageAction.KEEP,
        reason: r.locked
          ? 'locked; no purge command removes it'
          : r.subject !== undefined && r.tags.length === 0
            ? 'a referrer (OCI subject), which acr purge never deletes'
            : shielded[i]
              ? 'referenced by an index that keeps its tags: acr purge skips it'
              : 'no purge command removes it',
        removedTags: NONE,
      };
    }
    const lost = gone.length > 0 ? `tag${gone.length > 1 ? 's' : ''} ${gone.join(', ')} removed by ${remover[i]}` : '';
    if (deletedBy[i] !== undefined) {
      const how =
        deletedBy[i] === retentionRule
          ? 'manifest left untagged, deleted by the untagged retention policy'
          : deletedBy[i]!.startsWith('subject ')
            ? `referrer deleted by ACR together with its ${deletedBy[i]}`
            : `untagged manifest deleted by ${deletedBy[i]}`;
      return { digest: r.digest, repository: r.repository, action: ImageAction.EXPIRE, rule: deletedBy[i], reason: lost ? `${lost}; ${how}` : how, removedTags: gone };
    }
    let rest: string;
    if (tags[i].length > 0) rest = `still tagged ${tags[i].join(', ')}`;
    else if (r.locked) rest = 'manifest is locked';
    else if (r.subject !== undefined) rest = 'the manifest is a referrer (OCI subject), which acr purge never deletes';
    else if (refreshedBy[i] >= 0 && policy.commands.some((c, k) => k > refreshedBy[i] && (c.untagged || c.untaggedOnly) && (c.agoMilliseconds ?? 0) > 0))
      rest = 'untagging refreshed its lastUpdateTime, so the later --untagged step with --ago sees a fresh manifest and keeps it until a later run';
    else if (retention !== undefined) rest = `the untagged retention policy deletes the manifest in ${retention} days`;
    else rest = 'the manifest stays, untagged (no --untagged and no retention policy)';
    return { digest: r.digest, repository: r.repository, action: ImageAction.KEEP, rule: remover[i], reason: `${lost}; ${rest}`, removedTags: gone };
  }
}

function groupByRepository(recs: readonly AcrImageRecord[]): Repo[] {
  const map = new Map<string | undefined, Repo>();
  for (let idx = 0; idx < recs.length; idx++) {
    const r = recs[idx];
    let repo = map.get(r.repository);
    if (!repo) {
      repo = { name: r.repository, members: [], tags: [], byDigest: new Map() };
      map.set(r.repository, repo);
    }
    repo.members.push(idx);
    // Only indexes look children up by digest; most listings have none, so the map stays small.
    if (r.references !== undefined || r.mediaType !== undefined || r.subject !== undefined) repo.byDigest.set(r.digest, idx);
    const updated = r.tagUpdatedAt;
    for (const tag of r.tags) repo.tags.push({ idx, tag, time: updated?.[tag] ?? r.pushedAt, gone: false });
  }
  const repos = [...map.values()].sort((a, b) => cmp(a.name ?? '', b.name ?? ''));
  for (const repo of repos) {
    // acr-cli lists tags with orderby=timedesc; the registry's tie order is undocumented, so ties go by digest, then tag.
    repo.tags.sort((a, b) => b.time - a.time || cmp(recs[a.idx].digest, recs[b.idx].digest) || cmp(a.tag, b.tag));
  }
  return repos;
}

/** The repositories a command touches, each with the tag regexes of the filters that selected it (acr-cli CollectTagFilters). */
function selectRepositories(command: AcrPurgeCommand, repos: readonly Repo[]): [Repo, RegExp[]][] {
  if (command.untaggedOnly && command.filters.length === 0) return repos.map((r) => [r, []]);
  const out = new Map<Repo, RegExp[]>();
  for (const f of command.filters) {
    const literal = isLiteralRepository(f.repository);
    const repoRe = literal ? undefined : (compileAcrRegex(`^${f.repository}$`) as RegExp);
    const tagRe = command.untaggedOnly ? undefined : (compileAcrRegex(f.tag) as RegExp);
    for (const repo of repos) {
      const hit = repo.name === undefined || (literal ? repo.name === f.repository : repoRe!.test(repo.name));
      if (!hit) continue;
      const list = out.get(repo) ?? [];
      if (tagRe) list.push(tagRe);
      out.set(repo, list);
    }
  }
  return [...out.entries()];
}

/**
 * A filter's repository part can only be matched against named repositories: with images that name none, any filter
 * but `.*` would silently select them all (acr-cli matches it against the repository name).
 */
function refuseUnnamedRepositories(policy: AcrPurgePolicy, recs: readonly AcrImageRecord[]): void {
  if (!recs.some((r) => r.repository === undefined)) return;
  const naming = policy.commands.flatMap((c, k) => c.filters.map((f, j) => ({ at: `purge[${k}].filters[${j}]`, repository: f.repository }))).filter((f) => !MATCH_ALL.includes(f.repository));
  if (naming.length === 0) return;
  throw new ValidationError(
    'images',
    naming.map((f) => ({
      property: f.at,
      problem: 'names a repository, but the listing names none',
      value: f.repository,
      allowed: 'give the repository: registry-lifecycle preview --repository REPO (or --images REPO=FILE, once per listing), or the {"imageName": "REPO", "manifests": [...]} envelope',
    })),
  );
}

const MATCH_ALL = ['.*', '^.*$', '.*$', '^.*'];

function shieldReferences(repo: Repo, recs: readonly AcrImageRecord[], index: AcrImageRecord, ignore: Set<string>): void {
  const queue = [...(index.references ?? [])];
  while (queue.length > 0) {
    const digest = queue.shift()!;
    if (ignore.has(digest)) continue;
    ignore.add(digest);
    const child = repo.byDigest.get(digest);
    // Nested indexes shield their own children too (acr-cli addDependentManifestsToIgnoreList).
    if (child !== undefined && isImageIndex(recs[child])) queue.push(...(recs[child].references ?? []));
  }
}

function manifestTime(r: AcrImageRecord): number {
  return r.manifestUpdatedAt ?? r.pushedAt;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
