/** `registry-lifecycle preview`: argument handling, file reading, simulation and the table / JSON output, as importable functions. */

import * as fs from 'fs';
import { parseArgs } from 'util';
import { describeValue, ValidationError, Violation } from '../core/errors';
import { DialectDefinition } from '../core/retention/dialect';
import { DAY_MS, ImageAction, ImageDecision, ImageRecord, SimulationResult } from '../core/retention/image';
import { describeTimestampFormats, EpochUnit, formatTimestamp, parseTimestamp } from '../core/retention/timestamps';
import { DialectEntry, DIALECTS, DialectUnavailableError } from './dialects';
import { CI_COMMANDS, ciUsage } from './ci-commands';
import { findJsonError } from './json-position';
import { detectListing, LISTING_NAMES, LISTING_WRAPPERS, LISTINGS, splitImagesArgument, splitJsonValues } from './listings';

/** The program name in messages. */
export const PROGRAM = 'registry-lifecycle';

/** Exit codes of the CLI. */
export enum ExitCode {
  /** The preview was printed. */
  OK = 0,
  /** An input file is missing, unreadable or invalid, or the dialect is not available in this build. */
  INVALID_INPUT = 1,
  /** The command line is wrong: unknown command or flag, missing or bad flag value. */
  USAGE = 2,
  /** A dialect failed in a way that is a bug, not bad input; the message says which. */
  INTERNAL = 3,
}

/** What the CLI talks to, injected so tests run it in-process. */
export interface CliIo {
  /** Writes to standard output (called at most once per run, so output is never partial). */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a file as UTF-8; `-` means standard input. Throws a Node error (with `code`) when it cannot. */
  readFile(path: string): string;
  /** The current time, epoch ms, used when `--now` is absent. */
  now(): number;
  /** The dialects to offer. @default DIALECTS */
  readonly dialects?: readonly DialectEntry[];
}

/** The real process: stdout, stderr, the file system and the clock. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => fs.readFileSync(path === '-' ? 0 : path, 'utf8'),
  now: () => Date.now(),
};

/** A wrong command line; exits with ExitCode.USAGE. */
export class UsageError extends Error {}

/** Bad input that is not a ValidationError (unreadable file); exits with ExitCode.INVALID_INPUT. */
export class InputError extends Error {}

/** One image's outcome, as printed. */
interface Row {
  readonly id: string;
  readonly image: ImageRecord;
  readonly decision: ImageDecision;
}

/** The JSON printed by `--format json`. */
export interface PreviewJson {
  /** Images deleted (ids: the digest, or `repository@digest` for a digest found in more than one repository). */
  readonly expired: string[];
  /** Images moved to archive storage. */
  readonly archived: string[];
  /** Images left in place (on tag-level registries, possibly with some tags removed). */
  readonly kept: string[];
  /**
   * Why each image got its decision: `<rule>: <reason>`, or the reason alone when no rule decided or the reason
   * names it. On tag-level registries (ACR) the reason of an image that loses tags names every tag removed.
   */
  readonly reasons: { [id: string]: string };
}

/**
 * Runs `registry-lifecycle <argv…>` (argv without `node` and the script); returns the exit code. Output goes to
 * `io` in one write per stream; nothing is written to stdout unless the whole run succeeds.
 */
export function main(argv: readonly string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(`${PROGRAM}: a command is required; run "${PROGRAM} --help"\n`);
    return ExitCode.USAGE;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(usage(io.dialects ?? DIALECTS));
    return ExitCode.OK;
  }
  if (command === 'compile') {
    // Loaded on use, like the dialects: a preview never pays for the compilers.
    return (require('./compile') as typeof import('./compile')).runCompile(rest, io);
  }
  if (command === 'apply') {
    io.stderr(`${PROGRAM}: "apply" talks to a registry and runs from the executable (registry-lifecycle apply --help)\n`);
    return ExitCode.USAGE;
  }
  const ci = CI_COMMANDS.get(command);
  if (ci) return ci(rest, io);
  if (command !== 'preview') {
    io.stderr(`${PROGRAM}: command ${describeValue(command)} is not known; the commands are preview, compile, apply, ${[...CI_COMMANDS.keys()].join(', ')} (run "${PROGRAM} --help")\n`);
    return ExitCode.USAGE;
  }
  return runPreview(rest, io);
}

/** Runs `registry-lifecycle preview <argv…>`; returns the exit code. */
function runPreview(argv: readonly string[], io: CliIo = processIo): number {
  const dialects = io.dialects ?? DIALECTS;
  try {
    const args = parsePreviewArgs(argv, dialects);
    if (args.help) {
      io.stdout(usage(dialects));
      return ExitCode.OK;
    }
    const dialect = dialects.find((d) => d.name === args.dialect)!.load();
    const inputs = readInputs(dialect, args, dialects, io);
    const { policy, notes } = inputs;
    const pulls = args.pullsPath === undefined ? undefined : readPulls(args.pullsPath, inputs.images, io);
    const images = pulls ? pulls.images : inputs.images;
    const now = args.now ?? io.now();
    const simulated = simulate(dialect, policy, images, now);
    const result = pulls ? { ...simulated, warnings: [...pulls.warnings, ...simulated.warnings] } : simulated;
    const rows = toRows(images, result);
    const warnings = [...notes, ...result.warnings.map((w) => String(w))];
    // Rules that can never act go to stderr in both formats: they are about the policy, not this listing.
    const dead = typeof dialect.deadRules === 'function' ? dialect.deadRules(policy) : [];
    if (args.format === 'json') {
      io.stdout(`${JSON.stringify(toJson(rows), null, 2)}\n`);
      if (warnings.length + dead.length > 0) io.stderr([...dead, ...warnings].map((w) => `${PROGRAM}: warning: ${w}\n`).join(''));
    } else {
      io.stdout(renderTable(rows, now, warnings));
      if (dead.length > 0) io.stderr(dead.map((w) => `${PROGRAM}: warning: ${w}\n`).join(''));
    }
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${PROGRAM} preview: ${e.message}\n`);
      return ExitCode.USAGE;
    }
    if (e instanceof ValidationError || e instanceof InputError || e instanceof DialectUnavailableError) {
      io.stderr(`${e.message}\n`);
      return ExitCode.INVALID_INPUT;
    }
    io.stderr(`${PROGRAM}: internal error (a bug, please report it): ${e instanceof Error ? e.message : describeValue(e)}\n`);
    return ExitCode.INTERNAL;
  }
}

interface PreviewArgs {
  readonly help: boolean;
  readonly dialect: string;
  readonly policyPath: string;
  /** Each `--images` value, in order (`FILE` or `REPO=FILE`). */
  readonly images: readonly string[];
  /** `--listing`: which tool printed the images; absent = the dialect's own (neutral: detected). */
  readonly listing?: string;
  /** `--repository`: the repository of images whose listing names none. */
  readonly repository?: string;
  readonly now?: number;
  readonly format: string;
  readonly pullsPath?: string;
}

const FORMATS = ['table', 'json'];

function parsePreviewArgs(argv: readonly string[], dialects: readonly DialectEntry[]): PreviewArgs {
  let parsed: ReturnType<typeof parseArgs>;
  const options = {
    dialect: { type: 'string' },
    policy: { type: 'string' },
    images: { type: 'string', multiple: true },
    listing: { type: 'string' },
    repository: { type: 'string' },
    now: { type: 'string' },
    format: { type: 'string' },
    pulls: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true, tokens: true });
  } catch (e) {
    // parseArgs messages already name the flag, e.g. "Unknown option '--polcy'".
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run "${PROGRAM} --help"`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { help: true, dialect: '', policyPath: '', images: [], format: 'table' };

  const problems: string[] = [];
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    // Several listings (one per repository, or pages saved apart) are read together.
    if (seen.has(token.name) && token.name !== 'images') problems.push(`--${token.name} is given more than once; give it once`);
    seen.add(token.name);
  }
  const names = dialects.map((d) => d.name);
  const images = (values.images as string[] | undefined) ?? [];
  for (const flag of ['dialect', 'policy', 'images']) {
    const value = flag === 'images' ? (images.length ? images[0] : undefined) : values[flag];
    if (value === undefined) problems.push(`--${flag} is required; ${flag === 'dialect' ? `one of ${names.join(', ')}` : flag === 'images' ? 'a file path, REPO=FILE, or - for standard input; repeat it for several listings' : 'a file path, or - for standard input'}`);
    else if (flag !== 'images' && value === '') problems.push(`--${flag} must not be empty`);
  }
  if (images.some((i) => i === '')) problems.push('--images must not be empty');
  if (values.dialect && !names.includes(values.dialect as string)) {
    problems.push(`--dialect is not a known dialect (got ${describeValue(values.dialect)}); one of ${names.join(', ')}`);
  }
  const listing = values.listing as string | undefined;
  if (listing !== undefined && !(LISTINGS as readonly string[]).includes(listing)) {
    problems.push(`--listing is not a known listing (got ${describeValue(listing)}); one of ${LISTINGS.join(', ')}`);
  }
  const repository = values.repository as string | undefined;
  if (repository !== undefined && !/^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/.test(repository)) {
    problems.push(`--repository is not a repository path (got ${describeValue(repository)}); lower-case path segments such as payments/api`);
  }
  const stdinReaders = [values.policy, ...images.map((i) => splitImagesArgument(i).path)].filter((p) => p === '-').length;
  if (stdinReaders > 1) problems.push('--policy and --images cannot both read standard input (-); give at least one file');
  if (values.pulls !== undefined) {
    if (values.dialect !== 'gar') problems.push(`--pulls only applies to --dialect gar (got ${describeValue(values.dialect)}); other registries' listings carry pull times themselves`);
    if (values.pulls === '') problems.push('--pulls must not be empty');
    if (values.pulls === '-' && stdinReaders > 0) problems.push('--pulls cannot read standard input (-) when --policy or --images does; give files');
  }
  const format = (values.format as string | undefined) ?? 'table';
  if (!FORMATS.includes(format)) problems.push(`--format is not a known format (got ${describeValue(format)}); one of ${FORMATS.join(', ')}`);
  let now: number | undefined;
  if (values.now !== undefined) {
    now = parseTimestamp(values.now, { numbers: EpochUnit.NONE });
    if (now === undefined || Number.isNaN(now)) {
      problems.push(`--now is not a timestamp (got ${describeValue(values.now)}); ${describeTimestampFormats({ numbers: EpochUnit.NONE })}`);
    }
  }
  if (problems.length) throw new UsageError(`${problems.join(`\n${PROGRAM} preview: `)}`);
  return {
    help: false,
    dialect: values.dialect as string,
    policyPath: values.policy as string,
    images,
    listing,
    repository,
    now,
    format,
    pullsPath: values.pulls as string | undefined,
  };
}

/** Reads `--pulls` (a GAR audit-log export) and fills the images' last-pull times; the GAR module loads only here. */
function readPulls(path: string, images: readonly ImageRecord[], io: CliIo): { images: ImageRecord[]; warnings: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gar = require('../core/retention/gar/pulls') as typeof import('../core/retention/gar/pulls');
  const source = sourceName(path);
  const log = gar.parseGarPullLog(parseJson(readText(path, '--pulls', io), source, `gcloud logging read 'protoPayload.methodName="${gar.GAR_PULL_METHOD}"' --format=json`), source);
  return gar.applyGarPulls(images, log);
}

/**
 * Reads and parses the policy and every listing, reporting the problems of all in one error. Each listing is read by
 * `--listing`'s reader, else the dialect's own, else (neutral dialect) the reader its format shows; a file holding
 * several JSON values one after another is read value by value.
 */
function readInputs(dialect: DialectDefinition, args: PreviewArgs, dialects: readonly DialectEntry[], io: CliIo): { policy: unknown; images: ImageRecord[]; notes: string[] } {
  const messages: string[] = [];
  const notes: string[] = [];
  let policy: unknown;
  let images: ImageRecord[] = [];
  const policyPath = args.policyPath;
  const step = (fn: () => void, source: string): void => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ValidationError || e instanceof InputError) messages.push(e.message);
      // A dialect that throws a plain Error while parsing is still reporting bad input; name the file for it.
      else if (e instanceof Error) messages.push(`${source}: ${e.message}`);
      else throw e;
    }
  };
  const policySource = sourceName(policyPath);
  step(() => {
    const text = readText(policyPath, '--policy', io);
    const input = dialect.policyIsText ? text.replace(/\r?\n$/, '') : parseJson(text, policySource, dialect.policyFormat);
    policy = dialect.parsePolicy(input, policySource);
  }, policySource);
  const parts: ImageRecord[][] = [];
  const listingNotes: string[] = [];
  let foreign = false;
  let failed = false;
  const detected = new Set<string>();
  for (const argument of args.images) {
    const { repository, path } = splitImagesArgument(argument);
    const source = sourceName(path);
    step(() => {
      const text = readText(path, '--images', io);
      const pieces = splitJsonValues(text);
      const values = pieces ? pieces.map((piece, k) => ({ value: parseJson(piece, `${source} (value ${k + 1})`, dialect.imagesFormat), source: `${source} (value ${k + 1})` })) : [{ value: parseJson(text, source, dialect.imagesFormat), source }];
      for (const { value, source: at } of values) {
        const name = args.listing ?? (dialect.name === 'neutral' ? detectListing(value) : dialect.name);
        if (name === undefined) {
          throw fileError(at, '(document)', 'is not a listing this command knows', value, `one of: ${Object.values(LISTING_WRAPPERS).join('; ')}; or name it with --listing ${LISTINGS.join('|')}`);
        }
        if (!args.listing && name !== dialect.name) detected.add(name);
        const reader = name === dialect.name ? dialect : loadListing(name, dialects);
        const read = reader.parseImages(value, at);
        if (reader !== dialect) foreign = true;
        for (const note of reader.listingNotes?.(value) ?? []) listingNotes.push(`${at}: ${note}`);
        parts.push(withRepository(read, repository ?? args.repository));
      }
    }, source);
    if (messages.length) failed = true;
  }
  if (!failed) {
    // One listing as read keeps its identity: a dialect may have noted things about it (ECR: pagination).
    images = parts.length === 1 ? parts[0] : parts.flat();
    // The dialect notes its own single listing itself; otherwise the notes would be lost.
    if (foreign || parts.length > 1) notes.push(...listingNotes);
    step(() => checkUnique(images, args.images.length === 1 ? sourceName(splitImagesArgument(args.images[0]).path) : '--images'), '--images');
  }
  for (const name of detected) notes.push(`images read as ${LISTING_NAMES[name]} (detected; --listing ${name} says so explicitly)`);
  if (messages.length) throw new InputError(messages.join('\n'));
  return { policy, images, notes };
}

/** The reader of another dialect's listing, for `--listing` and detection. */
function loadListing(name: string, dialects: readonly DialectEntry[]): DialectDefinition {
  const entry = dialects.find((d) => d.name === name) ?? DIALECTS.find((d) => d.name === name);
  if (!entry) throw new UsageError(`--listing ${name} is not available in this build`);
  return entry.load();
}

/** Gives `repository` to the images whose listing names none; the array is returned as is when nothing changes. */
function withRepository(images: ImageRecord[], repository: string | undefined): ImageRecord[] {
  if (repository === undefined || images.every((i) => i.repository !== undefined)) return images;
  return images.map((i) => (i.repository === undefined ? { ...i, repository } : i));
}

/** Reads and parses a JSON policy file (`-` = standard input); errors name the file and say what `format` it should hold. */
export function readPolicyJson(path: string, io: CliIo, format: string): unknown {
  return parseJson(readText(path, '--policy', io), sourceName(path), format);
}

function sourceName(path: string): string {
  return path === '-' ? '(stdin)' : path;
}

function readText(path: string, flag: string, io: CliIo): string {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${(e as Error).message})`;
    throw new InputError(`${sourceName(path)}: (file) ${why} (got ${describeValue(path)}); ${flag} takes a readable file, or - for standard input`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseJson(text: string, source: string, format: string): unknown {
  if (text.trim() === '') throw fileError(source, '(document)', 'is empty', text, `JSON: ${format}`);
  try {
    return JSON.parse(text);
  } catch {
    const found = findJsonError(text);
    let where = '';
    let excerpt = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    if (found) {
      const before = text.slice(0, found.offset);
      const line = before.split('\n').length;
      const column = found.offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}: ${found.problem}`;
      const lineStart = before.lastIndexOf('\n') + 1;
      const lineEnd = text.indexOf('\n', found.offset);
      excerpt = text.slice(Math.max(lineStart, found.offset - 30), Math.min(lineEnd < 0 ? text.length : lineEnd, found.offset + 30));
    }
    throw fileError(source, '(document)', `is not valid JSON${where}`, excerpt, `JSON: ${format}`);
  }
}

function fileError(source: string, property: string, problem: string, value: unknown, allowed: string): ValidationError {
  const violation: Violation = { property, problem, value, allowed };
  return new ValidationError(source, [violation]);
}

/** Two entries for one image would make the output ambiguous (e.g. overlapping pages pasted together). */
function checkUnique(images: readonly ImageRecord[], source: string): void {
  const seen = new Set<string>();
  for (let i = 0; i < images.length; i++) {
    const key = `${images[i].repository ?? ''}@${images[i].digest}`;
    if (seen.has(key)) {
      const where = images[i].repository === undefined ? '' : ` in repository ${describeValue(images[i].repository)}`;
      throw fileError(source, '(images)', `list one image${where} more than once`, images[i].digest, 'each image once per repository (check for overlapping pages)');
    }
    seen.add(key);
  }
}

function simulate(dialect: DialectDefinition, policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult {
  const result = dialect.simulate(policy, images, now);
  if (!result || !Array.isArray(result.decisions) || result.decisions.length !== images.length) {
    throw new Error(`dialect "${dialect.name}" returned ${result && Array.isArray(result.decisions) ? result.decisions.length : 'no'} decisions for ${images.length} images`);
  }
  const actions = Object.values(ImageAction) as string[];
  const bad = result.decisions.findIndex((d) => !d || !actions.includes(d.action) || typeof d.reason !== 'string');
  if (bad >= 0) throw new Error(`dialect "${dialect.name}" returned a malformed decision for image ${bad}: ${describeValue(result.decisions[bad])}`);
  return { decisions: result.decisions, warnings: Array.isArray(result.warnings) ? result.warnings : [] };
}

function toRows(images: readonly ImageRecord[], result: SimulationResult): Row[] {
  const repositoriesByDigest = new Map<string, Set<string | undefined>>();
  for (const image of images) {
    let set = repositoriesByDigest.get(image.digest);
    if (!set) repositoriesByDigest.set(image.digest, (set = new Set()));
    set.add(image.repository);
  }
  return images.map((image, i) => {
    const shared = repositoriesByDigest.get(image.digest)!.size > 1;
    const id = shared ? `${image.repository ?? ''}@${image.digest}` : image.digest;
    return { id, image, decision: result.decisions[i] };
  });
}

/** `<rule>: <reason>`, unless the dialect's reason already names the rule (or each of several, `rules[0], rules[2]`). */
function reasonOf(d: ImageDecision): string {
  const reason = String(d.reason);
  if (!d.rule) return reason;
  const named = reason.includes(d.rule) || d.rule.split(', ').every((part) => reason.includes(part));
  return named ? reason : `${d.rule}: ${reason}`;
}

/** Builds the `--format json` document. */
function toJson(rows: readonly Row[]): PreviewJson {
  // Exactly these four keys: tooling reads them. Tag-level removals go into the reason rather than a fifth key.
  const out = { expired: [] as string[], archived: [] as string[], kept: [] as string[], reasons: {} as { [id: string]: string } };
  for (const { id, decision } of rows) {
    if (decision.action === ImageAction.EXPIRE) out.expired.push(id);
    else if (decision.action === ImageAction.ARCHIVE) out.archived.push(id);
    else out.kept.push(id);
    const reason = reasonOf(decision);
    const removed = decision.removedTags ?? [];
    const unnamed = removed.filter((tag) => !reason.includes(tag));
    out.reasons[id] = unnamed.length > 0 ? `${reason} (removes tags: ${removed.join(', ')})` : reason;
  }
  return out;
}

const DECISION_WORD: Record<string, string> = { [ImageAction.EXPIRE]: 'expire', [ImageAction.ARCHIVE]: 'archive', [ImageAction.KEEP]: 'keep' };

/** Renders the terminal table, its summary line and any notes. */
function renderTable(rows: readonly Row[], now: number, warnings: readonly string[]): string {
  const header = ['DIGEST', 'REPOSITORY', 'TAGS', 'AGE', 'DECISION', 'RULE / REASON'];
  const counts = { expire: 0, archive: 0, keep: 0, untag: 0 };
  const body = rows.map(({ image, decision }) => {
    const untagged = decision.action === ImageAction.KEEP && decision.removedTags !== undefined && decision.removedTags.length > 0;
    const word = untagged ? 'untag' : DECISION_WORD[decision.action] ?? String(decision.action);
    counts[word as keyof typeof counts]++;
    const removed = decision.removedTags && decision.removedTags.length && decision.action !== ImageAction.EXPIRE ? ` (removes ${decision.removedTags.join(', ')})` : '';
    return [
      shortDigest(image.digest),
      image.repository ?? '-',
      tagsCell(image.tags),
      `${Math.floor((now - image.pushedAt) / DAY_MS)}d`,
      word,
      `${reasonOf(decision)}${removed}`,
    ];
  });
  const table = [header, ...body];
  // A loop, not Math.max(...column): spreading a very large listing would exceed the engine's argument limit.
  const widths = header.map((_, c) => table.reduce((w, r) => Math.max(w, r[c].length), 0));
  const lines = table.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
  const parts = [`${counts.expire} expire`, `${counts.archive} archive`, `${counts.keep} keep`];
  if (counts.untag) parts.push(`${counts.untag} untag`);
  const summary = `${rows.length} image${rows.length === 1 ? '' : 's'}: ${parts.join(', ')} (as of ${formatTimestamp(now)})`;
  const notes = warnings.map((w) => `note: ${w}`);
  return `${[...lines, '', summary, ...notes].join('\n')}\n`;
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon >= 0 ? digest.slice(0, colon + 1 + 12) : digest.slice(0, 19);
}

function tagsCell(tags: readonly string[]): string {
  if (tags.length === 0) return '<untagged>';
  const text = tags.join(', ');
  return text.length <= 40 ? text : `${text.slice(0, 37)}...`;
}

/** The `--help` text, with each dialect's policy and images formats (or why it is unavailable). */
export function usage(dialects: readonly DialectEntry[] = DIALECTS): string {
  const lines = [
    `Usage: ${PROGRAM} preview --dialect <${dialects.map((d) => d.name).join('|')}> --policy FILE --images [REPO=]FILE... [--listing NAME] [--repository REPO] [--pulls FILE] [--now ISO] [--format table|json]`,
    `       ${PROGRAM} compile --registry <ecr|gar|harbor|acr> --policy FILE [--allow-approximations] (see "${PROGRAM} compile --help")`,
    '',
    'preview shows what a retention policy would do to the images a registry lists, offline: nothing is deleted.',
    'compile prints a neutral policy compiled for one registry, in the form preview and the registry\'s tools take.',
    '',
    'Options of preview:',
    '  --dialect NAME      the policy language (below)',
    '  --policy FILE       the policy, in the dialect\'s native form (- reads standard input)',
    '  --images FILE       the image listing exactly as the registry\'s tool prints it (- reads standard input); repeat it',
    '                      for several listings; REPO=FILE names the repository of a listing that names none (ACR);',
    '                      a file may hold several JSON values one after another (pages appended)',
    `  --listing NAME      which tool printed the images: ${LISTINGS.join(', ')} (default: the dialect's own; for the`,
    '                      neutral dialect, detected from the format), so the neutral and the native preview of the',
    '                      same images can be compared',
    '  --repository REPO   the repository of images whose listing names none',
    '  --pulls FILE        gar only: Artifact Registry audit-log pulls (gcloud logging read … --format=json) to fill in',
    '                      last-pull times',
    '  --now ISO           the time to evaluate at, e.g. 2026-01-02T03:04:05Z (default: now)',
    '  --format FMT        table (default) or json: {"expired": [...], "archived": [...], "kept": [...], "reasons": {...}}',
    '  -h, --help          this text',
    '',
    'Examples:',
    `  ${PROGRAM} preview --dialect acr --policy purge.txt --images payments/api=api.json --images payments/worker=worker.json`,
    `  ${PROGRAM} preview --dialect neutral --policy neutral.json --images artifacts.json --listing harbor`,
    '',
    'Exit codes: 0 preview printed; 1 invalid or unreadable input, or dialect not in this build; 2 usage error; 3 internal error.',
    '',
    `       ${PROGRAM} apply --registry HOST --policy FILE [--execute] [--journal FILE] ...: deletes what a neutral policy expires`,
    `       from an OCI registry or Docker Hub (run "${PROGRAM} apply --help").`,
    '',
    'Dialects:',
  ];
  for (const entry of dialects) {
    try {
      const d = entry.load();
      lines.push(`  ${entry.name}`, `    --policy: ${d.policyFormat}`, `    --images: ${d.imagesFormat}`);
    } catch (e) {
      lines.push(`  ${entry.name}`, `    (${e instanceof Error ? e.message : describeValue(e)})`);
    }
  }
  return `${lines.join('\n')}\n\n${ciUsage()}`;
}
