import * as fc from 'fast-check';
import { ecrRuleWitness, findDeadEcrLifecycleRules, findDeadRetentionRules, neutralRuleWitness } from '../../../lib/core/retention/dead-rules';
import { buildEcrLifecyclePolicy, EcrCountType, EcrLifecyclePolicyDocument, EcrLifecycleRule, EcrRuleAction, EcrStorageClass, EcrTagStatus } from '../../../lib/core/retention/ecr/grammar';
import { simulateEcrLifecyclePolicy } from '../../../lib/core/retention/ecr/simulate';
import { DAY_MS, ImageRecord, StorageClass } from '../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../lib/core/retention/simulate';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = DAY_MS / 24;
const TAGS = ['a1', 'a2', 'b1', 'v1', 'v10', 'v1-rc', 'main', 'ab', 'x'];
const PATTERNS = ['a*', 'b*', 'v*', '*1', '*', 'a1', 'main', '*a*', 'v1*', '*-rc', 'v*1'];

/** Listings of registries: every image pulled no earlier than it was pushed. */
const imagesArb = fc
  .array(
    fc.record({
      repository: fc.option(fc.constantFrom('team/api', 'ops'), { nil: undefined }),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      pushedHoursAgo: fc.integer({ min: 0, max: 60 * 24 }),
      pulledFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
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
        ...(r.pulledFraction !== undefined ? { lastPulledAt: NOW - Math.floor(r.pushedHoursAgo * r.pulledFraction) * HOUR } : {}),
        ...(r.archived ? { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 100 * DAY_MS } : {}),
      }),
    ),
  );

const patterns = fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 });
const days = fc.constantFrom(1, 3, 7, 14, 30);
const ruleArb = fc.oneof(
  fc.record({ tagPatterns: patterns, archiveWhenNotPulledForDays: fc.option(days, { nil: undefined, freq: 2 }) }).map((o) => RetentionRule.protect(o)),
  fc.record({ count: fc.integer({ min: 1, max: 4 }), tagPatterns: patterns }).map((o) => RetentionRule.keepMostRecent(o)),
  fc.record({ days, tagPatterns: patterns }).map((o) => RetentionRule.expireTagged(o)),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc
    .record({ days, tagPatterns: fc.option(patterns, { nil: undefined }), action: fc.constantFrom(StaleImageAction.ARCHIVE, StaleImageAction.EXPIRE) })
    .map((o) => RetentionRule.expireNotPulled(o)),
);
const policyArb = fc.array(ruleArb, { minLength: 1, maxLength: 6 }).map((rules) => RetentionPolicy.of({ rules }));

describe('neutral policies', () => {
  test('a rule reported dead is named for no image by the simulator', () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (policy, images) => {
        const dead = new Set(findDeadRetentionRules(policy).map((d) => d.rule));
        for (const decision of simulateRetentionPolicy(policy, images, NOW).decisions) {
          if (decision.rule !== undefined) expect(dead.has(decision.rule)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a rule not reported decides an image of its witness listing', () => {
    fc.assert(
      fc.property(policyArb, (policy) => {
        const dead = new Set(findDeadRetentionRules(policy).map((d) => d.index));
        policy.rules.forEach((_, i) => {
          const witness = neutralRuleWitness(policy, i);
          expect(witness === undefined).toBe(dead.has(i));
          if (!witness) return;
          const named = simulateRetentionPolicy(policy, witness.images, witness.now).decisions.map((d) => d.rule);
          expect(named).toContain(`rules[${i}]`);
        });
      }),
      { numRuns: 400 },
    );
  });

  test('dead rules exist in the generated policies (the properties above are not vacuous)', () => {
    const samples = fc.sample(policyArb, { numRuns: 300, seed: 7 });
    expect(samples.filter((p) => findDeadRetentionRules(p).length > 0).length).toBeGreaterThan(30);
  });
});

const ecrPatterns = fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 });
const ecrRuleArb: fc.Arbitrary<EcrLifecycleRule> = fc.oneof(
  fc.record({ tagPatternList: ecrPatterns, countNumber: fc.integer({ min: 1, max: 3 }) }).map((o) => ({ tagStatus: EcrTagStatus.TAGGED, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, ...o })),
  fc.record({ tagPrefixList: fc.uniqueArray(fc.constantFrom('v', 'v1', 'a', 'main'), { minLength: 1, maxLength: 2 }), countNumber: days }).map((o) => ({
    tagStatus: EcrTagStatus.TAGGED,
    countType: EcrCountType.SINCE_IMAGE_PUSHED,
    ...o,
  })),
  fc.record({ tagPatternList: ecrPatterns, countNumber: days }).map((o) => ({ tagStatus: EcrTagStatus.TAGGED, countType: EcrCountType.SINCE_IMAGE_PULLED, action: EcrRuleAction.TRANSITION, ...o })),
  days.map((d) => ({ tagStatus: EcrTagStatus.UNTAGGED, countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: d })),
  fc.integer({ min: 1, max: 3 }).map((n) => ({ tagStatus: EcrTagStatus.ANY, countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: n })),
  days.map((d) => ({ tagStatus: EcrTagStatus.ANY, storageClass: EcrStorageClass.ARCHIVE, countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: d })),
);
/** Valid ECR policies only: combinations ECR refuses (two untagged rules, repeated tag sets) are dropped. */
const ecrDocArb = fc.array(ecrRuleArb, { minLength: 1, maxLength: 6 }).chain((rules) => {
  let doc: EcrLifecyclePolicyDocument | undefined;
  try {
    doc = buildEcrLifecyclePolicy(rules, 'test');
  } catch {
    doc = undefined;
  }
  return fc.constant(doc);
});

describe('native ECR policies', () => {
  test('a rule reported dead is named for no image by the ECR simulator', () => {
    fc.assert(
      fc.property(ecrDocArb, imagesArb, (doc, images) => {
        if (!doc) return;
        const dead = new Set(findDeadEcrLifecycleRules(doc).map((d) => d.rule));
        for (const decision of simulateEcrLifecyclePolicy(doc, images, NOW).decisions) {
          if (decision.rule !== undefined) expect(dead.has(decision.rule)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a rule not reported claims the image of its witness listing', () => {
    fc.assert(
      fc.property(ecrDocArb, (doc) => {
        if (!doc) return;
        const dead = new Set(findDeadEcrLifecycleRules(doc).map((d) => d.index));
        doc.rules.forEach((rule, i) => {
          const witness = ecrRuleWitness(doc, i);
          expect(witness === undefined).toBe(dead.has(i));
          if (!witness) return;
          const named = simulateEcrLifecyclePolicy(doc, witness.images, witness.now).decisions.map((d) => d.rule);
          expect(named).toContain(`rulePriority ${rule.rulePriority}`);
        });
      }),
      { numRuns: 400 },
    );
  });

  test('dead rules exist in the generated policies (the properties above are not vacuous)', () => {
    const samples = fc.sample(ecrDocArb, { numRuns: 300, seed: 7 }).filter((d): d is EcrLifecyclePolicyDocument => d !== undefined);
    expect(samples.length).toBeGreaterThan(50);
    expect(samples.filter((d) => findDeadEcrLifecycleRules(d).length > 0).length).toBeGreaterThan(20);
  });
});
