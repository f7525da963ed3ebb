/**
 * Simulates a Harbor retention policy the way Harbor's job service evaluates it (src/pkg/retention/launcher.go,
 * job.go, policy/alg/or/processor.go, policy/action/performer/performer.go, policy/rule/<template>/evaluator.go,
 * lib/selector/selectors/doublestar/selector.go, dep/client.go).
 */

import { ImageAction, ImageDecision, ImageRecord, SimulationResult, StorageClass } from '../image';
import { harborDoublestarMatch } from './doublestar';
import { HarborRetentionPolicy, HarborRetentionRule, HarborRetentionTemplate, describeHarborRule, harborRuleParameter, harborRuleTemplate } from './policy';

/** Go's zero time as Unix seconds: Harbor's PulledTime of an artifact never pulled. */
export const HARBOR_NEVER_PULLED_SECONDS = -62135596800;

interface Candidate {
  readonly index: number;
  readonly image: ImageRecord;
  readonly pushed: number;
  readonly pulled: number;
}

interface CompiledRule {
  readonly index: number;
  readonly rule: HarborRetentionRule;
  readonly template: HarborRetentionTemplate;
  readonly param: number;
  readonly label: string;
  readonly reason: string;
  /** Memoised tag-selector answers: tags repeat across images, and matching is the hot path. */
  readonly tagMemo: Map<string, boolean>;
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
    rules.push({ index, rule, template, param: harborRuleParameter(rule) ?? 0, label, reason: `retained by ${label} (${describeHarborRule(rule)})`, tagMemo: new Map() });
  });

  const decisions: ImageDecision[] = new Array(images.length);
  const byRepo = new Map<string | undefined, Candidate[]>();
  images.forEach((image, index) => {
    if (image.storageClass === StorageClass.ARCHIVE) {
      decisions[index] = { digest: image.digest, repository: image.repository, action: ImageAction.KEEP, reason: 'in archive storage, which Harbor does not have: left alone' };
      return;
    }
    const c: Candidate = {
      index,
      image,
      pushed: Math.floor(image.pushedAt / 1000),
      pulled: image.lastPulledAt === undefined ? HARBOR_NEVER_PULLED_SECONDS : Math.floor(image.lastPulledAt / 1000),
    };
    const list = byRepo.get(image.repository);
    if (list) list.push(c);
    else byRepo.set(image.repository, [c]);
  });
  if (byRepo.has(undefined)) warnings.add('images without a repository were treated as one repository that every rule applies to');

  for (const [repo, candidates] of byRepo) {
    const applicable = rules.filter((r) => repo === undefined || repoSelected(r.rule, repo));
    if (applicable.length === 0) {
      for (const c of candidates) {
        decisions[c.index] = { digest: c.image.digest, repository: repo, action: ImageAction.KEEP, reason: `no enabled rule applies to repository ${JSON.stringify(repo)}: Harbor starts no job for it` };
      }
      continue;
    }
    const retainedBy = new Map<Candidate, CompiledRule>();
    for (const rule of applicable) {
      const selected = candidates.filter((c) => tagSelected(rule, c.image.tags));
      for (const c of evaluate(rule, selected, nowSec, warnings)) if (!retainedBy.has(c)) retainedBy.set(c, rule);
    }
    const none = applicable.map((r) => `rules[${r.index}]`).join(', ');
    const noneReason = `retained by none of the rules that apply to the repository (${applicable.map((r) => r.label).join(', ')}): deleted`;
    for (const c of candidates) {
      const by = retainedBy.get(c);
      decisions[c.index] = by
        ? { digest: c.image.digest, repository: repo, action: ImageAction.KEEP, rule: by.label, reason: by.reason }
        : { digest: c.image.digest, repository: repo, action: ImageAction.EXPIRE, rule: none, reason: noneReason };
    }
  }
  return { decisions, warnings: [...warnings] };
}

function repoSelected(rule: HarborRetentionRule, repo: string): boolean {
  // selector.go only adds a candidate when its repository name is non-empty.
  if (repo.length === 0) return false;
  if (rule.repoMatching !== undefined) return harborDoublestarMatch(rule.repoMatching, repo);
  return !harborDoublestarMatch(rule.repoExcluding ?? '', repo);
}

function tagSelected(compiled: CompiledRule, tags: readonly string[]): boolean {
  const rule = compiled.rule;
  const untagged = rule.untaggedArtifacts ?? true;
  const matches = rule.tagMatching !== undefined;
  // tagSelectMatch: selected when some tag matches; tagSelectExclude: when some tag does not match, and an
  // untagged artifact only when `untagged` is false.
  if (tags.length === 0) return matches ? untagged : !untagged;
  const pattern = matches ? rule.tagMatching! : (rule.tagExcluding ?? '');
  for (const t of tags) {
    let m = compiled.tagMemo.get(t);
    if (m === undefined) {
      m = harborDoublestarMatch(pattern, t);
      if (compiled.tagMemo.size < 200_000) compiled.tagMemo.set(t, m);
    }
    if (m === matches) return true;
  }
  return false;
}

function evaluate(rule: CompiledRule, selected: Candidate[], nowSec: number, warnings: Set<string>): Candidate[] {
  switch (rule.template) {
    case HarborRetentionTemplate.ALWAYS:
      return selected;
    case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH: {
      const min = nowSec - rule.param * 86400;
      return selected.filter((c) => c.pushed >= min);
    }
    case HarborRetentionTemplate.N_DAYS_SINCE_LAST_PULL: {
      const min = nowSec - rule.param * 86400;
      return selected.filter((c) => c.pulled >= min);
    }
    case HarborRetentionTemplate.LATEST_PUSHED_K:
      return latest(rule, selected, (c) => c.pushed, warnings);
    case HarborRetentionTemplate.LATEST_PULLED_N:
      return latest(rule, selected, (c) => c.pulled, warnings);
  }
}

function latest(rule: CompiledRule, selected: Candidate[], time: (c: Candidate) => number, warnings: Set<string>): Candidate[] {
  const sorted = [...selected].sort((a, b) => time(b) - time(a) || (a.image.digest < b.image.digest ? -1 : a.image.digest > b.image.digest ? 1 : 0));
  const k = Math.min(rule.param, sorted.length);
  if (k > 0 && k < sorted.length && time(sorted[k - 1]) === time(sorted[k])) {
    warnings.add(`${rule.label}: artifacts tie on the same second at the cut; Harbor's unstable sort may keep a different one (ties broken here by digest)`);
  }
  return sorted.slice(0, k);
}
