/**
 * The plan of `registry-lifecycle apply`: the listing simulated by the neutral simulator (the one `preview` runs),
 * then the digest-level safety net: a digest is deleted only when no kept tag reaches it, directly, through an
 * image index (at any depth) or as the subject it is attached to.
 */

import { ImageAction, ImageRecord } from '../../core/retention/image';
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
  /** Per repository: tag -> digest of every tag the policy keeps (the re-check looks only at these and new tags). */
  readonly keptTags: Map<string, Map<string, string>>;
  /** Per repository: digest -> references, for every listed manifest (the re-check walks these). */
  readonly references: Map<string, Map<string, readonly string[]>>;
  /** Per repository: every tag listed. */
  readonly listedTags: Map<string, Set<string>>;
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

/** Simulates `listing` under `policy` at `now` and applies the safety net. */
export function makePlan(policy: RetentionPolicy, listing: readonly ListedImage[], now: number): Plan {
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
  const result = neutralDialect.simulate(policy, records, now);
  warnings.push(...result.warnings);

  const keptTags = new Map<string, Map<string, string>>();
  const references = new Map<string, Map<string, readonly string[]>>();
  const listedTags = new Map<string, Set<string>>();
  const keptDigests = new Map<string, Set<string>>();
  const perRepo = <T>(m: Map<string, T>, repo: string, make: () => T): T => {
    let v = m.get(repo);
    if (!v) m.set(repo, (v = make()));
    return v;
  };
  listing.forEach((img, i) => {
    const refs = perRepo(references, img.repository, () => new Map());
    if (img.references) refs.set(img.digest, img.references);
    const listed = perRepo(listedTags, img.repository, () => new Set());
    for (const t of img.tags) listed.add(t);
    if (result.decisions[i].action !== ImageAction.EXPIRE) {
      perRepo(keptDigests, img.repository, () => new Set()).add(img.digest);
      const kt = perRepo(keptTags, img.repository, () => new Map());
      for (const t of img.tags) kt.set(t, img.digest);
    }
  });

  const deletions: PlanItem[] = [];
  const skipped: PlanItem[] = [];
  const reach = new Map<string, Set<string>>();
  let kept = 0;
  listing.forEach((img, i) => {
    const d = result.decisions[i];
    if (d.action !== ImageAction.EXPIRE) {
      kept++;
      return;
    }
    const repo = img.repository;
    let r = reach.get(repo);
    if (!r) reach.set(repo, (r = reachable(keptDigests.get(repo) ?? [], references.get(repo) ?? new Map())));
    const item = { repository: repo, digest: img.digest, tags: img.tags };
    if (r.has(img.digest)) {
      const via = [...(keptDigests.get(repo) ?? [])].find((k) => reachable([k], references.get(repo)!).has(img.digest));
      const viaTags = [...(keptTags.get(repo) ?? [])].filter(([, dg]) => dg === via).map(([t]) => t);
      skipped.push({ ...item, reason: `kept: referenced by the kept index ${via}${viaTags.length ? ` (tags ${viaTags.join(', ')})` : ''}, though the policy expires it (${d.reason})` });
    } else if (img.subject && r.has(img.subject)) {
      skipped.push({ ...item, reason: `kept: attached to the kept manifest ${img.subject} (OCI subject), though the policy expires it (${d.reason})` });
    } else {
      deletions.push({ ...item, reason: d.rule && !d.reason.includes(d.rule) ? `${d.rule}: ${d.reason}` : d.reason });
    }
  });
  // Indexes first: deleting a child before its index would leave the index dangling should the run stop between.
  // A partition, not a sort: the listing order (repository by repository) is kept within each part.
  const isIndex = (item: PlanItem) => indexes.has(`${item.repository}@${item.digest}`);
  const indexes = new Set(listing.filter((l) => (l.mediaType && INDEX_TYPES.includes(l.mediaType)) || l.references).map((l) => `${l.repository}@${l.digest}`));
  const ordered = indexes.size ? [...deletions.filter(isIndex), ...deletions.filter((d) => !isIndex(d))] : deletions;
  return { deletions: ordered, skipped, kept, warnings, keptTags, references, listedTags };
}
