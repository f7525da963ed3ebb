/** GarImagePipeline: a GitHub Actions workflow or GitLab CI job that builds, pushes, scan-gates and tags one Artifact Registry image. */

import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { TerraformOutput, TerraformStack } from 'cdktf';
// The hook TerraformAsset uses to write files beside the stack at synth; cdktf does not re-export it from its root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { FindingsFormat } from '../core/ci/findings';
import { GITHUB_ACTIONS, PipelineTarget, renderGithubWorkflow, renderGitlabJob } from '../core/ci/pipeline';
import { ImagePipelineBuildProps, pipelineOptions, validateBuildProps, validateVariablePrefix, writePipelineFiles } from '../core/ci/pipeline-props';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { ArtifactRegistryRepo, GarRepositoryMode } from './artifact-registry-repo';
import { CiPlatform, GarCiIdentity } from './gar-ci-identity';

/** Properties of a GarImagePipeline. */
export interface GarImagePipelineProps extends ImagePipelineBuildProps {
  /** The standard repository the image is pushed to (created in this stack, so its location, project, scanning and tag settings are known). */
  readonly repository: ArtifactRegistryRepo;
  /**
   * The Workload Identity Federation identity the pipeline uses. It gets push access to the repository (refused
   * when pull-request or any-ref subjects can use it) and read access to the project's vulnerability
   * occurrences. Its subjects must cover `branches`; its CI platform decides which file is written.
   */
  readonly identity: GarCiIdentity;
  /**
   * The image name inside the repository (`<host>/<project>/<repository>/<imageName>`).
   * @default - the repository id
   */
  readonly imageName?: string;
  /**
   * After the gate passes on the default branch, point `latest` at the image (`gcloud artifacts docker tags
   * add`). Needs a repository with `immutableTags: false`, since a tag of an immutable repository never moves.
   * @default - true when the repository's tags are mutable, false otherwise
   */
  readonly tagLatest?: boolean;
  /**
   * The prefix of the CI variables the pipeline reads (`<prefix>_WORKLOAD_IDENTITY_PROVIDER`, and
   * `<prefix>_SERVICE_ACCOUNT` with an impersonated service account); give each pipeline its own.
   * @default "GAR"
   */
  readonly variablePrefix?: string;
}

const IMAGE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** Read-only access to Artifact Analysis occurrences: what `--show-package-vulnerability` reads. */
export const OCCURRENCES_VIEWER = 'roles/containeranalysis.occurrences.viewer';

/** Options of the GAR target. */
export interface GarPipelineTargetOptions {
  /** `<location>-docker.pkg.dev`. */
  readonly host: string;
  /** `<host>/<project>/<repository>/<image>`. */
  readonly image: string;
  /** The variable holding the provider's full name. */
  readonly providerVariable: string;
  /** The variable holding the impersonated service account's email, if any. */
  readonly serviceAccountVariable?: string;
  /** Polls of the scan status, 10 s apart. */
  readonly scanPolls: number;
}

/**
 * The GAR target: google-github-actions/auth (GitHub) or a Workload Identity Federation credential file from the
 * job's id_token (GitLab), a poll of Artifact Analysis' discovery status, and `gcloud artifacts docker tags add`.
 */
export function garPipelineTarget(o: GarPipelineTargetOptions): PipelineTarget {
  const describe = 'gcloud artifacts docker images describe "$GAR_IMAGE@$IMAGE_DIGEST" --show-package-vulnerability --format=json';
  const scanScript = [
    '# Artifact Analysis scans every pushed digest on its own: poll its discovery occurrence until the analysis',
    '# has finished. Anything but FINISHED_SUCCESS after the polls reaches the gate, which fails closed on it.',
    'status=NONE',
    `for _ in $(seq 1 ${o.scanPolls}); do`,
    `  ${describe} > findings.json 2>/dev/null || : > findings.json`,
    '  status=$(jq -r \'[.discovery_summary.discovery[]?.discovery.analysisStatus] | first // "NONE"\' findings.json 2>/dev/null || echo NONE)',
    '  case "${status:-NONE}" in',
    '    FINISHED_SUCCESS|COMPLETE|FINISHED_FAILED|FINISHED_UNSUPPORTED) break ;;',
    '    *) sleep 10 ;;',
    '  esac',
    'done',
    'echo "scan status of $IMAGE_DIGEST: ${status:-NONE}"',
    '# Vulnerability occurrences can still be arriving right after the discovery finishes: read them after a pause.',
    'sleep 15',
    `${describe} > findings.json || : > findings.json`,
    '',
  ].join('\n');
  const tagLatestScript = ['# Retag in the registry (no rebuild, no pull).', 'gcloud artifacts docker tags add "$GAR_IMAGE@$IMAGE_DIGEST" "$GAR_IMAGE:latest" --quiet', ''].join('\n');
  const sa = o.serviceAccountVariable;
  const credConfig = [
    '{type: "external_account", audience: $aud, subject_token_type: "urn:ietf:params:oauth:token-type:jwt",',
    ' token_url: "https://sts.googleapis.com/v1/token", credential_source: {file: $file}}',
    ...(sa ? [' + {service_account_impersonation_url: ("https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/" + $sa + ":generateAccessToken")}'] : []),
  ].join('');
  return {
    label: `gar ${o.image}`,
    variables: [
      { name: o.providerVariable, description: 'full name of the Workload Identity Federation provider (projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>)' },
      ...(sa ? [{ name: sa, description: 'email of the service account the pipeline impersonates (push, vulnerability reads)' }] : []),
    ],
    env: { GAR_HOST: o.host, GAR_IMAGE: o.image },
    githubEnv: {},
    githubLoginSteps: [
      {
        name: 'Google Cloud credentials (Workload Identity Federation)',
        uses: GITHUB_ACTIONS.googleAuth,
        with: { workload_identity_provider: `\${{ vars.${o.providerVariable} }}`, ...(sa ? { service_account: `\${{ vars.${sa} }}` } : {}) },
      },
      { name: 'Log in to Artifact Registry', run: 'gcloud auth configure-docker "$GAR_HOST" --quiet\n' },
    ],
    githubImage: '${{ env.GAR_IMAGE }}',
    gitlabIdTokens: { GCP_ID_TOKEN: `https://iam.googleapis.com/$${o.providerVariable}` },
    gitlabLogin: [
      'apk add --no-cache curl jq nodejs npm python3 > /dev/null',
      'curl -fsSL https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-cli-linux-x86_64.tar.gz | tar -xz -C /opt',
      'PATH="/opt/google-cloud-sdk/bin:$PATH"',
      'export PATH',
      '# OIDC: the job\'s id_token, exchanged with Google STS through a Workload Identity Federation credential file.',
      'token_file=$(mktemp)',
      'cred_file=$(mktemp)',
      'printf \'%s\' "$GCP_ID_TOKEN" > "$token_file"',
      `jq -n --arg aud "//iam.googleapis.com/$${o.providerVariable}" --arg file "$token_file"${sa ? ` --arg sa "$${sa}"` : ''} '${credConfig}' > "$cred_file"`,
      'gcloud auth login --cred-file="$cred_file" --quiet',
      'gcloud auth print-access-token | docker login --username oauth2accesstoken --password-stdin "https://$GAR_HOST"',
      'IMAGE="$GAR_IMAGE"',
      '',
    ].join('\n'),
    scanScript,
    findingsFormat: FindingsFormat.GAR,
    tagLatestScript,
  };
}

/**
 * Generates the CI pipeline for one Artifact Registry image and its Workload Identity Federation identity:
 * `contents: read` and `id-token: write` only, a `<git sha>` tag on every push, no provenance (the digest is the
 * scanned image), a poll of Artifact Analysis' automatic scan of that digest, the fail-closed gate on its
 * findings, and `latest` moved only after the gate passes on the default branch.
 *
 * Synth writes `cdktf.out/stacks/<stack>/ci/<name>.yml` (GitHub Actions identity) or `<name>.gitlab-ci.yml`
 * (GitLab identity). Values known only after apply (the provider's full name, the service account) are read
 * from CI variables whose names and values the stack outputs (`ciVariablesOutput`).
 */
export class GarImagePipeline extends Construct {
  /** The GitHub Actions workflow (YAML). */
  public readonly githubWorkflow: string;
  /** The GitLab CI file with the one job (YAML). */
  public readonly gitlabJob: string;
  /** The file synth writes: `<name>.yml` (GitHub) or `<name>.gitlab-ci.yml` (GitLab). */
  public readonly workflowFileName: string;
  /** The CI variables to set after apply: their names, and the output that holds their values. */
  public readonly ciVariablesOutput: TerraformOutput;
  /** The registry target the workflows were rendered from (escape hatch for other renderers). */
  public readonly target: PipelineTarget;

  constructor(scope: Construct, id: string, props: GarImagePipelineProps) {
    super(scope, id);
    const v = new Violations();
    const repo = props.repository;
    if (!(repo instanceof ArtifactRegistryRepo)) {
      v.add('repository', 'is not an ArtifactRegistryRepo created in this app', repo, 'new ArtifactRegistryRepo(...) (its scanning and tag settings must be known at synth)');
      v.throwIfAny(this.node.path);
    }
    if (!(props.identity instanceof GarCiIdentity)) {
      v.add('identity', 'is not a GarCiIdentity', props.identity, 'new GarCiIdentity(...) with branch, tag or environment subjects');
      v.throwIfAny(this.node.path);
    }
    if (repo.mode !== GarRepositoryMode.STANDARD) v.add('repository', `is a ${repo.mode} repository, which cannot be pushed to`, repo.mode, 'a standard repository');
    for (const [prop, value] of [['repository.project', repo.project], ['repository.location', repo.location], ['repository.repositoryId', repo.repositoryId]] as const) {
      if (value === undefined || isUnresolved(value)) v.add(prop, 'is not known at synth', value, 'a literal string (the image path is written into the workflow)');
    }
    const imageName = props.imageName ?? repo.repositoryId;
    if (typeof imageName !== 'string' || !IMAGE_NAME.test(imageName) || imageName.length > 255) {
      v.add('imageName', 'is not an image name', imageName, 'lower-case path components of letters and digits separated by ".", "_", "-", joined by "/"');
    }
    if (repo.resource.vulnerabilityScanningConfigInput?.enablementConfig === 'DISABLED') {
      v.add('repository', 'does not scan pushed images, so the gate would have no findings to read', 'vulnerabilityScanning: false', 'vulnerabilityScanning: true (the default) on the repository');
    }
    const immutable = repo.resource.dockerConfigInput?.immutableTags !== false;
    const tagLatest = props.tagLatest ?? !immutable;
    if (props.tagLatest === true && immutable) {
      v.add('tagLatest', 'needs a tag that can move, but the repository\'s tags are immutable, so the second push of latest would fail', props.tagLatest, 'immutableTags: false on the repository, or tagLatest: false');
    }
    const prefix = props.variablePrefix ?? 'GAR';
    validateVariablePrefix(v, prefix);
    // A bad image name is reported once, not again as the workflow name derived from it.
    const build = validateBuildProps(v, props, typeof imageName === 'string' && IMAGE_NAME.test(imageName) ? imageName : 'x');
    v.throwIfAny(this.node.path);

    // Push (refused by the repository when untrusted subjects can use the identity), plus what the gate reads:
    // vulnerability occurrences, which live in the project's Artifact Analysis, not in the repository.
    repo.grantPush(props.identity);
    props.identity.grantMembers.forEach((m, i) => {
      new ProjectIamMember(this, `OccurrencesViewer${i}`, { project: repo.project, role: OCCURRENCES_VIEWER, member: m.toString(), provider: repo.resource.provider });
    });

    const github = props.identity.platform === CiPlatform.GITHUB_ACTIONS;
    const serviceAccount = props.identity.serviceAccountEmail;
    const host = repo.registryHost;
    this.target = garPipelineTarget({
      host,
      image: `${host}/${repo.project}/${repo.repositoryId}/${imageName}`,
      providerVariable: `${prefix}_WORKLOAD_IDENTITY_PROVIDER`,
      serviceAccountVariable: serviceAccount !== undefined ? `${prefix}_SERVICE_ACCOUNT` : undefined,
      scanPolls: build.scanPolls,
    });
    const options = pipelineOptions(build, tagLatest, 'GarImagePipeline', this.node.path);
    this.githubWorkflow = renderGithubWorkflow(options, this.target);
    this.gitlabJob = renderGitlabJob(options, this.target);
    this.workflowFileName = github ? `${build.name}.yml` : `${build.name}.gitlab-ci.yml`;

    this.ciVariablesOutput = new TerraformOutput(this, 'CiVariables', {
      description: `CI variables for ${this.workflowFileName}: set each as a ${github ? 'repository variable (GitHub)' : 'CI/CD variable (GitLab)'}`,
      value: {
        [`${prefix}_WORKLOAD_IDENTITY_PROVIDER`]: props.identity.workloadIdentityProviderName,
        ...(serviceAccount !== undefined ? { [`${prefix}_SERVICE_ACCOUNT`]: serviceAccount } : {}),
      },
    });
    this.ciVariablesOutput.overrideLogicalId(`${build.name.replace(/[^A-Za-z0-9_]/g, '_')}_ci_variables`);

    const file = this.workflowFileName;
    const text = github ? this.githubWorkflow : this.gitlabJob;
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => writePipelineFiles(session.outdir, session.manifest.forStack(stack).synthesizedStackPath, [[file, text]]),
    });
  }
}
