/** Registry credentials handed to Terraform's docker provider: the shape every cloud's token source fills in. */

/**
 * A registry login for `docker_registry_image` (and the docker provider's `registry_auth`). Values are usually
 * Terraform references to a token data source; they land in Terraform state (cdktf 0.21 has no ephemeral
 * resources), never in outputs.
 */
export interface IRegistryCredentials {
  /** The registry host, no scheme or path (`123456789012.dkr.ecr.eu-west-1.amazonaws.com`). */
  readonly address: string;
  /** The user name (`AWS`, `oauth2accesstoken`, a robot or token name). */
  readonly username: string;
  /** The password or short-lived token. */
  readonly password: string;
}
