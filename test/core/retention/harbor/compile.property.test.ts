import fc from 'fast-check';
import { assertAllowanceApproximated } from '../allowance';
import { withAllowance, withoutAllowance } from '../allowance';
import { ValidationError } from '../../../../lib/core/errors';
import { compileToHarbor, simulateHarborRetention, validateHarborRetentionPolicy } from '../../../../lib/core/retention/harbor';
import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';

// Harbor compares whole seconds (dep/client.go `.Unix()`), so times are generated on whole seconds; see the
// sub-second test in compile.test.ts for what happens in between.
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

// Repository names that are prefixes of each other and nest, so a pattern crossing "/" wrongly would show.
const REPOS = ['api', 'api2', 'team/web', 'team/worker', 'teamx', 'team/web/edge'];
const TAGS = ['v1', 'v10', 'v2', 'latest', 'latest-rc', 'dev-1', 'pr-1', 'x'];
const PATTERNS = ['v*', 'v1*', 'latest', 'latest*', 'dev-*', '*-1', '*1*', 'x', '*', '**'];
const WHOLE_SEGMENT_SCOPES = ['*', 'team/*', '*/web', 'api', 'team/web/*'];
const ANY_SCOPES = [...WHOLE_SEGMENT_SCOPES, 'api*', 'team*', 't*m/*', '*/w*'];

/** Whole-second ages around whole days (just before, on, just after) and in between. */
const ageMs = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-1000, 0, 1000, DAY_MS / 2)).map(([d, off]) => Math.max(0, d * DAY_MS + off));

/** Several repositories, overlapping tags, push times and pull times no earlier than the push (Harbor's usual case). */
const images = fc
  .array(
    fc.record({
      repository: fc.constantFrom(...REPOS),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      age: ageMs,
      pullAge: fc.option(ageMs, { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((list): ImageRecord[] =>
    list.map((x, i) => ({
      digest: `sha256:${(i * 7919 % 4096).toString(16).padStart(4, '0')}${i}`,
      repository: x.repository,
      tags: x.tags,
      pushedAt: NOW - x.age,
      ...(x.pullAge !== undefined ? { lastPulledAt: NOW - Math.min(x.pullAge, x.age) } : {}),
    })),
  );

const patterns = fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 });
const days = fc.integer({ min: 1, max: 35 });
const count = fc.integer({ min: 1, max: 6 });

/** Every neutral intent, any patterns, both actions. */
const anyRule = fc.oneof(
  patterns.map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
  fc.tuple(patterns, count).map(([tagPatterns, n]) => RetentionRule.keepMostRecent({ tagPatterns, count: n })),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc.tuple(patterns, days).map(([tagPatterns, d]) => RetentionRule.expireTagged({ tagPatterns, days: d })),
  fc
    .tuple(fc.option(patterns, { nil: undefined }), days, fc.constantFrom(StaleImageAction.EXPIRE, StaleImageAction.EXPIRE, StaleImageAction.ARCHIVE))
    .map(([tagPatterns, d, action]) => RetentionRule.expireNotPulled({ tagPatterns, days: d, action })),
);

/** The removed digests (expired or archived), sorted. */
function removed(decisions: readonly { digest: string; action: ImageAction }[]): string[] {
  return decisions
    .filter((d) => d.action !== ImageAction.KEEP)
    .map((d) => d.digest)
    .sort();
}

/** Compiles; true when compiled and both simulators agree, false when rejected; throws on disagreement. */
function agrees(policy: RetentionPolicy, imgs: ImageRecord[]): boolean {
  let compiled;
  try {
    compiled = compileToHarbor(policy);
  } catch (e) {
    if (e instanceof ValidationError) {
      for (const line of e.message.split('\n')) expect(line).toMatch(/^RetentionPolicy: rules\S* cannot be expressed on Harbor: .+ \(got .+\); nearest: /);
      return false;
    }
    throw e;
  }
  expect(validateHarborRetentionPolicy(compiled).items).toEqual([]);
  const harbor = simulateHarborRetention(compiled, imgs, NOW);
  expect(harbor.decisions.every((d) => d.action !== ImageAction.ARCHIVE)).toBe(true);
  expect(removed(harbor.decisions)).toEqual(removed(simulateRetentionPolicy(policy, imgs, NOW).decisions));
  return true;
}

describe('compileToHarbor is exact or refuses', () => {
  test('any neutral policy: either a ValidationError, or the same expired digests as the neutral simulator', () => {
    let compiledCount = 0;
    fc.assert(
      fc.property(
        fc.array(anyRule, { minLength: 1, maxLength: 5 }),
        fc.option(fc.uniqueArray(fc.constantFrom(...ANY_SCOPES), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        images,
        (rules, repositories, imgs) => {
          if (agrees(RetentionPolicy.of({ rules, repositories }), imgs)) compiledCount++;
        },
      ),
      { numRuns: 1500 },
    );
    // Guard against a property that passes because everything is rejected.
    expect(compiledCount).toBeGreaterThan(200);
  });

  /**
   * The supported fragment (docs/retention.md, Harbor mapping table): protect; keepMostRecent when one of them
   * counts every tag; expireTagged / expireNotPulled over every tag, or restricted ones a keepMostRecent over every
   * tag makes redundant; expireUntagged; unfiltered expireNotPulled (EXPIRE); "pushed within d" together with
   * "active within n" when d <= n; repository scopes with whole-segment wildcards.
   */
  const supported = fc
    .record({
      protect: fc.option(patterns, { nil: undefined }),
      keepers: fc.array(fc.tuple(patterns, count), { maxLength: 2 }),
      keepAll: count,
      expireAll: fc.option(days, { nil: undefined }),
      restricted: fc.array(fc.tuple(patterns, days, fc.boolean()), { maxLength: 2 }),
      untagged: fc.option(days, { nil: undefined }),
      stale: fc.option(fc.tuple(days, fc.boolean()), { nil: undefined }),
      repositories: fc.option(fc.uniqueArray(fc.constantFrom(...WHOLE_SEGMENT_SCOPES), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map((x) => {
      const rules: RetentionRule[] = [];
      if (x.protect) rules.push(RetentionRule.protect({ tagPatterns: x.protect }));
      const windows = x.keepers.length > 0;
      for (const [tagPatterns, n] of x.keepers) rules.push(RetentionRule.keepMostRecent({ tagPatterns, count: n }));
      if (windows) rules.push(RetentionRule.keepMostRecent({ tagPatterns: ['*'], count: x.keepAll }));
      if (x.expireAll !== undefined) rules.push(RetentionRule.expireTagged({ tagPatterns: ['*'], days: x.expireAll }));
      // Restricted removals only next to a window over every tag, which makes them redundant.
      if (windows) {
        for (const [tagPatterns, d, pulled] of x.restricted) {
          rules.push(pulled ? RetentionRule.expireNotPulled({ tagPatterns, days: d, action: StaleImageAction.EXPIRE }) : RetentionRule.expireTagged({ tagPatterns, days: d }));
        }
      }
      if (x.untagged !== undefined) rules.push(RetentionRule.expireUntagged({ days: x.untagged }));
      if (x.stale) {
        // "Pushed within d" AND "active within n" needs d <= n: stretch n to the largest push-based days.
        const n = Math.max(x.stale[0], windows ? 0 : (x.expireAll ?? 0), x.untagged ?? 0);
        rules.push(RetentionRule.expireNotPulled({ tagPatterns: x.stale[1] ? undefined : ['*'], days: n, action: StaleImageAction.EXPIRE }));
      }
      if (rules.length === 0) rules.push(RetentionRule.expireUntagged({ days: 1 }));
      return RetentionPolicy.of({ rules, repositories: x.repositories });
    });

  test('every policy of the supported fragment compiles and agrees with the neutral simulator', () => {
    fc.assert(
      fc.property(supported, images, (policy, imgs) => {
        expect(agrees(policy, imgs)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  test('with pulls older than the push (a tag pushed after the last pull), only those images can differ', () => {
    const anyPull = fc
      .array(fc.record({ repository: fc.constantFrom(...REPOS), tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }), age: ageMs, pullAge: fc.option(ageMs, { nil: undefined }) }), { maxLength: 30 })
      .map((list): ImageRecord[] =>
        list.map((x, i) => ({ digest: `sha256:${i}`, repository: x.repository, tags: x.tags, pushedAt: NOW - x.age, ...(x.pullAge !== undefined ? { lastPulledAt: NOW - x.pullAge } : {}) })),
      );
    fc.assert(
      fc.property(supported, anyPull, (policy, imgs) => {
        const harbor = simulateHarborRetention(compileToHarbor(policy), imgs, NOW).decisions;
        const neutral = simulateRetentionPolicy(policy, imgs, NOW).decisions;
        imgs.forEach((img, i) => {
          if (harbor[i].action !== neutral[i].action) {
            expect(img.lastPulledAt).toBeLessThan(img.pushedAt);
            // Harbor keeps it: the push counts as activity.
            expect(harbor[i].action).toBe(ImageAction.KEEP);
          }
        });
      }),
      { numRuns: 600 },
    );
  });
});

describe('protect with an archive allowance on Harbor (no archive storage)', () => {
  test('refused without the opt-in; with it, exactly the plain protect policy (kept, never archived), with a warning', () => {
    const compilable = (p: RetentionPolicy) => {
      try {
        compileToHarbor(p, { allowApproximations: true });
        return true;
      } catch {
        return false;
      }
    };
    let checked = 0;
    fc.assert(
      fc.property(fc.array(anyRule, { minLength: 1, maxLength: 4 }), days, (rules, d) => {
        const policy = RetentionPolicy.of({ rules });
        if (!compilable(policy) || !compilable(withoutAllowanceOf(policy, d))) return;
        checked++;
        assertAllowanceApproximated(compileToHarbor, policy, d);
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(50);
  });
});

/** The allowance policy with its allowances dropped again: what the approximation must compile to. */
function withoutAllowanceOf(policy: RetentionPolicy, d: number): RetentionPolicy {
  return withoutAllowance(withAllowance(policy, d));
}
