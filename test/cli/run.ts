/** Runs the CLI in-process against files on disk (fixtures) or in memory, capturing stdout, stderr and the exit code. */

import * as fs from 'fs';
import * as path from 'path';
import { DialectEntry } from '../../lib/cli/dialects';
import { main } from '../../lib/cli/preview';

/** What one run printed. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutWrites: number;
}

/** The fixtures folder of one dialect. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');

/** A fixture path relative to the repository root, as a user would type it. */
export function fixture(dialect: string, file: string): string {
  return path.relative(process.cwd(), path.join(FIXTURES, dialect, file));
}

/** Runs `registry-lifecycle <argv>`; `files` overrides the file system, `now` fixes the clock. */
export function run(argv: string[], options: { files?: Record<string, string>; dialects?: readonly DialectEntry[]; now?: number } = {}): RunResult {
  let stdout = '';
  let stderr = '';
  let stdoutWrites = 0;
  const code = main(argv, {
    stdout: (t) => {
      stdout += t;
      stdoutWrites++;
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => {
      if (options.files) {
        if (p in options.files) return options.files[p];
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      }
      return fs.readFileSync(p, 'utf8');
    },
    now: () => options.now ?? Date.UTC(2025, 5, 1),
    dialects: options.dialects,
  });
  return { code, stdout, stderr, stdoutWrites };
}
