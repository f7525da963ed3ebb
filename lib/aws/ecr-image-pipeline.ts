/** EcrImagePipeline: a GitHub Actions workflow and a GitLab CI job that build, push, scan-gate and tag one ECR repository's image. */

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
// The hook TerraformAsset uses to write files beside the stack at synth; cdktf does not re-export it from its root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { ecrPipelineTarget, PipelineTarget, renderGithubWorkflow, renderGitlabJob } from '../core/ci/pipeline';
import { ImagePipelineBuildProps, pipelineOptions, validateBuildProps, validateVariablePrefix, writePipelineFiles } from '../core/ci/pipeline-props';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { matchesWildcard } from '../core/retention/patterns';
import type { EcrCiRole } from './ecr-ci-role';
import { EcrRepository, TagMutability } from './ecr-repository';

/** Properties of an EcrImagePipeline: the shared build and gate settings, plus ECR's own. */
export interface EcrImagePipelineProps extends ImagePipelineBuildProps {
  /** The repository the image is pushed to (created in this stack, so its name, scanning and tag settings are known). */
  readonly repository: EcrRepository;
  /**
   * The role the pipeline assumes with OIDC. It gets push access to the repository and the right to read its
   * scan findings. Its GitHub subjects must cover `branches`.
   */
  readonly role: EcrCiRole;
  /**
   * The AWS Region of the repository.
   * @default - the Region of the repository's AWS provider (or the stack's default AWS provider)
   */
  readonly region?: string;
  /**
   * After the gate passes on the default branch, point `latest` at the image. Needs a repository whose
   * mutability lets `latest` move (MUTABLE, or IMMUTABLE_WITH_EXCLUSION with a filter matching `latest`).
   * @default true
   */
  readonly tagLatest?: boolean;
  /**
   * The registry scans with Amazon Inspector (enhanced scanning, set on the EcrRegistry) rather than basic scan
   * on push: the gate then reads `enhancedFindings`, and a continuous scan's ACTIVE status counts as done.
   * @default false
   */
  readonly enhancedScanning?: boolean;
  /**
   * The prefix of the CI variables the pipeline reads (`<prefix>_PUSH_ROLE_ARN`, `<prefix>_REGISTRY_ID`); give
   * each pipeline of one Git repository its own.
   * @default "ECR"
   */
  readonly variablePrefix?: string;
}

/**
 * Generates the CI pipeline for one repository and its CI role, right by construction: OIDC with
 * `contents: read` and `id-token: write` only, a `<git sha>` tag on every push, no provenance (the digest is the
 * scanned image), a poll of the scan status that survives continuous scanning, the fail-closed gate on that
 * digest, and `latest` moved only after the gate passes on the default branch.
 *
 * Synth writes `cdktf.out/stacks/<stack>/ci/<name>.yml` (GitHub Actions) and `<name>.gitlab-ci.yml`; copy the
 * first to `.github/workflows/`. Values known only after apply (role ARN, account id) are read from CI variables
 * whose names and values the stack outputs (`ciVariablesOutput`).
 */
export class EcrImagePipeline extends Construct {
  /** The GitHub Actions workflow (YAML). */
  public readonly githubWorkflow: string;
  /** The GitLab CI file with the one job (YAML). */
  public readonly gitlabJob: string;
  /** The workflow's file name, `<name>.yml`. */
  public readonly workflowFileName: string;
  /** The CI variables to set after apply: their names, and the output that holds their values. */
  public readonly ciVariablesOutput: TerraformOutput;
  /** The registry target the workflows were rendered from (escape hatch for other renderers). */
  public readonly target: PipelineTarget;

  constructor(scope: Construct, id: string, props: EcrImagePipelineProps) {
    super(scope, id);
    const v = new Violations();
    const repositoryName = props.repository.resource.nameInput;
    if (repositoryName === undefined || isUnresolved(repositoryName)) {
      v.add('repository', 'has a name that is not known at synth', repositoryName, 'an EcrRepository whose repositoryName is a literal string');
    }
    const region = props.region ?? this.providerRegion(props.repository);
    if (region === undefined || isUnresolved(region)) {
      v.add('region', 'is not known at synth', region, 'a literal Region such as "eu-west-1" (or an AWS provider with a literal region)');
    }
    const tagLatest = props.tagLatest ?? true;
    const mutability = props.repository.resource.imageTagMutabilityInput ?? TagMutability.MUTABLE;
    if (tagLatest && (mutability === TagMutability.IMMUTABLE || mutability === TagMutability.IMMUTABLE_WITH_EXCLUSION)) {
      const filters = props.repository.resource.imageTagMutabilityExclusionFilterInput;
      const patterns = Array.isArray(filters) ? filters.map((f) => f.filter) : [];
      const excluded = mutability === TagMutability.IMMUTABLE_WITH_EXCLUSION && patterns.some((p) => matchesWildcard(p, 'latest'));
      if (!excluded) {
        v.add('tagLatest', 'needs a tag that can move, but the repository\'s tags are immutable, so the second push of latest would fail', mutability, 'imageTagMutability: TagMutability.IMMUTABLE_WITH_EXCLUSION with imageTagMutabilityExclusionFilters: ["latest"] on the repository, or tagLatest: false');
      }
    }
    if (!props.repository.scanOnPush && !props.enhancedScanning) {
      v.add('repository', 'does not scan on push, so the gate would have no findings to read', 'scanOnPush: false', 'scanOnPush: true on the repository, or enhancedScanning: true when the registry scans with Inspector');
    }
    const prefix = props.variablePrefix ?? 'ECR';
    validateVariablePrefix(v, prefix);
    const build = validateBuildProps(v, props, repositoryName ?? 'x');
    v.throwIfAny(this.node.path);

    // Push, plus what the pipeline reads: scan findings, and the image's digest when it retags latest.
    props.repository.grantPullPush(props.role);
    props.repository.grant(props.role, 'ecr:DescribeImageScanFindings', 'ecr:DescribeImages');
    // Enhanced findings come from Amazon Inspector: ECR's API needs the caller to list them there (ECR user guide,
    // "IAM permissions required for enhanced scanning"). ListFindings has no resource-level scoping.
    if (props.enhancedScanning) props.role.addToPrincipalPolicy({ actions: ['inspector2:ListFindings'], resources: ['*'] });

    const dnsSuffix = region!.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    this.target = ecrPipelineTarget({
      repositoryName: repositoryName!,
      region: region!,
      dnsSuffix,
      enhancedScanning: props.enhancedScanning ?? false,
      roleArnVariable: `${prefix}_PUSH_ROLE_ARN`,
      registryIdVariable: `${prefix}_REGISTRY_ID`,
      scanPolls: build.scanPolls,
    });
    const options = pipelineOptions(build, tagLatest, 'EcrImagePipeline', this.node.path);
    this.githubWorkflow = renderGithubWorkflow(options, this.target);
    this.gitlabJob = renderGitlabJob(options, this.target);
    this.workflowFileName = `${build.name}.yml`;

    this.ciVariablesOutput = new TerraformOutput(this, 'CiVariables', {
      description: `CI variables for ${this.workflowFileName}: set each as a repository variable (GitHub) or CI/CD variable (GitLab)`,
      value: { [`${prefix}_PUSH_ROLE_ARN`]: props.role.roleArn, [`${prefix}_REGISTRY_ID`]: props.repository.registryId },
    });
    this.ciVariablesOutput.overrideLogicalId(`${build.name.replace(/[^A-Za-z0-9_]/g, '_')}_ci_variables`);

    const files: [string, string][] = [[this.workflowFileName, this.githubWorkflow], [`${build.name}.gitlab-ci.yml`, this.gitlabJob]];
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => writePipelineFiles(session.outdir, session.manifest.forStack(stack).synthesizedStackPath, files),
    });
  }

  private providerRegion(repository: EcrRepository): string | undefined {
    const provider = repository.resource.provider ?? TerraformStack.of(this).node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
    return provider instanceof AwsProvider ? provider.regionInput : undefined;
  }
}
