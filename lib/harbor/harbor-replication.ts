/** HarborReplication: a push or pull replication policy (`harbor_replication`) between Harbor and a remote registry endpoint. */

import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { harborDoublestarProblem } from '../core/retention/harbor/doublestar';
import { isUnresolved } from '../core/tokens';
import { Replication, ReplicationFilters } from './.gen/providers/harbor/replication';
import { HarborConnection } from './harbor-connection';
import { IHarborRegistryEndpoint } from './harbor-registry-endpoint';
import { HarborSchedule } from './harbor-schedule';

/** Which way images move. Fixed at creation. */
export enum HarborReplicationDirection {
  /** From this Harbor to the endpoint. */
  PUSH = 'push',
  /** From the endpoint into this Harbor. */
  PULL = 'pull',
}

/** The kind of artifact a resource filter selects. */
export enum HarborReplicationResource {
  /** Container images. */
  IMAGE = 'image',
  /** Any OCI artifact. */
  ARTIFACT = 'artifact',
}

/** When a replication runs. */
export class HarborReplicationTrigger {
  /** Only when started by hand (UI or API). */
  public static readonly MANUAL = new HarborReplicationTrigger('manual');
  /** On every push and delete in the source (push replication only). */
  public static readonly EVENT_BASED = new HarborReplicationTrigger('event_based');

  /** On a 6-field cron with seconds first. Harbor's named schedules are not accepted for replication. */
  public static scheduled(schedule: HarborSchedule): HarborReplicationTrigger {
    return new HarborReplicationTrigger(schedule.expression, schedule);
  }

  private constructor(
    /** The provider's `schedule` value. */
    public readonly value: string,
    /** The cron schedule, for scheduled triggers. */
    public readonly schedule?: HarborSchedule,
  ) {}
}

/** Properties of a HarborReplication. */
export interface HarborReplicationProps {
  /** The policy name. */
  readonly name: string;
  /** Push to, or pull from, the endpoint. */
  readonly direction: HarborReplicationDirection;
  /** The remote registry: destination of a push, source of a pull. */
  readonly endpoint: IHarborRegistryEndpoint;
  /**
   * Doublestar pattern of repository names to replicate, including the namespace, e.g. `payments/**` or `library/nginx`.
   * @default - every repository
   */
  readonly nameFilter?: string;
  /**
   * Doublestar pattern of tags to replicate, e.g. `v*`.
   * @default - every tag
   */
  readonly tagFilter?: string;
  /**
   * Replicate the tags that do NOT match tagFilter instead.
   * @default false
   */
  readonly excludeTags?: boolean;
  /**
   * Labels an artifact must carry.
   * @default - no label filter
   */
  readonly labelFilter?: string[];
  /**
   * Replicate only this kind of artifact.
   * @default - every kind
   */
  readonly resourceFilter?: HarborReplicationResource;
  /**
   * The destination namespace (project).
   * @default - the source namespace
   */
  readonly destinationNamespace?: string;
  /**
   * How many leading path levels of the source repository to drop at the destination: -1 all, 0 none, 1-3.
   * @default 0
   */
  readonly flattening?: number;
  /**
   * When it runs.
   * @default HarborReplicationTrigger.MANUAL
   */
  readonly trigger?: HarborReplicationTrigger;
  /**
   * Also replicate deletions.
   * @default false
   */
  readonly replicateDeletion?: boolean;
  /**
   * Overwrite same-named artifacts at the destination.
   * @default true
   */
  readonly override?: boolean;
  /**
   * Start an execution right after the policy is created AND after every later update of it (the provider runs it on
   * each apply that changes the policy). A synth warning says so.
   * @default false
   */
  readonly executeOnChanged?: boolean;
  /**
   * Bandwidth limit per execution, Kbps.
   * @default - unlimited
   */
  readonly speedLimitKbps?: number;
  /**
   * Do not start an execution while one of this policy is running.
   * @default true
   */
  readonly singleActiveReplication?: boolean;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Enable the policy.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The Harbor instance.
   * @default - the only HarborConnection of the stack
   */
  readonly connection?: HarborConnection;
}

/**
 * A replication policy (`harbor_replication`). Each filter becomes its own filter block: the provider keeps only the
 * last field of a block that sets several, so one block per filter is the only form that means what it says.
 * Import id: `/replication/policies/<id>`.
 */
export class HarborReplication extends Construct {
  /** The `harbor_replication` resource (escape hatch). */
  public readonly resource: Replication;

  constructor(scope: Construct, id: string, props: HarborReplicationProps) {
    super(scope, id);
    const v = new Violations();
    if (typeof props.name !== 'string' || (!isUnresolved(props.name) && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(props.name))) {
      v.add('name', 'is not a valid policy name', props.name, '1-255 letters, digits, ".", "_" and "-", starting with a letter or digit');
    }
    if (!Object.values(HarborReplicationDirection).includes(props.direction)) v.add('direction', 'is not a direction', props.direction, 'HarborReplicationDirection.PUSH or PULL');
    for (const key of ['nameFilter', 'tagFilter'] as const) {
      const pattern = props[key];
      if (pattern === undefined || isUnresolved(pattern)) continue;
      const problem = typeof pattern !== 'string' || pattern.trim() === '' ? 'must be a non-empty string' : /\s/.test(pattern) ? 'contains spaces, which the provider removes' : harborDoublestarProblem(pattern);
      if (problem) v.add(key, `is not a valid doublestar pattern (${problem})`, pattern, 'a doublestar pattern such as "payments/**" or "v*"');
    }
    if (props.excludeTags && props.tagFilter === undefined) v.add('excludeTags', 'needs a tagFilter to exclude', props.excludeTags, 'set tagFilter, or drop excludeTags');
    if (props.labelFilter !== undefined && (props.labelFilter.length === 0 || props.labelFilter.some((l) => typeof l !== 'string' || l === ''))) {
      v.add('labelFilter', 'must hold at least one non-empty label', props.labelFilter, 'label names, or leave it unset');
    }
    if (props.resourceFilter !== undefined && !Object.values(HarborReplicationResource).includes(props.resourceFilter)) {
      v.add('resourceFilter', 'is not a resource kind', props.resourceFilter, 'HarborReplicationResource.IMAGE or ARTIFACT');
    }
    const flattening = props.flattening ?? 0;
    if (![-1, 0, 1, 2, 3].includes(flattening)) v.add('flattening', 'is not a flattening level', flattening, '-1 (all levels), 0 (none), 1, 2 or 3');
    const trigger = props.trigger ?? HarborReplicationTrigger.MANUAL;
    if (!(trigger instanceof HarborReplicationTrigger)) {
      v.add('trigger', 'is not a HarborReplicationTrigger', trigger, 'HarborReplicationTrigger.MANUAL, EVENT_BASED or scheduled(HarborSchedule.cron(...))');
    } else if (trigger.schedule) {
      if (['Hourly', 'Daily', 'Weekly'].includes(trigger.value)) {
        v.add('trigger', 'uses a named schedule, which replication does not accept (the provider sends it as a cron text)', trigger.value, 'HarborSchedule.cron("0 0 2 * * *")');
      } else trigger.schedule.validate(v, 'trigger');
    } else if (trigger === HarborReplicationTrigger.EVENT_BASED && props.direction === HarborReplicationDirection.PULL) {
      v.add('trigger', 'is event based, which only push replication supports (the remote registry sends Harbor no events)', 'event_based', 'HarborReplicationTrigger.MANUAL or scheduled(...)');
    }
    const speed = props.speedLimitKbps;
    if (speed !== undefined && !isUnresolved(speed) && (!Number.isInteger(speed) || speed < 1)) {
      v.add('speedLimitKbps', 'must be a whole number, at least 1', speed, 'a positive whole number of Kbps, or leave it unset for no limit');
    }
    v.throwIfAny(this.node.path);

    if (props.executeOnChanged) {
      Annotations.of(this).addWarning(
        `executeOnChanged: replication "${props.name}" starts an execution when it is created and again on every apply that changes the policy, not only once`,
      );
    }
    const filters: ReplicationFilters[] = [];
    if (props.nameFilter !== undefined) filters.push({ name: props.nameFilter });
    if (props.tagFilter !== undefined) filters.push({ tag: props.tagFilter, decoration: props.excludeTags ? 'excludes' : 'matches' });
    if (props.labelFilter !== undefined) filters.push({ labels: [...props.labelFilter], decoration: 'matches' });
    if (props.resourceFilter !== undefined) filters.push({ resource: props.resourceFilter });
    const connection = HarborConnection.of(this, props.connection);
    this.resource = new Replication(this, 'Resource', {
      name: props.name,
      action: props.direction,
      registryId: props.endpoint.registryId,
      filters: filters.length > 0 ? filters : undefined,
      destNamespace: props.destinationNamespace,
      destNamespaceReplace: flattening,
      schedule: trigger.value,
      deletion: props.replicateDeletion ?? false,
      override: props.override ?? true,
      executeOnChanged: props.executeOnChanged ?? false,
      speed: speed ?? -1,
      singleActiveReplication: props.singleActiveReplication ?? true,
      description: props.description,
      enabled: props.enabled ?? true,
      provider: connection.provider,
    });
  }
}
