/**
 * Simulates a Harbor retention policy the way Harbor's job service evaluates it (src/pkg/retention/launcher.go,
 * job.go, policy/alg/or/processor.go, policy/action/performer/performer.go, policy/rule/<template>/evaluator.go,
 * lib/selector/selectors/doublestar/selector.go, dep/client.go).
 */

import { ImageAction, ImageDecision, ImageRecord, SimulationResult, StorageClass } from '../image';
import { hasRelations, heldBy, shortDigest } from '../references';
import { HarborDoublestarMatcher, compileHarborDoublestar } from './doublestar';
import { HarborRetentionPolicy, HarborRetentionRule, HarborRetentionTemplate, describeHarborRule, harborRuleParameter, harborRuleTemplate } from './grammar';

/** Go's zero time as Unix seconds: Harbor's PulledTime of an artifact never pulled. */
export const HARBOR_NEVER_PULLED_SECONDS = -62135596800;

interface CompiledRule {
  readonly index: number;
  readonly rule: HarborRetentionRule;
  readonly template: HarborRetentionTemplate;
  readonly param: number;
  readonly label: string;
  readonly reason: string;
  /** tag_matching (some tag must match) rather than tag_excluding (some tag must not match). */
  readonly matches: boolean;
  /** Whether an untagged artifact is selected, after Harbor's inversion for tag_excluding. */
  readonly selectsUntagged: boolean;
  /** The tag pattern, compiled once for every tag of every image. */
  readonly tag: HarborDoublestarMatcher;
}

/**
 * Harbor's decision for every image at `now` (epoch ms). The policy is assumed valid (parseHarborRetentionPolicy or
 * compileToHarbor output).
 *
 * - One job per repository that at least one enabled rule's repository selector selects (launcher.go); a repository
 *   no enabled rule selects is left alone. Images without a repository form one repository every rule applies to.
 * - In a job, every rule selects candidates with its tag selector, then its template picks the ones to retain; the
 *   union over rules is retained and every other artifact of the repository is deleted (or/processor.go,
 *   performer.go). Disabled rules are skipped (launcher.go).
 * - Times are compared in whole seconds, as Harbor's candidates carry them (dep/client.go `.Unix()`). An artifact
 *   never pulled has Go's zero time: it fails every "pulled within N days" test and sorts last for latestPulledN.
 * - Harbor sorts with Go's unstable sort.Slice; ties are broken here by digest ascending and reported as a warning
 *   when they straddle a latestPushedK / latestPulledN cut.
 * - Images in archive storage (an ECR notion Harbor lacks) are left alone.
 * - The children of an index and the accessories of an artifact (`references`, `subject` within the repository) are
 *   not candidates: Harbor lists neither among a repository's artifacts and keeps or deletes them with their index
 *   or subject, so they take no place in a latestPushedK window.
 *
 * Warnings name the traps a user cannot see: an always-retain rule whose `untagged_artifacts` is left at the
 * provider's default (true) keeps every untagged artifact, and untagged artifacts a latestPushedK / latestPulledN rule
 * selects take places in its window.
 */
export function simulateHarborRetention(policy: HarborRetentionPolicy, images: readonly ImageRecord[], now: number): SimulationResult {
  const warnings = new Set<string>();
  const nowSec = Math.floor(now / 1000);
  const rules: CompiledRule[] = [];
  policy.rules.forEach((rule, index) => {
    if (rule.disabled === true) return;
    const template = harborRuleTemplate(rule);
    if (template === undefined) return;
    const label = `rules[${index}] ${template}`;
    const matches = rule.tagMatching !== undefined;
    const untagged = rule.untaggedArtifacts ?? true;
    rules.push({
      index,
      rule,
      template,
      param: harborRuleParameter(rule) ?? 0,
      label,
      reason: `retained by ${label} (${describeHarborRule(rule)})`,
      matches,
      // tagSelectMatch selects an untagged artifact when `untagged` is true; tagSelectExclude when it is false.
      selectsUntagged: matches ? untagged : !untagged,
      tag: compileHarborDoublestar(matches ? rule.tagMatching! : (rule.tagExcluding ?? '')),
    });
  });

  // Per-image state lives in typed arrays indexed like `images`, and repositories are grouped by a counting sort,
  // so the only per-image allocation is the decision itself.
  const count = images.length;
  const decisions: ImageDecision[] = new Array(count);
  const dependent = dependents(images);
  const pushed = new Float64Array(count);
  const pulled = new Float64Array(count);
  const repoOf = new Int32Array(count).fill(-1);
  const repoIds = new Map<string | undefined, number>();
  const repoNames: Array<string | undefined> = [];
  const repoSizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const image = images[i];
    if (image.storageClass === StorageClass.ARCHIVE) {
      decisions[i] = { digest: image.digest, repository: image.repository, action: ImageAction.KEEP, reason: 'in archive storage, which Harbor does not have: left alone' };
      continue;
    }
    if (dependent[i]) continue;
    pushed[i] = Math.floor(image.pushedAt / 1000);
    pulled[i] = image.lastPulledAt === undefined ? HARBOR_NEVER_PULLED_SECONDS : Math.floor(image.lastPulledAt / 1000);
    let id = repoIds.get(image.repository);
    if (id === undefined) {
      id = repoNames.length;
      repoIds.set(image.repository, id);
      repoNames.push(image.repository);
      repoSizes.push(0);
    }
    repoOf[i] = id;
    repoSizes[id]++;
  }
  if (repoIds.has(undefined)) warnings.add('images without a repository were treated as one repository that every rule applies to');
  const starts = new Int32Array(repoNames.length + 1);
  for (let r = 0; r < repoNames.length; r++) starts[r + 1] = starts[r] + repoSizes[r];
  const byRepo = new Int32Array(starts[repoNames.length]);
  const fill = starts.slice(0, repoNames.length);
  for (let i = 0; i < count; i++) if (repoOf[i] >= 0) byRepo[fill[repoOf[i]]++] = i;

  // retainedBy[i]: position in `rules` of the first rule (policy order) that retains image i, or -1.
  const retainedBy = new Int32Array(count).fill(-1);
  const selected = (rule: CompiledRule, i: number): boolean => {
    const tags = images[i].tags;
    if (tags.length === 0) return rule.selectsUntagged;
    for (let t = 0; t < tags.length; t++) if (rule.tag(tags[t]) === rule.matches) return true;
    return false;
  };

  for (let r = 0; r < repoNames.length; r++) {
    const repo = repoNames[r];
    const candidates = byRepo.subarray(starts[r], starts[r + 1]);
    const applicable: number[] = [];
    rules.forEach((rule, k) => {
      if (repo === undefined || repoSelected(rule.rule, repo)) applicable.push(k);
    });
    if (applicable.length === 0) {
      const reason = `no enabled rule applies to repository ${JSON.stringify(repo)}: Harbor starts no job for it`;
      for (const i of candidates) decisions[i] = { digest: images[i].digest, repository: repo, action: ImageAction.KEEP, reason };
      continue;
    }
    let newestPushed: Int32Array | undefined;
    let newestPulled: Int32Array | undefined;
    for (const k of applicable) {
      const rule = rules[k];
      switch (rule.template) {
        case HarborRetentionTemplate.ALWAYS:
          for (const i of candidates) if (retainedBy[i] < 0 && selected(rule, i)) retainedBy[i] = k;
          break;
        case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH:
        case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PULL: {
          const times = rule.template === HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH ? pushed : pulled;
          const min = nowSec - rule.param * 86400;
          for (const i of candidates) if (retainedBy[i] < 0 && times[i] >= min && selected(rule, i)) retainedBy[i] = k;
          break;
        }
        case HarborRetentionTemplate.LATEST_PUSHED_K:
          newestPushed ??= sortNewestFirst(candidates, pushed, images);
          latest(rule, k, newestPushed, pushed, selected, retainedBy, warnings, images);
          break;
        case HarborRetentionTemplate.LATEST_PULLED_N:
          newestPulled ??= sortNewestFirst(candidates, pulled, images);
          latest(rule, k, newestPulled, pulled, selected, retainedBy, warnings, images);
          break;
      }
    }
    const none = applicable.map((k) => `rules[${rules[k].index}]`).join(', ');
    const noneReason = `retained by none of the rules that apply to the repository (${applicable.map((k) => rules[k].label).join(', ')}): deleted`;
    for (const i of candidates) {
      const by = retainedBy[i];
      decisions[i] =
        by >= 0
          ? { digest: images[i].digest, repository: repo, action: ImageAction.KEEP, rule: rules[by].label, reason: rules[by].reason }
          : { digest: images[i].digest, repository: repo, action: ImageAction.EXPIRE, rule: none, reason: noneReason };
    }
  }
  followHolders(images, decisions, dependent, warnings);
  for (const rule of rules) {
    if (rule.template === HarborRetentionTemplate.ALWAYS && rule.matches && rule.rule.untaggedArtifacts === undefined) {
      warnings.add(`${rule.label}: untagged_artifacts is left at the provider's default (true), so this rule retains every untagged artifact of the repositories it selects; set untagged_artifacts = false to let them go`);
    }
  }
  return { decisions, warnings: [...warnings] };
}

/** Artifacts Harbor does not list as candidates: children of a listed index, and accessories of a listed subject. */
function dependents(images: readonly ImageRecord[]): Uint8Array {
  const out = new Uint8Array(images.length);
  // Most listings carry no relation: skip the per-image keys.
  if (!hasRelations(images)) return out;
  const keys = new Map<string, number>();
  images.forEach((img, i) => keys.set(`${img.repository ?? ''}\n${img.digest}`, i));
  images.forEach((img, i) => {
    if (img.storageClass === StorageClass.ARCHIVE) return;
    for (const d of img.references ?? []) {
      const c = keys.get(`${img.repository ?? ''}\n${d}`);
      if (c !== undefined && c !== i) out[c] = 1;
    }
    if (img.subject !== undefined && keys.has(`${img.repository ?? ''}\n${img.subject}`)) out[i] = 1;
  });
  return out;
}

/** Index children and accessories share the fate of their index or subject. */
function followHolders(images: readonly ImageRecord[], decisions: ImageDecision[], dependent: Uint8Array, warnings: Set<string>): void {
  if (!dependent.some((d) => d === 1)) return;
  const held = heldBy(images, (i) => !dependent[i] && decisions[i] !== undefined && decisions[i].action !== ImageAction.EXPIRE);
  let followed = 0;
  for (let i = 0; i < images.length; i++) {
    if (!dependent[i] || decisions[i] !== undefined) continue;
    followed++;
    const h = held[i];
    const image = images[i];
    if (h) {
      const what = h.via === 'index' ? `a child of index ${shortDigest(images[h.by].digest)}` : `an accessory of ${shortDigest(images[h.by].digest)}`;
      decisions[i] = { digest: image.digest, repository: image.repository, action: ImageAction.KEEP, reason: `${what}, which is retained: Harbor keeps it with it` };
    } else {
      decisions[i] = { digest: image.digest, repository: image.repository, action: ImageAction.EXPIRE, reason: 'a child of an index or an accessory whose index or subject is deleted: Harbor deletes it with it' };
    }
  }
  warnings.add(`${followed} index child${followed > 1 ? 'ren' : ''} or accessor${followed > 1 ? 'ies' : 'y'} in the listing ${followed > 1 ? 'are' : 'is'} not retention candidates: Harbor keeps or deletes ${followed > 1 ? 'them' : 'it'} with ${followed > 1 ? 'their' : 'its'} index or subject`);
}

function repoSelected(rule: HarborRetentionRule, repo: string): boolean {
  // selector.go only adds a candidate when its repository name is non-empty.
  if (repo.length === 0) return false;
  if (rule.repoMatching !== undefined) return compileHarborDoublestar(rule.repoMatching)(repo);
  return !compileHarborDoublestar(rule.repoExcluding ?? '')(repo);
}

/** A repository's images, newest first by `times`, ties by digest ascending, then input order (one sort per repository and time). */
function sortNewestFirst(candidates: Int32Array, times: Float64Array, images: readonly ImageRecord[]): Int32Array {
  return candidates.slice().sort((a, b) => {
    const da = images[a].digest;
    const db = images[b].digest;
    return times[b] - times[a] || (da < db ? -1 : da > db ? 1 : a - b);
  });
}

/**
 * latestPushedK / latestPulledN: the first `param` selected images in newest-first order. Tag selection runs only
 * along that order until one image past the cut, which is all the tie warning needs.
 */
function latest(
  rule: CompiledRule,
  k: number,
  order: Int32Array,
  times: Float64Array,
  selected: (rule: CompiledRule, i: number) => boolean,
  retainedBy: Int32Array,
  warnings: Set<string>,
  images: readonly ImageRecord[],
): void {
  if (rule.param <= 0) return;
  let taken = 0;
  let cutTime = 0;
  let untagged = 0;
  for (const i of order) {
    if (!selected(rule, i)) continue;
    if (taken === rule.param) {
      if (times[i] === cutTime) {
        warnings.add(`${rule.label}: artifacts tie on the same second at the cut; Harbor's unstable sort may keep a different one (ties broken here by digest)`);
      }
      return;
    }
    if (retainedBy[i] < 0) retainedBy[i] = k;
    cutTime = times[i];
    taken++;
    if (rule.selectsUntagged && images[i].tags.length === 0 && ++untagged === 1) {
      warnings.add(`${rule.label}: untagged artifacts are selected (untagged_artifacts true), so they take places among the ${rule.param} it retains; set untagged_artifacts = false to count tagged artifacts only`);
    }
  }
}
