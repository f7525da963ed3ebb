/** Runs `registry-lifecycle apply` in-process, capturing its output, with fast retries and an empty Docker config unless given. */

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApplyIo, ApplySummary, runApply } from '../../../lib/cli/apply/command';

export interface ApplyResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The parsed summary when --format json was given and the run printed one. */
  readonly summary?: ApplySummary;
}

/** A temp dir that holds a policy file (and optionally a Docker config). */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'h12apply-'));
}

/** Writes `policy` as JSON into `dir` and returns its path. */
export function policyFile(dir: string, policy: unknown, name = 'policy.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
  return file;
}

/** A Docker config dir with `auths` for `host`. */
export function dockerConfig(dir: string, host: string, user: string, password: string, extra: Record<string, unknown> = {}): string {
  const d = path.join(dir, `docker-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(d);
  fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } }, ...extra }));
  return d;
}

export async function apply(argv: string[], options: { dockerConfigDir?: string; io?: Partial<ApplyIo> } = {}): Promise<ApplyResult> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, DOCKER_CONFIG: options.dockerConfigDir ?? path.join(os.tmpdir(), 'h12-no-docker-config') };
  const code = await runApply(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env,
    retry: { baseDelayMs: 5, maxDelayMs: 200 },
    ...options.io,
  });
  let summary: ApplySummary | undefined;
  if (argv.includes('json') && stdout.trim().startsWith('{')) summary = JSON.parse(stdout) as ApplySummary;
  return { code, stdout, stderr, summary };
}
