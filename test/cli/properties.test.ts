import * as fc from 'fast-check';
import { run } from './run';

const DIGESTS = Array.from({ length: 12 }, (_, i) => `sha256:${String(i).repeat(64).slice(0, 64)}`);
const REPOS = ['team/api', 'team/worker', 'tools/ci'];
const TAGS = ['v1', 'v2', 'v1.1', 'latest', 'pr-1', 'pr-2', 'dev'];
const NOW = Date.UTC(2025, 5, 1);

/** Listings where a digest may recur across repositories (never twice in one), with any tags and times. */
const listing = fc
  .uniqueArray(fc.record({ digest: fc.constantFrom(...DIGESTS), repository: fc.constantFrom(...REPOS) }), { selector: (x) => `${x.repository}@${x.digest}`, maxLength: 25 })
  .chain((keys) =>
    fc.tuple(
      ...keys.map((k) =>
        fc.record({
          digest: fc.constant(k.digest),
          repository: fc.constant(k.repository),
          tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
          pushedAt: fc.integer({ min: NOW - 400 * 86_400_000, max: NOW }).map((ms) => new Date(ms).toISOString()),
          lastPulledAt: fc.option(fc.integer({ min: NOW - 400 * 86_400_000, max: NOW }).map((ms) => Math.floor(ms / 1000)), { nil: undefined }),
        }),
      ),
    ),
  );

const policy = JSON.stringify({
  rules: [
    { kind: 'protect', tagPatterns: ['latest'] },
    { kind: 'keepMostRecent', count: 2, tagPatterns: ['v*'] },
    { kind: 'expireUntagged', days: 30 },
    { kind: 'expireTagged', days: 60, tagPatterns: ['pr-*'] },
    { kind: 'expireNotPulled', days: 120, action: 'archive' },
  ],
});

describe('registry-lifecycle preview output invariants (neutral dialect, generated listings)', () => {
  test('every image appears exactly once across expired/archived/kept, has a reason, and the table agrees', () => {
    fc.assert(
      fc.property(listing, (images) => {
        const files = { 'p.json': policy, 'i.json': JSON.stringify({ images }) };
        const args = ['preview', '--dialect', 'neutral', '--policy', 'p.json', '--images', 'i.json', '--now', new Date(NOW).toISOString()];
        const json = run([...args, '--format', 'json'], { files });
        expect(json.code).toBe(0);
        const out = JSON.parse(json.stdout);
        expect(Object.keys(out)).toEqual(['expired', 'archived', 'kept', 'reasons']);

        const repoCount = new Map<string, number>();
        for (const i of images) repoCount.set(i.digest, (repoCount.get(i.digest) ?? 0) + 1);
        const ids = images.map((i) => (repoCount.get(i.digest)! > 1 ? `${i.repository}@${i.digest}` : i.digest));
        const listed = [...out.expired, ...out.archived, ...out.kept];
        expect([...listed].sort()).toEqual([...ids].sort());
        expect(new Set(listed).size).toBe(images.length);
        expect(Object.keys(out.reasons).sort()).toEqual([...ids].sort());
        // Each list keeps listing order.
        for (const list of [out.expired, out.archived, out.kept]) expect(list).toEqual(ids.filter((id) => list.includes(id)));

        const table = run(args, { files });
        const lines = table.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(images.length + 3);
        expect(lines[lines.length - 1]).toBe(
          `${images.length} image${images.length === 1 ? '' : 's'}: ${out.expired.length} expire, ${out.archived.length} archive, ${out.kept.length} keep (as of 2025-06-01T00:00:00.000Z)`,
        );
      }),
      { numRuns: 1000 },
    );
  });
});
