/** HarborRegistryEndpoint: a remote registry Harbor talks to (`harbor_registry`), for proxy-cache projects and replication. */

import { Annotations, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { Registry } from './.gen/providers/harbor/registry';
import { HarborConnection, HarborTls } from './harbor-connection';

/** The kind of remote registry (the provider's `provider_name`); fixed at creation. */
export enum HarborUpstreamKind {
  /** Docker Hub (`https://hub.docker.com`). */
  DOCKER_HUB = 'docker-hub',
  /** AWS ECR (`https://<account>.dkr.ecr.<region>.amazonaws.com`). */
  AWS_ECR = 'aws',
  /** Google Artifact Registry / GCR (`https://<location>-docker.pkg.dev`). */
  GOOGLE = 'google',
  /** Azure Container Registry (`https://<name>.azurecr.io`). */
  AZURE_ACR = 'azure',
  /** Quay (`https://quay.io`). */
  QUAY = 'quay',
  /** GitHub Container Registry (`https://ghcr.io`). */
  GITHUB_GHCR = 'github',
  /** Another Harbor instance. */
  HARBOR = 'harbor',
  /** GitLab's container registry. */
  GITLAB = 'gitlab',
  /** JFrog Artifactory. */
  JFROG = 'jfrog',
  /** Alibaba Cloud ACR. */
  ALIBABA = 'alibaba',
  /** Huawei SWR. */
  HUAWEI = 'huawei',
  /** Any registry speaking the Docker Registry HTTP API v2. */
  DOCKER_REGISTRY = 'docker-registry',
}

const DEFAULT_URLS: Partial<Record<HarborUpstreamKind, string>> = {
  [HarborUpstreamKind.DOCKER_HUB]: 'https://hub.docker.com',
  [HarborUpstreamKind.QUAY]: 'https://quay.io',
  [HarborUpstreamKind.GITHUB_GHCR]: 'https://ghcr.io',
};

/** Properties of a HarborRegistryEndpoint. */
export interface HarborRegistryEndpointProps {
  /** The endpoint's name in Harbor, unique in the instance. */
  readonly name: string;
  /** The kind of remote registry. Changing it replaces the endpoint. */
  readonly kind: HarborUpstreamKind;
  /**
   * The remote registry's URL, `https://...`.
   * @default - the public URL for Docker Hub, Quay and GHCR; required for the others
   */
  readonly endpointUrl?: string;
  /**
   * The user name or access key id at the remote registry (not secret).
   * @default - anonymous access
   */
  readonly accessId?: string;
  /**
   * The name of a Terraform variable, declared here `sensitive`, that holds the password, token or secret key
   * for `accessId`. The secret never appears in the code or the synthesized JSON.
   * @default - anonymous access
   */
  readonly accessSecretVariable?: string;
  /**
   * Whether Harbor verifies the remote registry's TLS certificate.
   * @default HarborTls.VERIFIED
   */
  readonly tls?: HarborTls;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * The Harbor instance.
   * @default - the only HarborConnection of the stack
   */
  readonly connection?: HarborConnection;
}

/** What a remote registry endpoint offers to projects and replication policies. */
export interface IHarborRegistryEndpoint {
  /** Harbor's numeric id of the endpoint (the `registry_id` other resources take). */
  readonly registryId: number;
  /** The kind of remote registry. */
  readonly kind: HarborUpstreamKind;
  /** The endpoint's name in Harbor. */
  readonly name: string;
}

const NAME_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A remote registry known to Harbor (`harbor_registry`): the upstream of a proxy-cache project, or the source or
 * destination of a replication policy. Credentials come from a `sensitive` Terraform variable; TLS is verified.
 * Import id: `/registries/<id>`.
 */
export class HarborRegistryEndpoint extends Construct implements IHarborRegistryEndpoint {
  /** The kind of remote registry. */
  public readonly kind: HarborUpstreamKind;
  /** The endpoint's name in Harbor. */
  public readonly name: string;
  /** The `harbor_registry` resource (escape hatch). */
  public readonly resource: Registry;
  /** The sensitive variable holding the secret, when there is one. */
  public readonly accessSecret?: TerraformVariable;

  constructor(scope: Construct, id: string, props: HarborRegistryEndpointProps) {
    super(scope, id);
    const v = new Violations();
    if (typeof props.name !== 'string' || (!isUnresolved(props.name) && !NAME_SHAPE.test(props.name))) {
      v.add('name', 'is not a valid endpoint name', props.name, '1-255 letters, digits, ".", "_" and "-", starting with a letter or digit');
    }
    if (!Object.values(HarborUpstreamKind).includes(props.kind)) v.add('kind', 'is not a known registry kind', props.kind, `one of HarborUpstreamKind.${Object.keys(HarborUpstreamKind).join(', ')}`);
    const url = props.endpointUrl ?? DEFAULT_URLS[props.kind];
    if (url === undefined) v.add('endpointUrl', `is required for ${props.kind}`, url, 'the registry URL, e.g. https://123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    else if (typeof url !== 'string' || (!isUnresolved(url) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(url))) {
      if (typeof url === 'string' && url.startsWith('http://') && props.tls === HarborTls.UNVERIFIED_INSECURE) {
        // Asked for by name: a plain-http upstream (a lab registry).
      } else v.add('endpointUrl', 'is not an https URL', url, 'https://<host>[/path], or tls: HarborTls.UNVERIFIED_INSECURE for a plain-http lab registry');
    }
    if ((props.accessId === undefined) !== (props.accessSecretVariable === undefined)) {
      v.add(props.accessId === undefined ? 'accessId' : 'accessSecretVariable', 'is missing: credentials need both', props.accessId ?? props.accessSecretVariable, 'both accessId and accessSecretVariable, or neither for anonymous access');
    }
    if (props.accessSecretVariable !== undefined && !VARIABLE_NAME.test(props.accessSecretVariable)) {
      v.add('accessSecretVariable', 'is not a valid Terraform variable name', props.accessSecretVariable, 'letters, digits, "_" and "-", starting with a letter or "_"');
    }
    const tls = props.tls ?? HarborTls.VERIFIED;
    if (!Object.values(HarborTls).includes(tls)) v.add('tls', 'is not a known TLS mode', tls, 'HarborTls.VERIFIED or HarborTls.UNVERIFIED_INSECURE');
    v.throwIfAny(this.node.path);

    const connection = HarborConnection.of(this, props.connection);
    this.kind = props.kind;
    this.name = props.name;
    if (props.accessSecretVariable !== undefined) {
      this.accessSecret = new TerraformVariable(this, 'AccessSecret', {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `Secret for ${props.accessId} at the ${props.kind} registry ${url} (Harbor endpoint ${props.name})`,
      });
      this.accessSecret.overrideLogicalId(props.accessSecretVariable);
    }
    if (tls === HarborTls.UNVERIFIED_INSECURE) {
      Annotations.of(this).addWarning(`tls is UNVERIFIED_INSECURE: Harbor does not authenticate ${url}, so images pulled or replicated through it can be substituted`);
    }
    this.resource = new Registry(this, 'Resource', {
      name: props.name,
      providerName: props.kind,
      endpointUrl: url!,
      accessId: props.accessId,
      accessSecret: this.accessSecret?.stringValue,
      insecure: tls === HarborTls.UNVERIFIED_INSECURE,
      description: props.description,
      provider: connection.provider,
    });
  }

  /** Harbor's numeric id of the endpoint. */
  public get registryId(): number {
    return this.resource.registryId;
  }
}
