import { HarborRetentionPolicy, harborDialect, simulateHarborRetention } from '../../../../lib/core/retention/harbor';
import { DAY_MS, ImageAction, ImageRecord, StorageClass } from '../../../../lib/core/retention/image';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const img = (digest: string, repository: string, tags: string[], pushedDaysAgo: number, pulledDaysAgo?: number): ImageRecord => ({
  digest,
  repository,
  tags,
  pushedAt: NOW - pushedDaysAgo * DAY_MS,
  ...(pulledDaysAgo !== undefined ? { lastPulledAt: NOW - pulledDaysAgo * DAY_MS } : {}),
});
const expired = (policy: HarborRetentionPolicy, images: ImageRecord[]) =>
  simulateHarborRetention(policy, images, NOW)
    .decisions.filter((d) => d.action === ImageAction.EXPIRE)
    .map((d) => d.digest)
    .sort();

/** Harbor docs "Create Tag Retention Rules": repository A has 100 images pulled in the last week, B-E 6 each not pulled for a month. */
function docsProject(): ImageRecord[] {
  const images: ImageRecord[] = [];
  for (let i = 0; i < 100; i++) images.push(img(`sha256:a${String(i).padStart(3, '0')}`, 'a', [`t${i}`], 50, (i % 7) + i / 1000));
  for (const r of ['b', 'c', 'd', 'e']) for (let i = 0; i < 6; i++) images.push(img(`sha256:${r}${i}`, r, [`t${i}`], 60, i % 2 === 0 ? 40 : undefined));
  return images;
}

describe('simulateHarborRetention', () => {
  test('Harbor docs example 1: retain the 10 most recently pulled per repository keeps 34 of 124', () => {
    const policy: HarborRetentionPolicy = { rules: [{ mostRecentlyPulled: 10, repoMatching: '**', tagMatching: '**' }] };
    const result = simulateHarborRetention(policy, docsProject(), NOW);
    expect(result.decisions.filter((d) => d.action === ImageAction.KEEP)).toHaveLength(34);
    // The 10 most recently pulled of A are the ones pulled 0 days (+ i/1000) ago: i = 0, 7, 14, ... 63.
    const keptA = result.decisions.filter((d) => d.repository === 'a' && d.action === ImageAction.KEEP).map((d) => d.digest);
    expect(keptA).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 63].map((i) => `sha256:a${String(i).padStart(3, '0')}`));
  });

  test('Harbor docs example 2: retain what was pulled within 7 days keeps the 100 of A and none of B-E', () => {
    const policy: HarborRetentionPolicy = { rules: [{ nDaysSinceLastPull: 7, repoMatching: '**', tagMatching: '**' }] };
    const result = simulateHarborRetention(policy, docsProject(), NOW);
    expect(result.decisions.filter((d) => d.action === ImageAction.KEEP).map((d) => d.repository)).toEqual(new Array(100).fill('a'));
  });

  test('the provider docs example: rules are OR-ed, each with its own tag selector', () => {
    const policy: HarborRetentionPolicy = {
      schedule: 'Daily',
      rules: [
        { nDaysSinceLastPull: 5, repoMatching: '**', tagMatching: 'latest' },
        { nDaysSinceLastPush: 10, repoMatching: '**', tagMatching: '{latest,snapshot}' },
      ],
    };
    const images = [
      img('sha256:01', 'app', ['latest'], 30, 1), // pulled recently: rule 0
      img('sha256:02', 'app', ['snapshot'], 3), // pushed recently: rule 1
      img('sha256:03', 'app', ['snapshot'], 20, 1), // snapshot pulled recently, but only rule 1 selects it
      img('sha256:04', 'app', ['v1'], 1), // matches no tag selector
      img('sha256:05', 'app', [], 1), // untagged: both rules select untagged by default
    ];
    expect(expired(policy, images)).toEqual(['sha256:03', 'sha256:04']);
    const d = simulateHarborRetention(policy, images, NOW).decisions;
    expect(d[0].rule).toBe('rules[0] nDaysSinceLastPull');
    expect(d[1].reason).toContain('retained by rules[1] nDaysSinceLastPush (nDaysSinceLastPush 10, tag_matching "{latest,snapshot}"');
    expect(d[3].reason).toContain('retained by none of the rules');
  });

  test('repositories no enabled rule selects are left alone; disabled rules are skipped', () => {
    const policy: HarborRetentionPolicy = {
      rules: [
        { mostRecentlyPushed: 1, repoMatching: 'team/**', tagMatching: '**' },
        { alwaysRetain: true, repoMatching: '**', tagMatching: '**', disabled: true },
      ],
    };
    const images = [img('sha256:01', 'team/a', ['1'], 1), img('sha256:02', 'team/a', ['2'], 2), img('sha256:03', 'other', ['1'], 9)];
    const d = simulateHarborRetention(policy, images, NOW).decisions;
    expect(d.map((x) => x.action)).toEqual([ImageAction.KEEP, ImageAction.EXPIRE, ImageAction.KEEP]);
    expect(d[2].reason).toContain('no enabled rule applies to repository "other"');
  });

  test('repo_excluding applies the rule to every other repository', () => {
    const policy: HarborRetentionPolicy = { rules: [{ mostRecentlyPushed: 1, repoExcluding: '{legacy,tmp}', tagMatching: '**' }] };
    const images = [img('sha256:01', 'app', ['1'], 1), img('sha256:02', 'app', ['2'], 2), img('sha256:03', 'legacy', ['1'], 1), img('sha256:04', 'legacy', ['2'], 2)];
    expect(expired(policy, images)).toEqual(['sha256:02']);
  });

  test('tag_matching selects an image when any tag matches; tag_excluding when any tag does not match', () => {
    const images = [img('sha256:01', 'app', ['v1', 'latest'], 50), img('sha256:02', 'app', ['v2'], 50), img('sha256:03', 'app', ['dev'], 50)];
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagMatching: 'v*' }] }, images)).toEqual(['sha256:03']);
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagExcluding: 'v*' }] }, images)).toEqual(['sha256:02']);
  });

  test('untagged_artifacts: with tag_matching true selects untagged; with tag_excluding Harbor inverts it', () => {
    const images = [img('sha256:01', 'app', [], 50), img('sha256:02', 'app', ['x'], 50)];
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagMatching: 'v*', untaggedArtifacts: true }] }, images)).toEqual(['sha256:02']);
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagMatching: 'v*', untaggedArtifacts: false }] }, images)).toEqual(['sha256:01', 'sha256:02']);
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagExcluding: '**', untaggedArtifacts: true }] }, images)).toEqual(['sha256:01', 'sha256:02']);
    expect(expired({ rules: [{ alwaysRetain: true, repoMatching: '**', tagExcluding: '**', untaggedArtifacts: false }] }, images)).toEqual(['sha256:02']);
  });

  test('never pulled (Go zero time): fails every pull window short of ~719,000 days, but still fills latestPulledN windows (sorted last)', () => {
    const images = [img('sha256:01', 'app', ['a'], 1), img('sha256:02', 'app', ['b'], 1, 100), img('sha256:03', 'app', ['c'], 1, 0.5)];
    expect(expired({ rules: [{ nDaysSinceLastPull: 36500, repoMatching: '**', tagMatching: '**' }] }, images)).toEqual(['sha256:01']);
    // Harbor accepts up to 20190904 days, which reaches back past year 1: then never-pulled artifacts pass too.
    expect(expired({ rules: [{ nDaysSinceLastPull: 20190904, repoMatching: '**', tagMatching: '**' }] }, images)).toEqual([]);
    expect(expired({ rules: [{ mostRecentlyPulled: 2, repoMatching: '**', tagMatching: '**' }] }, images)).toEqual(['sha256:01']);
    expect(expired({ rules: [{ mostRecentlyPulled: 3, repoMatching: '**', tagMatching: '**' }] }, images)).toEqual([]);
  });

  test('day windows compare whole seconds with >=: exactly N days ago is retained, one second more is not', () => {
    const images: ImageRecord[] = [
      { digest: 'sha256:01', repository: 'app', tags: ['a'], pushedAt: NOW - 7 * DAY_MS },
      { digest: 'sha256:02', repository: 'app', tags: ['a'], pushedAt: NOW - 7 * DAY_MS - 1000 },
    ];
    const policy: HarborRetentionPolicy = { rules: [{ nDaysSinceLastPush: 7, repoMatching: '**', tagMatching: '**' }] };
    expect(expired(policy, images)).toEqual(['sha256:02']);
    // Both times are truncated to seconds: 999 ms later the first image is still on the cut, and retained.
    const later = simulateHarborRetention(policy, images, NOW + 999).decisions.map((d) => d.action);
    expect(later).toEqual([ImageAction.KEEP, ImageAction.EXPIRE]);
  });

  test('latestPushedK ties within one second are broken by digest and reported', () => {
    const images: ImageRecord[] = [
      { digest: 'sha256:bb', repository: 'app', tags: ['a'], pushedAt: NOW - 500 },
      { digest: 'sha256:aa', repository: 'app', tags: ['b'], pushedAt: NOW - 100 },
    ];
    const result = simulateHarborRetention({ rules: [{ mostRecentlyPushed: 1, repoMatching: '**', tagMatching: '**' }] }, images, NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP]);
    expect(result.warnings.join()).toContain('tie on the same second');
  });

  test('archived records and images without a repository', () => {
    const images: ImageRecord[] = [
      { digest: 'sha256:01', tags: [], pushedAt: NOW - 90 * DAY_MS },
      { digest: 'sha256:02', repository: 'app', tags: [], pushedAt: NOW - 90 * DAY_MS, storageClass: StorageClass.ARCHIVE },
    ];
    const result = simulateHarborRetention({ rules: [{ nDaysSinceLastPush: 7, repoMatching: 'nothing-matches', tagMatching: '**' }] }, images, NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP]);
    expect(result.warnings.join()).toContain('without a repository');
  });

  test('harborDialect drives parse and simulate for the CLI', () => {
    const policy = harborDialect.parsePolicy({ rule: [{ most_recently_pushed: 1, repo_matching: '**', tag_matching: '**' }] }, 'p.json');
    const images = harborDialect.parseImages(
      [
        { digest: 'sha256:01', repository_name: 'proj/app', push_time: '2026-11-20T00:00:00.000Z', pull_time: '0001-01-01T00:00:00.000Z', tags: [{ name: 'a' }] },
        { digest: 'sha256:02', repository_name: 'proj/app', push_time: '2026-11-21T00:00:00.000Z', pull_time: '0001-01-01T00:00:00.000Z', tags: null },
      ],
      'i.json',
    );
    expect(harborDialect.simulate(policy, images, NOW).decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP]);
    expect(harborDialect.name).toBe('harbor');
  });

  test('100,000 images against 10 rules in well under a second', () => {
    const images: ImageRecord[] = [];
    for (let i = 0; i < 100_000; i++) images.push({ digest: `sha256:${i}`, repository: `r${i % 50}`, tags: i % 3 === 0 ? [] : [`v${i % 97}.${i % 13}`, `b-${i % 11}`], pushedAt: NOW - (i % 400) * 3_600_000, lastPulledAt: i % 5 ? NOW - (i % 90) * DAY_MS : undefined });
    const policy: HarborRetentionPolicy = {
      rules: [
        { alwaysRetain: true, repoMatching: '**', tagMatching: '{v1.*,v2.*}', untaggedArtifacts: false },
        { mostRecentlyPushed: 10, repoMatching: 'r1*', tagMatching: 'v*' },
        { mostRecentlyPulled: 5, repoMatching: '**', tagMatching: 'b-*' },
        { nDaysSinceLastPull: 30, repoMatching: '**', tagMatching: '**' },
        { nDaysSinceLastPush: 7, repoMatching: '**', tagExcluding: 'b-*', untaggedArtifacts: false },
        { mostRecentlyPushed: 3, repoMatching: '**', tagMatching: '*.1' },
        { nDaysSinceLastPush: 2, repoMatching: 'r2*', tagMatching: '**' },
        { alwaysRetain: true, repoMatching: 'r49', tagMatching: '**' },
        { mostRecentlyPulled: 50, repoMatching: '**', tagMatching: '**' },
        { nDaysSinceLastPull: 1, repoExcluding: 'r3*', tagMatching: '{b-1,b-2}' },
      ],
    };
    const result = simulateHarborRetention(policy, images, NOW);
    expect(result.decisions).toHaveLength(100_000);
  });
});

describe('index children, accessories and the traps a user cannot see', () => {
  const INDEX = 'application/vnd.oci.image.index.v1+json';
  const images = (): ImageRecord[] => [
    { ...img('sha256:i1', 'app', ['v3.0.0'], 30), mediaType: INDEX, references: ['sha256:c1', 'sha256:c2'] },
    img('sha256:c1', 'app', [], 30),
    img('sha256:c2', 'app', [], 30),
    { ...img('sha256:s1', 'app', [], 30), subject: 'sha256:i1' },
    { ...img('sha256:i2', 'app', ['pr-1'], 40), mediaType: INDEX, references: ['sha256:c3'] },
    img('sha256:c3', 'app', [], 40),
  ];
  const policy: HarborRetentionPolicy = { rules: [{ mostRecentlyPushed: 1, repoMatching: '**', tagMatching: '**', untaggedArtifacts: true }] };

  test('children and accessories are no candidates: they follow their index or subject and take no place in the window', () => {
    const r = simulateHarborRetention(policy, images(), NOW);
    expect(r.decisions.map((d) => `${d.digest.slice(7)}:${d.action}`)).toEqual(['i1:keep', 'c1:keep', 'c2:keep', 's1:keep', 'i2:expire', 'c3:expire']);
    expect(r.decisions[1].reason).toBe('a child of index sha256:i1, which is retained: Harbor keeps it with it');
    expect(r.decisions[3].reason).toBe('an accessory of sha256:i1, which is retained: Harbor keeps it with it');
    expect(r.decisions[5].reason).toBe('a child of an index or an accessory whose index or subject is deleted: Harbor deletes it with it');
    expect(r.warnings).toContain('4 index children or accessories in the listing are not retention candidates: Harbor keeps or deletes them with their index or subject');
  });

  test('untagged artifacts take places in a latestPushedK window, and the simulator says so', () => {
    const r = simulateHarborRetention({ rules: [{ mostRecentlyPushed: 2, repoMatching: '**', tagMatching: '**', untaggedArtifacts: true }] }, [img('sha256:u', 'app', [], 1), img('sha256:v1', 'app', ['v1'], 2), img('sha256:v0', 'app', ['v0'], 3)], NOW);
    expect(r.decisions.map((d) => d.action)).toEqual(['keep', 'keep', 'expire']);
    expect(r.warnings).toContain('rules[0] latestPushedK: untagged artifacts are selected (untagged_artifacts true), so they take places among the 2 it retains; set untagged_artifacts = false to count tagged artifacts only');
    const tagged = simulateHarborRetention({ rules: [{ mostRecentlyPushed: 2, repoMatching: '**', tagMatching: '**', untaggedArtifacts: false }] }, [img('sha256:u', 'app', [], 1), img('sha256:v1', 'app', ['v1'], 2), img('sha256:v0', 'app', ['v0'], 3)], NOW);
    expect(tagged.decisions.map((d) => d.action)).toEqual(['expire', 'keep', 'keep']);
    expect(tagged.warnings).toEqual([]);
  });

  test('an always-retain rule with untagged_artifacts left at the default keeps every untagged artifact, and says so', () => {
    const r = simulateHarborRetention({ rules: [{ alwaysRetain: true, repoMatching: '**', tagMatching: 'v*' }] }, [img('sha256:u', 'app', [], 400), img('sha256:p', 'app', ['pr-1'], 400)], NOW);
    expect(r.decisions.map((d) => d.action)).toEqual(['keep', 'expire']);
    expect(r.warnings).toContain("rules[0] always: untagged_artifacts is left at the provider's default (true), so this rule retains every untagged artifact of the repositories it selects; set untagged_artifacts = false to let them go");
    expect(simulateHarborRetention({ rules: [{ alwaysRetain: true, repoMatching: '**', tagMatching: 'v*', untaggedArtifacts: true }] }, [img('sha256:u', 'app', [], 400)], NOW).warnings).toEqual([]);
  });
});
