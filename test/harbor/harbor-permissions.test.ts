import * as fc from 'fast-check';
import { Violations } from '../../lib/core/errors';
import { HarborAccess, HarborPermissionKind, HarborRobotPermissions, harborPermissionPairs, validateAccess } from '../../lib/harbor/harbor-permissions';

// Harbor's RBAC vocabulary as the reference notes list it (src/common/rbac/const.go), stated here independently of
// the table under test; jobservice-monitor and security-hub are newer resources of the same file.
const ACTIONS = ['pull', 'push', 'create', 'read', 'update', 'delete', 'list', 'operate', 'scanner-pull', 'stop'];
const RESOURCES = [
  'configuration', 'helm-chart', 'helm-chart-version', 'helm-chart-version-label', 'label', 'log', 'ldap-user', 'member', 'metadata', 'quota',
  'repository', 'tag-retention', 'immutable-tag', 'robot', 'notification-policy', 'scan', 'scanner', 'artifact', 'tag', 'accessory',
  'artifact-addition', 'artifact-label', 'preheat-policy', 'preheat-instance', 'audit-log', 'catalog', 'project', 'user', 'user-group',
  'registry', 'replication', 'distribution', 'garbage-collection', 'replication-adapter', 'replication-policy', 'scan-all',
  'system-volumes', 'purge-audit', 'jobservice-monitor', 'security-hub',
];

function problems(kind: HarborPermissionKind, access: HarborAccess[]): string[] {
  const v = new Violations();
  validateAccess(v, 'access', access, kind);
  return v.items.map((x) => x.problem);
}

describe('robot permission table', () => {
  test.each([HarborPermissionKind.PROJECT, HarborPermissionKind.SYSTEM])('every %s pair uses Harbor\'s own action and resource names, and no wildcard', (kind) => {
    for (const pair of harborPermissionPairs(kind)) {
      const [resource, action] = pair.split(':');
      expect(RESOURCES).toContain(resource);
      expect(ACTIONS).toContain(action);
    }
  });

  test('PULL and PUSH are project pairs, push adds exactly repository:push', () => {
    const pairs = (p: HarborRobotPermissions) => p.access.map((a) => `${a.resource}:${a.action}`);
    expect(problems(HarborPermissionKind.PROJECT, [...HarborRobotPermissions.PUSH.access])).toEqual([]);
    expect(pairs(HarborRobotPermissions.PULL)).toEqual(['repository:pull']);
    expect(pairs(HarborRobotPermissions.PUSH)).toEqual(['repository:pull', 'repository:push']);
  });

  test('property: a pair is accepted exactly when it is in the table of its kind', () => {
    const kinds = [HarborPermissionKind.PROJECT, HarborPermissionKind.SYSTEM];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom(...RESOURCES, '*'), fc.constantFrom(...ACTIONS, '*'), (kind, resource, action) => {
        const accepted = problems(kind, [HarborAccess.of(resource, action)]).length === 0;
        expect(accepted).toBe(harborPermissionPairs(kind).includes(`${resource}:${action}`));
      }),
      { numRuns: 500 },
    );
  });

  test('wildcards are refused: Harbor grants robots named pairs only', () => {
    expect(problems(HarborPermissionKind.PROJECT, [HarborAccess.of('*', '*')])[0]).toMatch(/names a resource Harbor does not grant robots at project level/);
    expect(problems(HarborPermissionKind.PROJECT, [HarborAccess.of('repository', '*')])[0]).toMatch(/repository has no action "\*"/);
  });

  test('an empty list is refused', () => {
    expect(problems(HarborPermissionKind.PROJECT, [])[0]).toBe('is empty');
  });
});
