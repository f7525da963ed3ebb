/** `registry-lifecycle gate`: reads a scanner's findings as printed, applies threshold and allowlist, prints table / JSON / annotations. */

import { parseArgs } from 'util';
import { describeValue, ValidationError } from '../core/errors';
import { detectFormat, FindingsFormat, readScanReport, ScanReport, ScanState, Severity } from '../core/ci/findings';
import { AllowlistEntry, evaluateGate, GATE_EXIT_CODES, GatedFinding, GateOutcome, GateResult, outcomeMessage, parseAllowlist, parseSeverity } from '../core/ci/gate';
import type { CliIo } from './preview';

const PROGRAM = 'registry-lifecycle';
const OUTPUTS = ['table', 'json', 'github', 'gitlab'];

/** The process environment the gate reads (GITHUB_ACTIONS picks the default output). */
export interface GateIo extends CliIo {
  /** Environment variables. @default process.env */
  readonly env?: Record<string, string | undefined>;
}

class UsageError extends Error {}

/** The `gate --help` text. */
export function gateUsage(): string {
  const codes = GATE_EXIT_CODES;
  return `${[
    `Usage: ${PROGRAM} gate --findings FILE [--findings FILE...] [--format ${Object.values(FindingsFormat).join('|')}]`,
    '         [--fail-on CRITICAL] [--unknown-as HIGH] [--allowlist FILE] [--output table|json|github|gitlab]',
    '',
    'Fails a pipeline on vulnerabilities: reads findings exactly as the scanner printed them, applies an allowlist,',
    'and fails closed when the scan is not finished, failed, unsupported or missing.',
    '',
    'Options:',
    '  --findings FILE   the scanner\'s JSON (- reads standard input). Give it more than once for ECR pages written',
    '                    one by one, or for Harbor\'s artifact (scan_overview) and report (additions/vulnerabilities)',
    '  --format NAME     ecr (aws ecr describe-image-scan-findings, basic), ecr-enhanced (same command, Inspector),',
    '                    gar (gcloud artifacts docker images describe --show-package-vulnerability, or list-vulnerabilities),',
    '                    harbor, trivy (trivy image --format json), grype (grype -o json); default: detected from the JSON',
    '  --fail-on SEV     fail on findings at or above SEV: LOW, MEDIUM, HIGH or CRITICAL (default CRITICAL)',
    '  --unknown-as SEV  the severity given to unscored findings (UNTRIAGED, UNDEFINED, Unknown) (default HIGH)',
    '  --allowlist FILE  {"entries": [{"id", "package"?, "reason", "expires": "YYYY-MM-DD"}]}; expired entries stop applying',
    '  --output FMT      table, json, github (workflow annotations + table) or gitlab (Code Quality report JSON);',
    '                    default github when GITHUB_ACTIONS=true, else table',
    '  -h, --help        this text',
    '',
    `Exit codes: 0 passed; ${codes[GateOutcome.VULNERABLE]} vulnerable; ${codes[GateOutcome.SCAN_PENDING]} scan pending; ${codes[GateOutcome.SCAN_FAILED]} scan failed; ` +
      `${codes[GateOutcome.SCAN_UNSUPPORTED]} image unsupported by the scanner; ${codes[GateOutcome.SCAN_MISSING]} no scan (or empty findings file);`,
    '            1 invalid input; 2 usage error; 3 internal error.',
    '',
    'Examples:',
    '  aws ecr describe-image-scan-findings --repository-name shop/checkout --image-id imageDigest=$DIGEST --output json > findings.json',
    `  ${PROGRAM} gate --findings findings.json --fail-on HIGH --allowlist .vuln-allowlist.json`,
    `  trivy image --format json --output trivy.json "$IMAGE@$DIGEST" && ${PROGRAM} gate --findings trivy.json --output json`,
    `  ${PROGRAM} gate --format harbor --findings artifact.json --findings report.json --output gitlab > gl-code-quality-report.json`,
  ].join('\n')}\n`;
}

interface GateArgs {
  readonly help: boolean;
  readonly findings: string[];
  readonly format?: FindingsFormat;
  readonly failOn: Severity;
  readonly unknownAs: Severity;
  readonly allowlist?: string;
  readonly output: string;
}

function parseGateArgs(argv: readonly string[], env: Record<string, string | undefined>): GateArgs {
  const options = {
    findings: { type: 'string', multiple: true },
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    'unknown-as': { type: 'string' },
    allowlist: { type: 'string' },
    output: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let values: Record<string, string | string[] | boolean | undefined>;
  let tokens: ReturnType<typeof parseArgs>['tokens'];
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true, tokens: true });
    values = parsed.values as typeof values;
    tokens = parsed.tokens;
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run "${PROGRAM} gate --help"`);
  }
  if (values.help) return { help: true, findings: [], failOn: Severity.CRITICAL, unknownAs: Severity.HIGH, output: 'table' };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || t.name === 'findings') continue;
    if (seen.has(t.name)) problems.push(`--${t.name} is given more than once; give it once`);
    seen.add(t.name);
  }
  const findings = (values.findings as string[] | undefined) ?? [];
  if (findings.length === 0) problems.push('--findings is required; the scanner\'s JSON file, or - for standard input');
  if (findings.filter((f) => f === '-').length > 1) problems.push('--findings reads standard input (-) more than once; give files');
  const formats = Object.values(FindingsFormat) as string[];
  const format = values.format as string | undefined;
  if (format !== undefined && !formats.includes(format)) problems.push(`--format is not a findings format (got ${describeValue(format)}); one of ${formats.join(', ')}`);
  const severity = (flag: string, fallback: Severity): Severity => {
    const raw = values[flag] as string | undefined;
    if (raw === undefined) return fallback;
    const s = parseSeverity(raw);
    if (s === undefined || s === Severity.UNKNOWN || s === Severity.INFORMATIONAL) {
      problems.push(`--${flag} is not a severity (got ${describeValue(raw)}); one of LOW, MEDIUM, HIGH, CRITICAL`);
      return fallback;
    }
    return s;
  };
  const failOn = severity('fail-on', Severity.CRITICAL);
  const unknownAs = severity('unknown-as', Severity.HIGH);
  const output = (values.output as string | undefined) ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'table');
  if (!OUTPUTS.includes(output)) problems.push(`--output is not a known output (got ${describeValue(output)}); one of ${OUTPUTS.join(', ')}`);
  if (problems.length) throw new UsageError(problems.join(`\n${PROGRAM} gate: `));
  return { help: false, findings, format: format as FindingsFormat | undefined, failOn, unknownAs, allowlist: values.allowlist as string | undefined, output };
}

/** Splits text holding one or more JSON documents (pages written one after another) into values. */
export function parseJsonDocuments(text: string, source: string): unknown[] {
  const bad = (problem: string, chunk: string): ValidationError =>
    new ValidationError(source, [{ property: '(document)', problem, value: chunk.length > 60 ? `${chunk.slice(0, 57)}...` : chunk, allowed: 'the JSON the scanner printed (one document, or pages one after another)' }]);
  try {
    return [JSON.parse(text)];
  } catch {
    // Several documents, or a broken one: split at the top-level closing brackets and parse each.
  }
  const docs: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (start < 0) {
      if (/\s/.test(c)) continue;
      if (c !== '{' && c !== '[') throw bad(`is not valid JSON (document ${docs.length + 1} does not start with { or [)`, text.slice(i, i + 60));
      start = i;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        const chunk = text.slice(start, i + 1);
        try {
          docs.push(JSON.parse(chunk));
        } catch {
          throw bad(`is not valid JSON (document ${docs.length + 1})`, chunk);
        }
        start = -1;
      }
    }
  }
  if (start >= 0) throw bad(`is not valid JSON (document ${docs.length + 1} is cut off)`, text.slice(start));
  return docs;
}

function readFile(io: CliIo, path: string, flag: string): string {
  try {
    const text = io.readFile(path);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${(e as Error).message})`;
    throw new ValidationError(path === '-' ? '(stdin)' : path, [{ property: '(file)', problem: why, value: path, allowed: `${flag} takes a readable file, or - for standard input` }]);
  }
}

/** Reads every findings file into one report; an empty file or an AWS "not found" error text is a missing scan. */
function readReport(args: GateArgs, io: CliIo): ScanReport {
  const docs: unknown[] = [];
  const sources: string[] = [];
  for (const path of args.findings) {
    const source = path === '-' ? '(stdin)' : path;
    const text = readFile(io, path, '--findings');
    if (text.trim() === '' || /ScanNotFoundException|ImageNotFoundException/.test(text.slice(0, 2000)) && !text.trimStart().startsWith('{')) {
      // The usual `aws ... > findings.json` leaves an empty file (or the error) when there is no scan yet.
      const why = text.trim() === '' ? 'the findings file is empty (did the scanner command fail?)' : text.trim().split('\n')[0].slice(0, 200);
      return { format: args.format ?? FindingsFormat.ECR, state: ScanState.MISSING, status: 'NONE', detail: `${source}: ${why}`, findings: [] };
    }
    docs.push(...parseJsonDocuments(text, source));
    sources.push(source);
  }
  const source = sources.join(', ');
  let format = args.format;
  if (format === undefined) {
    const detected = new Set(docs.map(detectFormat).filter((f): f is FindingsFormat => f !== undefined));
    // ECR basic and enhanced pages of one scan detect differently only when some pages are empty.
    if (detected.has(FindingsFormat.ECR_ENHANCED)) detected.delete(FindingsFormat.ECR);
    if (detected.size !== 1) {
      throw new ValidationError(source, [{ property: '(document)', problem: detected.size === 0 ? 'is not a findings format the gate recognises' : `looks like several formats (${[...detected].join(', ')})`, value: docs.map((d) => (typeof d === 'object' && d !== null ? Object.keys(d).slice(0, 4) : d)), allowed: `give --format: one of ${Object.values(FindingsFormat).join(', ')}` }]);
    }
    format = [...detected][0];
  }
  return readScanReport(format, docs, source);
}

/** Runs `registry-lifecycle gate <argv…>`; returns the exit code. */
export function runGate(argv: readonly string[], io: GateIo): number {
  const env = io.env ?? process.env;
  try {
    const args = parseGateArgs(argv, env);
    if (args.help) {
      io.stdout(gateUsage());
      return 0;
    }
    const allowlist: AllowlistEntry[] = args.allowlist === undefined ? [] : parseAllowlist(parseJsonDocuments(readFile(io, args.allowlist, '--allowlist'), args.allowlist)[0], args.allowlist);
    const report = readReport(args, io);
    const result = evaluateGate(report, { failOn: args.failOn, unknownAs: args.unknownAs, allowlist, now: io.now() });
    const notes = result.expiredEntries.map((e) => `allowlist entry ${e.id}${e.package ? ` (${e.package})` : ''} expired on ${e.expires} and no longer applies: ${e.reason}`);
    if (args.output === 'json') {
      io.stdout(`${JSON.stringify(toJson(result), null, 2)}\n`);
      io.stderr([...notes.map((n) => `${PROGRAM} gate: warning: ${n}`), `${PROGRAM} gate: ${outcomeMessage(result)}`].join('\n') + '\n');
    } else if (args.output === 'gitlab') {
      io.stdout(`${JSON.stringify(toCodeQuality(result), null, 2)}\n`);
      io.stderr(renderTable(result, notes));
    } else if (args.output === 'github') {
      io.stdout(renderGithub(result, notes) + renderTable(result, notes));
    } else {
      io.stdout(renderTable(result, notes));
    }
    return result.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${PROGRAM} gate: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ValidationError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    io.stderr(`${PROGRAM}: internal error (a bug, please report it): ${e instanceof Error ? e.message : describeValue(e)}\n`);
    return 3;
  }
}

/** The JSON printed by `--output json`. */
export interface GateJson {
  readonly outcome: GateOutcome;
  readonly exitCode: number;
  readonly format: FindingsFormat;
  readonly scanStatus: string;
  readonly scanDetail?: string;
  readonly failOn: Severity;
  readonly counts: Record<string, number>;
  readonly failing: FindingJson[];
  readonly allowed: FindingJson[];
  readonly below: FindingJson[];
  readonly expiredAllowlistEntries: AllowlistEntry[];
  readonly unusedAllowlistEntries: AllowlistEntry[];
  readonly message: string;
}

interface FindingJson {
  readonly id: string;
  readonly severity: Severity;
  readonly rawSeverity: string;
  readonly package?: string;
  readonly version?: string;
  readonly fixedVersion?: string;
  readonly allowedBy?: { readonly reason: string; readonly expires: string };
  readonly expiredAllowlistEntry?: string;
}

function findingJson(g: GatedFinding): FindingJson {
  const f = g.finding;
  return JSON.parse(JSON.stringify({
    id: f.id,
    severity: f.severity,
    rawSeverity: f.rawSeverity,
    package: f.package,
    version: f.version,
    fixedVersion: f.fixedVersion,
    allowedBy: g.allowedBy ? { reason: g.allowedBy.reason, expires: g.allowedBy.expires } : undefined,
    expiredAllowlistEntry: g.expiredEntry?.expires,
  }));
}

function toJson(r: GateResult): GateJson {
  const counts: Record<string, number> = {};
  for (const s of Object.values(Severity)) counts[s] = 0;
  for (const g of r.findings) counts[g.finding.severity]++;
  return JSON.parse(JSON.stringify({
    outcome: r.outcome,
    exitCode: r.exitCode,
    format: r.report.format,
    scanStatus: r.report.status,
    scanDetail: r.report.detail,
    failOn: r.failOn,
    counts,
    failing: r.failing.map(findingJson),
    allowed: r.findings.filter((g) => g.allowedBy).map(findingJson),
    below: r.findings.filter((g) => !g.atOrAboveThreshold && !g.allowedBy).map(findingJson),
    expiredAllowlistEntries: r.expiredEntries,
    unusedAllowlistEntries: r.unusedEntries,
    message: outcomeMessage(r),
  }));
}

function verdictOf(g: GatedFinding): string {
  if (g.allowedBy) return `allowed until ${g.allowedBy.expires}: ${g.allowedBy.reason}`;
  if (g.atOrAboveThreshold) return g.expiredEntry ? `FAIL (allowlist entry expired ${g.expiredEntry.expires})` : 'FAIL';
  return 'below threshold';
}

function renderTable(r: GateResult, notes: readonly string[]): string {
  const header = ['SEVERITY', 'ID', 'PACKAGE', 'VERSION', 'FIXED IN', 'VERDICT'];
  const rows = r.findings.map((g) => [g.finding.severity === Severity.UNKNOWN ? `UNKNOWN(${g.finding.rawSeverity || '-'})` : g.finding.severity, g.finding.id, g.finding.package ?? '-', g.finding.version ?? '-', g.finding.fixedVersion ?? '-', verdictOf(g)]);
  const table = [header, ...rows];
  const widths = header.map((_, c) => table.reduce((w, row) => Math.max(w, row[c].length), 0));
  const lines = rows.length ? table.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()) : ['(no findings)'];
  const summary = `${r.report.format} scan ${r.report.status}: ${r.findings.length} finding(s), ${r.failing.length} failing at ${r.failOn} or higher, ${r.findings.filter((g) => g.allowedBy).length} allowed`;
  const tail = [...notes.map((n) => `warning: ${n}`), ...r.unusedEntries.map((e) => `note: allowlist entry ${e.id}${e.package ? ` (${e.package})` : ''} matched nothing; remove it`), `gate ${outcomeMessage(r)}`];
  return `${[...lines, '', summary, ...tail].join('\n')}\n`;
}

/** GitHub workflow-command escaping: data (%, CR, LF) and, in properties, also ':' and ','. */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function renderGithub(r: GateResult, notes: readonly string[]): string {
  const lines: string[] = [];
  for (const g of r.failing) {
    const f = g.finding;
    lines.push(`::error title=${ghProp(`${f.id} (${f.severity})`)}::${ghData(`${f.id} in ${f.package ?? 'an unnamed package'} ${f.version ?? ''}${f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fix yet'}${g.expiredEntry ? `; its allowlist entry expired on ${g.expiredEntry.expires}` : ''}`.replace(/ ,/, ','))}`);
  }
  for (const n of notes) lines.push(`::warning title=Expired allowlist entry::${ghData(n)}`);
  if (r.outcome !== GateOutcome.PASS && r.outcome !== GateOutcome.VULNERABLE) lines.push(`::error title=${ghProp(`Vulnerability gate: ${r.outcome}`)}::${ghData(outcomeMessage(r))}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** GitLab Code Quality report (an artifact under `reports: codequality`), one issue per failing finding or scan problem. */
function toCodeQuality(r: GateResult): object[] {
  const issues = r.failing.map((g) => ({
    description: `${g.finding.id} (${g.finding.severity}) in ${g.finding.package ?? 'an unnamed package'}${g.finding.version ? ` ${g.finding.version}` : ''}${g.finding.fixedVersion ? `, fixed in ${g.finding.fixedVersion}` : ''}`,
    check_name: 'vulnerability-gate',
    fingerprint: `${g.finding.id}|${g.finding.package ?? ''}|${g.finding.version ?? ''}`,
    severity: g.finding.severity === Severity.CRITICAL ? 'blocker' : 'critical',
    location: { path: 'Dockerfile', lines: { begin: 1 } },
  }));
  if (r.outcome !== GateOutcome.PASS && r.outcome !== GateOutcome.VULNERABLE) {
    issues.push({ description: outcomeMessage(r), check_name: 'vulnerability-gate', fingerprint: `scan|${r.outcome}`, severity: 'blocker', location: { path: 'Dockerfile', lines: { begin: 1 } } });
  }
  return issues;
}
