/** Example: a Premium ACR replicated to a second region, a nightly purge from a RetentionPolicy, a Docker Hub cache, a GitHub push identity and an AKS pull grant. */

import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  AcrCacheUpstream,
  AcrCiAccess,
  AcrCiIdentity,
  AcrCiSubject,
  AcrRegistry,
  AcrResourceGroup,
  AcrSku,
  AzurePrincipal,
  KeyVaultAccess,
} from '../../lib/azure';
import { RetentionPolicy, RetentionRule } from '../../lib';
import { GuardrailSuppressions } from '../../lib/guardrails';

/** The `azure-acr` example stack. */
export class AzureAcrStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });

    const registry = new AcrRegistry(this, 'Registry', {
      registryName: 'acmeshopprod',
      location: 'westeurope',
      resourceGroup: AcrResourceGroup.create('rg-acme-registry', { team: 'platform' }),
      sku: AcrSku.PREMIUM,
      georeplications: [{ location: 'northeurope' }],
      // Releases stay forever; of the main-branch builds the 20 newest stay; untagged manifests go after 7 days.
      // keepMostRecent is tag level on ACR (acr purge counts tags), so the approximation is accepted explicitly
      // and reported at synth.
      retentionPolicy: RetentionPolicy.of({
        rules: [
          RetentionRule.protect({ tagPatterns: ['v*'] }),
          RetentionRule.keepMostRecent({ count: 20, tagPatterns: ['main-*'] }),
          RetentionRule.expireUntagged({ days: 7 }),
        ],
      }),
      allowRetentionApproximations: true,
      // Start with dry runs: the task logs what it would delete. Switch dryRun off once the log looks right.
      purgeSchedule: { schedule: '0 2 * * *', dryRun: true, runNow: true },
      tags: { team: 'platform', env: 'prod' },
    });
    // GitHub-hosted runners push from the internet, so the registry keeps public network access; every client
    // authenticates with an Entra identity (admin user and anonymous pull stay off).
    GuardrailSuppressions.add(registry, [
      { id: 'AcrNetworkRestricted', reason: 'GitHub-hosted runners push from the internet; access is by Entra identity only' },
    ]);

    // Docker Hub through the registry, authenticated with a token kept in Key Vault (RBAC-mode vault).
    const vaultId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-acme-secrets/providers/Microsoft.KeyVault/vaults/acme-secrets';
    registry.addPullThroughCache('DockerHub', {
      upstream: AcrCacheUpstream.DOCKER_HUB,
      credentials: {
        usernameSecretId: 'https://acme-secrets.vault.azure.net/secrets/dockerhub-username',
        passwordSecretId: 'https://acme-secrets.vault.azure.net/secrets/dockerhub-token',
        keyVaultAccess: KeyVaultAccess.rbac(vaultId),
      },
      rules: [
        { name: 'nginx', sourceRepository: 'library/nginx', targetRepository: 'dockerhub/nginx' },
        { name: 'postgres', sourceRepository: 'library/postgres', targetRepository: 'dockerhub/postgres' },
      ],
    });

    // GitHub Actions on main and in the production environment push; pull-request jobs get nothing here.
    const ci = new AcrCiIdentity(this, 'GitHubPush', {
      identityName: 'id-acme-shop-ci',
      resourceGroupName: registry.resourceGroupName,
      location: 'westeurope',
      subjects: [AcrCiSubject.githubBranch('acme/shop', 'main'), AcrCiSubject.githubEnvironment('acme/shop', 'production')],
      access: AcrCiAccess.PUSH,
      registries: [registry],
    });

    // The AKS cluster's kubelet identity pulls (its object id, e.g. from azurerm_kubernetes_cluster.kubelet_identity).
    registry.grantPull(AzurePrincipal.managedIdentity('6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b'));

    new TerraformOutput(this, 'login_server', { value: registry.loginServer });
    new TerraformOutput(this, 'ci_client_id', { value: ci.clientId, description: 'client-id for azure/login in GitHub Actions' });
    new TerraformOutput(this, 'ci_login', { value: registry.endpoint.loginCommand });
  }
}
