import { HarborRetentionTemplate, harborRuleTemplate, harborScheduleCron, parseHarborRetentionPolicy } from '../../../../lib/core/retention/harbor';
import { validationErrorOf as error } from '../../../support/errors';

/** The retention policy sample of cli-formats.md §3 (GET /api/v2.0/retentions/{id}). */
const API_SAMPLE = {
  id: 5,
  algorithm: 'or',
  rules: [
    {
      id: 1,
      priority: 1,
      disabled: false,
      action: 'retain',
      template: 'latestPushedK',
      params: { latestPushedK: 10 },
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*', extras: '{"untagged":false}' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    },
    {
      id: 2,
      priority: 1,
      disabled: false,
      action: 'retain',
      template: 'nDaysSinceLastPull',
      params: { nDaysSinceLastPull: 90 },
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoExcludes', pattern: '{legacy,tmp}' }] },
    },
  ],
  trigger: { kind: 'Schedule', settings: { cron: '0 0 0 * * *' } },
  scope: { level: 'project', ref: 7 },
};

describe('parseHarborRetentionPolicy', () => {
  test('reads the API JSON into the Terraform shape', () => {
    const policy = parseHarborRetentionPolicy(API_SAMPLE, 'retention.json');
    expect(policy).toEqual({
      schedule: 'Daily',
      rules: [
        { disabled: false, mostRecentlyPushed: 10, tagMatching: 'v*', untaggedArtifacts: false, repoMatching: '**' },
        { disabled: false, nDaysSinceLastPull: 90, tagMatching: '**', untaggedArtifacts: true, repoExcluding: '{legacy,tmp}' },
      ],
    });
    expect(harborRuleTemplate(policy.rules[0])).toBe(HarborRetentionTemplate.LATEST_PUSHED_K);
  });

  test('API selectors without extras select untagged artifacts for both decorations (doublestar.New defaults)', () => {
    const rule = (decoration: string) => ({
      ...API_SAMPLE.rules[0],
      tag_selectors: [{ kind: 'doublestar', decoration, pattern: 'v*' }],
    });
    const policy = parseHarborRetentionPolicy({ ...API_SAMPLE, rules: [rule('matches'), rule('excludes')] });
    expect(policy.rules.map((r) => r.untaggedArtifacts)).toEqual([true, false]);
  });

  test('reads the Terraform form (snake_case, unset values as 0/""/false like terraform state) and a custom cron', () => {
    const policy = parseHarborRetentionPolicy({
      schedule: '0 0 2 * * *',
      rule: [
        { always_retain: true, repo_matching: '**', tag_matching: '{v*,latest}', untagged_artifacts: false, most_recently_pushed: 0, tag_excluding: '', disabled: false },
        { n_days_since_last_push: 14, repo_excluding: 'tmp/**', tag_excluding: 'pr-*' },
      ],
    });
    expect(policy.rules).toEqual([
      { alwaysRetain: true, repoMatching: '**', tagMatching: '{v*,latest}', untaggedArtifacts: false, disabled: false },
      { nDaysSinceLastPush: 14, repoExcluding: 'tmp/**', tagExcluding: 'pr-*' },
    ]);
    expect(policy.schedule).toBe('0 0 2 * * *');
    expect(harborScheduleCron('weekly')).toBe('0 0 0 * * 0');
  });

  test('the preview policy file of docs/retention.md parses', () => {
    const doc = {
      schedule: 'Daily',
      rule: [
        { always_retain: true, repo_matching: '**', tag_matching: '{v*,latest}', untagged_artifacts: false },
        { most_recently_pushed: 10, repo_matching: '**', tag_matching: '**', untagged_artifacts: false },
        { n_days_since_last_push: 7, repo_matching: '**', tag_excluding: '**', untagged_artifacts: false },
      ],
    };
    expect(parseHarborRetentionPolicy(doc, 'policy.json').rules.map(harborRuleTemplate)).toEqual([
      HarborRetentionTemplate.ALWAYS,
      HarborRetentionTemplate.LATEST_PUSHED_K,
      HarborRetentionTemplate.N_DAYS_SINCE_LAST_PUSH,
    ]);
  });

  test('not an object', () => {
    expect(error(() => parseHarborRetentionPolicy([], 'p.json')).message).toBe(
      'p.json: (document) must be a JSON object (got []); a harbor_retention_policy body {"rule": [...]} or the JSON of GET /api/v2.0/retentions/{id}',
    );
  });

  test('1 to 15 rules', () => {
    expect(error(() => parseHarborRetentionPolicy({ rule: [] }, 'p.json')).message).toBe('p.json: rule must hold 1 to 15 rules (got "0 rules"); between 1 and 15 rule blocks');
    const many = new Array(16).fill({ always_retain: true, repo_matching: '**', tag_matching: '**' });
    expect(error(() => parseHarborRetentionPolicy({ rule: many }, 'p.json')).message).toContain('p.json: rule must hold 1 to 15 rules (got "16 rules")');
    expect(error(() => parseHarborRetentionPolicy({ ...API_SAMPLE, rules: [] }, 'r.json')).message).toContain('r.json: rules must hold 1 to 15 rules');
  });

  test('exactly one retain condition', () => {
    const none = error(() => parseHarborRetentionPolicy({ rule: [{ repo_matching: '**', tag_matching: '**' }] }, 'p.json'));
    expect(none.message).toBe(
      'p.json: rule[0].always_retain is missing: a rule needs exactly one retain condition (got undefined); exactly one of always_retain = true, most_recently_pulled, most_recently_pushed, n_days_since_last_pull, n_days_since_last_push',
    );
    const two = error(() => parseHarborRetentionPolicy({ rule: [{ most_recently_pushed: 3, n_days_since_last_push: 7, repo_matching: '**', tag_matching: '**' }] }, 'p.json'));
    expect(two.message).toContain('p.json: rule[0].most_recently_pushed/n_days_since_last_push set together: a rule needs exactly one retain condition (got {"most_recently_pushed":3,"n_days_since_last_push":7}); exactly one of');
  });

  test('exactly one of repo_matching/repo_excluding and of tag_matching/tag_excluding', () => {
    const e = error(() => parseHarborRetentionPolicy({ rule: [{ always_retain: true, repo_matching: '**', repo_excluding: 'x', tag_matching: '' }] }, 'p.json'));
    expect(e.message).toContain('p.json: rule[0].repo_matching/repo_excluding are both set: give exactly one (got {"repo_matching":"**","repo_excluding":"x"}); a doublestar pattern of repository names inside the project');
    expect(e.message).toContain('p.json: rule[0].tag_matching/tag_excluding are both missing: give exactly one (got undefined); a doublestar pattern of tags');
  });

  test('template parameters within Harbor limits', () => {
    const e = error(() =>
      parseHarborRetentionPolicy({ rule: [{ most_recently_pulled: 40000, repo_matching: '**', tag_matching: '**' }, { n_days_since_last_pull: 1.5, repo_matching: '**', tag_matching: '**' }] }, 'p.json'),
    );
    expect(e.message).toContain('p.json: rule[0].most_recently_pulled is not a valid parameter (got 40000); a whole number from 1 to 32766 (0 means unset)');
    expect(e.message).toContain('p.json: rule[1].n_days_since_last_pull is not a valid parameter (got 1.5); a whole number from 1 to 20190904 (0 means unset)');
    const missing = error(() => parseHarborRetentionPolicy({ ...API_SAMPLE, rules: [{ ...API_SAMPLE.rules[0], params: {} }] }, 'r.json'));
    expect(missing.message).toContain('r.json: rules[0].params.latestPushedK is missing (got undefined); a whole number (Harbor would silently use its default 10)');
  });

  test('doublestar patterns must be well formed', () => {
    const e = error(() => parseHarborRetentionPolicy({ rule: [{ always_retain: true, repo_matching: '[a', tag_matching: '{v*' }] }, 'p.json'));
    expect(e.message).toContain('p.json: rule[0].repo_matching is not a valid doublestar pattern');
    expect(e.message).toContain('(got "[a")');
    expect(e.message).toContain('p.json: rule[0].tag_matching is not a valid doublestar pattern');
  });

  test('schedule values', () => {
    const e = error(() => parseHarborRetentionPolicy({ schedule: 'Monthly', rule: [{ always_retain: true, repo_matching: '**', tag_matching: '**' }] }, 'p.json'));
    expect(e.message).toBe(
      'p.json: schedule is neither a named schedule nor a 6-field cron (1 fields) (got "Monthly"); Hourly, Daily, Weekly, or a 6-field cron with seconds first such as "0 0 2 * * *"',
    );
    expect(error(() => parseHarborRetentionPolicy({ schedule: '0 2 * * *', rule: [{ always_retain: true, repo_matching: '**', tag_matching: '**' }] }, 'p.json')).message).toContain('(5 fields)');
  });

  test('unknown arguments, booleans, API-only mistakes', () => {
    const e = error(() => parseHarborRetentionPolicy({ rule: [{ always_retain: true, repo_matching: '**', tag_matching: '**', keep: 1 }], cron: 'x' }, 'p.json'));
    expect(e.message).toContain('p.json: cron is not a harbor_retention_policy argument (got "x"); rule, schedule, scope');
    expect(e.message).toContain('p.json: rule[0].keep is not a rule argument (got 1); always_retain, most_recently_pulled');
    expect(error(() => parseHarborRetentionPolicy({ rule: [{ always_retain: true, repo_matching: '**', tag_matching: '**', disabled: 'no' }] }, 'p.json')).message).toContain(
      'p.json: rule[0].disabled must be a boolean (got "no"); true or false',
    );
    const api = error(() =>
      parseHarborRetentionPolicy(
        {
          ...API_SAMPLE,
          algorithm: 'and',
          rules: [{ ...API_SAMPLE.rules[0], template: 'latestActiveK', action: 'delete', tag_selectors: [], scope_selectors: { repository: [{ kind: 'regexp', decoration: 'nsMatches', pattern: 'x' }] } }],
        },
        'r.json',
      ),
    );
    expect(api.message).toContain('r.json: algorithm is not supported by Harbor (got "and"); "or"');
    expect(api.message).toContain('r.json: rules[0].action is not a Harbor action (got "delete"); "retain"');
    expect(api.message).toContain('r.json: rules[0].template is not a retention template the Terraform provider can express (got "latestActiveK")');
    expect(api.message).toContain('r.json: rules[0].tag_selectors must hold exactly one selector (got [])');
    expect(api.message).toContain('r.json: rules[0].scope_selectors.repository[0].kind is not supported (got "regexp"); "doublestar"');
    expect(api.message).toContain('r.json: rules[0].scope_selectors.repository[0].decoration is not a repository decoration (got "nsMatches")');
  });

  test('tag and repository selectors are checked alike, each with its own decorations', () => {
    const e = error(() =>
      parseHarborRetentionPolicy(
        {
          ...API_SAMPLE,
          rules: [{ ...API_SAMPLE.rules[0], tag_selectors: [{ kind: 'regexp', decoration: 'repoMatches', pattern: 'x' }], scope_selectors: { repository: [] } }],
        },
        'r.json',
      ),
    );
    expect(e.message.split('\n')).toEqual([
      'r.json: rules[0].tag_selectors[0].kind is not supported (got "regexp"); "doublestar"',
      'r.json: rules[0].tag_selectors[0].decoration is not a tag decoration (got "repoMatches"); "matches" or "excludes"',
      'r.json: rules[0].scope_selectors.repository must hold exactly one selector (got []); one {"kind": "doublestar", "decoration": "repoMatches"|"repoExcludes", "pattern": ...}',
    ]);
  });

  test('every problem of an API document is reported in one error, one line each, under the API field paths', () => {
    const [ok] = API_SAMPLE.rules;
    const e = error(() =>
      parseHarborRetentionPolicy(
        {
          ...API_SAMPLE,
          algorithm: 'and',
          rules: [
            ok,
            { ...ok, action: 'delete', disabled: 'no', tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '[a' }] },
            { ...ok, params: { latestPushedK: 40000 }, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'nsMatches', pattern: '**' }] } },
            'x',
            { ...ok, template: 'nDaysSinceLastPull', params: { nDaysSinceLastPull: 0 }, tag_selectors: [{ kind: 'doublestar', decoration: 'excludes', pattern: '' }] },
          ],
          trigger: { kind: 'Schedule', settings: { cron: '0 2 * * *' } },
        },
        'r.json',
      ),
    );
    const lines = [
      'r.json: algorithm is not supported by Harbor (got "and"); "or" (the only algorithm Harbor registers)',
      'r.json: rules[1].action is not a Harbor action (got "delete"); "retain"',
      'r.json: rules[1].disabled must be a boolean (got "no"); true or false',
      'r.json: rules[1].tag_selectors[0].pattern is not a valid doublestar pattern (syntax error in doublestar pattern "[a") (got "[a"); a doublestar pattern of tags, e.g. "**" or "{v*,latest}"',
      'r.json: rules[2].params.latestPushedK is not a valid parameter (got 40000); a whole number from 1 to 32766',
      'r.json: rules[2].scope_selectors.repository[0].decoration is not a repository decoration (got "nsMatches"); "repoMatches" or "repoExcludes"',
      'r.json: rules[3] must be an object (got "x"); a RetentionRule object',
      'r.json: rules[4].params.nDaysSinceLastPull is not a valid parameter (got 0); a whole number from 1 to 20190904',
      'r.json: rules[4].tag_selectors[0].pattern is missing (got ""); a doublestar pattern of tags, e.g. "**" or "{v*,latest}"',
      'r.json: trigger.settings.cron is neither a named schedule nor a 6-field cron (5 fields) (got "0 2 * * *"); Hourly, Daily, Weekly, or a 6-field cron with seconds first such as "0 0 2 * * *"',
    ];
    expect(e.message.split('\n')).toEqual(lines);
    expect(e.violations).toHaveLength(lines.length);
  });

  test('every problem of a Terraform document is reported in one error: structure and rule checks together', () => {
    const e = error(() =>
      parseHarborRetentionPolicy(
        {
          cron: 'x',
          schedule: 'Monthly',
          rule: [
            { most_recently_pushed: 3, n_days_since_last_push: 7, repo_matching: '**', tag_matching: '**' },
            { always_retain: 'yes', repo_matching: '[a', keep: 1 },
            7,
            { most_recently_pulled: 40000, repo_excluding: 'tmp', tag_excluding: 'pr-*', untagged_artifacts: 'no' },
          ],
        },
        'p.json',
      ),
    );
    expect(e.violations.map((x) => x.property)).toEqual([
      'cron',
      'rule[0].most_recently_pushed/n_days_since_last_push',
      'rule[1].keep',
      'rule[1].always_retain',
      'rule[1].repo_matching',
      'rule[1].tag_matching/tag_excluding',
      'rule[2]',
      'rule[3].most_recently_pulled',
      'rule[3].untagged_artifacts',
      'schedule',
    ]);
    const lines = e.message.split('\n');
    expect(lines).toHaveLength(e.violations.length);
    expect(lines[3]).toBe('p.json: rule[1].always_retain must be a boolean (got "yes"); true or false');
    expect(lines[6]).toBe('p.json: rule[2] must be an object (got 7); a rule block');
    expect(lines[8]).toBe('p.json: rule[3].untagged_artifacts must be a boolean (got "no"); true or false');
    for (const line of lines) expect(line).toMatch(/^p\.json: \S+ .+ \(got .+\); .+$/);
  });

  test('the "rules" alias names its own path, and a non-array is reported once', () => {
    expect(error(() => parseHarborRetentionPolicy({ rules: [{ always_retain: true, repo_matching: '**' }] }, 'p.json')).message).toBe(
      'p.json: rules[0].tag_matching/tag_excluding are both missing: give exactly one (got undefined); a doublestar pattern of tags, e.g. "**" or "{v*,latest}"',
    );
    expect(error(() => parseHarborRetentionPolicy({ rule: 'x', schedule: 'Daily' }, 'p.json')).violations.map((x) => x.property)).toEqual(['rule']);
  });
});

describe('patterns valid under doublestar v1.3.4 (Harbor 2.11 and later)', () => {
  test('braces holding "/" and empty alternatives are accepted, and the simulator matches them as Harbor does', () => {
    const policy = parseHarborRetentionPolicy(
      {
        ...API_SAMPLE,
        rules: [
          { ...API_SAMPLE.rules[0], tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v1{,-rc}', extras: '{"untagged":false}' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '{team/a,team/b}' }] } },
        ],
      },
      'retention.json',
    );
    expect(policy.rules[0]).toMatchObject({ tagMatching: 'v1{,-rc}', repoMatching: '{team/a,team/b}' });
  });

  test('a malformed pattern is still refused', () => {
    const e = error(() =>
      parseHarborRetentionPolicy({ ...API_SAMPLE, rules: [{ ...API_SAMPLE.rules[0], tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v{1,2', extras: '{"untagged":false}' }] }] }, 'retention.json'),
    );
    expect(e.message).toMatch(/retention\.json: rules\[0\]\.tag_selectors\[0\]\.pattern is not a valid doublestar pattern \(syntax error/);
  });
});
