import { AcrPurgeCommand, acrDialect, parseAcrPurgeArgs, renderAcrPurgeCommand, renderAcrPurgeTaskYaml } from '../../../support/core';
import { validationMessageOf as error } from '../../../support/errors';

const text = (t: string) => error(() => parseAcrPurgeArgs(t, 'purge.txt'));

describe('parseAcrPurgeArgs: text form', () => {
  test('reads shell-quoted lines, continuations, comments, short flags and the retention line', () => {
    const p = parseAcrPurgeArgs(
      [
        '# nightly',
        `acr purge -r example --filter "hello-world:^hello.*" -f='team/.*:^pr-[0-9]+$' \\`,
        '  --ago 2d3h6m --keep 2 --untagged --concurrency 4',
        `purge --untagged-only --ago=3d --keep=5 --include-locked=true --dry-run`,
        'az acr config retention update --registry example --status enabled --days 0 --type UntaggedManifests',
      ].join('\n'),
      'purge.txt',
    );
    expect(p.commands).toHaveLength(2);
    const [a, b] = p.commands;
    expect(a.filters).toEqual([
      { repository: 'hello-world', tag: '^hello.*' },
      { repository: 'team/.*', tag: '^pr-[0-9]+$' },
    ]);
    expect(a.agoMilliseconds).toBe(2 * 86_400_000 + 3 * 3_600_000 + 6 * 60_000);
    expect([a.keep, a.untagged, a.untaggedOnly]).toEqual([2, true, false]);
    expect([b.untaggedOnly, b.keep, b.includeLocked, b.dryRun, b.filters.length]).toEqual([true, 5, true, true, 0]);
    expect(p.untaggedRetentionDays).toBe(0);
  });

  test('colons inside (?: groups and [:…] classes do not split a filter, as in acr-cli', () => {
    const p = parseAcrPurgeArgs(`acr purge --filter 'team/.*:^(?!(?:v.*|latest)$)[^:]*$' --ago 0d`);
    expect(p.commands[0].filters[0]).toEqual({ repository: 'team/.*', tag: '^(?!(?:v.*|latest)$)[^:]*$' });
  });

  test('renders back to the same command, single-quoting filters', () => {
    const line = `acr purge --filter 'it'\\''s:^a b$' --ago 12h --keep 3 --untagged --include-locked`;
    const c = parseAcrPurgeArgs(line).commands[0];
    expect(c.filters[0]).toEqual({ repository: "it's", tag: '^a b$' });
    expect(renderAcrPurgeCommand(c)).toBe(line);
    expect(parseAcrPurgeArgs(c.render()).commands[0].toJson()).toEqual(c.toJson());
  });

  test('reads an ACR task YAML, including what renderAcrPurgeTaskYaml writes', () => {
    const commands = parseAcrPurgeArgs(`acr purge --filter 'team/.*:^pr-.*$' --ago 30d --keep 10\nacr purge --untagged-only --ago 7d`).commands;
    expect(parseAcrPurgeArgs(renderAcrPurgeTaskYaml(commands), 'task.yaml').commands.map((c) => c.render())).toEqual(commands.map((c) => c.render()));
    const yaml = ['version: v1.1.0', 'steps:', "  - cmd: acr purge --filter 'hello-world:.*' --untagged --ago 1d  # nightly", '    disableWorkingDirectoryOverride: true', '    timeout: 3600', "  - cmd: 'acr purge --filter ''a:.*'' --ago 2d'"].join('\n');
    expect(parseAcrPurgeArgs(yaml).commands.map((c) => c.render())).toEqual([`acr purge --filter 'hello-world:.*' --ago 1d --untagged`, `acr purge --filter 'a:.*' --ago 2d`]);
    expect(text('version: v1.1.0\nsteps:\n  - cmd: >\n      acr purge --ago 1d')).toContain('purge.txt: line 3 has a cmd value this reader does not decode (got ">")');
    expect(text('version: v1.1.0\nsteps:\n  - cmd: acr purge --ago 1d')).toContain('purge.txt: line 3 --filter is required');
  });

  test('reads Microsoft\'s az acr run / az acr task create --cmd examples', () => {
    const p = parseAcrPurgeArgs(
      [`az acr run --cmd "acr purge --filter 'hello-world:.*' --untagged --ago 1d" --registry myregistry /dev/null`, `az acr task create --name purgeTask --cmd "acr purge --filter 'hello-world:.*' --ago 7d" --schedule "0 0 * * *" --registry myregistry --context /dev/null`].join('\n'),
    );
    expect(p.commands.map((c) => c.render())).toEqual([`acr purge --filter 'hello-world:.*' --ago 1d --untagged`, `acr purge --filter 'hello-world:.*' --ago 7d`]);
    expect(text('az acr run --registry r /dev/null')).toContain('purge.txt: line 1 has no readable --cmd');
  });

  test('line numbers count physical lines across continuations', () => {
    expect(text(`acr purge --filter 'a:.*' \\\n  --ago 1d\nacr purge --ago 1d`)).toContain('purge.txt: line 3 --filter is required');
  });

  test.each([
    ['acr purge --ago 1d', "purge.txt: line 1 --filter is required unless --untagged-only is given (got undefined); at least one"],
    [`acr purge --filter 'a:.*'`, 'purge.txt: line 1 --ago is required unless --untagged-only is given (got undefined); a duration such as 30d'],
    [`acr purge --filter 'a:.*' --untagged`, 'purge.txt: line 1 --ago is required when using --untagged (got undefined)'],
    [`acr purge --filter 'a:.*' --ago ''`, 'purge.txt: line 1 --ago is required unless --untagged-only is given (got ""); a duration such as 30d or 2d3h6m (an empty --ago counts as missing, as in acr-cli)'],
    [`acr purge --filter 'a:.*' --untagged --ago ""`, 'purge.txt: line 1 --ago is required when using --untagged (got "")'],
    [`acr purge --filter 'a:.*' --ago 1d --untagged --untagged-only`, 'purge.txt: line 1 --untagged-only cannot be combined with --untagged (got true); one of them'],
    [`acr purge --filter 'a:.*' --ago x1d`, 'purge.txt: line 1 --ago has a "d" that does not follow a whole number of days (acr-cli would read it as 0: delete everything) (got "x1d"); <days>d optionally'],
    [`acr purge --filter 'a:.*' --ago 1dabc`, 'purge.txt: line 1 --ago is not a Go duration after the days (acr-cli would read it as 150 years) (got "1dabc")'],
    [`acr purge --filter 'a:.*' --ago -1d`, 'purge.txt: line 1 --ago must not be negative (acr-cli would move the cut-off into the future) (got "-1d")'],
    [`acr purge --filter 'a:.*' --ago 5x`, 'purge.txt: line 1 --ago is not a Go duration after the days (acr-cli would read it as 150 years) (got "5x")'],
    [`acr purge --filter 'a:.*' --ago 1d --keep -1`, 'purge.txt: line 1 --keep must be a whole number of at least 0 (got -1); 0 (the default) or more'],
    [`acr purge --filter 'a:.*' --ago 1d --keep ten`, 'purge.txt: line 1 --keep is not a whole number (got "ten"); an integer such as 10'],
    [`acr purge --filter 'nocolon' --ago 1d`, 'purge.txt: line 1 --filter unable to correctly parse filter flag (got "nocolon"); one "<repo-regex>:<tag-regex>"'],
    [`acr purge --filter ':v1' --ago 1d`, 'purge.txt: line 1 --filter missing repository name/expression (got ":v1")'],
    [`acr purge --filter 'app:' --ago 1d`, 'purge.txt: line 1 --filter missing tag name/expression (got "app:")'],
    [`acr purge --filter 'a:b:c' --ago 1d`, 'purge.txt: line 1 --filter unable to correctly parse filter flag (got "a:b:c")'],
    [`acr purge --filter 'app:(v1' --ago 1d`, 'purge.txt: line 1 --filter has an invalid tag regex (/(v1/: Unterminated group) (got "(v1"); a regexp2 (.NET) regular expression'],
    [`acr purge --filter 'ap(p:.*' --ago 1d`, 'purge.txt: line 1 --filter has an invalid repository regex'],
    [`acr purge --filter 'app:[[:alpha:]]' --ago 1d`, 'purge.txt: line 1 --filter has an invalid tag regex (POSIX classes such as [[:alpha:]] are not evaluated here) (got "[[:alpha:]]")'],
    [`acr purge --filter 'app:.*' --ago 1d --since 3d`, 'purge.txt: line 1 --since is not a flag of acr purge (got "--since"); see `acr purge --help`'],
    [`acr purge --filter 'app:.*' --ago 1d --max-tags 3`, 'purge.txt: line 1 --max-tags is not modelled here (acr-cli newer than v0.18) (got "--max-tags")'],
    [`acr purge --filter app:.* extra --ago 1d`, 'purge.txt: line 1 has an argument that is not a flag (got "extra"); acr purge takes flags only'],
    [`acr purge --filter 'app:.* --ago 1d`, 'purge.txt: line 1 has an unterminated single quote'],
    [`acr purge --filter 'app:.*' --ago`, 'purge.txt: line 1 --ago needs a value (got "--ago"); --ago <value>'],
    [`acr purge --filter 'app:.*' --ago 1d --untagged=maybe`, 'purge.txt: line 1 --untagged is not a boolean (got "maybe"); the flag alone, or =true / =false'],
    [`docker image prune`, 'purge.txt: line 1 is not an acr purge command (got "docker image prune")'],
    ['# only a comment', 'purge.txt: (document) has no acr purge command'],
    ['az acr config retention update -r r --status enabled --days 400 --type UntaggedManifests', 'purge.txt: line 1 --days must be a whole number of days from 0 to 365 (got 400)'],
    ['az acr config retention update -r r --status on --days 7 --type UntaggedManifests', 'purge.txt: line 1 --status is not a retention status (got "on"); enabled or disabled'],
  ])('rejects %s', (input, message) => {
    expect(text(input)).toContain(message);
  });

  test('reports every bad line at once, naming each line', () => {
    const m = text(`acr purge --ago 1d\nacr purge --filter 'a:.*' --ago 1d\nacr purge --filter 'a:.*' --keep 1`);
    expect(m.split('\n')).toHaveLength(2);
    expect(m).toContain('purge.txt: line 1 --filter');
    expect(m).toContain('purge.txt: line 3 --ago');
  });

  test('an --ago beyond 150 years is accepted and capped, as acr-cli does', () => {
    expect(parseAcrPurgeArgs(`acr purge --filter 'a:.*' --ago 60000d`).commands[0].agoMilliseconds).toBe(150 * 365 * 86_400_000);
    expect(parseAcrPurgeArgs(`acr purge --filter 'a:.*' --ago 3000000h`).commands[0].agoMilliseconds).toBe(150 * 365 * 86_400_000);
  });
});

describe('parseAcrPurgeArgs: JSON form', () => {
  test('accepts command lines and command objects, as an object or as text', () => {
    const doc = { commands: [`acr purge --filter 'a:^v.*$' --ago 30d`, { filters: ['b:.*'], ago: '7d', keep: 3, untagged: true }], untaggedRetentionDays: 7 };
    for (const input of [doc, JSON.stringify(doc)]) {
      const p = parseAcrPurgeArgs(input, 'p.json');
      expect(p.commands.map((c) => c.render())).toEqual([`acr purge --filter 'a:^v.*$' --ago 30d`, `acr purge --filter 'b:.*' --ago 7d --keep 3 --untagged`]);
      expect(p.untaggedRetentionDays).toBe(7);
    }
  });

  test.each([
    [[], 'p.json: (document) must be a JSON object (got []); {"commands": [...], "untaggedRetentionDays": 7}'],
    [{ commands: {} }, 'p.json: commands must be an array (got {}); command lines or command objects'],
    [{ commands: [], extra: 1 }, 'p.json: extra is not a known field (got 1); commands, untaggedRetentionDays'],
    [{ commands: [] }, 'p.json: commands must not be empty (got []); at least one purge command, or untaggedRetentionDays'],
    [{ commands: [{ filters: ['a:.*'] }] }, 'p.json: commands[0].ago is required unless --untagged-only is given (got undefined)'],
    [{ commands: [{ filters: ['a:.*'], ago: '' }] }, 'p.json: commands[0].ago is required unless --untagged-only is given (got "")'],
    [{ commands: [{ filters: ['a:.*'], ago: '1d', keep: 1.5 }] }, 'p.json: commands[0].keep must be a whole number of at least 0 (got 1.5)'],
    [{ commands: [{ filters: 'a:.*', ago: '1d' }] }, 'p.json: commands[0].filters must be an array (got "a:.*")'],
    [{ commands: [{ filters: ['nocolon'], ago: '1d' }] }, 'p.json: commands[0].filters[0] unable to correctly parse filter flag (got "nocolon")'],
    [{ commands: [{ filters: ['a:.*'], ago: 1 }] }, 'p.json: commands[0].ago must be a string (got 1); e.g. "30d"'],
    [{ commands: [{ filters: ['a:.*'], ago: '1d', untagged: 'yes' }] }, 'p.json: commands[0].untagged must be a boolean (got "yes"); true or false'],
    [{ commands: [{ filters: ['a:.*'], ago: '1d', since: '2d' }] }, 'p.json: commands[0].since is not a known field (got "2d")'],
    [{ commands: [{ filters: ['a:.*'], ago: '1d', untagged: true, untaggedOnly: true }] }, 'p.json: commands[0].untaggedOnly cannot be combined with --untagged (got true)'],
    [{ commands: [`acr purge --ago 1d`] }, 'p.json: commands[0].--filter is required unless --untagged-only is given'],
    [{ commands: [42] }, 'p.json: commands[0] must be a command line or an object (got 42)'],
    [{ commands: [], untaggedRetentionDays: -1 }, 'p.json: untaggedRetentionDays must be a whole number of days from 0 to 365 (got -1)'],
    ['{not json', 'p.json: (document) is not valid JSON'],
  ])('rejects %j', (input, message) => {
    expect(error(() => parseAcrPurgeArgs(input, 'p.json'))).toContain(message);
  });
});

describe('AcrPurgeCommand.of and the task YAML', () => {
  test('of() applies the same checks, at the construct path', () => {
    expect(error(() => AcrPurgeCommand.of({ filters: [{ repository: 'a', tag: '(' }], ago: '1d' }, 'Stack/Purge'))).toContain('Stack/Purge: --filter has an invalid tag regex');
  });

  test('of() refuses a filter acr-cli would split at another colon, as parseAcrPurgeArgs does; [:] and (?: are fine', () => {
    expect(error(() => AcrPurgeCommand.of({ filters: [{ repository: 'team/.*', tag: '^rel:.*$' }], ago: '1d' }, 'Stack/Purge'))).toBe(
      'Stack/Purge: --filter is not read back by acr-cli as written: it splits a filter at a ":" outside a character class (got "team/.*:^rel:.*$"); no ":" in the repository or tag regex (write it as [:] if you need one)',
    );
    expect(error(() => AcrPurgeCommand.of({ filters: [{ repository: '.*', tag: '.*' }, { repository: 'a:b', tag: '.*' }], ago: '1d' }))).toContain('--filter[1] is not read back by acr-cli as written');
    expect(error(() => parseAcrPurgeArgs(`acr purge --filter 'team/.*:^rel:.*$' --ago 1d`, 'purge.txt'))).toContain('purge.txt: line 1 --filter unable to correctly parse filter flag (got "team/.*:^rel:.*$")');
    const ok = AcrPurgeCommand.of({ filters: [{ repository: 'team/.*', tag: '^rel[:](?:a|b)$' }], ago: '1d' });
    expect(parseAcrPurgeArgs(ok.render()).commands[0].filters).toEqual(ok.filters);
  });

  test('renders the ACR task YAML with one cmd step per command', () => {
    const commands = parseAcrPurgeArgs(`acr purge --filter 'team/.*:^pr-.*$' --ago 30d --keep 10\nacr purge --untagged-only --ago 7d`).commands;
    expect(renderAcrPurgeTaskYaml(commands, { stepTimeoutSeconds: 7200 })).toBe(
      [
        'version: v1.1.0',
        'steps:',
        `  - cmd: "acr purge --filter 'team/.*:^pr-.*$' --ago 30d --keep 10"`,
        '    disableWorkingDirectoryOverride: true',
        '    timeout: 7200',
        '  - cmd: "acr purge --ago 7d --untagged-only"',
        '    disableWorkingDirectoryOverride: true',
        '    timeout: 7200',
        '',
      ].join('\n'),
    );
  });

  test('a regex with a backslash survives YAML double quoting', () => {
    const c = parseAcrPurgeArgs(`acr purge --filter 'app:\\w*test\\w*' --ago 5d`).commands;
    const yaml = renderAcrPurgeTaskYaml(c);
    const cmd = JSON.parse(/cmd: (".*")/.exec(yaml)![1]);
    expect(parseAcrPurgeArgs(cmd).commands[0].filters[0].tag).toBe('\\w*test\\w*');
  });

  test('a pinned acr-cli image replaces the acr alias, and reads back', () => {
    const c = parseAcrPurgeArgs(`acr purge --untagged-only --ago 7d`).commands;
    const yaml = renderAcrPurgeTaskYaml(c, { image: 'mcr.microsoft.com/acr/acr-cli:0.18' });
    expect(yaml).toContain('  - cmd: "mcr.microsoft.com/acr/acr-cli:0.18 purge --ago 7d --untagged-only"');
    expect(parseAcrPurgeArgs(yaml).commands[0].render()).toBe('acr purge --ago 7d --untagged-only');
    expect(error(() => renderAcrPurgeTaskYaml(c, { image: 'acr; rm -rf /' }))).toContain('AcrPurgeTask: image is not an image reference (got "acr; rm -rf /"); "acr" or e.g.');
  });

  test('rejects a bad step timeout and an empty command list', () => {
    const m = error(() => renderAcrPurgeTaskYaml([], { stepTimeoutSeconds: 0 }));
    expect(m).toContain('AcrPurgeTask: stepTimeoutSeconds must be a whole number of seconds from 1 to 28800 (got 0)');
    expect(m).toContain('AcrPurgeTask: commands must not be empty (got [])');
  });

  test('the dialect reads text policies', () => {
    expect(acrDialect.policyIsText).toBe(true);
    expect(acrDialect.name).toBe('acr');
  });
});

describe('an empty --ago, as acr-cli reads it', () => {
  test('with --untagged-only it is accepted as no --ago (every dangling manifest is old enough), as acr-cli does', () => {
    const c = parseAcrPurgeArgs(`acr purge --untagged-only --ago ''`).commands[0];
    expect(c.agoMilliseconds).toBe(0);
  });

  test('the typed command refuses it too when tags are purged', () => {
    expect(error(() => AcrPurgeCommand.of({ filters: [{ repository: 'a', tag: '.*' }], ago: '' }))).toContain('--ago is required unless --untagged-only is given (got "")');
  });
});
