import { TerraformStack } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { Severity } from '../../lib/core/ci/findings';
import { GITHUB_ACTIONS } from '../../lib/core/ci/pipeline';
import { AcrCiIdentity, AcrCiIdentityProps, AcrCiSubject, AcrRegistry, AcrResourceGroup } from '../../lib/azure';
import { AcrImagePipeline, AcrImagePipelineProps, TRIVY_IMAGE } from '../../lib/azure/acr-image-pipeline';
import { actionlint, githubScripts, gitlabScripts, haveShellcheck, shellcheck, validateGitlab } from '../support/ci-lint';
import { errorOf, resourcesOf, synth } from '../helpers';
import { azureStack } from './helpers';

// actionlint (WebAssembly), the GitLab schema compile and shellcheck processes are slow on a loaded machine.
jest.setTimeout(120_000);

function build(pipeline: Partial<AcrImagePipelineProps> = {}, identity: Partial<AcrCiIdentityProps> = {}, stack: TerraformStack = azureStack('ci')) {
  const registry = new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg') });
  const ci = new AcrCiIdentity(stack, 'Ci', { identityName: 'ci-push', resourceGroupName: 'rg', location: 'westeurope', subjects: [AcrCiSubject.githubBranch('acme/checkout', 'main'), AcrCiSubject.gitlabBranch('acme/checkout', 'main')], ...identity });
  const p = new AcrImagePipeline(stack, 'Pipeline', { registry, identity: ci, repositoryName: 'shop/checkout', ...pipeline });
  return { stack, registry, identity: ci, pipeline: p };
}

type Workflow = { on: any; permissions: any; jobs: { image: { env: Record<string, string>; steps: any[] } } };
const wf = (p: AcrImagePipeline): Workflow => parseYaml(p.githubWorkflow) as Workflow;
const step = (w: Workflow, uses: string) => w.jobs.image.steps.find((s) => s.uses === uses);

const KNOWN_INPUTS: Record<string, string[]> = {
  [GITHUB_ACTIONS.checkout]: ['persist-credentials'],
  [GITHUB_ACTIONS.azureLogin]: ['client-id', 'tenant-id', 'subscription-id', 'allow-no-subscriptions', 'environment', 'audience', 'auth-type', 'enable-AzPSSession'],
  [GITHUB_ACTIONS.setupBuildx]: ['driver', 'platforms'],
  [GITHUB_ACTIONS.buildPush]: ['context', 'file', 'tags', 'push', 'platforms', 'provenance', 'sbom', 'attests', 'build-args', 'cache-from', 'cache-to', 'labels'],
};

describe('AcrImagePipeline: the GitHub Actions workflow', () => {
  test('azure/login with the federated credential (no secret), contents: read and id-token: write only, never pull requests', () => {
    const w = wf(build({ branches: ['main', 'release/*'] }).pipeline);
    expect(w.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(step(w, GITHUB_ACTIONS.azureLogin).with).toEqual({ 'client-id': '${{ vars.ACR_CLIENT_ID }}', 'tenant-id': '${{ vars.ACR_TENANT_ID }}', 'subscription-id': '${{ vars.ACR_SUBSCRIPTION_ID }}' });
    expect(w.jobs.image.env).toEqual({ ACR_NAME: 'acmeprod01', ACR_LOGIN_SERVER: 'acmeprod01.azurecr.io', ACR_IMAGE: 'acmeprod01.azurecr.io/shop/checkout', ACR_TENANT_ID: '${{ vars.ACR_TENANT_ID }}' });
    const scripts = githubScripts(build().pipeline.githubWorkflow).join();
    // The exchange az acr login makes, without its Resource Manager look-up of the registry (AcrPush cannot read it).
    expect(scripts).toContain('az account get-access-token --resource https://management.azure.com/');
    expect(scripts).toContain('https://$ACR_LOGIN_SERVER/oauth2/exchange');
    expect(scripts).toContain('acr_token | docker login --username 00000000-0000-0000-0000-000000000000 --password-stdin "$ACR_LOGIN_SERVER"');
    expect(scripts).not.toMatch(/^\s*az acr /m);
  });

  test('Trivy scans the pushed digest with an ACR token, the gate reads Trivy JSON, latest is a manifest copy after the gate', () => {
    const w = wf(build().pipeline);
    const wait = w.jobs.image.steps.find((s) => s.name === 'Wait for the scan and read the findings');
    expect(wait.run).toContain(`docker run --rm -e TRIVY_USERNAME -e TRIVY_PASSWORD ${TRIVY_IMAGE} image --quiet --format json --scanners vuln "$ACR_IMAGE@$IMAGE_DIGEST" > findings.json || : > findings.json`);
    expect(wait.run).toContain('. "$RUNNER_TEMP/acr-token.sh"');
    const gate = w.jobs.image.steps.find((s) => s.name === 'Vulnerability gate');
    expect(gate.run).toMatch(/registry-lifecycle gate --format trivy --findings findings.json --fail-on CRITICAL --output github\n$/);
    const names = w.jobs.image.steps.map((s) => s.name ?? s.uses);
    const latest = w.jobs.image.steps.find((s) => /latest/.test(s.name ?? ''));
    expect(latest.run).toContain('docker buildx imagetools create --tag "$ACR_IMAGE:latest" "$ACR_IMAGE@$IMAGE_DIGEST"');
    expect(names.indexOf(latest.name)).toBeGreaterThan(names.indexOf('Vulnerability gate'));
  });

  test('only inputs the pinned action majors declare', () => {
    for (const s of wf(build({ buildArgs: { A: 'b' } }).pipeline).jobs.image.steps) {
      if (!s.uses) continue;
      expect(KNOWN_INPUTS[s.uses]).toBeDefined();
      expect(Object.keys(s.with ?? {}).filter((k) => !KNOWN_INPUTS[s.uses].includes(k))).toEqual([]);
    }
  });

  test('deterministic', () => {
    expect(build().pipeline.githubWorkflow).toBe(build().pipeline.githubWorkflow);
    expect(build().pipeline.gitlabJob).toBe(build().pipeline.gitlabJob);
  });

  test('passes actionlint', async () => {
    for (const p of [{}, { failOn: Severity.HIGH, buildArgs: { A: 'b c' }, platform: 'linux/arm64', tagLatest: false, allowlistPath: 'a b.json' }]) {
      expect(await actionlint(build(p as Partial<AcrImagePipelineProps>).pipeline.githubWorkflow)).toEqual([]);
    }
  });
});

describe('AcrImagePipeline: the GitLab CI job', () => {
  test('the id_token with the federated credential audience, exchanged for an ACR token without the Azure CLI', () => {
    const job = (parseYaml(build().pipeline.gitlabJob) as Record<string, any>)['image-shop-checkout'];
    expect(job.id_tokens).toEqual({ AZURE_ID_TOKEN: { aud: 'api://AzureADTokenExchange' } });
    const script = job.script.join('\n');
    expect(script).toContain('https://login.microsoftonline.com/$ACR_TENANT_ID/oauth2/v2.0/token');
    expect(script).toContain('https://$ACR_LOGIN_SERVER/oauth2/exchange');
    expect(script).toContain('docker login --username 00000000-0000-0000-0000-000000000000 --password-stdin "$ACR_LOGIN_SERVER"');
    expect(script).toMatch(/gate --format trivy .* --output gitlab > gl-code-quality-report.json/);
  });

  test('validates against GitLab\'s CI schema', () => {
    expect(validateGitlab(build().pipeline.gitlabJob)).toEqual([]);
    expect(validateGitlab(build({ tagLatest: false, buildArgs: { A: 'b' } }).pipeline.gitlabJob)).toEqual([]);
  });
});

(haveShellcheck || process.env.CI === 'true' ? describe : describe.skip)('AcrImagePipeline: every embedded script passes shellcheck', () => {
  test('GitHub run: steps (bash) and the GitLab script (sh)', () => {
    const { pipeline } = build({ buildArgs: { A: 'x y' }, platform: 'linux/arm64', allowlistPath: 'allow list.json' });
    const scripts = githubScripts(pipeline.githubWorkflow);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const s of scripts) expect(shellcheck(s, 'bash')).toEqual([]);
    const gl = gitlabScripts(pipeline.gitlabJob);
    expect(gl).toHaveLength(1);
    expect(shellcheck(gl[0], 'sh')).toEqual([]);
  });
});

describe('AcrImagePipeline: grants, outputs, validation', () => {
  test('push on the registry; client, tenant and subscription ids as outputs (no secret)', () => {
    const json = synth(build().stack);
    expect(Object.values(resourcesOf(json, 'azurerm_role_assignment'))).toHaveLength(1);
    const out = json.output!.image_shop_checkout_ci_variables.value;
    expect(Object.keys(out).sort()).toEqual(['ACR_CLIENT_ID', 'ACR_SUBSCRIPTION_ID', 'ACR_TENANT_ID']);
    expect(out.ACR_CLIENT_ID).toMatch(/azurerm_user_assigned_identity\..*\.client_id/);
  });

  test('an identity that pull-request jobs can use is refused push', () => {
    const e = errorOf(() => build({}, { subjects: [AcrCiSubject.githubPullRequest('acme/checkout')] }));
    expect(e.message).toMatch(/pull request|pull-request/);
  });

  test('every bad prop is reported at once', () => {
    const e = errorOf(() => build({ repositoryName: 'Shop', platform: 'x', variablePrefix: 'lower', scanPolls: 0, context: '/abs' }));
    for (const part of ['repositoryName is not a repository name', 'platform is not one platform', 'variablePrefix is not a CI variable prefix', 'scanPolls is out of range', 'context is not a path']) expect(e.message).toContain(part);
    expect(e.message.split('\n')).toHaveLength(5);
  });
});
