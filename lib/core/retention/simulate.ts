/** What a neutral retention policy does to a set of images: the reference meaning every compiler is tested against. */

import { DAY_MS, ImageAction, ImageDecision, ImageRecord, SimulationResult, StorageClass } from './image';
import { anyTagPasses, TagTest, tagMatcher } from './matcher';
import { newestFirst } from './patterns';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from './policy';
import { keepReferenced } from './references';

interface Compiled {
  readonly index: number;
  readonly rule: RetentionRule;
  /** Absent for rules that select every image (unfiltered expireNotPulled) or untagged ones. */
  readonly re?: readonly TagTest[];
}

/**
 * Simulates a neutral policy at `now` (epoch ms), exactly as the contract in policy.ts says: protect (with its
 * archive allowance), then
 * keepMostRecent windows (per repository, over every selected image in standard storage, protected ones
 * included), then any removal condition, then archive; otherwise keep; last, whatever a surviving index references or
 * a surviving image has attached (OCI subject) is kept. Images out of the policy's
 * `repositories` scope or already archived are kept; an image without a repository is in scope. One sort for all windows; patterns compiled once.
 */
export function simulateRetentionPolicy(policy: RetentionPolicy, images: readonly ImageRecord[], now: number): SimulationResult {
  const compiled: Compiled[] = policy.rules.map((rule, index) => ({
    index,
    rule,
    re: rule.tagPatterns && rule.tagPatterns.length > 0 ? rule.tagPatterns.map(tagMatcher) : undefined,
  }));
  const of = (kind: RetentionRuleKind) => compiled.filter((c) => c.rule.kind === kind);
  const protects = of(RetentionRuleKind.PROTECT);
  const keeps = of(RetentionRuleKind.KEEP_MOST_RECENT);
  const expireTagged = of(RetentionRuleKind.EXPIRE_TAGGED);
  const expireUntagged = of(RetentionRuleKind.EXPIRE_UNTAGGED);
  const notPulled = of(RetentionRuleKind.EXPIRE_NOT_PULLED);
  const scope = policy.repositories ? policy.repositories.map(tagMatcher) : undefined;
  const name = (c: Compiled) => `rules[${c.index}]`;
  const labels = compiled.map((c) => `${name(c)} (${c.rule.summary()})`);
  const label = (c: Compiled) => labels[c.index];

  const inScope = images.map((img) => img.storageClass !== StorageClass.ARCHIVE && (!scope || img.repository === undefined || anyTagPasses(scope, [img.repository])));

  // keepMostRecent windows: walk every image once in "most recent" order, counting per rule and repository.
  const retainedBy = new Int32Array(images.length).fill(-1);
  const outsideOf = new Int32Array(images.length).fill(-1);
  const rankOf = new Int32Array(images.length);
  if (keeps.length > 0) {
    const order = images.map((_, i) => i).filter((i) => inScope[i]);
    order.sort((a, b) => newestFirst(images[a], images[b]));
    const counts = keeps.map(() => new Map<string | undefined, number>());
    for (const i of order) {
      const img = images[i];
      keeps.forEach((k, j) => {
        if (!anyTagPasses(k.re!, img.tags)) return;
        const seen = counts[j].get(img.repository) ?? 0;
        counts[j].set(img.repository, seen + 1);
        if (seen < k.rule.count!) {
          if (retainedBy[i] < 0) {
            retainedBy[i] = j;
            rankOf[i] = seen + 1;
          }
        } else if (outsideOf[i] < 0) {
          outsideOf[i] = j;
          rankOf[i] = seen + 1;
        }
      });
    }
  }

  const decisions: ImageDecision[] = new Array(images.length);
  for (let i = 0; i < images.length; i++) decisions[i] = decideOne(i);
  const warnings: string[] = [];
  if (notPulled.length > 0) {
    const unknown = images.filter((img, i) => img.pullTimeUnknown && img.lastPulledAt === undefined && inScope[i]).length;
    if (unknown > 0) warnings.push(`${unknown} image${unknown > 1 ? 's have' : ' has'} no known pull time (the registry records none): expireNotPulled ages ${unknown > 1 ? 'them' : 'it'} from push`);
  }
  return { decisions: keepReferenced(images, decisions), warnings };

  function decideOne(i: number): ImageDecision {
    const img = images[i];
    const decide = (action: ImageAction, c: Compiled | undefined, reason: string): ImageDecision => ({
      digest: img.digest,
      repository: img.repository,
      action,
      rule: c ? name(c) : undefined,
      reason,
    });
    if (!inScope[i]) {
      return decide(ImageAction.KEEP, undefined, img.storageClass === StorageClass.ARCHIVE ? 'already in archive storage' : 'repository outside the policy scope');
    }
    const matching = protects.filter((c) => anyTagPasses(c.re!, img.tags));
    if (matching.length > 0) {
      // A protect rule without an archive allowance keeps the image in standard storage, whatever the others allow.
      const pure = matching.find((c) => c.rule.days === undefined);
      if (pure) return decide(ImageAction.KEEP, pure, `protected by ${label(pure)}`);
      const pullAge = now - (img.lastPulledAt ?? img.pushedAt);
      const allowing = matching.find((c) => pullAge > c.rule.days! * DAY_MS);
      if (allowing) {
        const pulled = img.lastPulledAt === undefined ? `never pulled, pushed ${days(pullAge)} days ago` : `last pulled ${days(pullAge)} days ago`;
        return decide(ImageAction.ARCHIVE, allowing, `protected by ${label(allowing)}, archived: ${pulled}`);
      }
      return decide(ImageAction.KEEP, matching[0], `protected by ${label(matching[0])}`);
    }
    if (retainedBy[i] >= 0) {
      const k = keeps[retainedBy[i]];
      return decide(ImageAction.KEEP, k, `retained by ${label(k)}: rank ${rankOf[i]} of the ${k.rule.count} most recent`);
    }
    if (outsideOf[i] >= 0) {
      const k = keeps[outsideOf[i]];
      return decide(ImageAction.EXPIRE, k, `${label(k)}: rank ${rankOf[i]}, outside the ${k.rule.count} most recent`);
    }
    const pushAge = now - img.pushedAt;
    const pullAge = now - (img.lastPulledAt ?? img.pushedAt);
    for (const c of expireTagged) {
      if (pushAge > c.rule.days! * DAY_MS && anyTagPasses(c.re!, img.tags)) return decide(ImageAction.EXPIRE, c, `${label(c)}: pushed ${days(pushAge)} days ago`);
    }
    if (img.tags.length === 0) {
      for (const c of expireUntagged) {
        if (pushAge > c.rule.days! * DAY_MS) return decide(ImageAction.EXPIRE, c, `${label(c)}: untagged, pushed ${days(pushAge)} days ago`);
      }
    }
    let archive: Compiled | undefined;
    for (const c of notPulled) {
      if (pullAge > c.rule.days! * DAY_MS && (!c.re || anyTagPasses(c.re, img.tags))) {
        const pulled = pulledPhrase(img, pullAge);
        if (c.rule.action === StaleImageAction.EXPIRE) return decide(ImageAction.EXPIRE, c, `${label(c)}: ${pulled}`);
        archive ??= c;
      }
    }
    if (archive) {
      const pulled = pulledPhrase(img, pullAge);
      return decide(ImageAction.ARCHIVE, archive, `${label(archive)}: ${pulled}`);
    }
    return decide(ImageAction.KEEP, undefined, 'no removal condition holds');
  }
}

/** How long since the last pull, saying when the pull time is unknown rather than absent. */
function pulledPhrase(img: ImageRecord, pullAge: number): string {
  if (img.lastPulledAt !== undefined) return `last pulled ${days(pullAge)} days ago`;
  return img.pullTimeUnknown ? `pull time unknown (the registry records none), pushed ${days(pullAge)} days ago` : `never pulled, pushed ${days(pullAge)} days ago`;
}

/** Whole days, rounded down, for reasons. */
function days(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
