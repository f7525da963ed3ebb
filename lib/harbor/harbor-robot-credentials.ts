/** HarborRobotCredentials: a Harbor robot account as a registry login, for the docker provider. */

import { IRegistryCredentials } from '../core/ci/registry-credentials';
import { ValidationError } from '../core/errors';
import type { HarborProject } from './harbor-project';
import { HarborRobotAccount } from './harbor-robot-account';

/**
 * Registry credentials from a robot account: its full name (`robot$<project>+<name>`) and its secret, for the
 * project's Harbor host. A generated secret comes from the robot resource; a write-only secret from the
 * sensitive variable it is set from (so it is not in the robot's state, though the docker provider keeps its
 * own copy: cdktf 0.21 has no ephemeral resources). No output carries it.
 */
export class HarborRobotCredentials implements IRegistryCredentials {
  /** The login of `robot` (a robot of `project` that may push) for the project's Harbor host. */
  public static of(project: HarborProject, robot: HarborRobotAccount): HarborRobotCredentials {
    if (!(robot instanceof HarborRobotAccount)) {
      throw new ValidationError(project.node.path, [{ property: 'robot', problem: 'is not a HarborRobotAccount', value: robot, allowed: 'project.addRobotAccount(...) with HarborRobotPermissions.PUSH' }]);
    }
    const permissions = robot.resource.permissionsInput;
    const access = Array.isArray(permissions) ? permissions.flatMap((p) => (Array.isArray(p.access) ? p.access : [])) : [];
    if (access.length > 0 && !access.some((a) => a.resource === 'repository' && a.action === 'push')) {
      throw new ValidationError(robot.node.path, [{ property: 'robot', problem: 'cannot push: it has no repository:push access', value: access.map((a) => `${a.resource}:${a.action}`), allowed: 'a robot with HarborRobotPermissions.PUSH' }]);
    }
    const password = robot.secretVariable ? robot.secretVariable.stringValue : robot.secret;
    return new HarborRobotCredentials(project.connection.host, robot.fullName, password);
  }

  private constructor(
    /** The Harbor registry host. */
    public readonly address: string,
    /** The robot's full name. */
    public readonly username: string,
    /** The robot's secret (sensitive). */
    public readonly password: string,
  ) {}
}
