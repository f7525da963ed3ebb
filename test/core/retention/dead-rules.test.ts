import { findDeadEcrLifecycleRules, findDeadRetentionRules } from '../../../lib/core/retention/dead-rules';
import { buildEcrLifecyclePolicy, EcrLifecycle, parseEcrLifecyclePolicy } from '../../../lib/core/retention/ecr/grammar';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../lib/core/retention/policy';

describe('findDeadRetentionRules', () => {
  test('the archive rule of "protect v*; keepMostRecent 30 of *; expireUntagged 3 days; expireNotPulled 180 days" can never act', () => {
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*'] }),
        RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 3 }),
        RetentionRule.expireNotPulled({ days: 180, action: StaleImageAction.ARCHIVE }),
      ],
    });
    const dead = findDeadRetentionRules(policy);
    expect(dead.map((d) => [d.rule, d.shadowedBy])).toEqual([['rules[3]', ['rules[0]', 'rules[1]', 'rules[2]']]]);
    expect(dead[0].message).toBe(
      'rules[3] (expireNotPulled [all] after 180d (archive)) can never act: every image it selects is decided first by rules[0] (protect [v*]), ' +
        'rules[1] (keepMostRecent 30 [*]), rules[2] (expireUntagged after 3d); protected images are never archived by expireNotPulled: to archive them, give the protect rule archiveWhenNotPulledForDays',
    );
  });

  test('protect [v*] with expireNotPulled [v*] reports the archive rule, shadowed by the protect rule', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireNotPulled({ days: 180, tagPatterns: ['v*'] })] });
    expect(findDeadRetentionRules(policy).map((d) => [d.rule, d.shadowedBy])).toEqual([['rules[1]', ['rules[0]']]]);
  });

  test('the supported form, a protect rule with an archive allowance, has no dead rule', () => {
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }),
        RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 3 }),
      ],
    });
    expect(findDeadRetentionRules(policy)).toEqual([]);
  });

  test('an expiry inside a wider keep window is dead, named with the window', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['*'] }), RetentionRule.expireTagged({ days: 30, tagPatterns: ['pr-*'] })] });
    expect(findDeadRetentionRules(policy)[0].message).toMatch(/^rules\[1\] \(expireTagged \[pr-\*\] after 30d\) can never act: every image it selects is decided first by rules\[0\] \(keepMostRecent 5 \[\*\]\) \(keepMostRecent decides/);
  });

  test('a keep window counting the same images as an earlier, wider one is dead; one counting fewer images is not', () => {
    const same = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['v*'] }), RetentionRule.keepMostRecent({ count: 3, tagPatterns: ['v*', 'v1*'] })] });
    expect(findDeadRetentionRules(same).map((d) => [d.rule, d.shadowedBy])).toEqual([['rules[1]', ['rules[0]']]]);
    // v1 behind ten newer "a" images is outside the first window and inside the second.
    const fewer = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['*'] }), RetentionRule.keepMostRecent({ count: 3, tagPatterns: ['v*'] })] });
    expect(findDeadRetentionRules(fewer)).toEqual([]);
  });

  test('a pattern no valid tag matches makes its rule dead with nothing shadowing it', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ days: 3, tagPatterns: ['.hidden'] })] });
    expect(findDeadRetentionRules(policy)[0].message).toBe('rules[0] (expireTagged [.hidden] after 3d) can never act: its tag patterns match no valid tag');
  });

  test('a policy whose rules all act reports nothing', () => {
    const policy = RetentionPolicy.of({
      rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireTagged({ days: 14, tagPatterns: ['pr-*'] }), RetentionRule.expireNotPulled({ days: 90 })],
    });
    expect(findDeadRetentionRules(policy)).toEqual([]);
  });
});

describe('findDeadEcrLifecycleRules', () => {
  test('an any rule after tagged * and untagged rules can never claim an image', () => {
    const doc = buildEcrLifecyclePolicy(
      [
        EcrLifecycle.keepLastImages({ count: 10, tagPatterns: ['*'] }),
        EcrLifecycle.expireUntaggedAfterDays({ days: 1 }),
        EcrLifecycle.keepLastImages({ count: 50, description: 'backstop' }),
      ],
      'test',
    );
    expect(findDeadEcrLifecycleRules(doc).map((d) => d.message)).toEqual([
      'rulePriority 3 (backstop) can never act: every image it selects is claimed first by rulePriority 2, rulePriority 1, and ECR lets only the first rule that selects an image act on it',
    ]);
  });

  test('a tagged v* transition after a protect rule for v* is dead (ECR ANDs a list, so v*+rc* after v* is too)', () => {
    const doc = parseEcrLifecyclePolicy(
      {
        rules: [
          { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 10000000 }, action: { type: 'expire' } },
          { rulePriority: 2, selection: { tagStatus: 'tagged', tagPatternList: ['v*', '*rc*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
          { rulePriority: 3, selection: { tagStatus: 'tagged', tagPatternList: ['*rc*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } },
        ],
      },
      'p.json',
    );
    expect(findDeadEcrLifecycleRules(doc).map((d) => [d.rule, d.shadowedBy])).toEqual([['rulePriority 2', ['rulePriority 1']]]);
  });

  test('rules of different storage classes never shadow each other', () => {
    const doc = parseEcrLifecyclePolicy(
      {
        rules: [
          { rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 }, action: { type: 'transition', targetStorageClass: 'archive' } },
          { rulePriority: 2, selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 }, action: { type: 'expire' } },
        ],
      },
      'p.json',
    );
    expect(findDeadEcrLifecycleRules(doc)).toEqual([]);
  });
});
