import { Testing } from 'cdktf';
import { AzureAcrStack } from '../../examples/azure-acr/main';
import { onlyResource, resourcesOf } from '../helpers';
import { parse as parseYaml } from 'yaml';
import { warningsOf } from './helpers';

describe('examples/azure-acr', () => {
  const stack = new AzureAcrStack(Testing.app(), 'azure-acr');
  const json = JSON.parse(Testing.synth(stack, true));

  test('a Premium registry replicated to a second region', () => {
    const acr = onlyResource(json, 'azurerm_container_registry');
    expect(acr).toMatchObject({ sku: 'Premium', location: 'westeurope', admin_enabled: false });
    expect(acr.georeplications.map((g: any) => g.location)).toEqual(['northeurope']);
  });

  test('a nightly dry-run purge compiled from protect v*, keep 20 main-*, expire untagged, with a run on apply', () => {
    const task = onlyResource(json, 'azurerm_container_registry_task');
    expect(task.timer_trigger).toEqual([{ name: 'schedule', schedule: '0 2 * * *', enabled: true }]);
    const steps = parseYaml(task.encoded_step.task_content).steps.map((s: any) => s.cmd);
    expect(steps).toEqual([
      "mcr.microsoft.com/acr/acr-cli:0.19 purge --filter '.*:^(?:main-.*)$' --ago 0d --keep 20 --dry-run",
      'mcr.microsoft.com/acr/acr-cli:0.19 purge --ago 7d --untagged-only --dry-run',
    ]);
    expect(Object.keys(resourcesOf(json, 'azurerm_container_registry_task_schedule_run_now'))).toHaveLength(1);
    expect(warningsOf(stack).some((w) => /is tag level on ACR/.test(w))).toBe(true);
  });

  test('a Docker Hub cache with credentials from Key Vault, a GitHub push identity and the AKS pull grant', () => {
    expect(Object.keys(resourcesOf(json, 'azurerm_container_registry_cache_rule'))).toHaveLength(2);
    expect(onlyResource(json, 'azurerm_container_registry_credential_set').login_server).toBe('docker.io');
    const roles = Object.values(resourcesOf(json, 'azurerm_role_assignment')).map((r: any) => r.role_definition_id.split('/').pop());
    expect(roles.sort()).toEqual(['4633458b-17de-408a-b874-0445c86b69e6', '7f951dda-4ed3-4680-a7ca-43fe172d538d', '8311e382-0749-4cb8-b61a-304f252e45ec'].sort());
    expect(Object.values(resourcesOf(json, 'azurerm_federated_identity_credential')).map((c: any) => c.subject)).toEqual([
      'repo:acme/shop:ref:refs/heads/main',
      'repo:acme/shop:environment:production',
    ]);
  });
});
