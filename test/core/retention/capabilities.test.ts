import * as fs from 'fs';
import * as path from 'path';
import { COMPILERS, INTENTS, support } from './capabilities';

// docs/retention.md's capability matrix must say what the compilers do: each cell starts with "native",
// "opt-in" or "unsupported", and is checked against compiling the row's policy without and with
// allowApproximations.
const doc = fs.readFileSync(path.join(__dirname, '../../../docs/retention.md'), 'utf8');
const table = doc.split('<!-- matrix:start -->')[1]?.split('<!-- matrix:end -->')[0] ?? '';
const rows = table
  .split('\n')
  .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
  .slice(1)
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

describe('capability matrix in docs/retention.md', () => {
  test('has a header naming the dialects in order and one row per intent', () => {
    const header = table.split('\n').find((l) => l.startsWith('|'))!;
    expect(header.split('|').slice(2, 2 + COMPILERS.length).map((c) => c.trim())).toEqual(COMPILERS.map((c) => c.name));
    expect(rows.map((r) => r[0])).toEqual(INTENTS.map((i) => i.name));
  });

  test.each(INTENTS.map((intent, i) => [intent.name, i] as const))('%s', (_name, i) => {
    const documented = rows[i].slice(1, 1 + COMPILERS.length).map((cell) => cell.split(/[\s(;,]/)[0]);
    const actual = COMPILERS.map((c) => support(c.compile, INTENTS[i].policy()));
    expect(documented).toEqual(actual);
  });
});
