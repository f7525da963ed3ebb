/**
 * Example: the build-tag-push-gate pipeline for the other three registry families. Each construct writes its
 * workflow beside the stack at synth (cdktf.out/stacks/ci-registries/ci/): Artifact Registry with Workload
 * Identity Federation and Artifact Analysis' scan, ACR with a federated credential and Trivy, Harbor with a
 * robot account and Harbor's own scan.
 */

import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RetentionPolicy, RetentionRule, Severity } from '../../lib';
import { GuardrailSuppressions } from '../../lib/guardrails';
import { AcrCiIdentity, AcrCiSubject, AcrImagePipeline, AcrRegistry, AcrResourceGroup, AcrSku } from '../../lib/azure';
import { ArtifactRegistryRepo, CiSubject, GarCiIdentity, GarImagePipeline } from '../../lib/gcp';
import { HarborConnection, HarborImagePipeline, HarborProject } from '../../lib/harbor';

/** The `ci-registries` example stack. */
export class CiRegistriesStack extends TerraformStack {
  /** The Artifact Registry pipeline. */
  public readonly gar: GarImagePipeline;
  /** The ACR pipeline. */
  public readonly acr: AcrImagePipeline;
  /** The Harbor pipeline. */
  public readonly harbor: HarborImagePipeline;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new GoogleProvider(this, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    new HarborConnection(this, 'Harbor', { url: 'https://harbor.example.com' });
    // Commit tags pile up: keep the last 50, and untagged manifests for a week.
    const retentionPolicy = RetentionPolicy.of({ rules: [RetentionRule.keepMostRecent({ count: 50, tagPatterns: ['*'] }), RetentionRule.expireUntagged({ days: 7 })] });

    // Artifact Registry: tags stay immutable (the default), so the pipeline pushes only the commit tag.
    const garRepo = new ArtifactRegistryRepo(this, 'GarShop', { repositoryId: 'ci-shop', location: 'europe-west1', project: 'acme-prod', retentionPolicy, allowRetentionApproximations: true, cleanupPolicyDryRun: false, enableApis: true });
    const garIdentity = new GarCiIdentity(this, 'GarCi', { poolId: 'ci-shop', project: 'acme-prod', subjects: [CiSubject.gitHubBranch('acme/checkout', 'main')] });
    this.gar = new GarImagePipeline(this, 'GarCheckout', { repository: garRepo, identity: garIdentity, imageName: 'checkout', context: 'services/checkout', dockerfile: 'services/checkout/Dockerfile', workflowName: 'image-gar-checkout' });

    // ACR: a managed identity that only pushes to main may sign in as; Trivy scans what it pushes.
    const registry = new AcrRegistry(this, 'Acr', { registryName: 'acmeciexample01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg-ci'), sku: AcrSku.PREMIUM, retentionPolicy, allowRetentionApproximations: true, purgeSchedule: { schedule: '0 2 * * *', dryRun: true } });
    GuardrailSuppressions.add(registry, [{ id: 'AcrNetworkRestricted', reason: 'GitHub-hosted runners push from the internet; access is by Entra identity only' }]);
    const acrIdentity = new AcrCiIdentity(this, 'AcrCi', { identityName: 'ci-checkout-push', resourceGroupName: 'rg-ci', location: 'westeurope', subjects: [AcrCiSubject.githubBranch('acme/checkout', 'main')] });
    this.acr = new AcrImagePipeline(this, 'AcrCheckout', { registry, identity: acrIdentity, repositoryName: 'shop/checkout', failOn: Severity.HIGH, workflowName: 'image-acr-checkout' });

    // Harbor: the pipeline's own robot, whose secret is set write-only from the variable image_harbor_checkout_robot_secret.
    const project = new HarborProject(this, 'HarborShop', { projectName: 'ci-shop', retentionPolicy, allowRetentionApproximations: true });
    this.harbor = new HarborImagePipeline(this, 'HarborCheckout', { project, repositoryName: 'checkout', workflowName: 'image-harbor-checkout' });
  }
}
