import fc from 'fast-check';
import { GarActionType, GarCleanupPolicy, GarTagState, simulateGarCleanupPolicies } from '../../../../lib/core/retention/gar';
import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const PACKAGES = ['api', 'api2', 'team/web', 'team/worker'];
const TAGS = ['v1', 'v10', 'v2', 'dev-1', 'latest', 'pr-1'];
const PREFIXES = ['v', 'v1', 'dev-', 'latest', 'pr-', 'x'];

const images = fc
  .array(
    fc.record({
      repository: fc.constantFrom(...PACKAGES),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      age: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(-1, 0, 1)).map(([d, o]) => Math.max(0, d * DAY_MS + o)),
      hex: fc.constantFrom('0', 'a', 'f'),
    }),
    { maxLength: 30 },
  )
  .map((list): ImageRecord[] => list.map((x, i) => ({ digest: `sha256:${x.hex}${i}`, repository: x.repository, tags: x.tags, pushedAt: NOW - x.age })));

const prefixes = (from: string[]) => fc.option(fc.uniqueArray(fc.constantFrom(...from), { minLength: 1, maxLength: 2 }), { nil: undefined });
const duration = fc.option(fc.integer({ min: 0, max: 40 }).map((d) => `${d}d`), { nil: undefined });

const condition = fc
  .record({
    tagged: fc.constantFrom(GarTagState.TAGGED, GarTagState.UNTAGGED, GarTagState.ANY, undefined),
    tagPrefixes: prefixes(PREFIXES),
    versionNamePrefixes: prefixes(['sha256:0', 'sha256:a']),
    packageNamePrefixes: prefixes(['api', 'team/', 'team/w']),
    olderThan: duration,
    newerThan: duration,
  })
  .map(({ tagged, tagPrefixes, ...rest }) => {
    const c: Record<string, unknown> = { ...rest };
    // tagPrefixes are only valid with TAGGED.
    if (tagPrefixes && tagged === GarTagState.TAGGED) c.tagPrefixes = tagPrefixes;
    if (tagged) c.tagState = tagged;
    for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
    return c;
  });

const policy = fc.oneof(
  fc.tuple(fc.constantFrom(GarActionType.DELETE, GarActionType.KEEP), condition).map(([type, c]) => ({ action: { type }, condition: c })),
  fc.tuple(fc.integer({ min: 1, max: 4 }), prefixes(['api', 'team/'])).map(([keepCount, p]) => ({
    action: { type: GarActionType.KEEP },
    mostRecentVersions: p ? { keepCount, packageNamePrefixes: p } : { keepCount },
  })),
);

const policies = fc.array(policy, { minLength: 1, maxLength: 10 }).map((list) => list.map((p, i) => ({ name: `p${i}`, ...p }) as GarCleanupPolicy));

function expired(ps: readonly GarCleanupPolicy[], imgs: ImageRecord[]): string[] {
  return simulateGarCleanupPolicies(ps, imgs, NOW)
    .decisions.filter((d) => d.action === ImageAction.EXPIRE)
    .map((d) => d.digest)
    .sort();
}

describe('simulateGarCleanupPolicies: invariants of Google\'s rules', () => {
  test('policy order does not matter', () => {
    fc.assert(
      fc.property(policies, images, (ps, imgs) => {
        expect(expired([...ps].reverse(), imgs)).toEqual(expired(ps, imgs));
      }),
      { numRuns: 1000 },
    );
  });

  test('Keep policies alone delete nothing', () => {
    fc.assert(
      fc.property(policies, images, (ps, imgs) => {
        expect(expired(ps.filter((p) => p.action.type === GarActionType.KEEP), imgs)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('deleted = matched by some Delete policy and by no Keep policy (each judged alone)', () => {
    const deleteAll: GarCleanupPolicy = { name: 'all', action: { type: GarActionType.DELETE }, condition: {} };
    fc.assert(
      fc.property(policies, images, (ps, imgs) => {
        const byDelete = new Set(ps.filter((p) => p.action.type === GarActionType.DELETE).flatMap((p) => expired([p], imgs)));
        // A Keep policy next to "delete everything" reveals exactly what it keeps.
        const keptByKeep = new Set(
          ps
            .filter((p) => p.action.type === GarActionType.KEEP)
            .flatMap((p) => {
              const gone = new Set(expired([p, deleteAll], imgs));
              return imgs.map((i) => i.digest).filter((d) => !gone.has(d));
            }),
        );
        const want = [...byDelete].filter((d) => !keptByKeep.has(d)).sort();
        expect(expired(ps, imgs)).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });
});
