/**
 * The build-and-gate settings every registry's image pipeline shares (GAR, ACR, Harbor), their validation, and
 * the step from validated settings to the renderers' PipelineOptions. No cdktf imports: constructs pass their
 * Violations in and write the files themselves.
 */

import * as fs from 'fs';
import * as path from 'path';
import { Violations } from '../errors';
import { isUnresolved } from '../tokens';
import { Severity } from './findings';
import { PipelineOptions } from './pipeline';

/** Build and gate settings shared by the image pipelines of every registry family. */
export interface ImagePipelineBuildProps {
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
   * is what registry scanners scan; a multi-platform index has no scan of its own.
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
   * The workflow (and GitLab job) name, also the file name: `<name>.yml`.
   * @default - `image-<image name with / as ->`
   */
  readonly workflowName?: string;
  /**
   * How many times the pipeline polls the scan status, 10 s apart, before the gate fails closed as pending.
   * @default 60
   */
  readonly scanPolls?: number;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
/** A CI variable name (GitHub repository variable, GitLab CI/CD variable). */
export const CI_VARIABLE = /^[A-Z][A-Z0-9_]*$/;
const BRANCH = /^[^\s~^:?[\\]{1,255}$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORKFLOW_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** The validated build settings: the renderers' options without the parts a family decides, plus the scan polls. */
export interface ValidatedBuild extends Omit<PipelineOptions, 'tagLatest' | 'gateCommand' | 'header'> {
  readonly scanPolls: number;
}

/** Checks the shared build settings into `v` (every violation, none thrown here). */
export function validateBuildProps(v: Violations, props: ImagePipelineBuildProps, imageName: string): ValidatedBuild {
  if (props.platform !== undefined && !PLATFORM.test(props.platform)) v.add('platform', 'is not one platform', props.platform, 'os/arch[/variant], e.g. linux/amd64 or linux/arm64 (one only)');
  const branches = props.branches ?? ['main'];
  if (branches.length === 0) v.add('branches', 'is empty', branches, 'at least one branch name');
  branches.forEach((b, i) => {
    if (typeof b !== 'string' || !BRANCH.test(b)) v.add(`branches[${i}]`, 'is not a branch name', b, '1-255 characters without spaces, ":", "~", "^", "?", "[", "\\"; "*" wildcards allowed');
  });
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
  const scanPolls = props.scanPolls ?? 60;
  if (!Number.isInteger(scanPolls) || scanPolls < 1 || scanPolls > 360) v.add('scanPolls', 'is out of range', scanPolls, 'a whole number from 1 to 360 (10 s each)');
  const name = props.workflowName ?? `image-${imageName.replace(/\//g, '-')}`;
  if (!WORKFLOW_NAME.test(name)) v.add('workflowName', 'is not a file-safe name', name, 'lower-case letters, digits, ".", "_", "-", at most 100 characters');
  return {
    name,
    context: props.context ?? '.',
    dockerfile: props.dockerfile ?? 'Dockerfile',
    buildArgs: props.buildArgs ?? {},
    platform: props.platform,
    branches,
    failOn,
    allowlistPath: props.allowlistPath,
    scanPolls,
  };
}

/** Checks a CI variable prefix into `v`. */
export function validateVariablePrefix(v: Violations, prefix: string): void {
  if (typeof prefix !== 'string' || !CI_VARIABLE.test(prefix) || prefix.startsWith('GITHUB_') || prefix.startsWith('CI_')) {
    v.add('variablePrefix', 'is not a CI variable prefix', prefix, 'upper-case letters, digits and "_", starting with a letter, not GITHUB_ or CI_');
  }
}

/** The renderers' options from validated settings. */
export function pipelineOptions(b: ValidatedBuild, tagLatest: boolean, construct: string, nodePath: string): PipelineOptions {
  return {
    name: b.name,
    context: b.context,
    dockerfile: b.dockerfile,
    buildArgs: b.buildArgs,
    platform: b.platform,
    branches: b.branches,
    failOn: b.failOn,
    allowlistPath: b.allowlistPath,
    tagLatest,
    gateCommand: `npx --yes --package=cdktf-container-registries@${libraryVersion()} registry-lifecycle`,
    header: [`Generated by cdktf-container-registries (${construct} ${nodePath}); edit the construct, not this file.`],
  };
}

function libraryVersion(): string {
  // lib/core/ci and dist/core/ci are both three levels below the package root.
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version as string;
}

/** Writes generated CI files into `<outdir>/<directory of the stack's cdk.tf.json>/ci/` (called at synth). */
export function writePipelineFiles(outdir: string, synthesizedStackPath: string, files: readonly (readonly [string, string])[]): void {
  const dir = path.join(outdir, path.dirname(synthesizedStackPath), 'ci');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of files) fs.writeFileSync(path.join(dir, file), text);
}
