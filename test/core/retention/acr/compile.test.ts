import { compileToAcr, DAY_MS, ImageAction, RetentionPolicy, RetentionRule, simulateAcrPurge, StaleImageAction } from '../../../../lib';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';
import { validationMessageOf as error } from '../../../support/errors';

const NOW = Date.UTC(2026, 0, 1);

describe('compileToAcr', () => {
  test('the worked example of docs/retention.md', () => {
    const policy = RetentionPolicy.of({
      repositories: ['team/*'],
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }),
        RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['main-*'] }),
        RetentionRule.expireTagged({ tagPatterns: ['pr-*', '*'], days: 30 }),
        RetentionRule.expireUntagged({ days: 7 }),
      ],
    });
    const r = compileToAcr(policy);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([
      `acr purge --filter '(?:team/.*):^(?:main-.*)$' --ago 0d --keep 10`,
      `acr purge --filter '(?:team/.*):^(?!(?:v.*|latest|main-.*)$)(?:pr-.*|.*)$' --ago 30d`,
      `acr purge --filter '(?:team/.*):.*' --ago 7d --untagged-only`,
    ]);
    expect(r.untaggedRetentionDays).toBe(0);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toContain('acr purge --untagged-only needs acr-cli 0.18 or later');
    expect(r.warnings[1]).toContain('untaggedRetentionDays 0 (Premium, registry-wide)');
  });

  test('only expireUntagged needs no retention policy and no filter without repositories', () => {
    const r = compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 14 }), RetentionRule.expireUntagged({ days: 7 })] }));
    expect(r.purgeCommands.map((c) => c.render())).toEqual(['acr purge --ago 7d --untagged-only']);
    expect(r.untaggedRetentionDays).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
  });

  test('a single literal repository is used as a name; dots are escaped', () => {
    expect(compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['rc.*'], days: 3 })], repositories: ['payments/api'] })).purgeCommands[0].render()).toBe(
      `acr purge --filter 'payments/api:^(?:rc\\..*)$' --ago 3d`,
    );
  });

  test('expireNotPulled: refused by default, approximated by last update when allowed, ARCHIVE always refused', () => {
    const expire = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] });
    expect(error(() => compileToAcr(expire))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on ACR: it records no pull time (acr purge --ago compares the last update) (got "expireNotPulled [all] after 90d (expire)"); nearest: set allowApproximations to delete when the last update is more than 90 days old, or use expireTagged',
    );
    const r = compileToAcr(expire, { allowApproximations: true });
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter '.*:^(?:.*)$' --ago 90d`, 'acr purge --ago 90d --untagged-only']);
    expect(r.warnings[0]).toContain('rules[0] (expireNotPulled [all] after 90d (expire)) is approximated on ACR as "last update more than 90 days ago"');
    const archive = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90 })] });
    expect(error(() => compileToAcr(archive, { allowApproximations: true }))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on ACR: it has no archive storage tier (got "expireNotPulled [all] after 90d (archive)"); nearest: expireNotPulled with action "expire" and allowApproximations (deletes by last update), or drop the rule',
    );
  });

  test('keepMostRecent next to a protect rule that may share a tag is refused, naming both', () => {
    const m = error(() =>
      compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] })] }), {}, 'Stack/Registry'),
    );
    expect(m).toBe(
      'Stack/Registry: rules[1] cannot be expressed on ACR: a protected tag (v*) may match it, and keepMostRecent counts protected images in its window while acr purge --keep counts only the tags it could delete (got "keepMostRecent 5 [*]"); nearest: tag patterns that no protect pattern can match (e.g. "build-*" beside protect "v*")',
    );
  });

  test('two keepMostRecent rules that may share a tag are refused; disjoint ones compile', () => {
    const m = error(() =>
      compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['main-*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['*-rc'] })] })),
    );
    expect(m).toContain('RetentionPolicy: rules[0] cannot be expressed on ACR together with rules[1] (keepMostRecent 2 [*-rc]): a tag can match both "main-*" and "*-rc"');
    expect(compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['main-*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['rc-*'] })] })).purgeCommands).toHaveLength(2);
  });

  test('outside the covered inputs, multi-tag images differ: ACR removes only the matching tag of an image the neutral policy expires whole', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 7 })] });
    const images = [{ digest: 'sha256:aa', tags: ['pr-1', 'sha-abc'], pushedAt: NOW - 30 * DAY_MS, repository: 'app' }];
    expect(simulateRetentionPolicy(policy, images, NOW).decisions[0].action).toBe(ImageAction.EXPIRE);
    const acr = simulateAcrPurge(compileToAcr(policy).purgePolicy, images, NOW).decisions[0];
    expect([acr.action, acr.removedTags]).toEqual([ImageAction.KEEP, ['pr-1']]);
  });
});
