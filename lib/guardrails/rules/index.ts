/** The rule catalogue: every rule, one per file, by id. */

import { IGuardrailRule } from '../rule';
import { registerRuleIds } from '../suppressions';
import { EcrImageScanning } from './aws/EcrImageScanning';
import { EcrKmsCustomerKey } from './aws/EcrKmsCustomerKey';
import { EcrLifecyclePolicy } from './aws/EcrLifecyclePolicy';
import { EcrNoPublicPolicy } from './aws/EcrNoPublicPolicy';
import { EcrPullOnlyRuntimes } from './aws/EcrPullOnlyRuntimes';
import { EcrTagImmutability } from './aws/EcrTagImmutability';
import { GarCleanupEffective } from './gcp/GarCleanupEffective';
import { GarCustomerKey } from './gcp/GarCustomerKey';
import { GarImmutableTags } from './gcp/GarImmutableTags';
import { GarNoPublicAccess } from './gcp/GarNoPublicAccess';
import { GarPullOnlyRuntimes } from './gcp/GarPullOnlyRuntimes';
import { GarVulnerabilityScanning } from './gcp/GarVulnerabilityScanning';
import { AcrAdminUserDisabled } from './azure/AcrAdminUserDisabled';
import { AcrAnonymousPullDisabled } from './azure/AcrAnonymousPullDisabled';
import { AcrCustomerKey } from './azure/AcrCustomerKey';
import { AcrDataEndpoints } from './azure/AcrDataEndpoints';
import { AcrDefenderForContainers } from './azure/AcrDefenderForContainers';
import { AcrExportsDisabled } from './azure/AcrExportsDisabled';
import { AcrGeoReplication } from './azure/AcrGeoReplication';
import { AcrLeastPrivilegeRoles } from './azure/AcrLeastPrivilegeRoles';
import { AcrManagementLock } from './azure/AcrManagementLock';
import { AcrNetworkRestricted } from './azure/AcrNetworkRestricted';
import { AcrPremiumFeatures } from './azure/AcrPremiumFeatures';
import { AcrPrivateEndpoint } from './azure/AcrPrivateEndpoint';
import { AcrQuarantinePolicy } from './azure/AcrQuarantinePolicy';
import { AcrTokensDisabled } from './azure/AcrTokensDisabled';
import { AcrUntaggedCleanup } from './azure/AcrUntaggedCleanup';
import { AcrWebhookHttps } from './azure/AcrWebhookHttps';
import { AcrZoneRedundancy } from './azure/AcrZoneRedundancy';
import { HarborCosignSigned } from './harbor/HarborCosignSigned';
import { HarborDeploymentSecurity } from './harbor/HarborDeploymentSecurity';
import { HarborImmutableReleaseTags } from './harbor/HarborImmutableReleaseTags';
import { HarborProjectPrivate } from './harbor/HarborProjectPrivate';
import { HarborRetentionPolicy } from './harbor/HarborRetentionPolicy';
import { HarborScanOnPush } from './harbor/HarborScanOnPush';
import { HarborStorageQuota } from './harbor/HarborStorageQuota';
import { HarborTlsVerified } from './harbor/HarborTlsVerified';

/** Every rule of the library. */
export const ALL_RULES: readonly IGuardrailRule[] = [
  EcrImageScanning,
  EcrKmsCustomerKey,
  EcrLifecyclePolicy,
  EcrNoPublicPolicy,
  EcrPullOnlyRuntimes,
  EcrTagImmutability,
  GarCleanupEffective,
  GarCustomerKey,
  GarImmutableTags,
  GarNoPublicAccess,
  GarPullOnlyRuntimes,
  GarVulnerabilityScanning,
  AcrAdminUserDisabled,
  AcrAnonymousPullDisabled,
  AcrCustomerKey,
  AcrDataEndpoints,
  AcrDefenderForContainers,
  AcrExportsDisabled,
  AcrGeoReplication,
  AcrLeastPrivilegeRoles,
  AcrManagementLock,
  AcrNetworkRestricted,
  AcrPremiumFeatures,
  AcrPrivateEndpoint,
  AcrQuarantinePolicy,
  AcrTokensDisabled,
  AcrUntaggedCleanup,
  AcrWebhookHttps,
  AcrZoneRedundancy,
  HarborCosignSigned,
  HarborDeploymentSecurity,
  HarborImmutableReleaseTags,
  HarborProjectPrivate,
  HarborRetentionPolicy,
  HarborScanOnPush,
  HarborStorageQuota,
  HarborTlsVerified,
];

registerRuleIds(ALL_RULES.map((r) => r.id));

/** The rules with these ids, in this order; an unknown id is a programming error here. */
export function rulesById(ids: readonly string[]): IGuardrailRule[] {
  return ids.map((id) => GuardrailRules.byId(id));
}

/** The library's rules, for custom packs and for tests. */
export class GuardrailRules {
  /** Every rule of the library. */
  public static get all(): IGuardrailRule[] {
    return [...ALL_RULES];
  }

  /** The rule with this id. */
  public static byId(id: string): IGuardrailRule {
    const rule = ALL_RULES.find((r) => r.id === id);
    if (!rule) throw new Error(`GuardrailRules.byId: id is not a guardrail rule id (got ${JSON.stringify(id)}); one of ${ALL_RULES.map((r) => r.id).join(', ')}`);
    return rule;
  }

  private constructor() {}
}
