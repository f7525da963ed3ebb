/**
 * The vulnerability gate: a scan report, a severity threshold and an allowlist in, a verdict out. The verdict
 * is PASS only when the scan is READY and no finding at or above the threshold remains after the allowlist;
 * every other state has its own outcome (and exit code), so a scan that did not finish never passes.
 */

import { describeValue, ValidationError, Violations } from '../errors';
import { isObject } from '../json';
import { Finding, ScanReport, ScanState, Severity, SEVERITY_RANK } from './findings';

/** The gate's outcome; each maps to one exit code of `registry-lifecycle gate`. */
export enum GateOutcome {
  /** Scan ready, nothing at or above the threshold remains. */
  PASS = 'pass',
  /** Findings at or above the threshold remain after the allowlist. */
  VULNERABLE = 'vulnerable',
  /** The scan has not finished. */
  SCAN_PENDING = 'scan-pending',
  /** The scan failed, was stopped, or is in an unknown state. */
  SCAN_FAILED = 'scan-failed',
  /** The scanner cannot scan the image. */
  SCAN_UNSUPPORTED = 'scan-unsupported',
  /** There is no scan (or the findings document is empty). */
  SCAN_MISSING = 'scan-missing',
}

/** Exit codes of `registry-lifecycle gate` beyond the CLI's common 0-3 (0 pass, 1 bad input, 2 usage, 3 internal). */
export const GATE_EXIT_CODES: Record<GateOutcome, number> = {
  [GateOutcome.PASS]: 0,
  [GateOutcome.VULNERABLE]: 10,
  [GateOutcome.SCAN_PENDING]: 11,
  [GateOutcome.SCAN_FAILED]: 12,
  [GateOutcome.SCAN_UNSUPPORTED]: 13,
  [GateOutcome.SCAN_MISSING]: 14,
};

const STATE_OUTCOME: Record<ScanState, GateOutcome> = {
  [ScanState.READY]: GateOutcome.PASS,
  [ScanState.PENDING]: GateOutcome.SCAN_PENDING,
  [ScanState.FAILED]: GateOutcome.SCAN_FAILED,
  [ScanState.UNSUPPORTED]: GateOutcome.SCAN_UNSUPPORTED,
  [ScanState.MISSING]: GateOutcome.SCAN_MISSING,
};

/** One allowlist entry: a vulnerability accepted, for a reason, until a date. */
export interface AllowlistEntry {
  /** The vulnerability id (CVE-..., GHSA-...); matches a finding's id or any of its related ids, ignoring case. */
  readonly id: string;
  /** Only this package's finding is allowed. @default - every package */
  readonly package?: string;
  /** Why it is accepted (shown in every report). */
  readonly reason: string;
  /** The last day (UTC, `YYYY-MM-DD`) the entry applies; from the next day on it is reported as expired and ignored. */
  readonly expires: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ALLOWLIST_SHAPE = '{"entries": [{"id": "CVE-2023-38545", "package": "curl", "reason": "not reachable", "expires": "2026-12-31"}]} (or the array alone)';

/** Reads an allowlist document, reporting every bad entry at once. */
export function parseAllowlist(doc: unknown, source: string): AllowlistEntry[] {
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.entries) ? doc.entries : undefined;
  if (list === undefined) throw new ValidationError(source, [{ property: 'entries', problem: 'is missing', value: doc, allowed: ALLOWLIST_SHAPE }]);
  const v = new Violations();
  const entries: AllowlistEntry[] = [];
  list.forEach((e, i) => {
    const at = `entries[${i}]`;
    if (!isObject(e)) {
      v.add(at, 'is not an object', e, ALLOWLIST_SHAPE);
      return;
    }
    const unknown = Object.keys(e).filter((k) => !['id', 'package', 'reason', 'expires'].includes(k));
    if (unknown.length) v.add(at, `has unknown key(s) ${unknown.join(', ')}`, e, 'id, package, reason, expires');
    if (typeof e.id !== 'string' || e.id.trim() === '') v.add(`${at}.id`, 'is missing', e.id, 'a vulnerability id such as CVE-2023-38545');
    if (e.package !== undefined && (typeof e.package !== 'string' || e.package === '')) v.add(`${at}.package`, 'is not a package name', e.package, 'a non-empty string, or leave it out for every package');
    if (typeof e.reason !== 'string' || e.reason.trim() === '') v.add(`${at}.reason`, 'is missing', e.reason, 'why the vulnerability is accepted (a non-empty string)');
    if (typeof e.expires !== 'string' || !validDate(e.expires)) v.add(`${at}.expires`, 'is not a date', e.expires, 'the last day it applies, YYYY-MM-DD (an allowlist entry must expire)');
    if (v.empty || v.items.every((x) => !x.property.startsWith(at))) entries.push({ id: e.id as string, package: e.package as string | undefined, reason: e.reason as string, expires: e.expires as string });
  });
  v.throwIfAny(source);
  return entries;
}

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** True once the entry's last day is over (UTC). */
export function isExpired(entry: AllowlistEntry, now: number): boolean {
  const m = DATE.exec(entry.expires)!;
  return now >= Date.UTC(+m[1], +m[2] - 1, +m[3] + 1);
}

/** How the gate decides. */
export interface GateOptions {
  /** Fail on findings at or above this severity. */
  readonly failOn: Severity;
  /** The rank given to unscored findings (UNTRIAGED, UNDEFINED...): they fail when this is at or above failOn. */
  readonly unknownAs: Severity;
  /** Accepted vulnerabilities. */
  readonly allowlist: readonly AllowlistEntry[];
  /** Now, epoch ms (for expiry). */
  readonly now: number;
}

/** A finding with the gate's view of it. */
export interface GatedFinding {
  /** The finding. */
  readonly finding: Finding;
  /** True when it is at or above the threshold (before the allowlist). */
  readonly atOrAboveThreshold: boolean;
  /** The entry that allows it, if any (only unexpired entries allow). */
  readonly allowedBy?: AllowlistEntry;
  /** An expired entry that would have allowed it. */
  readonly expiredEntry?: AllowlistEntry;
}

/** The verdict. */
export interface GateResult {
  /** The outcome. */
  readonly outcome: GateOutcome;
  /** The process exit code for it. */
  readonly exitCode: number;
  /** The report read. */
  readonly report: ScanReport;
  /** Every finding, highest severity first. */
  readonly findings: readonly GatedFinding[];
  /** Findings that fail the gate (at or above the threshold, not allowed). */
  readonly failing: readonly GatedFinding[];
  /** Allowlist entries past their date (they allowed nothing). */
  readonly expiredEntries: readonly AllowlistEntry[];
  /** Unexpired entries that matched no finding (candidates for removal). */
  readonly unusedEntries: readonly AllowlistEntry[];
  /** The threshold applied. */
  readonly failOn: Severity;
}

/** The rank of a severity under the unknown-severity policy. */
export function rankOf(severity: Severity, unknownAs: Severity): number {
  const s = severity === Severity.UNKNOWN ? unknownAs : severity;
  return s === Severity.UNKNOWN ? SEVERITY_RANK[Severity.CRITICAL] : SEVERITY_RANK[s];
}

function matches(entry: AllowlistEntry, f: Finding): boolean {
  const id = entry.id.toUpperCase();
  if (f.id.toUpperCase() !== id && !f.relatedIds.some((r) => r.toUpperCase() === id)) return false;
  return entry.package === undefined || entry.package === f.package;
}

/** Applies the threshold and the allowlist to a report. */
export function evaluateGate(report: ScanReport, options: GateOptions): GateResult {
  const threshold = rankOf(options.failOn, options.unknownAs);
  const live = options.allowlist.filter((e) => !isExpired(e, options.now));
  const expired = options.allowlist.filter((e) => isExpired(e, options.now));
  const used = new Set<AllowlistEntry>();
  const gated = report.findings.map((finding): GatedFinding => {
    const allowedBy = live.find((e) => matches(e, finding));
    if (allowedBy) used.add(allowedBy);
    const expiredEntry = allowedBy ? undefined : expired.find((e) => matches(e, finding));
    return { finding, atOrAboveThreshold: rankOf(finding.severity, options.unknownAs) >= threshold, allowedBy, expiredEntry };
  });
  gated.sort((a, b) => rankOf(b.finding.severity, options.unknownAs) - rankOf(a.finding.severity, options.unknownAs) || a.finding.id.localeCompare(b.finding.id) || (a.finding.package ?? '').localeCompare(b.finding.package ?? ''));
  const failing = gated.filter((g) => g.atOrAboveThreshold && !g.allowedBy);
  let outcome = STATE_OUTCOME[report.state];
  // A finding at the threshold already proves the image fails, even if the scan is still filling in.
  if (failing.length > 0 && (outcome === GateOutcome.PASS || report.state === ScanState.PENDING)) outcome = GateOutcome.VULNERABLE;
  return {
    outcome,
    exitCode: GATE_EXIT_CODES[outcome],
    report,
    findings: gated,
    failing,
    expiredEntries: expired,
    unusedEntries: live.filter((e) => !used.has(e)),
    failOn: options.failOn,
  };
}

/** Parses a severity word given on the command line (case-insensitive). */
export function parseSeverity(word: string): Severity | undefined {
  const s = word.toUpperCase();
  return (Object.values(Severity) as string[]).includes(s) ? (s as Severity) : undefined;
}

/** A one-line reason for a non-passing outcome. */
export function outcomeMessage(result: GateResult): string {
  const r = result.report;
  const detail = r.detail ? ` (${r.detail})` : '';
  switch (result.outcome) {
    case GateOutcome.PASS:
      return `passed: no ${result.failOn} or higher finding remains (${r.findings.length} finding(s), scan ${r.status})`;
    case GateOutcome.VULNERABLE:
      return `failed: ${result.failing.length} finding(s) at ${result.failOn} or higher remain after the allowlist${r.state === ScanState.READY ? '' : ` (scan still ${r.status}: more may follow)`}`;
    case GateOutcome.SCAN_PENDING:
      return `failed closed: the scan has not finished (status ${describeValue(r.status)}${detail}); wait for it and run the gate again`;
    case GateOutcome.SCAN_FAILED:
      return `failed closed: the scan failed (status ${describeValue(r.status)}${detail})`;
    case GateOutcome.SCAN_UNSUPPORTED:
      return `failed closed: the scanner does not support this image (status ${describeValue(r.status)}${detail}); scan it with trivy or grype and gate on that report`;
    default:
      return `failed closed: there is no scan for this image (status ${describeValue(r.status)}${detail})`;
  }
}
