import { HarborRegistryEndpoint, HarborUpstreamKind } from '../../lib/harbor/harbor-registry-endpoint';
import { HarborReplication, HarborReplicationDirection, HarborReplicationProps, HarborReplicationResource, HarborReplicationTrigger } from '../../lib/harbor/harbor-replication';
import { HarborSchedule } from '../../lib/harbor/harbor-schedule';
import { validationMessageOf } from '../support/errors';
import { harborStack, only, synth, warnings } from './support';

function setup() {
  const { stack } = harborStack();
  const dr = new HarborRegistryEndpoint(stack, 'Dr', { name: 'harbor-dr', kind: HarborUpstreamKind.HARBOR, endpointUrl: 'https://harbor-dr.example.com', accessId: 'robot$replicator', accessSecretVariable: 'dr_secret' });
  return { stack, dr };
}

describe('HarborReplication', () => {
  test('push replication: one filter block per filter, safe defaults', () => {
    const { stack, dr } = setup();
    new HarborReplication(stack, 'ToDr', {
      name: 'payments-to-dr',
      direction: HarborReplicationDirection.PUSH,
      endpoint: dr,
      nameFilter: 'payments/**',
      tagFilter: 'dev-*',
      excludeTags: true,
      labelFilter: ['approved'],
      resourceFilter: HarborReplicationResource.IMAGE,
      trigger: HarborReplicationTrigger.EVENT_BASED,
    });
    const r = only(synth(stack), 'harbor_replication');
    expect(r).toMatchObject({ name: 'payments-to-dr', action: 'push', schedule: 'event_based', deletion: false, override: true, execute_on_changed: false, speed: -1, enabled: true, dest_namespace_replace: 0 });
    expect(r.registry_id).toMatch(/harbor_registry\..*\.registry_id/);
    expect(r.filters).toEqual([{ name: 'payments/**' }, { tag: 'dev-*', decoration: 'excludes' }, { labels: ['approved'], decoration: 'matches' }, { resource: 'image' }]);
    expect(warnings(stack)).toEqual([]);
  });

  test('pull replication on a cron schedule into a namespace', () => {
    const { stack, dr } = setup();
    new HarborReplication(stack, 'FromDr', {
      name: 'base-images',
      direction: HarborReplicationDirection.PULL,
      endpoint: dr,
      nameFilter: 'library/**',
      destinationNamespace: 'mirror',
      flattening: 1,
      trigger: HarborReplicationTrigger.scheduled(HarborSchedule.cron('0 0 3 * * *')),
    });
    expect(only(synth(stack), 'harbor_replication')).toMatchObject({ action: 'pull', schedule: '0 0 3 * * *', dest_namespace: 'mirror', dest_namespace_replace: 1 });
  });

  test('trap: execute_on_changed runs on every update, and says so', () => {
    const { stack, dr } = setup();
    new HarborReplication(stack, 'Now', { name: 'now', direction: HarborReplicationDirection.PUSH, endpoint: dr, executeOnChanged: true });
    expect(only(synth(stack), 'harbor_replication').execute_on_changed).toBe(true);
    expect(warnings(stack).join('\n')).toMatch(/executeOnChanged: replication "now" starts an execution when it is created and again on every apply that changes the policy/);
  });

  test('validation: every problem at once', () => {
    const { stack, dr } = setup();
    const props: HarborReplicationProps = {
      name: 'bad name',
      direction: HarborReplicationDirection.PULL,
      endpoint: dr,
      nameFilter: 'a b',
      excludeTags: true,
      flattening: 4,
      trigger: HarborReplicationTrigger.EVENT_BASED,
      speedLimitKbps: 0,
      labelFilter: [],
    };
    const message = validationMessageOf(() => new HarborReplication(stack, 'R', props));
    expect(message).toMatch(/test\/R: name is not a valid policy name \(got "bad name"\)/);
    expect(message).toMatch(/nameFilter is not a valid doublestar pattern \(contains spaces, which the provider removes\)/);
    expect(message).toMatch(/excludeTags needs a tagFilter to exclude/);
    expect(message).toMatch(/flattening is not a flattening level \(got 4\)/);
    expect(message).toMatch(/trigger is event based, which only push replication supports/);
    expect(message).toMatch(/speedLimitKbps must be a whole number, at least 1 \(got 0\)/);
    expect(message).toMatch(/labelFilter must hold at least one non-empty label/);
  });

  test('a named schedule is refused for replication (the provider would send it as cron text)', () => {
    const { stack, dr } = setup();
    expect(validationMessageOf(() => new HarborReplication(stack, 'R', { name: 'r', direction: HarborReplicationDirection.PUSH, endpoint: dr, trigger: HarborReplicationTrigger.scheduled(HarborSchedule.DAILY) }))).toMatch(
      /trigger uses a named schedule, which replication does not accept/,
    );
  });
});
