/** EcrPublicRepository: one ECR Public repository (public.ecr.aws) with its gallery catalog data; us-east-1 only. */

import { EcrpublicRepository as EcrpublicRepositoryResource } from '@cdktf/provider-aws/lib/ecrpublic-repository';
import { EcrpublicRepositoryPolicy } from '@cdktf/provider-aws/lib/ecrpublic-repository-policy';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError, Violations } from '../core/errors';
import { RegistryEndpoint, RegistryFamily } from '../core/endpoint';
import { isUnresolved } from '../core/tokens';
import { checkSameStack, validateRepositoryName, validateTags } from './ecr-repository';
import { renderPolicyDocument, unique } from './iam';
import { AwsPrincipal, IEcrGrantee } from './principal';

/** Pushing an image to ECR Public (the repository-level actions). */
const PUBLIC_PUSH_ACTIONS = [
  'ecr-public:BatchCheckLayerAvailability',
  'ecr-public:CompleteLayerUpload',
  'ecr-public:InitiateLayerUpload',
  'ecr-public:PutImage',
  'ecr-public:UploadLayerPart',
];
/** The login to ECR Public: a registry token and the STS bearer token it is built on; neither takes a resource. */
const PUBLIC_AUTH_ACTIONS = ['ecr-public:GetAuthorizationToken', 'sts:GetServiceBearerToken'];

/** CPU architectures the ECR Public Gallery shows for a repository (the API's fixed values). */
export enum EcrPublicArchitecture {
  /** 32-bit ARM. */
  ARM = 'ARM',
  /** 64-bit ARM. */
  ARM_64 = 'ARM 64',
  /** 32-bit x86. */
  X86 = 'x86',
  /** 64-bit x86. */
  X86_64 = 'x86-64',
}

/** Operating systems the ECR Public Gallery shows for a repository (the API's fixed values). */
export enum EcrPublicOperatingSystem {
  /** Linux. */
  LINUX = 'Linux',
  /** Windows. */
  WINDOWS = 'Windows',
}

/** What the ECR Public Gallery shows about a repository. */
export interface EcrPublicCatalogData {
  /**
   * A short description (at most 1,024 characters).
   * @default - none
   */
  readonly description?: string;
  /**
   * The "About" section, in Markdown (at most 25,600 characters).
   * @default - none
   */
  readonly aboutText?: string;
  /**
   * The "Usage" section, in Markdown (at most 25,600 characters).
   * @default - none
   */
  readonly usageText?: string;
  /**
   * The architectures the images support.
   * @default - none shown
   */
  readonly architectures?: EcrPublicArchitecture[];
  /**
   * The operating systems the images support.
   * @default - none shown
   */
  readonly operatingSystems?: EcrPublicOperatingSystem[];
  /**
   * The logo, base64-encoded (at most 512,000 bytes once decoded; shown for verified accounts only). Terraform
   * does not detect drift of the logo.
   * @default - none
   */
  readonly logoImageBase64?: string;
}

/** Properties of an EcrPublicRepository. */
export interface EcrPublicRepositoryProps {
  /** The repository name: 2-205 characters, lowercase path segments such as `team/app`. */
  readonly repositoryName: string;
  /**
   * What the ECR Public Gallery shows.
   * @default - nothing but the name
   */
  readonly catalogData?: EcrPublicCatalogData;
  /**
   * Delete the repository even if it holds images, on `terraform destroy`.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Resource tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * The Region of the resource (provider 6 resource-level `region`). ECR Public exists in us-east-1 only, so
   * this is the way to create the repository from a stack whose provider is in another Region.
   * @default - the provider's Region, which must then be us-east-1
   */
  readonly region?: string;
  /**
   * The AWS provider (account) to create the repository with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** The one Region ECR Public repositories can be managed in. */
const PUBLIC_REGION = 'us-east-1';
const MAX_NAME = 205;
const MAX_DESCRIPTION = 1024;
const MAX_MARKDOWN = 25_600;
const MAX_LOGO_BYTES = 512_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A repository in ECR Public (`aws_ecrpublic_repository`): anyone can pull its images from
 * `public.ecr.aws/<registry alias>/<name>`; pushing needs `ecr-public` permissions in us-east-1. ECR Public is
 * managed only in us-east-1: a literal other Region is refused.
 */
export class EcrPublicRepository extends Construct {
  /** The `aws_ecrpublic_repository` resource (escape hatch). */
  public readonly resource: EcrpublicRepositoryResource;
  /** The repository name. */
  public readonly repositoryName: string;

  private readonly props: EcrPublicRepositoryProps;
  private readonly pushers = new Map<string, AwsPrincipal>();
  private policyResource?: EcrpublicRepositoryPolicy;
  private arnToken?: string;

  constructor(scope: Construct, id: string, props: EcrPublicRepositoryProps) {
    super(scope, id);
    this.props = props;
    const v = new Violations();
    v.addAll('', validateRepositoryName(props.repositoryName));
    if (typeof props.repositoryName === 'string' && !isUnresolved(props.repositoryName) && props.repositoryName.length > MAX_NAME) {
      v.add('repositoryName', `is ${props.repositoryName.length} characters long`, props.repositoryName, `at most ${MAX_NAME} characters for an ECR Public repository`);
    }
    if (props.catalogData) v.addAll('catalogData', checkCatalogData(props.catalogData).items);
    validateTags(v, props.tags);
    this.checkRegion(v);
    v.throwIfAny(this.node.path);

    const c = props.catalogData;
    this.resource = new EcrpublicRepositoryResource(this, 'Resource', {
      repositoryName: props.repositoryName,
      catalogData: c
        ? {
            description: c.description,
            aboutText: c.aboutText,
            usageText: c.usageText,
            architectures: c.architectures ? [...c.architectures] : undefined,
            operatingSystems: c.operatingSystems ? [...c.operatingSystems] : undefined,
            logoImageBlob: c.logoImageBase64,
          }
        : undefined,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags,
      region: props.region,
      provider: props.provider,
    });
    this.repositoryName = props.repositoryName;
    // Again at synth: a provider declared after this construct makes its Region known only then.
    this.node.addValidation({
      validate: () => {
        const late = new Violations();
        this.checkRegion(late);
        return late.empty ? [] : [new ValidationError(this.node.path, late.items).message];
      },
    });
  }

  /** The repository ARN. */
  public get repositoryArn(): string {
    // One token, so that grants and references compare equal.
    return (this.arnToken ??= this.resource.arn);
  }

  /** The image repository URI, `public.ecr.aws/<registry alias>/<name>`. */
  public get repositoryUri(): string {
    return this.resource.repositoryUri;
  }

  /** The registry (account) ID. */
  public get registryId(): string {
    return this.resource.registryId;
  }

  /**
   * Where the images live (`public.ecr.aws`) and how a publisher logs in: pulls need no login; pushes use a
   * token from `aws ecr-public get-login-password`, which is issued in us-east-1 only.
   */
  public get endpoint(): RegistryEndpoint {
    const host = 'public.ecr.aws';
    const passwordCommand = `aws ecr-public get-login-password --region ${PUBLIC_REGION}`;
    return RegistryEndpoint.fromJson({
      family: RegistryFamily.ECR_PUBLIC,
      host,
      loginUsername: 'AWS',
      passwordCommand,
      loginCommand: `${passwordCommand} | docker login --username AWS --password-stdin ${host}`,
    });
  }

  /** The image URI for a tag: `<repositoryUri>:<tag>`. */
  public repositoryUriForTag(tag: string): string {
    return `${this.repositoryUri}:${tag}`;
  }

  /**
   * Grants publishing images: the repository policy (`aws_ecrpublic_repository_policy`) names the grantee's
   * principal with the push actions, and a grantee with its own identity policy (EcrCiRole) also gets them on
   * this repository plus the login (`ecr-public:GetAuthorizationToken`, `sts:GetServiceBearerToken` on `*`),
   * which no repository policy can grant. Pulling needs no grant: the repository is public.
   */
  public grantPush(grantee: IEcrGrantee): void {
    checkSameStack(this, grantee, 'grantPush');
    const principal = grantee.grantPrincipal;
    principal.validate('grantee').throwIfAny(this.node.path);
    if (!(grantee instanceof AwsPrincipal) && grantee.addToPrincipalPolicy({ actions: [...PUBLIC_PUSH_ACTIONS], resources: [this.repositoryArn] })) {
      grantee.addToPrincipalPolicy({ actions: [...PUBLIC_AUTH_ACTIONS], resources: ['*'] });
    }
    this.pushers.set(principal.key, principal);
    const entries = [...this.pushers.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const policy = renderPolicyDocument(
      entries.map(([, p], i) => ({ sid: `Push${i + 1}`, principal: p.policyPrincipal(), actions: unique(PUBLIC_PUSH_ACTIONS), condition: p.policyConditions() })),
    );
    if (this.policyResource) this.policyResource.policy = policy;
    else this.policyResource = new EcrpublicRepositoryPolicy(this, 'Policy', { repositoryName: this.resource.repositoryName, policy, region: this.props.region, provider: this.props.provider });
  }

  /** The `aws_ecrpublic_repository_policy`, once something was granted (escape hatch). */
  public get repositoryPolicy(): EcrpublicRepositoryPolicy | undefined {
    return this.policyResource;
  }

  private checkRegion(v: Violations): void {
    const given = this.props.region;
    const provider = this.props.provider ?? TerraformStack.of(this).node.findAll().find((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === 'aws' && !c.alias);
    const providerRegion = (provider as (TerraformProvider & { regionInput?: string }) | undefined)?.regionInput;
    const region = given ?? providerRegion;
    if (region === undefined || typeof region !== 'string' || isUnresolved(region) || region === PUBLIC_REGION) return;
    v.add(
      given !== undefined ? 'region' : 'provider',
      given !== undefined ? 'is not us-east-1, the only Region ECR Public repositories can be managed in' : `is in ${region}, but ECR Public repositories can only be managed in us-east-1`,
      region,
      given !== undefined ? '"us-east-1"' : 'region: "us-east-1" (provider 6 resource-level Region), or a provider for us-east-1',
    );
  }
}

function checkCatalogData(c: EcrPublicCatalogData): Violations {
  const v = new Violations();
  const text = (property: string, value: string | undefined, max: number) => {
    if (value === undefined || isUnresolved(value)) return;
    if (typeof value !== 'string') v.add(property, 'must be a string', value, `text of at most ${max} characters`);
    else if (value.length > max) v.add(property, `is ${value.length} characters long`, value, `at most ${max} characters`);
  };
  text('description', c.description, MAX_DESCRIPTION);
  text('aboutText', c.aboutText, MAX_MARKDOWN);
  text('usageText', c.usageText, MAX_MARKDOWN);
  const list = <T>(property: string, values: T[] | undefined, allowed: T[]) => {
    if (values === undefined) return;
    values.forEach((x, i) => {
      if (!allowed.includes(x)) v.add(`${property}[${i}]`, 'is not a value the gallery knows', x, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    });
    const dup = values.filter((x, i) => values.indexOf(x) !== i);
    if (dup.length > 0) v.add(property, 'repeats a value', dup, 'each value once');
  };
  list('architectures', c.architectures, Object.values(EcrPublicArchitecture));
  list('operatingSystems', c.operatingSystems, Object.values(EcrPublicOperatingSystem));
  const logo = c.logoImageBase64;
  if (logo !== undefined && !isUnresolved(logo)) {
    if (typeof logo !== 'string' || logo.length % 4 !== 0 || !BASE64.test(logo)) {
      v.add('logoImageBase64', 'is not base64', typeof logo === 'string' && logo.length > 40 ? `${logo.slice(0, 40)}... (${logo.length} characters)` : logo, 'the logo file encoded with base64 (e.g. Fn.filebase64("logo.png"))');
    } else {
      const bytes = (logo.length / 4) * 3 - (logo.endsWith('==') ? 2 : logo.endsWith('=') ? 1 : 0);
      if (bytes > MAX_LOGO_BYTES) v.add('logoImageBase64', `decodes to ${bytes} bytes`, `(${logo.length} base64 characters)`, `a logo of at most ${MAX_LOGO_BYTES} bytes`);
    }
  }
  return v;
}
