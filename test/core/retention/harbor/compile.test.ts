import { compileToHarbor, simulateHarborRetention } from '../../../../lib/core/retention/harbor';
import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';
import { validationMessageOf as error } from '../../../support/errors';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

const expired = (decisions: readonly { digest: string; action: ImageAction }[]) =>
  decisions
    .filter((d) => d.action === ImageAction.EXPIRE)
    .map((d) => d.digest)
    .sort();

describe('compileToHarbor', () => {
  test('the worked example of docs/retention.md: releases forever, the 10 newest builds, untagged for a week', () => {
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }),
        RetentionRule.keepMostRecent({ count: 3, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 7 }),
      ],
      repositories: ['team/*'],
    });
    const result = compileToHarbor(policy);
    expect(result).toEqual({
      schedule: 'Daily',
      warnings: [],
      rules: [
        { alwaysRetain: true, tagMatching: '{v*,latest}', untaggedArtifacts: false, repoMatching: 'team/**' },
        { mostRecentlyPushed: 3, tagMatching: '**', untaggedArtifacts: false, repoMatching: 'team/**' },
        { nDaysSinceLastPush: 7, tagExcluding: '**', untaggedArtifacts: false, repoMatching: 'team/**' },
      ],
    });
    const day = (d: number) => NOW - d * DAY_MS;
    const images: ImageRecord[] = [
      { digest: 'sha256:01', repository: 'team/api', tags: ['v1.0'], pushedAt: day(300) },
      { digest: 'sha256:02', repository: 'team/api', tags: ['build-5'], pushedAt: day(1) },
      { digest: 'sha256:03', repository: 'team/api', tags: ['build-4', 'latest'], pushedAt: day(2) },
      { digest: 'sha256:04', repository: 'team/api', tags: ['build-3'], pushedAt: day(3) },
      { digest: 'sha256:05', repository: 'team/api', tags: ['build-2'], pushedAt: day(4) },
      { digest: 'sha256:06', repository: 'team/api', tags: [], pushedAt: day(3) },
      { digest: 'sha256:07', repository: 'team/api', tags: [], pushedAt: day(30) },
      { digest: 'sha256:08', repository: 'other', tags: ['build-1'], pushedAt: day(400) },
    ];
    const harbor = simulateHarborRetention(result, images, NOW).decisions;
    expect(expired(harbor)).toEqual(['sha256:05', 'sha256:07']);
    expect(expired(simulateRetentionPolicy(policy, images, NOW).decisions)).toEqual(['sha256:05', 'sha256:07']);
  });

  test('expireNotPulled (EXPIRE) is native: pulled within n OR pushed within n; expireUntagged with fewer days absorbs it for untagged', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE }), RetentionRule.expireUntagged({ days: 7 })] });
    expect(compileToHarbor(policy, { schedule: 'Weekly' })).toEqual({
      schedule: 'Weekly',
      warnings: [],
      rules: [
        { nDaysSinceLastPull: 90, tagMatching: '**', untaggedArtifacts: false, repoMatching: '**' },
        { nDaysSinceLastPush: 90, tagMatching: '**', untaggedArtifacts: false, repoMatching: '**' },
        { nDaysSinceLastPush: 7, tagExcluding: '**', untaggedArtifacts: false, repoMatching: '**' },
      ],
    });
  });

  test('the same need for tagged and untagged images shares one rule (tag_matching "**", untagged_artifacts true)', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['*'], days: 30 }), RetentionRule.expireUntagged({ days: 30 })] });
    expect(compileToHarbor(policy).rules).toEqual([{ nDaysSinceLastPush: 30, tagMatching: '**', untaggedArtifacts: true, repoMatching: '**' }]);
  });

  test('repository patterns: whole-segment wildcards map to one pattern, a wildcard inside a segment to two', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })], repositories: ['api-*', 'team/*'] });
    const rules = compileToHarbor(policy).rules;
    expect([...new Set(rules.map((r) => r.repoMatching))]).toEqual(['api-*', 'api-*/**/*', 'team/**']);
    // Each scope gets a copy of the two base rules (every tagged image kept, untagged ones for a day).
    expect(rules).toHaveLength(6);
  });

  test('keepMostRecent over some tags only is refused, naming Harbor, the intent and the nearest alternative', () => {
    const message = error(() => compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['v*'] })] })));
    expect(message).toContain('RetentionPolicy: rules[0] cannot be expressed on Harbor: Harbor rules only retain');
    expect(message).toContain('(got "keepMostRecent 5 [v*]"); nearest: keepMostRecent with tagPatterns ["*"]');
  });

  test('restricted expireTagged / expireNotPulled are refused unless made redundant', () => {
    const tagged = error(() => compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['dev-*'], days: 30 })] })));
    expect(tagged).toContain('rules[0] cannot be expressed on Harbor');
    expect(tagged).toContain('nearest: expireTagged with tagPatterns ["*"] after 30 days');
    const stale = error(() => compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ tagPatterns: ['pr-*'], days: 14, action: StaleImageAction.EXPIRE })] })));
    expect(stale).toContain('rules[0] cannot be expressed on Harbor: Harbor cannot delete only the stale images with a tag matching [pr-*]');
    expect(stale).toContain('nearest: expireNotPulled without tagPatterns after 14 days');
    // Redundant next to an unrestricted rule with no more days, or a window over every tag.
    expect(() =>
      compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['dev-*'], days: 30 }), RetentionRule.expireTagged({ tagPatterns: ['*'], days: 20 })] })),
    ).not.toThrow();
    expect(() =>
      compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['dev-*'], days: 3 }), RetentionRule.keepMostRecent({ tagPatterns: ['*'], count: 20 })] })),
    ).not.toThrow();
  });

  test('ARCHIVE has no Harbor equivalent: refused, or approximated by deleting with a warning', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90 })] });
    expect(error(() => compileToHarbor(policy))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on Harbor: Harbor has no archive storage class; it can only delete (got "expireNotPulled [all] after 90d (archive)"); nearest: action EXPIRE (delete instead of archive), or compile with allowApproximations to delete',
    );
    const approx = compileToHarbor(policy, { allowApproximations: true });
    expect(approx.warnings).toEqual(['rules[0] (expireNotPulled [all] after 90d (archive)): Harbor has no archive storage; approximated by deleting images not pulled for 90 days']);
    expect(approx.rules.map((r) => r.nDaysSinceLastPull ?? r.nDaysSinceLastPush)).toEqual([90, 90]);
  });

  test('"pushed within d" AND "active within n" with d > n is refused', () => {
    const message = error(() =>
      compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 30 }), RetentionRule.expireNotPulled({ days: 7, action: StaleImageAction.EXPIRE })] })),
    );
    expect(message).toContain('RetentionPolicy: rules cannot be expressed on Harbor: untagged images would have to be both pushed within 30 days');
    expect(message).toContain('nearest: expireUntagged with at most 7 days, or drop one of them');
  });

  test("Harbor's limits: count, 15 rules, repository patterns with many in-segment wildcards", () => {
    expect(error(() => compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 40000, tagPatterns: ['*'] })] })))).toContain(
      "rules[0] cannot be expressed on Harbor: Harbor's latestPushedK accepts at most 32766",
    );
    const keepers = [1, 2, 3, 4, 5].map((n) => RetentionRule.keepMostRecent({ count: n, tagPatterns: ['*', `v${n}*`] }));
    expect(error(() => compileToHarbor(RetentionPolicy.of({ rules: [...keepers, RetentionRule.expireUntagged({ days: 1 })], repositories: ['a*', 'b*'] })))).toContain(
      'it needs 24 rules (6 per repository pattern × 4 patterns) and Harbor allows 15',
    );
    expect(error(() => compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })], repositories: ['a*b*c*'] })))).toContain(
      'repository pattern "a*b*c*" needs 8 doublestar patterns',
    );
  });

  test('known limits of exactness, by construction of Harbor (documented)', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE })] });
    const compiled = compileToHarbor(policy);
    // A tag pushed onto an artifact after its last pull: Harbor counts the tag's push time as activity.
    const retagged: ImageRecord[] = [{ digest: 'sha256:01', repository: 'app', tags: ['prod'], pushedAt: NOW - 2 * DAY_MS, lastPulledAt: NOW - 60 * DAY_MS }];
    expect(expired(simulateRetentionPolicy(policy, retagged, NOW).decisions)).toEqual(['sha256:01']);
    expect(expired(simulateHarborRetention(compiled, retagged, NOW).decisions)).toEqual([]);
    // Harbor truncates times to seconds: within the second of the cut it still retains.
    const edge: ImageRecord[] = [{ digest: 'sha256:02', repository: 'app', tags: ['x'], pushedAt: NOW - 30 * DAY_MS }];
    expect(expired(simulateRetentionPolicy(policy, edge, NOW + 500).decisions)).toEqual(['sha256:02']);
    expect(expired(simulateHarborRetention(compiled, edge, NOW + 500).decisions)).toEqual([]);
  });

  test('every reason a policy cannot compile is reported at once, the schedule option included', () => {
    const policy = RetentionPolicy.of({
      rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['v*'] }), RetentionRule.expireTagged({ tagPatterns: ['dev-*'], days: 30 })],
    });
    const lines = error(() => compileToHarbor(policy, { schedule: '0 2 * * *' })).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^RetentionPolicy: rules\[0\] cannot be expressed on Harbor: .* \(got "keepMostRecent 5 \[v\*\]"\)/);
    expect(lines[1]).toMatch(/^RetentionPolicy: rules\[1\] cannot be expressed on Harbor: .* \(got "expireTagged \[dev-\*\] after 30d"\)/);
    expect(lines[2]).toBe(
      'RetentionPolicy: schedule is neither a named schedule nor a 6-field cron (5 fields) (got "0 2 * * *"); Hourly, Daily, Weekly, or a 6-field cron with seconds first such as "0 0 2 * * *"',
    );
    // A schedule only known at apply time (a cdktf token) is passed through.
    expect(compileToHarbor(RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })] }), { schedule: '${TfToken[TOKEN.7]}' }).schedule).toBe('${TfToken[TOKEN.7]}');
  });
});
