import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';
import { RetentionPolicy } from '../../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';
import { GarActionType, GarTagState, compileToGar, garDialect, parseGarCleanupPolicies, simulateGarCleanupPolicies } from '../../../../lib/core/retention/gar';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function image(digest: string, ageDays: number, tags: string[] = [], repository = 'app'): ImageRecord {
  return { digest, tags, pushedAt: NOW - ageDays * DAY_MS, repository };
}

function expired(policies: unknown, images: ImageRecord[]): string[] {
  const result = simulateGarCleanupPolicies(parseGarCleanupPolicies(policies), images, NOW);
  return result.decisions.filter((d) => d.action === ImageAction.EXPIRE).map((d) => d.digest);
}

describe('simulateGarCleanupPolicies: Google documentation examples', () => {
  // cleanup-policy-overview, "Policy application order": delete > 100 days, keep version prefix 2.0.6, delete tag
  // "default". Image A is deleted, image B is kept (Keep beats both Deletes), image C is kept.
  test('the three-policy example: Keep beats Delete', () => {
    const policies = [
      { name: 'delete-older-than-100d', action: { type: 'Delete' }, condition: { olderThan: '100d' } },
      { name: 'keep-2.0.6', action: { type: 'Keep' }, condition: { versionNamePrefixes: ['2.0.6'] } },
      { name: 'delete-default', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['default'] } },
    ];
    // The example's "versions" are package versions; for Docker the version name is the digest, so we use
    // digests that start with the example's version strings.
    const images = [image('2.0.1', 120, ['default']), image('2.0.6', 150, ['default']), image('1.9.2', 20, ['patch'])];
    const result = simulateGarCleanupPolicies(parseGarCleanupPolicies(policies), images, NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP, ImageAction.KEEP]);
    expect(result.decisions[0].rule).toBe('policy delete-older-than-100d');
    expect(result.decisions[1].rule).toBe('policy keep-2.0.6');
    expect(result.decisions[1].reason).toContain('Keep beats Delete policy delete-older-than-100d');
    expect(result.decisions[2].reason).toBe('kept: no Delete policy matches');
  });

  test('"keep the 5 most recent" alone deletes nothing, and says why', () => {
    const images = Array.from({ length: 12 }, (_, i) => image(`sha256:${i}`, i * 10));
    const result = simulateGarCleanupPolicies(parseGarCleanupPolicies([{ name: 'keep-5', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 5 } }]), images, NOW);
    expect(result.decisions.every((d) => d.action === ImageAction.KEEP)).toBe(true);
    expect(result.warnings).toContain('no Delete policy: Keep policies only exempt versions from deletion, so nothing is deleted');
  });

  test('keep 5 most recent + delete older than 2 days keeps the 5 newest of each package', () => {
    const images = [...Array.from({ length: 8 }, (_, i) => image(`sha256:a${i}`, i + 1, [], 'api')), ...Array.from({ length: 3 }, (_, i) => image(`sha256:w${i}`, 30 + i, [], 'worker'))];
    const out = expired(
      [
        { name: 'keep-5', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 5 } },
        { name: 'delete-old', action: { type: 'Delete' }, condition: { olderThan: '2d' } },
      ],
      images,
    );
    expect(out).toEqual(['sha256:a5', 'sha256:a6', 'sha256:a7']);
  });
});

describe('simulateGarCleanupPolicies: condition semantics', () => {
  const images = [
    image('sha256:u-old', 40),
    image('sha256:u-new', 1),
    image('sha256:v1-old', 40, ['v1.0', 'latest']),
    image('sha256:dev-old', 40, ['dev-7']),
    image('sha256:dev-new', 1, ['dev-8']),
    image('sha256:other-pkg', 40, ['dev-1'], 'tools/cli'),
  ];

  test('tagState UNTAGGED matches only versions with no tag', () => {
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { tagState: 'untagged' } }], images)).toEqual(['sha256:u-old', 'sha256:u-new']);
  });

  test('tagState TAGGED with prefixes matches when any tag starts with any prefix; fields are ANDed', () => {
    const d = [{ name: 'd', action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: ['dev-', 'lat'], olderThan: '30d' } }];
    expect(expired(d, images)).toEqual(['sha256:v1-old', 'sha256:dev-old', 'sha256:other-pkg']);
  });

  test('tagState ANY (default) matches every version', () => {
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { olderThan: '30d' } }], images)).toHaveLength(4);
  });

  test('packageNamePrefixes match the package name', () => {
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { packageNamePrefixes: ['tools/'] } }], images)).toEqual(['sha256:other-pkg']);
  });

  test('newerThan selects the young versions; with olderThan it forms a window', () => {
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { newerThan: '2d' } }], images)).toEqual(['sha256:u-new', 'sha256:dev-new']);
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { olderThan: '1h', newerThan: '2d' } }], images)).toEqual(['sha256:u-new', 'sha256:dev-new']);
  });

  test('olderThan and newerThan are strict at the boundary', () => {
    const edge = [image('sha256:edge', 30)];
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { olderThan: '30d' } }], edge)).toEqual([]);
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { newerThan: '30d' } }], edge)).toEqual([]);
    expect(expired([{ name: 'd', action: { type: 'Delete' }, condition: { olderThan: '2591999s' } }], edge)).toEqual(['sha256:edge']);
  });

  test('mostRecentVersions counts per package, ties broken by digest, and only in packages matching its prefixes', () => {
    const tie = [image('sha256:b', 5, [], 'api'), image('sha256:a', 5, [], 'api'), image('sha256:c', 6, [], 'api'), image('sha256:z', 9, [], 'web')];
    const policies = [
      { name: 'keep-1-api', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 1, packageNamePrefixes: ['ap'] } },
      { name: 'delete-all', action: { type: 'Delete' }, condition: {} },
    ];
    expect(expired(policies, tie)).toEqual(['sha256:b', 'sha256:c', 'sha256:z']);
    const kept = simulateGarCleanupPolicies(parseGarCleanupPolicies(policies), tie, NOW).decisions[1];
    expect(kept.reason).toBe('kept by Keep policy keep-1-api: one of the 1 most recent versions of package "api"; Keep beats Delete policy delete-all');
  });

  test('warns that a bare "m" means minutes', () => {
    const result = simulateGarCleanupPolicies(parseGarCleanupPolicies([{ name: 'd', action: { type: 'Delete' }, condition: { olderThan: '6m' } }]), [], NOW);
    expect(result.warnings[0]).toContain('policy d: olderThan "6m" counts "m" as minutes');
  });

  test('decisions come back in input order with repository and rule', () => {
    const result = simulateGarCleanupPolicies(
      [{ name: 'd', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.UNTAGGED } }],
      images,
      NOW,
    );
    expect(result.decisions.map((d) => d.digest)).toEqual(images.map((i) => i.digest));
    expect(result.decisions[0]).toEqual({ digest: 'sha256:u-old', repository: 'app', action: ImageAction.EXPIRE, rule: 'policy d', reason: 'deleted by Delete policy d; no Keep policy matches' });
  });

  test('100,000 images against 10 policies', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => image(`sha256:${i.toString(16)}`, i % 200, i % 3 ? [`v${i % 50}`, `b-${i}`] : [], `pkg${i % 20}`));
    const policies = [
      ...Array.from({ length: 7 }, (_, i) => ({ name: `d${i}`, action: { type: 'Delete' }, condition: { tagState: 'tagged', tagPrefixes: [`v${i}`], olderThan: `${i + 1}d` } })),
      { name: 'k1', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 10 } },
      { name: 'k2', action: { type: 'Keep' }, condition: { tagState: 'tagged', tagPrefixes: ['v1'] } },
      { name: 'u', action: { type: 'Delete' }, condition: { tagState: 'untagged', olderThan: '7d' } },
    ];
    const result = garDialect.simulate(garDialect.parsePolicy(policies, 'p.json'), many, NOW);
    expect(result.decisions).toHaveLength(100_000);
  });
});

describe('the worked example of docs/retention.md', () => {
  test('neutral policy → GAR policy file → two deletions', () => {
    const neutral = RetentionPolicy.fromJson({
      rules: [
        { kind: 'protect', tagPatterns: ['v*', 'release-*'] },
        { kind: 'expireTagged', tagPatterns: ['pr-*', 'dev-*'], days: 14 },
        { kind: 'expireUntagged', days: 7 },
      ],
      repositories: ['team/*'],
    });
    const policyFile = JSON.parse(JSON.stringify(compileToGar(neutral).policies));
    const host = 'europe-west1-docker.pkg.dev/acme/apps';
    const listing = [
      { package: `${host}/team/api`, version: 'sha256:1111', tags: ['v1.4.0', 'pr-88'], createTime: '2026-09-01T08:00:00Z' },
      { package: `${host}/team/api`, version: 'sha256:2222', tags: ['pr-91'], createTime: '2026-10-30T09:30:00.125Z' },
      { package: `${host}/team/api`, version: 'sha256:3333', tags: ['dev-7'], createTime: '2026-11-20T10:00:00Z' },
      { package: `${host}/team/api`, version: 'sha256:4444', tags: [], createTime: '2026-11-01T00:00:00Z' },
      { package: `${host}/team/worker`, version: 'sha256:5555', tags: '', createTime: '2026-11-25T00:00:00Z' },
      { package: `${host}/tools/cli`, version: 'sha256:6666', tags: ['pr-3'], createTime: '2026-01-15T00:00:00Z' },
    ];
    const result = garDialect.simulate(garDialect.parsePolicy(policyFile, 'policy.json'), garDialect.parseImages(listing, 'images.json'), NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.KEEP, ImageAction.EXPIRE, ImageAction.KEEP, ImageAction.EXPIRE, ImageAction.KEEP, ImageAction.KEEP]);
    expect(result.decisions[0].reason).toBe('kept by Keep policy keep-protected-tags; Keep beats Delete policy delete-tagged-14d');
    const images = garDialect.parseImages(listing, 'images.json');
    expect(simulateRetentionPolicy(neutral, images, NOW).decisions.map((d) => d.action)).toEqual(result.decisions.map((d) => d.action));
  });
});
