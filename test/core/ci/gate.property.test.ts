import fc from 'fast-check';
import { mergeDockerConfig } from '../../../lib/core/ci/docker-config';
import { Finding, FindingsFormat, ScanReport, ScanState, Severity } from '../../../lib/core/ci/findings';
import { AllowlistEntry, evaluateGate, GATE_EXIT_CODES, GateOutcome } from '../../../lib/core/ci/gate';
import { RegistryEndpointJson, RegistryFamily } from '../../../lib/core/endpoint';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const SCORED = [Severity.INFORMATIONAL, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL];
// The oracle's own order, written out independently of the code under test.
const ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const ids = ['CVE-1', 'CVE-2', 'GHSA-3', 'CVE-4'];
const pkgs = ['curl', 'openssl', undefined];

const finding: fc.Arbitrary<Finding> = fc.record({
  id: fc.constantFrom(...ids),
  relatedIds: fc.subarray(ids, { maxLength: 2 }),
  severity: fc.constantFrom(...SCORED, Severity.UNKNOWN),
  rawSeverity: fc.constant('x'),
  package: fc.constantFrom(...pkgs),
});
const entry: fc.Arbitrary<AllowlistEntry> = fc.record({
  id: fc.constantFrom(...ids.map((i) => i.toLowerCase()), ...ids),
  package: fc.constantFrom(...pkgs),
  reason: fc.constant('r'),
  expires: fc.integer({ min: -3, max: 3 }).map((d) => new Date(NOW + d * DAY).toISOString().slice(0, 10)),
});
const report = (state: ScanState, findings: Finding[]): ScanReport => ({ format: FindingsFormat.TRIVY, state, status: 's', findings });

/** The gate's rule, restated: a finding fails when it is at or above the threshold and no live entry matches it. */
function oracleFails(f: Finding, failOn: Severity, unknownAs: Severity, allow: AllowlistEntry[]): boolean {
  const sev = f.severity === Severity.UNKNOWN ? unknownAs : f.severity;
  if (ORDER.indexOf(sev) < ORDER.indexOf(failOn)) return false;
  const live = allow.filter((e) => new Date(`${e.expires}T23:59:59.999Z`).getTime() >= NOW);
  return !live.some((e) => [f.id, ...f.relatedIds].some((i) => i.toUpperCase() === e.id.toUpperCase()) && (e.package === undefined || e.package === f.package));
}

describe('gate semantics (property-based)', () => {
  test('a ready scan passes exactly when no finding fails under the restated rule', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), fc.array(entry, { maxLength: 4 }), fc.constantFrom(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL), fc.constantFrom(...SCORED.slice(1)), (fs, allow, failOn, unknownAs) => {
        const r = evaluateGate(report(ScanState.READY, fs), { failOn, unknownAs, allowlist: allow, now: NOW });
        const failing = fs.filter((f) => oracleFails(f, failOn, unknownAs, allow));
        expect(r.failing.length).toBe(failing.length);
        expect(r.outcome).toBe(failing.length ? GateOutcome.VULNERABLE : GateOutcome.PASS);
      }),
    );
  });

  test('never a pass unless the scan is ready, whatever the findings and allowlist', () => {
    fc.assert(
      fc.property(fc.constantFrom(ScanState.PENDING, ScanState.FAILED, ScanState.UNSUPPORTED, ScanState.MISSING), fc.array(finding, { maxLength: 5 }), fc.array(entry, { maxLength: 4 }), (state, fs, allow) => {
        const r = evaluateGate(report(state, fs), { failOn: Severity.CRITICAL, unknownAs: Severity.HIGH, allowlist: allow, now: NOW });
        expect(r.exitCode).not.toBe(0);
        expect(Object.values(GATE_EXIT_CODES)).toContain(r.exitCode);
      }),
    );
  });

  test('raising the threshold or adding a live entry never turns a pass into a failure', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), fc.array(entry, { maxLength: 4 }), entry, (fs, allow, extra) => {
        const opts = { unknownAs: Severity.HIGH, now: NOW };
        const high = evaluateGate(report(ScanState.READY, fs), { ...opts, failOn: Severity.HIGH, allowlist: allow });
        const critical = evaluateGate(report(ScanState.READY, fs), { ...opts, failOn: Severity.CRITICAL, allowlist: allow });
        if (high.outcome === GateOutcome.PASS) expect(critical.outcome).toBe(GateOutcome.PASS);
        const more = evaluateGate(report(ScanState.READY, fs), { ...opts, failOn: Severity.HIGH, allowlist: [...allow, extra] });
        expect(more.failing.length).toBeLessThanOrEqual(high.failing.length);
      }),
    );
  });
});

describe('Docker config merge (property-based)', () => {
  const host = fc.constantFrom('a.example.com', 'b.example.com:5000', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'europe-west1-docker.pkg.dev');
  const endpoint: fc.Arbitrary<RegistryEndpointJson> = fc.record({
    family: fc.constant(RegistryFamily.OCI),
    host,
    credentialHelper: fc.constantFrom('ecr-login', 'gcloud', undefined),
    loginCommand: fc.constant('docker login'),
  });
  const config = fc.record({
    auths: fc.dictionary(host, fc.record({ auth: fc.string() })),
    credsStore: fc.constantFrom('desktop', 'pass', undefined),
    credHelpers: fc.dictionary(host, fc.constantFrom('ecr-login', 'gcloud', 'other')),
    other: fc.jsonValue(),
  }, { requiredKeys: [] });

  test('keeps every other key and helper, sets each endpoint helper, and is idempotent', () => {
    fc.assert(
      fc.property(config, fc.uniqueArray(endpoint, { selector: (e) => e.host, maxLength: 4 }), (cfg, eps) => {
        const m = mergeDockerConfig(cfg, eps, 'c');
        for (const [k, v] of Object.entries(cfg)) if (k !== 'credHelpers') expect(m.config[k]).toEqual(v);
        const helpers = (m.config.credHelpers ?? {}) as Record<string, string>;
        for (const e of eps) if (e.credentialHelper) expect(helpers[e.host]).toBe(e.credentialHelper);
        for (const [h, v] of Object.entries(cfg.credHelpers ?? {})) if (!eps.some((e) => e.host === h && e.credentialHelper)) expect(helpers[h]).toBe(v);
        expect(mergeDockerConfig(m.config, eps, 'c').changes).toEqual([]);
      }),
    );
  });
});
