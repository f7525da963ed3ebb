/**
 * RegistryEndpoint: the cloud-neutral description of where images live and how a Docker client authenticates
 * there (credential helper, interactive set-up, CI login). Every registry construct exposes one; the tools that
 * write Docker's config and generate pipelines read nothing else. No cdktf imports: hosts may be unresolved
 * tokens, which pass through as strings.
 */

import { dropUndefined } from './json';

/** The registry family behind an endpoint. */
export enum RegistryFamily {
  /** AWS Elastic Container Registry (private). */
  ECR = 'ecr',
  /** AWS ECR Public (`public.ecr.aws`). */
  ECR_PUBLIC = 'ecr-public',
  /** Google Artifact Registry (`<location>-docker.pkg.dev`). */
  GAR = 'gar',
  /** Azure Container Registry (`<name>.azurecr.io`). */
  ACR = 'acr',
  /** A Harbor instance. */
  HARBOR = 'harbor',
  /** Docker Hub. */
  DOCKER_HUB = 'docker-hub',
  /** Any other OCI distribution registry. */
  OCI = 'oci',
}

/** The JSON form of a RegistryEndpoint (stable: written to Terraform outputs and read by the CLI). */
export interface RegistryEndpointJson {
  /** The registry family. */
  readonly family: RegistryFamily;
  /** The registry host, with an optional port and no scheme or path: the key Docker's config uses. */
  readonly host: string;
  /**
   * The credential helper's name: the suffix after `docker-credential-` (`ecr-login`, `gcloud`, `acr-env`).
   * Absent where the registry has no maintained helper (Harbor robots, Docker Hub, plain OCI).
   */
  readonly credentialHelper?: string;
  /** The command a person runs once to set Docker up for this host (may be absent). */
  readonly setupCommand?: string;
  /**
   * The fixed user name of a token login (`AWS`, `oauth2accesstoken`, the ACR null GUID); absent where the user
   * name is the account's own (a Harbor robot, a Docker Hub user).
   */
  readonly loginUsername?: string;
  /** A command that prints a short-lived password for `docker login --password-stdin` (absent: a stored secret). */
  readonly passwordCommand?: string;
  /** The full non-interactive login command for CI (`... | docker login --username U --password-stdin HOST`). */
  readonly loginCommand: string;
}

/** Options of `RegistryEndpoint.ecr`. */
export interface EcrEndpointOptions {
  /** The 12-digit account id of the registry (a token is accepted). */
  readonly accountId: string;
  /** The Region, e.g. `eu-west-1` (a token is accepted). */
  readonly region: string;
  /**
   * The DNS suffix of the partition.
   * @default "amazonaws.com" (`amazonaws.com.cn` in China Regions when the Region is a literal)
   */
  readonly dnsSuffix?: string;
  /**
   * The registry host when it is known as a whole (e.g. taken from a repository URL attribute); overrides the
   * host built from account, Region and suffix.
   * @default - `<accountId>.dkr.ecr.<region>.<dnsSuffix>`
   */
  readonly host?: string;
}

/** Options of `RegistryEndpoint.harbor`. */
export interface HarborEndpointOptions {
  /** The Harbor host, e.g. `harbor.example.com` or `harbor.example.com:8443` (no scheme, no path). */
  readonly host: string;
  /**
   * The robot account's full name (e.g. `robot$payments+ci`) used as the user name, with its secret in an
   * environment variable.
   * @default - the user name is left to the caller (`$HARBOR_USERNAME`)
   */
  readonly robotFullName?: string;
}

/**
 * Where images live and how Docker authenticates there. Create one with a static factory; registry constructs
 * expose theirs as `endpoint`.
 */
export class RegistryEndpoint {
  /** A private ECR registry: `<account>.dkr.ecr.<region>.amazonaws.com`, helper `ecr-login`. */
  public static ecr(options: EcrEndpointOptions): RegistryEndpoint {
    const suffix = options.dnsSuffix ?? (options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');
    const host = options.host ?? `${options.accountId}.dkr.ecr.${options.region}.${suffix}`;
    const passwordCommand = `aws ecr get-login-password --region ${options.region}`;
    return new RegistryEndpoint({
      family: RegistryFamily.ECR,
      host,
      credentialHelper: 'ecr-login',
      loginUsername: 'AWS',
      passwordCommand,
      loginCommand: `${passwordCommand} | docker login --username AWS --password-stdin ${host}`,
    });
  }

  /** A Google Artifact Registry Docker host: `<location>-docker.pkg.dev`, helper `gcloud`. */
  public static gar(location: string): RegistryEndpoint {
    const host = `${location}-docker.pkg.dev`;
    const passwordCommand = 'gcloud auth print-access-token';
    return new RegistryEndpoint({
      family: RegistryFamily.GAR,
      host,
      credentialHelper: 'gcloud',
      setupCommand: `gcloud auth configure-docker ${host} --quiet`,
      loginUsername: 'oauth2accesstoken',
      passwordCommand,
      loginCommand: `${passwordCommand} | docker login --username oauth2accesstoken --password-stdin https://${host}`,
    });
  }

  /**
   * An Azure Container Registry: `<name>.azurecr.io`. Azure's own helper is deprecated without replacement, so the
   * helper named is the community `acr-env` (service principal or managed identity from the environment); the CI
   * login exchanges an Entra token (valid 3 hours) with the null-GUID user name.
   */
  public static acr(registryName: string, loginServer?: string): RegistryEndpoint {
    const host = loginServer ?? `${registryName}.azurecr.io`;
    const passwordCommand = `az acr login --name ${registryName} --expose-token --output tsv --query accessToken`;
    const user = '00000000-0000-0000-0000-000000000000';
    return new RegistryEndpoint({
      family: RegistryFamily.ACR,
      host,
      credentialHelper: 'acr-env',
      setupCommand: `az acr login --name ${registryName}`,
      loginUsername: user,
      passwordCommand,
      loginCommand: `${passwordCommand} | docker login --username ${user} --password-stdin ${host}`,
    });
  }

  /** A Harbor instance: no credential helper; a robot account logs in with its secret from `$HARBOR_PASSWORD`. */
  public static harbor(options: HarborEndpointOptions): RegistryEndpoint {
    // Single quotes keep the robot prefix's `$` literal in a shell.
    const user = options.robotFullName === undefined ? '"$HARBOR_USERNAME"' : `'${options.robotFullName}'`;
    return new RegistryEndpoint({
      family: RegistryFamily.HARBOR,
      host: options.host,
      loginCommand: `printf '%s' "$HARBOR_PASSWORD" | docker login --username ${user} --password-stdin ${options.host}`,
    });
  }

  /** Any other OCI registry (or Docker Hub with `RegistryFamily.DOCKER_HUB`): a stored user name and password. */
  public static generic(host: string, family: RegistryFamily = RegistryFamily.OCI): RegistryEndpoint {
    return new RegistryEndpoint({
      family,
      host,
      loginCommand: `printf '%s' "$REGISTRY_PASSWORD" | docker login --username "$REGISTRY_USERNAME" --password-stdin ${host}`,
    });
  }

  /** Reads the JSON form back (e.g. from a Terraform output). */
  public static fromJson(json: RegistryEndpointJson): RegistryEndpoint {
    return new RegistryEndpoint({ ...json });
  }

  /** The registry family. */
  public readonly family: RegistryFamily;
  /** The host Docker's config is keyed by. */
  public readonly host: string;
  /** The credential helper name (suffix after `docker-credential-`), if the registry has one. */
  public readonly credentialHelper?: string;
  /** A one-time set-up command for a person's machine, if the registry has one. */
  public readonly setupCommand?: string;
  /** The fixed user name of a token login, if any. */
  public readonly loginUsername?: string;
  /** A command printing a short-lived password, if any. */
  public readonly passwordCommand?: string;
  /** The non-interactive login command for CI. */
  public readonly loginCommand: string;

  private constructor(json: RegistryEndpointJson) {
    this.family = json.family;
    this.host = json.host;
    this.credentialHelper = json.credentialHelper;
    this.setupCommand = json.setupCommand;
    this.loginUsername = json.loginUsername;
    this.passwordCommand = json.passwordCommand;
    this.loginCommand = json.loginCommand;
  }

  /** The `credHelpers` entry of Docker's config for this host, or undefined where the registry has no helper. */
  public credHelpersEntry(): Record<string, string> | undefined {
    return this.credentialHelper === undefined ? undefined : { [this.host]: this.credentialHelper };
  }

  /** The full reference of an image by tag: `<host>/<path>:<tag>`. */
  public imageUri(path: string, tag: string): string {
    return `${this.host}/${path}:${tag}`;
  }

  /** The JSON form, without absent fields. */
  public toJson(): RegistryEndpointJson {
    return dropUndefined<RegistryEndpointJson>({
      family: this.family,
      host: this.host,
      credentialHelper: this.credentialHelper,
      setupCommand: this.setupCommand,
      loginUsername: this.loginUsername,
      passwordCommand: this.passwordCommand,
      loginCommand: this.loginCommand,
    });
  }
}
