import * as root from '../../../lib';
import * as aws from '../../../lib/aws';
import { AcrRetention, DAY_MS, EcrCountType, EcrRetention, EcrTagStatus, GarRetention, HarborRetention, ImageAction, ImageRecord, NeutralRetention, RetentionPolicy, RetentionRule } from '../../support/core';

const NOW = Date.UTC(2026, 0, 1);
const day = (n: number) => NOW - n * DAY_MS;
const images: ImageRecord[] = [
  { digest: 'sha256:a1', tags: ['v1'], pushedAt: day(400), repository: 'team/app' },
  { digest: 'sha256:b2', tags: [], pushedAt: day(30), repository: 'team/app' },
  { digest: 'sha256:c3', tags: [], pushedAt: day(2), repository: 'team/app' },
  { digest: 'sha256:d4', tags: ['pr-9'], pushedAt: day(60), repository: 'team/app' },
];
const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] });
const expired = (r: { decisions: readonly { digest: string; action: ImageAction }[] }) => r.decisions.filter((d) => d.action === ImageAction.EXPIRE).map((d) => d.digest);

describe('one entry class per dialect', () => {
  test('each compiled policy deletes what the neutral simulator deletes', () => {
    const reference = expired(NeutralRetention.simulate(policy, images, NOW));
    expect(reference).toEqual(['sha256:b2']);
    expect(expired(EcrRetention.simulate(EcrRetention.build(EcrRetention.compile(policy).rules), images, NOW))).toEqual(reference);
    expect(expired(GarRetention.simulate(GarRetention.compile(policy).policies, images, NOW))).toEqual(reference);
    expect(expired(HarborRetention.simulate(HarborRetention.compile(policy), images, NOW))).toEqual(reference);
    expect(expired(AcrRetention.simulate(AcrRetention.compile(policy).purgePolicy, images, NOW))).toEqual(reference);
  });

  test('native policies and listings are read through the same classes', () => {
    const doc = EcrRetention.parsePolicy('{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}}]}');
    expect(doc.rules[0].selection.countNumber).toBe(7);
    expect(NeutralRetention.parseImages({ images: [{ digest: 'sha256:a1', pushedAt: '2025-01-01T00:00:00Z' }] })[0].pushedAt).toBe(Date.UTC(2025, 0, 1));
    expect(() => GarRetention.parsePolicy([{ name: 'x', action: { type: 'Sweep' } }], 'p.json')).toThrow(/^p\.json: /);
  });
});

describe('public entry points are jsii-ready', () => {
  test.each([
    ['root', root],
    ['aws', aws],
  ])('%s exports only classes and enums at run time', (_name, module) => {
    const offenders = Object.entries(module).filter(([, value]) => {
      if (typeof value === 'function') return !/^class\s/.test(Function.prototype.toString.call(value));
      return typeof value !== 'object';
    });
    expect(offenders.map(([name]) => name)).toEqual([]);
  });
});

describe('rules that can never act, through the public classes', () => {
  test('NeutralRetention.findDeadRules and EcrRetention.findDeadRules / findDeadPolicyRules', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireNotPulled({ days: 180, tagPatterns: ['v*'] })] });
    expect(NeutralRetention.findDeadRules(policy).map((d) => d.rule)).toEqual(['rules[1]']);
    const rules = [
      { tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['*'], countType: EcrCountType.IMAGE_COUNT_MORE_THAN, countNumber: 5 },
      { tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['pr-*'], countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7 },
    ];
    expect(EcrRetention.findDeadRules(rules).map((d) => [d.rule, d.shadowedBy])).toEqual([['lifecycleRules[1]', ['lifecycleRules[0]']]]);
    expect(EcrRetention.findDeadPolicyRules(EcrRetention.build(rules)).map((d) => d.rule)).toEqual(['rulePriority 2']);
  });
});
