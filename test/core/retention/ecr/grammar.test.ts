import {
  buildEcrLifecyclePolicy,
  ECR_PROTECT_COUNT,
  EcrCountType,
  EcrLifecycle,
  EcrLifecycleRule,
  EcrRuleAction,
  EcrStorageClass,
  EcrTagStatus,
  parseEcrLifecyclePolicy,
  renderEcrLifecyclePolicy,
  validateEcrLifecycleRules,
} from '../../../../lib/core/retention/ecr/grammar';
import { ValidationError } from '../../../../lib/core/errors';

const keep = (over: Partial<EcrLifecycleRule> = {}): EcrLifecycleRule => ({
  tagStatus: EcrTagStatus.TAGGED,
  tagPatternList: ['prod*'],
  countType: EcrCountType.IMAGE_COUNT_MORE_THAN,
  countNumber: 5,
  ...over,
});

/** The messages of one build, or [] when it succeeds. */
function errors(rules: EcrLifecycleRule[]): string[] {
  try {
    buildEcrLifecyclePolicy(rules, 'Stack/Repo');
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message.split('\n');
  }
}

function expectError(rules: EcrLifecycleRule[], ...parts: string[]): void {
  const messages = errors(rules);
  if (!messages.some((m) => parts.every((p) => m.includes(p)))) throw new Error(`no message with ${parts.join(' | ')} in:\n${messages.join('\n')}`);
  expect(messages.length).toBeGreaterThan(0);
}

describe('validation: one failing input per documented ECR constraint', () => {
  test('tagged needs a list', () => {
    expectError([keep({ tagPatternList: undefined })], 'Stack/Repo: lifecycleRules[0].tagPatternList is required when tagStatus is tagged (got undefined); exactly one of tagPatternList');
  });
  test('tagged takes only one list', () => {
    expectError([keep({ tagPrefixList: ['prod'] })], 'lifecycleRules[0].tagPrefixList must not be given together with tagPatternList (got ["prod"]); exactly one of');
  });
  test('a given list must not be empty', () => {
    expectError([keep({ tagPatternList: [] })], 'lifecycleRules[0].tagPatternList must be a non-empty list when given (got []); at least one tag pattern');
  });
  test('untagged and any take no list', () => {
    expectError([keep({ tagStatus: EcrTagStatus.UNTAGGED })], 'lifecycleRules[0].tagPatternList must not be given when tagStatus is untagged (got ["prod*"]); tag lists only with tagStatus tagged');
    expectError([keep({ tagStatus: EcrTagStatus.ANY, tagPatternList: undefined, tagPrefixList: ['x'] })], 'lifecycleRules[0].tagPrefixList must not be given when tagStatus is any (got ["x"])');
  });
  test('at most four wildcards per pattern', () => {
    expect(errors([keep({ tagPatternList: ['*test*1*2*3', 'test*1*2*3*'] })])).toEqual([]);
    expectError([keep({ tagPatternList: ['test*1*2*3*4*5*6'] })], 'lifecycleRules[0].tagPatternList[0] has 6 "*" wildcards (got "test*1*2*3*4*5*6"); at most 4 per pattern (ECR limit)');
  });
  test('pattern and prefix characters', () => {
    expectError([keep({ tagPatternList: ['bad tag'] })], 'lifecycleRules[0].tagPatternList[0] is not a valid tag pattern (got "bad tag"); letters, digits');
    expectError([keep({ tagPatternList: undefined, tagPrefixList: ['v*'] })], 'lifecycleRules[0].tagPrefixList[0] is not a valid tag prefix (got "v*"); letters, digits, "_", "." and "-", 1-128 characters (use tagPatternList for wildcards)');
  });
  test('countNumber is a positive integer', () => {
    expectError([keep({ countNumber: 0 })], 'lifecycleRules[0].countNumber must be a positive whole number (got 0); an image count of at least 1');
    expectError([keep({ countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 1.5 })], 'lifecycleRules[0].countNumber must be a positive whole number (got 1.5); a number of days of at least 1');
  });
  test('unknown enum values', () => {
    expectError([keep({ tagStatus: 'some' as EcrTagStatus })], 'lifecycleRules[0].tagStatus is not a known tag status (got "some"); one of tagged, untagged, any');
    expectError([keep({ countType: 'imageCountLessThan' as EcrCountType })], 'lifecycleRules[0].countType is not a known count type (got "imageCountLessThan"); one of imageCountMoreThan');
    expectError([keep({ action: 'delete' as EcrRuleAction })], 'lifecycleRules[0].action is not a known action (got "delete"); one of expire, transition');
    expectError([keep({ storageClass: 'cold' as EcrStorageClass })], 'lifecycleRules[0].storageClass is not a known storage class (got "cold"); one of standard, archive');
  });
  test('sinceImagePulled only with transition', () => {
    expectError([keep({ countType: EcrCountType.SINCE_IMAGE_PULLED, countNumber: 30 })], 'lifecycleRules[0].action must be transition when countType is sinceImagePulled (got "expire"); transition');
  });
  test('sinceImageTransitioned only with expire and storage class archive', () => {
    expectError([keep({ countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 90, action: EcrRuleAction.TRANSITION })], 'lifecycleRules[0].action must be expire when countType is sinceImageTransitioned (got "transition")');
    expectError([keep({ countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 90, storageClass: EcrStorageClass.STANDARD })], 'lifecycleRules[0].storageClass must be archive when countType is sinceImageTransitioned (got "standard"); archive');
  });

  test('sinceImageTransitioned without a storage class is refused: AWS reads it as standard', () => {
    expectError(
      [keep({ countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 90 })],
      'lifecycleRules[0].storageClass is required when countType is sinceImageTransitioned (got undefined); archive: AWS reads an omitted storage class as standard',
    );
    const native = {
      rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 }, action: { type: 'expire' } }],
    };
    expect(() => parseEcrLifecyclePolicy(native, 'p.json')).toThrow(
      'p.json: rules[0].selection.storageClass is required when countType is sinceImageTransitioned (got undefined); archive: AWS reads an omitted storage class as standard',
    );
  });
  test('storage class archive only with sinceImageTransitioned', () => {
    expectError([keep({ storageClass: EcrStorageClass.ARCHIVE })], 'lifecycleRules[0].storageClass must be standard when countType is imageCountMoreThan (got "archive"); standard (or omit it)');
  });
  test('rulePriority is a positive integer', () => {
    expectError([keep({ rulePriority: 0 })], 'lifecycleRules[0].rulePriority must be a positive whole number (got 0); an integer of at least 1');
  });
  test('priorities are unique', () => {
    expectError([keep({ rulePriority: 2 }), keep({ rulePriority: 2, tagPatternList: ['beta*'] })], 'lifecycleRules[1].rulePriority must be unique but lifecycleRules[0] already has it (got 2); a distinct integer per rule');
  });
  test('the any rule comes last', () => {
    expectError(
      [keep({ rulePriority: 5 }), keep({ tagStatus: EcrTagStatus.ANY, tagPatternList: undefined, rulePriority: 1 })],
      "lifecycleRules[1].rulePriority must be higher than every non-any rule's because ECR evaluates tagStatus any last, but lifecycleRules[0].rulePriority is 5 (got 1)",
    );
    // An explicit any priority followed by unprioritised rules: the auto-assigned ones land above it.
    expectError([keep({ tagStatus: EcrTagStatus.ANY, tagPatternList: undefined, rulePriority: 1 }), keep()], 'lifecycleRules[0].rulePriority must be higher', 'lifecycleRules[1].rulePriority is 2 (auto-assigned) (got 1)');
  });
  test('one any rule per storage class', () => {
    const any = keep({ tagStatus: EcrTagStatus.ANY, tagPatternList: undefined });
    expectError([any, { ...any, countNumber: 3 }], 'lifecycleRules[1].tagStatus must not be any: lifecycleRules[0] is already the any rule of storage class standard (got "any"); at most one tagStatus any rule per storage class');
  });
  test('one untagged rule per storage class', () => {
    const u = EcrLifecycle.expireUntaggedAfterDays({ days: 1 });
    expectError([u, { ...u, countNumber: 3 }], 'lifecycleRules[1].tagStatus must not be untagged: lifecycleRules[0] already selects untagged images of storage class standard');
  });
  test('unique tag sets among tagged rules per storage class', () => {
    expectError([keep({ tagPatternList: ['a*', 'b*'] }), keep({ tagPatternList: ['b*', 'a*'], countNumber: 2 })], 'lifecycleRules[1].tagPatternList must differ from the tag set of lifecycleRules[0] (storage class standard) (got ["b*","a*"])');
    // A prefix is the same tag set as the pattern prefix*.
    expectError([keep({ tagPatternList: ['prod*'] }), keep({ tagPatternList: undefined, tagPrefixList: ['prod'] })], 'lifecycleRules[1].tagPrefixList must differ from the tag set of lifecycleRules[0]');
  });
  test('at most 50 rules', () => {
    const rules = Array.from({ length: 51 }, (_, i) => keep({ tagPatternList: [`t${i}*`] }));
    expectError(rules, 'lifecycleRules has 51 rules (got "51 rules"); at most 50 rules per policy (ECR quota, not adjustable)');
    expect(errors(rules.slice(0, 50))).toEqual([]);
  });
  test('at most 30,720 characters', () => {
    const rules = Array.from({ length: 40 }, (_, i) => keep({ tagPatternList: [`t${i}*`], description: 'x'.repeat(800) }));
    expectError(rules, 'lifecycleRules renders to', 'at most 30720 characters per policy');
  });
  test('every violation is reported at once', () => {
    const messages = errors([keep({ countNumber: 0 }), keep({ tagPatternList: ['a b'], countType: EcrCountType.SINCE_IMAGE_PULLED })]);
    expect(messages).toHaveLength(3);
  });
  test('rule-level and policy-level violations are reported together, malformed rules included', () => {
    const messages = errors([keep({ rulePriority: 3, countNumber: 0 }), null as unknown as EcrLifecycleRule, keep({ rulePriority: 3, tagPatternList: ['b*'] })]);
    expect(messages).toEqual([
      expect.stringContaining('lifecycleRules[0].countNumber must be a positive whole number'),
      expect.stringContaining('lifecycleRules[1] must be an object (got null)'),
      expect.stringContaining('lifecycleRules[2].rulePriority must be unique but lifecycleRules[0] already has it (got 3)'),
    ]);
  });
  test('validateEcrLifecycleRules names the given property and does not throw', () => {
    const v = validateEcrLifecycleRules([keep({ countNumber: -1 })], 'retentionPolicy');
    expect(v.items.map((x) => x.property)).toEqual(['retentionPolicy[0].countNumber']);
  });
});

describe('rendering', () => {
  test('protect rules are numbered before the other automatically numbered rules, wherever they are listed', () => {
    const doc = buildEcrLifecyclePolicy(
      [EcrLifecycle.keepLastImages({ count: 20, tagPatterns: ['*'] }), EcrLifecycle.expireUntaggedAfterDays({ days: 7 }), ...EcrLifecycle.protectTags({ tagPatterns: ['v*', 'latest'] })],
      'Repo',
    );
    expect(doc.rules.map((r) => [r.rulePriority, r.selection.tagPatternList ?? r.selection.tagStatus, r.selection.countNumber])).toEqual([
      [1, ['v*'], ECR_PROTECT_COUNT],
      [2, ['latest'], ECR_PROTECT_COUNT],
      [3, ['*'], 20],
      [4, 'untagged', 7],
    ]);
  });

  test('auto-assigns priorities after explicit ones, any rules last, sorted', () => {
    const doc = buildEcrLifecyclePolicy(
      [
        EcrLifecycle.keepLastImages({ count: 3 }),
        keep({ rulePriority: 4 }),
        EcrLifecycle.expireUntaggedAfterDays({ days: 7 }),
        keep({ tagPatternList: ['beta*'], rulePriority: 2 }),
      ],
      'Repo',
    );
    expect(doc.rules.map((r) => [r.rulePriority, r.selection.tagStatus])).toEqual([
      [2, 'tagged'],
      [4, 'tagged'],
      [5, 'untagged'],
      [6, 'any'],
    ]);
  });

  test('renders countUnit for since* types, targetStorageClass for transition, and no undefined keys', () => {
    const text = renderEcrLifecyclePolicy(
      [
        { tagStatus: EcrTagStatus.ANY, countType: EcrCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: EcrRuleAction.TRANSITION },
        { tagStatus: EcrTagStatus.ANY, storageClass: EcrStorageClass.ARCHIVE, countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365 },
        keep({ description: undefined }),
      ],
      'Repo',
    );
    expect(text).not.toContain('null');
    expect(text).not.toContain('undefined');
    expect(JSON.parse(text)).toEqual({
      rules: [
        { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['prod*'], countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } },
        {
          rulePriority: 2,
          selection: { tagStatus: 'any', countType: 'sinceImagePulled', countUnit: 'days', countNumber: 90 },
          action: { type: 'transition', targetStorageClass: 'archive' },
        },
        {
          rulePriority: 3,
          selection: { tagStatus: 'any', storageClass: 'archive', countType: 'sinceImageTransitioned', countUnit: 'days', countNumber: 365 },
          action: { type: 'expire' },
        },
      ],
    });
  });

  test('two any rules in different storage classes are allowed (AWS archive example)', () => {
    expect(
      errors([
        { rulePriority: 1, tagStatus: EcrTagStatus.ANY, countType: EcrCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: EcrRuleAction.TRANSITION },
        { rulePriority: 2, tagStatus: EcrTagStatus.ANY, storageClass: EcrStorageClass.ARCHIVE, countType: EcrCountType.SINCE_IMAGE_TRANSITIONED, countNumber: 365 },
      ]),
    ).toEqual([]);
  });

  test('factories', () => {
    expect(EcrLifecycle.keepLastImages({ count: 10, tagPatterns: ['v*'] })).toEqual({ tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'imageCountMoreThan', countNumber: 10 });
    expect(EcrLifecycle.keepLastImages({ count: 10 }).tagStatus).toBe(EcrTagStatus.ANY);
    expect(EcrLifecycle.expireUntaggedAfterDays({ days: 3, rulePriority: 9 })).toEqual({ rulePriority: 9, tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 3 });
    const protect = EcrLifecycle.protectTags({ tagPatterns: ['v*', 'latest'], rulePriority: 1 });
    expect(protect.map((r) => [r.rulePriority, r.tagPatternList, r.countNumber, r.description])).toEqual([
      [1, ['v*'], ECR_PROTECT_COUNT, 'protect v*'],
      [2, ['latest'], ECR_PROTECT_COUNT, 'protect latest'],
    ]);
  });
});

describe('parseEcrLifecyclePolicy', () => {
  const native = {
    rules: [
      { rulePriority: 2, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } },
      { rulePriority: 1, description: 'keep prod', selection: { tagStatus: 'tagged', tagPrefixList: ['prod'], countType: 'imageCountMoreThan', countNumber: 3 }, action: { type: 'expire' } },
    ],
  };
  test('reads native JSON (object or text) and sorts by priority', () => {
    const doc = parseEcrLifecyclePolicy(JSON.stringify(native), 'p.json');
    expect(doc.rules.map((r) => r.rulePriority)).toEqual([1, 2]);
    expect(doc.rules[0]).toEqual(native.rules[1]);
    expect(parseEcrLifecyclePolicy(native, 'p.json')).toEqual(doc);
  });
  test('names the file and the native field', () => {
    const bad = JSON.parse(JSON.stringify(native));
    bad.rules[1].selection.countUnit = 'days';
    bad.rules[0].selection.countUnit = 'hours';
    bad.rules[0].selection.countNumber = 0;
    bad.rules[0].action = { type: 'transition' };
    bad.rules[1].extra = true;
    const run = () => parseEcrLifecyclePolicy(bad, 'p.json');
    expect(run).toThrow('p.json: rules[1].selection.countUnit must not be given when countType is imageCountMoreThan (got "days")');
    expect(run).toThrow('p.json: rules[0].selection.countUnit is not a known unit (got "hours"); "days"');
    expect(run).toThrow('p.json: rules[0].selection.countNumber must be a positive whole number (got 0)');
    expect(run).toThrow('p.json: rules[0].action.targetStorageClass must be archive when the action is transition (got undefined); "archive"');
    expect(run).toThrow('p.json: rules[1].extra is not a known field (got true)');
  });
  test('requires rulePriority and countUnit', () => {
    const bad = JSON.parse(JSON.stringify(native));
    delete bad.rules[0].rulePriority;
    delete bad.rules[0].selection.countUnit;
    const run = () => parseEcrLifecyclePolicy(bad, 'p.json');
    expect(run).toThrow('p.json: rules[0].rulePriority is required (got undefined)');
    expect(run).toThrow('p.json: rules[0].selection.countUnit is required when countType is sinceImagePushed (got undefined); "days"');
  });
  test('rejects documents that are not policies', () => {
    expect(() => parseEcrLifecyclePolicy('{', 'p.json')).toThrow('p.json: (document) is not valid JSON');
    expect(() => parseEcrLifecyclePolicy({ rules: [] }, 'p.json')).toThrow('p.json: rules must be a non-empty array (got [])');
    expect(() => parseEcrLifecyclePolicy({ rules: [5] }, 'p.json')).toThrow(/^p\.json: rules\[0\] must be an object \(got 5\); a lifecycle rule$/);
  });
});
