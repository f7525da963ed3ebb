/**
 * The plan of `registry-lifecycle apply`: the listing simulated by the neutral simulator (the one `preview` runs),
 * then the digest-level safety net: a digest is deleted only when no kept tag reaches it, directly, through an
 * image index (at any depth) or as the subject it is attached to.
 */

import { ImageAction, ImageRecord, SimulationResult } from '../../core/retention/image';
import { neutralDialect } from '../../core/retention/neutral';
import { RetentionPolicy, RetentionRuleKind, StaleImageAction } from '../../core/retention/policy';
import { ListedImage } from './registry-api';
import { INDEX_TYPES } from './oci';

/** One manifest the plan deletes or leaves. */
export interface PlanItem {
  readonly repository: string;
  readonly digest: string;
  readonly tags: readonly string[];
  /** The simulator's reason (for deletions) or why the safety net keeps it (for skips). */
  readonly reason: string;
}

/** One repository as listed, for the re-check right before its deletes. */
export interface RecheckState {
  /** Tag -> digest of every tag the policy keeps. */
  readonly keptTags: Map<string, string>;
  /** Every tag listed. */
  readonly listedTags: Set<string>;
  /** Digest -> references ([] for a single image), for every listed manifest. */
  readonly references: Map<string, readonly string[]>;
}

/** What a run will do. */
export interface Plan {
  /** To delete, indexes before the manifests they reference. */
  readonly deletions: PlanItem[];
  /** Expired by the policy but kept by the safety net or because the registry cannot act. */
  readonly skipped: PlanItem[];
  /** How many listed manifests the policy keeps. */
  readonly kept: number;
  /** Notes for the user: approximations in force. */
  readonly warnings: string[];
  /** What the re-check before a repository's deletes needs (built on first use, for repositories with deletions only). */
  recheck(repository: string): RecheckState;
}

/** Why a policy cannot run on a registry; the CLI reports it as invalid input. */
export class PolicyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyRefusedError';
  }
}

/** Refuses rules this registry cannot honour: not-pulled rules without pull times, and archiving anywhere (no archive tier). */
export function checkPolicyFits(policy: RetentionPolicy, registry: { kind: string; carriesPullTimes: boolean }, source: string): void {
  const problems: string[] = [];
  policy.rules.forEach((rule, i) => {
    if (rule.kind !== RetentionRuleKind.EXPIRE_NOT_PULLED) return;
    if (!registry.carriesPullTimes) {
      problems.push(`${source}: rules[${i}] (${rule.summary()}) cannot run on this registry: the OCI distribution API records no pull times, so "not pulled in ${rule.days} days" cannot be decided; remove the rule, or run it where the listing carries pull times (Docker Hub)`);
    } else if (rule.action !== StaleImageAction.EXPIRE) {
      problems.push(`${source}: rules[${i}] (${rule.summary()}) archives, and ${registry.kind === 'hub' ? 'Docker Hub' : 'this registry'} has no archive tier; set "action": "expire" to delete instead`);
    }
  });
  if (problems.length) throw new PolicyRefusedError(problems.join('\n'));
}

/** Every digest reachable from `roots` through `references` (roots included). */
export function reachable(roots: Iterable<string>, references: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    for (const child of references.get(d) ?? []) stack.push(child);
  }
  return seen;
}

/**
 * The simulator a plan runs: the neutral one, which already keeps index children and referrers of kept images; the
 * plan's own reachability check stays as a second line in case a simulator or a listing misses a relation.
 */
export type PlanSimulator = (policy: RetentionPolicy, images: readonly ImageRecord[], now: number) => SimulationResult;

/** Simulates `listing` under `policy` at `now` and applies the safety net. */
export function makePlan(policy: RetentionPolicy, listing: readonly ListedImage[], now: number, simulate: PlanSimulator = neutralDialect.simulate): Plan {
  const warnings: string[] = [];
  let untimed = 0;
  // A listed image is already an image record; only one without a time needs a copy. Without a time an image
  // counts as new: no age rule removes it, and it ranks first in keepMostRecent.
  const records: ImageRecord[] = listing.map((img) => {
    if (img.pushedAt !== undefined) return img as ImageRecord;
    untimed++;
    return { ...img, pushedAt: now };
  });
  if (untimed) warnings.push(`${untimed} manifest(s) carry no creation time (config "created" or the org.opencontainers.image.created annotation); they count as new, so no age rule removes them`);
  const result = simulate(policy, records, now);
  warnings.push(...result.warnings);

  // One pass: the listing's positions per repository, and the kept indexes (the only kept manifests that reach
  // another digest: an expired digest is never itself a kept one, so only what kept indexes reference can save it).
  const decisions = result.decisions;
  const positions = new Map<string, number[]>();
  const keptIndexes = new Map<string, number[]>();
  const childrenOf = new Map<string, Map<string, readonly string[]>>();
  for (let i = 0; i < listing.length; i++) {
    const img = listing[i];
    let at = positions.get(img.repository);
    if (!at) positions.set(img.repository, (at = []));
    at.push(i);
    if (img.references) {
      let refs = childrenOf.get(img.repository);
      if (!refs) childrenOf.set(img.repository, (refs = new Map()));
      refs.set(img.digest, img.references);
      if (decisions[i].action !== ImageAction.EXPIRE) {
        let k = keptIndexes.get(img.repository);
        if (!k) keptIndexes.set(img.repository, (k = []));
        k.push(i);
      }
    }
  }
  const reachCache = new Map<string, Set<string>>();
  const reachOf = (repo: string): Set<string> => {
    let r = reachCache.get(repo);
    if (!r) reachCache.set(repo, (r = reachable((keptIndexes.get(repo) ?? []).map((i) => listing[i].digest), childrenOf.get(repo) ?? new Map())));
    return r;
  };
  const keptTagsOf = (repo: string, digest: string): string[] => (positions.get(repo) ?? []).filter((i) => listing[i].digest === digest).flatMap((i) => listing[i].tags);

  // Indexes first: deleting a child before its index would leave the index dangling should the run stop between.
  // A partition, not a sort: the listing order (repository by repository) is kept within each part.
  const indexDeletions: PlanItem[] = [];
  const deletions: PlanItem[] = [];
  const skipped: PlanItem[] = [];
  let kept = 0;
  for (let i = 0; i < listing.length; i++) {
    const d = decisions[i];
    if (d.action !== ImageAction.EXPIRE) {
      kept++;
      continue;
    }
    const img = listing[i];
    const r = keptIndexes.has(img.repository) ? reachOf(img.repository) : undefined;
    if (r && r.has(img.digest)) {
      const refs = childrenOf.get(img.repository)!;
      const via = keptIndexes.get(img.repository)!.map((k) => listing[k].digest).find((k) => reachable([k], refs).has(img.digest))!;
      const viaTags = keptTagsOf(img.repository, via);
      skipped.push({ repository: img.repository, digest: img.digest, tags: img.tags, reason: `kept: referenced by the kept index ${via}${viaTags.length ? ` (tags ${viaTags.join(', ')})` : ''}, though the policy expires it (${d.reason})` });
    } else if (img.subject && subjectKept(img.repository, img.subject)) {
      skipped.push({ repository: img.repository, digest: img.digest, tags: img.tags, reason: `kept: attached to the kept manifest ${img.subject} (OCI subject), though the policy expires it (${d.reason})` });
    } else {
      const isIndex = img.references !== undefined || (img.mediaType !== undefined && INDEX_TYPES.includes(img.mediaType));
      (isIndex ? indexDeletions : deletions).push({ repository: img.repository, digest: img.digest, tags: img.tags, reason: d.rule && !d.reason.includes(d.rule) ? `${d.rule}: ${d.reason}` : d.reason });
    }
  }
  const ordered = indexDeletions.length ? indexDeletions.concat(deletions) : deletions;

  /** Whether the subject is kept: a kept listed manifest, or reached by a kept index. */
  function subjectKept(repo: string, subject: string): boolean {
    if (keptIndexes.has(repo) && reachOf(repo).has(subject)) return true;
    return (positions.get(repo) ?? []).some((i) => listing[i].digest === subject && decisions[i].action !== ImageAction.EXPIRE);
  }

  const recheckCache = new Map<string, RecheckState>();
  const recheck = (repo: string): RecheckState => {
    let st = recheckCache.get(repo);
    if (st) return st;
    st = { keptTags: new Map(), listedTags: new Set(), references: new Map() };
    for (const i of positions.get(repo) ?? []) {
      const img = listing[i];
      st.references.set(img.digest, img.references ?? []);
      for (const t of img.tags) st.listedTags.add(t);
      if (decisions[i].action !== ImageAction.EXPIRE) for (const t of img.tags) st.keptTags.set(t, img.digest);
    }
    recheckCache.set(repo, st);
    return st;
  };
  return { deletions: ordered, skipped, kept, warnings, recheck };
}
