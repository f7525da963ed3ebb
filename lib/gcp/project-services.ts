/** GcpProjectServices: the APIs a registry feature needs, enabled without ever being turned off by a destroy. */

import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { TerraformProvider, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';
import { validateProjectId } from './gcp-ids';

/** A Google API that registry features depend on. */
export enum GcpApi {
  /** Artifact Registry itself. */
  ARTIFACT_REGISTRY = 'artifactregistry.googleapis.com',
  /** Automatic vulnerability scanning of pushed images. */
  CONTAINER_SCANNING = 'containerscanning.googleapis.com',
  /** On-demand scans (`gcloud artifacts docker images scan`), billed separately. */
  ON_DEMAND_SCANNING = 'ondemandscanning.googleapis.com',
  /** Cloud KMS, for customer-managed encryption keys. */
  CLOUD_KMS = 'cloudkms.googleapis.com',
  /** Secret Manager, for remote repository upstream credentials. */
  SECRET_MANAGER = 'secretmanager.googleapis.com',
  /** IAM, for workload identity pools and service accounts. */
  IAM = 'iam.googleapis.com',
  /** IAM Service Account Credentials, for service account impersonation by CI. */
  IAM_CREDENTIALS = 'iamcredentials.googleapis.com',
  /** Security Token Service, which exchanges CI tokens for Google tokens. */
  STS = 'sts.googleapis.com',
  /** Cloud Logging, for the pull audit log bucket. */
  LOGGING = 'logging.googleapis.com',
}

/** Properties of GcpProjectServices. */
export interface GcpProjectServicesProps {
  /**
   * The APIs to enable now; more can be added with `enable`.
   * @default - none
   */
  readonly services?: GcpApi[];
  /**
   * The project to enable them in.
   * @default - the provider's project
   */
  readonly project?: string;
  /**
   * The Google provider to use.
   * @default - the stack's default Google provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Enables Google APIs with `google_project_service`, `disable_on_destroy = false` and
 * `disable_dependent_services = false`: an API is project-wide, so destroying one stack must never turn it
 * off for every other user of the project. Each API appears once however many features ask for it.
 */
export class GcpProjectServices extends Construct {
  /**
   * The stack's shared instance for a project (and provider), created on first use. Registry constructs with
   * `enableApis: true` add what they need to it.
   */
  public static of(scope: Construct, project?: string, provider?: TerraformProvider): GcpProjectServices {
    const stack = TerraformStack.of(scope);
    const id = `GcpProjectServices${project ? `-${project}` : ''}${provider ? `-${provider.node.id}` : ''}`.replace(/[^A-Za-z0-9-]/g, '-');
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof GcpProjectServices) return existing;
    return new GcpProjectServices(stack, id, { project, provider });
  }

  private readonly project?: string;
  private readonly provider?: TerraformProvider;
  private readonly resources = new Map<GcpApi, ProjectService>();

  constructor(scope: Construct, id: string, props: GcpProjectServicesProps = {}) {
    super(scope, id);
    const v = new Violations();
    validateProjectId(v, props.project);
    (props.services ?? []).forEach((s, i) => {
      if (!Object.values(GcpApi).includes(s)) v.add(`services[${i}]`, 'is not a known API', s, `one of ${Object.values(GcpApi).join(', ')}`);
    });
    v.throwIfAny(this.node.path);
    this.project = props.project;
    this.provider = props.provider;
    for (const s of props.services ?? []) this.enable(s);
  }

  /** Enables `api` (once) and returns its `google_project_service`, for `dependsOn`. */
  public enable(api: GcpApi): ProjectService {
    let r = this.resources.get(api);
    if (!r) {
      r = new ProjectService(this, api.split('.')[0], {
        service: api,
        project: this.project,
        disableOnDestroy: false,
        disableDependentServices: false,
        provider: this.provider,
      });
      this.resources.set(api, r);
    }
    return r;
  }

  /** The APIs enabled here so far. */
  public get services(): GcpApi[] {
    return [...this.resources.keys()];
  }
}
