import { AcrImageRecord, AcrPurgePolicy, DAY_MS, ImageAction, parseAcrPurgeArgs, simulateAcrPurge } from '../../../support/core';

const NOW = Date.UTC(2026, 0, 1);
const ago = (days: number) => NOW - days * DAY_MS;
const img = (digest: string, tags: string[], days: number, extra: Partial<AcrImageRecord> = {}): AcrImageRecord => ({ digest: `sha256:${digest}`, tags, pushedAt: ago(days), repository: 'hello-world', ...extra });
const run = (text: string, images: AcrImageRecord[]) => simulateAcrPurge(parseAcrPurgeArgs(text, 'p.txt'), images, NOW);
const actions = (r: ReturnType<typeof run>) => r.decisions.map((d) => `${d.digest.slice(7)}:${d.action}:${(d.removedTags ?? []).join('+')}`);

describe('simulateAcrPurge follows the acr purge help examples (acr-cli cmd/acr/grammar.go)', () => {
  test('"--filter hello-world:.* --ago 1d" removes every tag last updated more than a day ago, and leaves the manifests', () => {
    const r = run(`acr purge -r example --filter "hello-world:.*" --ago 1d`, [img('a', ['v1'], 2), img('b', ['v2'], 0.5), img('c', [], 9)]);
    expect(actions(r)).toEqual(['a:keep:v1', 'b:keep:', 'c:keep:']);
    expect(r.decisions[0].reason).toContain('the manifest stays, untagged');
  });

  test('"--filter hello-world:^hello.* --ago 7d --keep 2" keeps the two newest of the tags it would delete; younger tags stay too', () => {
    const images = [img('a', ['hello-a'], 3), img('b', ['hello-b'], 8), img('c', ['hello-c'], 9), img('d', ['hello-d'], 10), img('e', ['other'], 30)];
    expect(actions(run(`acr purge --filter 'hello-world:^hello.*' --ago 7d --keep 2`, images))).toEqual(['a:keep:', 'b:keep:', 'c:keep:', 'd:keep:hello-d', 'e:keep:']);
  });

  test('"--filter hello-world:\\w*test\\w* --ago 5d --untagged": the tag regex is not anchored, and dangling manifests older than --ago go too', () => {
    const images = [img('a', ['mytest1'], 6), img('b', ['test'], 4), img('c', [], 6), img('d', [], 4), img('e', ['stable', 'v1-test'], 6)];
    const r = run(`acr purge -r example --filter 'hello-world:\\w*test\\w*' --ago 5d --untagged`, images);
    expect(actions(r)).toEqual(['a:expire:mytest1', 'b:keep:', 'c:expire:', 'd:keep:', 'e:keep:v1-test']);
    expect(r.decisions[4].reason).toContain('still tagged stable');
  });

  test('"--untagged-only" deletes every dangling manifest in every repository; with --ago 3d --keep 5 only the old ones, minus the 5 newest', () => {
    const images = [...Array(8)].map((_, i) => img(`u${i}`, [], i + 1, { repository: i % 2 ? 'a' : 'b' }));
    expect(run('acr purge --untagged-only', images).decisions.every((d) => d.action === ImageAction.EXPIRE)).toBe(true);
    // Older than 3 days: u3, u5, u7 in repository "a" and u4, u6 in "b"; --keep counts per repository.
    expect(actions(run('acr purge --untagged-only --ago 3d --keep 5', images)).filter((a) => a.includes('expire'))).toEqual([]);
    expect(actions(run('acr purge --untagged-only --ago 3d --keep 2', images)).filter((a) => a.includes('expire'))).toEqual(['u7:expire:']);
    expect(actions(run('acr purge --untagged-only --ago 3d --keep 1', images)).filter((a) => a.includes('expire'))).toEqual(['u5:expire:', 'u6:expire:', 'u7:expire:']);
  });

  test('"--filter hello-world:.* --untagged-only" uses only the repository part of the filter', () => {
    const images = [img('a', [], 9), img('b', ['v1'], 9), img('c', [], 9, { repository: 'other' })];
    expect(actions(run(`acr purge --filter 'hello-world:^nomatch$' --untagged-only`, images))).toEqual(['a:expire:', 'b:keep:', 'c:keep:']);
  });

  test('--keep also keeps the newest dangling manifests with --untagged (acr-cli passes keep to purgeDanglingManifests)', () => {
    const images = [img('a', ['t1'], 10), img('b', ['t2'], 11), img('c', ['t3'], 12)];
    // Tags: keep 1 → t1 stays, t2 and t3 go; dangling: b and c, keep 1 → b stays (newer), c deleted.
    expect(actions(run(`acr purge --filter 'hello-world:.*' --ago 1d --keep 1 --untagged`, images))).toEqual(['a:keep:', 'b:keep:t2', 'c:expire:t3']);
  });
});

describe('simulateAcrPurge: details of acr-cli', () => {
  test('a repository regex is wrapped as ^…$ without a group, so "app|api" also matches "apples-api" and "apps"', () => {
    const images = ['app', 'apps', 'my-api', 'web'].map((repository, i) => img(`${i}`, [`t${i}`], 9, { repository }));
    expect(actions(run(`acr purge --filter 'app|api:.*' --ago 1d`, images))).toEqual(['0:keep:t0', '1:keep:t1', '2:keep:t2', '3:keep:']);
  });

  test('a repository name without metacharacters is literal', () => {
    const images = [img('a', ['t'], 9, { repository: 'team/api' }), img('b', ['t'], 9, { repository: 'team/api2' })];
    expect(actions(run(`acr purge --filter 'team/api:.*' --ago 1d`, images))).toEqual(['a:keep:t', 'b:keep:']);
  });

  test('a listing that names no repository is refused for a filter that names one (issue: pr-650 of payments/worker)', () => {
    const images = [img('w', ['pr-650'], 30, { repository: undefined })];
    expect(() => run(`acr purge --filter 'payments/api:^pr-.*$' --ago 14d`, images)).toThrow(
      'images: purge[0].filters[0] names a repository, but the listing names none (got "payments/api"); give the repository: registry-lifecycle preview --repository REPO',
    );
    // The same image, named, is outside the filter and keeps its tag.
    expect(actions(run(`acr purge --filter 'payments/api:^pr-.*$' --ago 14d`, [{ ...images[0], repository: 'payments/worker' }]))).toEqual(['w:keep:']);
    // A filter that names every repository needs no name.
    expect(actions(run(`acr purge --filter '.*:^pr-.*$' --ago 14d`, images))).toEqual(['w:keep:pr-650']);
  });

  test('"more than --ago" is strict, and tag last-update times override the push time', () => {
    const images = [img('a', ['x'], 7), img('b', ['y'], 0, { tagUpdatedAt: { y: ago(7) - 1 } }), img('c', ['z'], 30, { tagUpdatedAt: { z: ago(1) } })];
    expect(actions(run(`acr purge --filter 'hello-world:.*' --ago 7d`, images))).toEqual(['a:keep:', 'b:keep:y', 'c:keep:']);
  });

  test('locked manifests and tags are skipped unless --include-locked', () => {
    const images = [img('a', [], 9, { locked: true }), img('b', ['keepme', 'old'], 9, { lockedTags: ['keepme'] })];
    expect(actions(run(`acr purge --filter 'hello-world:.*' --ago 1d --untagged`, images))).toEqual(['a:keep:', 'b:keep:old']);
    expect(actions(run(`acr purge --filter 'hello-world:.*' --ago 1d --untagged --include-locked`, images))).toEqual(['a:expire:', 'b:expire:keepme+old']);
  });

  test('an index that keeps a tag (or is too young) shields the manifests it references, nested indexes included', () => {
    const index = 'application/vnd.oci.image.index.v1+json';
    const images = [
      img('idx', ['v1'], 9, { mediaType: index, references: ['sha256:inner', 'sha256:c1'] }),
      img('inner', [], 9, { mediaType: index, references: ['sha256:c2'] }),
      img('c1', [], 9),
      img('c2', [], 9),
      img('old', [], 9, { mediaType: index, references: ['sha256:c3'] }),
      img('c3', [], 9),
    ];
    expect(actions(run('acr purge --untagged-only --ago 1d', images))).toEqual(['idx:keep:', 'inner:keep:', 'c1:keep:', 'c2:keep:', 'old:expire:', 'c3:expire:']);
  });

  test('commands run in order: the second --keep counts only the tags the first left', () => {
    const images = [img('a', ['b-1'], 2), img('b', ['b-2'], 3), img('c', ['b-3'], 4), img('d', ['b-4'], 5)];
    const r = run(`acr purge --filter 'hello-world:^b-1$' --ago 1d\nacr purge --filter 'hello-world:^b-' --ago 0d --keep 2\nacr purge --untagged-only`, images);
    expect(actions(r)).toEqual(['a:expire:b-1', 'b:keep:', 'c:keep:', 'd:expire:b-4']);
    expect(r.decisions[0].rule).toBe('purge[2]');
    expect(r.decisions[3].reason).toBe('tag b-4 removed by purge[1]; untagged manifest deleted by purge[2]');
  });

  test('--dry-run deletes nothing, and says so', () => {
    const r = run(`acr purge --filter 'hello-world:.*' --ago 0d --untagged --dry-run`, [img('a', ['v1'], 1)]);
    expect(actions(r)).toEqual(['a:keep:']);
    expect(r.warnings[0]).toContain('purge[0] has --dry-run');
  });

  test('the untagged retention policy deletes at once (0 days) what the run untagged, and leaves older untagged manifests alone', () => {
    const images = [img('a', ['v1'], 9), img('b', [], 9), img('c', ['v2'], 9, { locked: true })];
    const zero = simulateAcrPurge(AcrPurgePolicy.of({ commands: [...parseAcrPurgeArgs(`acr purge --filter 'hello-world:.*' --ago 1d --include-locked`).commands], untaggedRetentionDays: 0 }), images, NOW);
    expect(actions(zero)).toEqual(['a:expire:v1', 'b:keep:', 'c:keep:v2']);
    expect(zero.decisions[0].rule).toBe('untagged retention (0 days)');
    const week = simulateAcrPurge(parseAcrPurgeArgs(`acr purge --filter 'hello-world:.*' --ago 1d\naz acr config retention update -r example --status enabled --days 7 --type UntaggedManifests`), images, NOW);
    expect(actions(week)[0]).toBe('a:keep:v1');
    expect(week.decisions[0].reason).toContain('deletes the manifest in 7 days');
  });

  test('--ago beyond 150 years is capped as acr-cli does, with a warning', () => {
    const r = run(`acr purge --filter 'hello-world:.*' --ago 60000d`, [img('a', ['v1'], 150 * 365 + 1)]);
    expect(actions(r)).toEqual(['a:keep:v1']);
    expect(r.warnings).toEqual(['purge[0]: --ago 60000d is capped at 150 years, as acr-cli does']);
  });

  test('100,000 images against 10 commands stay well under a second', () => {
    const images = [...Array(100_000)].map((_, i): AcrImageRecord => ({ digest: `sha256:${i}`, tags: i % 3 ? [`t${i}`] : [], pushedAt: NOW - i * 37_000, repository: `r${i % 50}` }));
    const text = [...Array(10)].map((_, i) => `acr purge --filter 'r${i}.*:^t.*${i}$' --ago ${i}d --keep 3 --untagged`).join('\n');
    const policy = parseAcrPurgeArgs(text);
    const r = simulateAcrPurge(policy, images, NOW);
    expect(r.decisions).toHaveLength(100_000);
    expect(r.decisions.filter((d) => d.action === ImageAction.EXPIRE).length).toBeGreaterThan(1000);
  });
});

describe('simulateAcrPurge: untagging refreshes lastUpdateTime, and referrers', () => {
  test('the issue\'s two steps: a manifest the first step untags is fresh to the second step\'s --ago 7d and stays', () => {
    const policy = `acr purge --filter 'app:^pr-.*$' --ago 14d\nacr purge --filter 'app:.*' --untagged-only --ago 7d`;
    const images = [
      img('pr1', ['pr-1'], 30, { repository: 'app' }),
      img('pr2', ['pr-2'], 20, { repository: 'app' }),
      img('old', [], 30, { repository: 'app' }),
      img('new', [], 3, { repository: 'app' }),
    ];
    const r = run(policy, images);
    expect(actions(r)).toEqual(['pr1:keep:pr-1', 'pr2:keep:pr-2', 'old:expire:', 'new:keep:']);
    expect(r.decisions[0].reason).toContain('untagging refreshed its lastUpdateTime, so the later --untagged step with --ago sees a fresh manifest');
    // A later step without --ago (or --ago 0d) does delete it, as do --untagged on the same command and retention 0.
    expect(actions(run(`acr purge --filter 'app:^pr-.*$' --ago 14d\nacr purge --filter 'app:.*' --untagged-only`, images))).toEqual(['pr1:expire:pr-1', 'pr2:expire:pr-2', 'old:expire:', 'new:expire:']);
    expect(actions(run(`acr purge --filter 'app:^pr-.*$' --ago 14d --untagged`, images))).toEqual(['pr1:expire:pr-1', 'pr2:expire:pr-2', 'old:expire:', 'new:keep:']);
  });

  test('acr purge never deletes a referrer; ACR deletes it with its subject (reported as a warning)', () => {
    const images = [
      img('img', [], 30, { repository: 'app' }),
      img('sig', [], 30, { repository: 'app', subject: 'sha256:img' }),
      img('kept', ['v1'], 30, { repository: 'app' }),
      img('sbom', [], 30, { repository: 'app', subject: 'sha256:kept' }),
    ];
    const r = run(`acr purge --filter 'app:.*' --untagged-only --ago 1d`, images);
    expect(actions(r)).toEqual(['img:expire:', 'sig:expire:', 'kept:keep:', 'sbom:keep:']);
    expect(r.decisions[1].reason).toBe('referrer deleted by ACR together with its subject sha256:img');
    expect(r.decisions[3].reason).toContain('a referrer (OCI subject), which acr purge never deletes');
    expect(r.warnings).toContain('1 referrer (OCI subject) deleted by ACR together with the subject the purge deletes; acr purge itself never deletes a referrer');
  });

  test('children of a kept index survive --untagged; children of a deleted, untagged index go', () => {
    const index = 'application/vnd.oci.image.index.v1+json';
    const images = [
      img('idx', ['v3.0.0'], 30, { repository: 'app', mediaType: index, references: ['sha256:amd', 'sha256:arm'] }),
      img('amd', [], 30, { repository: 'app' }),
      img('arm', [], 30, { repository: 'app' }),
      img('idx2', [], 30, { repository: 'app', mediaType: index, references: ['sha256:c2'] }),
      img('c2', [], 30, { repository: 'app' }),
    ];
    expect(actions(run(`acr purge --filter 'app:^pr-.*$' --ago 1d --untagged`, images))).toEqual(['idx:keep:', 'amd:keep:', 'arm:keep:', 'idx2:expire:', 'c2:expire:']);
  });
});
