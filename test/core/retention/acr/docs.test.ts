import * as fs from 'fs';
import * as path from 'path';
import { compileToAcr, DAY_MS, parseAcrPurgeArgs, renderAcrPurgeTaskYaml, RetentionPolicy, RetentionRule, simulateAcrPurge } from '../../../support/core';
import { validationMessageOf } from '../../../support/errors';

/** The examples of docs/retention.md's ACR section are real: the input files parse, and the worked example is what the code produces. */
const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'docs', 'retention.md'), 'utf8');
const start = text.indexOf('## Azure Container Registry (acr purge)');
const section = text.slice(start, text.indexOf('\n## ', start + 10));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1]);

describe('docs/retention.md, ACR section', () => {
  test('the example input files parse', () => {
    const [txt] = blocks('text');
    const [json] = blocks('json');
    expect(parseAcrPurgeArgs(txt, 'purge.txt').commands).toHaveLength(2);
    expect(parseAcrPurgeArgs(txt, 'purge.txt').untaggedRetentionDays).toBe(0);
    expect(parseAcrPurgeArgs(JSON.parse(json), 'purge.json').commands).toHaveLength(2);
  });

  test('the two-step example: the second step keeps what the first untags; the refusal of an unnamed listing is what the simulator throws', () => {
    const [steps] = blocks('sh');
    const NOW = Date.UTC(2026, 0, 1);
    const images = [
      { digest: 'sha256:aa', tags: ['pr-1'], pushedAt: NOW - 30 * DAY_MS, repository: 'app' },
      { digest: 'sha256:bb', tags: [], pushedAt: NOW - 30 * DAY_MS, repository: 'app' },
    ];
    const r = simulateAcrPurge(parseAcrPurgeArgs(steps, 'task.txt'), images, NOW);
    expect(r.decisions.map((d) => [d.action, d.removedTags])).toEqual([
      ['keep', ['pr-1']],
      ['expire', []],
    ]);
    const [refusal] = blocks('console');
    const unnamed = [{ digest: 'sha256:cc', tags: ['pr-650'], pushedAt: NOW - 30 * DAY_MS }];
    expect(() => simulateAcrPurge(parseAcrPurgeArgs("acr purge --filter 'payments/api:^pr-.*$' --ago 14d", 'p.txt'), unnamed, NOW)).toThrow(refusal);
  });

  test('the refusal shown for a tag-level rule is the one compileToAcr throws', () => {
    const shown = blocks('text')[1];
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 14 })] });
    expect(() => compileToAcr(policy)).toThrow(shown);
    expect(validationMessageOf(() => compileToAcr(policy))).toBe(shown);
  });

  test('the worked example compiles to the YAML shown and removes what the table says', () => {
    const policy = RetentionPolicy.of({
      repositories: ['team/*'],
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*', 'latest'] }),
        RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['main-*'] }),
        RetentionRule.expireTagged({ tagPatterns: ['*'], days: 30 }),
        RetentionRule.expireUntagged({ days: 7 }),
      ],
    });
    expect(() => compileToAcr(policy)).toThrow(/rules\[1\] cannot be expressed on ACR: acr purge removes tags, not images/);
    const r = compileToAcr(policy, { allowApproximations: true });
    expect(r.untaggedRetentionDays).toBe(0);
    expect(blocks('yaml')[0] + '\n').toBe(renderAcrPurgeTaskYaml(r.purgeCommands));
    const NOW = Date.UTC(2026, 0, 1);
    const rows = [...section.matchAll(/^\| ([a-z0-9, ]+) \| ([^|]+) \| ([0-9, ]+) \| (keep|expire) \|([^|]*)\|/gm)];
    expect(rows.length).toBe(8);
    const listing = rows.flatMap(([, names, tags, ages]) => {
      const digests = names.split(', ');
      return digests.map((d, i) => ({
        digest: `sha256:${d}`,
        repository: 'team/api',
        tags: tags.trim() === '(none)' ? [] : digests.length > 1 ? [tags.split(', ')[i]] : tags.split(', '),
        pushedAt: NOW - Number(ages.split(', ')[i]) * DAY_MS,
      }));
    });
    const decisions = simulateAcrPurge(r.purgePolicy, listing, NOW).decisions;
    const byDigest = new Map(decisions.map((d) => [d.digest, d]));
    for (const [, names, , , action, removed] of rows) {
      for (const d of names.split(', ')) {
        const got = byDigest.get(`sha256:${d}`)!;
        expect([d, got.action, (got.removedTags ?? []).join(', ')]).toEqual([d, action, removed.trim()]);
      }
    }
  });
});
