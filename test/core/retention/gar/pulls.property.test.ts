import fc from 'fast-check';
import { applyGarPulls, garDialect, GarPullLog } from '../../../../lib/core/retention/gar';
import { DAY_MS, ImageAction, ImageRecord } from '../../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../../lib/core/retention/policy';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const PACKAGES = ['api', 'team/web'];
const TAGS = ['v1', 'v2', 'latest', 'dev-1'];

// Images of two packages; within a package a tag names at most one image, as in a registry.
const images = fc
  .array(fc.record({ repository: fc.constantFrom(...PACKAGES), tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }), age: fc.integer({ min: 0, max: 200 * DAY_MS }) }), { maxLength: 12 })
  .map((list): ImageRecord[] => {
    const taken = new Set<string>();
    return list.map((x, i) => {
      const tags = x.tags.filter((t) => !taken.has(`${x.repository}:${t}`));
      tags.forEach((t) => taken.add(`${x.repository}:${t}`));
      return { digest: `sha256:${i.toString(16).padStart(4, '0')}`, repository: x.repository, tags, pushedAt: NOW - x.age };
    });
  });

const scenario = images.chain((imgs) =>
  fc.record({
    images: fc.constant(imgs),
    days: fc.integer({ min: 1, max: 120 }),
    events: fc.array(
      fc.record({
        packageName: fc.constantFrom(...PACKAGES),
        reference: fc.constantFrom(...TAGS, ...imgs.map((i) => i.digest), 'sha256:ffff'),
        age: fc.integer({ min: 0, max: 200 * DAY_MS }),
      }),
      { maxLength: 20 },
    ),
  }),
);

describe('"not pulled in N days" with pull times from the audit log (gar dialect, neutral policy)', () => {
  test('an image is deleted exactly when no pull of its digest or current tags is within N days and it was pushed before that', () => {
    fc.assert(
      fc.property(scenario, ({ images: imgs, days, events }) => {
        const log: GarPullLog = { events: events.map((e) => ({ repositoryPath: 'acme/apps', packageName: e.packageName, reference: e.reference, time: NOW - e.age })), otherMethods: 0, failed: 0 };
        const policy = RetentionPolicy.of({ rules: [RetentionRule.expireNotPulled({ days, action: StaleImageAction.EXPIRE })] });
        const result = garDialect.simulate(policy, applyGarPulls(imgs, log).images, NOW);
        imgs.forEach((img, i) => {
          const pulls = log.events.filter((e) => e.packageName === img.repository && (e.reference === img.digest || img.tags.includes(e.reference))).map((e) => e.time);
          const last = pulls.length > 0 ? Math.max(...pulls) : img.pushedAt;
          const expected = NOW - last > days * DAY_MS ? ImageAction.EXPIRE : ImageAction.KEEP;
          expect(result.decisions[i].action).toBe(expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
