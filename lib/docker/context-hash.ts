/**
 * A content hash of a Docker build context as the daemon would receive it: every file not excluded by the
 * context's `.dockerignore` (Docker's own pattern rules, through @balena/dockerignore), plus the Dockerfile,
 * hashed by relative path, file mode bit for "executable", and content. Symlinks count by their target text,
 * as Docker sends them. Used as the rebuild trigger of a `docker_image`, computed at synth.
 */

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import ignore from '@balena/dockerignore';

/** What the hash covered. */
export interface ContextHash {
  /** `sha256:<hex>` of the context. */
  readonly digest: string;
  /** The files hashed, relative to the context, sorted (`/` separators). */
  readonly files: readonly string[];
}

/** Hashes `contextDir` as Docker would send it, always including `dockerfile` (a path relative to the context or absolute). */
export function hashBuildContext(contextDir: string, dockerfile: string): ContextHash {
  const root = path.resolve(contextDir);
  const ignoreFile = path.join(root, '.dockerignore');
  const patterns = fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '';
  const ig = ignore().add(patterns);
  // Without re-inclusions (`!x`) an ignored directory cannot hold a file that is sent, so its walk is skipped.
  const canPrune = !patterns.split(/\r?\n/).some((l) => l.trim().startsWith('!'));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (canPrune && ig.ignores(rel)) continue;
        walk(full);
      } else if (!ig.ignores(rel)) files.push(rel);
    }
  };
  walk(root);
  // Docker always sends the Dockerfile and .dockerignore, even when the ignore file names them.
  const dockerfileAbs = path.resolve(root, dockerfile);
  const dockerfileRel = path.relative(root, dockerfileAbs).split(path.sep).join('/');
  const extra = [dockerfileRel.startsWith('..') ? undefined : dockerfileRel, fs.existsSync(ignoreFile) ? '.dockerignore' : undefined];
  for (const f of extra) if (f !== undefined && !files.includes(f)) files.push(f);
  files.sort();
  const hash = createHash('sha256');
  const add = (name: string, abs: string): void => {
    const st = fs.lstatSync(abs);
    const body = st.isSymbolicLink() ? Buffer.from(`symlink:${fs.readlinkSync(abs)}`) : fs.readFileSync(abs);
    hash.update(`${name}\0${st.mode & 0o111 ? 'x' : '-'}\0${body.length}\0`);
    hash.update(body);
  };
  for (const f of files) add(f, path.join(root, f));
  // A Dockerfile outside the context is sent too; it counts under its own marker.
  if (dockerfileRel.startsWith('..')) add('<dockerfile>', dockerfileAbs);
  return { digest: `sha256:${hash.digest('hex')}`, files };
}
