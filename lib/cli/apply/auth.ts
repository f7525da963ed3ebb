/** Registry credentials for `registry-lifecycle apply`: Docker's config.json (`auths`, `credHelpers`, `credsStore`) and the helper protocol; never the command line. */

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A user name and secret for one registry host. */
export interface Credentials {
  readonly username: string;
  readonly secret: string;
  /** Where they came from, for messages (never the secret). */
  readonly source: string;
}

/** Docker's config could not be read or a helper failed: bad input, not a registry problem. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker's config file: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
}

/** The keys Docker's config may use for `host`: the host itself, with a scheme, and Docker Hub's legacy key. */
function hostKeys(host: string): string[] {
  const keys = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com'].includes(host)) {
    keys.push('https://index.docker.io/v1/', 'index.docker.io', 'docker.io');
  }
  return keys;
}

/**
 * The credentials Docker would use for `host`, or undefined for anonymous access. A `credHelpers` entry wins over
 * `auths`, then `credsStore`, as in the Docker CLI. Helpers run as `docker-credential-<name> get` with the host on
 * standard input.
 */
export function lookupCredentials(host: string, configPath: string = dockerConfigPath(), env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CredentialsError(`${configPath}: cannot be read (${(e as Error).message})`);
  }
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch (e) {
    throw new CredentialsError(`${configPath}: is not valid JSON (${(e as Error).message}); Docker's config.json with "auths" / "credHelpers"`);
  }
  const keys = hostKeys(host);
  const helper = keys.map((k) => config.credHelpers?.[k]).find((h) => typeof h === 'string');
  if (helper) return runHelper(helper, host, env);
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new CredentialsError(`${configPath}: auths["${key}"].auth is not base64 of "user:password"`);
      return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1), source: `${configPath} auths["${key}"]` };
    }
    if (entry.username && entry.password) return { username: entry.username, secret: entry.password, source: `${configPath} auths["${key}"]` };
  }
  if (config.credsStore) return runHelper(config.credsStore, host, env, true);
  return undefined;
}

function runHelper(name: string, host: string, env: NodeJS.ProcessEnv, store = false): Credentials | undefined {
  const program = `docker-credential-${name}`;
  let out: string;
  try {
    out = execFileSync(program, ['get'], { input: host, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000, env });
  } catch (e) {
    const err = e as { code?: string; stdout?: string; stderr?: string };
    // "credentials not found in native keychain" is the protocol's way of saying: anonymous.
    if (/not found/i.test(`${err.stdout ?? ''}${err.stderr ?? ''}`)) return undefined;
    if (err.code === 'ENOENT') throw new CredentialsError(`credential helper ${program} (from Docker's ${store ? 'credsStore' : 'credHelpers'}) is not on PATH`);
    throw new CredentialsError(`credential helper ${program} failed for ${host}: ${(err.stderr || err.stdout || String(e)).trim().split('\n')[0]}`);
  }
  let doc: { Username?: string; Secret?: string };
  try {
    doc = JSON.parse(out) as { Username?: string; Secret?: string };
  } catch {
    throw new CredentialsError(`credential helper ${program} printed something that is not JSON for ${host}; the helper protocol answers {"Username": …, "Secret": …}`);
  }
  if (!doc.Secret) return undefined;
  return { username: doc.Username ?? '', secret: doc.Secret, source: program };
}

/** One `WWW-Authenticate` challenge: its scheme and parameters. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (or `Basic realm="…"`). */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = header.match(/^\s*(\w+)\s*(.*)$/s);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  return { scheme: m[1].toLowerCase(), params };
}

/** The Basic header for credentials. */
export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.secret}`).toString('base64')}`;
}
