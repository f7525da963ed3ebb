/** The shapes of AWS identifiers (account IDs, KMS and IAM role ARNs, Region names) shared by the AWS constructs; internal. */

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID = /^\d{12}$/;

/** A KMS key or alias ARN in any partition. */
export const KMS_KEY_ARN = /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/** An IAM role ARN in any partition; group 2 is the account ID, for same-account checks. */
export const IAM_ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** True for an AWS Region name such as `us-west-2`, `ap-southeast-1` or `us-gov-west-1`. */
export function isAwsRegionName(value: string): boolean {
  return REGION_SHAPE.test(value);
}

/** The partition a literal Region belongs to: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
