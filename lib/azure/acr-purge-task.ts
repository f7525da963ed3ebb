/** AcrPurgeTask: a timer-triggered ACR task that runs `acr purge` commands (compiled from a RetentionPolicy, or typed). */

import { ContainerRegistryTask } from '@cdktf/provider-azurerm/lib/container-registry-task';
import { ContainerRegistryTaskScheduleRunNow } from '@cdktf/provider-azurerm/lib/container-registry-task-schedule-run-now';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { AcrPurgeCommand, renderAcrPurgeTaskYaml } from '../core/retention/acr/grammar';
import { isUnresolved } from '../core/tokens';
import { TASK_NAME, checkAzureName } from './names';

/**
 * The acr-cli image the purge steps run, pinned to the image Microsoft's purge article names
 * (learn.microsoft.com/azure/container-registry/container-registry-auto-purge): the `acr` alias of ACR Tasks runs
 * whatever version Azure has pre-cached, `--untagged-only` (what an expireUntagged rule compiles to) needs 0.18 or
 * later, and 0.19 is the first release that purges ABAC-mode registries (Azure/acr-cli#577, fixing #501).
 */
export const ACR_CLI_IMAGE = 'mcr.microsoft.com/acr/acr-cli:0.19';

/** When and how the purge task runs. */
export interface AcrPurgeScheduleOptions {
  /**
   * The timer trigger: a 5-field cron expression, evaluated in UTC.
   * @default "0 3 * * *" - every night at 03:00 UTC
   */
  readonly schedule?: string;
  /**
   * Add `--dry-run` to every command: the task logs what it would delete and deletes nothing. Use it for the first
   * runs, then switch it off.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Run the task once on apply (`azurerm_container_registry_task_schedule_run_now`), e.g. a first dry run as a smoke
   * test. The run starts on every apply that replaces the resource.
   * @default false
   */
  readonly runNow?: boolean;
  /**
   * The image each step runs (an acr-cli image), or `"acr"` for the ACR Tasks alias.
   * @default ACR_CLI_IMAGE ("mcr.microsoft.com/acr/acr-cli:0.19")
   */
  readonly image?: string;
  /**
   * Each step's timeout in seconds (one step per purge command), 1-28800.
   * @default 3600
   */
  readonly stepTimeoutSeconds?: number;
  /**
   * The task's timeout in seconds (300-28800); it must cover the steps, which run one after another.
   * @default - the sum of the step timeouts, at least 300 and at most 28800
   */
  readonly taskTimeoutSeconds?: number;
  /**
   * The task name: 5-50 letters, digits, hyphens and underscores, unique in the registry.
   * @default "retention-purge"
   */
  readonly taskName?: string;
  /**
   * A dedicated agent pool (`azurerm_container_registry_agent_pool`) to run in, e.g. one in the registry's VNet when
   * public network access is off.
   * @default - the shared ACR Tasks agents
   */
  readonly agentPoolName?: string;
}

/** Properties of an AcrPurgeTask. */
export interface AcrPurgeTaskProps extends AcrPurgeScheduleOptions {
  /** The registry's resource id. */
  readonly registryId: string;
  /** The purge commands, run in this order (one step each). */
  readonly commands: AcrPurgeCommand[];
  /**
   * Give the task a system-assigned identity (for ABAC-mode registries, whose tasks have no data-plane access of
   * their own); the caller grants the identity its roles.
   * @default false
   */
  readonly systemAssignedIdentity?: boolean;
  /**
   * The registry's login server: with `systemAssignedIdentity`, the task logs in to it with that identity (a custom
   * registry credential with identity `[system]`), since ABAC-mode registries give tasks no access of their own.
   * @default - the task's default source-registry login
   */
  readonly loginServer?: string;
  /**
   * Tags of the task.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

const CRON_FIELD = /^[0-9A-Za-z*,/-]+$/;

/**
 * A timer-triggered `azurerm_container_registry_task` whose encoded YAML runs `acr purge` once per command, with
 * step and task timeouts checked together, an optional dry run and an optional run on apply.
 */
export class AcrPurgeTask extends Construct {
  /** The task YAML (before the provider base64-encodes it). */
  public readonly taskYaml: string;
  /** The commands as run (with `--dry-run` when `dryRun` is set). */
  public readonly commands: readonly AcrPurgeCommand[];
  /** The `azurerm_container_registry_task` resource. */
  public readonly resource: ContainerRegistryTask;
  /** The `azurerm_container_registry_task_schedule_run_now` resource, when `runNow` is set. */
  public readonly runNowResource?: ContainerRegistryTaskScheduleRunNow;

  constructor(scope: Construct, id: string, props: AcrPurgeTaskProps) {
    super(scope, id);
    const v = new Violations();
    checkPurgeSchedule(v, props, props.commands.length, '');
    v.throwIfAny(this.node.path);
    const step = props.stepTimeoutSeconds ?? 3600;
    const rendered = renderOnce(props.commands, props.image ?? ACR_CLI_IMAGE, step, props.dryRun ?? false, this.node.path);
    this.commands = rendered.commands;
    this.taskYaml = rendered.yaml;
    this.resource = new ContainerRegistryTask(this, 'Resource', {
      name: props.taskName ?? 'retention-purge',
      containerRegistryId: props.registryId,
      platform: { os: 'Linux' },
      encodedStep: { taskContent: this.taskYaml },
      timerTrigger: [{ name: 'schedule', schedule: props.schedule ?? '0 3 * * *', enabled: true }],
      timeoutInSeconds: props.taskTimeoutSeconds ?? defaultTaskTimeout(step, this.commands.length),
      agentPoolName: props.agentPoolName,
      identity: props.systemAssignedIdentity ? { type: 'SystemAssigned' } : undefined,
      registryCredential: props.systemAssignedIdentity && props.loginServer !== undefined ? { custom: [{ loginServer: props.loginServer, identity: '[system]' }] } : undefined,
      tags: props.tags,
    });
    if (props.taskTimeoutSeconds === undefined && step * this.commands.length > 28800) {
      Annotations.of(this).addWarning(
        `the ${this.commands.length} steps of ${step} seconds add up to more than the 28800 seconds an ACR task may run: a run that needs them all is cut off; lower stepTimeoutSeconds or split the commands over several tasks`,
      );
    }
    if (props.runNow) this.runNowResource = new ContainerRegistryTaskScheduleRunNow(this, 'RunNow', { containerRegistryTaskId: this.resource.id });
  }
}

// Many registries share one compiled command list: render it once per image, step timeout and dry-run setting.
const renderedYaml = new WeakMap<readonly AcrPurgeCommand[], Map<string, { commands: AcrPurgeCommand[]; yaml: string }>>();

function renderOnce(commands: AcrPurgeCommand[], image: string, step: number, dryRun: boolean, path: string): { commands: AcrPurgeCommand[]; yaml: string } {
  let byOptions = renderedYaml.get(commands);
  if (!byOptions) renderedYaml.set(commands, (byOptions = new Map()));
  const key = `${image}|${step}|${dryRun}`;
  let result = byOptions.get(key);
  if (!result) {
    const run = commands.map((c) => (dryRun ? withDryRun(c) : c));
    result = { commands: run, yaml: renderAcrPurgeTaskYaml(run, { image, stepTimeoutSeconds: step }, path) };
    byOptions.set(key, result);
  }
  return result;
}

/** The task timeout used when none is given: every step's timeout, within the 300-28800 seconds ACR allows. */
function defaultTaskTimeout(step: number, steps: number): number {
  return Math.min(28800, Math.max(300, step * Math.max(1, steps)));
}

/** Checks schedule options under `prefix` (e.g. `purgeSchedule.`), given the number of steps. */
export function checkPurgeSchedule(v: Violations, o: AcrPurgeScheduleOptions, steps: number, prefix: string): void {
  if (o.schedule !== undefined && !isUnresolved(o.schedule)) {
    const fields = o.schedule.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
      v.add(`${prefix}schedule`, 'is not a 5-field cron expression', o.schedule, 'minute hour day-of-month month day-of-week in UTC, e.g. "0 3 * * *"');
    }
  }
  if (o.taskName !== undefined) checkAzureName(v, `${prefix}taskName`, o.taskName, TASK_NAME);
  const step = o.stepTimeoutSeconds ?? 3600;
  if (!Number.isInteger(step) || step < 1 || step > 28800) {
    v.add(`${prefix}stepTimeoutSeconds`, 'must be a whole number of seconds from 1 to 28800', o.stepTimeoutSeconds, 'e.g. 3600; an ACR task runs at most 8 hours');
  }
  if (o.taskTimeoutSeconds !== undefined) {
    const t = o.taskTimeoutSeconds;
    if (!Number.isInteger(t) || t < 300 || t > 28800) {
      v.add(`${prefix}taskTimeoutSeconds`, 'must be a whole number of seconds from 300 to 28800', t, 'the range of timeout_in_seconds');
    } else if (Number.isInteger(step) && t < step * Math.max(1, steps)) {
      v.add(
        `${prefix}taskTimeoutSeconds`,
        `is shorter than the ${Math.max(1, steps)} step(s) of ${step} seconds it runs one after another`,
        t,
        `at least ${step * Math.max(1, steps)} (raise both together), or lower stepTimeoutSeconds`,
      );
    }
  }
  if (o.image !== undefined && (typeof o.image !== 'string' || !/^[a-z0-9]+(?:[._\/:@-][A-Za-z0-9_]+)*$/.test(o.image))) {
    v.add(`${prefix}image`, 'is not an image reference', o.image, '"acr" or an acr-cli image such as "mcr.microsoft.com/acr/acr-cli:0.19"');
  }
}

/** The same command with `--dry-run`. */
function withDryRun(c: AcrPurgeCommand): AcrPurgeCommand {
  return AcrPurgeCommand.of({
    filters: c.filters.length > 0 ? [...c.filters] : undefined,
    ago: c.ago,
    keep: c.keep,
    untagged: c.untagged,
    untaggedOnly: c.untaggedOnly,
    includeLocked: c.includeLocked,
    dryRun: true,
  });
}
