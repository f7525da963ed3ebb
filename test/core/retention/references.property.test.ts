import * as fc from 'fast-check';
import { ValidationError } from '../../../lib/core/errors';
import { compileToAcr, simulateAcrPurge } from '../../../lib/core/retention/acr';
import { buildEcrLifecyclePolicy, compileToEcr, simulateEcrLifecyclePolicy } from '../../../lib/core/retention/ecr';
import { compileToGar, simulateGarCleanupPolicies } from '../../../lib/core/retention/gar';
import { compileToHarbor, simulateHarborRetention } from '../../../lib/core/retention/harbor';
import { DAY_MS, ImageAction, ImageRecord, SimulationResult } from '../../../lib/core/retention/image';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../../lib/core/retention/policy';
import { simulateRetentionPolicy } from '../../../lib/core/retention/simulate';

/**
 * Image indexes and referrers in the neutral model and the native simulators, stated without the shared helper:
 * a kept index never loses a child, a kept image never loses a referrer, and compiling still preserves meaning
 * where the registry protects the same relation (ECR: manifest lists), or the simulator says it does not (GAR).
 */
const NOW = Date.UTC(2026, 0, 1);
const HOUR = DAY_MS / 24;
const INDEX = 'application/vnd.oci.image.index.v1+json';
const TAGS = ['v1', 'v2', 'pr-1', 'pr-2', 'main'];
const PATTERNS = ['v*', 'pr-*', '*', 'main'];

const imagesArb = (subjects: boolean): fc.Arbitrary<ImageRecord[]> =>
  fc
    .array(
      fc.record({
        repository: fc.constantFrom('app', 'web'),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }),
        pushedHoursAgo: fc.integer({ min: 0, max: 40 * 24 }),
        pulledFraction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        // Positions (modulo the listing's length) of the manifests an index references, or of a referrer's subject.
        children: fc.option(fc.uniqueArray(fc.nat(30), { minLength: 1, maxLength: 3 }), { nil: undefined }),
        subject: subjects ? fc.option(fc.nat(30), { nil: undefined }) : fc.constant(undefined),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((raw) => {
      // A manifest is either an index's child or a referrer, as pushed by build tools, never both.
      const withSubject = new Set(raw.map((r, i) => (r.subject !== undefined && r.subject % raw.length !== i && !r.children ? i : -1)).filter((i) => i >= 0));
      return raw.map((r, i): ImageRecord => {
        const pushedAt = NOW - r.pushedHoursAgo * HOUR;
        const digest = (k: number) => `sha256:${(k % raw.length).toString(16).padStart(4, '0')}`;
        const children = r.children?.filter((k) => k % raw.length !== i && !withSubject.has(k % raw.length)).map(digest);
        const subject = r.subject !== undefined && r.subject % raw.length !== i ? digest(r.subject) : undefined;
        return {
          digest: digest(i),
          repository: r.repository,
          tags: r.tags,
          pushedAt,
          ...(r.pulledFraction !== undefined ? { lastPulledAt: Math.round(pushedAt + (NOW - pushedAt) * r.pulledFraction) } : {}),
          ...(children && children.length > 0 ? { mediaType: INDEX, references: children } : {}),
          ...(subject !== undefined && withSubject.has(i) ? { subject } : {}),
        };
      });
    });

const patterns = fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 });
const days = fc.constantFrom(1, 3, 7, 14, 30);
const ruleArb = fc.oneof(
  patterns.map((tagPatterns) => RetentionRule.protect({ tagPatterns })),
  fc.record({ count: fc.integer({ min: 1, max: 3 }), tagPatterns: fc.constantFrom('v*', 'pr-*', '*').map((p) => [p]) }).map((o) => RetentionRule.keepMostRecent(o)),
  fc.record({ days, tagPatterns: patterns }).map((o) => RetentionRule.expireTagged(o)),
  days.map((d) => RetentionRule.expireUntagged({ days: d })),
  fc.record({ days, tagPatterns: fc.option(patterns, { nil: undefined }) }).map((o) => RetentionRule.expireNotPulled({ ...o, action: StaleImageAction.ARCHIVE })),
);
const policyArb = fc.array(ruleArb, { minLength: 1, maxLength: 4 }).map((rules) => RetentionPolicy.of({ rules }));

/** Expired images whose index (same repository) survives, or whose subject survives. */
function orphaned(images: readonly ImageRecord[], result: SimulationResult, follow: { index: boolean; subject: boolean }): string[] {
  const at = new Map(images.map((img, i) => [`${img.repository}|${img.digest}`, i]));
  const expired = (i: number) => result.decisions[i].action === ImageAction.EXPIRE;
  const out: string[] = [];
  images.forEach((img, i) => {
    if (expired(i)) return;
    if (follow.index) for (const d of img.references ?? []) if (at.has(`${img.repository}|${d}`) && expired(at.get(`${img.repository}|${d}`)!)) out.push(d);
  });
  images.forEach((img, i) => {
    const s = img.subject === undefined ? undefined : at.get(`${img.repository}|${img.subject}`);
    if (follow.subject && s !== undefined && !expired(s) && expired(i)) out.push(img.digest);
  });
  return out;
}

/** The contract's step 6 read literally: start from the decisions without relations, then keep whatever a survivor needs, until nothing changes. */
function referenceActions(policy: RetentionPolicy, images: readonly ImageRecord[]): ImageAction[] {
  const plain = images.map((img) => ({ digest: img.digest, repository: img.repository, tags: img.tags, pushedAt: img.pushedAt, ...(img.lastPulledAt !== undefined ? { lastPulledAt: img.lastPulledAt } : {}) }));
  const actions = simulateRetentionPolicy(policy, plain, NOW).decisions.map((d) => d.action);
  for (let changed = true; changed; ) {
    changed = false;
    images.forEach((img, i) => {
      if (actions[i] !== ImageAction.EXPIRE) return;
      const needed = images.some(
        (o, j) => actions[j] !== ImageAction.EXPIRE && o.repository === img.repository && ((o.references ?? []).includes(img.digest) || img.subject === o.digest),
      );
      if (needed) {
        actions[i] = ImageAction.KEEP;
        changed = true;
      }
    });
  }
  return actions;
}

describe('indexes and referrers', () => {
  test('neutral: no kept index ever loses a child and no kept image a referrer; decisions follow the contract literally', () => {
    fc.assert(
      fc.property(policyArb, imagesArb(true), (policy, images) => {
        const result = simulateRetentionPolicy(policy, images, NOW);
        expect(orphaned(images, result, { index: true, subject: true })).toEqual([]);
        expect(result.decisions.map((d) => d.action)).toEqual(referenceActions(policy, images));
      }),
      { numRuns: 1500 },
    );
  });

  test('ECR keeps what a kept manifest list references: neutral == ECR of the compiled policy on listings with indexes', () => {
    let compared = 0;
    fc.assert(
      fc.property(policyArb, imagesArb(false), (policy, images) => {
        let rules;
        try {
          rules = compileToEcr(policy).rules;
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          return;
        }
        compared++;
        const ecr = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(rules, 'test'), images, NOW);
        expect(orphaned(images, ecr, { index: true, subject: false })).toEqual([]);
        expect(ecr.decisions.map((d) => d.action)).toEqual(simulateRetentionPolicy(policy, images, NOW).decisions.map((d) => d.action));
      }),
      { numRuns: 1000 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  test('ECR deletes a referrer with its subject; GAR (undocumented) protects nothing and says so whenever a kept image loses one', () => {
    fc.assert(
      fc.property(policyArb, imagesArb(true), (policy, images) => {
        let ecrRules;
        try {
          ecrRules = compileToEcr(policy).rules;
        } catch {
          return;
        }
        const ecr = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(ecrRules, 'test'), images, NOW);
        const at = new Map(images.map((img, i) => [`${img.repository}|${img.digest}`, i]));
        images.forEach((img, i) => {
          const s = img.subject === undefined ? undefined : at.get(`${img.repository}|${img.subject}`);
          if (s !== undefined && ecr.decisions[s].action === ImageAction.EXPIRE) expect(ecr.decisions[i].action).toBe(ImageAction.EXPIRE);
        });
        expect(orphaned(images, ecr, { index: true, subject: true }).length > 0).toBe(ecr.warnings.some((w) => w.includes('ECR does not protect')));
        let gar;
        try {
          gar = compileToGar(policy, { allowApproximations: true }).policies;
        } catch {
          return;
        }
        const result = simulateGarCleanupPolicies(gar, images, NOW);
        expect(orphaned(images, result, { index: true, subject: true }).length > 0).toBe(result.warnings.some((w) => w.includes('does not protect')));
      }),
      { numRuns: 800 },
    );
  });
});

describe('native simulators never break a kept multi-platform image they protect', () => {
  test('ACR: an index that keeps a tag after the run never loses a child (acr purge skips what it references)', () => {
    fc.assert(
      fc.property(policyArb, imagesArb(false), (policy, images) => {
        let compiled;
        try {
          compiled = compileToAcr(policy, { allowApproximations: true });
        } catch {
          return;
        }
        // Platform manifests are pushed by digest: untagged.
        const children = new Set(images.flatMap((img) => (img.references ?? []).map((d) => `${img.repository}|${d}`)));
        images = images.map((img) => (children.has(`${img.repository}|${img.digest}`) ? { ...img, tags: [] } : img));
        const result = simulateAcrPurge(compiled.purgePolicy, images, NOW);
        const at = new Map(images.map((img, i) => [`${img.repository}|${img.digest}`, i]));
        images.forEach((img, i) => {
          const left = img.tags.filter((t) => !(result.decisions[i].removedTags ?? []).includes(t));
          if (result.decisions[i].action === ImageAction.EXPIRE || left.length === 0) return;
          for (const d of img.references ?? []) {
            const c = at.get(`${img.repository}|${d}`);
            if (c !== undefined) expect(result.decisions[c].action).toBe(ImageAction.KEEP);
          }
        });
      }),
      { numRuns: 800 },
    );
  });

  test('Harbor: a retained index keeps its children and a retained artifact its accessories; a deleted one takes them along', () => {
    fc.assert(
      fc.property(policyArb, imagesArb(true), (policy, images) => {
        let compiled;
        try {
          compiled = compileToHarbor(policy, { allowApproximations: true });
        } catch {
          return;
        }
        const result = simulateHarborRetention({ rules: compiled.rules, schedule: compiled.schedule }, images, NOW);
        expect(orphaned(images, result, { index: true, subject: true })).toEqual([]);
        const at = new Map(images.map((img, i) => [`${img.repository}|${img.digest}`, i]));
        images.forEach((img, i) => {
          const s = img.subject === undefined ? undefined : at.get(`${img.repository}|${img.subject}`);
          if (s !== undefined && result.decisions[s].action === ImageAction.EXPIRE) expect(result.decisions[i].action).toBe(ImageAction.EXPIRE);
        });
      }),
      { numRuns: 800 },
    );
  });
});
