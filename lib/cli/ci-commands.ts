/** The CI subcommands of registry-lifecycle (gate, configure-docker), registered by name for the dispatcher in ./preview. */

import { configureDockerUsage, runConfigureDocker } from './configure-docker';
import { gateUsage, runGate } from './gate';
import type { CliIo } from './preview';

/** Each CI subcommand by name: runs with the arguments after its name and returns the exit code. */
export const CI_COMMANDS: ReadonlyMap<string, (argv: readonly string[], io: CliIo) => number> = new Map([
  ['gate', runGate],
  ['configure-docker', runConfigureDocker],
]);

/** The CI subcommands' part of `registry-lifecycle --help`. */
export function ciUsage(): string {
  return `${gateUsage()}\n${configureDockerUsage()}`;
}
