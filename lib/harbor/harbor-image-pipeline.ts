/** HarborImagePipeline: a GitHub Actions workflow and a GitLab CI job that build, push, scan-gate and tag one Harbor repository's image. */

import { Annotations, TerraformOutput, TerraformStack } from 'cdktf';
// The hook TerraformAsset uses to write files beside the stack at synth; cdktf does not re-export it from its root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { FindingsFormat } from '../core/ci/findings';
import { GITHUB_ACTIONS, PipelineTarget, renderGithubWorkflow, renderGitlabJob } from '../core/ci/pipeline';
import { ImagePipelineBuildProps, pipelineOptions, validateBuildProps, validateVariablePrefix, writePipelineFiles } from '../core/ci/pipeline-props';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { HarborTls } from './harbor-connection';
import { HarborAccess } from './harbor-permissions';
import { HarborProject } from './harbor-project';
import { HarborRobotAccount, HarborRobotSecret, HarborRobotSecretKind } from './harbor-robot-account';
import { HarborRobotPermissions } from './harbor-permissions';

/** Properties of a HarborImagePipeline. */
export interface HarborImagePipelineProps extends ImagePipelineBuildProps {
  /** The project the image is pushed to (created in this stack, so its name and scan-on-push are known). */
  readonly project: HarborProject;
  /** The repository inside the project, e.g. `checkout` or `shop/checkout`. */
  readonly repositoryName: string;
  /**
   * The robot's short name (Harbor prefixes it: `robot$<project>+<name>`).
   * @default - `ci-<workflow name>`
   */
  readonly robotName?: string;
  /**
   * How the robot's secret is made. The default never stores it in Terraform: you generate it, pass it as the
   * sensitive variable, and store the same value as the CI secret `<prefix>_ROBOT_SECRET`.
   * @default HarborRobotSecret.writeOnly("<workflow name>_robot_secret", 1)
   */
  readonly robotSecret?: HarborRobotSecret;
  /**
   * After the gate passes on the default branch, point `latest` at the image (a manifest copy in the registry).
   * @default true
   */
  readonly tagLatest?: boolean;
  /**
   * The prefix of the CI variables (`<prefix>_ROBOT_NAME`) and secret (`<prefix>_ROBOT_SECRET`) the pipeline reads.
   * @default "HARBOR"
   */
  readonly variablePrefix?: string;
}

const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** The vulnerability report media types the pipeline asks Harbor for (its default `X-Accept-Vulnerabilities`). */
const ACCEPT = 'application/vnd.security.vulnerability.report; version=1.1, application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0';
/** What the pipeline's robot may do: push and pull, and read the artifact's scan overview and report. Nothing else. */
export const PIPELINE_ROBOT_ACCESS: HarborAccess[] = [
  HarborAccess.of('repository', 'pull'),
  HarborAccess.of('repository', 'push'),
  HarborAccess.of('artifact', 'read'),
  HarborAccess.of('artifact-addition', 'read'),
];

/** Options of the Harbor target. */
export interface HarborPipelineTargetOptions {
  /** The registry host (`harbor.example.com[:port]`). */
  readonly host: string;
  /** The API base URL, `https://<host>`. */
  readonly url: string;
  /** The project name. */
  readonly projectName: string;
  /** The repository inside the project. */
  readonly repositoryName: string;
  /** The CI variable prefix. */
  readonly prefix: string;
  /** Polls of the scan status, 10 s apart. */
  readonly scanPolls: number;
}

/**
 * The Harbor target: `docker login` with a robot account from CI secrets, a poll of the artifact's scan overview
 * through Harbor's API, and the gate on Harbor's own report (overview and vulnerabilities, two documents).
 */
export function harborPipelineTarget(o: HarborPipelineTargetOptions): PipelineTarget {
  const user = `${o.prefix}_ROBOT_NAME`;
  const secret = `${o.prefix}_ROBOT_SECRET`;
  // Harbor's API wants a repository name with "/" URL-encoded twice.
  const repoPath = encodeURIComponent(encodeURIComponent(o.repositoryName));
  const api = [
    '# The robot\'s credentials go to curl on stdin, never on its command line.',
    'harbor_api() {',
    `  printf 'user = "%s:%s"\\n' "$${user}" "$${secret}" | curl -fsS -K - -H 'X-Accept-Vulnerabilities: ${ACCEPT}' "$HARBOR_URL/api/v2.0/projects/$HARBOR_PROJECT/repositories/$HARBOR_REPOSITORY_PATH/artifacts/$1"`,
    '}',
  ];
  const scanScript = [
    ...api,
    '# Harbor scans on push: poll the artifact\'s scan overview until the scan is final.',
    'status=NONE',
    `for _ in $(seq 1 ${o.scanPolls}); do`,
    '  status=$(harbor_api "$IMAGE_DIGEST?with_scan_overview=true" 2>/dev/null | jq -r \'[.scan_overview // {} | to_entries[] | .value.scan_status] | first // "NONE"\' || echo NONE)',
    '  case "${status:-NONE}" in',
    '    Pending|Scheduled|Running|NONE) sleep 10 ;;',
    '    *) break ;;',
    '  esac',
    'done',
    'echo "scan status of $IMAGE_DIGEST: ${status:-NONE}"',
    '# Two documents for the gate: the overview (the scan\'s state) and the full report (the findings).',
    '{ harbor_api "$IMAGE_DIGEST?with_scan_overview=true" && harbor_api "$IMAGE_DIGEST/additions/vulnerabilities"; } > findings.json || : > findings.json',
    '',
  ].join('\n');
  return {
    label: `harbor ${o.host}/${o.projectName}/${o.repositoryName}`,
    variables: [
      { name: user, description: 'the robot account\'s full name (robot$<project>+<name>); on GitLab, clear "Expand variable reference": the name holds a $' },
      { name: secret, description: 'the robot account\'s secret: a GitHub secret / masked, protected GitLab variable, never a plain variable' },
    ],
    env: { HARBOR_HOST: o.host, HARBOR_URL: o.url, HARBOR_PROJECT: o.projectName, HARBOR_REPOSITORY_PATH: repoPath, HARBOR_IMAGE: `${o.host}/${o.projectName}/${o.repositoryName}` },
    githubEnv: {},
    // The secret reaches the login action and the scan step only, not the build or the other steps.
    githubScanEnv: { [user]: `\${{ vars.${user} }}`, [secret]: `\${{ secrets.${secret} }}` },
    githubLoginSteps: [
      { name: 'Log in to Harbor (robot account)', uses: GITHUB_ACTIONS.dockerLogin, with: { registry: o.host, username: `\${{ vars.${user} }}`, password: `\${{ secrets.${secret} }}` } },
    ],
    githubImage: '${{ env.HARBOR_IMAGE }}',
    gitlabIdTokens: {},
    gitlabLogin: [
      'apk add --no-cache curl jq nodejs npm > /dev/null',
      `printf '%s' "$${secret}" | docker login --username "$${user}" --password-stdin "$HARBOR_HOST"`,
      'IMAGE="$HARBOR_IMAGE"',
      '',
    ].join('\n'),
    scanScript,
    findingsFormat: FindingsFormat.HARBOR,
    tagLatestScript: ['# Copy the gated manifest to latest inside the registry (no rebuild).', 'docker buildx imagetools create --tag "$HARBOR_IMAGE:latest" "$HARBOR_IMAGE@$IMAGE_DIGEST"', ''].join('\n'),
    withoutOidc: true,
  };
}

/**
 * Generates the CI pipeline for one Harbor repository, with its own robot account: push, pull and read of scan
 * results in this project only. Harbor has no OIDC trust for CI, so the robot's secret is a CI secret; the
 * workflow runs only on pushes to `branches` (never on pull requests, which would see it), asks for
 * `contents: read` only, pushes a `<git sha>` tag without provenance, waits for Harbor's scan of that digest,
 * gates on Harbor's report, and moves `latest` only after the gate passes on the default branch.
 *
 * Synth writes `cdktf.out/stacks/<stack>/ci/<name>.yml` (GitHub Actions) and `<name>.gitlab-ci.yml`. The robot's
 * name is a stack output (`ciVariablesOutput`); its secret never is.
 */
export class HarborImagePipeline extends Construct {
  /** The GitHub Actions workflow (YAML). */
  public readonly githubWorkflow: string;
  /** The GitLab CI file with the one job (YAML). */
  public readonly gitlabJob: string;
  /** The workflow's file name, `<name>.yml`. */
  public readonly workflowFileName: string;
  /** The CI variables to set after apply: their names, and the output that holds their values (no secret). */
  public readonly ciVariablesOutput: TerraformOutput;
  /** The robot account the pipeline logs in with. */
  public readonly robot: HarborRobotAccount;
  /** The registry target the workflows were rendered from (escape hatch for other renderers). */
  public readonly target: PipelineTarget;

  constructor(scope: Construct, id: string, props: HarborImagePipelineProps) {
    super(scope, id);
    const v = new Violations();
    const project = props.project;
    if (!(project instanceof HarborProject)) {
      v.add('project', 'is not a HarborProject created in this app', project, 'new HarborProject(...)');
      v.throwIfAny(this.node.path);
    }
    if (isUnresolved(project.projectName)) v.add('project', 'has a name that is not known at synth', project.projectName, 'a HarborProject whose name is a literal string');
    const connection = project.connection;
    if (isUnresolved(connection.url) || isUnresolved(connection.host)) v.add('project', 'is on a Harbor connection whose URL is not known at synth', connection.url, 'a HarborConnection with a literal url');
    if (project.resource.vulnerabilityScanningInput === false) {
      v.add('project', 'does not scan on push, so the gate would have no findings to read', 'scanOnPush: false', 'scanOnPush: true (the default) on the project');
    }
    const repositoryName = props.repositoryName;
    const validRepository = typeof repositoryName === 'string' && REPOSITORY.test(repositoryName) && repositoryName.length <= 255;
    if (!validRepository) v.add('repositoryName', 'is not a repository name', repositoryName, 'lower-case path components of letters and digits separated by ".", "_", "-", joined by "/"');
    const prefix = props.variablePrefix ?? 'HARBOR';
    validateVariablePrefix(v, prefix);
    // A bad repository name is reported once, not again as the workflow name derived from it.
    const build = validateBuildProps(v, props, validRepository ? repositoryName : 'x');
    v.throwIfAny(this.node.path);

    if (connection.tls === HarborTls.UNVERIFIED_INSECURE) {
      Annotations.of(this).addWarning('project: the Harbor connection does not verify TLS, but the pipeline does (docker login and curl); give the runners a certificate they trust, or the pipeline fails closed');
    }

    this.robot = project.addRobotAccount(`CiRobot-${build.name}`, {
      name: props.robotName ?? `ci-${build.name.replace(/[^a-z0-9]+/g, '-')}`,
      description: `CI pipeline ${build.name}: push ${repositoryName}, read its scan results`,
      permissions: HarborRobotPermissions.custom(PIPELINE_ROBOT_ACCESS),
      secret: props.robotSecret ?? HarborRobotSecret.writeOnly(`${build.name.replace(/[^A-Za-z0-9_]/g, '_')}_robot_secret`, 1),
    });
    if (props.robotSecret?.kind === HarborRobotSecretKind.GENERATED) {
      Annotations.of(this).addWarning('robotSecret: a generated secret is only in the Terraform state; copy it into the CI secret from there, or use HarborRobotSecret.writeOnly');
    }

    this.target = harborPipelineTarget({ host: connection.host, url: connection.url, projectName: project.projectName, repositoryName, prefix, scanPolls: build.scanPolls });
    const options = pipelineOptions(build, props.tagLatest ?? true, 'HarborImagePipeline', this.node.path);
    this.githubWorkflow = renderGithubWorkflow(options, this.target);
    this.gitlabJob = renderGitlabJob(options, this.target);
    this.workflowFileName = `${build.name}.yml`;

    this.ciVariablesOutput = new TerraformOutput(this, 'CiVariables', {
      description: `CI variables for ${this.workflowFileName}; the secret ${prefix}_ROBOT_SECRET is not here (see docs/ci.md)`,
      value: { [`${prefix}_ROBOT_NAME`]: this.robot.fullName },
    });
    this.ciVariablesOutput.overrideLogicalId(`${build.name.replace(/[^A-Za-z0-9_]/g, '_')}_ci_variables`);

    const files: [string, string][] = [[this.workflowFileName, this.githubWorkflow], [`${build.name}.gitlab-ci.yml`, this.gitlabJob]];
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => writePipelineFiles(session.outdir, session.manifest.forStack(stack).synthesizedStackPath, files),
    });
  }
}
