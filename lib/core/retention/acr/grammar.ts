/** The native ACR lifecycle: typed `acr purge` commands, the untagged-manifest retention policy, their parser and renderers. */

import { ValidationError, Violations } from '../../errors';
import { isObject } from '../../json';
import { acrFilterSplitError, compileAcrRegex, isLiteralRepository, parseAcrAgo, splitAcrFilter } from './regex';

/** One `--filter` of `acr purge`: a repository regex and a tag regex, written `<repo>:<tag>`. */
export interface AcrPurgeFilter {
  /** Repository regex, matched against whole names (acr-cli wraps it in `^…$`); a name without metacharacters is used as is. */
  readonly repository: string;
  /** Tag regex, matched anywhere in the tag (acr-cli does not anchor it): write `^…$` to match whole tags. */
  readonly tag: string;
}

/** Options of `AcrPurgeCommand.of`: the flags of one `acr purge` invocation. */
export interface AcrPurgeCommandOptions {
  /** `--filter` values. Required unless `untaggedOnly`. */
  readonly filters?: AcrPurgeFilter[];
  /** `--ago`: `<days>d[<Go duration>]` such as `30d` or `2d3h6m`, or a Go duration such as `12h`. Required unless `untaggedOnly`. */
  readonly ago?: string;
  /** `--keep`: of the tags (or, with `untagged`/`untaggedOnly`, also of the dangling manifests) that would be deleted, keep this many newest. @default 0 */
  readonly keep?: number;
  /** `--untagged`: after deleting tags, delete the manifests left without tags in the filtered repositories. @default false */
  readonly untagged?: boolean;
  /** `--untagged-only`: delete only untagged manifests; only the repository part of `filters` is used. @default false */
  readonly untaggedOnly?: boolean;
  /** `--include-locked`: unlock and delete locked tags and manifests. @default false - locked items are skipped */
  readonly includeLocked?: boolean;
  /** `--dry-run`: print what would be deleted. @default false */
  readonly dryRun?: boolean;
}

/** One `acr purge` command. Build with `AcrPurgeCommand.of`, or read with `parseAcrPurgeArgs`. */
export class AcrPurgeCommand {
  /** Creates a command; throws a ValidationError naming every problem, as acr-cli would refuse it. */
  public static of(options: AcrPurgeCommandOptions, path: string = 'AcrPurgeCommand'): AcrPurgeCommand {
    const v = validateCommand(options, (flag) => flag);
    v.throwIfAny(path);
    return new AcrPurgeCommand(options);
  }

  /** The `--filter` values, in order. */
  public readonly filters: readonly AcrPurgeFilter[];
  /** `--ago` as written, if given. */
  public readonly ago?: string;
  /** `--ago` in milliseconds after acr-cli's 150-year cap; absent when `--ago` is not given (acr-cli then uses 0). */
  public readonly agoMilliseconds?: number;
  /** `--keep`. */
  public readonly keep: number;
  /** `--untagged`. */
  public readonly untagged: boolean;
  /** `--untagged-only`. */
  public readonly untaggedOnly: boolean;
  /** `--include-locked`. */
  public readonly includeLocked: boolean;
  /** `--dry-run`. */
  public readonly dryRun: boolean;

  private constructor(o: AcrPurgeCommandOptions) {
    this.filters = (o.filters ?? []).map((f) => ({ repository: f.repository, tag: f.tag }));
    this.ago = o.ago;
    this.agoMilliseconds = o.ago === undefined ? undefined : parseAcrAgo(o.ago).milliseconds;
    this.keep = o.keep ?? 0;
    this.untagged = o.untagged ?? false;
    this.untaggedOnly = o.untaggedOnly ?? false;
    this.includeLocked = o.includeLocked ?? false;
    this.dryRun = o.dryRun ?? false;
  }

  /** The command line, e.g. `acr purge --filter 'team/.*:^pr-.*$' --ago 30d --keep 10`. */
  public render(): string {
    return renderAcrPurgeCommand(this);
  }

  /** The JSON form (see `parseAcrPurgeArgs`). */
  public toJson(): AcrPurgeCommandJson {
    const json: { -readonly [K in keyof AcrPurgeCommandJson]: AcrPurgeCommandJson[K] } = {};
    if (this.filters.length > 0) json.filters = this.filters.map((f) => `${f.repository}:${f.tag}`);
    if (this.ago !== undefined) json.ago = this.ago;
    if (this.keep !== 0) json.keep = this.keep;
    if (this.untagged) json.untagged = true;
    if (this.untaggedOnly) json.untaggedOnly = true;
    if (this.includeLocked) json.includeLocked = true;
    if (this.dryRun) json.dryRun = true;
    return json;
  }
}

/** JSON form of one command; `filters` are `<repo-regex>:<tag-regex>` strings as on the command line. */
export interface AcrPurgeCommandJson {
  /** `--filter` values. */
  readonly filters?: string[];
  /** `--ago`. */
  readonly ago?: string;
  /** `--keep`. */
  readonly keep?: number;
  /** `--untagged`. */
  readonly untagged?: boolean;
  /** `--untagged-only`. */
  readonly untaggedOnly?: boolean;
  /** `--include-locked`. */
  readonly includeLocked?: boolean;
  /** `--dry-run`. */
  readonly dryRun?: boolean;
}

/** Options of `AcrPurgePolicy.of`. */
export interface AcrPurgePolicyOptions {
  /** The purge commands, run in this order (one task step each). */
  readonly commands: AcrPurgeCommand[];
  /**
   * The registry's untagged-manifest retention policy (`retention_policy_in_days`, Premium, 0-365): a manifest is
   * deleted this many days after it becomes untagged, if that happens after the policy was enabled. 0 deletes at once.
   * @default - no retention policy
   */
  readonly untaggedRetentionDays?: number;
}

/** Everything that removes images from an ACR registry: purge commands in order, plus the untagged retention policy. */
export class AcrPurgePolicy {
  /** Creates a policy; throws a ValidationError naming every problem. */
  public static of(options: AcrPurgePolicyOptions, path: string = 'AcrPurgePolicy'): AcrPurgePolicy {
    const v = new Violations();
    checkRetentionDays(v, 'untaggedRetentionDays', options.untaggedRetentionDays);
    v.throwIfAny(path);
    return new AcrPurgePolicy([...(options.commands ?? [])], options.untaggedRetentionDays);
  }

  /** The commands, in run order. */
  public readonly commands: readonly AcrPurgeCommand[];
  /** Days of the untagged retention policy, if enabled. */
  public readonly untaggedRetentionDays?: number;

  private constructor(commands: readonly AcrPurgeCommand[], untaggedRetentionDays: number | undefined) {
    this.commands = commands;
    this.untaggedRetentionDays = untaggedRetentionDays;
  }
}

/**
 * Reads the `--policy` input of the ACR dialect; `source` names the file in errors. Two forms:
 *
 * 1. **Text**: one command per line, as typed in a shell or an ACR task `cmd:` (shell quoting, `\` line continuation,
 *    `#` comments). Each line is `acr purge <flags>` (the leading `acr` is optional), `az acr run --cmd "acr purge ..."`
 *    or `az acr task create ... --cmd "acr purge ..."`, or the untagged retention policy as set by the Azure CLI:
 *    `az acr config retention update --registry R --status enabled --days 7 --type UntaggedManifests`. An ACR task
 *    YAML (`version: v1.1.0`, `steps:` with `cmd:` values, e.g. what `renderAcrPurgeTaskYaml` writes) is read too.
 * 2. **JSON** (an object, or text starting with `{`): `{"commands": [<command line> | {"filters": ["repo:tag"], "ago": "30d",
 *    "keep": 10, "untagged": true, "untaggedOnly": false, "includeLocked": false, "dryRun": false}], "untaggedRetentionDays": 7}`.
 *
 * Checks what acr-cli checks before it touches the registry (flag names and types, `--filter` required unless
 * `--untagged-only`, `--ago` required unless `--untagged-only`, `--untagged` and `--untagged-only` exclusive, filter
 * split and regex syntax, the `--ago` grammar), and also rejects what acr-cli silently misreads (see `parseAcrAgo`)
 * and a negative `--keep`.
 */
export function parseAcrPurgeArgs(input: unknown, source: string = 'policy'): AcrPurgePolicy {
  if (typeof input === 'string' && /^\s*\{/.test(input)) {
    let json: unknown;
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new ValidationError(source, [{ property: '(document)', problem: 'is not valid JSON', value: (e as Error).message, allowed: 'a JSON object {"commands": [...]} or purge command lines' }]);
    }
    return parseJsonPolicy(json, source);
  }
  if (typeof input === 'string') return parseTextPolicy(input, source);
  return parseJsonPolicy(input, source);
}

/** Renders one command as a shell-safe line; every filter is single-quoted. */
export function renderAcrPurgeCommand(command: AcrPurgeCommand): string {
  const parts = ['acr', 'purge'];
  for (const f of command.filters) parts.push('--filter', shellQuote(`${f.repository}:${f.tag}`, true));
  if (command.ago !== undefined) parts.push('--ago', shellQuote(command.ago, false));
  if (command.keep !== 0) parts.push('--keep', String(command.keep));
  if (command.untagged) parts.push('--untagged');
  if (command.untaggedOnly) parts.push('--untagged-only');
  if (command.includeLocked) parts.push('--include-locked');
  if (command.dryRun) parts.push('--dry-run');
  return parts.join(' ');
}

/** Options of `renderAcrPurgeTaskYaml`. */
export interface AcrPurgeTaskYamlOptions {
  /** Each step's `timeout` in seconds (keep the task's `timeout_in_seconds` at least as large). @default 3600 */
  readonly stepTimeoutSeconds?: number;
  /**
   * The image that runs each step in place of the `acr` alias, e.g. `mcr.microsoft.com/acr/acr-cli:<version>`. The
   * alias runs the acr-cli version ACR Tasks has pre-cached, which changes over time; `--untagged-only` (what
   * `compileToAcr` emits for expireUntagged) needs acr-cli 0.18 or later, so pin one when that matters.
   * @default "acr" - the ACR Tasks alias
   */
  readonly image?: string;
}

/**
 * The ACR task YAML (`version: v1.1.0`, one `cmd` step per command) for `azurerm_container_registry_task`
 * `encoded_step.task_content`; the provider base64-encodes it. `cmd` values are YAML double-quoted scalars, so
 * regex characters never collide with YAML syntax.
 */
export function renderAcrPurgeTaskYaml(commands: readonly AcrPurgeCommand[], options: AcrPurgeTaskYamlOptions = {}, path: string = 'AcrPurgeTask'): string {
  const v = new Violations();
  const timeout = options.stepTimeoutSeconds ?? 3600;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 28800) {
    v.add('stepTimeoutSeconds', 'must be a whole number of seconds from 1 to 28800', timeout, 'e.g. 3600; ACR tasks run at most 8 hours');
  }
  if (commands.length === 0) v.add('commands', 'must not be empty', commands, 'at least one purge command');
  const image = options.image ?? 'acr';
  if (typeof image !== 'string' || !/^[a-z0-9]+(?:[._\/:@-][A-Za-z0-9_]+)*$/.test(image)) {
    v.add('image', 'is not an image reference', image, '"acr" or e.g. "mcr.microsoft.com/acr/acr-cli:0.18"');
  }
  v.throwIfAny(path);
  const lines = ['version: v1.1.0', 'steps:'];
  for (const c of commands) {
    lines.push(`  - cmd: ${JSON.stringify(image + c.render().slice('acr'.length))}`, '    disableWorkingDirectoryOverride: true', `    timeout: ${timeout}`);
  }
  return lines.join('\n') + '\n';
}

const BOOL_FLAGS = ['untagged', 'untagged-only', 'dry-run', 'include-locked', 'verbose', 'help'];
const STRING_FLAGS = ['filter', 'ago', 'registry', 'username', 'password', 'config'];
const INT_FLAGS = ['keep', 'concurrency', 'repository-page-size', 'filter-timeout-seconds'];
const SHORT: Record<string, string> = { f: 'filter', r: 'registry', u: 'username', p: 'password', c: 'config', h: 'help' };
const NEWER_FLAGS = ['min-tags', 'max-tags', 'min-untagged-manifests', 'max-untagged-manifests'];

function parseTextPolicy(text: string, source: string): AcrPurgePolicy {
  const v = new Violations();
  const commands: AcrPurgeCommand[] = [];
  let retentionDays: number | undefined;
  for (const { at, line } of logicalLines(v, text)) {
    const words = shellWords(line);
    if (typeof words === 'string') {
      v.add(at, words, line, 'shell words with balanced quotes');
      continue;
    }
    if (words.length === 0) continue;
    if (words[0] === 'az' && words[1] === 'acr' && words[2] === 'config' && words[3] === 'retention' && words[4] === 'update') {
      const days = parseRetentionLine(v, at, words.slice(5));
      if (days !== undefined) retentionDays = days;
      continue;
    }
    let purge = words;
    // `az acr run --cmd "acr purge ..." /dev/null` and `az acr task create --cmd "..."`, as in Microsoft's examples.
    if (words[0] === 'az' && words[1] === 'acr' && (words[2] === 'run' || (words[2] === 'task' && ['create', 'update'].includes(words[3])))) {
      const k = words.findIndex((w) => w === '--cmd' || w.startsWith('--cmd='));
      const cmd = k < 0 ? undefined : words[k].startsWith('--cmd=') ? words[k].slice(6) : words[k + 1];
      const inner = cmd === undefined ? undefined : shellWords(cmd);
      if (inner === undefined || typeof inner === 'string') {
        v.add(at, 'has no readable --cmd', line, 'az acr run --cmd "acr purge ..." /dev/null');
        continue;
      }
      purge = inner;
    }
    const start = purge[0] === 'acr' || /(^|\/)acr\/acr-cli(:|@|$)/.test(purge[0] ?? '') ? 1 : 0;
    if (purge[start] !== 'purge') {
      v.add(at, 'is not an acr purge command', line, 'lines like "acr purge --filter \'repo:^tag$\' --ago 30d", or "az acr config retention update ... --days N"');
      continue;
    }
    const options = parseFlags(v, at, purge.slice(start + 1));
    if (!options) continue;
    const before = v.items.length;
    v.addAll('', validateCommand(options, (flag) => `${at} ${flag}`).items);
    if (v.items.length === before) commands.push(AcrPurgeCommand.of(options));
  }
  if (v.empty && commands.length === 0 && retentionDays === undefined) {
    v.add('(document)', 'has no acr purge command', text, 'at least one line "acr purge --filter \'<repo-regex>:<tag-regex>\' --ago <days>d ..."');
  }
  v.throwIfAny(source);
  return AcrPurgePolicy.of({ commands, untaggedRetentionDays: retentionDays }, source);
}

/**
 * The command lines of a text policy, each with the line it starts on: shell lines (joined at `\` continuations),
 * or, for an ACR task YAML (`version:` / `steps:`), the `cmd:` values of its steps.
 */
function logicalLines(v: Violations, text: string): { at: string; line: string }[] {
  const raw = text.split(/\r?\n/);
  const out: { at: string; line: string }[] = [];
  if (raw.some((l) => /^\s*(version:\s*v\d|steps:\s*$)/.test(l))) {
    raw.forEach((l, i) => {
      const m = /^\s*(?:-\s+)?cmd:\s*(.*)$/.exec(l);
      if (!m) return;
      const value = yamlScalar(m[1]);
      if (value === undefined) v.add(`line ${i + 1}`, 'has a cmd value this reader does not decode', m[1], 'a one-line plain, \'single\'- or "double"-quoted command');
      else out.push({ at: `line ${i + 1}`, line: value });
    });
    return out;
  }
  for (let i = 0; i < raw.length; i++) {
    const first = i;
    let line = raw[i];
    while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + ' ' + raw[++i];
    out.push({ at: `line ${first + 1}`, line });
  }
  return out;
}

/** A one-line YAML scalar: double-quoted (JSON escapes), single-quoted (`''` for a quote) or plain (up to ` #`). */
function yamlScalar(text: string): string | undefined {
  const t = text.trim();
  if (t.startsWith('"')) {
    try {
      const s = JSON.parse(t);
      return typeof s === 'string' ? s : undefined;
    } catch {
      return undefined;
    }
  }
  if (t.startsWith("'")) return t.length > 1 && t.endsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : undefined;
  if (t === '' || /^[|>]/.test(t)) return undefined;
  return t.replace(/\s+#.*$/, '');
}

function parseRetentionLine(v: Violations, at: string, words: string[]): number | undefined {
  let days = 7;
  let enabled = false;
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = words[i].split(/=(.*)/s, 2);
    const value = inline ?? words[++i];
    switch (flag) {
      case '--days': {
        const n = /^\d+$/.test(value ?? '') ? Number(value) : NaN;
        checkRetentionDays(v, `${at} --days`, Number.isNaN(n) ? value : n);
        days = n;
        break;
      }
      case '--status':
        if (value !== 'enabled' && value !== 'disabled') v.add(`${at} --status`, 'is not a retention status', value, 'enabled or disabled');
        enabled = value === 'enabled';
        break;
      case '--type':
        if (value !== 'UntaggedManifests') v.add(`${at} --type`, 'is not a retention type', value, 'UntaggedManifests');
        break;
      case '--registry':
      case '-r':
      case '--resource-group':
      case '-g':
      case '--subscription':
        break;
      default:
        v.add(`${at} ${flag}`, 'is not a flag of az acr config retention update read here', words[i], '--registry, --status, --days, --type, --resource-group');
        if (inline === undefined) i--;
    }
  }
  return enabled ? days : undefined;
}

function parseFlags(v: Violations, at: string, words: string[]): AcrPurgeCommandOptions | undefined {
  const filters: AcrPurgeFilter[] = [];
  const raw: Record<string, unknown> = {};
  let ok = true;
  const before = v.items.length;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    let name: string;
    let inline: string | undefined;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      inline = eq < 0 ? undefined : word.slice(eq + 1);
    } else if (word.startsWith('-') && word.length > 1) {
      const long = SHORT[word[1]];
      if (!long) {
        v.add(`${at} ${word}`, 'is not a flag of acr purge', word, 'see `acr purge --help`: -f/--filter, --ago, --keep, --untagged, --untagged-only, --include-locked, --dry-run, -r/--registry, ...');
        continue;
      }
      name = long;
      inline = word.length > 2 ? word.slice(word[2] === '=' ? 3 : 2) : undefined;
    } else {
      v.add(at, 'has an argument that is not a flag', word, 'acr purge takes flags only; quote a regex that contains spaces or shell characters');
      continue;
    }
    const flag = `--${name}`;
    if (NEWER_FLAGS.includes(name)) {
      v.add(`${at} ${flag}`, 'is not modelled here (acr-cli newer than v0.18)', word, 'use --keep with --ago, which this simulator evaluates');
      if (inline === undefined) i++;
      continue;
    }
    if (BOOL_FLAGS.includes(name)) {
      if (inline !== undefined && !/^(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/.test(inline)) {
        v.add(`${at} ${flag}`, 'is not a boolean', inline, 'the flag alone, or =true / =false');
        continue;
      }
      raw[name] = inline === undefined || /^(true|1|t|TRUE|True|T)$/.test(inline);
      continue;
    }
    if (!STRING_FLAGS.includes(name) && !INT_FLAGS.includes(name)) {
      v.add(`${at} ${flag}`, 'is not a flag of acr purge', word, 'see `acr purge --help`: -f/--filter, --ago, --keep, --untagged, --untagged-only, --include-locked, --dry-run, -r/--registry, ...');
      continue;
    }
    const value = inline ?? words[++i];
    if (value === undefined) {
      v.add(`${at} ${flag}`, 'needs a value', word, `${flag} <value>`);
      ok = false;
      continue;
    }
    if (INT_FLAGS.includes(name)) {
      if (!/^[+-]?\d+$/.test(value)) {
        v.add(`${at} ${flag}`, 'is not a whole number', value, 'an integer such as 10');
        continue;
      }
      raw[name] = Number(value);
      continue;
    }
    if (name === 'filter') {
      const split = splitAcrFilter(value);
      if (split.error) v.add(`${at} --filter`, split.error, value, 'one "<repo-regex>:<tag-regex>", e.g. "team/.*:^pr-.*$"');
      else filters.push({ repository: split.repository!, tag: split.tag! });
      continue;
    }
    raw[name] = value;
  }
  if (!ok || v.items.length > before) return undefined;
  return {
    filters,
    ago: raw.ago as string | undefined,
    keep: raw.keep as number | undefined,
    untagged: raw.untagged as boolean | undefined,
    untaggedOnly: raw['untagged-only'] as boolean | undefined,
    includeLocked: raw['include-locked'] as boolean | undefined,
    dryRun: raw['dry-run'] as boolean | undefined,
  };
}

function parseJsonPolicy(json: unknown, source: string): AcrPurgePolicy {
  const v = new Violations();
  if (!isObject(json)) {
    v.add('(document)', 'must be a JSON object', json, '{"commands": [...], "untaggedRetentionDays": 7}');
    v.throwIfAny(source);
  }
  const doc = json as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (key !== 'commands' && key !== 'untaggedRetentionDays') v.add(key, 'is not a known field', doc[key], 'commands, untaggedRetentionDays');
  }
  const commands: AcrPurgeCommand[] = [];
  if (doc.commands !== undefined && !Array.isArray(doc.commands)) {
    v.add('commands', 'must be an array', doc.commands, 'command lines or command objects');
  }
  const list = Array.isArray(doc.commands) ? (doc.commands as unknown[]) : [];
  list.forEach((raw, i) => {
    const at = `commands[${i}]`;
    if (typeof raw === 'string') {
      try {
        const inner = parseTextPolicy(raw, source);
        if (inner.commands.length !== 1 || inner.untaggedRetentionDays !== undefined) {
          v.add(at, 'must hold exactly one acr purge command', raw, 'one "acr purge ..." line per array entry');
        } else commands.push(inner.commands[0]);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        v.addAll(at, e.violations.map((x) => ({ ...x, property: x.property.replace(/^line 1 ?/, '') || '(command)' })));
      }
      return;
    }
    if (!isObject(raw)) {
      v.add(at, 'must be a command line or an object', raw, '"acr purge ..." or {"filters": ["repo:tag"], "ago": "30d", ...}');
      return;
    }
    const o = raw;
    const known = ['filters', 'ago', 'keep', 'untagged', 'untaggedOnly', 'includeLocked', 'dryRun'];
    let bad = false;
    for (const key of Object.keys(o)) {
      if (!known.includes(key)) {
        v.add(`${at}.${key}`, 'is not a known field', o[key], `one of ${known.join(', ')}`);
        bad = true;
      }
    }
    for (const key of ['untagged', 'untaggedOnly', 'includeLocked', 'dryRun']) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') {
        v.add(`${at}.${key}`, 'must be a boolean', o[key], 'true or false');
        bad = true;
      }
    }
    if (o.ago !== undefined && typeof o.ago !== 'string') {
      v.add(`${at}.ago`, 'must be a string', o.ago, 'e.g. "30d" or "2d3h6m"');
      bad = true;
    }
    if (o.keep !== undefined && typeof o.keep !== 'number') {
      v.add(`${at}.keep`, 'must be a number', o.keep, 'a whole number of at least 0');
      bad = true;
    }
    const filters: AcrPurgeFilter[] = [];
    if (o.filters !== undefined && !Array.isArray(o.filters)) {
      v.add(`${at}.filters`, 'must be an array', o.filters, '["<repo-regex>:<tag-regex>", ...]');
      bad = true;
    }
    ((Array.isArray(o.filters) ? o.filters : []) as unknown[]).forEach((f, j) => {
      const split = typeof f === 'string' ? splitAcrFilter(f) : { error: 'must be a string' };
      if (split.error) {
        v.add(`${at}.filters[${j}]`, split.error, f, 'one "<repo-regex>:<tag-regex>", e.g. "team/.*:^pr-.*$"');
        bad = true;
      } else filters.push({ repository: split.repository!, tag: split.tag! });
    });
    if (bad) return;
    const options: AcrPurgeCommandOptions = {
      filters,
      ago: o.ago as string | undefined,
      keep: o.keep as number | undefined,
      untagged: o.untagged as boolean | undefined,
      untaggedOnly: o.untaggedOnly as boolean | undefined,
      includeLocked: o.includeLocked as boolean | undefined,
      dryRun: o.dryRun as boolean | undefined,
    };
    const found = validateCommand(options, jsonFlagName).items;
    v.addAll(at, found);
    if (found.length === 0) commands.push(AcrPurgeCommand.of(options));
  });
  checkRetentionDays(v, 'untaggedRetentionDays', doc.untaggedRetentionDays);
  if (v.empty && commands.length === 0 && doc.untaggedRetentionDays === undefined) {
    v.add('commands', 'must not be empty', doc.commands, 'at least one purge command, or untaggedRetentionDays');
  }
  v.throwIfAny(source);
  return AcrPurgePolicy.of({ commands, untaggedRetentionDays: doc.untaggedRetentionDays as number | undefined }, source);
}

function jsonFlagName(flag: string): string {
  const map: Record<string, string> = {
    '--filter': 'filters',
    '--ago': 'ago',
    '--keep': 'keep',
    '--untagged': 'untagged',
    '--untagged-only': 'untaggedOnly',
  };
  return flag.replace(/^(--[a-z-]+)(.*)$/, (_, f: string, rest: string) => (map[f] ?? f) + rest);
}

/** The checks acr-cli's `purge` RunE and cobra flag groups make, plus the stricter ones documented on parseAcrPurgeArgs. */
function validateCommand(o: AcrPurgeCommandOptions, name: (flag: string) => string): Violations {
  const v = new Violations();
  const filters = o.filters ?? [];
  if (o.untagged && o.untaggedOnly) {
    v.add(name('--untagged-only'), 'cannot be combined with --untagged', true, 'one of them: --untagged deletes tags then dangling manifests, --untagged-only deletes dangling manifests only');
  }
  if (!o.untaggedOnly) {
    const why = o.untagged ? 'when using --untagged' : 'unless --untagged-only is given';
    if (filters.length === 0) v.add(name('--filter'), `is required ${why}`, undefined, 'at least one "<repo-regex>:<tag-regex>"');
    // acr-cli tests `ago == ""`, so an empty --ago is as missing as an absent one (not "0 days": delete everything).
    if (o.ago === undefined || o.ago === '') v.add(name('--ago'), `is required ${why}`, o.ago, 'a duration such as 30d or 2d3h6m (an empty --ago counts as missing, as in acr-cli)');
  }
  if (o.ago !== undefined && o.ago !== '') {
    const ago = typeof o.ago === 'string' ? parseAcrAgo(o.ago) : { error: 'must be a string' };
    if (ago.error) v.add(name('--ago'), ago.error, o.ago, '<days>d optionally followed by a Go duration (30d, 2d3h6m, 0d), or a Go duration (12h)');
  }
  if (o.keep !== undefined && (typeof o.keep !== 'number' || !Number.isInteger(o.keep) || o.keep < 0)) {
    v.add(name('--keep'), 'must be a whole number of at least 0', o.keep, '0 (the default) or more; acr-cli treats a negative --keep as 0');
  }
  filters.forEach((f, i) => {
    const at = filters.length > 1 ? `${name('--filter')}[${i}]` : name('--filter');
    if (typeof f.repository !== 'string' || f.repository === '') {
      v.add(at, 'has no repository part', f.repository, 'a repository name or regex before the colon');
    } else if (!isLiteralRepository(f.repository)) {
      const re = compileAcrRegex(`^${f.repository}$`);
      if (typeof re === 'string') v.add(at, `has an invalid repository regex (${re})`, f.repository, 'a regexp2 (.NET) regular expression, e.g. "team/.*"');
    }
    if (typeof f.tag !== 'string' || f.tag === '') {
      v.add(at, 'has no tag part', f.tag, 'a tag regex after the colon, e.g. "^pr-.*$"');
    } else {
      const re = compileAcrRegex(f.tag);
      if (typeof re === 'string') v.add(at, `has an invalid tag regex (${re})`, f.tag, 'a regexp2 (.NET) regular expression, e.g. "^v[0-9]+$"');
    }
    const split = typeof f.repository === 'string' && f.repository !== '' && typeof f.tag === 'string' && f.tag !== '' ? acrFilterSplitError(f.repository, f.tag) : undefined;
    if (split) v.add(at, split, `${f.repository}:${f.tag}`, 'no ":" in the repository or tag regex (write it as [:] if you need one)');
  });
  return v;
}

function checkRetentionDays(v: Violations, property: string, days: unknown): void {
  if (days === undefined) return;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 365) {
    v.add(property, 'must be a whole number of days from 0 to 365', days, 'the untagged retention policy range (0 deletes as soon as a manifest is untagged)');
  }
}

/** Splits a line into words like a POSIX shell (quotes, backslashes, `#` comments); returns an error text on unbalanced quotes. */
function shellWords(line: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return 'has an unterminated single quote';
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        word += line[j];
      }
      if (j >= line.length) return 'has an unterminated double quote';
      i = j;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function shellQuote(value: string, always: boolean): string {
  if (!always && /^[A-Za-z0-9_.+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
