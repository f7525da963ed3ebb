/** HarborInstance: the instance-wide singletons of one Harbor (garbage collection, scan all, default scanner) and its system robots. */

import { Construct } from 'constructs';
import { ValidationError, Violations } from '../core/errors';
import { GarbageCollection } from './.gen/providers/harbor/garbage-collection';
import { InterrogationServices } from './.gen/providers/harbor/interrogation-services';
import { HarborConnection } from './harbor-connection';
import { harborProjectNameRef } from './harbor-project';
import { HarborAccess, HarborPermissionKind, HarborRobotPermissions } from './harbor-permissions';
import { HarborRobotAccount, HarborRobotAccountOptions } from './harbor-robot-account';
import { HarborSchedule } from './harbor-schedule';

/** Properties of a HarborInstance. */
export interface HarborInstanceProps {
  /**
   * When garbage collection runs (it frees the blobs of deleted images; retention only deletes manifests).
   * @default - garbage collection is not managed here
   */
  readonly garbageCollectionSchedule?: HarborSchedule;
  /**
   * Parallel GC workers, 1-5 (Harbor >= 2.13 accepts up to 10; older versions up to 5).
   * @default 1
   */
  readonly garbageCollectionWorkers?: number;
  /**
   * Let garbage collection also delete untagged artifacts.
   * @default false
   */
  readonly garbageCollectionDeleteUntagged?: boolean;
  /**
   * When every artifact in the instance is rescanned (new CVEs appear for old images).
   * @default - scan all is not managed here
   */
  readonly scanAllSchedule?: HarborSchedule;
  /**
   * The registered scanner made the system default, e.g. `Trivy`. Needs scanAllSchedule (same provider resource).
   * @default - unchanged
   */
  readonly defaultScanner?: string;
  /**
   * Allow up to 10 GC workers (Harbor >= 2.13).
   * @default false
   */
  readonly allowTenGcWorkers?: boolean;
  /**
   * The Harbor instance.
   * @default - the only HarborConnection of the stack
   */
  readonly connection?: HarborConnection;
}

/** One project a system robot reaches, and what it may do there. */
export interface HarborSystemRobotProject {
  /** The project name, or `*` for every project (including ones created later). */
  readonly project: string;
  /** What the robot may do there. */
  readonly permissions: HarborRobotPermissions;
}

/** Options of HarborInstance.addSystemRobotAccount. */
export interface HarborSystemRobotOptions extends HarborRobotAccountOptions {
  /**
   * Projects and what the robot may do in each (a CI robot pushing to several projects).
   * @default - none
   */
  readonly projects?: HarborSystemRobotProject[];
  /**
   * Instance-level access, from Harbor's system table (e.g. `HarborAccess.of('project', 'create')`).
   * @default - none
   */
  readonly systemAccess?: HarborAccess[];
}

const INSTANCES = Symbol.for('cdktf-container-registries.HarborInstance');

/**
 * The instance-wide settings of one Harbor, one HarborInstance per HarborConnection (as there is one EcrRegistry
 * per account and Region): the garbage-collection schedule (`harbor_garbage_collection`), the scan-all schedule and
 * default scanner (`harbor_interrogation_services`), and system robot accounts for CI that spans projects. Both
 * schedules are singletons without an importer: destroying them resets the schedule to none.
 */
export class HarborInstance extends Construct {
  /** The `harbor_garbage_collection` resource, when GC is managed (escape hatch). */
  public readonly garbageCollection?: GarbageCollection;
  /** The `harbor_interrogation_services` resource, when scan all is managed (escape hatch). */
  public readonly interrogationServices?: InterrogationServices;
  /** The Harbor instance. */
  public readonly connection: HarborConnection;

  constructor(scope: Construct, id: string, props: HarborInstanceProps = {}) {
    super(scope, id);
    const v = new Violations();
    const gc = props.garbageCollectionSchedule;
    if (gc !== undefined) {
      if (gc instanceof HarborSchedule) gc.validate(v, 'garbageCollectionSchedule');
      else v.add('garbageCollectionSchedule', 'is not a HarborSchedule', gc, 'HarborSchedule.WEEKLY or HarborSchedule.cron(...)');
    }
    const maxWorkers = props.allowTenGcWorkers ? 10 : 5;
    const workers = props.garbageCollectionWorkers;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > maxWorkers)) {
      v.add('garbageCollectionWorkers', `must be a whole number from 1 to ${maxWorkers}`, workers, props.allowTenGcWorkers ? '1 to 10' : '1 to 5, or 1 to 10 with allowTenGcWorkers on Harbor >= 2.13');
    }
    if (gc === undefined && (workers !== undefined || props.garbageCollectionDeleteUntagged !== undefined)) {
      v.add(workers !== undefined ? 'garbageCollectionWorkers' : 'garbageCollectionDeleteUntagged', 'has no garbage collection to configure', workers ?? props.garbageCollectionDeleteUntagged, 'set garbageCollectionSchedule too');
    }
    const scan = props.scanAllSchedule;
    if (scan !== undefined) {
      if (scan instanceof HarborSchedule) scan.validate(v, 'scanAllSchedule');
      else v.add('scanAllSchedule', 'is not a HarborSchedule', scan, 'HarborSchedule.DAILY or HarborSchedule.cron(...)');
    }
    if (props.defaultScanner !== undefined && scan === undefined) {
      v.add('defaultScanner', 'needs scanAllSchedule (both live in harbor_interrogation_services)', props.defaultScanner, 'set scanAllSchedule too');
    }
    if (props.defaultScanner !== undefined && (typeof props.defaultScanner !== 'string' || props.defaultScanner.trim() === '')) {
      v.add('defaultScanner', 'is empty', props.defaultScanner, 'the name of a registered scanner, e.g. "Trivy"');
    }
    v.throwIfAny(this.node.path);

    this.connection = HarborConnection.of(this, props.connection);
    const claimed = ((this.connection as any)[INSTANCES] ??= []) as string[];
    if (claimed.length > 0) {
      throw new ValidationError(this.node.path, [
        {
          property: 'connection',
          problem: 'already has a HarborInstance; its settings are singletons, and two would overwrite each other on every apply',
          value: claimed[0],
          allowed: 'one HarborInstance per HarborConnection',
        },
      ]);
    }
    claimed.push(this.node.path);

    if (gc !== undefined) {
      this.garbageCollection = new GarbageCollection(this, 'GarbageCollection', {
        schedule: gc.expression,
        workers: workers ?? 1,
        deleteUntagged: props.garbageCollectionDeleteUntagged ?? false,
        provider: this.connection.provider,
      });
    }
    if (scan !== undefined) {
      this.interrogationServices = new InterrogationServices(this, 'ScanAll', {
        vulnerabilityScanPolicy: scan.expression,
        defaultScanner: props.defaultScanner,
        provider: this.connection.provider,
      });
    }
  }

  /**
   * Adds a system robot account (`robot$<name>`): access to several projects (or all, `*`) and optionally to
   * instance-level resources. Managing it needs administrator credentials.
   */
  public addSystemRobotAccount(id: string, options: HarborSystemRobotOptions): HarborRobotAccount {
    const v = new Violations();
    const projects = options.projects ?? [];
    const system = options.systemAccess ?? [];
    if (projects.length === 0 && system.length === 0) v.add('projects', 'and systemAccess are both empty', projects, 'at least one project or one system access entry');
    const seen = new Set<string>();
    projects.forEach((p, i) => {
      if (typeof p.project !== 'string' || !(p.project === '*' || /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(p.project))) {
        v.add(`projects[${i}].project`, 'is not a project name or "*"', p.project, 'a Harbor project name, or "*" for every project');
      }
      if (seen.has(p.project)) v.add(`projects[${i}].project`, 'repeats an earlier project', p.project, 'each project once');
      seen.add(p.project);
      if (!(p.permissions instanceof HarborRobotPermissions)) v.add(`projects[${i}].permissions`, 'is not a HarborRobotPermissions', p.permissions, 'HarborRobotPermissions.PULL, PUSH or custom([...])');
    });
    v.throwIfAny(`${this.node.path}/${id}`);
    return new HarborRobotAccount(this, id, {
      ...options,
      level: HarborPermissionKind.SYSTEM,
      permissions: [
        // A project managed in this app is referred to through its resource, so the robot is created after it.
        ...projects.map((p) => ({ kind: HarborPermissionKind.PROJECT, namespace: p.project === '*' ? '*' : harborProjectNameRef(this.connection, p.project), access: [...p.permissions.access] })),
        ...(system.length > 0 ? [{ kind: HarborPermissionKind.SYSTEM, namespace: '/', access: [...system] }] : []),
      ],
      connection: this.connection,
    });
  }
}
