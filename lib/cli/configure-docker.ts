/** `registry-lifecycle configure-docker`: merges credential helpers into Docker's config.json (or Podman's auth.json), atomically and with a backup. */

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { lineDiff, mergeDockerConfig, parseEndpoints } from '../core/ci/docker-config';
import { describeValue, ValidationError } from '../core/errors';
import type { CliIo } from './preview';

const PROGRAM = 'registry-lifecycle';

/** The environment configure-docker reads: HOME, DOCKER_CONFIG, XDG_RUNTIME_DIR, PATH. */
export interface ConfigureDockerIo extends CliIo {
  /** Environment variables. @default process.env */
  readonly env?: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** The `configure-docker --help` text. */
export function configureDockerUsage(): string {
  return `${[
    `Usage: ${PROGRAM} configure-docker --endpoints FILE [--config FILE] [--podman] [--dry-run]`,
    '',
    'Points Docker (or Podman, skopeo, buildah) at each registry\'s credential helper: merges "credHelpers" entries',
    'into the client config, keeping auths, credsStore and every other helper. Writes atomically, keeps the previous',
    'file as <config>.bak, and changes nothing when the config is already right. Registries without a helper (Harbor',
    'robots, plain registries) get their login command printed instead.',
    '',
    'Options:',
    '  --endpoints FILE  RegistryEndpoint JSON: one endpoint, a list, or `terraform output -json` (- reads standard input)',
    '  --config FILE     the file to change (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json;',
    '                    with --podman: $XDG_RUNTIME_DIR/containers/auth.json or ~/.config/containers/auth.json)',
    '  --podman          write Podman\'s auth.json (containers-auth.json(5)) instead of Docker\'s config',
    '  --dry-run         print the diff and write nothing',
    '  -h, --help        this text',
    '',
    'Exit codes: 0 configured (or nothing to change); 1 invalid input or the file cannot be written; 2 usage error; 3 internal error.',
    '',
    'Examples:',
    `  terraform output -json registry_endpoints > endpoints.json && ${PROGRAM} configure-docker --endpoints endpoints.json --dry-run`,
    `  ${PROGRAM} configure-docker --endpoints endpoints.json`,
    `  ${PROGRAM} configure-docker --endpoints endpoints.json --podman`,
  ].join('\n')}\n`;
}

interface Args {
  readonly help: boolean;
  readonly endpoints: string;
  readonly config?: string;
  readonly podman: boolean;
  readonly dryRun: boolean;
}

function parse(argv: readonly string[]): Args {
  const options = {
    endpoints: { type: 'string' },
    config: { type: 'string' },
    podman: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values as typeof values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run "${PROGRAM} configure-docker --help"`);
  }
  if (values.help) return { help: true, endpoints: '', podman: false, dryRun: false };
  if (typeof values.endpoints !== 'string' || values.endpoints === '') throw new UsageError('--endpoints is required; a RegistryEndpoint JSON file, or - for standard input');
  if (values.config === '') throw new UsageError('--config must not be empty');
  return { help: false, endpoints: values.endpoints, config: values.config as string | undefined, podman: values.podman === true, dryRun: values['dry-run'] === true };
}

/** The config file the command writes by default. */
export function defaultConfigPath(podman: boolean, env: Record<string, string | undefined>): string {
  const home = env.HOME || os.homedir();
  if (podman) return env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : path.join(home, '.config', 'containers', 'auth.json');
  return path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json');
}

function onPath(binary: string, env: Record<string, string | undefined>): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir || '.', binary), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Writes `text` to `file` through a temporary file in the same directory and a rename, keeping the old file's mode. */
function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

/** Runs `registry-lifecycle configure-docker <argv…>`; returns the exit code. */
export function runConfigureDocker(argv: readonly string[], io: ConfigureDockerIo): number {
  const env = io.env ?? process.env;
  try {
    const args = parse(argv);
    if (args.help) {
      io.stdout(configureDockerUsage());
      return 0;
    }
    const endpointsSource = args.endpoints === '-' ? '(stdin)' : args.endpoints;
    let endpointsText: string;
    try {
      endpointsText = io.readFile(args.endpoints);
    } catch (e) {
      throw new ValidationError(endpointsSource, [{ property: '(file)', problem: 'cannot be read', value: args.endpoints, allowed: `a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }]);
    }
    let endpointsDoc: unknown;
    try {
      endpointsDoc = JSON.parse(endpointsText);
    } catch {
      throw new ValidationError(endpointsSource, [{ property: '(document)', problem: 'is not valid JSON', value: endpointsText.slice(0, 60), allowed: 'RegistryEndpoint JSON' }]);
    }
    const endpoints = parseEndpoints(endpointsDoc, endpointsSource);
    const file = args.config ?? defaultConfigPath(args.podman, env);
    const exists = fs.existsSync(file);
    const beforeText = exists ? fs.readFileSync(file, 'utf8') : '';
    let before: unknown = {};
    if (beforeText.trim() !== '') {
      try {
        before = JSON.parse(beforeText);
      } catch {
        throw new ValidationError(file, [{ property: '(document)', problem: 'is not valid JSON, so it cannot be merged safely', value: beforeText.slice(0, 60), allowed: 'fix or move the file, then run again' }]);
      }
    }
    const merge = mergeDockerConfig(before, endpoints, file);
    const afterText = `${JSON.stringify(merge.config, null, '\t')}\n`;
    const out: string[] = [];
    const err: string[] = [];
    for (const h of merge.helpers) if (!onPath(`docker-credential-${h}`, env)) err.push(`${PROGRAM} configure-docker: warning: docker-credential-${h} is not on PATH; install it, or the client fails to authenticate to its hosts`);
    if (merge.changes.length === 0) out.push(`${file}: already configured for ${endpoints.filter((e) => e.credentialHelper).length} helper endpoint(s); nothing changed`);
    else if (args.dryRun) out.push(`--- ${file}${exists ? '' : ' (does not exist)'}`, `+++ ${file} (after)`, lineDiff(beforeText, afterText).trimEnd(), `(dry run: nothing written; ${merge.changes.length} change(s))`);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const mode = exists ? fs.statSync(file).mode & 0o777 : 0o600;
      if (exists) fs.copyFileSync(file, `${file}.bak`);
      writeAtomically(file, afterText, mode);
      out.push(`${file}: ${merge.changes.join('; ')}${exists ? ` (previous file kept as ${file}.bak)` : ''}`);
    }
    if (merge.logins.length > 0) {
      out.push('', 'These registries have no credential helper; log in with:', ...merge.logins.map((l) => `  ${l.command}`));
    }
    io.stdout(`${out.join('\n')}\n`);
    if (err.length) io.stderr(`${err.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${PROGRAM} configure-docker: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ValidationError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined) {
      io.stderr(`${PROGRAM} configure-docker: cannot write the config (${code}: ${(e as Error).message})\n`);
      return 1;
    }
    io.stderr(`${PROGRAM}: internal error (a bug, please report it): ${e instanceof Error ? e.message : describeValue(e)}\n`);
    return 3;
  }
}
