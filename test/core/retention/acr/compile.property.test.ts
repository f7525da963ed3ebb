import fc from 'fast-check';
import { assertAllowanceApproximated } from '../allowance';
import {
  compileToAcr,
  DAY_MS,
  ImageAction,
  ImageRecord,
  parseAcrPurgeArgs,
  RetentionPolicy,
  RetentionRule,
  RetentionRuleKind,
  simulateAcrPurge,
  StaleImageAction,
  ValidationError,
} from '../../../support/core';
import { anyTagPasses, tagMatcher } from '../../../../lib/core/retention/matcher';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';

/**
 * The proofs of docs/retention.md (ACR), on listings of unlocked, non-index images pushed before now whose tag and
 * manifest last-update times are their push time:
 * - native (compiles without allowApproximations): simulateAcrPurge(compileToAcr(policy)) deletes exactly the
 *   manifests simulateRetentionPolicy(policy) expires and removes all their tags and no other tag, on listings
 *   with any number of tags per image;
 * - opt-in (tag level): exact the same way on images with at most one tag; on images with several, each tag is
 *   removed exactly when the neutral policy would expire a single-tag image carrying only that tag, a manifest is
 *   deleted exactly when it loses all its tags (or, untagged, when the neutral policy expires it), so no removed
 *   tag ever matches a protect pattern, and with at most one tag per keepMostRecent rule on an image no manifest
 *   the neutral policy keeps is deleted.
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

/**
 * Listings of up to 40 images in two repositories. Each image has up to `maxTags` tags, each from a family (or none);
 * `distinct` draws one image's tags from different families. Digests have a fixed width, so that "digest#tag"
 * sorts like the digest it extends.
 */
function listing(maxTags: number, distinct = false): fc.Arbitrary<ImageRecord[]> {
  const families = distinct
    ? fc.uniqueArray(fc.nat(FAMILIES.length - 1), { maxLength: Math.min(maxTags, FAMILIES.length) })
    : fc.array(fc.nat(FAMILIES.length - 1), { maxLength: maxTags });
  return fc
    .array(fc.record({ repo: fc.nat(REPOS.length - 1), families, age, tie: fc.boolean() }), { maxLength: 40 })
    .map((rows) =>
      rows.map((r, i): ImageRecord => ({
        digest: `sha256:${((i * 7919) % 1000).toString(16).padStart(3, '0')}${String(i).padStart(3, '0')}`,
        repository: REPOS[r.repo],
        tags: r.families.map((f, j) => `${FAMILIES[f].prefix}${i}${j === 0 ? '' : `-${j}`}`),
        // `tie` puts several images on the same push instant, to check the shared tie-break (digest ascending).
        pushedAt: NOW - (r.tie ? 5 * DAY_MS : r.age),
      })),
    );
}

const role = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('protect' as const), narrow: fc.boolean() }),
  fc.record({ kind: fc.constant('keep' as const), narrow: fc.boolean(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('expire' as const), narrow: fc.boolean(), days: fc.integer({ min: 1, max: 30 }) }),
);

/** The opt-in (tag-level) intents, compilable by construction: families are disjoint, so keepMostRecent never meets a protect or another keepMostRecent. */
const tagLevelPolicy = fc
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

/** The native intents: any mix of protect and expireUntagged rules, optionally scoped to repositories. */
const nativePolicy = fc
  .record({
    protect: fc.array(fc.array(fc.constantFrom('*', 'v*', 'pr-1*', 'x.1', 'dev-*'), { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
    untagged: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 2 }),
    repositories: fc.constantFrom<string[] | undefined>(undefined, ['team/*'], ['app'], ['app', 'team/*'], ['a*']),
  })
  .filter(({ protect, untagged }) => protect.length + untagged.length > 0)
  .map(({ protect, untagged, repositories }) =>
    RetentionPolicy.of({
      rules: [...protect.map((tagPatterns) => RetentionRule.protect({ tagPatterns })), ...untagged.map((days) => RetentionRule.expireUntagged({ days }))],
      repositories,
    }),
  );

function compiled(policy: RetentionPolicy, allowApproximations: boolean) {
  const c = compileToAcr(policy, { allowApproximations });
  // What the CLI would read back from the rendered commands must be the same program.
  if (c.purgeCommands.length > 0) {
    const reparsed = parseAcrPurgeArgs(c.purgeCommands.map((x) => x.render()).join('\n'), 'rendered');
    expect(reparsed.commands.map((x) => x.render())).toEqual(c.purgeCommands.map((x) => x.render()));
  }
  return c;
}

/** Exact agreement: an image the neutral policy expires loses its manifest and all its tags; any other image loses nothing. */
function assertAgrees(policy: RetentionPolicy, imgs: ImageRecord[], allowApproximations = false): void {
  const c = compiled(policy, allowApproximations);
  const neutral = simulateRetentionPolicy(policy, imgs, NOW).decisions;
  const acr = simulateAcrPurge(c.purgePolicy, imgs, NOW).decisions;
  imgs.forEach((img, i) => {
    const n = neutral[i];
    const a = acr[i];
    const context = { image: img, neutral: n, acr: a, commands: c.purgeCommands.map((x) => x.render()), retention: c.untaggedRetentionDays };
    if (n.action === ImageAction.EXPIRE) {
      expect({ ...context, ok: a.action === ImageAction.EXPIRE && [...(a.removedTags ?? [])].sort().join() === [...img.tags].sort().join() }).toMatchObject({ ok: true });
    } else {
      expect({ ...context, ok: a.action === ImageAction.KEEP && (a.removedTags ?? []).length === 0 }).toMatchObject({ ok: true });
    }
  });
}

/**
 * The documented bound of the tag-level approximation, on any listing: tags are judged one by one as single-tag
 * images of their own, and a manifest goes with its last tag.
 */
function assertTagLevelBound(policy: RetentionPolicy, imgs: ImageRecord[]): void {
  const c = compiled(policy, true);
  const neutral = simulateRetentionPolicy(policy, imgs, NOW).decisions;
  const acr = simulateAcrPurge(c.purgePolicy, imgs, NOW).decisions;
  const split = imgs.flatMap((img) => (img.tags.length === 0 ? [img] : img.tags.map((t) => ({ ...img, digest: `${img.digest}#${t}`, tags: [t] }))));
  const perTag = new Map(simulateRetentionPolicy(policy, split, NOW).decisions.map((d) => [d.digest, d.action]));
  const protect = policy.rulesOf(RetentionRuleKind.PROTECT).flatMap((r) => [...(r.tagPatterns ?? [])]);
  const keepRules = policy.rulesOf(RetentionRuleKind.KEEP_MOST_RECENT);
  // --keep counts tags: one image with two tags of a keepMostRecent rule takes a place another image keeps on the neutral side.
  const onePerKeepRule = imgs.every((img) => keepRules.every((r) => img.tags.filter((t) => anyTagPasses(r.tagPatterns!.map(tagMatcher), [t])).length <= 1));
  imgs.forEach((img, i) => {
    const n = neutral[i];
    const a = acr[i];
    const removed = new Set(a.removedTags ?? []);
    const expected = img.tags.length === 0 ? [] : img.tags.filter((t) => perTag.get(`${img.digest}#${t}`) === ImageAction.EXPIRE);
    const allGone = img.tags.length === 0 ? n.action === ImageAction.EXPIRE : expected.length === img.tags.length;
    const context = { image: img, neutral: n, acr: a, expected, commands: c.purgeCommands.map((x) => x.render()), retention: c.untaggedRetentionDays };
    expect({ ...context, ok: [...removed].sort().join() === [...expected].sort().join() }).toMatchObject({ ok: true });
    expect({ ...context, ok: (a.action === ImageAction.EXPIRE) === allGone }).toMatchObject({ ok: true });
    expect({ ...context, ok: [...removed].every((t) => !anyTagPasses(protect.map(tagMatcher), [t])) }).toMatchObject({ ok: true });
    if (onePerKeepRule && a.action === ImageAction.EXPIRE) expect({ ...context, ok: n.action === ImageAction.EXPIRE }).toMatchObject({ ok: true });
    // An image the neutral policy expires loses at least one tag (or, untagged, its manifest).
    if (n.action === ImageAction.EXPIRE) expect({ ...context, ok: removed.size > 0 || a.action === ImageAction.EXPIRE }).toMatchObject({ ok: true });
  });
}

describe('native on ACR: exact on listings with any number of tags per image', () => {
  test('protect, expireUntagged and repository scoping compile without the opt-in and agree on manifests and tags', () => {
    fc.assert(
      fc.property(nativePolicy, listing(4), (policy, imgs) => assertAgrees(policy, imgs)),
      { numRuns: 1000 },
    );
  });
});

describe('opt-in on ACR (tag level)', () => {
  test('refused without allowApproximations, naming ACR, the rule and the nearest alternative', () => {
    fc.assert(
      fc.property(tagLevelPolicy, (policy) => {
        const tagLevel = policy.rules.filter((r) => r.kind === RetentionRuleKind.KEEP_MOST_RECENT || r.kind === RetentionRuleKind.EXPIRE_TAGGED).length;
        if (tagLevel === 0) return;
        let refused: ValidationError | undefined;
        try {
          compileToAcr(policy);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          refused = e;
        }
        expect(refused?.violations.length).toBe(tagLevel);
        for (const line of refused!.message.split('\n')) expect(line).toMatch(/^RetentionPolicy: rules\[\d\] cannot be expressed on ACR: acr purge removes tags, not images.*\(got ".+"\); nearest: ECR, GAR and Harbor express it image level/);
      }),
      { numRuns: 300 },
    );
  });

  test('exact on images with at most one tag', () => {
    fc.assert(
      fc.property(tagLevelPolicy, listing(1), (policy, imgs) => assertAgrees(policy, imgs, true)),
      { numRuns: 1500 },
    );
  });

  test('on images with several tags (one family each): the documented bound, and no manifest the neutral policy keeps is deleted', () => {
    fc.assert(
      fc.property(tagLevelPolicy, listing(3, true), (policy, imgs) => assertTagLevelBound(policy, imgs)),
      { numRuns: 700 },
    );
  });

  test('on images with several tags of one family: the documented bound (keepMostRecent counts tags)', () => {
    fc.assert(
      fc.property(tagLevelPolicy, listing(3), (policy, imgs) => assertTagLevelBound(policy, imgs)),
      { numRuns: 700 },
    );
  });
});

describe('any policy', () => {
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

  test('is refused naming ACR, the rule and an alternative, or is native and exact on multi-tag images, or is opt-in and keeps its bound (approximations: never-pulled images)', () => {
    let native = 0;
    let optIn = 0;
    fc.assert(
      fc.property(fc.array(anyRule, { minLength: 1, maxLength: 4 }), fc.boolean(), listing(1), listing(3), (rules, allowApproximations, single, multi) => {
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
        let nativeToo = true;
        try {
          compileToAcr(policy);
        } catch {
          nativeToo = false;
        }
        if (nativeToo) {
          native++;
          assertAgrees(policy, multi);
        } else {
          optIn++;
          assertAgrees(policy, single, true);
          assertTagLevelBound(policy, multi);
        }
      }),
      { numRuns: 1000 },
    );
    expect(native).toBeGreaterThan(50);
    expect(optIn).toBeGreaterThan(200);
  });
});

describe('protect with an archive allowance on ACR (no archive storage)', () => {
  test('refused without the opt-in; with it, exactly the plain protect policy (kept, never archived), with a warning', () => {
    fc.assert(
      fc.property(nativePolicy, fc.integer({ min: 1, max: 400 }), (policy, d) => assertAllowanceApproximated(compileToAcr, policy, d)),
      { numRuns: 300 },
    );
  });
});
