/** EcrAuthorizationToken: ECR's own short-lived registry login (12 h) as Terraform data, for the docker provider. */

import { DataAwsEcrAuthorizationToken } from '@cdktf/provider-aws/lib/data-aws-ecr-authorization-token';
import { Fn, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { IRegistryCredentials } from '../core/ci/registry-credentials';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** Properties of an EcrAuthorizationToken. */
export interface EcrAuthorizationTokenProps {
  /**
   * The registry (account id) to log in to, e.g. an EcrRepository's `registryId`.
   * @default - the account of the AWS provider
   */
  readonly registryId?: string;
  /**
   * The AWS provider (account and Region) to ask.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Registry credentials from `data "aws_ecr_authorization_token"`: user `AWS` and the decoded password, which
 * the docker provider accepts for every ECR host (including China, FIPS and dual-stack hosts its own ECR
 * detection misses). The token is valid for 12 hours and is read again on every plan; it is stored in state.
 */
export class EcrAuthorizationToken extends Construct implements IRegistryCredentials {
  public readonly address: string;
  public readonly username: string;
  public readonly password: string;
  /** The data source (escape hatch). */
  public readonly data: DataAwsEcrAuthorizationToken;

  constructor(scope: Construct, id: string, props: EcrAuthorizationTokenProps = {}) {
    super(scope, id);
    const v = new Violations();
    if (props.registryId !== undefined && !isUnresolved(props.registryId) && !/^\d{12}$/.test(props.registryId)) {
      v.add('registryId', 'is not an AWS account id', props.registryId, '12 digits');
    }
    v.throwIfAny(this.node.path);
    this.data = new DataAwsEcrAuthorizationToken(this, 'Token', { registryId: props.registryId, provider: props.provider });
    // proxy_endpoint is https://<host>; Docker's auth keys are the bare host.
    this.address = Fn.replace(this.data.proxyEndpoint, 'https://', '');
    this.username = this.data.userName;
    this.password = this.data.password;
  }
}
