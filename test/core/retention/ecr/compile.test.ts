import { ValidationError } from '../../../../lib/core/errors';
import {
  buildEcrLifecyclePolicy,
  compileToEcr,
  ECR_PROTECT_COUNT,
  EcrTagStatus,
  parseEcrImages,
  parseEcrLifecyclePolicy,
  renderEcrLifecyclePolicy,
  simulateEcrLifecyclePolicy,
} from '../../../../lib/core/retention/ecr';
import { simulateRetentionPolicy } from '../../../../lib/core/retention/simulate';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';

const policy = (...rules: RetentionRule[]) => RetentionPolicy.of({ rules });

describe('compileToEcr', () => {
  test('the docs example: protect, keep window, expiries by days ascending, archive last', () => {
    const p = policy(
      RetentionRule.expireNotPulled({ days: 90 }),
      RetentionRule.expireTagged({ days: 14, tagPatterns: ['pr-*', 'dev-*'] }),
      RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }),
      RetentionRule.keepMostRecent({ count: 10, tagPatterns: ['main-*'] }),
      RetentionRule.expireTagged({ days: 3, tagPatterns: ['pr-*'] }),
      RetentionRule.expireUntagged({ days: 1 }),
    );
    const { rules, warnings } = compileToEcr(p);
    expect(warnings).toEqual([]);
    const doc = buildEcrLifecyclePolicy(rules, 'test');
    expect(doc.rules.map((r) => [r.rulePriority, r.selection.tagStatus, r.selection.tagPatternList?.[0], r.selection.countType, r.selection.countNumber, r.action.type])).toEqual([
      [1, 'tagged', 'v*', 'imageCountMoreThan', ECR_PROTECT_COUNT, 'expire'],
      [2, 'tagged', 'latest', 'imageCountMoreThan', ECR_PROTECT_COUNT, 'expire'],
      [3, 'tagged', 'main-*', 'imageCountMoreThan', 10, 'expire'],
      [4, 'tagged', 'pr-*', 'sinceImagePushed', 3, 'expire'],
      [5, 'tagged', 'dev-*', 'sinceImagePushed', 14, 'expire'],
      [6, 'untagged', undefined, 'sinceImagePushed', 1, 'expire'],
      [7, 'any', undefined, 'sinceImagePulled', 90, 'transition'],
    ]);
    expect(doc.rules[0].description).toBe('rules[2] protect [v*, latest]');
    expect(doc.rules[6].action.targetStorageClass).toBe('archive');
  });

  test('the worked example of docs/retention.md: neutral and compiled ECR decide the same', () => {
    const neutral = RetentionPolicy.fromJson({
      rules: [
        { kind: 'protect', tagPatterns: ['v*', 'latest'] },
        { kind: 'keepMostRecent', count: 2, tagPatterns: ['main-*'] },
        { kind: 'expireTagged', tagPatterns: ['pr-*'], days: 14 },
        { kind: 'expireUntagged', days: 7 },
        { kind: 'expireNotPulled', days: 90, action: 'archive' },
      ],
    });
    const images = parseEcrImages(
      {
        imageDetails: [
        {"repositoryName": "team/api", "imageDigest": "sha256:1111", "imageTags": ["v1.4.0", "pr-80"], "imagePushedAt": "2026-06-01T09:00:00+00:00", "lastRecordedPullTime": "2026-07-01T10:00:00.250000+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:2222", "imageTags": ["main-43", "latest"], "imagePushedAt": "2026-11-26T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:3333", "imageTags": ["main-42"], "imagePushedAt": "2026-11-24T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:4444", "imageTags": ["main-41"], "imagePushedAt": "2026-11-20T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:5555", "imageTags": ["pr-91"], "imagePushedAt": "2026-11-01T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:6666", "imageTags": ["pr-95"], "imagePushedAt": "2026-11-25T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:7777", "imagePushedAt": "2026-11-10T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:8888", "imagePushedAt": "2026-11-25T08:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:9999", "imageTags": ["nightly-5"], "imagePushedAt": "2026-07-01T02:00:00+00:00", "lastRecordedPullTime": "2026-08-01T12:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:aaaa", "imageTags": ["nightly-9"], "imagePushedAt": "2026-07-01T02:00:00+00:00", "lastRecordedPullTime": "2026-11-20T12:00:00+00:00", "imageStatus": "ACTIVE"},
        {"repositoryName": "team/api", "imageDigest": "sha256:bbbb", "imageTags": ["nightly-1"], "imagePushedAt": "2026-01-10T02:00:00+00:00", "imageStatus": "ARCHIVED", "lastArchivedAt": "2026-04-12T00:00:00+00:00"}
        ],
      },
      'images.json',
    );
    const now = Date.parse('2026-11-27T12:00:00Z');
    const ecr = simulateEcrLifecyclePolicy(parseEcrLifecyclePolicy(renderEcrLifecyclePolicy(compileToEcr(neutral).rules, 'docs'), 'ecr.json'), images, now);
    const expected = ['keep', 'keep', 'keep', 'expire', 'expire', 'keep', 'expire', 'keep', 'archive', 'keep', 'keep'];
    expect(ecr.decisions.map((d) => d.action)).toEqual(expected);
    expect(simulateRetentionPolicy(neutral, images, now).decisions.map((d) => d.action)).toEqual(expected);
  });

  test('drops rules whose selection an earlier rule already claims, and keeps the smallest untagged days', () => {
    const { rules } = compileToEcr(
      policy(
        RetentionRule.protect({ tagPatterns: ['v*'] }),
        RetentionRule.keepMostRecent({ count: 3, tagPatterns: ['v*'] }),
        RetentionRule.expireTagged({ days: 5, tagPatterns: ['v*', 'x'] }),
        RetentionRule.expireUntagged({ days: 9 }),
        RetentionRule.expireUntagged({ days: 2 }),
        RetentionRule.expireNotPulled({ days: 30, tagPatterns: ['x', 'y'] }),
      ),
    );
    expect(rules.map((r) => [r.tagStatus, r.tagPatternList?.[0], r.countNumber])).toEqual([
      [EcrTagStatus.TAGGED, 'v*', ECR_PROTECT_COUNT],
      [EcrTagStatus.TAGGED, 'x', 5],
      [EcrTagStatus.UNTAGGED, undefined, 2],
      [EcrTagStatus.TAGGED, 'y', 30],
    ]);
  });

  test('tagged archive rules at or above the unfiltered one are dropped; below it they come first', () => {
    const { rules } = compileToEcr(
      policy(
        RetentionRule.expireNotPulled({ days: 60 }),
        RetentionRule.expireNotPulled({ days: 90, tagPatterns: ['a*'] }),
        RetentionRule.expireNotPulled({ days: 30, tagPatterns: ['b*'] }),
      ),
    );
    expect(rules.map((r) => [r.tagStatus, r.tagPatternList?.[0], r.countNumber])).toEqual([
      [EcrTagStatus.TAGGED, 'b*', 30],
      [EcrTagStatus.ANY, undefined, 60],
    ]);
  });

  test('collapses repeated wildcards and rejects patterns with more than four', () => {
    expect(compileToEcr(policy(RetentionRule.protect({ tagPatterns: ['a**b'] }))).rules[0].tagPatternList).toEqual(['a*b']);
    expect(() => compileToEcr(policy(RetentionRule.protect({ tagPatterns: ['*a*b*c*d*'] })), {}, 'Stack/Repo')).toThrow(
      'Stack/Repo: rules[0].tagPatterns[0] cannot be expressed on ECR: it has 5 "*" wildcards, more than the 4 ECR allows in a pattern (got "*a*b*c*d*"); nearest: split it into simpler patterns',
    );
  });

  test('the repositories scope is left to whoever attaches the policy', () => {
    const scoped = RetentionPolicy.of({ rules: [RetentionRule.expireUntagged({ days: 1 })], repositories: ['team/*'] });
    expect(compileToEcr(scoped).rules).toHaveLength(1);
  });

  describe('what ECR cannot express: an error naming ECR, the rule and the nearest alternative', () => {
    const fails = (p: RetentionPolicy, ...parts: string[]) => {
      let error: Error | undefined;
      try {
        compileToEcr(p, {}, 'Stack/Repo');
      } catch (e) {
        error = e as Error;
      }
      expect(error).toBeInstanceOf(ValidationError);
      for (const part of parts) expect(error!.message).toContain(part);
    };

    test('expireNotPulled with EXPIRE', () => {
      fails(
        policy(RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE })),
        'Stack/Repo: rules[0].action cannot be expressed on ECR: ECR archives images by last pull time but cannot delete them by it (expireNotPulled [all] after 30d (expire)) (got "expire"); nearest: action ARCHIVE',
        'or expireTagged by push age (allowApproximations',
      );
    });
    test('keepMostRecent over several patterns', () => {
      fails(
        policy(RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['a*', 'b*'] })),
        'Stack/Repo: rules[0].tagPatterns cannot be expressed on ECR: ECR ANDs the patterns of one rule',
        '(got ["a*","b*"]); nearest: one pattern per keepMostRecent',
      );
    });
    test('several keepMostRecent rules', () => {
      fails(
        policy(RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['a*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['b*'] })),
        'Stack/Repo: rules[1] cannot be expressed on ECR next to rules[0] (keepMostRecent 5 [a*]): ECR judges an image by the first rule',
        '(got "keepMostRecent 2 [b*]"); nearest: one keepMostRecent rule per policy on ECR, or allowApproximations',
      );
    });
    test('an archive rule with fewer days than an overlapping expire rule', () => {
      fails(
        policy(RetentionRule.expireTagged({ days: 30, tagPatterns: ['pr-*'] }), RetentionRule.expireNotPulled({ days: 7 })),
        'Stack/Repo: rules[1].days cannot be expressed on ECR: it is below the 30 days of rules[0] (expireTagged [pr-*] after 30d) that can select the same images',
        '(got 7); nearest: at least 30 days',
      );
    });
    test('an untagged expiry does not overlap a tagged archive rule', () => {
      expect(compileToEcr(policy(RetentionRule.expireUntagged({ days: 30 }), RetentionRule.expireNotPulled({ days: 7, tagPatterns: ['a'] }))).warnings).toEqual([]);
    });
    test('more rules than ECR allows', () => {
      const many = Array.from({ length: 51 }, (_, i) => `t${i}`);
      fails(policy(RetentionRule.protect({ tagPatterns: many })), 'Stack/Repo: rules cannot be expressed on ECR: they compile to a policy that breaks an ECR limit: ecrRules has 51 rules');
    });
  });

  describe('each rejected combination has a witness: its approximation decides some images differently', () => {
    const NOW = Date.UTC(2026, 0, 1);
    const DAY = 86_400_000;
    const img = (digest: string, tags: string[], pushedDaysAgo: number, pulledDaysAgo?: number) => ({
      digest,
      tags,
      pushedAt: NOW - pushedDaysAgo * DAY,
      ...(pulledDaysAgo === undefined ? {} : { lastPulledAt: NOW - pulledDaysAgo * DAY }),
    });
    const differs = (p: RetentionPolicy, images: ReturnType<typeof img>[]) => {
      const neutral = simulateRetentionPolicy(p, images, NOW).decisions.map((d) => d.action);
      const ecr = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(compileToEcr(p, { allowApproximations: true }).rules, 't'), images, NOW).decisions.map((d) => d.action);
      expect(() => compileToEcr(p)).toThrow(ValidationError);
      expect(ecr).not.toEqual(neutral);
    };
    test('one window over several patterns', () => {
      differs(policy(RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['a*', 'b*'] })), [img('x', ['a1'], 2), img('y', ['b1'], 1)]);
    });
    test('two windows selecting the same image', () => {
      differs(policy(RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['a*'] }), RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['b*'] })), [
        img('x', ['a1', 'b1'], 3),
        img('y', ['a2'], 1),
      ]);
    });
    test('deleting by pull time', () => {
      differs(policy(RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE })), [img('x', ['a1'], 60, 1)]);
    });
    test('archiving sooner than an overlapping expiry', () => {
      differs(policy(RetentionRule.expireTagged({ days: 30, tagPatterns: ['a*'] }), RetentionRule.expireNotPulled({ days: 7 })), [img('x', ['a1'], 10)]);
    });
  });

  describe('approximations (allowApproximations)', () => {
    test('each one used is reported and the result is a valid ECR policy', () => {
      const p = policy(
        RetentionRule.keepMostRecent({ count: 5, tagPatterns: ['a*', 'b*'] }),
        RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['c*'] }),
        RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE }),
        RetentionRule.expireNotPulled({ days: 7, tagPatterns: ['d*'] }),
      );
      const { rules, warnings } = compileToEcr(p, { allowApproximations: true });
      expect(warnings).toHaveLength(4);
      expect(warnings[0]).toContain('keeps the 5 most recent images per pattern');
      expect(warnings[1]).toContain('judged by the first of them');
      expect(warnings[2]).toContain('compiled as expiry 30 days after push');
      expect(warnings[3]).toContain('only expired by push age, never archived');
      expect(JSON.parse(renderEcrLifecyclePolicy(rules, 'test')).rules).toHaveLength(6);
    });
  });
});
