/** GarAccessToken: the Google provider's own OAuth access token as an Artifact Registry login, for the docker provider. */

import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { IRegistryCredentials } from '../core/ci/registry-credentials';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import type { IArtifactRegistryRepo } from './artifact-registry-repo';

/** Properties of a GarAccessToken. */
export interface GarAccessTokenProps {
  /** The repository whose host (`<location>-docker.pkg.dev`) to log in to. */
  readonly repository: IArtifactRegistryRepo;
  /**
   * The Google provider whose credentials the token is minted from (they need push on the repository).
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

const LOCATION = /^[a-z]+(?:-[a-z]+\d*)?(?:-?\d+)?$/;

/**
 * Registry credentials from `data "google_client_config"`: user `oauth2accesstoken` and the access token of the
 * identity Terraform runs as, for the repository's host. The token lasts an hour and is read again on every
 * plan; like every docker provider credential it is stored in state, and never in an output.
 */
export class GarAccessToken extends Construct implements IRegistryCredentials {
  public readonly address: string;
  public readonly username: string;
  public readonly password: string;
  /** The data source (escape hatch). */
  public readonly data: DataGoogleClientConfig;

  constructor(scope: Construct, id: string, props: GarAccessTokenProps) {
    super(scope, id);
    const v = new Violations();
    const location = props.repository?.location;
    if (typeof location !== 'string' || isUnresolved(location) || !LOCATION.test(location)) {
      v.add('repository', 'has no literal location, so the registry host is unknown', location, 'an ArtifactRegistryRepo with a location such as "europe-west1" or "us"');
    }
    v.throwIfAny(this.node.path);
    this.data = new DataGoogleClientConfig(this, 'ClientConfig', { provider: props.provider });
    this.address = `${location}-docker.pkg.dev`;
    this.username = 'oauth2accesstoken';
    this.password = this.data.accessToken;
  }
}
