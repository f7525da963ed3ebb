/** `registry-lifecycle compile`: a neutral policy compiled for one registry, printed in the form its tools and `preview` take. */

import { parseArgs } from 'util';
import { describeValue, ValidationError } from '../core/errors';
import { compileToAcr } from '../core/retention/acr/compile';
import { renderAcrPurgeCommand, renderAcrPurgeTaskYaml } from '../core/retention/acr/grammar';
import { compileToEcr } from '../core/retention/ecr/compile';
import { buildEcrLifecyclePolicy } from '../core/retention/ecr/grammar';
import { compileToGar } from '../core/retention/gar/compile';
import { compileToHarbor } from '../core/retention/harbor/compile';
import { renderHarborRetentionPolicyBody } from '../core/retention/harbor/grammar';
import { RetentionPolicy } from '../core/retention/policy';
import { CliIo, ExitCode, InputError, PROGRAM, processIo, readPolicyJson, UsageError } from './preview';

/** The registries `compile` targets. */
const REGISTRIES = ['ecr', 'gar', 'harbor', 'acr'];
/** ACR's two printed forms. */
const ACR_FORMS = ['commands', 'task-yaml'];

interface CompileArgs {
  readonly help: boolean;
  readonly registry: string;
  readonly policyPath: string;
  readonly allowApproximations: boolean;
  readonly acrForm: string;
  readonly schedule?: string;
}

/** What one compilation prints: the native policy text and the warnings. */
interface Compiled {
  readonly text: string;
  readonly warnings: readonly string[];
}

/** Runs `registry-lifecycle compile <argv…>`; the native policy goes to stdout, warnings to stderr. */
export function runCompile(argv: readonly string[], io: CliIo = processIo): number {
  try {
    const args = parseCompileArgs(argv);
    if (args.help) {
      io.stdout(compileUsage());
      return ExitCode.OK;
    }
    const json = readPolicyJson(args.policyPath, io, 'the neutral policy JSON: {"rules": [{"kind": "protect", "tagPatterns": ["v*"]}, ...]}');
    const policy = RetentionPolicy.fromJson(json, args.policyPath === '-' ? '(stdin)' : args.policyPath);
    const out = compileFor(args, policy);
    io.stdout(out.text.endsWith('\n') ? out.text : `${out.text}\n`);
    if (out.warnings.length) io.stderr(out.warnings.map((w) => `${PROGRAM}: warning: ${w}\n`).join(''));
    return ExitCode.OK;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${PROGRAM} compile: ${e.message}\n`);
      return ExitCode.USAGE;
    }
    if (e instanceof ValidationError || e instanceof InputError) {
      io.stderr(`${e.message}\n`);
      return ExitCode.INVALID_INPUT;
    }
    io.stderr(`${PROGRAM}: internal error (a bug, please report it): ${e instanceof Error ? e.message : describeValue(e)}\n`);
    return ExitCode.INTERNAL;
  }
}

function compileFor(args: CompileArgs, policy: RetentionPolicy): Compiled {
  const options = { allowApproximations: args.allowApproximations };
  switch (args.registry) {
    case 'ecr': {
      const r = compileToEcr(policy, options);
      return { text: JSON.stringify(buildEcrLifecyclePolicy(r.rules, 'RetentionPolicy'), null, 2), warnings: r.warnings };
    }
    case 'gar': {
      const r = compileToGar(policy, options);
      return { text: JSON.stringify(r.policies, null, 2), warnings: r.warnings };
    }
    case 'harbor': {
      const r = compileToHarbor(policy, { ...options, ...(args.schedule !== undefined ? { schedule: args.schedule } : {}) });
      return { text: JSON.stringify(renderHarborRetentionPolicyBody(r.rules, r.schedule), null, 2), warnings: r.warnings };
    }
    default: {
      const r = compileToAcr(policy, options);
      const warnings = [...r.warnings];
      if (args.acrForm === 'task-yaml') {
        if (r.untaggedRetentionDays !== undefined) {
          warnings.push(`the commands rely on the registry's untagged retention policy: az acr config retention update --registry REG --status enabled --days ${r.untaggedRetentionDays} --type UntaggedManifests`);
        }
        return { text: renderAcrPurgeTaskYaml(r.purgeCommands), warnings };
      }
      const lines = r.purgeCommands.map(renderAcrPurgeCommand);
      if (r.untaggedRetentionDays !== undefined) lines.push(`az acr config retention update --registry REG --status enabled --days ${r.untaggedRetentionDays} --type UntaggedManifests`);
      return { text: lines.join('\n'), warnings };
    }
  }
}

function parseCompileArgs(argv: readonly string[]): CompileArgs {
  const options = {
    registry: { type: 'string' },
    policy: { type: 'string' },
    'allow-approximations': { type: 'boolean' },
    'acr-form': { type: 'string' },
    schedule: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}; run "${PROGRAM} compile --help"`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { help: true, registry: '', policyPath: '', allowApproximations: false, acrForm: 'commands' };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) problems.push(`--${token.name} is given more than once; give it once`);
    seen.add(token.name);
  }
  if (values.registry === undefined) problems.push(`--registry is required; one of ${REGISTRIES.join(', ')}`);
  else if (!REGISTRIES.includes(values.registry as string)) problems.push(`--registry is not a known registry (got ${describeValue(values.registry)}); one of ${REGISTRIES.join(', ')}`);
  if (values.policy === undefined) problems.push('--policy is required; the neutral policy JSON file, or - for standard input');
  else if (values.policy === '') problems.push('--policy must not be empty');
  const acrForm = (values['acr-form'] as string | undefined) ?? 'commands';
  if (!ACR_FORMS.includes(acrForm)) problems.push(`--acr-form is not a known form (got ${describeValue(acrForm)}); one of ${ACR_FORMS.join(', ')}`);
  else if (values['acr-form'] !== undefined && values.registry !== 'acr') problems.push('--acr-form only applies to --registry acr');
  if (values.schedule !== undefined && values.registry !== 'harbor') problems.push('--schedule only applies to --registry harbor');
  if (problems.length) throw new UsageError(problems.join(`\n${PROGRAM} compile: `));
  return {
    help: false,
    registry: values.registry as string,
    policyPath: values.policy as string,
    allowApproximations: values['allow-approximations'] === true,
    acrForm,
    schedule: values.schedule as string | undefined,
  };
}

/** The `compile --help` text. */
export function compileUsage(): string {
  return `${[
    `Usage: ${PROGRAM} compile --registry <${REGISTRIES.join('|')}> --policy FILE [--allow-approximations] [--acr-form commands|task-yaml] [--schedule S]`,
    '',
    'Compiles a neutral retention policy for one registry and prints it in the form that registry\'s tools, and',
    `"${PROGRAM} preview --dialect <registry>", take. Warnings (approximations, registry-wide side effects) go to stderr.`,
    '',
    'Options:',
    '  --registry NAME          ecr: the lifecycle policy JSON (aws ecr put-lifecycle-policy --lifecycle-policy-text)',
    '                           gar: the policy file (gcloud artifacts repositories set-cleanup-policies --policy)',
    '                           harbor: the harbor_retention_policy body {"rule": [...], "schedule": "Daily"}',
    '                           acr: acr purge command lines (and the untagged retention command when needed)',
    '  --policy FILE            the neutral policy JSON (- reads standard input)',
    '  --allow-approximations   accept the documented approximations where the registry cannot express an intent exactly',
    '  --acr-form FORM          acr only: commands (default) or task-yaml (the ACR task file running them)',
    '  --schedule S             harbor only: Hourly, Daily (default), Weekly or a 6-field cron',
    '  -h, --help               this text',
    '',
    'Examples:',
    `  ${PROGRAM} compile --registry ecr --policy neutral.json > ecr.json`,
    `  ${PROGRAM} preview --dialect ecr --policy ecr.json --images describe-images.json`,
    `  ${PROGRAM} preview --dialect neutral --policy neutral.json --images describe-images.json`,
    `  ${PROGRAM} compile --registry acr --policy neutral.json --allow-approximations --acr-form task-yaml > purge.yaml`,
    '',
    'Exit codes: 0 printed; 1 invalid or unreadable policy, or not expressible for the registry; 2 usage error; 3 internal error.',
  ].join('\n')}\n`;
}
