/**
 * The published conditions of Checkov, Trivy, KICS and cdk-nag for the rows where they and our rules share an intent,
 * written from their source as ../shared/reference/guardrails.md reads it (none of the scanners runs on this machine:
 * no PyPI or GitHub-release access). Each function takes one synthesized resource body and returns PASS, FAIL or
 * UNKNOWN as the scanner would; they exist to measure where the scanners' answers and ours differ.
 */

export type Verdict = 'PASS' | 'FAIL' | 'UNKNOWN' | '-';
type Body = Record<string, any>;

const first = (x: unknown): Body | undefined => (Array.isArray(x) ? x[0] : (x as Body | undefined));

function statements(policy: unknown): Body[] | undefined {
  if (typeof policy !== 'string') return undefined;
  try {
    const s = JSON.parse(policy).Statement;
    return Array.isArray(s) ? s : [s];
  } catch {
    return undefined;
  }
}

/** One scanner rule: the Terraform type it reads and its condition. */
export interface ScannerRule {
  readonly scanner: 'Checkov' | 'Trivy' | 'KICS' | 'cdk-nag';
  readonly id: string;
  readonly type: string;
  readonly verdict: (r: Body) => Verdict;
}

const scanOnPush = (r: Body): Verdict => (first(r.image_scanning_configuration)?.scan_on_push === true ? 'PASS' : 'FAIL');

export const SCANNER_RULES: Record<string, ScannerRule[]> = {
  'ECR scanning': [
    { scanner: 'Checkov', id: 'CKV_AWS_163', type: 'aws_ecr_repository', verdict: scanOnPush },
    { scanner: 'Trivy', id: 'AVD-AWS-0030', type: 'aws_ecr_repository', verdict: scanOnPush },
    { scanner: 'KICS', id: '9630336b', type: 'aws_ecr_repository', verdict: scanOnPush },
  ],
  'ECR tag immutability': [
    { scanner: 'Checkov', id: 'CKV_AWS_51', type: 'aws_ecr_repository', verdict: (r) => (r.image_tag_mutability === 'IMMUTABLE' ? 'PASS' : 'FAIL') },
    { scanner: 'Trivy', id: 'AVD-AWS-0031', type: 'aws_ecr_repository', verdict: (r) => (r.image_tag_mutability === 'IMMUTABLE' ? 'PASS' : 'FAIL') },
    { scanner: 'KICS', id: 'd1846b12', type: 'aws_ecr_repository', verdict: (r) => (r.image_tag_mutability === undefined || r.image_tag_mutability === 'MUTABLE' ? 'FAIL' : 'PASS') },
  ],
  'ECR customer key': [
    { scanner: 'Checkov', id: 'CKV_AWS_136', type: 'aws_ecr_repository', verdict: (r) => (first(r.encryption_configuration)?.encryption_type === 'KMS' ? 'PASS' : 'FAIL') },
    { scanner: 'Trivy', id: 'AVD-AWS-0033', type: 'aws_ecr_repository', verdict: (r) => (first(r.encryption_configuration)?.encryption_type === 'KMS' && first(r.encryption_configuration)?.kms_key ? 'PASS' : 'FAIL') },
    { scanner: 'KICS', id: '0e32d561', type: 'aws_ecr_repository', verdict: (r) => { const e = first(r.encryption_configuration); return e && e.encryption_type === 'KMS' && 'kms_key' in e ? 'PASS' : 'FAIL'; } },
  ],
  'ECR public policy': [
    // Checkov's terraform_json mode keeps the policy a string, so cloudsplaining never sees it.
    { scanner: 'Checkov', id: 'CKV_AWS_32', type: 'aws_ecr_repository_policy', verdict: () => 'UNKNOWN' },
    { scanner: 'Trivy', id: 'AVD-AWS-0032', type: 'aws_ecr_repository_policy', verdict: (r) => {
      const st = statements(r.policy);
      if (!st) return 'UNKNOWN';
      return st.some((s) => Array.isArray(s.Action) && s.Action.some((a: string) => a.startsWith('ecr:')) && (s.Principal === '*' || (Array.isArray(s.Principal?.AWS) && s.Principal.AWS.includes('*')) || s.Principal?.AWS === '*')) ? 'FAIL' : 'PASS';
    } },
    { scanner: 'KICS', id: 'e86e26fc', type: 'aws_ecr_repository_policy', verdict: (r) => {
      const st = statements(r.policy);
      if (!st) return 'UNKNOWN';
      return st.some((s) => (s.Effect ?? 'Allow') === 'Allow' && (String(s.Principal).includes('*') || JSON.stringify(s.Principal?.AWS ?? '').includes('*'))) ? 'FAIL' : 'PASS';
    } },
    { scanner: 'cdk-nag', id: 'AwsSolutions-ECR1', type: 'aws_ecr_repository_policy', verdict: (r) => {
      const st = statements(r.policy);
      if (!st) return 'UNKNOWN';
      return st.some((s) => (s.Effect ?? 'Allow') === 'Allow' && JSON.stringify(s.Principal).includes('*')) ? 'FAIL' : 'PASS';
    } },
  ],
  'ACR retention': [
    { scanner: 'Checkov', id: 'CKV_AZURE_167', type: 'azurerm_container_registry', verdict: (r) => ('retention_policy_in_days' in r ? 'PASS' : 'FAIL') },
  ],
  'ACR network restricted': [
    { scanner: 'Checkov', id: 'CKV_AZURE_139', type: 'azurerm_container_registry', verdict: (r) => (r.public_network_access_enabled === false ? 'PASS' : 'FAIL') },
  ],
  'ACR geo-replication': [
    { scanner: 'Checkov', id: 'CKV_AZURE_165', type: 'azurerm_container_registry', verdict: (r) => (r.sku === 'Premium' && Array.isArray(r.georeplications) && r.georeplications.length > 0 ? 'PASS' : 'FAIL') },
  ],
  'GAR public access': [
    { scanner: 'Checkov', id: 'CKV_GCP_101', type: 'google_artifact_registry_repository_iam_member', verdict: (r) => (['allUsers', 'allAuthenticatedUsers'].includes(r.member) ? 'FAIL' : 'PASS') },
    { scanner: 'KICS', id: '664c673f', type: 'google_artifact_registry_repository_iam_member', verdict: (r) => (['allUsers', 'allAuthenticatedUsers'].includes(r.member) ? 'FAIL' : 'PASS') },
  ],
};
