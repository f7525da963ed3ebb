import * as fs from 'fs';
import * as path from 'path';
import { runGate } from '../../lib/cli/gate';
import { detectFormat, FindingsFormat, readScanReport, ScanState, Severity } from '../../lib/core/ci/findings';
import { evaluateGate, parseAllowlist } from '../../lib/core/ci/gate';
import { run } from './run';

const DIR = path.join(__dirname, '..', 'fixtures', 'ci', 'gate');
const f = (name: string): string => path.relative(process.cwd(), path.join(DIR, name));
const NOW = Date.UTC(2026, 10, 30, 12);

function gate(args: string[], options: { now?: number; env?: Record<string, string>; stdin?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = runGate(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => (p === '-' ? options.stdin ?? '' : fs.readFileSync(p, 'utf8')),
    now: () => options.now ?? NOW,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

const json = (args: string[], options?: { now?: number }) => {
  const r = gate([...args, '--output', 'json'], options);
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('gate: every source, read as printed', () => {
  test('ECR basic: CRITICAL fails with exit 10, names the package from attributes, UNDEFINED is UNKNOWN', () => {
    const r = json(['--findings', f('ecr-basic.json')]);
    expect(r.code).toBe(10);
    expect(r.doc.format).toBe('ecr');
    expect(r.doc.outcome).toBe('vulnerable');
    expect(r.doc.failing).toEqual([{ id: 'CVE-2023-38545', severity: 'CRITICAL', rawSeverity: 'CRITICAL', package: 'curl', version: '7.88.1-10' }]);
    expect(r.doc.counts).toMatchObject({ CRITICAL: 1, MEDIUM: 1, UNKNOWN: 1 });
    expect(r.doc.below.map((x: { id: string }) => x.id)).toEqual(['CVE-2024-0001', 'CVE-2019-5188']);
  });

  test('ECR basic: with --fail-on HIGH the allowlist lets the CRITICAL through; the UNDEFINED one fails unless --unknown-as is lower', () => {
    const r = json(['--findings', f('ecr-basic.json'), '--fail-on', 'high', '--unknown-as', 'medium', '--allowlist', f('allowlist.json')]);
    expect(r.code).toBe(0);
    const strict = json(['--findings', f('ecr-basic.json'), '--fail-on', 'high', '--allowlist', f('allowlist.json')]);
    expect(strict.code).toBe(10);
    expect(strict.doc.failing.map((x: { id: string }) => x.id)).toEqual(['CVE-2024-0001']);
    expect(r.doc.allowed).toEqual([expect.objectContaining({ id: 'CVE-2023-38545', allowedBy: { reason: 'SOCKS5 proxies are not used by the service', expires: '2026-12-31' } })]);
  });

  test('ECR enhanced: detected from enhancedFindings, ACTIVE (continuous scanning) counts as finished, one finding per package', () => {
    const r = json(['--findings', f('ecr-enhanced.json')]);
    expect(r.doc.format).toBe('ecr-enhanced');
    expect(r.doc.scanStatus).toBe('ACTIVE');
    expect(r.code).toBe(10);
    expect(r.doc.failing.map((x: { package: string }) => x.package)).toEqual(['curl', 'libcurl4']);
    expect(r.doc.failing[0].fixedVersion).toBe('7.88.1-10+deb12u4');
  });

  test('ECR enhanced: UNTRIAGED follows --unknown-as (default HIGH, so --fail-on HIGH fails on it)', () => {
    const high = json(['--findings', f('ecr-enhanced.json'), '--fail-on', 'HIGH', '--allowlist', f('allowlist.json')]);
    const ids = high.doc.failing.map((x: { id: string }) => x.id);
    expect(ids).toContain('CVE-2026-99999');
    const low = json(['--findings', f('ecr-enhanced.json'), '--fail-on', 'HIGH', '--unknown-as', 'MEDIUM', '--allowlist', f('allowlist.json')]);
    expect(low.doc.failing.map((x: { id: string }) => x.id)).not.toContain('CVE-2026-99999');
  });

  test('ECR enhanced: an allowlist entry matches a related id (GHSA finding allowed by its CVE) until it expires', () => {
    const before = json(['--findings', f('ecr-enhanced.json'), '--fail-on', 'HIGH', '--unknown-as', 'LOW', '--allowlist', f('allowlist.json')], { now: Date.UTC(2026, 5, 30, 23) });
    expect(before.doc.allowed.map((x: { id: string }) => x.id)).toContain('GHSA-xxxx-yyyy-zzzz');
    const after = json(['--findings', f('ecr-enhanced.json'), '--fail-on', 'HIGH', '--unknown-as', 'LOW', '--allowlist', f('allowlist.json')], { now: Date.UTC(2026, 6, 1) });
    expect(after.doc.failing).toContainEqual(expect.objectContaining({ id: 'GHSA-xxxx-yyyy-zzzz', expiredAllowlistEntry: '2026-06-30' }));
    expect(after.doc.expiredAllowlistEntries).toEqual([expect.objectContaining({ id: 'CVE-2024-24790' })]);
    expect(after.stderr).toContain('allowlist entry CVE-2024-24790 expired on 2026-06-30 and no longer applies');
  });

  test('ECR pages written one by one are read together; a page naming a missing next page is incomplete input', () => {
    const both = json(['--findings', f('ecr-enhanced-page1.json'), '--findings', f('ecr-enhanced-page2.json')]);
    expect(both.code).toBe(10);
    expect(both.doc.counts).toMatchObject({ HIGH: 1, CRITICAL: 1 });
    const concatenated = fs.readFileSync(path.join(DIR, 'ecr-enhanced-page1.json'), 'utf8') + fs.readFileSync(path.join(DIR, 'ecr-enhanced-page2.json'), 'utf8');
    const piped = gate(['--findings', '-', '--output', 'json'], { stdin: concatenated });
    expect(JSON.parse(piped.stdout).counts).toEqual(both.doc.counts);
    const first = gate(['--findings', f('ecr-enhanced-page1.json')]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('nextToken names a further page that was not given, so the findings are incomplete');
  });

  test('GAR describe: effectiveSeverity per package, MINIMAL is LOW, the CVE from noteName', () => {
    const r = json(['--findings', f('gar-describe.json')]);
    expect(r.doc.format).toBe('gar');
    expect(r.code).toBe(10);
    expect(r.doc.failing).toEqual([expect.objectContaining({ id: 'CVE-2023-38545', severity: 'CRITICAL', package: 'curl', fixedVersion: '7.88.1-10+deb12u4' })]);
    expect(r.doc.counts).toMatchObject({ CRITICAL: 1, MEDIUM: 1, LOW: 1 });
    const libc = r.doc.below.find((x: { id: string }) => x.id === 'CVE-2023-4911');
    expect(libc.fixedVersion).toBeUndefined(); // fixedVersion kind MAXIMUM: no fix
  });

  test('GAR On-Demand Scanning list-vulnerabilities (an occurrence array)', () => {
    const r = json(['--findings', f('gar-ods.json')]);
    expect(r.doc.format).toBe('gar');
    expect(r.code).toBe(10);
  });

  test('Harbor: the report alone, or with the artifact overview; Negligible is INFORMATIONAL and Unknown follows --unknown-as', () => {
    const alone = json(['--findings', f('harbor-report.json'), '--fail-on', 'HIGH', '--allowlist', f('allowlist.json')]);
    expect(alone.doc.format).toBe('harbor');
    expect(alone.code).toBe(10);
    expect(alone.doc.failing).toEqual([expect.objectContaining({ id: 'CVE-2026-12345', severity: 'UNKNOWN', rawSeverity: 'Unknown' })]);
    expect(alone.doc.counts.INFORMATIONAL).toBe(1);
    const both = json(['--findings', f('harbor-artifact-success.json'), '--findings', f('harbor-report.json')]);
    expect(both.doc.scanStatus).toBe('Success');
    expect(both.code).toBe(10);
  });

  test('Trivy: Results without Vulnerabilities are fine, VendorIDs match the allowlist, the pre-v2 array is read too', () => {
    const r = json(['--findings', f('trivy.json'), '--fail-on', 'HIGH', '--unknown-as', 'LOW', '--allowlist', f('allowlist.json')]);
    expect(r.doc.format).toBe('trivy');
    expect(r.doc.failing.map((x: { id: string }) => x.id)).toEqual(['CVE-2023-4911']);
    expect(json(['--findings', f('trivy-clean.json')]).code).toBe(0);
    const v1 = json(['--findings', f('trivy-v1.json'), '--format', 'trivy', '--fail-on', 'MEDIUM']);
    expect(v1.code).toBe(10);
  });

  test('Grype: capitalised severities, artifact name as package, related CVE ids allow a GHSA match', () => {
    const r = json(['--findings', f('grype.json'), '--fail-on', 'HIGH']);
    expect(r.doc.format).toBe('grype');
    expect(r.doc.failing.map((x: { id: string; package: string }) => `${x.id}/${x.package}`)).toEqual(['CVE-2023-38545/curl', 'GHSA-9c47-m6qq-7p4h/json5']);
    const allowed = gate(['--findings', f('grype.json'), '--fail-on', 'HIGH', '--output', 'json', '--allowlist', '-'], {
      stdin: JSON.stringify([{ id: 'CVE-2022-46175', reason: 'build-time only', expires: '2027-01-01' }, { id: 'CVE-2023-38545', package: 'curl', reason: 'r', expires: '2027-01-01' }]),
    });
    expect(allowed.code).toBe(0);
  });
});

describe('gate: fails closed, each state with its own exit code', () => {
  test.each([
    ['ecr-pending.json', 11, 'PENDING'],
    ['ecr-in-progress.json', 11, 'IN_PROGRESS'],
    ['gar-pending.json', 11, 'SCANNING'],
    ['harbor-artifact-running.json', 11, 'Running'],
    ['ecr-failed.json', 12, 'FAILED'],
    ['ecr-archived.json', 12, 'IMAGE_ARCHIVED'],
    ['gar-failed.json', 12, 'FINISHED_FAILED'],
    ['harbor-artifact-error.json', 12, 'Error'],
    ['ecr-unsupported.json', 13, 'UNSUPPORTED_IMAGE'],
    ['gar-unsupported.json', 13, 'FINISHED_UNSUPPORTED'],
    ['harbor-artifact-skipped.json', 13, 'Skipped'],
    ['gar-no-discovery.json', 14, 'NO_DISCOVERY'],
    ['harbor-no-report.json', 14, 'NONE'],
    ['harbor-artifact-unscanned.json', 14, 'NONE'],
    ['ecr-scan-not-found.txt', 14, 'NONE'],
    ['empty.json', 14, 'NONE'],
  ])('%s exits %d (status %s)', (file, code, status) => {
    // Harbor's "no report" is a bare {}, which only --format can name.
    const r = json(['--findings', f(file), ...(file === 'harbor-no-report.json' ? ['--format', 'harbor'] : [])]);
    expect(r.code).toBe(code);
    expect(r.doc.scanStatus).toBe(status);
    expect(r.stderr).toMatch(/failed closed/);
  });

  test('a pending scan that already shows a finding at the threshold is reported as vulnerable', () => {
    const report = readScanReport(FindingsFormat.ECR_ENHANCED, [{ imageScanStatus: { status: 'IN_PROGRESS' }, imageScanFindings: { enhancedFindings: [{ severity: 'CRITICAL', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-1' } }] } }], 'x');
    expect(evaluateGate(report, { failOn: Severity.CRITICAL, unknownAs: Severity.HIGH, allowlist: [], now: NOW }).exitCode).toBe(10);
  });

  test('an unknown ECR status is a failure, never a pass', () => {
    const report = readScanReport(FindingsFormat.ECR, [{ imageScanStatus: { status: 'SOMETHING_NEW' }, imageScanFindings: { findings: [] } }], 'x');
    expect(report.state).toBe(ScanState.FAILED);
  });
});

describe('gate: outputs', () => {
  test('table for people: one row per finding, verdicts, summary and the outcome line', () => {
    const r = gate(['--findings', f('ecr-basic.json'), '--allowlist', f('allowlist.json'), '--output', 'table']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+ID\s+PACKAGE\s+VERSION\s+FIXED IN\s+VERDICT$/);
    expect(r.stdout).toContain('allowed until 2026-12-31: SOCKS5 proxies are not used by the service');
    expect(r.stdout).toContain('UNKNOWN(UNDEFINED)');
    expect(r.stdout).toContain('note: allowlist entry CVE-2099-0001 matched nothing; remove it');
    expect(r.stdout).toContain('gate passed');
  });

  test('github: ::error annotations with escaped properties, chosen by default under GITHUB_ACTIONS=true', () => {
    const r = gate(['--findings', f('ecr-basic.json')], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(10);
    expect(r.stdout.split('\n')[0]).toBe('::error title=CVE-2023-38545 (CRITICAL)::CVE-2023-38545 in curl 7.88.1-10, no fix yet');
    const pending = gate(['--findings', f('ecr-pending.json'), '--output', 'github']);
    expect(pending.stdout).toMatch(/^::error title=Vulnerability gate%3A scan-pending::failed closed: the scan has not finished/m);
  });

  test('gitlab: a Code Quality report with one issue per failing finding', () => {
    const r = gate(['--findings', f('trivy.json'), '--fail-on', 'HIGH', '--unknown-as', 'LOW', '--output', 'gitlab']);
    const issues = JSON.parse(r.stdout);
    expect(issues.map((i: { severity: string }) => i.severity)).toEqual(['blocker', 'critical']);
    expect(issues[0]).toMatchObject({ check_name: 'vulnerability-gate', location: { path: 'Dockerfile', lines: { begin: 1 } } });
    expect(r.stderr).toContain('gate failed: 2 finding(s) at HIGH or higher');
  });
});

describe('gate: input and usage errors', () => {
  test('format detection is by shape; an unknown document asks for --format', () => {
    expect(detectFormat({ imageScanStatus: { status: 'ACTIVE' } })).toBe(FindingsFormat.ECR_ENHANCED);
    expect(detectFormat({ foo: 1 })).toBeUndefined();
    const r = gate(['--findings', '-'], { stdin: '{"foo": 1}' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('(stdin): (document) is not a findings format the gate recognises');
  });

  test('a format that contradicts the document is an error, not a guess', () => {
    const r = gate(['--findings', f('ecr-enhanced.json'), '--format', 'ecr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds enhanced (Inspector) findings, but --format is ecr (basic)');
    expect(gate(['--findings', f('trivy.json'), '--format', 'grype']).stderr).toContain('matches is missing');
  });

  test('usage errors exit 2 and name each bad flag', () => {
    const r = gate(['--fail-on', 'SEVERE', '--output', 'xml', '--format', 'snyk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--findings is required');
    expect(r.stderr).toContain('--fail-on is not a severity (got "SEVERE")');
    expect(r.stderr).toContain('--output is not a known output (got "xml")');
    expect(r.stderr).toContain('--format is not a findings format (got "snyk")');
  });

  test('allowlist entries need an id, a reason and a real expiry date; every bad entry is reported', () => {
    expect(() => parseAllowlist({ entries: [{ id: 'CVE-1', reason: '', expires: '2026-02-30' }, { reason: 'x', expires: '2026-01-01', extra: 1 }] }, 'allow.json')).toThrow(
      /allow.json: entries\[0\]\.reason is missing[\s\S]*entries\[0\]\.expires is not a date \(got "2026-02-30"\)[\s\S]*entries\[1\] has unknown key\(s\) extra[\s\S]*entries\[1\]\.id is missing/,
    );
  });

  test('a missing file is bad input (exit 1); --help prints examples and the exit codes', () => {
    expect(gate(['--findings', 'nope.json']).stderr).toContain('nope.json: (file) does not exist');
    const help = run(['gate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 passed; 10 vulnerable; 11 scan pending; 12 scan failed; 13 image unsupported by the scanner; 14 no scan');
    expect(help.stdout).toContain('Examples:');
    expect(run(['--help']).stdout).toContain('registry-lifecycle gate --findings FILE');
  });
});

describe('gate: the executable', () => {
  // A node process with ts-node: seconds on a loaded machine.
  test('exits with the gate code and prints GitHub annotations under GITHUB_ACTIONS=true', () => {
    const { spawnSync } = require('child_process') as typeof import('child_process');
    const root = path.resolve(__dirname, '..', '..');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'lib', 'cli', 'registry-lifecycle.ts'), 'gate', '--findings', path.join(DIR, 'ecr-basic.json')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: 'true', TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    });
    expect(r.status).toBe(10);
    expect(r.stdout).toMatch(/^::error title=CVE-2023-38545 \(CRITICAL\)::/);
  }, 120_000);
});
