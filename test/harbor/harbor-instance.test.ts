import { HarborConnection, HarborCredentials } from '../../lib/harbor/harbor-connection';
import { HarborInstance } from '../../lib/harbor/harbor-instance';
import { HarborAccess, HarborRobotPermissions } from '../../lib/harbor/harbor-permissions';
import { HarborProject } from '../../lib/harbor/harbor-project';
import { HarborSchedule } from '../../lib/harbor/harbor-schedule';
import { validationMessageOf } from '../support/errors';
import { all, harborStack, only, synth } from './support';

describe('HarborInstance', () => {
  test('GC and scan-all schedules, default scanner', () => {
    const { stack } = harborStack();
    new HarborInstance(stack, 'Instance', {
      garbageCollectionSchedule: HarborSchedule.WEEKLY,
      garbageCollectionWorkers: 3,
      garbageCollectionDeleteUntagged: true,
      scanAllSchedule: HarborSchedule.cron('0 0 4 * * *'),
      defaultScanner: 'Trivy',
    });
    const json = synth(stack);
    expect(only(json, 'harbor_garbage_collection')).toMatchObject({ schedule: 'Weekly', workers: 3, delete_untagged: true });
    expect(only(json, 'harbor_interrogation_services')).toMatchObject({ vulnerability_scan_policy: '0 0 4 * * *', default_scanner: 'Trivy' });
  });

  test('GC defaults: one worker, untagged artifacts kept; nothing unmanaged is created', () => {
    const { stack } = harborStack();
    new HarborInstance(stack, 'Instance', { garbageCollectionSchedule: HarborSchedule.DAILY });
    const json = synth(stack);
    expect(only(json, 'harbor_garbage_collection')).toMatchObject({ schedule: 'Daily', workers: 1, delete_untagged: false });
    expect(all(json, 'harbor_interrogation_services')).toEqual([]);
  });

  test('one per connection: a second instance on the same Harbor is refused; another Harbor may have its own', () => {
    const { stack, connection } = harborStack();
    new HarborInstance(stack, 'A', { connection });
    expect(validationMessageOf(() => new HarborInstance(stack, 'B', { connection }))).toMatch(/test\/B: connection already has a HarborInstance; its settings are singletons/);
    const other = new HarborConnection(stack, 'Other', { url: 'https://other.example.com', alias: 'other', credentials: HarborCredentials.fromEnvironment() });
    new HarborInstance(stack, 'C', { connection: other, scanAllSchedule: HarborSchedule.DAILY });
    expect(only(synth(stack), 'harbor_interrogation_services').provider).toBe('harbor.other');
  });

  test('validation', () => {
    const { stack } = harborStack();
    let n = 0;
    const msg = (props: ConstructorParameters<typeof HarborInstance>[2]) => validationMessageOf(() => new HarborInstance(stack, `I${n++}`, props));
    expect(msg({ garbageCollectionSchedule: HarborSchedule.DAILY, garbageCollectionWorkers: 6 })).toMatch(/garbageCollectionWorkers must be a whole number from 1 to 5 \(got 6\); 1 to 5, or 1 to 10 with allowTenGcWorkers/);
    expect(msg({ garbageCollectionWorkers: 2 })).toMatch(/garbageCollectionWorkers has no garbage collection to configure/);
    expect(msg({ defaultScanner: 'Trivy' })).toMatch(/defaultScanner needs scanAllSchedule/);
    expect(msg({ scanAllSchedule: HarborSchedule.cron('weekly') })).toMatch(/scanAllSchedule names a schedule in a case Harbor does not report back/);
    // "Monthly" is not a Harbor schedule; its cron is accepted.
    expect(new HarborInstance(harborStack().stack, 'Monthly', { garbageCollectionSchedule: HarborSchedule.cron('0 0 0 1 * *') }).garbageCollection).toBeDefined();
  });

  test('a system robot for CI across projects, with checked system access', () => {
    const { stack } = harborStack();
    const instance = new HarborInstance(stack, 'Instance');
    instance.addSystemRobotAccount('Ci', {
      name: 'ci',
      projects: [
        { project: 'payments', permissions: HarborRobotPermissions.PUSH },
        { project: 'shared', permissions: HarborRobotPermissions.PULL },
      ],
      systemAccess: [HarborAccess.of('project', 'list')],
    });
    const robot = only(synth(stack), 'harbor_robot_account');
    expect(robot.level).toBe('system');
    expect(robot.permissions).toEqual([
      { kind: 'project', namespace: 'payments', access: [{ resource: 'repository', action: 'pull', effect: 'allow' }, { resource: 'repository', action: 'push', effect: 'allow' }] },
      { kind: 'project', namespace: 'shared', access: [{ resource: 'repository', action: 'pull', effect: 'allow' }] },
      { kind: 'system', namespace: '/', access: [{ resource: 'project', action: 'list', effect: 'allow' }] },
    ]);
  });

  test('a system robot refers to a project managed in the app through its resource, so it is created after it', () => {
    const { stack } = harborStack();
    new HarborProject(stack, 'Payments', { projectName: 'payments' });
    new HarborInstance(stack, 'Instance').addSystemRobotAccount('Ci', {
      name: 'ci',
      projects: [
        { project: 'payments', permissions: HarborRobotPermissions.PUSH },
        { project: 'elsewhere', permissions: HarborRobotPermissions.PULL },
        { project: '*', permissions: HarborRobotPermissions.PULL },
      ],
    });
    const namespaces = only(synth(stack), 'harbor_robot_account').permissions.map((p: any) => p.namespace);
    expect(namespaces).toEqual([expect.stringMatching(/^\$\{harbor_project\.Payments_[A-Z0-9]+\.name\}$/), 'elsewhere', '*']);
  });

  test('system robot validation: pairs Harbor refuses at system level, bad projects, nothing granted', () => {
    const { stack } = harborStack();
    const instance = new HarborInstance(stack, 'Instance');
    expect(validationMessageOf(() => instance.addSystemRobotAccount('A', { name: 'a', systemAccess: [HarborAccess.of('repository', 'pull')] }))).toMatch(
      /test\/Instance\/A: permissions\[0\]\.access\[0\] names a resource Harbor does not grant robots at system level \(got "repository:pull"\)/,
    );
    expect(validationMessageOf(() => instance.addSystemRobotAccount('B', { name: 'b', projects: [{ project: 'Bad!', permissions: HarborRobotPermissions.PULL }] }))).toMatch(/projects\[0\]\.project is not a project name or "\*"/);
    expect(validationMessageOf(() => instance.addSystemRobotAccount('C', { name: 'c' }))).toMatch(/projects and systemAccess are both empty/);
  });
});
