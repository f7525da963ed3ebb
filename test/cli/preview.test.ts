import { DialectEntry, DIALECTS, lazyDialect } from '../../lib/cli/dialects';
import { ExitCode, usage } from '../../lib/cli/preview';
import { ValidationError } from '../../lib/core/errors';
import { DialectDefinition } from '../../lib/core/retention/dialect';
import { ImageAction, ImageDecision, ImageRecord } from '../../lib/core/retention/image';
import { run } from './run';

/** A dialect whose policy names the digests to expire / archive, so the CLI's own behaviour is tested apart from any simulator. */
function fakeDialect(overrides: Partial<DialectDefinition> = {}, tagLevel = false): DialectDefinition {
  return {
    name: 'fake',
    policyFormat: 'FAKE-POLICY-FORMAT',
    imagesFormat: 'FAKE-IMAGES-FORMAT',
    parsePolicy(input: unknown, source: string) {
      const p = input as { expire?: unknown; archive?: unknown; warn?: string };
      if (!p || !Array.isArray(p.expire)) {
        throw new ValidationError(source, [{ property: 'expire', problem: 'must be an array', value: p?.expire, allowed: 'a list of digests' }]);
      }
      return p;
    },
    parseImages(input: unknown, source: string): ImageRecord[] {
      if (!Array.isArray(input)) {
        throw new ValidationError(source, [{ property: '(document)', problem: 'must be an array', value: input, allowed: 'images' }]);
      }
      return input.map((o: any) => ({ digest: o.digest, tags: o.tags ?? [], pushedAt: Date.parse(o.pushedAt), repository: o.repository }));
    },
    simulate(policy: any, images: readonly ImageRecord[]) {
      const decisions = images.map((img): ImageDecision => {
        const expire = policy.expire.includes(img.digest);
        const archive = (policy.archive ?? []).includes(img.digest);
        const action = expire ? ImageAction.EXPIRE : archive ? ImageAction.ARCHIVE : ImageAction.KEEP;
        const base = { digest: img.digest, repository: img.repository, action, rule: expire || archive ? 'rule 1' : undefined, reason: expire ? 'listed to expire' : archive ? 'listed to archive' : 'not listed' };
        if (!tagLevel) return base;
        return { ...base, removedTags: expire ? [...img.tags] : img.tags.filter((t) => t.startsWith('pr-')) };
      });
      return { decisions, warnings: policy.warn ? [policy.warn] : [] };
    },
    ...overrides,
  };
}

function entries(...defs: DialectDefinition[]): DialectEntry[] {
  return defs.map((d) => ({ name: d.name, load: () => d }));
}

const A = 'sha256:2f81b72fe8c906f6c25ca400e9b1e4f81ad4b3f26515f179ad623517d88903da';
const B = 'sha256:5136d9de7698f281df037d96cc8bb9691b9e44c6567c9beca8d331af5d627b15';
const C = 'sha256:464ad62a906c81fc022ddb3df5fe81bbf5cfb964767d87fe7f425b1cf8999e9b';
const IMAGES = JSON.stringify([
  { digest: A, tags: ['v1.8.0', 'latest'], pushedAt: '2025-03-02T10:15:32Z', repository: 'payments/api' },
  { digest: B, tags: [], pushedAt: '2024-11-20T16:02:07Z', repository: 'payments/api' },
  { digest: C, tags: ['pr-7', 'v1.7.3'], pushedAt: '2024-09-03T08:30:55Z', repository: 'payments/api' },
]);
const POLICY = JSON.stringify({ expire: [B], archive: [C] });
const FILES = { 'policy.json': POLICY, 'images.json': IMAGES };
const ARGS = ['preview', '--dialect', 'fake', '--policy', 'policy.json', '--images', 'images.json'];
const NOW = Date.UTC(2025, 5, 1);

function preview(args: string[], files: Record<string, string> = FILES, dialect: DialectDefinition = fakeDialect()) {
  return run(args, { files, dialects: entries(dialect), now: NOW });
}

/** Every failure: the exit code, nothing on stdout, one message on stderr with no stack trace. */
function expectFailure(r: ReturnType<typeof run>, code: ExitCode): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.endsWith('\n')).toBe(true);
  return r.stderr;
}

describe('registry-lifecycle preview --format json', () => {
  test('prints exactly expired, archived, kept and reasons keyed by digest', () => {
    const r = preview([...ARGS, '--format', 'json']);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.stderr).toBe('');
    expect(r.stdoutWrites).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['expired', 'archived', 'kept', 'reasons']);
    expect(out).toEqual({
      expired: [B],
      archived: [C],
      kept: [A],
      reasons: { [A]: 'not listed', [B]: 'rule 1: listed to expire', [C]: 'rule 1: listed to archive' },
    });
  });

  test('a digest found in two repositories is written repository@digest everywhere', () => {
    const images = JSON.stringify([
      { digest: A, tags: ['latest'], pushedAt: '2025-03-02T10:15:32Z', repository: 'payments/api' },
      { digest: A, tags: ['latest'], pushedAt: '2025-03-02T10:15:32Z', repository: 'payments/worker' },
      { digest: B, tags: [], pushedAt: '2024-11-20T16:02:07Z', repository: 'payments/api' },
    ]);
    const out = JSON.parse(preview([...ARGS, '--format', 'json'], { ...FILES, 'images.json': images, 'policy.json': JSON.stringify({ expire: [A] }) }).stdout);
    expect(out.expired).toEqual([`payments/api@${A}`, `payments/worker@${A}`]);
    expect(out.kept).toEqual([B]);
    expect(Object.keys(out.reasons).sort()).toEqual([B, `payments/api@${A}`, `payments/worker@${A}`].sort());
  });

  test('tag-level dialects keep exactly the four keys and name the removed tags in the reason', () => {
    const out = JSON.parse(preview([...ARGS, '--format', 'json'], FILES, fakeDialect({}, true)).stdout);
    expect(Object.keys(out)).toEqual(['expired', 'archived', 'kept', 'reasons']);
    expect(out.reasons[C]).toMatch(/\(removes tags: pr-7\)$/);
    expect(out.archived).toEqual([C]);
  });

  test('the deciding rule is not repeated when the reason already names it (or each of several rules)', () => {
    const d = fakeDialect({
      simulate: (_p: unknown, images: readonly ImageRecord[]) => ({
        decisions: images.map((img, i) => ({
          digest: img.digest,
          action: ImageAction.KEEP,
          rule: ['rules[0]', 'rules[0], rules[2]', 'rules[1]'][i],
          reason: ['kept by rules[0] (protect)', 'none of rules[0] latestPushedK, rules[2] always applies', 'too new'][i],
        })),
        warnings: [],
      }),
    });
    const out = JSON.parse(preview([...ARGS, '--format', 'json'], FILES, d).stdout);
    expect(out.reasons).toEqual({ [A]: 'kept by rules[0] (protect)', [B]: 'none of rules[0] latestPushedK, rules[2] always applies', [C]: 'rules[1]: too new' });
  });

  test('simulation warnings go to stderr so stdout stays pure JSON', () => {
    const r = preview([...ARGS, '--format', 'json'], { ...FILES, 'policy.json': JSON.stringify({ expire: [], warn: 'pull times are approximate' }) });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toBe('registry-lifecycle: warning: pull times are approximate\n');
  });
});

describe('registry-lifecycle preview (table)', () => {
  test('prints one row per image with short digest, repository, tags, age, decision and reason, then a summary', () => {
    const r = preview(ARGS);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DIGEST\s+REPOSITORY\s+TAGS\s+AGE\s+DECISION\s+RULE \/ REASON$/);
    expect(lines[1]).toMatch(/^sha256:2f81b72fe8c9\s+payments\/api\s+v1\.8\.0, latest\s+90d\s+keep\s+not listed$/);
    expect(lines[2]).toMatch(/^sha256:5136d9de7698\s+payments\/api\s+<untagged>\s+192d\s+expire\s+rule 1: listed to expire$/);
    expect(lines[3]).toMatch(/^sha256:464ad62a906c\s+payments\/api\s+pr-7, v1\.7\.3\s+270d\s+archive\s+rule 1: listed to archive$/);
    expect(lines[4]).toBe('');
    expect(lines[5]).toBe('3 images: 1 expire, 1 archive, 1 keep (as of 2025-06-01T00:00:00.000Z)');
    // Columns line up: every row's DECISION starts at the header's column.
    const col = lines[0].indexOf('DECISION');
    for (const l of lines.slice(1, 4)) expect(l.slice(col)).toMatch(/^(keep|expire|archive) /);
  });

  test('tag-level decisions show as untag with the removed tags, and the summary counts them', () => {
    const r = preview(ARGS, FILES, fakeDialect({}, true));
    expect(r.stdout).toMatch(/pr-7, v1\.7\.3\s+270d\s+archive\s+rule 1: listed to archive \(removes pr-7\)/);
    const t = preview([...ARGS], { ...FILES, 'policy.json': JSON.stringify({ expire: [B] }) }, fakeDialect({}, true)).stdout;
    expect(t).toMatch(/sha256:464ad62a906c\s+payments\/api\s+pr-7, v1\.7\.3\s+270d\s+untag\s+not listed \(removes pr-7\)/);
    expect(t).toContain('3 images: 1 expire, 0 archive, 1 keep, 1 untag');
  });

  test('simulation warnings are printed as notes under the summary', () => {
    const r = preview(ARGS, { ...FILES, 'policy.json': JSON.stringify({ expire: [], warn: 'pull times are approximate' }) });
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('note: pull times are approximate');
  });

  test('--now sets the time ages are measured from', () => {
    const r = preview([...ARGS, '--now', '2025-03-12']);
    expect(r.stdout).toMatch(/v1\.8\.0, latest\s+9d/);
    expect(r.stdout).toContain('(as of 2025-03-12T00:00:00.000Z)');
  });

  test('long tag lists are cut, and images without a repository show "-"', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `release-${i}`);
    const r = preview(ARGS, { ...FILES, 'images.json': JSON.stringify([{ digest: A, tags, pushedAt: '2025-03-02T10:15:32Z' }]) });
    expect(r.stdout).toMatch(/sha256:2f81b72fe8c9\s+-\s+release-0, release-1, release-2, rele\.\.\.\s+90d/);
  });

  test('an empty listing prints the header and a zero summary', () => {
    const r = preview(ARGS, { ...FILES, 'images.json': '[]' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 images: 0 expire, 0 archive, 0 keep');
  });
});

describe('help', () => {
  test('--help lists the usage, the exit codes and every dialect with its formats', () => {
    for (const argv of [['--help'], ['preview', '--help'], ['help']]) {
      const r = run(argv, { dialects: entries(fakeDialect()) });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: registry-lifecycle preview --dialect <fake> --policy FILE --images [REPO=]FILE... [--listing NAME] [--repository REPO] [--pulls FILE] [--now ISO] [--format table|json]');
      expect(r.stdout).toContain('registry-lifecycle compile --registry <ecr|gar|harbor|acr> --policy FILE');
      expect(r.stdout).toContain('--policy: FAKE-POLICY-FORMAT');
      expect(r.stdout).toContain('--images: FAKE-IMAGES-FORMAT');
      expect(r.stdout).toContain('Exit codes: 0');
    }
  });

  test('the real help names all five dialects and says which are not in this build', () => {
    const text = usage(DIALECTS);
    for (const name of ['ecr', 'gar', 'harbor', 'acr', 'neutral']) expect(text).toMatch(new RegExp(`^  ${name}$`, 'm'));
    for (const entry of DIALECTS) {
      let available = true;
      try {
        entry.load();
      } catch {
        available = false;
      }
      if (!available) expect(text).toContain(`dialect "${entry.name}" is not available in this build`);
    }
  });
});

describe('usage errors exit 2 with one message', () => {
  test.each([
    [['preview', '--dialect', 'fake', '--polcy', 'p.json', '--images', 'images.json'], "Unknown option '--polcy'"],
    [['preview', '--dialect', 'fake', '--images', 'images.json'], '--policy is required; a file path, or - for standard input'],
    [['preview', '--dialect', 'gcr', '--policy', 'policy.json', '--images', 'images.json'], '--dialect is not a known dialect (got "gcr"); one of fake'],
    [[...ARGS, '--format', 'yaml'], '--format is not a known format (got "yaml"); one of table, json'],
    [[...ARGS, '--now', 'yesterday'], '--now is not a timestamp (got "yesterday"); ISO-8601'],
    [[...ARGS, '--now', '2025-06-01T00:00:00'], '--now is not a timestamp (got "2025-06-01T00:00:00")'],
    [[...ARGS, '--now', '2025-06-01T00:00:00Z', '--now', '2025-06-02T00:00:00Z'], '--now is given more than once; give it once'],
    [[...ARGS, '--listing', 'quay'], '--listing is not a known listing (got "quay"); one of ecr, gar, harbor, acr, neutral'],
    [[...ARGS, '--repository', 'Team/API'], '--repository is not a repository path (got "Team/API")'],
    [['preview', '--dialect', 'fake', '--policy', '-', '--images', 'a.json', '--images', 'team/a=-'], '--policy and --images cannot both read standard input'],
    [[...ARGS, 'extra'], "Unexpected argument 'extra'"],
    [['preview', '--dialect'], "Option '--dialect <value>' argument missing"],
    [['preview', '--dialect', 'fake', '--policy', '-', '--images', '-'], '--policy and --images cannot both read standard input'],
  ])('%j', (argv, message) => {
    const err = expectFailure(preview(argv as string[]), ExitCode.USAGE);
    expect(err).toContain(message);
    expect(err.startsWith('registry-lifecycle preview: ')).toBe(true);
  });

  test('--now names the accepted formats, including that a time needs a zone and that numbers are not read', () => {
    const err = expectFailure(preview([...ARGS, '--now', '2025-06-01T00:00:00']), ExitCode.USAGE);
    expect(err).toContain('(a time needs a zone)');
    expect(err).not.toContain('epoch');
  });

  test('several problems are reported together', () => {
    const err = expectFailure(preview(['preview', '--format', 'xml']), ExitCode.USAGE);
    expect(err).toContain('--dialect is required; one of fake');
    expect(err).toContain('--policy is required');
    expect(err).toContain('--images is required');
    expect(err).toContain('--format is not a known format');
  });

  test('no command, or an unknown one', () => {
    expect(expectFailure(run([]), ExitCode.USAGE)).toContain('registry-lifecycle: a command is required; run "registry-lifecycle --help"');
    expect(expectFailure(run(['purge']), ExitCode.USAGE)).toContain('command "purge" is not known; the commands are preview, compile, apply, gate, configure-docker');
  });
});

describe('invalid input exits 1 with one message naming the file and the field', () => {
  test('a missing file', () => {
    const err = expectFailure(preview(ARGS, { 'policy.json': POLICY }), ExitCode.INVALID_INPUT);
    expect(err).toBe('images.json: (file) does not exist (got "images.json"); --images takes a readable file, or - for standard input\n');
  });

  test('a directory', () => {
    const err = expectFailure(run(['preview', '--dialect', 'fake', '--policy', 'test', '--images', 'test'], { dialects: entries(fakeDialect()) }), ExitCode.INVALID_INPUT);
    expect(err).toContain('test: (file) is a directory (got "test"); --policy takes a readable file');
  });

  test('an empty file', () => {
    const err = expectFailure(preview(ARGS, { ...FILES, 'images.json': '\n' }), ExitCode.INVALID_INPUT);
    expect(err).toBe('images.json: (document) is empty (got "\\n"); JSON: FAKE-IMAGES-FORMAT\n');
  });

  test('malformed JSON names the line and column', () => {
    const err = expectFailure(preview(ARGS, { ...FILES, 'policy.json': '{\n  "expire": [\n    "a",\n  ]\n}' }), ExitCode.INVALID_INPUT);
    expect(err).toBe('policy.json: (document) is not valid JSON at line 4, column 3: trailing comma before "]" (got "  ]"); JSON: FAKE-POLICY-FORMAT\n');
    expect(expectFailure(preview(ARGS, { ...FILES, 'images.json': "[{'digest': 1}]" }), ExitCode.INVALID_INPUT)).toContain(
      'images.json: (document) is not valid JSON at line 1, column 3: expected a property name in double quotes, found "\'"',
    );
  });

  test('truncated JSON', () => {
    const err = expectFailure(preview(ARGS, { ...FILES, 'images.json': IMAGES.slice(0, 50) }), ExitCode.INVALID_INPUT);
    expect(err).toContain('images.json: (document) is not valid JSON');
  });

  test('a byte-order mark is tolerated', () => {
    expect(preview(ARGS, { ...FILES, 'images.json': `\uFEFF${IMAGES}` }).code).toBe(0);
  });

  test("a policy that breaks the dialect's rules", () => {
    const err = expectFailure(preview(ARGS, { ...FILES, 'policy.json': '{"expire": 3}' }), ExitCode.INVALID_INPUT);
    expect(err).toBe('policy.json: expire must be an array (got 3); a list of digests\n');
  });

  test('problems in both files are reported in one message', () => {
    const err = expectFailure(preview(ARGS, { 'policy.json': '{"expire": 3}', 'images.json': '{}' }), ExitCode.INVALID_INPUT);
    expect(err).toBe('policy.json: expire must be an array (got 3); a list of digests\nimages.json: (document) must be an array (got {}); images\n');
  });

  test('the same image twice in one repository', () => {
    const images = JSON.stringify([
      { digest: A, tags: [], pushedAt: '2025-03-02T10:15:32Z', repository: 'payments/api' },
      { digest: A, tags: [], pushedAt: '2025-03-02T10:15:32Z', repository: 'payments/api' },
    ]);
    const err = expectFailure(preview(ARGS, { ...FILES, 'images.json': images }), ExitCode.INVALID_INPUT);
    expect(err).toBe(`images.json: (images) list one image in repository "payments/api" more than once (got "${A}"); each image once per repository (check for overlapping pages)\n`);
  });

  test('a dialect that throws a plain Error while parsing still gets the file named', () => {
    const d = fakeDialect({
      parseImages: () => {
        throw new Error('unexpected shape');
      },
    });
    expect(expectFailure(preview(ARGS, FILES, d), ExitCode.INVALID_INPUT)).toBe('images.json: unexpected shape\n');
  });

  test('a dialect missing from this build is a clear error, not a crash', () => {
    const missing = lazyDialect('fake', 'lib/core/retention/fake', 'fakeDialect', () => require('../../lib/core/retention/fake-not-built'));
    const err = expectFailure(run(ARGS, { files: FILES, dialects: [missing] }), ExitCode.INVALID_INPUT);
    expect(err).toMatch(/^dialect "fake" is not available in this build \(lib\/core\/retention\/fake is missing: Cannot find module '\.\.\/\.\.\/lib\/core\/retention\/fake-not-built'/);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a dialect module without the expected export, or failing to load, is reported the same way', () => {
    const noExport = lazyDialect('fake', 'lib/core/retention/fake', 'fakeDialect', () => ({ somethingElse: 1 }));
    expect(expectFailure(run(ARGS, { files: FILES, dialects: [noExport] }), ExitCode.INVALID_INPUT)).toBe(
      'dialect "fake" is not available in this build (lib/core/retention/fake does not export a DialectDefinition named fakeDialect)\n',
    );
    const broken = lazyDialect('fake', 'lib/core/retention/fake', 'fakeDialect', () => {
      throw new TypeError('x is not a function');
    });
    expect(expectFailure(run(ARGS, { files: FILES, dialects: [broken] }), ExitCode.INVALID_INPUT)).toBe(
      'dialect "fake" is not available in this build (lib/core/retention/fake failed to load: x is not a function)\n',
    );
    // --help still works and says which dialect is unavailable.
    const help = run(['--help'], { dialects: [broken, ...entries({ ...fakeDialect(), name: 'other' })] });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('  fake\n    (dialect "fake" is not available in this build');
    expect(help.stdout).toContain('  other\n    --policy: FAKE-POLICY-FORMAT');
  });

  test('a loaded dialect is cached', () => {
    let loads = 0;
    const entry = lazyDialect('fake', 'lib/core/retention/fake', 'fakeDialect', () => {
      loads++;
      return { fakeDialect: fakeDialect() };
    });
    expect(entry.load()).toBe(entry.load());
    expect(loads).toBe(1);
  });
});

describe('other paths', () => {
  test('a dialect bug exits 3 without a stack trace', () => {
    const d = fakeDialect({
      simulate: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    const err = expectFailure(preview(ARGS, FILES, d), ExitCode.INTERNAL);
    expect(err).toBe("registry-lifecycle: internal error (a bug, please report it): Cannot read properties of undefined (reading 'x')\n");
  });

  test('a simulator returning the wrong number of decisions is caught', () => {
    const d = fakeDialect({ simulate: () => ({ decisions: [], warnings: [] }) });
    expect(expectFailure(preview(ARGS, FILES, d), ExitCode.INTERNAL)).toContain('dialect "fake" returned 0 decisions for 3 images');
  });

  test('a simulator returning an unknown action is caught', () => {
    const d = fakeDialect({ simulate: (_p: unknown, images: readonly ImageRecord[]) => ({ decisions: images.map((i) => ({ digest: i.digest, action: 'delete' as ImageAction, reason: 'x' })), warnings: [] }) });
    expect(expectFailure(preview(ARGS, FILES, d), ExitCode.INTERNAL)).toContain('dialect "fake" returned a malformed decision for image 0: {"digest":"sha256:2f81');
  });

  test('a text policy dialect receives the raw text without its final newline', () => {
    let seen: unknown;
    const d = fakeDialect({
      policyIsText: true,
      parsePolicy: (input: unknown) => {
        seen = input;
        return { expire: [] };
      },
    });
    expect(preview(ARGS, { ...FILES, 'policy.json': '--filter \'api:.*\' --ago 30d\n' }, d).code).toBe(0);
    expect(seen).toBe("--filter 'api:.*' --ago 30d");
  });

  test('- reads standard input, named (stdin) in messages', () => {
    const r = preview(['preview', '--dialect', 'fake', '--policy', 'policy.json', '--images', '-'], { ...FILES, '-': 'nope' });
    expect(expectFailure(r, ExitCode.INVALID_INPUT)).toMatch(/^\(stdin\): \(document\) is not valid JSON/);
    expect(preview(['preview', '--dialect', 'fake', '--policy', 'policy.json', '--images', '-'], { ...FILES, '-': IMAGES }).code).toBe(0);
  });
});
