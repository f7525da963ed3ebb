import {
  GarActionType,
  GarTagState,
  isGarMinuteShorthand,
  parseGarCleanupPolicies,
  parseGarDuration,
  simulateGarCleanupPolicies,
  toGarCleanupPolicyBlocks,
} from '../../../../lib/core/retention/gar';
import { validationErrorOf as errorOf } from '../../../support/errors';

const DAY = 86_400;

describe('parseGarDuration (gcloud grammar)', () => {
  test.each([
    ['30d', 30 * DAY],
    ['30D', 30 * DAY],
    ['2w', 14 * DAY],
    ['12h', 12 * 3600],
    ['90m', 90 * 60],
    ['45s', 45],
    ['1h30m', 5400],
    ['7d12h', 7.5 * DAY],
    ['2592000s', 2_592_000],
    ['2592000.0s', 2_592_000],
    ['1.5d', 1.5 * DAY],
    ['1,5h', 5400],
    ['P30D', 30 * DAY],
    ['PT12H', 12 * 3600],
    ['P1DT12H', 1.5 * DAY],
    ['P2W', 14 * DAY],
    ['1y', 365.2422 * DAY],
    ['P1Y', 365.2422 * DAY],
  ])('%s = %d s', (text, seconds) => {
    expect(parseGarDuration(text)).toBeCloseTo(seconds, 3);
  });

  test('P1M is a month (1/12 of 365.2422 days) but 1m is a minute', () => {
    expect(Math.round(parseGarDuration('P1M')!)).toBe(2_629_744);
    expect(parseGarDuration('1m')).toBe(60);
    expect(isGarMinuteShorthand('1m')).toBe(true);
    expect(isGarMinuteShorthand('P1M')).toBe(false);
    expect(isGarMinuteShorthand('30d')).toBe(false);
  });

  test.each(['30', '', 'd', 'P', 'PT', '30 days', '1d1y', '-1d', 'P1DT'])('rejects %j', (text) => {
    expect(parseGarDuration(text)).toBeUndefined();
  });
});

describe('parseGarCleanupPolicies', () => {
  const docExample = [
    { name: 'delete-untagged-7d', action: { type: 'Delete' }, condition: { tagState: 'untagged', olderThan: '7d' } },
    { name: 'delete-old', action: { type: 'Delete' }, condition: { tagState: 'any', olderThan: '90d', packageNamePrefixes: ['api', 'worker'] } },
    { name: 'keep-releases', action: { type: 'Keep' }, condition: { tagState: 'tagged', tagPrefixes: ['v', 'release-'] } },
    { name: 'keep-last-10', action: { type: 'Keep' }, mostRecentVersions: { packageNamePrefixes: ['api'], keepCount: 10 } },
  ];

  test('reads the documented file shape, normalising enum case and keeping durations as written', () => {
    const policies = parseGarCleanupPolicies(docExample, 'p.json');
    expect(policies).toEqual([
      { name: 'delete-untagged-7d', action: { type: GarActionType.DELETE }, condition: { tagState: GarTagState.UNTAGGED, olderThan: '7d' } },
      {
        name: 'delete-old',
        action: { type: GarActionType.DELETE },
        condition: { tagState: GarTagState.ANY, olderThan: '90d', packageNamePrefixes: ['api', 'worker'] },
      },
      { name: 'keep-releases', action: { type: GarActionType.KEEP }, condition: { tagState: GarTagState.TAGGED, tagPrefixes: ['v', 'release-'] } },
      { name: 'keep-last-10', action: { type: GarActionType.KEEP }, mostRecentVersions: { packageNamePrefixes: ['api'], keepCount: 10 } },
    ]);
  });

  test('reads what list-cleanup-policies prints back (upper-case enums, "<n>s" durations)', () => {
    const policies = parseGarCleanupPolicies([{ name: 'a', action: { type: 'DELETE' }, condition: { olderThan: '2592000.0s', tagState: 'TAGGED' } }], 'p.json');
    expect(policies[0].condition).toEqual({ tagState: GarTagState.TAGGED, olderThan: '2592000.0s' });
  });

  test('renders provider cleanup_policies blocks with camelCase keys and whole seconds', () => {
    expect(toGarCleanupPolicyBlocks(parseGarCleanupPolicies(docExample))).toEqual([
      { id: 'delete-untagged-7d', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '604800s' } },
      { id: 'delete-old', action: 'DELETE', condition: { tagState: 'ANY', olderThan: '7776000s', packageNamePrefixes: ['api', 'worker'] } },
      { id: 'keep-releases', action: 'KEEP', condition: { tagState: 'TAGGED', tagPrefixes: ['v', 'release-'] } },
      { id: 'keep-last-10', action: 'KEEP', mostRecentVersions: { packageNamePrefixes: ['api'], keepCount: 10 } },
    ]);
  });

  test('toGarCleanupPolicyBlocks refuses invalid policies with the given path', () => {
    const bad = [{ name: 'x', action: { type: GarActionType.DELETE }, mostRecentVersions: { keepCount: 3 } }];
    expect(() => toGarCleanupPolicyBlocks(bad, 'Stack/Repo')).toThrow('Stack/Repo: [0].action.type must be Keep for a mostRecentVersions policy');
  });

  // One failing input per rule: the message names the file, the field, the bad value and what is allowed.
  test.each<[string, unknown, string]>([
    ['a non-list document', { policies: [] }, 'p.json: (document) must be a JSON list of cleanup policies (got {"policies":[]}); a list such as'],
    [
      'more than 10 policies',
      Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, action: { type: 'Delete' }, condition: { olderThan: '1d' } })),
      'p.json: (document) holds 11 cleanup policies, more than GAR allows (got 11); at most 10 policies per repository',
    ],
    ['a non-object entry', ['x'], 'p.json: [0] must be an object (got "x"); an object with "name", "action"'],
    ['a missing name', [{ action: { type: 'Delete' }, condition: {} }], 'p.json: [0].name is required and must be a non-empty string (got undefined); the policy id'],
    [
      '"id" instead of "name"',
      [{ id: 'a', action: { type: 'Delete' }, condition: {} }],
      'p.json: [0].id is not a field of a cleanup policy (got "a"); one of name, action, condition, mostRecentVersions; gcloud reads the policy id from "name"',
    ],
    ['a name of 128 characters', [{ name: 'n'.repeat(128), action: { type: 'Delete' }, condition: {} }], 'p.json: [0].name is 128 characters long (got "nnn'],
    [
      'a duplicate name',
      [
        { name: 'a', action: { type: 'Delete' }, condition: {} },
        { name: 'a', action: { type: 'Keep' }, condition: {} },
      ],
      'p.json: [1].name repeats the name of policy [0] (got "a"); a name unique in the file',
    ],
    ['a missing action', [{ name: 'a', condition: {} }], 'p.json: [0].action is required and must be an object (got undefined); {"type": "Delete"} or {"type": "Keep"}'],
    ['a string action', [{ name: 'a', action: 'Delete', condition: {} }], 'p.json: [0].action is required and must be an object (got "Delete")'],
    ['an unknown action type', [{ name: 'a', action: { type: 'Archive' }, condition: {} }], 'p.json: [0].action.type is not a cleanup action (got "Archive"); "Delete" or "Keep" (any letter case)'],
    [
      'both condition and mostRecentVersions',
      [{ name: 'a', action: { type: 'Keep' }, condition: {}, mostRecentVersions: { keepCount: 1 } }],
      'p.json: [0] has both "condition" and "mostRecentVersions" (got ["name","action","condition","mostRecentVersions"]); exactly one of them per policy',
    ],
    ['neither condition nor mostRecentVersions', [{ name: 'a', action: { type: 'Delete' } }], 'p.json: [0] has neither "condition" nor "mostRecentVersions" (got ["name","action"]); exactly one of them'],
    [
      'mostRecentVersions with Delete',
      [{ name: 'a', action: { type: 'Delete' }, mostRecentVersions: { keepCount: 5 } }],
      'p.json: [0].action.type must be Keep for a mostRecentVersions policy (got "Delete"); "Keep"',
    ],
    ['a non-object condition', [{ name: 'a', action: { type: 'Delete' }, condition: 'old' }], 'p.json: [0].condition must be an object (got "old"); an object with some of tagState'],
    [
      'an unknown condition field',
      [{ name: 'a', action: { type: 'Delete' }, condition: { moreStaleThan: '30d' } }],
      'p.json: [0].condition.moreStaleThan is not a field of a cleanup condition (got "30d"); one of tagState, tagPrefixes, versionNamePrefixes, packageNamePrefixes, olderThan, newerThan; "moreStaleThan" is undocumented',
    ],
    ['a bad tag state', [{ name: 'a', action: { type: 'Delete' }, condition: { tagState: 'some' } }], 'p.json: [0].condition.tagState is not a tag state (got "some"); "TAGGED", "UNTAGGED" or "ANY"'],
    ['a non-list prefix field', [{ name: 'a', action: { type: 'Delete' }, condition: { packageNamePrefixes: 'api' } }], 'p.json: [0].condition.packageNamePrefixes must be a list of strings (got "api")'],
    ['a non-string prefix', [{ name: 'a', action: { type: 'Delete' }, condition: { versionNamePrefixes: [1] } }], 'p.json: [0].condition.versionNamePrefixes[0] must be a string (got 1); a prefix such as "v"'],
    [
      'a duration without a unit',
      [{ name: 'a', action: { type: 'Delete' }, condition: { olderThan: '30' } }],
      'p.json: [0].condition.olderThan is not a duration gcloud accepts (got "30"); a gcloud duration: a number and unit y, w, d, h, m (minutes), s',
    ],
    ['a numeric duration', [{ name: 'a', action: { type: 'Delete' }, condition: { newerThan: 86400 } }], 'p.json: [0].condition.newerThan is not a duration gcloud accepts (got 86400)'],
    ['a non-object mostRecentVersions', [{ name: 'a', action: { type: 'Keep' }, mostRecentVersions: 5 }], 'p.json: [0].mostRecentVersions must be an object (got 5); {"keepCount": 10}'],
    ['a zero keepCount', [{ name: 'a', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 0 } }], 'p.json: [0].mostRecentVersions.keepCount must be a positive whole number (got 0); an integer from 1'],
    ['a missing keepCount', [{ name: 'a', action: { type: 'Keep' }, mostRecentVersions: {} }], 'p.json: [0].mostRecentVersions.keepCount must be a positive whole number (got undefined)'],
    [
      'an unknown mostRecentVersions field',
      [{ name: 'a', action: { type: 'Keep' }, mostRecentVersions: { keepCount: 2, tagPrefixes: ['v'] } }],
      'p.json: [0].mostRecentVersions.tagPrefixes is not a field of mostRecentVersions (got ["v"]); one of packageNamePrefixes, keepCount',
    ],
  ])('rejects %s', (_what, input, message) => {
    const error = errorOf(() => parseGarCleanupPolicies(input, 'p.json'));
    expect(error.message).toContain(message);
  });

  test('reports every problem of a file at once', () => {
    const error = errorOf(() =>
      parseGarCleanupPolicies(
        [
          { name: 'a', action: { type: 'Nope' }, condition: { olderThan: 'soon' } },
          { name: 'b', action: { type: 'Keep' }, mostRecentVersions: { keepCount: -1 } },
        ],
        'p.json',
      ),
    );
    expect(error.violations.map((v) => v.property)).toEqual(['[0].action.type', '[0].condition.olderThan', '[1].mostRecentVersions.keepCount']);
  });
});

describe('tagPrefixes with a tagState other than TAGGED (accepted, as gcloud accepts them)', () => {
  const policies = (tagState?: string) => [{ name: 'keep-v', action: { type: 'Keep' }, condition: { ...(tagState ? { tagState } : {}), tagPrefixes: ['v'] } }, { name: 'del', action: { type: 'Delete' }, condition: { olderThan: '1d' } }];
  const NOW = Date.UTC(2026, 0, 1);
  const images = [
    { digest: 'sha256:a', tags: ['v1'], pushedAt: NOW - 9 * 86_400_000 },
    { digest: 'sha256:b', tags: [], pushedAt: NOW - 9 * 86_400_000 },
  ];

  test.each([undefined, 'any', 'ANY'])('tagState %s: read as given, acts as TAGGED, and the simulator says so', (tagState) => {
    const parsed = parseGarCleanupPolicies(policies(tagState), 'p.json');
    expect(parsed[0].condition!.tagPrefixes).toEqual(['v']);
    const r = simulateGarCleanupPolicies(parsed, images, NOW);
    expect(r.decisions.map((d) => d.action)).toEqual(['keep', 'expire']);
    expect(r.warnings).toContain(`policy keep-v: tagPrefixes with tagState ${tagState ? 'ANY' : 'ANY (default)'} matches tagged versions only, as with TAGGED`);
  });

  test('tagState UNTAGGED with tagPrefixes never matches, and the simulator says the policy never acts', () => {
    const r = simulateGarCleanupPolicies(parseGarCleanupPolicies(policies('untagged'), 'p.json'), images, NOW);
    expect(r.decisions.map((d) => d.action)).toEqual(['expire', 'expire']);
    expect(r.warnings).toContain('policy keep-v: tagPrefixes with tagState UNTAGGED matches no version (an untagged version has no tag to match); the policy never acts');
  });
});
