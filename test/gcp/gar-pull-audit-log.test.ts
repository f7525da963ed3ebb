import { ArtifactRegistryRepo, GarPullAuditLog } from '../../lib/gcp';
import { errorOf, onlyResource, synth } from '../helpers';
import { gcpStack, warningsOf } from './helpers';

describe('GarPullAuditLog', () => {
  test('DATA_READ audit config, a bucket kept past the window, a sink of Docker-GetManifest entries', () => {
    const stack = gcpStack();
    const log = new GarPullAuditLog(stack, 'Pulls', { project: 'acme-prod' });
    const json = synth(stack);
    expect(onlyResource(json, 'google_project_iam_audit_config')).toEqual({ project: 'acme-prod', service: 'artifactregistry.googleapis.com', audit_log_config: [{ log_type: 'DATA_READ' }] });
    expect(onlyResource(json, 'google_logging_project_bucket_config')).toMatchObject({ project: 'acme-prod', location: 'global', bucket_id: 'gar-pulls', retention_days: 100 });
    const sink = onlyResource(json, 'google_logging_project_sink');
    expect(sink.destination).toBe('logging.googleapis.com/projects/acme-prod/locations/global/buckets/gar-pulls');
    expect(sink.filter).toBe(
      'logName="projects/acme-prod/logs/cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="artifactregistry.googleapis.com" AND protoPayload.methodName="Docker-GetManifest"',
    );
    expect(log.gcloudReadCommand).toContain('--bucket=gar-pulls --location=global --view=_AllLogs --freshness=90d --format=json');
    expect(warningsOf(log)).toEqual([expect.stringContaining('billed by Cloud Logging volume')]);
  });

  test('narrowed to repositories, custom window and retention', () => {
    const stack = gcpStack();
    const a = new ArtifactRegistryRepo(stack, 'A', { repositoryId: 'apps', location: 'europe-west1', project: 'acme-prod' });
    const b = ArtifactRegistryRepo.fromRepositoryAttributes(stack, 'B', { project: 'acme-prod', location: 'us', repositoryId: 'base' });
    const log = new GarPullAuditLog(stack, 'Pulls', { project: 'acme-prod', repositories: [a, b], pullWindowDays: 30, retentionDays: 45, bucketLocation: 'europe-west1', bucketId: 'pulls' });
    expect(log.filter).toContain(
      '(protoPayload.resourceName:"projects/acme-prod/locations/europe-west1/repositories/apps/" OR protoPayload.resourceName:"projects/acme-prod/locations/us/repositories/base/")',
    );
    expect(onlyResource(synth(stack), 'google_logging_project_bucket_config')).toMatchObject({ retention_days: 45, location: 'europe-west1', bucket_id: 'pulls' });
    expect(log.gcloudReadCommand).toContain('--freshness=30d');
  });

  test('every invalid setting at once', () => {
    const msg = errorOf(() => new GarPullAuditLog(gcpStack(), 'Pulls', { project: 'Acme', pullWindowDays: 90, retentionDays: 60, bucketId: '_Default', bucketLocation: 'EU' })).message;
    expect(msg).toContain('test/Pulls: project is not a GCP project id');
    expect(msg).toContain('retentionDays is shorter than pullWindowDays (90)');
    expect(msg).toContain('bucketId starts with "_"');
    expect(msg).toContain('bucketLocation is not a Cloud Logging location');
    const more = errorOf(() => new GarPullAuditLog(gcpStack(), 'Pulls', { project: 'acme-prod', pullWindowDays: 0.5, retentionDays: 4000, bucketId: 'x' })).message;
    expect(more).toContain('pullWindowDays must be a whole number of days ≥ 1');
    expect(more).toContain('retentionDays must be a whole number of days from 1 to 3650');
    expect(more).toContain('bucketId is not a log bucket id');
  });
});
