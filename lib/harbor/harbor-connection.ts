/** HarborConnection: the goharbor/harbor provider block with verified TLS, credentials kept out of the code, and the version pinned. */

import { Annotations, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ValidationError, Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { HarborProvider } from './.gen/providers/harbor/provider';

/** The provider version the generated bindings and `required_providers` are pinned to. */
export const HARBOR_PROVIDER_VERSION = '3.12.4';

/** How the provider checks the Harbor server's TLS certificate. */
export enum HarborTls {
  /** Verify the certificate (`insecure = false`): the default. */
  VERIFIED = 'verified',
  /**
   * Do not verify the certificate (`insecure = true`), or talk plain `http://`. Anyone on the path can read the
   * credentials and change what Terraform sees. For a lab instance with a self-signed certificate only.
   */
  UNVERIFIED_INSECURE = 'unverified-insecure',
}

/** The kind of credentials a HarborCredentials carries. */
export enum HarborCredentialKind {
  /** User name and password (or robot name and secret) from Terraform variables. */
  VARIABLES = 'variables',
  /** A robot account's full name with its secret from a Terraform variable. */
  ROBOT_ACCOUNT = 'robot-account',
  /** A bearer token from a Terraform variable. */
  BEARER_TOKEN = 'bearer-token',
  /** Nothing in the configuration: the provider reads HARBOR_USERNAME / HARBOR_PASSWORD (or HARBOR_BEARER_TOKEN). */
  ENVIRONMENT = 'environment',
}

/** Options of `HarborCredentials.fromVariables`. */
export interface HarborVariableCredentialsOptions {
  /**
   * The Terraform variable holding the user name.
   * @default "harbor_username"
   */
  readonly usernameVariable?: string;
  /**
   * The Terraform variable holding the password (declared `sensitive`).
   * @default "harbor_password"
   */
  readonly passwordVariable?: string;
}

/** Options of `HarborCredentials.robotAccount`. */
export interface HarborRobotCredentialsOptions {
  /** The robot's full name as Harbor shows it, e.g. `robot$terraform` (system level) or `robot$platform+terraform`. */
  readonly robotFullName: string;
  /**
   * The Terraform variable holding the robot's secret (declared `sensitive`).
   * @default "harbor_robot_secret"
   */
  readonly secretVariable?: string;
}

/**
 * How the provider authenticates. There is no way to put a password or token in the code: secrets come from
 * Terraform variables declared `sensitive` (set them with `TF_VAR_<name>`), or from the provider's environment
 * variables.
 */
export class HarborCredentials {
  /** User name and password from two Terraform variables (the password one `sensitive`). The default. */
  public static fromVariables(options: HarborVariableCredentialsOptions = {}): HarborCredentials {
    return new HarborCredentials(HarborCredentialKind.VARIABLES, options.usernameVariable ?? 'harbor_username', options.passwordVariable ?? 'harbor_password');
  }

  /**
   * A robot account: its full name (not secret) and its secret from a `sensitive` Terraform variable. A system
   * robot with project and registry permissions is enough for everything the constructs manage except system
   * robots and instance settings, which need an administrator.
   */
  public static robotAccount(options: HarborRobotCredentialsOptions): HarborCredentials {
    return new HarborCredentials(HarborCredentialKind.ROBOT_ACCOUNT, options.robotFullName, options.secretVariable ?? 'harbor_robot_secret');
  }

  /** A bearer token from a `sensitive` Terraform variable. */
  public static bearerTokenFromVariable(variableName: string = 'harbor_bearer_token'): HarborCredentials {
    return new HarborCredentials(HarborCredentialKind.BEARER_TOKEN, undefined, variableName);
  }

  /** Nothing in the configuration: the provider reads `HARBOR_USERNAME`/`HARBOR_PASSWORD` or `HARBOR_BEARER_TOKEN`. */
  public static fromEnvironment(): HarborCredentials {
    return new HarborCredentials(HarborCredentialKind.ENVIRONMENT, undefined, undefined);
  }

  private constructor(
    /** The kind of credentials. */
    public readonly kind: HarborCredentialKind,
    /** The user-name variable (VARIABLES) or the robot's full name (ROBOT_ACCOUNT). */
    public readonly user: string | undefined,
    /** The variable holding the secret. */
    public readonly secretVariable: string | undefined,
  ) {}
}

/** Properties of a HarborConnection. */
export interface HarborConnectionProps {
  /** The Harbor base URL, `https://harbor.example.com` (optionally with a port; no path, no `/api`). */
  readonly url: string;
  /**
   * How the provider authenticates.
   * @default HarborCredentials.fromVariables() - variables `harbor_username` and `harbor_password` (sensitive)
   */
  readonly credentials?: HarborCredentials;
  /**
   * TLS certificate verification. The provider itself skips verification unless told otherwise
   * (`insecure` defaults to true); this construct always writes `insecure` explicitly.
   * @default HarborTls.VERIFIED
   */
  readonly tls?: HarborTls;
  /**
   * The robot name prefix of the instance, when it is not `robot$` or the credentials cannot read
   * `/configurations` (a robot account cannot): the provider needs it to read system robots back.
   * @default - the provider asks Harbor
   */
  readonly robotPrefix?: string;
  /**
   * The provider alias, for a second Harbor instance in the same stack.
   * @default - the default harbor provider
   */
  readonly alias?: string;
}

const URL_SHAPE = /^(https?):\/\/([A-Za-z0-9.-]+(?::\d{1,5})?)\/?$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// The connections of each stack, registered as they are made: finding them by walking the construct tree would cost
// a walk per construct, quadratic in a stack of thousands of projects.
const CONNECTIONS = new WeakMap<TerraformStack, HarborConnection[]>();

/**
 * One Harbor instance to manage: the `harbor` provider block, with TLS verified (`insecure = false`) unless
 * `HarborTls.UNVERIFIED_INSECURE` is asked for, credentials from `sensitive` Terraform variables (or a robot account,
 * or the environment), and `required_providers` pinned to goharbor/harbor 3.12.4.
 */
export class HarborConnection extends Construct {
  /**
   * The connection the Harbor constructs in `scope`'s stack use: `explicit` if given, else the only
   * HarborConnection of the stack. Throws when there is none or more than one.
   */
  public static of(scope: IConstruct, explicit?: HarborConnection): HarborConnection {
    if (explicit) return explicit;
    const found = CONNECTIONS.get(TerraformStack.of(scope)) ?? [];
    if (found.length === 1) return found[0];
    throw new ValidationError(scope.node.path, [
      {
        property: 'connection',
        problem: found.length === 0 ? 'is missing and the stack has no HarborConnection' : `is missing and the stack has ${found.length} HarborConnections`,
        value: found.map((c) => c.node.path),
        allowed: 'create one HarborConnection in the stack, or pass connection: explicitly',
      },
    ]);
  }

  /** The base URL, without a trailing slash. */
  public readonly url: string;
  /** The registry host (`harbor.example.com[:port]`): where images are pushed and pulled. */
  public readonly host: string;
  /** Whether TLS is verified. */
  public readonly tls: HarborTls;
  /** The generated `harbor` provider (escape hatch). */
  public readonly provider: HarborProvider;
  /** The Terraform variables this connection declared (user name, secret), by name. */
  public readonly variables: { [name: string]: TerraformVariable } = {};

  constructor(scope: Construct, id: string, props: HarborConnectionProps) {
    super(scope, id);
    const v = new Violations();
    const tls = props.tls ?? HarborTls.VERIFIED;
    if (!Object.values(HarborTls).includes(tls)) v.add('tls', 'is not a known TLS mode', tls, `HarborTls.VERIFIED or HarborTls.UNVERIFIED_INSECURE`);
    let url = props.url;
    let host = props.url;
    if (typeof url !== 'string') {
      v.add('url', 'must be a string', url, 'a base URL such as "https://harbor.example.com"');
    } else if (!isUnresolved(url)) {
      const m = URL_SHAPE.exec(url);
      if (!m) v.add('url', 'is not a Harbor base URL', url, 'https://<host>[:port] with no path (the provider appends /api/v2.0)');
      else {
        url = url.replace(/\/$/, '');
        host = m[2];
        if (m[1] === 'http' && tls !== HarborTls.UNVERIFIED_INSECURE) {
          v.add('url', 'uses plain http, which sends the credentials unencrypted', props.url, 'an https:// URL, or tls: HarborTls.UNVERIFIED_INSECURE to accept an unprotected connection by name');
        }
      }
    } else {
      host = url.replace(/^https?:\/\//, '');
    }
    const credentials = props.credentials ?? HarborCredentials.fromVariables();
    for (const name of [credentials.kind === HarborCredentialKind.VARIABLES ? credentials.user : undefined, credentials.secretVariable]) {
      if (name !== undefined && !VARIABLE_NAME.test(name)) v.add('credentials', 'names an invalid Terraform variable', name, 'a name of letters, digits, "_" and "-", starting with a letter or "_"');
    }
    if (credentials.kind === HarborCredentialKind.ROBOT_ACCOUNT && (typeof credentials.user !== 'string' || !/^[^\s]+$/.test(credentials.user))) {
      v.add('credentials', 'has an invalid robot full name', credentials.user, 'the name Harbor shows, e.g. "robot$terraform"');
    }
    if (props.alias !== undefined && !VARIABLE_NAME.test(props.alias)) v.add('alias', 'is not a valid provider alias', props.alias, 'letters, digits, "_" and "-"');
    v.throwIfAny(this.node.path);

    const stack = TerraformStack.of(this);
    CONNECTIONS.set(stack, [...(CONNECTIONS.get(stack) ?? []), this]);
    this.url = url;
    this.host = host;
    this.tls = tls;
    const secret = (name: string, description: string): string => this.variable(name, description, true);
    let auth: { username?: string; password?: string; bearerToken?: string } = {};
    switch (credentials.kind) {
      case HarborCredentialKind.VARIABLES:
        auth = {
          username: this.variable(credentials.user!, `User name for the Harbor API at ${url}`, false),
          password: secret(credentials.secretVariable!, `Password for the Harbor API at ${url}`),
        };
        break;
      case HarborCredentialKind.ROBOT_ACCOUNT:
        auth = { username: credentials.user, password: secret(credentials.secretVariable!, `Secret of the robot account ${credentials.user} for the Harbor API at ${url}`) };
        break;
      case HarborCredentialKind.BEARER_TOKEN:
        auth = { bearerToken: secret(credentials.secretVariable!, `Bearer token for the Harbor API at ${url}`) };
        break;
      case HarborCredentialKind.ENVIRONMENT:
        break;
    }
    if (credentials.kind === HarborCredentialKind.ROBOT_ACCOUNT && props.robotPrefix === undefined) {
      Annotations.of(this).addWarning(
        'credentials are a robot account and robotPrefix is not set: a robot cannot read /configurations, which the provider needs to read system robot accounts back (set robotPrefix, usually "robot$")',
      );
    }
    if (tls === HarborTls.UNVERIFIED_INSECURE) {
      Annotations.of(this).addWarning(`tls is UNVERIFIED_INSECURE: the Harbor server at ${url} is not authenticated, so its credentials and answers can be intercepted or changed`);
    }
    this.provider = new HarborProvider(this, 'Provider', {
      url,
      insecure: tls === HarborTls.UNVERIFIED_INSECURE,
      robotPrefix: props.robotPrefix,
      alias: props.alias,
      ...auth,
    });
  }

  private variable(name: string, description: string, sensitive: boolean): string {
    const variable = new TerraformVariable(this, name, { type: 'string', description, sensitive, nullable: false });
    variable.overrideLogicalId(name);
    this.variables[name] = variable;
    return variable.stringValue;
  }
}
