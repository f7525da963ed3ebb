import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';

/**
 * The examples in docs/retention.md's `registry-lifecycle preview` section are real: each `$ registry-lifecycle …` line
 * is run on the fixtures and must print exactly what the docs show. After a deliberate change of output (e.g. a
 * simulator's reason text), refresh them with `UPDATE_CLI_DOCS=1 npx jest test/cli/docs.test.ts`.
 */
const DOC = path.join(__dirname, '..', '..', 'docs', 'retention.md');
const HEADING = '## Previewing a policy: `registry-lifecycle preview`';

interface Example {
  readonly argv: string[];
  readonly command: string;
  readonly expected: string;
  readonly code: number;
}

function section(text: string): { start: number; end: number } {
  const start = text.indexOf(HEADING);
  const next = text.indexOf('\n## ', start + HEADING.length);
  return { start, end: next < 0 ? text.length : next };
}

function examples(block: string): Example[] {
  const out: Example[] = [];
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('$ registry-lifecycle ')) continue;
    const body: string[] = [];
    let code = 0;
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith('$ '); j++) {
      const exit = /^\(exit (\d+)\)$/.exec(lines[j]);
      if (exit) code = Number(exit[1]);
      else body.push(lines[j]);
    }
    out.push({ command: lines[i], argv: lines[i].slice('$ registry-lifecycle '.length).split(/\s+/), expected: body.join('\n'), code });
    i = j - 1;
  }
  return out;
}

function render(e: Example): string {
  const r = run(e.argv, { now: Date.now() });
  const printed = (r.code === 0 ? r.stdout : r.stderr).replace(/\n$/, '');
  return [e.command, printed, ...(r.code === 0 ? [] : [`(exit ${r.code})`])].join('\n');
}

const text = fs.readFileSync(DOC, 'utf8');
const { start, end } = section(text);
const blocks = [...text.slice(start, end).matchAll(/```console\n([\s\S]*?)\n```/g)].map((m) => m[1]);

if (process.env.UPDATE_CLI_DOCS) {
  let body = text.slice(start, end);
  for (const block of blocks) body = body.replace(block, () => examples(block).map(render).join('\n'));
  fs.writeFileSync(DOC, text.slice(0, start) + body + text.slice(end));
}

describe('docs/retention.md registry-lifecycle examples', () => {
  const all = blocks.flatMap(examples);

  test('there is an example for every dialect and every error kind shown', () => {
    expect(section(text).start).toBeGreaterThan(0);
    for (const dialect of ['ecr', 'gar', 'harbor', 'acr', 'neutral']) expect(all.some((e) => e.argv.includes(dialect) && e.code === 0)).toBe(true);
    expect(all.filter((e) => e.code !== 0).length).toBeGreaterThanOrEqual(5);
  });

  test.each(all.map((e) => [e.command, e] as const))('%s', (_command, e) => {
    const r = run(e.argv);
    expect(r.code).toBe(e.code);
    if (e.code === 0) expect(r.stdout).toBe(`${e.expected}\n`);
    else {
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${e.expected}\n`);
    }
  });
});
