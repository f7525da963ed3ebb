/** EcrKmsCustomerKey: images are encrypted with a customer-managed KMS key. */

import { GuardrailLevel, IGuardrailRule, RuleFinding, block } from '../../rule';

export const EcrKmsCustomerKey: IGuardrailRule = {
  id: 'EcrKmsCustomerKey',
  intent: 'Images are encrypted at rest with a customer-managed KMS key.',
  sources: ['AWS Config ecr-repository-cmk-encryption-enabled', 'AWS Security Hub ECR.5', 'AWS Prescriptive Guidance: encryption best practices for Amazon ECR'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['aws_ecr_repository', 'aws_ecr_repository_creation_template'],
  check({ resource }): RuleFinding[] {
    const enc = block(resource.config, 'encryption_configuration');
    const type = enc?.encryption_type ?? 'AES256';
    if ((type === 'KMS' || type === 'KMS_DSSE') && typeof enc?.kms_key === 'string' && enc.kms_key.length > 0) return [];
    return [{
      problem: type === 'AES256'
        ? 'encryption is AES256 (S3-managed keys)'
        : `encryption is ${type} with the AWS-managed aws/ecr key, which AWS Config counts as non-compliant`,
      fix: 'encryption KMS (or KMS_DSSE) with kmsKeyArn of a customer-managed key; encryption is fixed at creation, so this replaces the repository',
    }];
  },
};
