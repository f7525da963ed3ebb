/** ContainerImage: build an image with Terraform's docker provider and push it, tagged with the git SHA and `latest`, to any registry. */

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import { Annotations, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { IRegistryCredentials } from '../core/ci/registry-credentials';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { hashBuildContext } from './context-hash';

/** Properties of a ContainerImage. */
export interface ContainerImageProps {
  /**
   * The repository to push to, `<host>/<path>` without tag (e.g. an EcrRepository's `repositoryUrl`).
   */
  readonly repositoryUrl: string;
  /**
   * The registry login (e.g. `new EcrAuthorizationToken(...)` from `cdktf-container-registries/aws`). It lands in
   * Terraform state, never in an output.
   */
  readonly credentials: IRegistryCredentials;
  /** The build context: a local directory, absolute or relative to the working directory of synth. */
  readonly context: string;
  /**
   * The Dockerfile, relative to the context.
   * @default "Dockerfile"
   */
  readonly dockerfile?: string;
  /**
   * Build arguments (never secrets: they are stored in the image history and in Terraform state).
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * The target platform, e.g. `linux/amd64`.
   * @default - the Docker daemon's platform
   */
  readonly platform?: string;
  /**
   * The commit tag.
   * @default - `git rev-parse HEAD` in the context directory
   */
  readonly gitSha?: string;
  /**
   * Also tag and push `latest`.
   * @default true
   */
  readonly tagLatest?: boolean;
  /**
   * Keep the pushed tags in the registry on `terraform destroy` (the provider's default deletes them).
   * @default true
   */
  readonly keepRemotely?: boolean;
  /**
   * The docker provider to use.
   * @default - the stack's docker provider, created on first use
   */
  readonly provider?: TerraformProvider;
}

const SHA = /^[0-9a-f]{7,64}$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;
const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds an image from a local context during `terraform apply` (`docker_image`), tags it with the commit SHA
 * (and `latest`), and pushes it (`docker_registry_image`) with the registry's own short-lived credentials.
 * Rebuilds happen when the content of the build context changes: its hash, honouring `.dockerignore`, is
 * computed at synth and set as the image's trigger. Needs a Docker daemon where Terraform runs. For most teams a
 * CI pipeline (EcrImagePipeline) is the better place to build; see docs/ci.md.
 */
export class ContainerImage extends Construct {
  /** The pushed image by commit tag, `<repositoryUrl>:<sha>`. */
  public readonly imageName: string;
  /** The commit tag. */
  public readonly gitSha: string;
  /** The content hash of the build context (`sha256:…`), the rebuild trigger. */
  public readonly contextHash: string;
  /** The digest of the pushed image (`sha256:…`), known after apply. */
  public readonly digest: string;
  /** The `docker_image` resource (escape hatch). */
  public readonly image: Image;
  /** The `docker_registry_image` resources: the commit tag, then `latest` when pushed. */
  public readonly pushes: RegistryImage[];

  constructor(scope: Construct, id: string, props: ContainerImageProps) {
    super(scope, id);
    const v = new Violations();
    const dockerfile = props.dockerfile ?? 'Dockerfile';
    const context = path.resolve(props.context);
    if (!fs.existsSync(context) || !fs.statSync(context).isDirectory()) v.add('context', 'is not a directory', props.context, 'a local directory holding the build context');
    else if (!fs.existsSync(path.resolve(context, dockerfile))) v.add('dockerfile', 'does not exist in the context', dockerfile, 'a path relative to the context, e.g. "Dockerfile"');
    if (props.platform !== undefined && !PLATFORM.test(props.platform)) v.add('platform', 'is not one platform', props.platform, 'os/arch[/variant], e.g. linux/amd64');
    for (const [k, val] of Object.entries(props.buildArgs ?? {})) {
      if (!BUILD_ARG.test(k)) v.add(`buildArgs.${k}`, 'is not a build argument name', k, 'letters, digits and "_", not starting with a digit');
      if (typeof val !== 'string') v.add(`buildArgs.${k}`, 'is not a string', val, 'a string');
    }
    if (!isUnresolved(props.repositoryUrl) && (/[:@]/.test(props.repositoryUrl.split('/').slice(1).join('/')) || !props.repositoryUrl.includes('/') || props.repositoryUrl.includes('://'))) {
      v.add('repositoryUrl', 'is not a repository without tag', props.repositoryUrl, '<host>/<path>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout');
    }
    let sha = props.gitSha;
    if (sha === undefined && v.empty) {
      const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: context, encoding: 'utf8' });
      sha = r.status === 0 ? r.stdout.trim() : undefined;
      if (sha === undefined) v.add('gitSha', 'cannot be read: the context is not in a Git checkout', props.context, 'a commit SHA (e.g. process.env.GITHUB_SHA), or a context inside a Git repository');
      else {
        const dirty = spawnSync('git', ['status', '--porcelain', '--', '.'], { cwd: context, encoding: 'utf8' });
        if (dirty.status === 0 && dirty.stdout.trim() !== '') {
          Annotations.of(this).addWarning(`The build context ${props.context} has uncommitted changes: the image built from them is tagged ${sha.slice(0, 12)}, a commit that does not hold them.`);
        }
      }
    } else if (sha !== undefined && !SHA.test(sha)) v.add('gitSha', 'is not a commit SHA', sha, '7-64 lower-case hex digits');
    v.throwIfAny(this.node.path);

    this.gitSha = sha!;
    this.contextHash = hashBuildContext(context, dockerfile).digest;
    const provider = props.provider ?? sharedDockerProvider(this);
    const tagLatest = props.tagLatest ?? true;
    const shaRef = `${props.repositoryUrl}:${this.gitSha}`;
    const latestRef = `${props.repositoryUrl}:latest`;
    this.imageName = shaRef;
    this.image = new Image(this, 'Image', {
      name: shaRef,
      keepLocally: true,
      buildAttribute: {
        context,
        dockerfile,
        tag: tagLatest ? [shaRef, latestRef] : [shaRef],
        buildArgs: props.buildArgs,
        platform: props.platform,
      },
      // The provider rebuilds only when a trigger changes: the context's content is the trigger.
      triggers: { context_sha256: this.contextHash },
      provider,
    });
    const auth = { address: props.credentials.address, username: props.credentials.username, password: props.credentials.password };
    const push = (logicalId: string, name: string): RegistryImage =>
      new RegistryImage(this, logicalId, {
        name,
        keepRemotely: props.keepRemotely ?? true,
        authConfig: auth,
        // Without it the provider does not repush a rebuilt image under the same name.
        triggers: { image_id: this.image.imageId },
        dependsOn: [this.image],
        provider,
      });
    this.pushes = [push('Push', shaRef)];
    if (tagLatest) this.pushes.push(push('PushLatest', latestRef));
    this.digest = this.pushes[0].sha256Digest;
  }
}

/** One docker provider per stack, created by the first image that needs it. */
function sharedDockerProvider(scope: Construct): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.findAll().find((c): c is DockerProvider => c instanceof DockerProvider && c.alias === undefined);
  return existing ?? new DockerProvider(stack, 'docker', {});
}
