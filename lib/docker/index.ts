/**
 * Images built and pushed by Terraform's docker provider: `import { ContainerImage } from 'cdktf-container-registries/docker'`.
 * Needs the optional peer dependency @cdktf/provider-docker.
 */

export { ContainerImage, type ContainerImageProps } from './container-image';
export { type IRegistryCredentials } from '../core/ci/registry-credentials';
