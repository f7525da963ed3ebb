import * as fs from 'fs';
import * as path from 'path';
import { applyGarPulls, GarPullLog, parseGarImages, parseGarPullLog } from '../../../support/core';
import { errorOf } from '../../../helpers';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'cli', 'gar');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

function entry(method: string, url: unknown, timestamp: unknown, code?: number): unknown {
  return { timestamp, protoPayload: { methodName: method, request: { requestUrl: url }, ...(code === undefined ? {} : { status: { code } }) } };
}

describe('parseGarPullLog', () => {
  test('reads successful manifest fetches; counts other methods and failures', () => {
    const log = parseGarPullLog(read('pulls.json'), 'pulls.json');
    expect(log.events).toEqual([
      { repositoryPath: 'acme-prod/apps', packageName: 'worker', reference: 'v2.0.0', time: Date.parse('2025-05-28T06:00:00.123Z') },
      { repositoryPath: 'acme-prod/apps', packageName: 'api', reference: expect.stringMatching(/^sha256:/), time: Date.parse('2025-01-10T09:30:00Z') },
    ]);
    expect(log.otherMethods).toBe(1);
    expect(log.failed).toBe(1);
  });

  test('nested image names keep their path', () => {
    const log = parseGarPullLog([entry('Docker-GetManifest', `/v2/p/r/team/api/manifests/${D1}`, '2025-01-01T00:00:00Z')]);
    expect(log.events[0]).toMatchObject({ repositoryPath: 'p/r', packageName: 'team/api', reference: D1 });
  });

  test('errors name the source and every bad field', () => {
    expect(errorOf(() => parseGarPullLog({}, 'x.json')).message).toContain('x.json: (document) must be a JSON list of log entries');
    const msg = errorOf(() =>
      parseGarPullLog([1, { protoPayload: 2 }, entry('Docker-GetManifest', '/v2/p/r/manifests/latest', 'yesterday'), entry('Docker-GetManifest', '/v2/p/r/api/blobs/x', '2025-01-01T00:00:00Z')], 'x.json'),
    ).message;
    expect(msg).toContain('x.json: [0] must be an object');
    expect(msg).toContain('[1].protoPayload is required and must be an object');
    expect(msg).toContain('[2].timestamp is not an RFC 3339 time (got "yesterday")');
    expect(msg).toContain('[2].protoPayload.request.requestUrl is not a manifest request');
    expect(msg).toContain('[3].protoPayload.request.requestUrl is not a manifest request');
  });
});

describe('applyGarPulls', () => {
  const images = [
    { digest: D1, tags: ['v1'], pushedAt: 0, repository: 'api' },
    { digest: D2, tags: [], pushedAt: 0, repository: 'api' },
  ];
  const log = (events: Array<[string, string, number]>, repositoryPath = 'p/r'): GarPullLog => ({
    events: events.map(([packageName, reference, time]) => ({ repositoryPath, packageName, reference, time })),
    otherMethods: 0,
    failed: 0,
  });

  test('latest pull by digest or by a current tag; other packages do not count', () => {
    const out = applyGarPulls(images, log([['api', D1, 10], ['api', 'v1', 30], ['api', D1, 20], ['web', D2, 99]]));
    expect(out.images.map((i) => i.lastPulledAt)).toEqual([30, undefined]);
    expect(out.warnings).toContainEqual(expect.stringContaining('1 image(s) got their last pull through a tag'));
    expect(out.warnings).toContainEqual(expect.stringContaining('the pull log starts at 1970-01-01T00:00:00.010Z'));
  });

  test('an empty log and a log of several repositories are reported', () => {
    expect(applyGarPulls(images, log([])).warnings).toEqual([expect.stringContaining('holds no successful Docker-GetManifest entries')]);
    const several: GarPullLog = { events: [...log([['api', D1, 1]], 'p/a').events, ...log([['api', D1, 2]], 'p/b').events], otherMethods: 0, failed: 0 };
    expect(applyGarPulls(images, several).warnings[0]).toContain('pulls of 2 repositories (p/a, p/b)');
  });

  test('fills a real listing', () => {
    const listing = parseGarImages(read('images.json'));
    const out = applyGarPulls(listing, parseGarPullLog(read('pulls.json')));
    const pulled = out.images.filter((i) => i.lastPulledAt !== undefined).map((i) => `${i.repository}:${i.tags.join(',')}`);
    expect(pulled.sort()).toEqual(['api:pr-1412', 'worker:v2.0.0']);
  });
});

describe('GarRetention pull-log entry points', () => {
  test('parsePullLog and withPullTimes are the functions above', () => {
    const { GarRetention } = require('../../../../lib');
    const log = GarRetention.parsePullLog(read('pulls.json'));
    expect(log.events).toHaveLength(2);
    const applied = GarRetention.withPullTimes(GarRetention.parseImages(read('images.json')), log);
    expect(applied.images.filter((i: any) => i.lastPulledAt !== undefined)).toHaveLength(2);
  });
});
