import { DAY_MS, ImageAction, ImageRecord, RetentionPolicy, RetentionRule, simulateRetentionPolicy } from '../../support/core';

const NOW = Date.UTC(2026, 0, 1);
const INDEX = 'application/vnd.oci.image.index.v1+json';
const img = (digest: string, tags: string[], days: number, extra: Partial<ImageRecord> = {}): ImageRecord => ({ digest: `sha256:${digest}`, tags, pushedAt: NOW - days * DAY_MS, repository: 'app', ...extra });
const run = (policy: RetentionPolicy, images: ImageRecord[]) => simulateRetentionPolicy(policy, images, NOW).decisions.map((d) => `${d.digest.slice(7)}:${d.action}`);

describe('the neutral model keeps what a kept index references and what is attached to a kept image', () => {
  const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 }), RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 14 })] });

  test('the issue: expireUntagged no longer removes the platform manifests of a protected v3.0.0 index', () => {
    const images = [img('idx', ['v3.0.0'], 60, { mediaType: INDEX, references: ['sha256:amd', 'sha256:arm'] }), img('amd', [], 60), img('arm', [], 60), img('stray', [], 60)];
    const result = simulateRetentionPolicy(policy, images, NOW);
    expect(result.decisions.map((d) => `${d.digest.slice(7)}:${d.action}`)).toEqual(['idx:keep', 'amd:keep', 'arm:keep', 'stray:expire']);
    expect(result.decisions[1].reason).toBe('referenced by index sha256:idx, which is kept (otherwise rules[1] (expireUntagged after 7d): untagged, pushed 60 days ago)');
  });

  test('nested indexes and referrer chains (a signature of an SBOM of a kept image) are kept', () => {
    const images = [
      img('top', ['v1'], 60, { mediaType: INDEX, references: ['sha256:mid'] }),
      img('mid', [], 60, { mediaType: INDEX, references: ['sha256:leaf'] }),
      img('leaf', [], 60),
      img('sbom', [], 60, { subject: 'sha256:top' }),
      img('sig', [], 60, { subject: 'sha256:sbom' }),
    ];
    expect(run(policy, images)).toEqual(['top:keep', 'mid:keep', 'leaf:keep', 'sbom:keep', 'sig:keep']);
  });

  test('the children and referrers of an expired image are not held; other repositories never hold each other', () => {
    const images = [
      img('pr', ['pr-1'], 60, { mediaType: INDEX, references: ['sha256:c'] }),
      img('c', [], 60),
      img('sig', [], 60, { subject: 'sha256:pr' }),
      img('v', ['v1'], 60, { repository: 'other', mediaType: INDEX, references: ['sha256:c'] }),
    ];
    expect(run(policy, images)).toEqual(['pr:expire', 'c:expire', 'sig:expire', 'v:keep']);
  });

  test('a referrer with a subject outside the listing is judged on its own', () => {
    expect(run(policy, [img('sig', [], 60, { subject: 'sha256:gone' })])).toEqual(['sig:expire']);
    expect(simulateRetentionPolicy(policy, [img('sig', [], 1, { subject: 'sha256:gone' })], NOW).decisions[0].action).toBe(ImageAction.KEEP);
  });
});
