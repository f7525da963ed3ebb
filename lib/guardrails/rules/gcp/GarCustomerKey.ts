/** GarCustomerKey: repositories are encrypted with a customer-managed key the Artifact Registry service agent may use. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';

export const GarCustomerKey: IGuardrailRule = {
  id: 'GarCustomerKey',
  intent: 'Repositories are encrypted with a customer-managed Cloud KMS key (CMEK), granted to the Artifact Registry service agent before the repository is created.',
  sources: ['Google Cloud: Artifact Registry CMEK (docs.cloud.google.com/artifact-registry/docs/cmek)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: ['google_artifact_registry_repository'],
  check({ resource, index }): RuleFinding[] {
    const key = resource.config.kms_key_name;
    if (typeof key !== 'string' || key.length === 0) {
      return [{ problem: 'the repository uses Google-managed encryption keys (kms_key_name unset)', fix: 'set kmsKeyName to a Cloud KMS key; it is fixed at creation, so this replaces the repository' }];
    }
    const grants = [...index.inApp('google_kms_crypto_key_iam_member'), ...index.inApp('google_kms_crypto_key_iam_binding')].filter((g) => {
      const members = [g.config.member, ...(Array.isArray(g.config.members) ? g.config.members : [])].map(String);
      return g.config.crypto_key_id === key && g.config.role === 'roles/cloudkms.cryptoKeyEncrypterDecrypter' && members.some((m) => m.includes('gcp-sa-artifactregistry'));
    });
    if (grants.length > 0) return [];
    return [{
      problem: `no roles/cloudkms.cryptoKeyEncrypterDecrypter grant on ${key} to the Artifact Registry service agent is in this app, so creating the repository fails unless it is granted elsewhere`,
      fix: 'grant the key to service-<project number>@gcp-sa-artifactregistry.iam.gserviceaccount.com and make the repository depend on it (ArtifactRegistryRepo does both)',
    }];
  },
};
