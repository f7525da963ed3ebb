import { DAY_MS, ImageAction, ImageRecord, StorageClass } from '../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../lib/core/retention/simulate';

const NOW = Date.UTC(2026, 0, 1);
const img = (digest: string, tags: string[], ageDays: number, extra: Partial<ImageRecord> = {}): ImageRecord => ({ digest, tags, pushedAt: NOW - ageDays * DAY_MS, ...extra });

function run(rules: RetentionRule[], images: ImageRecord[], repositories?: string[]) {
  const result = simulateRetentionPolicy(RetentionPolicy.of({ rules, repositories }), images, NOW);
  expect(result.decisions.map((d) => d.digest)).toEqual(images.map((i) => i.digest));
  const by = (a: ImageAction) => result.decisions.filter((d) => d.action === a).map((d) => d.digest).sort();
  return { expired: by(ImageAction.EXPIRE), archived: by(ImageAction.ARCHIVE), decisions: result.decisions };
}

describe('simulateRetentionPolicy: each clause of the contract', () => {
  test('1. protect keeps an image whatever else applies; any tag matching any pattern', () => {
    const images = [img('rel', ['v1', 'pr-9'], 100), img('latest', ['latest'], 100), img('pr', ['pr-1'], 100)];
    const r = run([RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }), RetentionRule.expireTagged({ days: 1, tagPatterns: ['*'] })], images);
    expect(r.expired).toEqual(['pr']);
    expect(r.decisions[0]).toMatchObject({ action: ImageAction.KEEP, rule: 'rules[0]' });
    expect(r.decisions[0].reason).toContain('protected by rules[0] (protect [v*, latest])');
  });

  test('1. a protect rule with an archive allowance archives stale protected images, inside a keep window too, unless a plain protect rule matches', () => {
    const images = [
      img('stale', ['v1.0.0'], 500, { lastPulledAt: NOW - 456 * DAY_MS }),
      img('fresh', ['v1.1.0'], 500, { lastPulledAt: NOW - 10 * DAY_MS }),
      img('never', ['v0.9.0'], 200),
      img('latest', ['v1.2.0', 'latest'], 400),
    ];
    const r = run(
      [
        RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }),
        RetentionRule.protect({ tagPatterns: ['latest'] }),
        RetentionRule.keepMostRecent({ count: 30, tagPatterns: ['*'] }),
      ],
      images,
    );
    expect(r.expired).toEqual([]);
    expect(r.archived).toEqual(['never', 'stale']);
    expect(r.decisions[0]).toMatchObject({ action: ImageAction.ARCHIVE, rule: 'rules[0]' });
    expect(r.decisions[0].reason).toBe('protected by rules[0] (protect [v*], archive after 180d not pulled), archived: last pulled 456 days ago');
    expect(r.decisions[3]).toMatchObject({ action: ImageAction.KEEP, rule: 'rules[1]' });
  });

  test('2. keepMostRecent keeps the N newest selected per repository, counting protected ones, and expires the rest', () => {
    const images = [
      img('v3', ['v3'], 1, { repository: 'a' }),
      img('v2', ['v2', 'stable'], 2, { repository: 'a' }),
      img('v1', ['v1'], 3, { repository: 'a' }),
      img('v0', ['v0'], 4, { repository: 'a' }),
      img('b1', ['v1'], 9, { repository: 'b' }),
    ];
    const r = run([RetentionRule.protect({ tagPatterns: ['stable'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['v*'] })], images);
    // v3 and v2 fill the window (v2 counts although protected); b1 is alone in its repository.
    expect(r.expired).toEqual(['v0', 'v1']);
    expect(r.decisions[1].reason).toContain('protected');
    expect(r.decisions[2].reason).toContain('rank 3, outside the 2 most recent');
  });

  test('2. a keepMostRecent window retains an image against every removal condition and other windows', () => {
    const images = [img('a-new', ['a1', 'b1'], 50), img('b-newer', ['b2'], 40), img('untagged', [], 60)];
    const r = run(
      [
        RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['a*'] }),
        RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['b*'] }),
        RetentionRule.expireTagged({ days: 10, tagPatterns: ['*'] }),
        RetentionRule.expireNotPulled({ days: 1, action: StaleImageAction.EXPIRE }),
      ],
      images,
    );
    // a-new is outside the b* window but inside the a* window: retained.
    expect(r.expired).toEqual(['untagged']);
  });

  test('3. expireTagged: a matching tag and pushed more than N days ago (strict)', () => {
    const images = [img('old', ['pr-1', 'x'], 8), img('edge', ['pr-2'], 7), img('other', ['main'], 30)];
    expect(run([RetentionRule.expireTagged({ days: 7, tagPatterns: ['pr-*'] })], images).expired).toEqual(['old']);
  });

  test('3. expireUntagged: untagged only', () => {
    const images = [img('u', [], 8), img('t', ['x'], 8), img('young', [], 1)];
    expect(run([RetentionRule.expireUntagged({ days: 7 })], images).expired).toEqual(['u']);
  });

  test('3. expireNotPulled EXPIRE uses the last pull, or the push when never pulled; no patterns means every image', () => {
    const images = [
      img('stale', ['a'], 100, { lastPulledAt: NOW - 40 * DAY_MS }),
      img('used', ['a'], 100, { lastPulledAt: NOW - 5 * DAY_MS }),
      img('never', [], 31),
    ];
    expect(run([RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE })], images).expired).toEqual(['never', 'stale']);
    expect(run([RetentionRule.expireNotPulled({ days: 30, action: StaleImageAction.EXPIRE, tagPatterns: ['a'] })], images).expired).toEqual(['stale']);
  });

  test('4. archive only when no removal condition holds', () => {
    const images = [img('both', ['pr-1'], 100), img('stale', ['main'], 100), img('fresh', ['main'], 100, { lastPulledAt: NOW - DAY_MS })];
    const r = run([RetentionRule.expireTagged({ days: 30, tagPatterns: ['pr-*'] }), RetentionRule.expireNotPulled({ days: 60 })], images);
    expect(r.expired).toEqual(['both']);
    expect(r.archived).toEqual(['stale']);
  });

  test('5. otherwise kept; archived images and out-of-scope repositories are left alone', () => {
    const images = [
      img('kept', ['main'], 1, { repository: 'team/api' }),
      img('archived', [], 500, { repository: 'team/api', storageClass: StorageClass.ARCHIVE }),
      img('elsewhere', [], 500, { repository: 'other/api' }),
      img('hit', [], 500, { repository: 'team/api' }),
      img('no-repo', [], 500),
    ];
    const r = run([RetentionRule.expireUntagged({ days: 1 })], images, ['team/*']);
    expect(r.expired).toEqual(['hit', 'no-repo']);
    expect(r.decisions.map((d) => d.reason)).toEqual([
      'no removal condition holds',
      'already in archive storage',
      'repository outside the policy scope',
      expect.stringContaining('untagged, pushed 500 days ago'),
      expect.stringContaining('untagged'),
    ]);
  });

  test('archived images do not take a place in a keepMostRecent window', () => {
    const images = [img('arch', ['v9'], 1, { storageClass: StorageClass.ARCHIVE }), img('v1', ['v1'], 2), img('v0', ['v0'], 3)];
    expect(run([RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['v*'] })], images).expired).toEqual(['v0']);
  });

  test('push-time ties break by digest ascending', () => {
    const images = [img('sha256:b', ['v1'], 1), img('sha256:a', ['v2'], 1)];
    expect(run([RetentionRule.keepMostRecent({ count: 1, tagPatterns: ['v*'] })], images).expired).toEqual(['sha256:b']);
  });

  test('100,000 images x 10 rules', () => {
    const images = Array.from({ length: 100_000 }, (_, i) => img(`sha256:${i}`, i % 4 === 0 ? [] : [`t${i % 11}-${i}`], (i % 300) + 0.5, { repository: `r${i % 5}` }));
    const rules = [
      RetentionRule.protect({ tagPatterns: ['t0-*'] }),
      ...Array.from({ length: 4 }, (_, k) => RetentionRule.keepMostRecent({ count: 50, tagPatterns: [`t${k + 1}-*`] })),
      ...Array.from({ length: 3 }, (_, k) => RetentionRule.expireTagged({ days: 30 + k, tagPatterns: [`t${k + 5}-*`] })),
      RetentionRule.expireUntagged({ days: 7 }),
      RetentionRule.expireNotPulled({ days: 90 }),
    ];
    const r = run(rules, images);
    expect(r.expired.length).toBeGreaterThan(0);
    expect(r.archived.length).toBeGreaterThan(0);
  });
});
