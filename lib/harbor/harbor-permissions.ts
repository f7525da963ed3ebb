/**
 * Robot account permissions: the action/resource pairs Harbor lets a robot hold, checked before Harbor sees them.
 * The tables are Harbor's own (`PoliciesMap` in src/common/rbac/const.go): the Harbor API refuses any pair outside
 * them for the given kind, but the Terraform provider passes every string through, so the mistake only shows at
 * apply.
 */

import { Violations } from '../core/errors';

/** Where a permission set applies. */
export enum HarborPermissionKind {
  /** Inside one project (or every project, namespace `*`). */
  PROJECT = 'project',
  /** Instance-wide resources (registries, replication, GC, scan all, projects list/create...). */
  SYSTEM = 'system',
}

/** Whether an access entry grants or denies. */
export enum HarborAccessEffect {
  /** Grant (Harbor's default). */
  ALLOW = 'allow',
  /** Deny, overriding a grant. */
  DENY = 'deny',
}

const p = (resource: string, ...actions: string[]): Array<[string, string]> => actions.map((a) => [resource, a]);

/** Pairs a robot may hold inside a project (Harbor `PoliciesMap["Project"]`). */
const PROJECT_PAIRS: ReadonlyArray<[string, string]> = [
  ...p('log', 'list'),
  ...p('project', 'read', 'delete', 'update'),
  ...p('metadata', 'read', 'create', 'delete', 'list', 'update'),
  ...p('repository', 'read', 'update', 'delete', 'list', 'pull', 'push'),
  ...p('artifact', 'read', 'create', 'list', 'delete'),
  ...p('scan', 'create', 'read', 'stop'),
  ...p('tag', 'create', 'list', 'delete'),
  ...p('accessory', 'list'),
  ...p('artifact-addition', 'read'),
  ...p('artifact-label', 'create', 'delete'),
  ...p('scanner', 'create', 'read'),
  ...p('preheat-policy', 'read', 'create', 'delete', 'list', 'update'),
  ...p('immutable-tag', 'create', 'delete', 'list', 'update'),
  ...p('notification-policy', 'read', 'create', 'delete', 'list', 'update'),
  ...p('tag-retention', 'read', 'create', 'delete', 'list', 'update'),
  ...p('label', 'read', 'create', 'delete', 'list', 'update'),
  ...p('quota', 'read'),
];

/** Pairs a system robot may hold at system level (Harbor `PoliciesMap["System"]`). */
const SYSTEM_PAIRS: ReadonlyArray<[string, string]> = [
  ...p('audit-log', 'list'),
  ...p('preheat-instance', 'read', 'create', 'delete', 'list', 'update'),
  ...p('project', 'list', 'create'),
  ...p('replication-policy', 'read', 'create', 'delete', 'list', 'update'),
  ...p('replication', 'read', 'create', 'list'),
  ...p('replication-adapter', 'list'),
  ...p('registry', 'read', 'create', 'delete', 'list', 'update'),
  ...p('scan-all', 'read', 'update', 'stop', 'create'),
  ...p('system-volumes', 'read'),
  ...p('garbage-collection', 'read', 'create', 'list', 'update', 'stop'),
  ...p('purge-audit', 'read', 'create', 'list', 'update', 'stop'),
  ...p('jobservice-monitor', 'list', 'stop'),
  ...p('scanner', 'read', 'create', 'delete', 'list', 'update'),
  ...p('label', 'read', 'create', 'delete', 'update'),
  ...p('security-hub', 'read', 'list'),
  ...p('catalog', 'read'),
  ...p('quota', 'read', 'list'),
];

const TABLES: Record<HarborPermissionKind, ReadonlyMap<string, ReadonlySet<string>>> = {
  [HarborPermissionKind.PROJECT]: index(PROJECT_PAIRS),
  [HarborPermissionKind.SYSTEM]: index(SYSTEM_PAIRS),
};

function index(pairs: ReadonlyArray<[string, string]>): ReadonlyMap<string, ReadonlySet<string>> {
  const m = new Map<string, Set<string>>();
  for (const [r, a] of pairs) m.set(r, (m.get(r) ?? new Set()).add(a));
  return m;
}

/** One action on one resource, e.g. `pull` on `repository`. */
export class HarborAccess {
  /** An access entry; checked against Harbor's table when a robot account uses it. */
  public static of(resource: string, action: string, effect: HarborAccessEffect = HarborAccessEffect.ALLOW): HarborAccess {
    return new HarborAccess(resource, action, effect);
  }

  private constructor(
    /** The Harbor RBAC resource, e.g. `repository`. */
    public readonly resource: string,
    /** The action, e.g. `pull`. */
    public readonly action: string,
    /** Grant or deny. */
    public readonly effect: HarborAccessEffect,
  ) {}
}

/**
 * What a robot may do in a project. `PULL` and `PUSH` are the least-privilege sets for runtimes and build agents;
 * `custom` takes any pairs from Harbor's project table.
 */
export class HarborRobotPermissions {
  /** Pull images: `repository:pull` (runtimes, deploy jobs). */
  public static readonly PULL = new HarborRobotPermissions([HarborAccess.of('repository', 'pull')]);
  /** Push and pull images: `repository:pull`, `repository:push` (build agents). No delete, no settings. */
  public static readonly PUSH = new HarborRobotPermissions([HarborAccess.of('repository', 'pull'), HarborAccess.of('repository', 'push')]);

  /** Any pairs of Harbor's project table, e.g. `HarborAccess.of('artifact', 'delete')`. */
  public static custom(access: HarborAccess[]): HarborRobotPermissions {
    return new HarborRobotPermissions([...access]);
  }

  private constructor(
    /** The access entries. */
    public readonly access: readonly HarborAccess[],
  ) {}
}

/**
 * Records every entry of `access` that Harbor would refuse for `kind` under `property` (`permissions[0].access[2]`),
 * and duplicates.
 */
export function validateAccess(v: Violations, property: string, access: readonly HarborAccess[] | undefined, kind: HarborPermissionKind): void {
  if (!Array.isArray(access) || access.length === 0) {
    v.add(property, 'is empty', access, 'at least one access entry, e.g. HarborRobotPermissions.PULL');
    return;
  }
  const table = TABLES[kind];
  const seen = new Set<string>();
  access.forEach((a, i) => {
    const at = `${property}[${i}]`;
    if (!(a instanceof HarborAccess)) {
      v.add(at, 'is not a HarborAccess', a, 'HarborAccess.of(resource, action)');
      return;
    }
    const actions = table.get(a.resource);
    if (!actions) {
      v.add(at, `names a resource Harbor does not grant robots at ${kind} level`, `${a.resource}:${a.action}`, `one of ${[...table.keys()].join(', ')}`);
    } else if (!actions.has(a.action)) {
      v.add(at, `is a pair Harbor refuses: ${a.resource} has no action "${a.action}" at ${kind} level`, `${a.resource}:${a.action}`, `${a.resource} with ${[...actions].join(', ')}`);
    }
    if (!Object.values(HarborAccessEffect).includes(a.effect)) v.add(`${at}.effect`, 'is not an effect', a.effect, 'HarborAccessEffect.ALLOW or DENY');
    const key = `${a.resource}:${a.action}`;
    if (seen.has(key)) v.add(at, 'repeats an earlier entry', key, 'each resource/action pair once');
    seen.add(key);
  });
}

/** The pairs Harbor grants robots for `kind`, as `resource:action` (for documentation and tests). */
export function harborPermissionPairs(kind: HarborPermissionKind): string[] {
  return [...TABLES[kind].entries()].flatMap(([r, actions]) => [...actions].map((a) => `${r}:${a}`));
}
