import { Testing } from 'cdktf';
import { GcpArtifactRegistryStack } from '../../examples/gcp-artifact-registry/main';

// The gcp-artifact-registry example delivers the request "a GCP Artifact Registry with a Docker credential helper
// and cleanup of images not pulled in 90 days": each part is checked in the synthesized JSON.
describe('example gcp-artifact-registry', () => {
  const stack = new GcpArtifactRegistryStack(Testing.app(), 'gcp-artifact-registry');
  const json = JSON.parse(Testing.synth(stack, true));
  const all = (type: string): any[] => Object.values(json.resource[type] ?? {});

  test('one Docker repository with immutable tags and scanning, cleanup in dry run', () => {
    const [repo] = all('google_artifact_registry_repository');
    expect(all('google_artifact_registry_repository')).toHaveLength(1);
    expect(repo).toMatchObject({ repository_id: 'apps', location: 'europe-west1', format: 'DOCKER', docker_config: { immutable_tags: true }, cleanup_policy_dry_run: true });
    expect(repo.cleanup_policies).toEqual([
      { id: 'keep-protected-tags', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['v'] } },
      { id: 'delete-untagged-14d', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '1209600s' } },
      { id: 'delete-older-than-90d', action: 'DELETE', condition: { tag_state: 'ANY', older_than: '7776000s' } },
    ]);
  });

  test('the approximation, the dry run and the audit-log cost are synth warnings', () => {
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
    expect(warnings).toEqual([
      expect.stringContaining('approximated in GCP Artifact Registry (GAR) as "uploaded more than 90 days ago"'),
      expect.stringContaining('cleanupPolicyDryRun is true'),
      expect.stringContaining('GarPullAuditLog: DATA_READ audit logs'),
    ]);
  });

  test('the credential helper, the set-up and CI login commands are outputs', () => {
    expect(JSON.parse(json.output.docker_cred_helpers.value)).toEqual({ credHelpers: { 'europe-west1-docker.pkg.dev': 'gcloud' } });
    expect(json.output.docker_setup_command.value).toBe('gcloud auth configure-docker europe-west1-docker.pkg.dev --quiet');
    expect(json.output.docker_ci_login_command.value).toContain('docker login --username oauth2accesstoken --password-stdin https://europe-west1-docker.pkg.dev');
    expect(json.output.repository_url.value).toBe('europe-west1-docker.pkg.dev/acme-prod/apps');
    expect(JSON.parse(json.output.registry_endpoint.value)).toMatchObject({ family: 'gar', host: 'europe-west1-docker.pkg.dev', credentialHelper: 'gcloud' });
  });

  test('pulls are logged to a bucket kept past 90 days', () => {
    expect(all('google_project_iam_audit_config')).toEqual([expect.objectContaining({ service: 'artifactregistry.googleapis.com', audit_log_config: [{ log_type: 'DATA_READ' }] })]);
    expect(all('google_logging_project_bucket_config')[0].retention_days).toBeGreaterThanOrEqual(90);
    expect(json.output.pulls_export_command.value).toContain('--freshness=90d');
  });

  test('CI pushes from main only, pull requests pull, the runtime pulls, APIs stay on at destroy', () => {
    const roles = all('google_artifact_registry_repository_iam_member').map((m) => [m.role, m.member.replace(/\$\{[^}]+\}/, 'POOL')]);
    expect(roles).toEqual(
      expect.arrayContaining([
        ['roles/artifactregistry.writer', 'principalSet://iam.googleapis.com/POOL/attribute.repository/acme/shop'],
        ['roles/artifactregistry.reader', 'principalSet://iam.googleapis.com/POOL/attribute.repository/acme/shop'],
        ['roles/artifactregistry.reader', 'serviceAccount:shop-run@acme-prod.iam.gserviceaccount.com'],
      ]),
    );
    expect(roles).toHaveLength(3);
    const conditions = all('google_iam_workload_identity_pool_provider').map((p) => p.attribute_condition).sort();
    expect(conditions).toEqual(["assertion.repository == 'acme/shop' && assertion.event_name == 'pull_request'", "assertion.repository == 'acme/shop' && assertion.ref == 'refs/heads/main'"]);
    const services = all('google_project_service');
    expect(services.map((s) => s.service).sort()).toEqual(['artifactregistry.googleapis.com', 'containerscanning.googleapis.com', 'iam.googleapis.com', 'sts.googleapis.com']);
    for (const s of services) expect(s.disable_on_destroy).toBe(false);
  });
});
