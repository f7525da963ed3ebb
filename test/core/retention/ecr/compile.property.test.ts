import * as fc from 'fast-check';
import { ValidationError } from '../../../../lib/core/errors';
import { buildEcrLifecyclePolicy, compileToEcr, simulateEcrLifecyclePolicy } from '../../../../lib/core/retention/ecr';
import { DAY_MS, ImageAction, ImageRecord, SimulationResult, StorageClass } from '../../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction } from '../../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = DAY_MS / 24;

// A small alphabet so that patterns overlap and images carry tags matched by several rules.
const TAGS = ['a1', 'a2', 'b1', 'b2', 'v1', 'v10', 'v2', 'main', 'latest', 'ab'];
const PATTERNS = ['a*', 'b*', 'v*', '*1', '*', 'a1', 'main', 'v1*', '*a*', 'latest', '*b'];
const DAYS = [1, 3, 7, 14, 30, 60];

const imagesArb: fc.Arbitrary<ImageRecord[]> = fc
  .array(
    fc.record({
      repository: fc.constantFrom('team/api', 'team/web', 'ops'),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      // Whole hours over 90 days: distinct-ish push times with occasional ties.
      pushedHoursAgo: fc.integer({ min: 0, max: 90 * 24 }),
      pulledFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      archived: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    }),
    { maxLength: 40 },
  )
  .map((raw) =>
    raw.map((r, i) => {
      const pushedAt = NOW - r.pushedHoursAgo * HOUR;
      const image: ImageRecord = {
        digest: `sha256:${(i % 13).toString(16).padStart(2, '0')}${i}`,
        repository: r.repository,
        tags: r.tags,
        pushedAt,
        // A pull never precedes its push.
        ...(r.pulledFraction !== undefined ? { lastPulledAt: Math.round(pushedAt + (NOW - pushedAt) * r.pulledFraction) } : {}),
        ...(r.archived ? { storageClass: StorageClass.ARCHIVE, archivedAt: pushedAt + HOUR } : {}),
      };
      return image;
    }),
  );

const patterns = (max: number) => fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: max });
const days = fc.constantFrom(...DAYS);

/** A neutral rule; `wide` also generates the intents ECR cannot express exactly. */
const ruleArb = (wide: boolean): fc.Arbitrary<RetentionRule> =>
  fc.oneof(
    // "Never delete releases, but archive those nobody pulled for N days": exact on ECR.
    fc.record({ tagPatterns: patterns(2), archiveWhenNotPulledForDays: fc.option(days, { nil: undefined, freq: 2 }) }).map((o) => RetentionRule.protect(o)),
    fc.record({ count: fc.integer({ min: 1, max: 4 }), tagPatterns: patterns(wide ? 2 : 1) }).map((o) => RetentionRule.keepMostRecent(o)),
    fc.record({ days, tagPatterns: patterns(2) }).map((o) => RetentionRule.expireTagged(o)),
    days.map((d) => RetentionRule.expireUntagged({ days: d })),
    fc
      .record({
        days,
        tagPatterns: fc.option(patterns(2), { nil: undefined }),
        action: wide ? fc.constantFrom(StaleImageAction.ARCHIVE, StaleImageAction.ARCHIVE, StaleImageAction.EXPIRE) : fc.constant(StaleImageAction.ARCHIVE),
      })
      .map((o) => RetentionRule.expireNotPulled(o)),
  );

const policyArb = (wide: boolean) => fc.array(ruleArb(wide), { minLength: 1, maxLength: 6 }).map((rules) => RetentionPolicy.of({ rules }));

function outcome(result: SimulationResult, images: readonly ImageRecord[]): { expired: string[]; archived: string[] } {
  const pick = (a: ImageAction) =>
    result.decisions
      .map((d, i) => (d.action === a ? `${images[i].repository}|${d.digest}` : ''))
      .filter((x) => x)
      .sort();
  return { expired: pick(ImageAction.EXPIRE), archived: pick(ImageAction.ARCHIVE) };
}

/**
 * The combinations ECR cannot express exactly, stated independently of the compiler: several keepMostRecent
 * rules, a multi-pattern keepMostRecent, expireNotPulled with EXPIRE, or an archive rule with fewer days than
 * an expire rule that can select the same image.
 */
function unsupported(policy: RetentionPolicy): boolean {
  const keeps = policy.rulesOf(RetentionRuleKind.KEEP_MOST_RECENT);
  if (keeps.length > 1 || keeps.some((k) => k.tagPatterns!.length > 1)) return true;
  const notPulled = policy.rulesOf(RetentionRuleKind.EXPIRE_NOT_PULLED);
  if (notPulled.some((r) => r.action === StaleImageAction.EXPIRE)) return true;
  const expireTagged = policy.rulesOf(RetentionRuleKind.EXPIRE_TAGGED);
  const expireUntagged = policy.rulesOf(RetentionRuleKind.EXPIRE_UNTAGGED);
  return notPulled.some((a) => expireTagged.some((e) => a.days! < e.days!) || (a.tagPatterns === undefined && expireUntagged.some((e) => a.days! < e.days!)));
}

describe('compileToEcr is exact: neutral simulation = ECR simulation of the compiled policy', () => {
  test('on policies within ECR-supported intents', () => {
    let compared = 0;
    fc.assert(
      fc.property(policyArb(false), imagesArb, (policy, images) => {
        let rules;
        try {
          rules = compileToEcr(policy).rules;
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect(unsupported(policy)).toBe(true);
          return;
        }
        compared++;
        const neutral = outcome(simulateRetentionPolicy(policy, images, NOW), images);
        const ecr = outcome(simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(rules, 'test'), images, NOW), images);
        expect(ecr).toEqual(neutral);
      }),
      { numRuns: 2500 },
    );
    // Most generated policies must actually be compared, or the property proves little.
    expect(compared).toBeGreaterThan(1000);
  });

  test('compileToEcr throws exactly for the unsupported combinations, naming ECR and the rule', () => {
    fc.assert(
      fc.property(policyArb(true), (policy) => {
        let error: unknown;
        try {
          compileToEcr(policy, {}, 'Stack/Repo');
        } catch (e) {
          error = e;
        }
        expect(error !== undefined).toBe(unsupported(policy));
        if (error) {
          expect(error).toBeInstanceOf(ValidationError);
          for (const line of (error as Error).message.split('\n')) {
            expect(line).toMatch(/^Stack\/Repo: rules\[\d+\]\S* cannot be expressed on ECR[ :].+ \(got .+\); nearest: /);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('with allowApproximations every such policy compiles, with a warning exactly when approximated', () => {
    fc.assert(
      fc.property(policyArb(true), imagesArb, (policy, images) => {
        const result = compileToEcr(policy, { allowApproximations: true });
        expect(result.warnings.length > 0).toBe(unsupported(policy));
        // Whatever is approximated, the compiled policy is valid ECR and simulates.
        simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(result.rules, 'test'), images, NOW);
      }),
      { numRuns: 500 },
    );
  });
});
