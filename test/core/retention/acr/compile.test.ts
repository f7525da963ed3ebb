import { compileToAcr, DAY_MS, ImageAction, RetentionPolicy, RetentionRule, simulateAcrPurge, StaleImageAction } from '../../../support/core';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';
import { validationErrorOf, validationMessageOf as error } from '../../../support/errors';

const NOW = Date.UTC(2026, 0, 1);
const OPT_IN = { allowApproximations: true };

describe('compileToAcr', () => {
  const workedExample = RetentionPolicy.of({
    repositories: ['team/*'],
    rules: [
      RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }),
      RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['main-*'] }),
      RetentionRule.expireTagged({ tagPatterns: ['pr-*', '*'], days: 30 }),
      RetentionRule.expireUntagged({ days: 7 }),
    ],
  });

  test('the worked example of docs/retention.md is refused without the opt-in, naming each tag-level rule', () => {
    const e = validationErrorOf(() => compileToAcr(workedExample));
    expect(e.violations.map((x) => x.property)).toEqual(['rules[1]', 'rules[2]']);
    expect(e.message).toContain('RetentionPolicy: rules[1] cannot be expressed on ACR: acr purge removes tags, not images and --keep counts tags, not images');
  });

  test('the worked example of docs/retention.md, opted in: keepMostRecent needs the registry-wide retention policy, reported', () => {
    const r = compileToAcr(workedExample, OPT_IN);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([
      `acr purge --filter '(?:team/.*):^(?:main-.*)$' --ago 0d --keep 10`,
      `acr purge --filter '(?:team/.*):^(?!(?:v.*|latest|main-.*)$)(?:pr-.*|.*)$' --ago 30d`,
      `acr purge --filter '(?:team/.*):.*' --ago 7d --untagged-only`,
    ]);
    expect(r.untaggedRetentionDays).toBe(0);
    expect(r.warnings).toHaveLength(4);
    expect(r.warnings[0]).toContain('rules[1] (keepMostRecent 10 [main-*]) is tag level on ACR: acr purge --keep 10 keeps the 10 most recently updated matching tags per repository, not 10 images');
    expect(r.warnings[1]).toContain('rules[2] (expireTagged [pr-*, *] after 30d) is tag level on ACR: acr purge removes the matching tags last updated more than 30 days ago');
    expect(r.warnings[2]).toContain('acr purge --untagged-only needs acr-cli 0.18 or later');
    expect(r.warnings[3]).toContain('untaggedRetentionDays 0 (Premium, registry-wide)');
    expect(r.warnings[3]).toContain('in the policy\'s repositories or not');
  });

  test('expireTagged is tag level: refused without the opt-in, naming ACR, the rule and the nearest alternative', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 14 })] });
    expect(error(() => compileToAcr(policy))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on ACR: acr purge removes tags, not images (an image with several tags loses only the matching ones, and its manifest stays while any tag remains) (got "expireTagged [pr-*] after 14d"); nearest: ECR, GAR and Harbor express it image level; on ACR set allowApproximations to remove the matching tags (tag level), exact for single-tag images',
    );
    const r = compileToAcr(policy, OPT_IN);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter '.*:^(?:pr-.*)$' --ago 14d`]);
    // No expireUntagged to bound --untagged: only the retention policy deletes the manifests, and that is reported.
    expect(r.untaggedRetentionDays).toBe(0);
    expect(r.warnings).toEqual([
      'rules[0] (expireTagged [pr-*] after 14d) is tag level on ACR: acr purge removes the matching tags last updated more than 14 days ago (protected and keepMostRecent patterns excepted), not the image: an image with another tag keeps that tag and its manifest, and a re-tagged image is aged by the tag\'s last update, not its push; exact for images with a single tag',
      expect.stringContaining('untaggedRetentionDays 0 (Premium, registry-wide) deletes the manifests these commands untag; it also deletes, at once, every manifest that loses its last tag later in any repository'),
    ]);
  });

  test('expireTagged next to an expireUntagged no longer than it: --untagged on the same purge, no retention policy', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 14 }), RetentionRule.expireUntagged({ days: 7 })], repositories: ['app'] });
    const r = compileToAcr(policy, OPT_IN);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter 'app:^(?:pr-.*)$' --ago 14d --untagged`, `acr purge --filter 'app:.*' --ago 7d --untagged-only`]);
    expect(r.untaggedRetentionDays).toBeUndefined();
    expect(r.warnings.some((w) => w.includes('registry-wide'))).toBe(false);
    expect(r.warnings[1]).toContain('older releases apply no --ago to --untagged');
    // An untagged image of 10 days is expired by both; the one of 5 days by neither.
    const images = [
      { digest: 'sha256:a', tags: ['pr-1'], pushedAt: NOW - 20 * DAY_MS, repository: 'app' },
      { digest: 'sha256:b', tags: [], pushedAt: NOW - 10 * DAY_MS, repository: 'app' },
      { digest: 'sha256:c', tags: [], pushedAt: NOW - 5 * DAY_MS, repository: 'app' },
    ];
    expect(simulateAcrPurge(r.purgePolicy, images, NOW).decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.EXPIRE, ImageAction.KEEP]);
    expect(simulateRetentionPolicy(policy, images, NOW).decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.EXPIRE, ImageAction.KEEP]);
  });

  test('an expireUntagged longer than an expiring rule would let --untagged delete untagged images it keeps: the retention policy instead', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 7 }), RetentionRule.expireUntagged({ days: 14 })] });
    const r = compileToAcr(policy, OPT_IN);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter '.*:^(?:pr-.*)$' --ago 7d`, 'acr purge --ago 14d --untagged-only']);
    expect(r.untaggedRetentionDays).toBe(0);
  });

  test('native: protect, expireUntagged and repositories compile without the opt-in, need no retention policy and touch no tag', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 14 }), RetentionRule.expireUntagged({ days: 7 })], repositories: ['team/*'] });
    const r = compileToAcr(policy);
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter '(?:team/.*):.*' --ago 7d --untagged-only`]);
    expect(r.untaggedRetentionDays).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['latest'] })] }))).toMatchObject({ purgeCommands: [], untaggedRetentionDays: undefined, warnings: [] });
    const images = [
      { digest: 'sha256:a', tags: ['v1', 'pr-1', 'sha-9'], pushedAt: NOW - 90 * DAY_MS, repository: 'team/api' },
      { digest: 'sha256:b', tags: [], pushedAt: NOW - 8 * DAY_MS, repository: 'team/api' },
      { digest: 'sha256:c', tags: [], pushedAt: NOW - 8 * DAY_MS, repository: 'other' },
    ];
    const d = simulateAcrPurge(r.purgePolicy, images, NOW).decisions;
    expect(d.map((x) => [x.action, x.removedTags])).toEqual([
      [ImageAction.KEEP, []],
      [ImageAction.EXPIRE, []],
      [ImageAction.KEEP, []],
    ]);
  });

  test('a single literal repository is used as a name; dots are escaped', () => {
    expect(compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['rc.*'], days: 3 })], repositories: ['payments/api'] }), OPT_IN).purgeCommands[0].render()).toBe(
      `acr purge --filter 'payments/api:^(?:rc\\..*)$' --ago 3d`,
    );
  });

  test('expireNotPulled: refused by default, approximated by last update at tag level when allowed, ARCHIVE always refused', () => {
    const expire = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE })] });
    expect(error(() => compileToAcr(expire))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on ACR: it records no pull time (acr purge --ago compares the last update) and acr purge removes tags, not images (got "expireNotPulled [all] after 90d (expire)"); nearest: set allowApproximations to remove the tags and untagged manifests last updated more than 90 days ago (tag level, exact for never-pulled single-tag images), or use expireTagged',
    );
    const r = compileToAcr(expire, OPT_IN);
    // Without patterns the rule expires untagged images at 90 days too, which bounds --untagged exactly.
    expect(r.purgeCommands.map((c) => c.render())).toEqual([`acr purge --filter '.*:^(?:.*)$' --ago 90d --untagged`, 'acr purge --ago 90d --untagged-only']);
    expect(r.untaggedRetentionDays).toBeUndefined();
    expect(r.warnings[0]).toContain('rules[0] (expireNotPulled [all] after 90d (expire)) is approximated on ACR as "last update more than 90 days ago", tag level');
    const archive = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days: 90 })] });
    expect(error(() => compileToAcr(archive, OPT_IN))).toBe(
      'RetentionPolicy: rules[0] cannot be expressed on ACR: it has no archive storage tier (got "expireNotPulled [all] after 90d (archive)"); nearest: expireNotPulled with action "expire" and allowApproximations (deletes by last update, tag level), or drop the rule',
    );
  });

  test('keepMostRecent next to a protect rule that may share a tag is refused even with the opt-in, naming both', () => {
    const m = error(() =>
      compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] })] }), OPT_IN, 'Stack/Registry'),
    );
    expect(m).toBe(
      'Stack/Registry: rules[1] cannot be expressed on ACR: a protected tag (v*) may match it, and keepMostRecent counts protected images in its window while acr purge --keep counts only the tags it could delete (got "keepMostRecent 5 [*]"); nearest: tag patterns that no protect pattern can match (e.g. "build-*" beside protect "v*")',
    );
  });

  test('two keepMostRecent rules that may share a tag are refused; disjoint ones compile with the opt-in', () => {
    const m = error(() =>
      compileToAcr(RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['main-*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['*-rc'] })] }), OPT_IN),
    );
    expect(m).toContain('RetentionPolicy: rules[0] cannot be expressed on ACR together with rules[1] (keepMostRecent 2 [*-rc]): a tag can match both "main-*" and "*-rc"');
    const disjoint = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['main-*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['rc-*'] })] });
    expect(validationErrorOf(() => compileToAcr(disjoint)).violations.map((x) => x.property)).toEqual(['rules[0]', 'rules[1]']);
    expect(compileToAcr(disjoint, OPT_IN).purgeCommands).toHaveLength(2);
  });

  test('what the opt-in accepts on multi-tag images: ACR removes only the matching tag of an image the neutral policy expires whole', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 7 })] });
    const images = [{ digest: 'sha256:aa', tags: ['pr-1', 'sha-abc'], pushedAt: NOW - 30 * DAY_MS, repository: 'app' }];
    expect(simulateRetentionPolicy(policy, images, NOW).decisions[0].action).toBe(ImageAction.EXPIRE);
    const acr = simulateAcrPurge(compileToAcr(policy, OPT_IN).purgePolicy, images, NOW).decisions[0];
    expect([acr.action, acr.removedTags]).toEqual([ImageAction.KEEP, ['pr-1']]);
  });

  test('what the opt-in accepts for keepMostRecent: --keep counts tags, so an image in the neutral window can lose its tags and its manifest', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['main-*'] })] });
    const images = [
      { digest: 'sha256:a', tags: ['main-2', 'main-2b'], pushedAt: NOW - 1 * DAY_MS, repository: 'app' },
      { digest: 'sha256:b', tags: ['main-1'], pushedAt: NOW - 2 * DAY_MS, repository: 'app' },
    ];
    expect(simulateRetentionPolicy(policy, images, NOW).decisions.map((d) => d.action)).toEqual([ImageAction.KEEP, ImageAction.KEEP]);
    const acr = simulateAcrPurge(compileToAcr(policy, OPT_IN).purgePolicy, images, NOW).decisions;
    expect(acr.map((d) => [d.action, d.removedTags])).toEqual([
      [ImageAction.KEEP, []],
      [ImageAction.EXPIRE, ['main-1']],
    ]);
  });
});
