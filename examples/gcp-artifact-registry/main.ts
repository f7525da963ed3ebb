/**
 * Example: a GCP Artifact Registry repository with the gcloud Docker credential helper and cleanup of images not
 * pulled in 90 days, answered honestly: GAR can only age images from upload, so the cleanup policy is the
 * approximation (rolled out in dry-run), and the pull audit log lets `registry-lifecycle preview --pulls` show
 * which images really were not pulled.
 */

import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RetentionPolicy, RetentionRule, StaleImageAction } from '../../lib';
import { ArtifactRegistryRepo, CiSubject, GarCiAccess, GarCiIdentity, GarPullAuditLog, GcpMember } from '../../lib/gcp';
import { GuardrailSuppressions } from '../../lib/guardrails';

/** The `gcp-artifact-registry` example stack. */
export class GcpArtifactRegistryStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new GoogleProvider(this, 'google', { project: 'acme-prod', region: 'europe-west1' });

    const repository = new ArtifactRegistryRepo(this, 'Apps', {
      repositoryId: 'apps',
      location: 'europe-west1',
      project: 'acme-prod',
      description: 'Container images of the shop services',
      labels: { team: 'platform' },
      // Release tags are kept whatever their age; untagged leftovers go after 14 days; the rest goes when it was
      // "not pulled in 90 days", which GAR approximates as "uploaded more than 90 days ago" (a synth warning says so).
      retentionPolicy: RetentionPolicy.of({
        rules: [
          RetentionRule.protect({ tagPatterns: ['v*'] }),
          RetentionRule.expireUntagged({ days: 14 }),
          RetentionRule.expireNotPulled({ days: 90, action: StaleImageAction.EXPIRE }),
        ],
      }),
      allowRetentionApproximations: true,
      // First rollout: GAR logs what it would delete. Compare with `registry-lifecycle preview`, then set false.
      cleanupPolicyDryRun: true,
      // Artifact Registry and Container Scanning APIs, never disabled on destroy.
      enableApis: true,
    });
    // The guardrails report a cleanup in dry run (it deletes nothing): on a first rollout that is the point.
    GuardrailSuppressions.add(repository, [
      { id: 'GarCleanupEffective', reason: 'first rollout: cleanup stays in dry run until its logs match registry-lifecycle preview' },
    ]);

    // Every Docker pull is logged (Docker-GetManifest) and kept 100 days, to answer "not pulled in 90 days" exactly.
    const pulls = new GarPullAuditLog(this, 'Pulls', { project: 'acme-prod', repositories: [repository], pullWindowDays: 90 });

    // GitHub Actions on main pushes; pull-request jobs may only pull. Each is its own pool and provider.
    const push = new GarCiIdentity(this, 'CiPush', {
      poolId: 'github-push',
      subjects: [CiSubject.gitHubBranch('acme/shop', 'main')],
      repositories: [repository],
      access: GarCiAccess.PUSH,
      project: 'acme-prod',
      enableApis: true,
    });
    new GarCiIdentity(this, 'CiPull', {
      poolId: 'github-pull',
      subjects: [CiSubject.gitHubPullRequest('acme/shop')],
      repositories: [repository],
      project: 'acme-prod',
    });
    // The Cloud Run runtime pulls.
    repository.grantPull(GcpMember.serviceAccount('shop-run@acme-prod.iam.gserviceaccount.com'));

    const endpoint = repository.endpoint;
    new TerraformOutput(this, 'registry_host', { value: repository.registryHost });
    new TerraformOutput(this, 'repository_url', { value: repository.repositoryUrl });
    new TerraformOutput(this, 'docker_cred_helpers', { value: JSON.stringify({ credHelpers: endpoint.credHelpersEntry() }), description: 'merge into ~/.docker/config.json' });
    new TerraformOutput(this, 'docker_setup_command', { value: endpoint.setupCommand! });
    new TerraformOutput(this, 'docker_ci_login_command', { value: endpoint.loginCommand });
    new TerraformOutput(this, 'registry_endpoint', { value: JSON.stringify(endpoint.toJson()) });
    new TerraformOutput(this, 'ci_workload_identity_provider', { value: push.workloadIdentityProviderName });
    new TerraformOutput(this, 'pulls_export_command', { value: pulls.gcloudReadCommand });
  }
}
