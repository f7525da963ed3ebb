/** EcrImagePipeline: a GitHub Actions workflow and a GitLab CI job that build, push, scan-gate and tag one ECR repository's image. */

import * as fs from 'fs';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
// The hook TerraformAsset uses to write files beside the stack at synth; cdktf does not re-export it from its root.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { Severity } from '../core/ci/findings';
import { ecrPipelineTarget, PipelineOptions, PipelineTarget, renderGithubWorkflow, renderGitlabJob } from '../core/ci/pipeline';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { matchesWildcard } from '../core/retention/patterns';
import type { EcrCiRole } from './ecr-ci-role';
import { EcrRepository, TagMutability } from './ecr-repository';

/** Properties of an EcrImagePipeline. */
export interface EcrImagePipelineProps {
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
   * The build context, relative to the repository root.
   * @default "."
   */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the repository root.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;
  /**
   * Build arguments (never secrets: they are written into the workflow file and the image history).
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * The one target platform, e.g. `linux/arm64`. One platform keeps the pushed digest an image manifest, which
   * is what ECR scans; a multi-platform index would have no scan of its own.
   * @default - the runner's platform (linux/amd64)
   */
  readonly platform?: string;
  /**
   * Branches whose pushes run the pipeline (`*` wildcards allowed). Pull requests never run it: they would push.
   * @default ["main"]
   */
  readonly branches?: string[];
  /**
   * Fail the pipeline on findings at or above this severity.
   * @default Severity.CRITICAL
   */
  readonly failOn?: Severity;
  /**
   * An allowlist file in the repository (see docs/ci.md), passed to the gate.
   * @default - none
   */
  readonly allowlistPath?: string;
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
  /**
   * The workflow (and GitLab job) name, also the file name: `<name>.yml`.
   * @default - `image-<repository name with / as ->`
   */
  readonly workflowName?: string;
  /**
   * How many times the pipeline polls the scan status, 10 s apart, before the gate fails closed as pending.
   * @default 60
   */
  readonly scanPolls?: number;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const VARIABLE = /^[A-Z][A-Z0-9_]*$/;
const BRANCH = /^[^\s~^:?[\\]{1,255}$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORKFLOW_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function libraryVersion(): string {
  // lib/aws and dist/aws are both two levels below the package root.
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version as string;
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
    if (props.platform !== undefined && !PLATFORM.test(props.platform)) v.add('platform', 'is not one platform', props.platform, 'os/arch[/variant], e.g. linux/amd64 or linux/arm64 (one only)');
    const branches = props.branches ?? ['main'];
    if (branches.length === 0) v.add('branches', 'is empty', branches, 'at least one branch name');
    branches.forEach((b, i) => {
      if (!BRANCH.test(b)) v.add(`branches[${i}]`, 'is not a branch name', b, '1-255 characters without spaces, ":", "~", "^", "?", "[", "\\"; "*" wildcards allowed');
    });
    const prefix = props.variablePrefix ?? 'ECR';
    if (!VARIABLE.test(prefix) || prefix.startsWith('GITHUB_')) v.add('variablePrefix', 'is not a CI variable prefix', prefix, 'upper-case letters, digits and "_", starting with a letter, not GITHUB_');
    for (const [k, val] of Object.entries(props.buildArgs ?? {})) {
      if (!BUILD_ARG.test(k)) v.add(`buildArgs.${k}`, 'is not a build argument name', k, 'letters, digits and "_", not starting with a digit');
      if (typeof val !== 'string' || val.includes('\n') || isUnresolved(val)) v.add(`buildArgs.${k}`, 'is not a one-line literal', val, 'a string known at synth, without newlines');
    }
    for (const [prop, value] of [['context', props.context], ['dockerfile', props.dockerfile], ['allowlistPath', props.allowlistPath]] as const) {
      if (value !== undefined && (value === '' || path.isAbsolute(value) || value.split('/').includes('..') || /[\n'"$`]/.test(value))) {
        v.add(prop, 'is not a path inside the Git repository', value, 'a relative path such as "services/checkout" (no "..", no quotes or "$")');
      }
    }
    const failOn = props.failOn ?? Severity.CRITICAL;
    if (![Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL].includes(failOn)) v.add('failOn', 'is not a severity to fail on', failOn, 'Severity.LOW, MEDIUM, HIGH or CRITICAL');
    const polls = props.scanPolls ?? 60;
    if (!Number.isInteger(polls) || polls < 1 || polls > 360) v.add('scanPolls', 'is out of range', polls, 'a whole number from 1 to 360 (10 s each)');
    const name = props.workflowName ?? `image-${(repositoryName ?? 'x').replace(/\//g, '-')}`;
    if (!WORKFLOW_NAME.test(name)) v.add('workflowName', 'is not a file-safe name', name, 'lower-case letters, digits, ".", "_", "-", at most 100 characters');
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
      scanPolls: polls,
    });
    const options: PipelineOptions = {
      name,
      context: props.context ?? '.',
      dockerfile: props.dockerfile ?? 'Dockerfile',
      buildArgs: props.buildArgs ?? {},
      platform: props.platform,
      branches,
      failOn,
      allowlistPath: props.allowlistPath,
      tagLatest,
      gateCommand: `npx --yes --package=cdktf-container-registries@${libraryVersion()} registry-lifecycle`,
      header: [`Generated by cdktf-container-registries (EcrImagePipeline ${this.node.path}); edit the construct, not this file.`],
    };
    this.githubWorkflow = renderGithubWorkflow(options, this.target);
    this.gitlabJob = renderGitlabJob(options, this.target);
    this.workflowFileName = `${name}.yml`;

    this.ciVariablesOutput = new TerraformOutput(this, 'CiVariables', {
      description: `CI variables for ${this.workflowFileName}: set each as a repository variable (GitHub) or CI/CD variable (GitLab)`,
      value: { [`${prefix}_PUSH_ROLE_ARN`]: props.role.roleArn, [`${prefix}_REGISTRY_ID`]: props.repository.registryId },
    });
    this.ciVariablesOutput.overrideLogicalId(`${name.replace(/[^A-Za-z0-9_]/g, '_')}_ci_variables`);

    const files: [string, string][] = [[this.workflowFileName, this.githubWorkflow], [`${name}.gitlab-ci.yml`, this.gitlabJob]];
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const stackDir = path.join(session.outdir, path.dirname(session.manifest.forStack(stack).synthesizedStackPath));
        const dir = path.join(stackDir, 'ci');
        fs.mkdirSync(dir, { recursive: true });
        for (const [file, text] of files) fs.writeFileSync(path.join(dir, file), text);
      },
    });
  }

  private providerRegion(repository: EcrRepository): string | undefined {
    const provider = repository.resource.provider ?? TerraformStack.of(this).node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
    return provider instanceof AwsProvider ? provider.regionInput : undefined;
  }
}
