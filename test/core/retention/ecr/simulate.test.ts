import {
  buildEcrLifecyclePolicy,
  ecrDialect,
  ecrImagesWarnings,
  EcrCountType,
  EcrLifecycleRule,
  EcrRuleAction,
  EcrStorageClass,
  EcrTagStatus,
  parseEcrImages,
  simulateEcrLifecyclePolicy,
} from '../../../../lib/core/retention/ecr';
import { DAY_MS, ImageAction, ImageRecord, StorageClass } from '../../../../lib/core/retention/image';

const NOW = Date.UTC(2026, 0, 1);

function img(digest: string, tags: string[], ageDays: number, extra: Partial<ImageRecord> = {}): ImageRecord {
  return { digest, tags, pushedAt: NOW - ageDays * DAY_MS, ...extra };
}

/** The digests the policy acts on with `action`, sorted. */
function acted(rules: EcrLifecycleRule[], images: ImageRecord[], action: ImageAction = ImageAction.EXPIRE): string[] {
  const result = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(rules, 'test'), images, NOW);
  expect(result.decisions.map((d) => d.digest)).toEqual(images.map((i) => i.digest));
  return result.decisions.filter((d) => d.action === action).map((d) => d.digest).sort();
}

type Form = 'pattern' | 'prefix';
/** A tagged rule in either list form: `prod*` patterns or `prod` prefixes (the 2022 revision of the AWS page). */
function tagged(form: Form, stems: string[], countType: EcrCountType, countNumber: number, rulePriority?: number): EcrLifecycleRule {
  return {
    rulePriority,
    tagStatus: EcrTagStatus.TAGGED,
    ...(form === 'pattern' ? { tagPatternList: stems.map((s) => `${s}*`) } : { tagPrefixList: stems }),
    countType,
    countNumber,
  };
}
const KEEP = EcrCountType.IMAGE_COUNT_MORE_THAN;
const PUSHED = EcrCountType.SINCE_IMAGE_PUSHED;

describe.each<Form>(['pattern', 'prefix'])('AWS "Examples of lifecycle policies" worked examples (%s form)', (form) => {
  const prodBeta = [img('A', ['beta-1', 'prod-1'], 10), img('B', ['beta-2', 'prod-2'], 9), img('C', ['beta-3'], 8)];

  test('Multiple rules A: prod keep 1, then beta keep 1 expires A only', () => {
    expect(acted([tagged(form, ['prod'], KEEP, 1, 1), tagged(form, ['beta'], KEEP, 1, 2)], prodBeta)).toEqual(['A']);
  });
  test('Multiple rules B: beta keep 1, then prod keep 1 expires A and B', () => {
    expect(acted([tagged(form, ['beta'], KEEP, 1, 1), tagged(form, ['prod'], KEEP, 1, 2)], prodBeta)).toEqual(['A', 'B']);
  });
  test('Multiple tags in one rule A: entries are AND-ed; older than 5 days expires C only', () => {
    const images = [
      img('A', ['alpha-1'], 12),
      img('B', ['beta-1'], 11),
      img('C', ['alpha-2', 'beta-2'], 10),
      img('D', ['alpha-3'], 4),
      img('E', ['beta-3'], 3),
      img('F', ['alpha-4', 'beta-4'], 2),
    ];
    expect(acted([tagged(form, ['alpha', 'beta'], PUSHED, 5, 1)], images)).toEqual(['C']);
  });
  test('Multiple tags in one rule B: extra tags do not matter; keep 1 expires A and B', () => {
    const images = [img('A', ['alpha-1', 'beta-1', 'gamma-1'], 10), img('B', ['alpha-2', 'beta-2'], 9), img('C', ['alpha-3', 'beta-3', 'gamma-2'], 8)];
    expect(acted([tagged(form, ['alpha', 'beta'], KEEP, 1, 1)], images)).toEqual(['A', 'B']);
  });
  test('All images A: any keep 1 expires everything but the newest, tagged or not', () => {
    const images = [img('A', ['alpha-1'], 4), img('B', ['beta-1'], 3), img('C', [], 2), img('D', ['alpha-2'], 1)];
    expect(acted([{ rulePriority: 1, tagStatus: EcrTagStatus.ANY, countType: KEEP, countNumber: 1 }], images)).toEqual(['A', 'B', 'C']);
  });
  test('All images B: the any rule ranks claimed images too, so it expires D although E is the only unclaimed newer one', () => {
    const images = [
      img('A', ['alpha-1', 'beta-1'], 4),
      img('B', [], 3),
      img('C', ['alpha-2'], 2),
      img('D', ['git hash'], 25 / 24),
      img('E', [], 23 / 24),
    ];
    const rules: EcrLifecycleRule[] = [
      tagged(form, ['alpha'], KEEP, 1, 1),
      { rulePriority: 2, tagStatus: EcrTagStatus.UNTAGGED, countType: PUSHED, countNumber: 1 },
      { rulePriority: 3, tagStatus: EcrTagStatus.ANY, countType: KEEP, countNumber: 1 },
    ];
    expect(acted(rules, images)).toEqual(['A', 'B', 'D']);
  });
});

describe('ECR evaluation details', () => {
  test('a higher rule that keeps an image still claims it; reasons name the rule', () => {
    const images = [img('old', ['v1', 'pr-1'], 30), img('new', ['pr-2'], 1)];
    const doc = buildEcrLifecyclePolicy(
      [
        { tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['v*'], countType: KEEP, countNumber: 10, description: 'releases' },
        { tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['pr-*'], countType: PUSHED, countNumber: 7 },
      ],
      'test',
    );
    const [old, fresh] = simulateEcrLifecyclePolicy(doc, images, NOW).decisions;
    expect(old).toMatchObject({ action: ImageAction.KEEP, rule: 'rulePriority 1' });
    expect(old.reason).toContain('kept by rulePriority 1 (releases)');
    expect(fresh).toMatchObject({ action: ImageAction.KEEP, rule: 'rulePriority 2' });
  });

  test('patterns match whole tags; prefixes match starts', () => {
    const images = [img('a', ['xprod'], 10), img('b', ['prod-x'], 10)];
    expect(acted([{ tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['prod'], countType: PUSHED, countNumber: 1 }], [...images, img('c', ['prod'], 10)])).toEqual(['c']);
    expect(acted([{ tagStatus: EcrTagStatus.TAGGED, tagPrefixList: ['prod'], countType: PUSHED, countNumber: 1 }], images)).toEqual(['b']);
  });

  test('ages are strict: exactly N days is not older than N days', () => {
    const images = [img('edge', [], 7), img('over', [], 7 + 1 / DAY_MS)];
    expect(acted([{ tagStatus: EcrTagStatus.UNTAGGED, countType: PUSHED, countNumber: 7 }], images)).toEqual(['over']);
  });

  test('repositories are evaluated separately with the same policy', () => {
    const images = ['r1', 'r2'].flatMap((repository) => [img(`${repository}-old`, ['a'], 2, { repository }), img(`${repository}-new`, ['b'], 1, { repository })]);
    expect(acted([{ tagStatus: EcrTagStatus.ANY, countType: KEEP, countNumber: 1 }], images)).toEqual(['r1-old', 'r2-old']);
  });

  test('push-time ties break by digest ascending', () => {
    const images = [img('sha256:b', ['x'], 1), img('sha256:a', ['y'], 1)];
    expect(acted([{ tagStatus: EcrTagStatus.ANY, countType: KEEP, countNumber: 1 }], images)).toEqual(['sha256:b']);
  });

  test('an image with no matching rule is kept with a reason', () => {
    const [d] = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy([{ tagStatus: EcrTagStatus.UNTAGGED, countType: PUSHED, countNumber: 1 }], 't'), [img('x', ['v1'], 9)], NOW).decisions;
    expect(d).toEqual({ digest: 'x', repository: undefined, action: ImageAction.KEEP, reason: 'selected by no rule' });
  });
});

describe('archive storage', () => {
  const transition: EcrLifecycleRule = { tagStatus: EcrTagStatus.ANY, countType: EcrCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: EcrRuleAction.TRANSITION };
  const purge: EcrLifecycleRule = { tagStatus: EcrTagStatus.ANY, storageClass: EcrStorageClass.ARCHIVE, countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 30 };

  test('sinceImagePulled archives by last pull, or by push when never pulled, and skips archived images', () => {
    const images = [
      img('stale', ['a'], 200, { lastPulledAt: NOW - 100 * DAY_MS }),
      img('used', ['b'], 200, { lastPulledAt: NOW - 10 * DAY_MS }),
      img('never', [], 100),
      img('young', [], 20),
      img('gone', ['c'], 300, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 50 * DAY_MS }),
    ];
    expect(acted([transition], images, ImageAction.ARCHIVE)).toEqual(['never', 'stale']);
    expect(acted([transition], images, ImageAction.EXPIRE)).toEqual([]);
  });

  test('sinceImageTransitioned expires archived images only, after the 90-day archive minimum', () => {
    const images = [
      img('a100', ['a'], 400, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 100 * DAY_MS }),
      img('a60', ['b'], 400, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 60 * DAY_MS }),
      img('a20', ['c'], 400, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 20 * DAY_MS }),
      img('standard', ['d'], 400),
    ];
    const result = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy([purge], 't'), images, NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.KEEP, ImageAction.KEEP, ImageAction.KEEP]);
    expect(result.decisions[1].reason).toContain('90-day archive minimum');
  });

  test('AWS combined example: archive after 90 days without pulls, delete a year after archiving', () => {
    const images = [
      img('stale', [], 200, { lastPulledAt: NOW - 95 * DAY_MS }),
      img('old-archive', [], 900, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 400 * DAY_MS }),
      img('new-archive', [], 900, { storageClass: StorageClass.ARCHIVE, archivedAt: NOW - 100 * DAY_MS }),
    ];
    const rules = [
      { ...transition, rulePriority: 1 },
      { ...purge, rulePriority: 2, countNumber: 365, storageClass: EcrStorageClass.ARCHIVE },
    ];
    const decisions = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(rules, 't'), images, NOW).decisions;
    expect(decisions.map((d) => [d.digest, d.action, d.rule])).toEqual([
      ['stale', ImageAction.ARCHIVE, 'rulePriority 1'],
      ['old-archive', ImageAction.EXPIRE, 'rulePriority 2'],
      ['new-archive', ImageAction.KEEP, 'rulePriority 2'],
    ]);
  });

  test('a transition by push age on tagged images (archive prod older than 30 days)', () => {
    const images = [img('p40', ['prod-1'], 40), img('p10', ['prod-2'], 10), img('d40', ['dev-1'], 40)];
    expect(acted([{ tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['prod*'], countType: PUSHED, countNumber: 30, action: EcrRuleAction.TRANSITION }], images, ImageAction.ARCHIVE)).toEqual(['p40']);
  });

  test('an archived image without an archive time is kept, with a warning', () => {
    const result = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy([purge], 't'), [img('x', [], 500, { storageClass: StorageClass.ARCHIVE })], NOW);
    expect(result.decisions[0].action).toBe(ImageAction.KEEP);
    expect(result.warnings[0]).toContain('no archive time');
  });
});

describe('parseEcrImages', () => {
  const v2 = {
    imageDetails: [
      {
        registryId: '123456789012',
        repositoryName: 'payments/api',
        imageDigest: 'sha256:aaa',
        imageTags: ['v1.8.0', 'latest'],
        imagePushedAt: '2025-03-02T10:15:32+00:00',
        lastRecordedPullTime: '2025-04-11T07:42:19.113000+00:00',
        imageStatus: 'ACTIVE',
      },
      { repositoryName: 'payments/api', imageDigest: 'sha256:bbb', imagePushedAt: '2024-11-20T08:02:07-08:00', imageStatus: 'ARCHIVED', lastArchivedAt: '2025-02-19T00:00:41.276000+00:00' },
      {
        repositoryName: 'payments/api',
        imageDigest: 'sha256:ccc',
        imageTags: ['v1.7.3'],
        imagePushedAt: '2024-09-03T08:30:55+00:00',
        imageStatus: 'ACTIVE',
        lastArchivedAt: '2024-12-01T00:01:12.004000+00:00',
        lastActivatedAt: '2025-01-05T11:58:40.512000+00:00',
      },
    ],
  };

  test('reads CLI v2 output (ISO with offsets), untagged images, archive state and restores', () => {
    expect(parseEcrImages(v2, 'images.json')).toEqual([
      { digest: 'sha256:aaa', tags: ['v1.8.0', 'latest'], pushedAt: Date.UTC(2025, 2, 2, 10, 15, 32), lastPulledAt: Date.UTC(2025, 3, 11, 7, 42, 19, 113), repository: 'payments/api' },
      { digest: 'sha256:bbb', tags: [], pushedAt: Date.UTC(2024, 10, 20, 16, 2, 7), storageClass: StorageClass.ARCHIVE, archivedAt: Date.UTC(2025, 1, 19, 0, 0, 41, 276), repository: 'payments/api' },
      { digest: 'sha256:ccc', tags: ['v1.7.3'], pushedAt: Date.UTC(2025, 0, 5, 11, 58, 40, 512), lastPulledAt: Date.UTC(2025, 0, 5, 11, 58, 40, 512), repository: 'payments/api' },
    ]);
  });

  test('reads CLI v1 output (epoch seconds)', () => {
    const [image] = parseEcrImages({ imageDetails: [{ imageDigest: 'sha256:a', imagePushedAt: 1740910532.0, lastRecordedPullTime: 1744357339.113 }] }, 'v1.json');
    expect(image).toEqual({ digest: 'sha256:a', tags: [], pushedAt: 1740910532000, lastPulledAt: 1744357339113 });
  });

  test('errors name the file and the field', () => {
    const bad = { imageDetails: [{ imageDigest: 'sha256:a', imagePushedAt: 'yesterday' }, { imagePushedAt: 1 }, { imageDigest: 'sha256:c', imagePushedAt: 1, imageStatus: 'GONE' }] };
    const run = () => parseEcrImages(bad, 'images.json');
    expect(run).toThrow('images.json: imageDetails[0].imagePushedAt is not a timestamp (got "yesterday"); ISO-8601');
    expect(run).toThrow('images.json: imageDetails[1].imageDigest is required (got undefined)');
    expect(run).toThrow('images.json: imageDetails[2].imageStatus is not a known image status (got "GONE"); ACTIVE, ARCHIVED, ACTIVATING');
    expect(() => parseEcrImages([], 'images.json')).toThrow('images.json: imageDetails must be an array');
  });

  test('warns about pagination tokens and listings without image status', () => {
    expect(ecrImagesWarnings({ imageDetails: [{ imageDigest: 'x' }], NextToken: 'abc' })).toEqual([
      expect.stringContaining('pagination token'),
      expect.stringContaining('--filter imageStatus=ANY'),
    ]);
    expect(ecrImagesWarnings(v2)).toEqual([]);
  });

  test('ecrDialect reports an incomplete listing, and a listing without archive state when archive rules exist', () => {
    const listing = { imageDetails: [{ imageDigest: 'sha256:a', imagePushedAt: 1 }], nextToken: 'x' };
    const archiveRule = { rulePriority: 1, selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 90 }, action: { type: 'expire' } };
    const plainRule = { rulePriority: 1, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }, action: { type: 'expire' } };
    const images = ecrDialect.parseImages(listing, 'images.json');
    const archiveWarnings = ecrDialect.simulate(ecrDialect.parsePolicy({ rules: [archiveRule] }, 'p.json'), images, NOW).warnings;
    expect(archiveWarnings).toEqual([expect.stringContaining('pagination token'), expect.stringContaining('--filter imageStatus=ANY')]);
    const plainWarnings = ecrDialect.simulate(ecrDialect.parsePolicy({ rules: [plainRule] }, 'p.json'), images, NOW).warnings;
    expect(plainWarnings).toEqual([expect.stringContaining('pagination token')]);
  });

  test('ecrDialect wires the parsers and the simulator together', () => {
    const policy = ecrDialect.parsePolicy(
      { rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } }] },
      'p.json',
    );
    const images = ecrDialect.parseImages(v2, 'images.json');
    const result = ecrDialect.simulate(policy, images, NOW);
    expect(result.decisions.map((d) => d.action)).toEqual([ImageAction.KEEP, ImageAction.KEEP, ImageAction.EXPIRE]);
    expect(ecrDialect.name).toBe('ecr');
  });
});

test('100,000 images x 10 rules simulate in one pass per rule', () => {
  const images: ImageRecord[] = Array.from({ length: 100_000 }, (_, i) => img(`sha256:${i}`, i % 5 === 0 ? [] : [`t${i % 13}-${i}`], (i % 400) + 0.5, { repository: `r${i % 7}` }));
  const rules: EcrLifecycleRule[] = Array.from({ length: 9 }, (_, k) => ({ tagStatus: EcrTagStatus.TAGGED, tagPatternList: [`t${k}-*`], countType: k % 2 ? KEEP : PUSHED, countNumber: 30 }));
  rules.push({ tagStatus: EcrTagStatus.ANY, countType: KEEP, countNumber: 500 });
  const result = simulateEcrLifecyclePolicy(buildEcrLifecyclePolicy(rules, 't'), images, NOW);
  expect(result.decisions).toHaveLength(100_000);
  expect(result.decisions.some((d) => d.action === ImageAction.EXPIRE)).toBe(true);
});

