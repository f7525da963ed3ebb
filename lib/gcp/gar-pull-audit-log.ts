/** GarPullAuditLog: Artifact Registry's Data Access audit logs turned on, and Docker pulls kept in a log bucket for as long as a pull window needs. */

import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { Annotations, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { GAR_PULL_METHOD } from '../core/retention/gar/pulls';
import { isUnresolved } from '../core/tokens';
import type { IArtifactRegistryRepo } from './artifact-registry-repo';
import { validateProjectId } from './gcp-ids';

/** Properties of a GarPullAuditLog. */
export interface GarPullAuditLogProps {
  /** The project whose Artifact Registry pulls are logged (a literal: the log filter and bucket path name it). */
  readonly project: string;
  /**
   * The longest "not pulled in N days" window the logs must answer; the bucket keeps at least this long.
   * @default 90
   */
  readonly pullWindowDays?: number;
  /**
   * How long the bucket keeps pull events, in days (1-3650, at least `pullWindowDays`).
   * @default - pullWindowDays + 10
   */
  readonly retentionDays?: number;
  /**
   * The log bucket id (3-100 letters, digits, `_` and `-`).
   * @default "gar-pulls"
   */
  readonly bucketId?: string;
  /**
   * The bucket's location.
   * @default "global"
   */
  readonly bucketLocation?: string;
  /**
   * Only route pulls of these repositories.
   * @default - pulls of every repository in the project
   */
  readonly repositories?: IArtifactRegistryRepo[];
  /**
   * The Google provider.
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

const BUCKET_ID = /^[A-Za-z0-9_-]{3,100}$/;

/**
 * Turns on DATA_READ audit logs for `artifactregistry.googleapis.com` (`google_project_iam_audit_config`; every
 * Docker pull then logs a `Docker-GetManifest` entry) and routes those entries to a log bucket kept for the pull
 * window (`google_logging_project_bucket_config`, `google_logging_project_sink`). Export them with
 * `gcloudReadCommand` and pass the file to `registry-lifecycle preview --dialect gar --pulls` to see which
 * images a "not pulled in N days" policy would delete.
 *
 * The audit config is authoritative for Artifact Registry's audit logging in the project (it replaces any other
 * `auditConfigs` entry for the service), and DATA_READ also logs every blob fetch into the `_Default` bucket,
 * which Cloud Logging bills by volume: see docs/gcp-artifact-registry.md for the cost.
 */
export class GarPullAuditLog extends Construct {
  /** The `google_project_iam_audit_config` (escape hatch). */
  public readonly auditConfig: ProjectIamAuditConfig;
  /** The `google_logging_project_bucket_config` (escape hatch). */
  public readonly bucket: LoggingProjectBucketConfig;
  /** The `google_logging_project_sink` (escape hatch). */
  public readonly sink: LoggingProjectSink;
  /** The sink's filter: successful `Docker-GetManifest` audit entries (of the given repositories). */
  public readonly filter: string;
  /** The command that exports the pull window's events as the JSON `--pulls` reads. */
  public readonly gcloudReadCommand: string;

  constructor(scope: Construct, id: string, props: GarPullAuditLogProps) {
    super(scope, id);
    const v = new Violations();
    const window = props.pullWindowDays ?? 90;
    const retention = props.retentionDays ?? window + 10;
    const bucketId = props.bucketId ?? 'gar-pulls';
    const location = props.bucketLocation ?? 'global';
    if (props.project === undefined || isUnresolved(props.project)) v.add('project', 'must be a literal project id', props.project, 'e.g. "acme-prod" (the log filter and bucket path name it)');
    else validateProjectId(v, props.project);
    if (!Number.isInteger(window) || window < 1) v.add('pullWindowDays', 'must be a whole number of days ≥ 1', window, 'e.g. 90');
    if (!Number.isInteger(retention) || retention < 1 || retention > 3650) v.add('retentionDays', 'must be a whole number of days from 1 to 3650', retention, 'e.g. 100');
    else if (Number.isInteger(window) && retention < window) {
      v.add('retentionDays', `is shorter than pullWindowDays (${window})`, retention, `at least ${window}: a shorter log would count images pulled before it starts as never pulled`);
    }
    if (!BUCKET_ID.test(bucketId)) v.add('bucketId', 'is not a log bucket id', bucketId, '3-100 letters, digits, "_" and "-"');
    else if (bucketId.startsWith('_')) v.add('bucketId', 'starts with "_", which Cloud Logging reserves (_Default, _Required)', bucketId, 'an id such as "gar-pulls"');
    if (!/^[a-z0-9-]+$/.test(location)) v.add('bucketLocation', 'is not a Cloud Logging location', location, '"global" or a region such as "europe-west1"');
    v.throwIfAny(this.node.path);

    const repositoryFilter = (props.repositories ?? []).map((r) => `protoPayload.resourceName:"${r.repositoryName}/"`);
    this.filter = [
      `logName="projects/${props.project}/logs/cloudaudit.googleapis.com%2Fdata_access"`,
      'protoPayload.serviceName="artifactregistry.googleapis.com"',
      `protoPayload.methodName="${GAR_PULL_METHOD}"`,
      ...(repositoryFilter.length > 0 ? [repositoryFilter.length > 1 ? `(${repositoryFilter.join(' OR ')})` : repositoryFilter[0]] : []),
    ].join(' AND ');

    this.auditConfig = new ProjectIamAuditConfig(this, 'AuditConfig', {
      project: props.project,
      service: 'artifactregistry.googleapis.com',
      auditLogConfig: [{ logType: 'DATA_READ' }],
      provider: props.provider,
    });
    this.bucket = new LoggingProjectBucketConfig(this, 'Bucket', {
      project: props.project,
      location,
      bucketId,
      retentionDays: retention,
      description: `Artifact Registry pulls (${GAR_PULL_METHOD}), kept ${retention} days for a ${window}-day pull window`,
      provider: props.provider,
    });
    this.sink = new LoggingProjectSink(this, 'Sink', {
      project: props.project,
      name: `${bucketId}-sink`,
      destination: `logging.googleapis.com/projects/${props.project}/locations/${location}/buckets/${bucketId}`,
      filter: this.filter,
      uniqueWriterIdentity: true,
      provider: props.provider,
    });
    this.gcloudReadCommand = `gcloud logging read '${this.filter}' --project=${props.project} --bucket=${bucketId} --location=${location} --view=_AllLogs --freshness=${window}d --format=json > pulls.json`;
    Annotations.of(this).addWarning(
      `GarPullAuditLog: DATA_READ audit logs for artifactregistry.googleapis.com log every manifest and blob fetch of project ${props.project} into _Default too, billed by Cloud Logging volume; pulls before the first apply are not in the log`,
    );
  }
}
