/**
 * One Azure synth measurement in a fresh process: `node azure-synth-worker.js construct|raw N OUTDIR`; prints
 * {"ms", "cpuMs", "maxRssMb"}. "construct" makes N AcrRegistry, each with a purge task compiled from a
 * RetentionPolicy and two role grants; "raw" writes the same four resources per registry with the provider classes
 * and hand-written values (the floor). Modules load before the clock starts.
 */
const path = require('path');
const [, , kind, nText, outdir] = process.argv;
const n = Number(nText);
const root = path.resolve(__dirname, '..');

const { App, TerraformStack, Fn } = require('cdktf');
const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider');
const lib = kind === 'construct' ? require(path.join(root, 'dist/azure/index.js')) : undefined;
const core = kind === 'construct' ? require(path.join(root, 'dist/index.js')) : undefined;
const { ContainerRegistry } = require('@cdktf/provider-azurerm/lib/container-registry');
const { ContainerRegistryTask } = require('@cdktf/provider-azurerm/lib/container-registry-task');
const { RoleAssignment } = require('@cdktf/provider-azurerm/lib/role-assignment');

const runtime = '11111111-1111-1111-1111-111111111111';
const ci = '22222222-2222-2222-2222-222222222222';
const yaml = [
  'version: v1.1.0',
  'steps:',
  `  - cmd: "mcr.microsoft.com/acr/acr-cli:0.18 purge --ago 7d --untagged-only"`,
  '    disableWorkingDirectoryOverride: true',
  '    timeout: 3600',
  '',
].join('\n');

const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'bench');
new AzurermProvider(stack, 'azurerm', { features: [{}] });

if (kind === 'construct') {
  const { AcrRegistry, AcrResourceGroup, AzurePrincipal } = lib;
  const policy = core.RetentionPolicy.of({ rules: [core.RetentionRule.protect({ tagPatterns: ['v*'] }), core.RetentionRule.expireUntagged({ days: 7 })] });
  const pull = AzurePrincipal.managedIdentity(runtime);
  const push = AzurePrincipal.servicePrincipal(ci);
  const group = AcrResourceGroup.existing('rg-bench');
  for (let i = 0; i < n; i++) {
    const r = new AcrRegistry(stack, `Registry${i}`, { registryName: `acrbench${String(i).padStart(5, '0')}`, location: 'westeurope', resourceGroup: group, retentionPolicy: policy });
    r.grantPull(pull);
    r.grantPush(push);
  }
} else {
  const roleId = (scope, guid) => `/subscriptions/${Fn.element(Fn.split('/', scope), 2)}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  for (let i = 0; i < n; i++) {
    const name = `acrbench${String(i).padStart(5, '0')}`;
    const r = new ContainerRegistry(stack, `Registry${i}`, {
      name,
      location: 'westeurope',
      resourceGroupName: 'rg-bench',
      sku: 'Premium',
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: true,
      exportPolicyEnabled: true,
      zoneRedundancyEnabled: true,
    });
    new ContainerRegistryTask(stack, `Purge${i}`, {
      name: 'retention-purge',
      containerRegistryId: r.id,
      platform: { os: 'Linux' },
      encodedStep: { taskContent: yaml },
      timerTrigger: [{ name: 'schedule', schedule: '0 3 * * *', enabled: true }],
      timeoutInSeconds: 3600,
    });
    new RoleAssignment(stack, `Pull${i}`, { scope: r.id, roleDefinitionId: roleId(r.id, '7f951dda-4ed3-4680-a7ca-43fe172d538d'), principalId: runtime, principalType: 'ServicePrincipal', skipServicePrincipalAadCheck: true, description: `AcrPull on ${name}` });
    new RoleAssignment(stack, `Push${i}`, { scope: r.id, roleDefinitionId: roleId(r.id, '8311e382-0749-4cb8-b61a-304f252e45ec'), principalId: ci, principalType: 'ServicePrincipal', skipServicePrincipalAadCheck: true, description: `AcrPush on ${name}` });
  }
}
app.synth();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
