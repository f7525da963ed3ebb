import fc from 'fast-check';
import { AcrImageRecord, AcrPurgeCommand, AcrPurgePolicy, ImageAction, parseAcrPurgeArgs, simulateAcrPurge } from '../../../support/core';

const NOW = Date.UTC(2026, 0, 1);
const repoPart = fc.constantFrom('app', 'team/.*', '.*', 'team/api', 'app|web', '(?:app|team/.*)');
const tagPart = fc.constantFrom('.*', '^v[0-9]+$', 'test', "^(?!(?:v.*|latest)$).*$", '^pr-\\d+', "it's", '[^:]*', '(?i)^RC', 'a b');
const agoText = fc.oneof(fc.integer({ min: 0, max: 400 }).map((d) => `${d}d`), fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 23 })).map(([d, h]) => `${d}d${h}h`), fc.constantFrom('12h', '90m'));

const command = fc
  .record({
    filters: fc.array(fc.tuple(repoPart, tagPart), { maxLength: 3 }),
    ago: agoText,
    keep: fc.nat(5),
    mode: fc.constantFrom('tags', 'untagged', 'untaggedOnly'),
    includeLocked: fc.boolean(),
  })
  .filter((c) => c.mode === 'untaggedOnly' || c.filters.length > 0)
  .map((c) =>
    AcrPurgeCommand.of({
      filters: c.filters.map(([repository, tag]) => ({ repository, tag })),
      ago: c.ago,
      keep: c.keep,
      untagged: c.mode === 'untagged',
      untaggedOnly: c.mode === 'untaggedOnly',
      includeLocked: c.includeLocked,
    }),
  );

const images = fc
  .array(
    fc.record({
      repo: fc.constantFrom('app', 'team/api', 'web', 'team'),
      tags: fc.uniqueArray(fc.constantFrom('v1', 'v22', 'latest', 'pr-7', 'mytest', 'RC1', 'rc2', 'x'), { maxLength: 3 }),
      age: fc.integer({ min: 0, max: 500 * 24 }),
      locked: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((rows) =>
    rows.map(
      (r, i): AcrImageRecord => ({
        digest: `sha256:${i.toString(16).padStart(4, '0')}`,
        repository: r.repo,
        tags: r.tags.map((t) => `${t}-${i}`),
        pushedAt: NOW - r.age * 3_600_000,
        ...(r.locked && i % 3 === 0 ? { locked: true } : {}),
      }),
    ),
  );

describe('acr purge commands: text round trip and simulator invariants', () => {
  test('of() accepts a filter exactly when acr-cli reads its rendered form back as the same two regexes', () => {
    const part = fc.array(fc.constantFrom('a', '.', '*', ':', '[', ']', '^', '(', ')', '?', '/'), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(part, part, (repository, tag) => {
        let built: AcrPurgeCommand | undefined;
        try {
          built = AcrPurgeCommand.of({ filters: [{ repository, tag }], ago: '1d' });
        } catch {
          built = undefined;
        }
        // Independent of the code under test: the rendered command read back by the text parser.
        let readBack: { repository: string; tag: string } | undefined;
        try {
          readBack = parseAcrPurgeArgs(`acr purge --filter '${repository}:${tag}' --ago 1d`).commands[0].filters[0];
        } catch {
          readBack = undefined;
        }
        if (built) expect(readBack).toEqual({ repository, tag });
        if (readBack && (readBack.repository !== repository || readBack.tag !== tag)) expect(built).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  test('rendering and reading back gives the same command, in both input forms', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 3 }), (commands) => {
        const text = commands.map((c) => c.render()).join('\n');
        const back = parseAcrPurgeArgs(text, 'p.txt').commands;
        expect(back.map((c) => c.toJson())).toEqual(commands.map((c) => c.toJson()));
        const json = parseAcrPurgeArgs({ commands: commands.map((c) => c.toJson()) }, 'p.json').commands;
        expect(json.map((c) => c.render())).toEqual(commands.map((c) => c.render()));
      }),
      { numRuns: 500 },
    );
  });

  test('a tag younger than --ago is never removed, a manifest that keeps a tag is never deleted, a larger --keep never removes more', () => {
    fc.assert(
      fc.property(command, images, (c, imgs) => {
        const run = (cmd: AcrPurgeCommand) => simulateAcrPurge(AcrPurgePolicy.of({ commands: [cmd] }), imgs, NOW).decisions;
        const out = run(c);
        out.forEach((d, i) => {
          if ((d.removedTags ?? []).length > 0) expect(imgs[i].pushedAt).toBeLessThan(NOW - c.agoMilliseconds!);
          if (d.action === ImageAction.EXPIRE) expect([...(d.removedTags ?? [])].sort()).toEqual([...imgs[i].tags].sort());
          if (c.untaggedOnly) expect(d.removedTags).toEqual([]);
          if (imgs[i].locked && !c.includeLocked) expect(d.action).toBe(ImageAction.KEEP);
        });
        const more = run(AcrPurgeCommand.of({ ...c.toJson(), filters: [...c.filters], keep: c.keep + 1 }));
        const count = (ds: typeof out) => ds.reduce((n, d) => n + (d.removedTags ?? []).length, 0);
        expect(count(more)).toBeLessThanOrEqual(count(out));
      }),
      { numRuns: 1000 },
    );
  });

  test('--ago 0d --keep 0 on ".*" removes every tag in the selected repositories', () => {
    fc.assert(
      fc.property(images, (imgs) => {
        const d = simulateAcrPurge(parseAcrPurgeArgs(`acr purge --filter 'team/.*:.*' --ago 0d --include-locked`), imgs, NOW).decisions;
        imgs.forEach((img, i) => expect((d[i].removedTags ?? []).length).toBe(img.repository!.startsWith('team/') && img.pushedAt < NOW ? img.tags.length : 0));
      }),
      { numRuns: 300 },
    );
  });
});
