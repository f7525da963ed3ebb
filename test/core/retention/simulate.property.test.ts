import * as fc from 'fast-check';
import { DAY_MS, ImageAction, ImageRecord, StorageClass } from '../../../lib/core/retention/image';
import { matchesWildcard } from '../../../lib/core/retention/patterns';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../lib/core/retention/simulate';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = DAY_MS / 24;
const TAGS = ['a1', 'a2', 'b1', 'v1', 'v10', 'main', 'ab'];
const PATTERNS = ['a*', 'b*', 'v*', '*1', '*', 'a1', 'main', '*a*', 'v1*'];

/**
 * The contract in policy.ts read literally, one image at a time, with no sorting tricks: the slow reference
 * the optimised simulator must match.
 */
function reference(policy: RetentionPolicy, images: readonly ImageRecord[]): ImageAction[] {
  const selects = (rule: RetentionRule, img: ImageRecord) => img.tags.some((t) => rule.tagPatterns!.some((p) => matchesWildcard(p, t)));
  const inScope = (img: ImageRecord) =>
    img.storageClass !== StorageClass.ARCHIVE && (!policy.repositories || img.repository === undefined || policy.repositories.some((p) => matchesWildcard(p, img.repository!)));
  const moreRecent = (a: ImageRecord, b: ImageRecord) => a.pushedAt > b.pushedAt || (a.pushedAt === b.pushedAt && a.digest < b.digest);
  return images.map((img) => {
    if (!inScope(img)) return ImageAction.KEEP;
    const pullAge = NOW - (img.lastPulledAt ?? img.pushedAt);
    const protecting = policy.rulesOf(RetentionRuleKind.PROTECT).filter((r) => selects(r, img));
    if (protecting.some((r) => r.days === undefined)) return ImageAction.KEEP;
    if (protecting.length > 0) return protecting.some((r) => pullAge > r.days! * DAY_MS) ? ImageAction.ARCHIVE : ImageAction.KEEP;
    const windows = policy.rulesOf(RetentionRuleKind.KEEP_MOST_RECENT).filter((r) => selects(r, img));
    const rankIn = (r: RetentionRule) => images.filter((o) => o !== img && inScope(o) && o.repository === img.repository && selects(r, o) && moreRecent(o, img)).length;
    if (windows.some((r) => rankIn(r) < r.count!)) return ImageAction.KEEP;
    if (windows.length > 0) return ImageAction.EXPIRE;
    const pushAge = NOW - img.pushedAt;
    if (policy.rulesOf(RetentionRuleKind.EXPIRE_TAGGED).some((r) => selects(r, img) && pushAge > r.days! * DAY_MS)) return ImageAction.EXPIRE;
    if (img.tags.length === 0 && policy.rulesOf(RetentionRuleKind.EXPIRE_UNTAGGED).some((r) => pushAge > r.days! * DAY_MS)) return ImageAction.EXPIRE;
    const stale = (action: StaleImageAction) =>
      policy.rulesOf(RetentionRuleKind.EXPIRE_NOT_PULLED).some((r) => r.action === action && (!r.tagPatterns || selects(r, img)) && pullAge > r.days! * DAY_MS);
    if (stale(StaleImageAction.EXPIRE)) return ImageAction.EXPIRE;
    if (stale(StaleImageAction.ARCHIVE)) return ImageAction.ARCHIVE;
    return ImageAction.KEEP;
  });
}

const imagesArb = fc
  .array(
    fc.record({
      repository: fc.option(fc.constantFrom('team/api', 'team/web', 'ops'), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      pushedHoursAgo: fc.integer({ min: 0, max: 60 * 24 }),
      pulledHoursAgo: fc.option(fc.integer({ min: 0, max: 60 * 24 }), { nil: undefined }),
      archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
    { maxLength: 30 },
  )
  .map((raw) =>
    raw.map(
      (r, i): ImageRecord => ({
        digest: `sha256:${(i * 7) % 11}-${i}`,
        tags: r.tags,
        pushedAt: NOW - r.pushedHoursAgo * HOUR,
        ...(r.repository ? { repository: r.repository } : {}),
        ...(r.pulledHoursAgo !== undefined ? { lastPulledAt: NOW - r.pulledHoursAgo * HOUR } : {}),
        ...(r.archived ? { storageClass: StorageClass.ARCHIVE } : {}),
      }),
    ),
  );

const patterns = fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 });
const days = fc.constantFrom(1, 3, 7, 14, 30);
const ruleArb = fc.oneof(
  fc
    .record({ tagPatterns: patterns, archiveWhenNotPulledForDays: fc.option(days, { nil: undefined, freq: 3 }) })
    .map((o) => RetentionRule.protect(o)),
  fc.record({ count: fc.integer({ min: 1, max: 4 }), tagPatterns: patterns }).map((o) => RetentionRule.keepMostRecent(o)),
  fc.record({ days, tagPatterns: patterns }).map((o) => RetentionRule.expireTagged(o)),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc
    .record({ days, tagPatterns: fc.option(patterns, { nil: undefined }), action: fc.constantFrom(StaleImageAction.ARCHIVE, StaleImageAction.EXPIRE) })
    .map((o) => RetentionRule.expireNotPulled(o)),
);
const policyArb = fc
  .record({ rules: fc.array(ruleArb, { minLength: 1, maxLength: 6 }), repositories: fc.option(fc.constantFrom(['team/*'], ['ops'], ['team/api', 'ops']), { nil: undefined }) })
  .map((o) => RetentionPolicy.of({ rules: o.rules, repositories: o.repositories ? [...o.repositories] : undefined }));

test('simulateRetentionPolicy matches a literal reading of the contract', () => {
  fc.assert(
    fc.property(policyArb, imagesArb, (policy, images) => {
      const fast = simulateRetentionPolicy(policy, images, NOW).decisions.map((d) => d.action);
      expect(fast).toEqual(reference(policy, images));
    }),
    { numRuns: 1500 },
  );
});
