/** `registry-lifecycle apply`: list a registry, simulate the neutral policy, print the plan and, with --execute, delete by digest, resumably. */

import { createHash } from 'crypto';
import * as fs from 'fs';
import { parseArgs } from 'util';
import { describeValue, ValidationError } from '../../core/errors';
import { RetentionPolicy } from '../../core/retention/policy';
import { formatTimestamp, parseTimestamp, EpochUnit } from '../../core/retention/timestamps';
import { findJsonError } from '../json-position';
import { CredentialsError, dockerConfigPath, lookupCredentials } from './auth';
import { BudgetExhaustedError, HttpError, Transport } from './http';
import { DockerHub } from './hub';
import { Journal, JournalError } from './journal';
import { OciRegistry } from './oci';
import { checkPolicyFits, makePlan, Plan, PlanItem, PolicyRefusedError, reachable } from './plan';
import { AuthError, DeleteUnsupportedError, ListedImage, RegistryApi, ScopeError } from './registry-api';

const PROGRAM = 'registry-lifecycle';

/** Exit codes of `registry-lifecycle apply`. */
export enum ApplyExitCode {
  /** The plan was printed (dry run), or every planned deletion is done. */
  OK = 0,
  /** The policy file, Docker's config or the journal is invalid, or the policy asks for what the registry cannot decide. */
  INVALID_INPUT = 1,
  /** The command line is wrong. */
  USAGE = 2,
  /** A bug. */
  INTERNAL = 3,
  /** The registry is unreachable, refused the credentials, or the listing failed: nothing was deleted. */
  REGISTRY_ERROR = 4,
  /** Some deletions failed or the time budget ran out; run again with the same --journal to finish. */
  INCOMPLETE = 5,
  /** The registry does not delete manifests (deletion disabled, read-only): nothing was deleted. */
  DELETE_UNSUPPORTED = 6,
}

/** What the command talks to, injected so tests run it in-process. */
export interface ApplyIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bar) . */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Retry tuning, for tests (e.g. a short base delay). */
  readonly retry?: { baseDelayMs?: number; maxDelayMs?: number; attempts?: number; random?: () => number };
  /** Called after each journaled delete; tests use it to stop a run half-way as a crash would. */
  readonly afterDelete?: (count: number) => void;
}

const processIo: ApplyIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
};

/** One deletion done by this run. */
export interface DeletedItem extends PlanItem {
  /** `deleted` now, or `gone` (already absent at DELETE time: a lost response of an earlier attempt). */
  readonly outcome: 'deleted' | 'gone';
}

/** The JSON summary (`--format json`). */
export interface ApplySummary {
  readonly registry: string;
  readonly api: string;
  readonly execute: boolean;
  /** The evaluation time. */
  readonly now: string;
  readonly repositories: number;
  /** Manifests listed and kept by the policy. */
  readonly kept: number;
  /** What the policy deletes, after the safety net. */
  readonly planned: PlanItem[];
  readonly deleted: DeletedItem[];
  /** Expired by the policy but not deleted, with the reason. */
  readonly skipped: PlanItem[];
  readonly failed: Array<PlanItem & { readonly error: string }>;
  /** What earlier runs of the same journal deleted. */
  readonly previousRuns: { readonly runs: number; readonly deleted: Array<{ repository: string; digest: string; tags: readonly string[] }> };
  readonly warnings: string[];
  readonly requests: number;
  readonly retries: number;
}

class UsageError extends Error {}
class InputError extends Error {}

interface ApplyArgs {
  registry: string;
  policyPath: string;
  repositories: string[];
  execute: boolean;
  journal?: string;
  format: 'text' | 'json';
  api?: 'oci' | 'hub';
  concurrency: number;
  budgetMs: number;
  timeoutMs: number;
  retries: number;
  now?: number;
}

/** Repositories whose deletes run at the same time. */
const REPOSITORIES_AT_ONCE = 4;

const HUB_HOSTS = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com'];

/** `--help` text of `apply`. */
export function applyUsage(): string {
  return [
    `Usage: ${PROGRAM} apply --registry HOST --policy FILE [--repository PATTERN]... [--execute] [--journal FILE] [--format text|json]`,
    '',
    'Lists a registry, simulates the neutral retention policy (as "preview" does) and prints what it would delete.',
    'Nothing is deleted without --execute. Credentials come from Docker\'s config.json (auths, credHelpers, credsStore).',
    '',
    'Options:',
    '  --registry HOST      registry host[:port] (https), or a URL (http://127.0.0.1:5000 for a loopback registry)',
    '  --policy FILE        the neutral policy JSON (as for "preview --dialect neutral")',
    '  --repository PAT     a repository or `*` pattern; repeatable (default: the policy\'s "repositories", else all)',
    '  --execute            delete; without it the run only plans',
    '  --journal FILE       append-only journal; a run with the same file resumes and reports what earlier runs did',
    '  --format FMT         text (default) or json (the summary, printed at the end)',
    '  --api oci|hub        the registry API (default: hub for docker.io / hub.docker.com, else oci)',
    '  --concurrency N      requests in flight at most (default 8)',
    '  --time-budget SEC    stop starting requests after this many seconds (default 3600)',
    '  --request-timeout SEC  one request\'s timeout (default 30)',
    '  --retries N          retries per request on 429/5xx/reset/timeout (default 5)',
    '  --now ISO            evaluate the policy at this time (dry runs only)',
    '  -h, --help           this text',
    '',
    'Exit codes: 0 plan printed or all deletions done; 1 invalid policy, journal or Docker config, or a rule the',
    'registry cannot decide; 2 usage error; 3 internal error; 4 registry unreachable, credentials refused or listing',
    'failed (nothing deleted); 5 some deletions failed or the time budget ran out (run again with the same',
    '--journal); 6 the registry does not delete (deletion disabled or read-only; nothing deleted).',
    '',
  ].join('\n');
}

function parseApplyArgs(argv: readonly string[]): ApplyArgs | 'help' {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        registry: { type: 'string' },
        policy: { type: 'string' },
        repository: { type: 'string', multiple: true },
        execute: { type: 'boolean' },
        journal: { type: 'string' },
        format: { type: 'string' },
        api: { type: 'string' },
        concurrency: { type: 'string' },
        'time-budget': { type: 'string' },
        'request-timeout': { type: 'string' },
        retries: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run "${PROGRAM} apply --help"`);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (v.help) return 'help';
  const problems: string[] = [];
  for (const flag of ['registry', 'policy']) {
    if (v[flag] === undefined) problems.push(`--${flag} is required; ${flag === 'registry' ? 'a registry host such as registry.example.com' : 'a neutral policy JSON file'}`);
    else if (v[flag] === '') problems.push(`--${flag} must not be empty`);
  }
  const format = (v.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') problems.push(`--format is not a known format (got ${describeValue(format)}); text or json`);
  const api = v.api as string | undefined;
  if (api !== undefined && api !== 'oci' && api !== 'hub') problems.push(`--api is not a known API (got ${describeValue(api)}); oci or hub`);
  const int = (flag: string, dflt: number, lo: number, hi: number): number => {
    const raw = v[flag] as string | undefined;
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < lo || n > hi) problems.push(`--${flag} is not a whole number from ${lo} to ${hi} (got ${describeValue(raw)})`);
    return n;
  };
  const concurrency = int('concurrency', 8, 1, 64);
  const budget = int('time-budget', 3600, 1, 7 * 86400);
  const timeout = int('request-timeout', 30, 1, 600);
  const retries = int('retries', 5, 0, 20);
  let now: number | undefined;
  if (v.now !== undefined) {
    now = parseTimestamp(v.now, { numbers: EpochUnit.NONE });
    if (now === undefined || Number.isNaN(now)) problems.push(`--now is not a timestamp (got ${describeValue(v.now)}); e.g. 2026-01-02T03:04:05Z`);
    if (v.execute) problems.push('--now cannot be combined with --execute; deletions are decided at the real time');
  }
  const repositories = (v.repository as string[] | undefined) ?? [];
  for (const r of repositories) if (!/^[a-z0-9._/*-]{1,256}$/.test(r)) problems.push(`--repository is not a repository name or pattern (got ${describeValue(r)}); lower-case letters, digits, ".", "_", "-", "/" and "*"`);
  if (problems.length) throw new UsageError(problems.join(`\n${PROGRAM} apply: `));
  return {
    registry: v.registry as string,
    policyPath: v.policy as string,
    repositories,
    execute: Boolean(v.execute),
    journal: v.journal as string | undefined,
    format: format as 'text' | 'json',
    api: api as 'oci' | 'hub' | undefined,
    concurrency,
    budgetMs: budget * 1000,
    timeoutMs: timeout * 1000,
    retries,
    now,
  };
}

function readPolicy(path: string): { policy: RetentionPolicy; sha256: string } {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: (file) ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`}; --policy takes a neutral policy JSON file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const found = findJsonError(text);
    const where = found ? ` at offset ${found.offset}: ${found.problem}` : '';
    throw new InputError(`${path}: (document) is not valid JSON${where}; the neutral policy JSON: {"rules": [{"kind": "keepMostRecent", "count": 20, "tagPatterns": ["v*"]}]}`);
  }
  return { policy: RetentionPolicy.fromJson(json, path), sha256: createHash('sha256').update(text).digest('hex') };
}

/** The registry's base URL and host key (the name Docker's config uses). */
function endpoint(registry: string, api: 'oci' | 'hub'): { base: string; host: string } {
  const withScheme = /^[a-z]+:\/\//i.test(registry) ? registry : `https://${registry}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--registry is not a host or URL (got ${describeValue(registry)}); e.g. registry.example.com:5000`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--registry has an unsupported scheme (got ${describeValue(registry)}); https:// or http://`);
  if (api === 'hub' && HUB_HOSTS.includes(url.hostname)) return { base: 'https://hub.docker.com', host: 'docker.io' };
  return { base: `${url.protocol}//${url.host}`, host: url.host };
}

/** Runs `registry-lifecycle apply <argv…>`; resolves to the exit code. */
export async function runApply(argv: readonly string[], io: ApplyIo = processIo): Promise<number> {
  let args: ApplyArgs;
  try {
    const parsed = parseApplyArgs(argv);
    if (parsed === 'help') {
      io.stdout(applyUsage());
      return ApplyExitCode.OK;
    }
    args = parsed;
  } catch (e) {
    io.stderr(`${PROGRAM} apply: ${(e as Error).message}\n`);
    return ApplyExitCode.USAGE;
  }
  let journal = Journal.none();
  try {
    return await apply(args, io, (j) => (journal = j));
  } catch (e) {
    const msg = e instanceof Error ? e.message : describeValue(e);
    io.stderr(`${PROGRAM} apply: ${msg}\n`);
    if (e instanceof UsageError || e instanceof ScopeError) return ApplyExitCode.USAGE;
    if (e instanceof InputError || e instanceof ValidationError || e instanceof CredentialsError || e instanceof JournalError || e instanceof PolicyRefusedError) return ApplyExitCode.INVALID_INPUT;
    if (e instanceof DeleteUnsupportedError) return ApplyExitCode.DELETE_UNSUPPORTED;
    if (e instanceof AuthError || e instanceof HttpError || e instanceof BudgetExhaustedError) return ApplyExitCode.REGISTRY_ERROR;
    io.stderr(`${PROGRAM} apply: internal error (a bug, please report it)\n`);
    return ApplyExitCode.INTERNAL;
  } finally {
    journal.close();
  }
}

async function apply(args: ApplyArgs, io: ApplyIo, setJournal: (j: Journal) => void): Promise<number> {
  const started = Date.now();
  const { policy, sha256 } = readPolicy(args.policyPath);
  const apiKind = args.api ?? (HUB_HOSTS.some((h) => args.registry === h || args.registry.includes(`//${h}`)) ? 'hub' : 'oci');
  const { base, host } = endpoint(args.registry, apiKind);
  const configPath = dockerConfigPath(io.env);
  const credentials = lookupCredentials(host, configPath, io.env);
  const transport = new Transport(args.concurrency, started + args.budgetMs, { timeoutMs: args.timeoutMs, attempts: args.retries + 1, ...io.retry });
  const api: RegistryApi = apiKind === 'hub' ? new DockerHub(base, transport, credentials) : new OciRegistry(base, transport, credentials);
  checkPolicyFits(policy, api, args.policyPath);
  const journal = args.journal ? Journal.open(args.journal, base, sha256) : Journal.none();
  setJournal(journal);
  const now = args.now ?? Date.now();

  // 1. List everything before deleting anything: an incomplete listing must never drive a delete.
  const patterns = args.repositories.length ? args.repositories : [...(policy.repositories ?? [])];
  const repositories = await api.listRepositories(patterns);
  const listing: ListedImage[] = (await Promise.all(repositories.map((r) => api.listImages(r)))).flat();

  // 2. Plan.
  const plan = makePlan(policy, listing, now);
  const listed = new Set(listing.map((l) => `${l.repository}@${l.digest}`));
  const history = journal.history;
  const previous = new Map(history.deleted);
  // A delete started by an earlier run whose outcome was never written: gone now means it happened.
  for (const [key, tags] of history.unconfirmed) if (!listed.has(key)) previous.set(key, tags);
  const previousRuns = {
    runs: history.runs,
    deleted: [...previous].map(([key, tags]) => {
      const at = key.lastIndexOf('@');
      return { repository: key.slice(0, at), digest: key.slice(at + 1), tags };
    }),
  };
  journal.write({ event: 'start', registry: base, policySha256: sha256, at: new Date(started).toISOString(), execute: args.execute });

  const summary = {
    registry: base,
    api: apiKind,
    execute: args.execute,
    now: formatTimestamp(now),
    repositories: repositories.length,
    kept: plan.kept,
    planned: plan.deletions,
    deleted: [] as DeletedItem[],
    skipped: [...plan.skipped],
    failed: [] as Array<PlanItem & { error: string }>,
    previousRuns,
    warnings: plan.warnings,
    requests: 0,
    retries: 0,
  };
  if (args.format === 'text') io.stdout(renderPlan(plan, repositories.length, args.execute, previousRuns));

  // 3. Delete.
  let code: number = ApplyExitCode.OK;
  if (args.execute && plan.deletions.length) code = await execute(api, plan, journal, io, summary);
  journal.write({ event: 'end', at: new Date().toISOString(), deleted: summary.deleted.length, failed: summary.failed.length });
  summary.requests = transport.stats.requests;
  summary.retries = transport.stats.retries;
  if (args.format === 'json') io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else if (args.execute) io.stdout(renderOutcome(summary));
  for (const w of plan.warnings) io.stderr(`${PROGRAM} apply: warning: ${w}\n`);
  return code;
}

interface Progress {
  tick(label: string): void;
  stop(): void;
}

function progress(io: ApplyIo, total: number): Progress {
  if (io.isTTY) {
    // Loaded only on a terminal: plain runs (CI, pipes) never pay for it.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = new SingleBar({ format: 'deleting [{bar}] {value}/{total} {eta_formatted} {label}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    bar.start(total, 0, { label: '' });
    return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let n = 0;
  return { tick: (label) => io.stderr(`[${++n}/${total}] ${label}\n`), stop: () => undefined };
}

async function execute(api: RegistryApi, plan: Plan, journal: Journal, io: ApplyIo, summary: { deleted: DeletedItem[]; skipped: PlanItem[]; failed: Array<PlanItem & { error: string }> }): Promise<number> {
  const byRepo = new Map<string, PlanItem[]>();
  for (const item of plan.deletions) {
    let list = byRepo.get(item.repository);
    if (!list) byRepo.set(item.repository, (list = []));
    list.push(item);
  }
  await api.probeDelete(plan.deletions[0].repository);
  const bar = progress(io, plan.deletions.length);
  let incomplete = false;
  let done = 0;
  try {
    // A few repositories at a time (each re-checked right before its own deletes); --concurrency still bounds requests.
    const doRepo = async (repo: string, items: PlanItem[]): Promise<void> => {
      if (incomplete) {
        for (const item of items) summary.skipped.push({ ...item, reason: 'not deleted: the time budget ran out; run again with the same --journal' });
        return;
      }
      // Re-check right before deleting: where every kept tag, and every tag new since the listing, points now.
      let current: Map<string, string>;
      try {
        const st = plan.recheck(repo);
        current = await api.currentTags(repo, (tag) => st.keptTags.has(tag) || !st.listedTags.has(tag));
      } catch (e) {
        if (e instanceof BudgetExhaustedError) {
          incomplete = true;
          for (const item of items) summary.skipped.push({ ...item, reason: 'not deleted: the time budget ran out; run again with the same --journal' });
          return;
        }
        if (!(e instanceof HttpError || e instanceof AuthError)) throw e;
        // Without the re-check nothing in this repository is deleted; other repositories go on.
        const error = `not deleted: the re-check before deleting failed: ${e.message}`;
        for (const item of items) summary.failed.push({ ...item, error });
        return;
      }
      const { keptTags: kept, listedTags, references } = plan.recheck(repo);
      const refs = new Map(references);
      const roots = new Map<string, string>();
      try {
        for (const [tag, digest] of current) {
          if (!digest || (!kept.has(tag) && listedTags.has(tag))) continue;
          roots.set(digest, tag);
          if (!refs.has(digest)) refs.set(digest, await api.referencesOf(repo, digest));
        }
      } catch (e) {
        if (!(e instanceof BudgetExhaustedError || e instanceof HttpError || e instanceof AuthError)) throw e;
        if (e instanceof BudgetExhaustedError) incomplete = true;
        const reason = e instanceof BudgetExhaustedError ? 'not deleted: the time budget ran out; run again with the same --journal' : `not deleted: the re-check before deleting failed: ${e.message}`;
        for (const item of items) {
          if (e instanceof BudgetExhaustedError) summary.skipped.push({ ...item, reason });
          else summary.failed.push({ ...item, error: reason });
        }
        return;
      }
      const protectedNow = reachable(roots.keys(), refs);
      const tagsNow = new Map<string, string[]>();
      for (const [tag, digest] of current) if (digest) (tagsNow.get(digest) ?? tagsNow.set(digest, []).get(digest)!).push(tag);

      await Promise.all(
        items.map(async (item) => {
          if (protectedNow.has(item.digest)) {
            const tag = roots.get(item.digest) ?? [...roots].find(([d]) => reachable([d], refs).has(item.digest))?.[1];
            summary.skipped.push({ ...item, reason: `not deleted: tag ${tag} ${kept.has(tag ?? '') ? 'now points' : 'appeared during the run and points'} ${roots.has(item.digest) ? 'at it' : 'at an index that references it'}; run again to re-plan` });
            bar.tick(`skipped ${repo}@${item.digest}`);
            return;
          }
          if (incomplete) {
            summary.skipped.push({ ...item, reason: 'not deleted: the time budget ran out; run again with the same --journal' });
            return;
          }
          journal.write({ event: 'intent', repository: repo, digest: item.digest, tags: item.tags });
          try {
            // Hub deletes by tag: only the tags that still point at this digest.
            const outcome = await api.deleteImage(repo, item.digest, api.kind === 'hub' ? tagsNow.get(item.digest) ?? [] : item.tags);
            journal.write({ event: 'deleted', repository: repo, digest: item.digest, outcome, at: new Date().toISOString() });
            summary.deleted.push({ ...item, outcome });
            bar.tick(`${outcome === 'deleted' ? 'deleted' : 'already gone'} ${repo}@${item.digest}`);
            io.afterDelete?.(++done);
          } catch (e) {
            if (e instanceof DeleteUnsupportedError) {
              incomplete = true; // the other repositories start nothing more
              throw e;
            }
            if (e instanceof BudgetExhaustedError) {
              incomplete = true;
              summary.skipped.push({ ...item, reason: 'not deleted: the time budget ran out; run again with the same --journal' });
              return;
            }
            const error = e instanceof Error ? e.message : describeValue(e);
            journal.write({ event: 'failed', repository: repo, digest: item.digest, error });
            summary.failed.push({ ...item, error });
            bar.tick(`FAILED ${repo}@${item.digest}: ${error}`);
          }
        }),
      );
    };
    const queue = [...byRepo];
    await Promise.all(
      Array.from({ length: Math.min(REPOSITORIES_AT_ONCE, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await doRepo(next[0], next[1]);
      }),
    );
  } finally {
    bar.stop();
  }
  return incomplete || summary.failed.length ? ApplyExitCode.INCOMPLETE : ApplyExitCode.OK;
}

function short(digest: string): string {
  const colon = digest.indexOf(':');
  return digest.slice(0, colon + 13);
}

function renderPlan(plan: Plan, repositories: number, execute: boolean, previous: ApplySummary['previousRuns']): string {
  const lines: string[] = [];
  for (const d of plan.deletions) lines.push(`delete  ${d.repository}@${short(d.digest)}  ${d.tags.join(', ') || '<untagged>'}  ${d.reason}`);
  for (const s of plan.skipped) lines.push(`keep    ${s.repository}@${short(s.digest)}  ${s.tags.join(', ') || '<untagged>'}  ${s.reason}`);
  if (previous.runs) lines.push(`resuming: ${previous.runs} earlier run(s) of this journal deleted ${previous.deleted.length} manifest(s)`);
  lines.push(
    `${plan.deletions.length} to delete, ${plan.skipped.length} kept by the safety net, ${plan.kept} kept by the policy, in ${repositories} repositor${repositories === 1 ? 'y' : 'ies'}` +
      (execute ? '' : ' (dry run: nothing deleted; add --execute to delete)'),
  );
  return `${lines.join('\n')}\n`;
}

function renderOutcome(s: { deleted: DeletedItem[]; failed: Array<PlanItem & { error: string }>; skipped: PlanItem[] }): string {
  const lines = s.failed.map((f) => `failed  ${f.repository}@${short(f.digest)}: ${f.error}`);
  const gone = s.deleted.filter((d) => d.outcome === 'gone').length;
  lines.push(`deleted ${s.deleted.length}${gone ? ` (${gone} already gone)` : ''}, failed ${s.failed.length}, skipped ${s.skipped.length}`);
  return `${lines.join('\n')}\n`;
}
