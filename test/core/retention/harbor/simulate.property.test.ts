import fc from 'fast-check';
import { HARBOR_NEVER_PULLED_SECONDS, HarborRetentionPolicy, HarborRetentionRule, harborRuleParameter, harborRuleTemplate, simulateHarborRetention } from '../../../../lib/core/retention/harbor';
import { harborDoublestarMatch } from '../../../../lib/core/retention/harbor/doublestar';
import { ImageAction, ImageRecord, StorageClass } from '../../../../lib/core/retention/image';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

/**
 * Harbor's evaluation written the plain way (one job per selected repository; per rule: filter by tag selector, sort
 * the selection, take the window; OR over rules), with the port matcher. The simulator's precompiled matchers, one
 * sort per repository and lazy selection must retain the same images by the same first rule, with the same warnings.
 */
function reference(policy: HarborRetentionPolicy, images: readonly ImageRecord[]): { actions: string[]; warnings: string[] } {
  const nowSec = Math.floor(NOW / 1000);
  const warnings = new Set<string>();
  const actions: string[] = new Array(images.length);
  const rules = policy.rules.map((rule, index) => ({ rule, index, template: harborRuleTemplate(rule), param: harborRuleParameter(rule) ?? 0 })).filter((r) => r.rule.disabled !== true && r.template !== undefined);
  const repos = new Map<string | undefined, number[]>();
  images.forEach((image, i) => {
    if (image.storageClass === StorageClass.ARCHIVE) actions[i] = 'keep (archive)';
    else repos.set(image.repository, [...(repos.get(image.repository) ?? []), i]);
  });
  if (repos.has(undefined)) warnings.add('images without a repository were treated as one repository that every rule applies to');
  const tagSelected = (rule: HarborRetentionRule, tags: readonly string[]) => {
    const untagged = rule.untaggedArtifacts ?? true;
    if (rule.tagMatching !== undefined) return tags.length === 0 ? untagged : tags.some((t) => harborDoublestarMatch(rule.tagMatching!, t));
    return tags.length === 0 ? !untagged : tags.some((t) => !harborDoublestarMatch(rule.tagExcluding ?? '', t));
  };
  for (const [repo, members] of repos) {
    const applicable = rules.filter(
      (r) => repo === undefined || (repo.length > 0 && (r.rule.repoMatching !== undefined ? harborDoublestarMatch(r.rule.repoMatching, repo) : !harborDoublestarMatch(r.rule.repoExcluding ?? '', repo))),
    );
    if (applicable.length === 0) {
      for (const i of members) actions[i] = 'keep (no job)';
      continue;
    }
    const by = new Map<number, number>();
    for (const r of applicable) {
      const selected = members.filter((i) => tagSelected(r.rule, images[i].tags));
      const pushed = (i: number) => Math.floor(images[i].pushedAt / 1000);
      const pulled = (i: number) => (images[i].lastPulledAt === undefined ? HARBOR_NEVER_PULLED_SECONDS : Math.floor(images[i].lastPulledAt! / 1000));
      let retained: number[];
      if (r.template === 'always') retained = selected;
      else if (r.template === 'nDaysSinceLastPush') retained = selected.filter((i) => pushed(i) >= nowSec - r.param * 86400);
      else if (r.template === 'nDaysSinceLastPull') retained = selected.filter((i) => pulled(i) >= nowSec - r.param * 86400);
      else {
        const time = r.template === 'latestPushedK' ? pushed : pulled;
        const sorted = [...selected].sort((a, b) => time(b) - time(a) || (images[a].digest < images[b].digest ? -1 : images[a].digest > images[b].digest ? 1 : 0));
        const k = Math.min(r.param, sorted.length);
        // Untagged artifacts the rule selects count among its K (a trap the simulator names).
        if (sorted.slice(0, k).some((i) => images[i].tags.length === 0)) {
          warnings.add(`rules[${r.index}] ${r.template}: untagged artifacts are selected (untagged_artifacts true), so they take places among the ${r.param} it retains; set untagged_artifacts = false to count tagged artifacts only`);
        }
        if (k > 0 && k < sorted.length && time(sorted[k - 1]) === time(sorted[k])) {
          warnings.add(`rules[${r.index}] ${r.template}: artifacts tie on the same second at the cut; Harbor's unstable sort may keep a different one (ties broken here by digest)`);
        }
        retained = sorted.slice(0, k);
      }
      for (const i of retained) if (!by.has(i)) by.set(i, r.index);
    }
    for (const i of members) actions[i] = by.has(i) ? `keep by rules[${by.get(i)}]` : 'expire';
  }
  for (const r of rules) {
    if (r.template === 'always' && r.rule.tagMatching !== undefined && r.rule.untaggedArtifacts === undefined) {
      warnings.add(`rules[${r.index}] always: untagged_artifacts is left at the provider's default (true), so this rule retains every untagged artifact of the repositories it selects; set untagged_artifacts = false to let them go`);
    }
  }
  return { actions, warnings: [...warnings] };
}

const TAGS = ['v1', 'v1.2', 'v2', 'latest', 'dev-1', 'pr-7', 'a', 'b-1'];
const PATTERNS = ['**', '*', 'v*', 'v1*', '{latest,v2}', '{v*,dev-*}', '*-1', 'v?', 'a', '', 'b-[0-9]', 'v{1,2}*', '*.*'];
const REPOS = ['app', 'team/web', 'team/web/edge', 'tmp', 'legacy', ''];
const REPO_PATTERNS = ['**', 'team/**', '*', '{app,tmp}', 'team/*', '**/edge', 'legacy'];

const rule: fc.Arbitrary<HarborRetentionRule> = fc
  .record({
    cond: fc.constantFrom('alwaysRetain', 'mostRecentlyPushed', 'mostRecentlyPulled', 'nDaysSinceLastPush', 'nDaysSinceLastPull'),
    n: fc.integer({ min: 1, max: 6 }),
    tag: fc.constantFrom(...PATTERNS),
    excluding: fc.boolean(),
    repo: fc.constantFrom(...REPO_PATTERNS),
    repoExcluding: fc.boolean(),
    untagged: fc.option(fc.boolean(), { nil: undefined }),
    disabled: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((x) => ({
    ...(x.cond === 'alwaysRetain' ? { alwaysRetain: true } : { [x.cond]: x.n }),
    ...(x.excluding ? { tagExcluding: x.tag } : { tagMatching: x.tag }),
    ...(x.repoExcluding ? { repoExcluding: x.repo } : { repoMatching: x.repo }),
    ...(x.untagged !== undefined ? { untaggedArtifacts: x.untagged } : {}),
    ...(x.disabled !== undefined ? { disabled: x.disabled } : {}),
  }));

/** Coarse times (many ties within a second), duplicate digests, archived records, images without a repository. */
const images: fc.Arbitrary<ImageRecord[]> = fc.array(
  fc.record({
    digest: fc.constantFrom('sha256:01', 'sha256:02', 'sha256:03', 'sha256:04', 'sha256:05', 'sha256:06'),
    repository: fc.option(fc.constantFrom(...REPOS), { nil: undefined, freq: 8 }),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
    pushedAgo: fc.integer({ min: 0, max: 12 }).map((h) => h * 3_600_000 * 24 + (h % 3) * 400),
    pulledAgo: fc.option(fc.integer({ min: 0, max: 12 }).map((h) => h * 3_600_000 * 24), { nil: undefined }),
    archived: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
  }),
  { maxLength: 40 },
).map((list) =>
  list.map((x) => ({
    digest: x.digest,
    tags: x.tags,
    pushedAt: NOW - x.pushedAgo,
    ...(x.repository !== undefined ? { repository: x.repository } : {}),
    ...(x.pulledAgo !== undefined ? { lastPulledAt: NOW - x.pulledAgo } : {}),
    ...(x.archived ? { storageClass: StorageClass.ARCHIVE } : {}),
  })),
);

describe('simulateHarborRetention equals the plain per-rule evaluation', () => {
  test('same action and retaining rule for every image, same warnings', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 6 }), images, (rules, imgs) => {
        const policy: HarborRetentionPolicy = { rules };
        const result = simulateHarborRetention(policy, imgs, NOW);
        const actions = result.decisions.map((d, i) =>
          d.action === ImageAction.EXPIRE ? 'expire' : imgs[i].storageClass === StorageClass.ARCHIVE ? 'keep (archive)' : d.rule === undefined ? 'keep (no job)' : `keep by ${d.rule.split(' ')[0]}`,
        );
        expect({ actions, warnings: result.warnings }).toEqual(reference(policy, imgs));
      }),
      { numRuns: 3000 },
    );
  });
});
