import fc from 'fast-check';
import {
  compileToAcr,
  DAY_MS,
  ImageAction,
  ImageRecord,
  parseAcrPurgeArgs,
  RetentionPolicy,
  RetentionRule,
  simulateAcrPurge,
  StaleImageAction,
  ValidationError,
} from '../../../../lib';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';

/**
 * The proof of docs/retention.md (ACR): on the covered listings (at most one tag per image, tag and manifest
 * last-update = push, unlocked, no indexes, pushed before now) the tags removed and manifests deleted by
 * simulateAcrPurge(compileToAcr(policy)) are exactly what simulateRetentionPolicy(policy) expires.
 */

const NOW = Date.UTC(2026, 0, 1);
const REPOS = ['app', 'team/api'];
const FAMILIES = [
  { prefix: 'v', patterns: ['v*', 'v1*'] },
  { prefix: 'pr-', patterns: ['pr-*', 'pr-1*'] },
  { prefix: 'dev-', patterns: ['dev-*', 'dev-1*'] },
  { prefix: 'x.', patterns: ['x.*', 'x.1'] },
];

/** Ages that hit the day boundaries exactly (strict "more than"), or anything within 60 days. */
const age = fc.oneof(
  fc.integer({ min: 1, max: 60 * 24 }).map((h) => h * 3_600_000),
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom(-1, 0, 1)).map(([d, e]) => d * DAY_MS + e),
);

const images = fc
  .array(fc.record({ repo: fc.nat(REPOS.length - 1), family: fc.integer({ min: -1, max: FAMILIES.length - 1 }), age, tie: fc.boolean() }), { maxLength: 40 })
  .map((rows) =>
    rows.map((r, i): ImageRecord => ({
      digest: `sha256:${(i * 7919 % 1000).toString(16).padStart(4, '0')}${i}`,
      repository: REPOS[r.repo],
      tags: r.family < 0 ? [] : [`${FAMILIES[r.family].prefix}${i}`],
      // `tie` puts several images on the same push instant, to check the shared tie-break (digest ascending).
      pushedAt: NOW - (r.tie ? 5 * DAY_MS : r.age),
    })),
  );

const role = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('protect' as const), narrow: fc.boolean() }),
  fc.record({ kind: fc.constant('keep' as const), narrow: fc.boolean(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('expire' as const), narrow: fc.boolean(), days: fc.integer({ min: 1, max: 30 }) }),
);

/** Supported by construction: families are disjoint, so keepMostRecent never meets a protect or another keepMostRecent. */
const supportedPolicy = fc
  .record({
    roles: fc.array(role, { minLength: FAMILIES.length, maxLength: FAMILIES.length }),
    everything: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    untagged: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    repositories: fc.constantFrom<string[] | undefined>(undefined, ['team/*'], ['app'], ['app', 'team/*']),
  })
  .map(({ roles, everything, untagged, repositories }) => {
    const rules: RetentionRule[] = [];
    roles.forEach((r, i) => {
      const tagPatterns = [FAMILIES[i].patterns[r.kind !== 'none' && r.narrow ? 1 : 0]];
      if (r.kind === 'protect') rules.push(RetentionRule.protect({ tagPatterns }));
      if (r.kind === 'keep') rules.push(RetentionRule.keepMostRecent({ count: r.count, tagPatterns }));
      if (r.kind === 'expire') rules.push(RetentionRule.expireTagged({ tagPatterns, days: r.days }));
    });
    // expireTagged ['*'] overlaps every keepMostRecent and protect: the compiler shields them with a lookahead.
    if (everything !== undefined) rules.push(RetentionRule.expireTagged({ tagPatterns: ['*'], days: everything }));
    if (untagged !== undefined || rules.length === 0) rules.push(RetentionRule.expireUntagged({ days: untagged ?? 7 }));
    return RetentionPolicy.of({ rules, repositories });
  });

function assertAgrees(policy: RetentionPolicy, imgs: ImageRecord[], allowApproximations = false): void {
  const compiled = compileToAcr(policy, { allowApproximations });
  // What the CLI would read back from the rendered commands must be the same program.
  if (compiled.purgeCommands.length > 0) {
    const reparsed = parseAcrPurgeArgs(compiled.purgeCommands.map((c) => c.render()).join('\n'), 'rendered');
    expect(reparsed.commands.map((c) => c.render())).toEqual(compiled.purgeCommands.map((c) => c.render()));
  }
  const neutral = simulateRetentionPolicy(policy, imgs, NOW).decisions;
  const acr = simulateAcrPurge(compiled.purgePolicy, imgs, NOW).decisions;
  imgs.forEach((img, i) => {
    const n = neutral[i];
    const a = acr[i];
    const context = { image: img, neutral: n, acr: a, commands: compiled.purgeCommands.map((c) => c.render()) };
    if (n.action === ImageAction.EXPIRE) {
      expect({ ...context, ok: a.action === ImageAction.EXPIRE && [...(a.removedTags ?? [])].sort().join() === [...img.tags].sort().join() }).toMatchObject({ ok: true });
    } else {
      expect({ ...context, ok: a.action === ImageAction.KEEP && (a.removedTags ?? []).length === 0 }).toMatchObject({ ok: true });
    }
  });
}

describe('compileToAcr agrees with the neutral simulator on single-tag images', () => {
  test('every policy built from the supported intents compiles and agrees', () => {
    fc.assert(
      fc.property(supportedPolicy, images, (policy, imgs) => assertAgrees(policy, imgs)),
      { numRuns: 1500 },
    );
  });

  const anyPattern = fc.constantFrom('*', 'v*', 'v1*', 'pr-*', '*-7', 'dev-*', 'x.*', 'x.1', 'v10');
  const anyRule = fc.oneof(
    fc.array(anyPattern, { minLength: 1, maxLength: 2 }).map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
    fc.tuple(fc.array(anyPattern, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 4 })).map(([tagPatterns, count]) => RetentionRule.keepMostRecent({ tagPatterns, count })),
    fc.tuple(fc.array(anyPattern, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 30 })).map(([tagPatterns, days]) => RetentionRule.expireTagged({ tagPatterns, days })),
    fc.integer({ min: 1, max: 30 }).map((days) => RetentionRule.expireUntagged({ days })),
    fc.tuple(fc.option(fc.array(anyPattern, { minLength: 1, maxLength: 2 }), { nil: undefined }), fc.integer({ min: 1, max: 30 }), fc.constantFrom(StaleImageAction.EXPIRE, StaleImageAction.ARCHIVE)).map(([tagPatterns, days, action]) =>
      RetentionRule.expireNotPulled({ tagPatterns, days, action }),
    ),
  );

  test('any policy either agrees (approximations: never-pulled images) or is refused naming ACR, the rule and an alternative', () => {
    let agreed = 0;
    fc.assert(
      fc.property(fc.array(anyRule, { minLength: 1, maxLength: 4 }), fc.boolean(), images, (rules, allowApproximations, imgs) => {
        const policy = RetentionPolicy.of({ rules });
        let refused: ValidationError | undefined;
        try {
          compileToAcr(policy, { allowApproximations });
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          refused = e;
        }
        if (refused) {
          for (const line of refused.message.split('\n')) expect(line).toMatch(/^RetentionPolicy: rules\[\d\] cannot be expressed on ACR.*\(got ".+"\); nearest: /);
          return;
        }
        agreed++;
        assertAgrees(policy, imgs, allowApproximations);
      }),
      { numRuns: 1500 },
    );
    expect(agreed).toBeGreaterThan(300);
  });
});
