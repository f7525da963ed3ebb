import * as fs from 'fs';
import { ExitCode } from '../../lib/cli/preview';
import { fixture, run } from './run';

const NOW = '2025-06-01T00:00:00Z';
const RELEASE = fs.readFileSync(fixture('neutral', 'policy-release.json'), 'utf8');
/** A policy Harbor expresses exactly: protect releases, keep the 2 newest of every repository's tagged images, untagged after 7 days. */
const HARBOR_POLICY = JSON.stringify({ rules: [{ kind: 'protect', tagPatterns: ['v*'] }, { kind: 'keepMostRecent', count: 2, tagPatterns: ['*'] }, { kind: 'expireUntagged', days: 7 }] });

function compile(registry: string, policy: string, extra: string[] = []) {
  return run(['compile', '--registry', registry, '--policy', 'neutral.json', ...extra], { files: { 'neutral.json': policy } });
}

function previewJson(argv: string[], files: Record<string, string>) {
  const r = run(['preview', ...argv, '--now', NOW, '--format', 'json'], { files });
  expect(r.code).toBe(ExitCode.OK);
  const out = JSON.parse(r.stdout) as { expired: string[]; archived: string[]; kept: string[] };
  return { expired: out.expired, archived: out.archived, kept: out.kept };
}

describe('registry-lifecycle compile prints what the registry\'s tools and preview take', () => {
  test.each([
    ['ecr', RELEASE, 'images.json'],
    ['gar', RELEASE, 'images.json'],
    ['harbor', HARBOR_POLICY, 'images.json'],
  ])('%s: the native preview of the compiled policy equals the neutral preview of the same listing', (registry, policy, images) => {
    const c = compile(registry, policy);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(ExitCode.OK);
    const files = { 'native.json': c.stdout, 'neutral.json': policy, 'images.json': fs.readFileSync(fixture(registry, images), 'utf8') };
    const native = previewJson(['--dialect', registry, '--policy', 'native.json', '--images', 'images.json'], files);
    const neutral = previewJson(['--dialect', 'neutral', '--policy', 'neutral.json', '--images', 'images.json'], files);
    expect(native).toEqual(neutral);
    expect(native.expired.length).toBeGreaterThan(0);
  });

  test('ecr prints the lifecycle policy document; gar the policy file list; harbor the harbor_retention_policy body', () => {
    expect(JSON.parse(compile('ecr', RELEASE).stdout).rules.map((r: { rulePriority: number }) => r.rulePriority)).toEqual([1, 2, 3]);
    expect(JSON.parse(compile('gar', RELEASE).stdout).map((p: { name: string }) => p.name)).toEqual(['keep-protected-tags', 'delete-untagged-7d', 'delete-tagged-14d']);
    const harbor = JSON.parse(compile('harbor', HARBOR_POLICY, ['--schedule', 'Weekly']).stdout);
    expect(harbor.schedule).toBe('Weekly');
    expect(Object.keys(harbor.rule[0])).toContain('repo_matching');
  });

  test('acr: purge command lines (what preview --dialect acr reads) or the task YAML, warnings on stderr', () => {
    const lines = compile('acr', RELEASE, ['--allow-approximations']);
    expect(lines.code).toBe(ExitCode.OK);
    expect(lines.stdout).toBe("acr purge --filter '.*:^(?!(?:v.*)$)(?:pr-.*)$' --ago 14d --untagged\nacr purge --ago 7d --untagged-only\n");
    // docs/retention.md previews this output from a fixture; it must stay what compile prints.
    expect(fs.readFileSync(fixture('acr', 'policy-release.txt'), 'utf8')).toBe(lines.stdout);
    expect(lines.stderr).toContain('registry-lifecycle: warning: rules[2] (expireTagged [pr-*] after 14d) is tag level on ACR');
    const yaml = compile('acr', RELEASE, ['--allow-approximations', '--acr-form', 'task-yaml']);
    expect(yaml.stdout).toMatch(/^version: v1\.1\.0\nsteps:\n {2}- cmd: "acr purge --filter/);
    const files = { 'p.txt': lines.stdout, 'p.yaml': yaml.stdout, 'api.json': fs.readFileSync(fixture('acr', 'api.json'), 'utf8') };
    const fromLines = previewJson(['--dialect', 'acr', '--policy', 'p.txt', '--images', 'payments/api=api.json'], files);
    expect(previewJson(['--dialect', 'acr', '--policy', 'p.yaml', '--images', 'payments/api=api.json'], files)).toEqual(fromLines);
    expect(fromLines.expired.length).toBeGreaterThan(0);
  });

  test('acr with untagged retention prints the az acr config retention line preview reads back', () => {
    const policy = JSON.stringify({ rules: [{ kind: 'keepMostRecent', count: 3, tagPatterns: ['pr-*'] }] });
    const c = compile('acr', policy, ['--allow-approximations']);
    expect(c.code).toBe(ExitCode.OK);
    expect(c.stdout.trimEnd().split('\n').pop()).toBe('az acr config retention update --registry REG --status enabled --days 0 --type UntaggedManifests');
    const r = run(['preview', '--dialect', 'acr', '--policy', 'p.txt', '--images', 'payments/api=api.json', '--now', NOW], { files: { 'p.txt': c.stdout, 'api.json': fs.readFileSync(fixture('acr', 'api.json'), 'utf8') } });
    expect(r.code).toBe(ExitCode.OK);
  });

  test('what the registry cannot express exits 1 with the compiler\'s message; --allow-approximations accepts it with warnings', () => {
    const refused = compile('acr', RELEASE);
    expect(refused.code).toBe(ExitCode.INVALID_INPUT);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('RetentionPolicy: rules[2] cannot be expressed on ACR: acr purge removes tags, not images');
  });

  test('usage errors exit 2; --help shows the options and examples', () => {
    expect(compile('quay', RELEASE).stderr).toContain('registry-lifecycle compile: --registry is not a known registry (got "quay"); one of ecr, gar, harbor, acr');
    expect(compile('quay', RELEASE).code).toBe(ExitCode.USAGE);
    expect(run(['compile', '--registry', 'ecr']).stderr).toContain('--policy is required');
    expect(compile('ecr', RELEASE, ['--acr-form', 'task-yaml']).stderr).toContain('--acr-form only applies to --registry acr');
    expect(compile('ecr', RELEASE, ['--schedule', 'Daily']).stderr).toContain('--schedule only applies to --registry harbor');
    expect(compile('acr', RELEASE, ['--acr-form', 'yaml']).stderr).toContain('--acr-form is not a known form (got "yaml"); one of commands, task-yaml');
    expect(run(['compile', '--registry', 'ecr', '--polcy', 'x']).stderr).toContain("Unknown option '--polcy'");
    const help = run(['compile', '--help']);
    expect(help.code).toBe(ExitCode.OK);
    expect(help.stdout).toContain('Usage: registry-lifecycle compile --registry <ecr|gar|harbor|acr> --policy FILE');
    expect(help.stdout).toContain('registry-lifecycle compile --registry ecr --policy neutral.json > ecr.json');
  });

  test('an invalid neutral policy names the file and the field', () => {
    const r = compile('ecr', '{"rules": [{"kind": "protect"}]}');
    expect(r.code).toBe(ExitCode.INVALID_INPUT);
    expect(r.stderr).toMatch(/^neutral\.json: rules\[0\]\.tagPatterns/);
    expect(compile('ecr', '{').stderr).toContain('neutral.json: (document) is not valid JSON');
  });
});
