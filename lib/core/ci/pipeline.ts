/**
 * Build-tag-push-gate pipelines, generated: a GitHub Actions workflow and a GitLab CI job for one image, from a
 * registry target (how to log in, where the image goes, how to wait for its scan and read the findings) and the
 * build settings. The order is the safe one: build and push the `<git sha>` tag (no provenance, so the digest
 * is the image manifest the scanner scans), wait for the scan of that digest, run the gate, and only then, on
 * the default branch, point `latest` at the digest. A failing gate therefore never moves `latest`.
 */

import { FindingsFormat, Severity } from './findings';
import { toYaml, YamlValue } from './yaml';

/** A repository (CI) variable the pipeline reads: a value known only after `terraform apply`. */
export interface PipelineVariable {
  /** The variable name, e.g. `ECR_PUSH_ROLE_ARN`. */
  readonly name: string;
  /** What it holds (written into the generated file's header). */
  readonly description: string;
}

/**
 * What a registry contributes to a pipeline. One implementation per registry family (ECR first); GAR, ACR and
 * Harbor add theirs without touching the renderers.
 */
export interface PipelineTarget {
  /** A short label for names and comments, e.g. `ecr shop/checkout`. */
  readonly label: string;
  /** Variables set in the CI system after apply (their names and values are stack outputs). */
  readonly variables: PipelineVariable[];
  /** Job-level environment with values known at synth (region, repository). */
  readonly env: { [name: string]: string };
  /** Further GitHub job environment taken from repository variables (`${{ vars.X }}`). */
  readonly githubEnv: { [name: string]: string };
  /**
   * Environment of the GitHub scan step only (e.g. a secret the scan needs, kept out of the other steps).
   * @default - none
   */
  readonly githubScanEnv?: { [name: string]: string };
  /** GitHub steps that log in to the cloud and the registry (OIDC). */
  readonly githubLoginSteps: { [key: string]: YamlValue }[];
  /** A GitHub expression for the image name without tag, e.g. `${{ steps.ecr.outputs.registry }}/shop/checkout`. */
  readonly githubImage: string;
  /** GitLab `id_tokens` (name → audience). */
  readonly gitlabIdTokens: { [name: string]: string };
  /** POSIX sh lines that install the tools the job needs on the GitLab image and log in; they set `IMAGE`. */
  readonly gitlabLogin: string;
  /**
   * POSIX sh that waits for the scan of `$IMAGE_DIGEST` and writes the findings, exactly as the scanner prints
   * them, to `findings.json` (leaving it empty when they cannot be read, which the gate reports as a missing scan).
   */
  readonly scanScript: string;
  /** The findings format the gate reads. */
  readonly findingsFormat: FindingsFormat;
  /** POSIX sh that points `latest` at `$IMAGE_DIGEST` (registry-native, no rebuild). */
  readonly tagLatestScript: string;
  /**
   * The login needs no OIDC token (a robot account's secret instead), so the workflow does not ask for
   * `id-token: write`.
   * @default false
   */
  readonly withoutOidc?: boolean;
}

/** Build and gate settings of a pipeline. */
export interface PipelineOptions {
  /** The workflow's name and the GitLab job's name. */
  readonly name: string;
  /** The build context, relative to the repository root. */
  readonly context: string;
  /** The Dockerfile, relative to the repository root. */
  readonly dockerfile: string;
  /** Build arguments (values known at synth). */
  readonly buildArgs: { [name: string]: string };
  /** The target platform, e.g. `linux/amd64`; one platform, so that the pushed digest is a scannable image. */
  readonly platform?: string;
  /** Branches whose pushes run the pipeline (the CI role must trust them). */
  readonly branches: string[];
  /** Fail on findings at or above this severity. */
  readonly failOn: Severity;
  /** The allowlist file in the repository, if any. */
  readonly allowlistPath?: string;
  /** Point `latest` at the image on the default branch. */
  readonly tagLatest: boolean;
  /** The command that runs the gate, e.g. `npx --yes --package=cdktf-container-registries@1.2.3 registry-lifecycle`. */
  readonly gateCommand: string;
  /** Lines for the header comment (what generated the file, how to regenerate it). */
  readonly header: string[];
}

/** Pinned majors of the actions used (current as of 2026; each runs on node24). */
export const GITHUB_ACTIONS = {
  checkout: 'actions/checkout@v4',
  setupBuildx: 'docker/setup-buildx-action@v4',
  buildPush: 'docker/build-push-action@v7',
  awsCredentials: 'aws-actions/configure-aws-credentials@v6',
  ecrLogin: 'aws-actions/amazon-ecr-login@v2',
  googleAuth: 'google-github-actions/auth@v3',
  azureLogin: 'azure/login@v3',
  dockerLogin: 'docker/login-action@v4',
};

function gateArgs(o: PipelineOptions, target: PipelineTarget, output: string): string {
  const allow = o.allowlistPath ? ` --allowlist ${shellQuote(o.allowlistPath)}` : '';
  return `${o.gateCommand} gate --format ${target.findingsFormat} --findings findings.json --fail-on ${o.failOn}${allow} --output ${output}`;
}

/** Quotes a word for POSIX sh when it needs quoting. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** The GitHub Actions workflow (YAML text). */
export function renderGithubWorkflow(o: PipelineOptions, target: PipelineTarget): string {
  const buildArgs = Object.keys(o.buildArgs).sort().map((k) => `${k}=${o.buildArgs[k]}`).join('\n');
  const isDefault = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
  const doc: { [key: string]: YamlValue | undefined } = {
    name: o.name,
    on: { push: { branches: o.branches }, workflow_dispatch: {} },
    // Least privilege: read the code, and mint the OIDC token the cloud login exchanges (when it has one).
    permissions: target.withoutOidc ? { contents: 'read' } : { contents: 'read', 'id-token': 'write' },
    concurrency: { group: `${o.name}-\${{ github.ref }}`, 'cancel-in-progress': false },
    jobs: {
      image: {
        'runs-on': 'ubuntu-24.04',
        'timeout-minutes': 30,
        env: { ...target.env, ...target.githubEnv },
        outputs: { digest: '${{ steps.build.outputs.digest }}' },
        steps: [
          { uses: GITHUB_ACTIONS.checkout, with: { 'persist-credentials': false } },
          ...target.githubLoginSteps,
          { uses: GITHUB_ACTIONS.setupBuildx },
          {
            name: 'Build and push the commit tag',
            id: 'build',
            uses: GITHUB_ACTIONS.buildPush,
            with: {
              context: o.context,
              file: o.dockerfile,
              platforms: o.platform,
              'build-args': buildArgs === '' ? undefined : `${buildArgs}\n`,
              push: true,
              // Provenance (on by default) turns the pushed tag into an index that registry scanners do not scan.
              provenance: false,
              sbom: false,
              tags: `${target.githubImage}:\${{ github.sha }}`,
            },
          },
          { name: 'Wait for the scan and read the findings', env: { IMAGE_DIGEST: '${{ steps.build.outputs.digest }}', ...target.githubScanEnv }, run: target.scanScript },
          { name: 'Vulnerability gate', run: `${gateArgs(o, target, 'github')}\n` },
          o.tagLatest
            ? { name: 'Point latest at the gated image (default branch only)', if: isDefault, env: { IMAGE_DIGEST: '${{ steps.build.outputs.digest }}' }, run: target.tagLatestScript }
            : undefined,
          {
            name: 'Summary',
            env: { IMAGE: target.githubImage, IMAGE_DIGEST: '${{ steps.build.outputs.digest }}' },
            run: 'echo "Pushed and gated: ${IMAGE}@${IMAGE_DIGEST}" >> "$GITHUB_STEP_SUMMARY"\n',
          },
        ].filter((s) => s !== undefined) as YamlValue[],
      },
    },
  };
  return toYaml(doc, [...o.header, ...variableComments(target)]);
}

function variableComments(target: PipelineTarget): string[] {
  if (target.variables.length === 0) return [];
  return ['', 'Repository variables (values from the stack outputs after terraform apply):', ...target.variables.map((v) => `  ${v.name}: ${v.description}`)];
}

/** The GitLab CI job (YAML text of a `.gitlab-ci.yml` holding the one job). */
export function renderGitlabJob(o: PipelineOptions, target: PipelineTarget): string {
  const buildArgs = Object.keys(o.buildArgs).sort().map((k) => ` --build-arg ${shellQuote(`${k}=${o.buildArgs[k]}`)}`).join('');
  const platform = o.platform ? ` --platform ${shellQuote(o.platform)}` : '';
  const script = [
    'set -eu',
    target.gitlabLogin.trimEnd(),
    '# Provenance off: the pushed digest must be the image manifest the registry scans, not an index.',
    `docker buildx build --push --provenance=false --sbom=false${platform}${buildArgs} --file ${shellQuote(o.dockerfile)} --tag "$IMAGE:$CI_COMMIT_SHA" --metadata-file build-metadata.json ${shellQuote(o.context)}`,
    'IMAGE_DIGEST=$(jq -r \'."containerimage.digest"\' build-metadata.json)',
    'export IMAGE_DIGEST',
    target.scanScript.trimEnd(),
    `${gateArgs(o, target, 'gitlab')} > gl-code-quality-report.json`,
    ...(o.tagLatest ? ['if [ "${CI_COMMIT_BRANCH:-}" = "$CI_DEFAULT_BRANCH" ]; then', ...target.tagLatestScript.trimEnd().split('\n').map((l) => `  ${l}`), 'fi'] : []),
    'echo "Pushed and gated: $IMAGE@$IMAGE_DIGEST"',
  ].join('\n');
  const job: { [key: string]: YamlValue | undefined } = {
    stage: 'build',
    image: 'docker:27-cli',
    services: ['docker:27-dind'],
    variables: { DOCKER_TLS_CERTDIR: '/certs', ...target.env },
    id_tokens: target.withoutOidc ? undefined : Object.fromEntries(Object.entries(target.gitlabIdTokens).map(([k, aud]) => [k, { aud }])),
    rules: [{ if: `$CI_COMMIT_BRANCH =~ /^(${o.branches.map(regexEscape).join('|')})$/` }],
    script: [`${script}\n`],
    artifacts: { when: 'always', paths: ['findings.json'], reports: { codequality: 'gl-code-quality-report.json' } },
  };
  return toYaml({ stages: ['build'], [o.name]: job }, [...o.header, ...variableComments(target).map((l) => l.replace('Repository variables', 'CI/CD variables'))]);
}

function regexEscape(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*');
}

/** Options of the ECR target. */
export interface EcrPipelineTargetOptions {
  /** The repository name (`shop/checkout`). */
  readonly repositoryName: string;
  /** The Region. */
  readonly region: string;
  /** The registry host's DNS suffix: `amazonaws.com`, `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
  /** Enhanced (Inspector) scanning instead of basic scan on push. */
  readonly enhancedScanning: boolean;
  /** The variable holding the CI role's ARN. */
  readonly roleArnVariable: string;
  /** The variable holding the registry (account) id. */
  readonly registryIdVariable: string;
  /** Polls of the scan status, 10 s apart. */
  readonly scanPolls: number;
}

/** The ECR target: configure-aws-credentials (GitHub) or the web-identity token file (GitLab), ECR scan polling, put-image retag. */
export function ecrPipelineTarget(o: EcrPipelineTargetOptions): PipelineTarget {
  const findingsCall = 'aws ecr describe-image-scan-findings --registry-id "$ECR_REGISTRY_ID" --repository-name "$ECR_REPOSITORY" --image-id "imageDigest=$IMAGE_DIGEST"';
  const scanScript = [
    '# Poll instead of `aws ecr wait image-scan-complete`: under continuous (enhanced) scanning the status stays',
    '# ACTIVE and that waiter never succeeds. Anything but COMPLETE/ACTIVE after the polls fails the gate closed.',
    'status=NONE',
    `for _ in $(seq 1 ${o.scanPolls}); do`,
    `  status=$(${findingsCall} --query imageScanStatus.status --output text 2>/dev/null || echo NONE)`,
    '  case "$status" in',
    '    COMPLETE|ACTIVE) break ;;',
    '    PENDING|IN_PROGRESS|NONE) sleep 10 ;;',
    '    *) break ;;',
    '  esac',
    'done',
    'echo "scan status of $IMAGE_DIGEST: $status"',
    '# Findings can still be filling in right after the status turns COMPLETE: read them after a short pause.',
    'sleep 15',
    `${findingsCall} --output json > findings.json || : > findings.json`,
    '',
  ].join('\n');
  const tagLatestScript = [
    '# Retag in the registry (no rebuild, no pull): the manifest of the gated digest, put again as latest.',
    `manifest=$(aws ecr batch-get-image --registry-id "$ECR_REGISTRY_ID" --repository-name "$ECR_REPOSITORY" --image-ids "imageDigest=$IMAGE_DIGEST" --query 'images[0].imageManifest' --output text)`,
    `media_type=$(aws ecr batch-get-image --registry-id "$ECR_REGISTRY_ID" --repository-name "$ECR_REPOSITORY" --image-ids "imageDigest=$IMAGE_DIGEST" --query 'images[0].imageManifestMediaType' --output text)`,
    'aws ecr put-image --registry-id "$ECR_REGISTRY_ID" --repository-name "$ECR_REPOSITORY" --image-tag latest --image-manifest "$manifest" --image-manifest-media-type "$media_type" > /dev/null || {',
    '  # Re-putting the same manifest under the same tag is an error that means there is nothing to do.',
    '  current=$(aws ecr describe-images --registry-id "$ECR_REGISTRY_ID" --repository-name "$ECR_REPOSITORY" --image-ids imageTag=latest --query \'imageDetails[0].imageDigest\' --output text)',
    '  [ "$current" = "$IMAGE_DIGEST" ]',
    '}',
    '',
  ].join('\n');
  return {
    label: `ecr ${o.repositoryName}`,
    variables: [
      { name: o.roleArnVariable, description: 'ARN of the IAM role the pipeline assumes with OIDC (push, scan findings)' },
      { name: o.registryIdVariable, description: 'the AWS account id of the registry' },
    ],
    env: { AWS_REGION: o.region, ECR_REPOSITORY: o.repositoryName },
    githubEnv: { ECR_REGISTRY_ID: `\${{ vars.${o.registryIdVariable} }}` },
    githubLoginSteps: [
      { name: 'AWS credentials (OIDC)', uses: GITHUB_ACTIONS.awsCredentials, with: { 'role-to-assume': `\${{ vars.${o.roleArnVariable} }}`, 'aws-region': o.region } },
      { name: 'Log in to ECR', id: 'ecr', uses: GITHUB_ACTIONS.ecrLogin, with: { registries: `\${{ vars.${o.registryIdVariable} }}` } },
    ],
    githubImage: `\${{ steps.ecr.outputs.registry }}/${o.repositoryName}`,
    gitlabIdTokens: { AWS_ID_TOKEN: 'sts.amazonaws.com' },
    gitlabLogin: [
      'apk add --no-cache aws-cli jq nodejs npm > /dev/null',
      '# OIDC: the job\'s id_token, exchanged by the AWS CLI for the role\'s credentials.',
      'AWS_WEB_IDENTITY_TOKEN_FILE=$(mktemp)',
      'printf \'%s\' "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"',
      `AWS_ROLE_ARN="$${o.roleArnVariable}"`,
      ...(o.registryIdVariable === 'ECR_REGISTRY_ID' ? [] : [`ECR_REGISTRY_ID="$${o.registryIdVariable}"`]),
      'AWS_ROLE_SESSION_NAME="gitlab-$CI_PIPELINE_ID"',
      'export AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN AWS_ROLE_SESSION_NAME ECR_REGISTRY_ID',
      `REGISTRY="$ECR_REGISTRY_ID.dkr.ecr.$AWS_REGION.${o.dnsSuffix}"`,
      'aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"',
      'IMAGE="$REGISTRY/$ECR_REPOSITORY"',
      '',
    ].join('\n'),
    scanScript,
    findingsFormat: o.enhancedScanning ? FindingsFormat.ECR_ENHANCED : FindingsFormat.ECR,
    tagLatestScript,
  };
}
