import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction, ValidationError } from '../../../lib';

describe('RetentionPolicy', () => {
  test('round-trips through its JSON form', () => {
    const policy = RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*'] }),
        RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['*'] }),
        RetentionRule.expireUntagged({ days: 7 }),
        RetentionRule.expireNotPulled({ days: 90 }),
      ],
      repositories: ['team/*'],
    });
    const again = RetentionPolicy.fromJson(JSON.parse(JSON.stringify(policy.toJson())));
    expect(again.toJson()).toEqual(policy.toJson());
    expect(again.rulesOf(RetentionRuleKind.EXPIRE_NOT_PULLED)[0].action).toBe(StaleImageAction.ARCHIVE);
  });

  test('reports every problem at once with path, property, value and what is allowed', () => {
    let error: ValidationError | undefined;
    try {
      RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 0, tagPatterns: ['bad tag'] }), RetentionRule.expireUntagged({ days: 1.5 })] }, 'Stack/Repo');
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message).toContain('Stack/Repo: rules[0].tagPatterns[0] is not a valid tag pattern (got "bad tag"); letters');
    expect(error!.message).toContain('Stack/Repo: rules[0].count must be a positive whole number (got 0); an integer of at least 1');
    expect(error!.message).toContain('Stack/Repo: rules[1].days must be a positive whole number (got 1.5)');
  });

  test('fromJson names the file and the field', () => {
    expect(() => RetentionPolicy.fromJson({ rules: [{ kind: 'keepEverything' }] }, 'p.json')).toThrow(
      'p.json: rules[0].kind is not a known rule kind (got "keepEverything"); one of protect, keepMostRecent',
    );
    expect(() => RetentionPolicy.fromJson([], 'p.json')).toThrow('p.json: (document) must be a JSON object');
  });

  test('an empty policy is rejected', () => {
    expect(() => RetentionPolicy.of({ rules: [] })).toThrow('rules must not be empty');
  });
});
