import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fixture } from './run';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'lib', 'cli', 'registry-lifecycle.ts');

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the registry-lifecycle executable, end to end', () => {
  test('starts with a node shebang (the package bin)', () => {
    expect(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('previews a real file, reads standard input, and reports bad input and usage with exit codes 1 and 2', () => {
    const args = ['preview', '--dialect', 'neutral', '--policy', fixture('neutral', 'policy.json'), '--now', '2025-06-01T00:00:00Z', '--format', 'json'];
    const ok = cli([...args, '--images', fixture('neutral', 'images.json')]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(Object.keys(JSON.parse(ok.stdout))).toEqual(['expired', 'archived', 'kept', 'reasons']);

    const piped = cli([...args, '--images', '-'], fs.readFileSync(fixture('neutral', 'images.json'), 'utf8'));
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(ok.stdout);

    const bad = cli([...args, '--images', fixture('neutral', 'images-bad-timestamp.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('images[3].pushedAt is not a timestamp (got "yesterday")');

    const usage = cli(['preview', '--dialect', 'neutral', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toBe('registry-lifecycle preview: Unknown option \'--bogus\'; run "registry-lifecycle --help"\n');
  });
});
