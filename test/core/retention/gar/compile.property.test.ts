import fc from 'fast-check';
import { assertAllowanceApproximated } from '../allowance';
import { ValidationError } from '../../../../lib/core/errors';
import { compileToGar, simulateGarCleanupPolicies } from '../../../../lib/core/retention/gar';
import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

// Names and tags that are prefixes of each other, so a prefix standing in for a whole name would show.
const PACKAGES = ['api', 'api2', 'team/web', 'team/worker', 'teamx'];
const TAGS = ['v1', 'v10', 'v2', 'dev-1', 'dev-2', 'latest', 'latest-rc', 'pr-1', 'x'];
const PREFIX_PATTERNS = ['v*', 'v1*', 'dev-*', 'latest*', 'pr-*', 'x*', '*', 'v**'];
const SCOPES = ['api*', 'team/*', 'team*', 'team/w*', '*'];
// Everything a neutral pattern may be, including what GAR cannot say.
const ANY_PATTERNS = [...PREFIX_PATTERNS, 'v1', 'latest', 'x', '*-1', 'dev*1', '*1*'];
const ANY_SCOPES = [...SCOPES, 'api', 'team/web', '*/web', 't*m/*'];

/** Ages around whole days (exactly on, just before and just after the boundary) and in between. */
const ageMs = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-1, 0, 1, DAY_MS / 2)).map(([d, off]) => Math.max(0, d * DAY_MS + off));

const images = fc
  .array(fc.record({ repository: fc.constantFrom(...PACKAGES), tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }), age: ageMs }), { maxLength: 40 })
  .map((list): ImageRecord[] => list.map((x, i) => ({ digest: `sha256:${i.toString(16).padStart(4, '0')}`, repository: x.repository, tags: x.tags, pushedAt: NOW - x.age })));

const patterns = (from: string[]) => fc.uniqueArray(fc.constantFrom(...from), { minLength: 1, maxLength: 3 });
const days = fc.integer({ min: 1, max: 35 });

/** Rules GAR expresses exactly: protect / expireTagged with prefix patterns, expireUntagged. */
const exactRule = fc.oneof(
  patterns(PREFIX_PATTERNS).map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc.tuple(patterns(PREFIX_PATTERNS), days).map(([tagPatterns, d]) => RetentionRule.expireTagged({ tagPatterns, days: d })),
);

/** Every neutral intent, with any pattern. */
const anyRule = fc.oneof(
  patterns(ANY_PATTERNS).map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
  fc.tuple(patterns(ANY_PATTERNS), fc.integer({ min: 1, max: 5 })).map(([tagPatterns, count]) => RetentionRule.keepMostRecent({ tagPatterns, count })),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc.tuple(patterns(ANY_PATTERNS), days).map(([tagPatterns, d]) => RetentionRule.expireTagged({ tagPatterns, days: d })),
  fc
    .tuple(fc.option(patterns(ANY_PATTERNS), { nil: undefined }), days, fc.constantFrom(StaleImageAction.EXPIRE, StaleImageAction.ARCHIVE))
    .map(([tagPatterns, d, action]) => RetentionRule.expireNotPulled({ tagPatterns, days: d, action })),
);

const policyOf = (rule: fc.Arbitrary<RetentionRule>, scopes: string[]) =>
  fc
    .tuple(fc.array(rule, { minLength: 1, maxLength: 6 }), fc.option(fc.uniqueArray(fc.constantFrom(...scopes), { minLength: 1, maxLength: 2 }), { nil: undefined }))
    .map(([rules, repositories]) => RetentionPolicy.of({ rules, repositories }));

/** The digests a simulation removes (expired or archived), sorted. */
function removed(decisions: readonly { digest: string; action: ImageAction }[]): string[] {
  return decisions
    .filter((d) => d.action !== ImageAction.KEEP)
    .map((d) => d.digest)
    .sort();
}

function garRemoved(policy: RetentionPolicy, imgs: ImageRecord[], allowApproximations = false): string[] {
  const { policies } = compileToGar(policy, { allowApproximations });
  return removed(simulateGarCleanupPolicies(policies, imgs, NOW).decisions);
}

describe('compileToGar agrees with the neutral meaning', () => {
  test('exact intents: the same images are deleted', () => {
    fc.assert(
      fc.property(policyOf(exactRule, SCOPES), images, (policy, imgs) => {
        expect(garRemoved(policy, imgs)).toEqual(removed(simulateRetentionPolicy(policy, imgs, NOW).decisions));
      }),
      { numRuns: 3000 },
    );
  });

  test('any intent: compiles exactly or is refused with an error naming GAR', () => {
    let compiled = 0;
    fc.assert(
      fc.property(policyOf(anyRule, ANY_SCOPES), images, (policy, imgs) => {
        let gar: string[];
        try {
          gar = garRemoved(policy, imgs);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          // One prefix style for every dialect: <path>: <property> cannot be expressed on <registry>: <why> (got <value>); nearest: <alternative>
          for (const line of (e as Error).message.split('\n')) expect(line).toMatch(/^RetentionPolicy: (rules|repositories)\S* cannot be expressed on GAR: .+ \(got .+\); nearest: /);
          return;
        }
        compiled++;
        expect(gar).toEqual(removed(simulateRetentionPolicy(policy, imgs, NOW).decisions));
      }),
      { numRuns: 3000 },
    );
    // The property must not pass by refusing everything.
    expect(compiled).toBeGreaterThan(100);
  });

  test('expireNotPulled approximated: on GAR listings (no pull time) it is exactly "older than D days since upload"', () => {
    const rule = fc.oneof(
      exactRule,
      fc.tuple(fc.option(patterns(PREFIX_PATTERNS), { nil: undefined }), days).map(([tagPatterns, d]) => RetentionRule.expireNotPulled({ tagPatterns, days: d, action: StaleImageAction.EXPIRE })),
    );
    fc.assert(
      fc.property(policyOf(rule, SCOPES), images, (policy, imgs) => {
        expect(garRemoved(policy, imgs, true)).toEqual(removed(simulateRetentionPolicy(policy, imgs, NOW).decisions));
      }),
      { numRuns: 1000 },
    );
  });

  test('a wildcard-free protect pattern, approximated by its prefix, only ever keeps more', () => {
    const rule = fc.oneof(
      exactRule,
      patterns(['v1', 'latest', 'x', 'v*', 'dev-*']).map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
    );
    fc.assert(
      fc.property(policyOf(rule, SCOPES), images, (policy, imgs) => {
        const neutral = new Set(removed(simulateRetentionPolicy(policy, imgs, NOW).decisions));
        for (const d of garRemoved(policy, imgs, true)) expect(neutral.has(d)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('protect with an archive allowance on GAR (no archive storage)', () => {
  test('refused without the opt-in; with it, exactly the plain protect policy (kept, never archived), with a warning', () => {
    fc.assert(
      fc.property(policyOf(exactRule, SCOPES), days, (policy, d) => assertAllowanceApproximated(compileToGar, policy, d)),
      { numRuns: 300 },
    );
  });
});
