import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { FindingsFormat, readScanReport } from '../../lib/core/ci/findings';
import { parseJsonDocuments } from '../../lib/cli/gate';
import { GITHUB_ACTIONS } from '../../lib/core/ci/pipeline';
import { HarborConnection, HarborTls } from '../../lib/harbor/harbor-connection';
import { HarborImagePipeline, HarborImagePipelineProps } from '../../lib/harbor/harbor-image-pipeline';
import { HarborProject, HarborProjectProps } from '../../lib/harbor/harbor-project';
import { HarborRobotSecret } from '../../lib/harbor/harbor-robot-account';
import { Severity } from '../../lib/core/ci/findings';
import { actionlint, githubScripts, gitlabScripts, haveShellcheck, shellcheck, validateGitlab } from '../support/ci-lint';
import { errorOf } from '../helpers';
import { all, harborStack, only, synth, warnings } from './support';

// actionlint (WebAssembly), the GitLab schema compile and shellcheck processes are slow on a loaded machine.
jest.setTimeout(120_000);

function build(pipeline: Partial<HarborImagePipelineProps> = {}, projectProps: Partial<HarborProjectProps> = {}, tls?: HarborTls) {
  const { stack } = harborStack(tls ? { tls, url: 'https://harbor.lab:8443' } : {});
  const project = new HarborProject(stack, 'Shop', { projectName: 'shop', ...projectProps });
  const p = new HarborImagePipeline(stack, 'Pipeline', { project, repositoryName: 'web/checkout', ...pipeline });
  return { stack, project, pipeline: p };
}

type Workflow = { on: any; permissions: any; jobs: { image: { env: Record<string, string>; steps: any[] } } };
const wf = (p: HarborImagePipeline): Workflow => parseYaml(p.githubWorkflow) as Workflow;
const step = (w: Workflow, uses: string) => w.jobs.image.steps.find((s) => s.uses === uses);

const KNOWN_INPUTS: Record<string, string[]> = {
  [GITHUB_ACTIONS.checkout]: ['persist-credentials'],
  [GITHUB_ACTIONS.dockerLogin]: ['registry', 'username', 'password', 'ecr', 'logout', 'scope'],
  [GITHUB_ACTIONS.setupBuildx]: ['driver', 'platforms'],
  [GITHUB_ACTIONS.buildPush]: ['context', 'file', 'tags', 'push', 'platforms', 'provenance', 'sbom', 'attests', 'build-args', 'cache-from', 'cache-to', 'labels'],
};

describe('HarborImagePipeline: the GitHub Actions workflow', () => {
  test('docker login with the robot from a variable and a secret; contents: read only (no OIDC); pushes to branches only', () => {
    const w = wf(build({ branches: ['main'] }).pipeline);
    expect(w.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(step(w, GITHUB_ACTIONS.dockerLogin).with).toEqual({ registry: 'harbor.example.com', username: '${{ vars.HARBOR_ROBOT_NAME }}', password: '${{ secrets.HARBOR_ROBOT_SECRET }}' });
    expect(w.jobs.image.env).toMatchObject({ HARBOR_URL: 'https://harbor.example.com', HARBOR_PROJECT: 'shop', HARBOR_REPOSITORY_PATH: 'web%252Fcheckout', HARBOR_IMAGE: 'harbor.example.com/shop/web/checkout' });
  });

  test('polls the scan overview, gates on the overview and the report, retags after the gate; credentials never on a command line', () => {
    const w = wf(build().pipeline);
    const wait = w.jobs.image.steps.find((s) => s.name === 'Wait for the scan and read the findings');
    expect(wait.run).toContain('with_scan_overview=true');
    expect(wait.run).toContain('/additions/vulnerabilities');
    expect(wait.run).toContain('| curl -fsS -K - ');
    expect(wait.run).not.toMatch(/curl[^\n]*-u /);
    // The secret is in the scan step's environment only, not the job's.
    expect(wait.env).toEqual({ IMAGE_DIGEST: '${{ steps.build.outputs.digest }}', HARBOR_ROBOT_NAME: '${{ vars.HARBOR_ROBOT_NAME }}', HARBOR_ROBOT_SECRET: '${{ secrets.HARBOR_ROBOT_SECRET }}' });
    expect(JSON.stringify(w.jobs.image.env)).not.toContain('secrets.');
    expect(w.jobs.image.steps.filter((s) => JSON.stringify(s).includes('secrets.')).map((s) => s.name)).toEqual(['Log in to Harbor (robot account)', wait.name]);
    const gate = w.jobs.image.steps.find((s) => s.name === 'Vulnerability gate');
    expect(gate.run).toMatch(/gate --format harbor --findings findings.json --fail-on CRITICAL --output github\n$/);
    const names = w.jobs.image.steps.map((s) => s.name ?? s.uses);
    const latest = w.jobs.image.steps.find((s) => /latest/.test(s.name ?? ''));
    expect(names.indexOf(latest.name)).toBeGreaterThan(names.indexOf('Vulnerability gate'));
  });

  test('the two documents the scan step writes are what the gate reads: overview plus report is ready, overview alone pending', () => {
    const overview = (s: string) => JSON.stringify({ digest: 'sha256:1', scan_overview: { 'application/vnd.security.vulnerability.report; version=1.1': { scan_status: s } } });
    const report = JSON.stringify({ 'application/vnd.security.vulnerability.report; version=1.1': { vulnerabilities: [{ id: 'CVE-1', severity: 'Critical', package: 'curl' }] } });
    const ready = readScanReport(FindingsFormat.HARBOR, parseJsonDocuments(`${overview('Success')}${report}`, 'findings.json'), 'findings.json');
    expect(ready.state).toBe('ready');
    expect(ready.findings.map((f) => f.id)).toEqual(['CVE-1']);
    expect(readScanReport(FindingsFormat.HARBOR, parseJsonDocuments(overview('Running'), 'findings.json'), 'findings.json').state).toBe('pending');
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
      expect(await actionlint(build(p as Partial<HarborImagePipelineProps>).pipeline.githubWorkflow)).toEqual([]);
    }
  });
});

describe('HarborImagePipeline: the GitLab CI job', () => {
  test('docker login with the secret on stdin, no id_tokens, the gate as a Code Quality report', () => {
    const job = (parseYaml(build().pipeline.gitlabJob) as Record<string, any>)['image-web-checkout'];
    expect(job.id_tokens).toBeUndefined();
    const script = job.script.join('\n');
    expect(script).toContain('printf \'%s\' "$HARBOR_ROBOT_SECRET" | docker login --username "$HARBOR_ROBOT_NAME" --password-stdin "$HARBOR_HOST"');
    expect(script).toMatch(/gate --format harbor .* --output gitlab > gl-code-quality-report.json/);
  });

  test('validates against GitLab\'s CI schema', () => {
    expect(validateGitlab(build().pipeline.gitlabJob)).toEqual([]);
    expect(validateGitlab(build({ tagLatest: false, buildArgs: { A: 'b' } }).pipeline.gitlabJob)).toEqual([]);
  });
});

(haveShellcheck || process.env.CI === 'true' ? describe : describe.skip)('HarborImagePipeline: every embedded script passes shellcheck', () => {
  test('GitHub run: steps (bash) and the GitLab script (sh)', () => {
    const { pipeline } = build({ buildArgs: { A: 'x y' }, platform: 'linux/arm64', allowlistPath: 'allow list.json' });
    const scripts = githubScripts(pipeline.githubWorkflow);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const s of scripts) expect(shellcheck(s, 'bash')).toEqual([]);
    const gl = gitlabScripts(pipeline.gitlabJob);
    expect(gl).toHaveLength(1);
    expect(shellcheck(gl[0], 'sh')).toEqual([]);
  });
});

describe('HarborImagePipeline: the robot, outputs, validation', () => {
  test('a project robot with push, pull and scan-result reads only, a write-only secret, and no secret in any output', () => {
    const json = synth(build().stack);
    const robot = only(json, 'harbor_robot_account');
    expect(robot.level).toBe('project');
    const access = robot.permissions[0].access.map((a: any) => `${a.resource}:${a.action}`).sort();
    expect(access).toEqual(['artifact-addition:read', 'artifact:read', 'repository:pull', 'repository:push']);
    expect(robot.secret_wo).toBeDefined();
    const outputs = JSON.stringify(json.output ?? {});
    expect(outputs).not.toMatch(/\.secret\b/);
    expect(Object.keys(json.output!.image_web_checkout_ci_variables.value)).toEqual(['HARBOR_ROBOT_NAME']);
  });

  test('an unverified TLS connection is a warning, not an insecure pipeline', () => {
    const { stack, pipeline } = build({}, {}, HarborTls.UNVERIFIED_INSECURE);
    expect(warnings(stack).join('\n')).toContain('does not verify TLS');
    expect(pipeline.githubWorkflow).not.toMatch(/curl[^\n]* -k |--insecure/);
  });

  test('a generated secret is a warning', () => {
    const { stack } = build({ robotSecret: HarborRobotSecret.generated() });
    expect(warnings(stack).join('\n')).toContain('robotSecret: a generated secret is only in the Terraform state');
  });

  test('scan on push off: nothing to gate', () => {
    expect(errorOf(() => build({}, { scanOnPush: false })).message).toContain('project does not scan on push');
  });

  test('every bad prop is reported at once', () => {
    const e = errorOf(() => build({ repositoryName: 'Web', platform: 'x', variablePrefix: 'CI_X', scanPolls: 400 }));
    for (const part of ['repositoryName is not a repository name', 'platform is not one platform', 'variablePrefix is not a CI variable prefix', 'scanPolls is out of range']) expect(e.message).toContain(part);
    expect(e.message.split('\n')).toHaveLength(4);
  });
});

void all;

describe('HarborImagePipeline: synth files', () => {
  test('synth writes the workflow and the GitLab file beside the stack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-synth-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'ci-harbor');
      new HarborConnection(stack, 'Harbor', { url: 'https://harbor.example.com' });
      const project = new HarborProject(stack, 'Shop', { projectName: 'shop' });
      const p = new HarborImagePipeline(stack, 'Pipeline', { project, repositoryName: 'checkout' });
      app.synth();
      const dir = path.join(outdir, 'stacks', 'ci-harbor', 'ci');
      expect(fs.readdirSync(dir).sort()).toEqual(['image-checkout.gitlab-ci.yml', 'image-checkout.yml']);
      expect(fs.readFileSync(path.join(dir, 'image-checkout.yml'), 'utf8')).toBe(p.githubWorkflow);
      expect(fs.readFileSync(path.join(dir, 'image-checkout.gitlab-ci.yml'), 'utf8')).toBe(p.gitlabJob);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
