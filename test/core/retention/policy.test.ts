import { RetentionPolicy, RetentionRule, RetentionRuleKind, StaleImageAction, ValidationError } from '../../support/core';

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

describe('RetentionPolicy.fromJson is strict, so a typo cannot widen what is deleted', () => {
  const messageOf = (json: unknown) => {
    try {
      RetentionPolicy.fromJson(json, 'p.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as Error).message;
    }
    throw new Error('expected a ValidationError');
  };

  test('an uppercase repository pattern says so, and other problems are still reported', () => {
    expect(messageOf({ rules: [{ kind: 'expireUntagged', days: 7 }], repositories: ['Team/*', 'Team/a b'] })).toBe(
      [
        'p.json: repositories[0] has uppercase letters (got "Team/*"); lowercase only (registry names are lowercase), e.g. "team/*"',
        'p.json: repositories[1] has uppercase letters (got "Team/a b"); lowercase only (registry names are lowercase), e.g. "team/a b"',
        'p.json: repositories[1] is not a valid repository pattern (got "Team/a b"); lowercase letters, digits, ".", "_", "-", "/" and "*", 1-256 characters',
      ].join('\n'),
    );
  });

  test('repositories given as a string is an error, not a list of characters', () => {
    expect(messageOf({ rules: [{ kind: 'expireUntagged', days: 7 }], repositories: 'team/*' })).toBe(
      'p.json: repositories must be a list of patterns (got "team/*"); omit it for every repository, or give patterns such as ["team/*"]',
    );
  });

  test('an unknown top-level key (a misspelt scope) is an error', () => {
    expect(messageOf({ rules: [{ kind: 'expireUntagged', days: 7 }], repository: ['team/*'] })).toBe(
      'p.json: repository is not a known field (got ["team/*"]); rules, repositories, strict',
    );
  });

  test('a field that does not apply to the rule kind is an error, and every problem is reported', () => {
    const message = messageOf({
      rules: [
        { kind: 'expireUntagged', days: 7, tagPatterns: ['pr-*'] },
        { kind: 'protect', tagPatterns: ['v*'], days: 30 },
        { kind: 'keepMostRecent', count: 0, tagPatterns: 'v*' },
      ],
    });
    expect(message.split('\n')).toEqual([
      'p.json: rules[0].tagPatterns does not apply to expireUntagged (got ["pr-*"]); the fields of expireUntagged: days, description',
      'p.json: rules[1].days does not apply to protect (got 30); the fields of protect: tagPatterns, archiveWhenNotPulledForDays, description',
      'p.json: rules[2].tagPatterns must be a list of strings (got "v*"); e.g. ["v*", "latest"]',
    ]);
  });

  test('problems are reported at the index of the rule in the file, after an invalid rule too', () => {
    expect(messageOf({ rules: [{ kind: 'nope' }, { kind: 'expireTagged', days: 0, tagPatterns: ['x'] }] }).split('\n')).toEqual([
      'p.json: rules[0].kind is not a known rule kind (got "nope"); one of protect, keepMostRecent, expireUntagged, expireTagged, expireNotPulled',
      'p.json: rules[1].days must be a positive whole number (got 0); an integer of at least 1',
    ]);
  });
});

describe('protect with an archive allowance, and strict', () => {
  const messageOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError) return e.message;
      throw e;
    }
    throw new Error('expected a ValidationError');
  };

  test('round-trips through JSON as archiveWhenNotPulledForDays, with strict', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 })], strict: true });
    const json = policy.toJson();
    expect(json).toEqual({ rules: [{ kind: 'protect', tagPatterns: ['v*'], archiveWhenNotPulledForDays: 180 }], strict: true });
    expect(RetentionPolicy.fromJson(json).toJson()).toEqual(json);
    expect(policy.rules[0].summary()).toBe('protect [v*], archive after 180d not pulled');
  });

  test('an allowance that is not a positive whole number is refused', () => {
    expect(messageOf(() => RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'], archiveWhenNotPulledForDays: 0 })] }))).toBe(
      'RetentionPolicy: rules[0].archiveWhenNotPulledForDays must be a positive whole number (got 0); an integer of at least 1',
    );
  });

  test('strict must be a boolean, in code and in JSON', () => {
    const rules = [RetentionRule.expireUntagged({ days: 1 })];
    expect(messageOf(() => RetentionPolicy.of({ rules, strict: 'yes' as unknown as boolean }))).toContain('RetentionPolicy: strict must be true or false (got "yes")');
    expect(messageOf(() => RetentionPolicy.fromJson({ rules: [{ kind: 'expireUntagged', days: 1 }], strict: 1 }, 'p.json'))).toContain('p.json: strict must be true or false (got 1)');
  });
});
