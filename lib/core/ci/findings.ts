/**
 * Vulnerability findings as each scanner prints them, read into one shape: the scan's state (ready, pending,
 * failed, unsupported, missing) and a list of findings with a normalised severity. Readers never guess a pass:
 * a document that does not say the scan finished is reported as not ready, and an unrecognised state as failed.
 */

import { ValidationError } from '../errors';
import { isObject } from '../json';

/** A normalised severity, lowest to highest; UNKNOWN stands for unscored findings (UNTRIAGED, UNDEFINED, ...). */
export enum Severity {
  /** Informational, negligible or none: never a vulnerability worth failing on. */
  INFORMATIONAL = 'INFORMATIONAL',
  /** Low. */
  LOW = 'LOW',
  /** Medium. */
  MEDIUM = 'MEDIUM',
  /** High. */
  HIGH = 'HIGH',
  /** Critical. */
  CRITICAL = 'CRITICAL',
  /** Not scored yet (ECR UNTRIAGED/UNDEFINED, GCP SEVERITY_UNSPECIFIED, Trivy/Grype/Harbor Unknown). */
  UNKNOWN = 'UNKNOWN',
}

/** The rank of each scored severity; UNKNOWN is ranked by the gate's policy, not here. */
export const SEVERITY_RANK: Record<Exclude<Severity, Severity.UNKNOWN>, number> = {
  [Severity.INFORMATIONAL]: 0,
  [Severity.LOW]: 1,
  [Severity.MEDIUM]: 2,
  [Severity.HIGH]: 3,
  [Severity.CRITICAL]: 4,
};

/** The sources the gate reads. */
export enum FindingsFormat {
  /** `aws ecr describe-image-scan-findings --output json`, basic scanning (`findings[]`). */
  ECR = 'ecr',
  /** The same command under enhanced scanning (Amazon Inspector, `enhancedFindings[]`). */
  ECR_ENHANCED = 'ecr-enhanced',
  /**
   * `gcloud artifacts docker images describe IMG@DIGEST --show-package-vulnerability --format=json`, or the
   * occurrence array of `gcloud artifacts docker images list-vulnerabilities SCAN --format=json` (On-Demand Scanning).
   */
  GAR = 'gar',
  /** Harbor: `GET .../artifacts/{ref}/additions/vulnerabilities` and/or `GET .../artifacts/{ref}?with_scan_overview=true`. */
  HARBOR = 'harbor',
  /** `trivy image --format json`. */
  TRIVY = 'trivy',
  /** `grype -o json`. */
  GRYPE = 'grype',
}

/** Where a scan stands. Everything but READY fails the gate, each with its own exit code. */
export enum ScanState {
  /** The scan finished (or scans continuously) and its findings are complete. */
  READY = 'ready',
  /** The scan has not finished: pending, queued or running. */
  PENDING = 'pending',
  /** The scan failed, was stopped, or ended in a state this reader does not know. */
  FAILED = 'failed',
  /** The scanner cannot scan this image (unsupported OS or media type). */
  UNSUPPORTED = 'unsupported',
  /** There is no scan at all, or the document is empty. */
  MISSING = 'missing',
}

/** One vulnerability in one package. */
export interface Finding {
  /** The vulnerability id as the scanner names it (CVE-..., GHSA-..., ALAS-...). */
  readonly id: string;
  /** Other ids of the same vulnerability (aliases), used for allowlist matching. */
  readonly relatedIds: readonly string[];
  /** The normalised severity. */
  readonly severity: Severity;
  /** The severity as the scanner printed it. */
  readonly rawSeverity: string;
  /** The affected package, when the scanner says. */
  readonly package?: string;
  /** The installed version, when the scanner says. */
  readonly version?: string;
  /** The version with the fix, when there is one. */
  readonly fixedVersion?: string;
}

/** What a findings document says. */
export interface ScanReport {
  /** The format read. */
  readonly format: FindingsFormat;
  /** Whether the scan can be trusted. */
  readonly state: ScanState;
  /** The scanner's own status word (COMPLETE, ACTIVE, Success, ...), for messages. */
  readonly status: string;
  /** Why the state is not READY, in the scanner's words where it gave any. */
  readonly detail?: string;
  /** Every finding, in document order. */
  readonly findings: readonly Finding[];
}

const ECR_SEVERITIES: Record<string, Severity> = {
  INFORMATIONAL: Severity.INFORMATIONAL,
  LOW: Severity.LOW,
  MEDIUM: Severity.MEDIUM,
  HIGH: Severity.HIGH,
  CRITICAL: Severity.CRITICAL,
  UNDEFINED: Severity.UNKNOWN,
  UNTRIAGED: Severity.UNKNOWN,
};

/** Case-insensitive severity words of every source; anything else is UNKNOWN (Harbor ranks it worst). */
const SEVERITY_WORDS: Record<string, Severity> = {
  ...ECR_SEVERITIES,
  NONE: Severity.INFORMATIONAL,
  NEGLIGIBLE: Severity.INFORMATIONAL,
  MINIMAL: Severity.LOW,
  UNKNOWN: Severity.UNKNOWN,
  SEVERITY_UNSPECIFIED: Severity.UNKNOWN,
};

function severityOf(raw: unknown): Severity {
  return typeof raw === 'string' ? SEVERITY_WORDS[raw.toUpperCase()] ?? Severity.UNKNOWN : Severity.UNKNOWN;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function fail(source: string, property: string, problem: string, value: unknown, allowed: string): never {
  throw new ValidationError(source, [{ property, problem, value, allowed }]);
}

/**
 * Guesses the format from a document's shape, or returns undefined when the shape is ambiguous. ECR basic and
 * enhanced share the command and are told apart by which list carries findings (an empty document of either
 * kind reads the same, so either answer is right).
 */
export function detectFormat(doc: unknown): FindingsFormat | undefined {
  if (Array.isArray(doc)) {
    if (doc.length === 0) return undefined;
    const first = doc[0];
    if (isObject(first) && ('imageScanStatus' in first || 'imageScanFindings' in first)) return detectFormat(first);
    if (isObject(first) && (first.kind === 'VULNERABILITY' || 'noteName' in first)) return FindingsFormat.GAR;
    if (isObject(first) && ('Target' in first || 'Vulnerabilities' in first)) return FindingsFormat.TRIVY;
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  if ('imageScanStatus' in doc || 'imageScanFindings' in doc) {
    const f = isObject(doc.imageScanFindings) ? doc.imageScanFindings : {};
    if (arr(f.enhancedFindings).length > 0 || (doc.imageScanStatus as { status?: unknown } | undefined)?.status === 'ACTIVE') return FindingsFormat.ECR_ENHANCED;
    return FindingsFormat.ECR;
  }
  if ('package_vulnerability_summary' in doc || 'discovery_summary' in doc || 'image_summary' in doc) return FindingsFormat.GAR;
  if ('SchemaVersion' in doc || ('ArtifactName' in doc && 'Results' in doc)) return FindingsFormat.TRIVY;
  if ('matches' in doc && ('source' in doc || 'descriptor' in doc || 'ignoredMatches' in doc)) return FindingsFormat.GRYPE;
  if ('scan_overview' in doc || ('digest' in doc && 'media_type' in doc)) return FindingsFormat.HARBOR;
  if (Object.keys(doc).some((k) => k.startsWith('application/vnd.'))) return FindingsFormat.HARBOR;
  return undefined;
}

/**
 * Reads the documents of one scan (several for ECR pages, or Harbor's artifact and report) in `format`.
 * `source` names the input in errors. Throws ValidationError for a document that is not of the format.
 */
export function readScanReport(format: FindingsFormat, docs: readonly unknown[], source: string): ScanReport {
  switch (format) {
    case FindingsFormat.ECR:
    case FindingsFormat.ECR_ENHANCED:
      return readEcr(format, docs, source);
    case FindingsFormat.GAR:
      return readGar(docs, source);
    case FindingsFormat.HARBOR:
      return readHarbor(docs, source);
    case FindingsFormat.TRIVY:
      return readTrivy(docs, source);
    case FindingsFormat.GRYPE:
      return readGrype(docs, source);
    default:
      return fail(source, '--format', 'is not a findings format', format, Object.values(FindingsFormat).join(', '));
  }
}

const ECR_SHAPE = 'the JSON of aws ecr describe-image-scan-findings (imageScanStatus, imageScanFindings)';

function readEcr(format: FindingsFormat, docs: readonly unknown[], source: string): ScanReport {
  // The CLI concatenates pages itself; pages written one by one (--no-paginate, --max-items, SDK calls) may
  // come as several documents or as one array. A page that names a next page that is not there is incomplete.
  const pages = docs.flatMap((d) => (Array.isArray(d) ? d : [d]));
  if (pages.length === 0) return { format, state: ScanState.MISSING, status: 'NONE', detail: 'no document', findings: [] };
  const findings: Finding[] = [];
  let status = '';
  let description: string | undefined;
  let sawBasic = false;
  let sawEnhanced = false;
  pages.forEach((page, i) => {
    const where = pages.length > 1 ? `[page ${i + 1}]` : '';
    if (!isObject(page) || !('imageScanStatus' in page || 'imageScanFindings' in page)) {
      fail(source, `${where}(document)`, 'is not an ECR scan findings response', page, ECR_SHAPE);
    }
    const next = str(page.nextToken) ?? str(page.NextToken);
    if (next !== undefined && i === pages.length - 1) {
      fail(source, `${where}nextToken`, 'names a further page that was not given, so the findings are incomplete', next, 'every page: let the AWS CLI paginate (no --no-paginate/--max-items), or pass each page with --findings');
    }
    const s = isObject(page.imageScanStatus) ? page.imageScanStatus : {};
    status ||= str(s.status) ?? '';
    description ??= str(s.description);
    const f = isObject(page.imageScanFindings) ? page.imageScanFindings : {};
    arr(f.findings).forEach((x, j) => {
      sawBasic = true;
      if (!isObject(x) || typeof x.name !== 'string') fail(source, `${where}imageScanFindings.findings[${j}].name`, 'is missing', x, 'the vulnerability id (a string)');
      const attrs = new Map(arr(x.attributes).filter(isObject).map((a) => [String(a.key), str(a.value)]));
      findings.push({ id: x.name, relatedIds: [], severity: ECR_SEVERITIES[String(x.severity)] ?? Severity.UNKNOWN, rawSeverity: String(x.severity ?? ''), package: attrs.get('package_name'), version: attrs.get('package_version') });
    });
    arr(f.enhancedFindings).forEach((x, j) => {
      sawEnhanced = true;
      const d = isObject(x) && isObject(x.packageVulnerabilityDetails) ? x.packageVulnerabilityDetails : undefined;
      const id = d ? str(d.vulnerabilityId) : undefined;
      if (!isObject(x) || id === undefined) fail(source, `${where}imageScanFindings.enhancedFindings[${j}].packageVulnerabilityDetails.vulnerabilityId`, 'is missing', x, 'the vulnerability id (a string)');
      const related = arr(d!.relatedVulnerabilities).filter((r): r is string => typeof r === 'string');
      const packages = arr(d!.vulnerablePackages).filter(isObject);
      const severity = severityOf(x.severity);
      // One finding per affected package, so an allowlist entry naming one package does not hide another.
      if (packages.length === 0) findings.push({ id, relatedIds: related, severity, rawSeverity: String(x.severity ?? '') });
      for (const p of packages) {
        findings.push({ id, relatedIds: related, severity, rawSeverity: String(x.severity ?? ''), package: str(p.name), version: str(p.version), fixedVersion: str(p.fixedInVersion) });
      }
    });
  });
  if (format === FindingsFormat.ECR && sawEnhanced && !sawBasic) {
    fail(source, 'imageScanFindings.enhancedFindings', 'holds enhanced (Inspector) findings, but --format is ecr (basic)', `${findings.length} finding(s)`, '--format ecr-enhanced, or leave --format out to detect it');
  }
  if (format === FindingsFormat.ECR_ENHANCED && sawBasic && !sawEnhanced) {
    fail(source, 'imageScanFindings.findings', 'holds basic findings, but --format is ecr-enhanced', `${findings.length} finding(s)`, '--format ecr, or leave --format out to detect it');
  }
  return { format, ...ecrState(status, description), findings };
}

function ecrState(status: string, description: string | undefined): { state: ScanState; status: string; detail?: string } {
  const detail = description;
  switch (status) {
    case 'COMPLETE':
    case 'ACTIVE': // continuous enhanced scanning: findings are current, the scan never "completes"
      return { state: ScanState.READY, status };
    case 'PENDING':
    case 'IN_PROGRESS':
      return { state: ScanState.PENDING, status, detail };
    case 'UNSUPPORTED_IMAGE':
      return { state: ScanState.UNSUPPORTED, status, detail };
    case '':
      return { state: ScanState.MISSING, status: 'NONE', detail: 'the response has no imageScanStatus.status' };
    case 'FINDINGS_UNAVAILABLE':
    case 'SCAN_ELIGIBILITY_EXPIRED':
      return { state: ScanState.MISSING, status, detail };
    default: // FAILED, LIMIT_EXCEEDED, IMAGE_ARCHIVED and any state added later
      return { state: ScanState.FAILED, status, detail };
  }
}

const GAR_SHAPE = 'the JSON of gcloud artifacts docker images describe --show-package-vulnerability, or of list-vulnerabilities SCAN';

function garFinding(o: unknown, property: string, source: string): Finding[] {
  if (!isObject(o) || !isObject(o.vulnerability)) fail(source, property, 'is not a vulnerability occurrence', o, 'a Grafeas occurrence with "vulnerability"');
  const v = o.vulnerability as Record<string, unknown>;
  const note = str(o.noteName) ?? '';
  const id = note.split('/').pop() || str(v.shortDescription) || fail(source, `${property}.noteName`, 'is missing', o.noteName, 'projects/<p>/notes/<CVE id>');
  const issues = arr(v.packageIssue).filter(isObject);
  const occurrence = str(v.effectiveSeverity) ?? str(v.severity);
  if (issues.length === 0) return [{ id, relatedIds: [], severity: severityOf(occurrence), rawSeverity: occurrence ?? '' }];
  return issues.map((p) => {
    // The per-package severity is the one to gate on (grafeas vulnerability.proto); the occurrence's is their maximum.
    const raw = str(p.effectiveSeverity) ?? occurrence;
    const fixed = isObject(p.fixedVersion) && p.fixedVersion.kind !== 'MAXIMUM' ? str(p.fixedVersion.fullName) : undefined;
    return { id, relatedIds: [], severity: severityOf(raw), rawSeverity: raw ?? '', package: str(p.affectedPackage), version: isObject(p.affectedVersion) ? str(p.affectedVersion.fullName) : undefined, fixedVersion: fixed };
  });
}

function readGar(docs: readonly unknown[], source: string): ScanReport {
  const format = FindingsFormat.GAR;
  if (docs.length !== 1) fail(source, '--findings', 'must be one document for gar', `${docs.length} documents`, 'the one JSON document gcloud printed');
  const doc = docs[0];
  if (Array.isArray(doc)) {
    // On-Demand Scanning: list-vulnerabilities only answers for a scan that completed.
    return { format, state: ScanState.READY, status: 'FINISHED_SUCCESS', findings: doc.flatMap((o, i) => garFinding(o, `[${i}]`, source)) };
  }
  if (!isObject(doc)) fail(source, '(document)', 'is not a gcloud describe document', doc, GAR_SHAPE);
  if (!('image_summary' in doc || 'discovery_summary' in doc || 'package_vulnerability_summary' in doc)) fail(source, '(document)', 'is not a gcloud describe document', Object.keys(doc), GAR_SHAPE);
  const discoveries = isObject(doc.discovery_summary) ? arr(doc.discovery_summary.discovery).filter(isObject) : [];
  const findings: Finding[] = [];
  const summary = isObject(doc.package_vulnerability_summary) ? doc.package_vulnerability_summary : {};
  const groups = isObject(summary.vulnerabilities) ? summary.vulnerabilities : {};
  // The map's keys were effectiveSeverity in current gcloud and severity in older releases: re-derive from each occurrence.
  for (const key of Object.keys(groups).sort()) arr(groups[key]).forEach((o, i) => findings.push(...garFinding(o, `package_vulnerability_summary.vulnerabilities.${key}[${i}]`, source)));
  if (discoveries.length === 0) return { format, state: ScanState.MISSING, status: 'NO_DISCOVERY', detail: 'no DISCOVERY occurrence: the image was not analysed (is the Container Scanning API on?)', findings };
  const d = isObject(discoveries[0].discovery) ? discoveries[0].discovery : {};
  const status = str(d.analysisStatus) ?? 'ANALYSIS_STATUS_UNSPECIFIED';
  const detail = isObject(d.analysisStatusError) ? str(d.analysisStatusError.message) : undefined;
  switch (status) {
    case 'FINISHED_SUCCESS':
    case 'COMPLETE':
      return { format, state: ScanState.READY, status, findings };
    case 'PENDING':
    case 'SCANNING':
      return { format, state: ScanState.PENDING, status, detail, findings };
    case 'FINISHED_UNSUPPORTED':
      return { format, state: ScanState.UNSUPPORTED, status, detail, findings };
    default:
      return { format, state: ScanState.FAILED, status, detail, findings };
  }
}

const HARBOR_REPORT_MIME = /^application\/vnd\.(security\.vulnerability\.report|scanner\.adapter\.vuln\.report\.harbor\+json)/;

function readHarbor(docs: readonly unknown[], source: string): ScanReport {
  const format = FindingsFormat.HARBOR;
  let status: string | undefined;
  let report: Record<string, unknown> | undefined;
  let sawDocument = false;
  docs.forEach((doc, i) => {
    const where = docs.length > 1 ? `[document ${i + 1}]` : '';
    if (!isObject(doc)) fail(source, `${where}(document)`, 'is not a Harbor artifact or vulnerability report', doc, 'the JSON of GET .../additions/vulnerabilities or GET .../artifacts/{ref}?with_scan_overview=true');
    sawDocument = true;
    if ('scan_overview' in doc || 'digest' in doc) {
      const overview = isObject(doc.scan_overview) ? doc.scan_overview : {};
      const first = Object.keys(overview).filter((k) => HARBOR_REPORT_MIME.test(k)).sort()[0];
      status = first !== undefined && isObject(overview[first]) ? str((overview[first] as Record<string, unknown>).scan_status) ?? 'Unknown' : status;
      return;
    }
    const keys = Object.keys(doc).filter((k) => HARBOR_REPORT_MIME.test(k)).sort();
    const other = Object.keys(doc).filter((k) => !HARBOR_REPORT_MIME.test(k));
    if (other.length > 0) fail(source, `${where}(document)`, 'has keys that are not vulnerability report media types', other, 'an object keyed by application/vnd.security.vulnerability.report; version=1.1 (or {} when there is no report)');
    if (keys.length > 0) report = doc[keys[0]] as Record<string, unknown>;
  });
  if (!sawDocument) return { format, state: ScanState.MISSING, status: 'NONE', detail: 'no document', findings: [] };
  const findings: Finding[] = [];
  if (report) {
    arr(report.vulnerabilities).forEach((v, i) => {
      if (!isObject(v) || typeof v.id !== 'string') fail(source, `vulnerabilities[${i}].id`, 'is missing', v, 'the vulnerability id (a string)');
      findings.push({ id: v.id, relatedIds: [], severity: severityOf(v.severity), rawSeverity: String(v.severity ?? ''), package: str(v.package), version: str(v.version), fixedVersion: str(v.fix_version) });
    });
  }
  switch (status) {
    case undefined:
      // Only the report: Harbor returns one only for a finished scan, and {} when there is none.
      return report ? { format, state: ScanState.READY, status: 'Success', findings } : { format, state: ScanState.MISSING, status: 'NONE', detail: 'Harbor has no vulnerability report for the artifact (never scanned?)', findings };
    case 'Success':
      return report ? { format, state: ScanState.READY, status, findings } : { format, state: ScanState.MISSING, status, detail: 'the scan succeeded but the report was not given: pass the additions/vulnerabilities document too', findings };
    case 'Pending':
    case 'Scheduled':
    case 'Running':
      return { format, state: ScanState.PENDING, status, findings };
    case 'Skipped':
      return { format, state: ScanState.UNSUPPORTED, status, detail: 'Harbor skipped the scan (e.g. an index or a non-image artifact)', findings };
    case 'Unknown':
      return { format, state: ScanState.MISSING, status: 'NONE', detail: 'the artifact has no scan overview (never scanned?)', findings };
    default:
      return { format, state: ScanState.FAILED, status, findings };
  }
}

function readTrivy(docs: readonly unknown[], source: string): ScanReport {
  const format = FindingsFormat.TRIVY;
  if (docs.length !== 1) fail(source, '--findings', 'must be one document for trivy', `${docs.length} documents`, 'the one JSON document trivy printed');
  const doc = docs[0];
  // Before SchemaVersion 2, trivy printed the results array itself.
  const results = Array.isArray(doc) ? doc : isObject(doc) && ('SchemaVersion' in doc || 'Results' in doc) ? arr(doc.Results) : fail(source, '(document)', 'is not a trivy JSON report', doc, 'the output of trivy image --format json');
  const findings: Finding[] = [];
  results.forEach((r, i) => {
    if (!isObject(r)) fail(source, `Results[${i}]`, 'is not an object', r, 'a trivy result');
    arr(r.Vulnerabilities).forEach((v, j) => {
      if (!isObject(v) || typeof v.VulnerabilityID !== 'string') fail(source, `Results[${i}].Vulnerabilities[${j}].VulnerabilityID`, 'is missing', v, 'the vulnerability id (a string)');
      const related = arr(v.VendorIDs).filter((x): x is string => typeof x === 'string');
      findings.push({ id: v.VulnerabilityID, relatedIds: related, severity: severityOf(v.Severity), rawSeverity: String(v.Severity ?? ''), package: str(v.PkgName), version: str(v.InstalledVersion), fixedVersion: str(v.FixedVersion) });
    });
  });
  return { format, state: ScanState.READY, status: 'scanned', findings };
}

function readGrype(docs: readonly unknown[], source: string): ScanReport {
  const format = FindingsFormat.GRYPE;
  if (docs.length !== 1) fail(source, '--findings', 'must be one document for grype', `${docs.length} documents`, 'the one JSON document grype printed');
  const doc = docs[0];
  if (!isObject(doc) || !Array.isArray(doc.matches)) fail(source, 'matches', 'is missing', isObject(doc) ? Object.keys(doc) : doc, 'the output of grype -o json (matches[])');
  // ignoredMatches are what .grype.yaml already ignores; the gate's own allowlist is the one that is reported.
  const findings = (doc.matches as unknown[]).map((m, i): Finding => {
    const v = isObject(m) && isObject(m.vulnerability) ? m.vulnerability : undefined;
    if (!v || typeof v.id !== 'string') fail(source, `matches[${i}].vulnerability.id`, 'is missing', m, 'the vulnerability id (a string)');
    const a = isObject((m as Record<string, unknown>).artifact) ? ((m as Record<string, unknown>).artifact as Record<string, unknown>) : {};
    const related = arr((m as Record<string, unknown>).relatedVulnerabilities).filter(isObject).map((r) => str(r.id)).filter((x): x is string => x !== undefined);
    const fix = isObject(v.fix) && v.fix.state === 'fixed' ? arr(v.fix.versions).filter((x): x is string => typeof x === 'string').join(', ') || undefined : undefined;
    return { id: v.id, relatedIds: related, severity: severityOf(v.severity), rawSeverity: String(v.severity ?? ''), package: str(a.name), version: str(a.version), fixedVersion: fix };
  });
  return { format, state: ScanState.READY, status: 'scanned', findings };
}
