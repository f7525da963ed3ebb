/** IAM policy documents and the ECR action lists (ecr.md §4), rendered as JSON without cdktf's data sources. */

/** Condition operator → key → values, as in an IAM policy. */
export interface IamConditions {
  readonly [operator: string]: { readonly [key: string]: string | string[] };
}

/** One IAM policy statement. Keys mirror the IAM JSON grammar. */
export interface IamStatement {
  /** Statement id. @default - none */
  readonly sid?: string;
  /** Allow or Deny. @default "Allow" */
  readonly effect?: string;
  /** Actions, e.g. `ecr:BatchGetImage`. */
  readonly actions: string[];
  /** Resources; omitted in resource policies (ECR repository policies take none). @default - none */
  readonly resources?: string[];
  /** The principal block, for resource policies, e.g. `{ AWS: ['arn:…'] }` or `"*"`. @default - none */
  readonly principal?: unknown;
  /** Conditions. @default - none */
  readonly condition?: IamConditions;
}

/** Pull an image: the three layer/manifest reads (ecr.md §4). */
export const ECR_PULL_ACTIONS: readonly string[] = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** Push an image; BatchGetImage is included because pushing manifest lists reads manifests back (AWS push docs). */
export const ECR_PUSH_ACTIONS: readonly string[] = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/** Inspect a repository without pulling. */
export const ECR_READ_ACTIONS: readonly string[] = [
  'ecr:DescribeImageScanFindings',
  'ecr:DescribeImages',
  'ecr:DescribeRepositories',
  'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview',
  'ecr:GetRepositoryPolicy',
  'ecr:ListImages',
  'ecr:ListTagsForResource',
];

/** Operate a repository: change its settings and policies, delete images. Not CreateRepository (that is registry-level). */
export const ECR_ADMIN_ACTIONS: readonly string[] = [
  ...ECR_READ_ACTIONS,
  'ecr:BatchDeleteImage',
  'ecr:DeleteLifecyclePolicy',
  'ecr:DeleteRepository',
  'ecr:DeleteRepositoryPolicy',
  'ecr:PutImageScanningConfiguration',
  'ecr:PutImageTagMutability',
  'ecr:PutLifecyclePolicy',
  'ecr:SetRepositoryPolicy',
  'ecr:StartImageScan',
  'ecr:StartLifecyclePolicyPreview',
  'ecr:TagResource',
  'ecr:UntagResource',
];

/** The registry-wide token call; IAM supports no resource for it, so it is granted on `*` in identity policies only. */
export const ECR_AUTH_ACTION = 'ecr:GetAuthorizationToken';

/** Pulling through a pull-through cache rule imports the upstream image on first pull. */
export const ECR_PULL_THROUGH_ACTION = 'ecr:BatchImportUpstreamImage';

/** The ECR action lists the grants use, for identity policies written by hand. */
export class EcrActions {
  /** Pull an image. */
  public static readonly PULL: readonly string[] = ECR_PULL_ACTIONS;
  /** Push an image (BatchGetImage included: manifest lists are read back). */
  public static readonly PUSH: readonly string[] = ECR_PUSH_ACTIONS;
  /** Inspect a repository without pulling. */
  public static readonly READ: readonly string[] = ECR_READ_ACTIONS;
  /** Operate a repository. */
  public static readonly ADMIN: readonly string[] = ECR_ADMIN_ACTIONS;
  /** The registry-wide token call, granted on `*` in identity policies only. */
  public static readonly AUTH_TOKEN: string = ECR_AUTH_ACTION;
  /** First pull through a pull-through cache rule. */
  public static readonly PULL_THROUGH_CACHE_IMPORT: string = ECR_PULL_THROUGH_ACTION;

  private constructor() {}
}

/** Renders statements as an IAM policy document string with stable key order and no empty keys. */
export function renderPolicyDocument(statements: readonly IamStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements.map(renderStatement) });
}

/** Renders one statement as IAM JSON (`Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition`). */
export function renderStatement(s: IamStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.sid) out.Sid = s.sid;
  out.Effect = s.effect ?? 'Allow';
  if (s.principal !== undefined) out.Principal = s.principal;
  out.Action = unique(s.actions);
  if (s.resources && s.resources.length > 0) out.Resource = s.resources.length === 1 ? s.resources[0] : unique(s.resources);
  if (s.condition && Object.keys(s.condition).length > 0) out.Condition = s.condition;
  return out;
}

/** Sorted, de-duplicated copy (stable output keeps Terraform plans quiet). */
export function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
