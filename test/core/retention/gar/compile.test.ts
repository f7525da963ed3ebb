import { GarActionType, GarTagState, compileToGar, parseGarCleanupPolicies, toGarCleanupPolicyBlocks } from '../../../../lib/core/retention/gar';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';
import { validationErrorOf as errorOf } from '../../../support/errors';

describe('compileToGar: exact intents', () => {
  test('protect, expireUntagged, expireTagged and repository scope', () => {
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*', 'release-*'] }),
        RetentionRule.protect({ tagPatterns: ['prod*'] }),
        RetentionRule.expireUntagged({ days: 7 }),
        RetentionRule.expireUntagged({ days: 14 }),
        RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 30 }),
        RetentionRule.expireTagged({ tagPatterns: ['dev-*', 'pr-*'], days: 30 }),
        RetentionRule.expireTagged({ tagPatterns: ['*'], days: 365 }),
      ],
      repositories: ['team/*', 'api*'],
    });
    const { policies, warnings } = compileToGar(policy);
    expect(warnings).toEqual([]);
    const scope = ['team/', 'api'];
    expect(policies).toEqual([
      { name: 'keep-protected-tags', action: { type: GarActionType.KEEP }, condition: { tagState: GarTagState.TAGGED, tagPrefixes: ['v', 'release-', 'prod'], packageNamePrefixes: scope } },
      { name: 'delete-untagged-7d', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.UNTAGGED, olderThan: '604800s', packageNamePrefixes: scope } },
      {
        name: 'delete-tagged-30d',
        action: { type: GarActionType.DELETE },
        condition: { tagState: GarTagState.TAGGED, tagPrefixes: ['pr-', 'dev-'], olderThan: '2592000s', packageNamePrefixes: scope },
      },
      { name: 'delete-tagged-365d', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.TAGGED, olderThan: '31536000s', packageNamePrefixes: scope } },
    ]);
    // What is emitted is a valid policy file and renders to provider blocks.
    expect(parseGarCleanupPolicies(JSON.parse(JSON.stringify(policies)))).toEqual(policies);
    expect(toGarCleanupPolicyBlocks(policies)[0]).toEqual({
      id: 'keep-protected-tags',
      action: 'KEEP',
      condition: { tagState: 'TAGGED', tagPrefixes: ['v', 'release-', 'prod'], packageNamePrefixes: scope },
    });
  });

  test('a "*" pattern or scope means "every tag" / "every package": the prefix list is left out', () => {
    const { policies } = compileToGar(RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*', '*'] })], repositories: ['*', 'x*'] }));
    expect(policies).toEqual([{ name: 'keep-protected-tags', action: { type: GarActionType.KEEP }, condition: { tagState: GarTagState.TAGGED } }]);
  });
});

describe('compileToGar: approximations (opt-in)', () => {
  test('keepMostRecent becomes Keep mostRecentVersions + Delete of the matching tags, with a warning', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['build-*'] }), RetentionRule.keepMostRecent({ count: 3, tagPatterns: ['*'] })] });
    const { policies, warnings } = compileToGar(policy, { allowApproximations: true });
    expect(policies).toEqual([
      { name: 'keep-10-most-recent', action: { type: GarActionType.KEEP }, mostRecentVersions: { keepCount: 10 } },
      { name: 'delete-beyond-most-recent', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.TAGGED } },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('rules[0] (keepMostRecent 10 [build-*]): approximated in GCP Artifact Registry (GAR) as Keep mostRecentVersions 10');
  });

  test('expireNotPulled EXPIRE becomes "older than D days since upload", with a warning', () => {
    const policy = RetentionPolicy.of({
      rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE }), RetentionRule.expireNotPulled({ days: 30, tagPatterns: ['dev-*'], action: StaleImageAction.EXPIRE })],
      repositories: ['svc/*'],
    });
    const { policies, warnings } = compileToGar(policy, { allowApproximations: true });
    expect(policies).toEqual([
      { name: 'delete-older-than-30d', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.TAGGED, tagPrefixes: ['dev-'], olderThan: '2592000s', packageNamePrefixes: ['svc/'] } },
      { name: 'delete-older-than-90d', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.ANY, olderThan: '7776000s', packageNamePrefixes: ['svc/'] } },
    ]);
    expect(warnings[0]).toContain('GAR records no pull time, so images pulled recently but pushed long ago are deleted too');
  });

  test('a wildcard-free protect pattern becomes a prefix, with a warning', () => {
    const { policies, warnings } = compileToGar(RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['latest', 'v*'] })] }), { allowApproximations: true });
    expect(policies[0].condition).toEqual({ tagState: GarTagState.TAGGED, tagPrefixes: ['latest', 'v'] });
    expect(warnings).toEqual(['rules[0] (protect [latest, v*]): GAR matches tag prefixes only, so it also keeps tags that merely start with "latest"']);
  });
});

describe('compileToGar: what GAR cannot express', () => {
  test.each<[string, RetentionPolicy, string]>([
    [
      'keepMostRecent (mostRecentVersions has no tag filter)',
      RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['v*'] })] }),
      'RetentionPolicy: rules[0] cannot be expressed on GAR: mostRecentVersions keeps the newest versions of each package whatever their tags',
    ],
    [
      'expireNotPulled (no pull time)',
      RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] }),
      'RetentionPolicy: rules[0] cannot be expressed on GAR: GAR records no pull time, cleanup conditions only age from upload (got "expireNotPulled [all] after 90d (expire)"); nearest: expireTagged/expireUntagged with days since upload, or allowApproximations',
    ],
    [
      'expireNotPulled ARCHIVE (no archive tier), even with approximations',
      RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90 })] }),
      'rules[0] cannot be expressed on GAR: GAR has no archive storage',
    ],
    [
      'an inner wildcard',
      RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['feature-*-tmp'], days: 3 })] }),
      'RetentionPolicy: rules[0].tagPatterns[0] cannot be expressed on GAR: GAR matches tags by prefix only (got "feature-*-tmp"); nearest: a trailing-wildcard pattern such as "feature-*"',
    ],
    [
      'a leading wildcard',
      RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['*-stable'] })] }),
      'rules[0].tagPatterns[0] cannot be expressed on GAR: GAR matches tags by prefix only (got "*-stable")',
    ],
    [
      'a wildcard-free pattern in a Delete',
      RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['nightly'], days: 3 })] }),
      'rules[0].tagPatterns[0] cannot be expressed on GAR: GAR matches tags by prefix only (got "nightly"); nearest: the prefix pattern "nightly*", knowing it also matches longer tags',
    ],
    [
      'a wildcard-free protect pattern without approximations',
      RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['latest'] })] }),
      'rules[0].tagPatterns[0] cannot be expressed on GAR: GAR matches tags by prefix only (got "latest"); nearest: the prefix pattern "latest*" (also matches longer tags), or allowApproximations',
    ],
    [
      'a wildcard-free repository pattern',
      RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })], repositories: ['api'] }),
      'RetentionPolicy: repositories[0] cannot be expressed on GAR: packageNamePrefixes match package names by prefix only (got "api"); nearest: "api*"',
    ],
    [
      'an inner-wildcard repository pattern',
      RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })], repositories: ['*/api'] }),
      'repositories[0] cannot be expressed on GAR: packageNamePrefixes match package names by prefix only (got "*/api")',
    ],
    [
      'more than 10 policies',
      RetentionPolicy.of({ rules: Array.from({ length: 11 }, (_, i) => RetentionRule.expireTagged({ tagPatterns: [`t${i}-*`], days: i + 1 })) }),
      'RetentionPolicy: rules cannot be expressed on GAR: they compile to 11 cleanup policies, more than the 10 GAR allows per repository',
    ],
  ])('%s', (_what, policy, message) => {
    const error = errorOf(() => compileToGar(policy));
    expect(error.message).toContain(message);
  });

  test('every problem is reported at once, with the caller\'s path', () => {
    const policy = RetentionPolicy.of({
      rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] }), RetentionRule.expireNotPulled({ days: 30 }), RetentionRule.expireTagged({ tagPatterns: ['*x'], days: 2 })],
    });
    const error = errorOf(() => compileToGar(policy, {}, 'Stack/Repo'));
    expect(error.path).toBe('Stack/Repo');
    expect(error.violations.map((v) => v.property)).toEqual(['rules[0]', 'rules[1]', 'rules[2].tagPatterns[0]']);
  });
});
