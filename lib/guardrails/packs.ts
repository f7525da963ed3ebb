/** Packs: named lists of rules. A pack holds no logic; the recommended pack is what every example passes. */

import { GuardrailLevel, IGuardrailRule } from './rule';
import { ALL_RULES, rulesById } from './rules';

/** A named list of rules, with an optional level that replaces each rule's own. */
export class GuardrailPack {
  /**
   * The recommended pack: what every registry should satisfy. Public exposure and unverified TLS are errors; the
   * rest are warnings, so adopting it in an existing estate reports before it blocks.
   */
  public static readonly RECOMMENDED = new GuardrailPack('Recommended', rulesById([
    'EcrImageScanning', 'EcrTagImmutability', 'EcrNoPublicPolicy', 'EcrLifecyclePolicy', 'EcrPullOnlyRuntimes',
    'GarNoPublicAccess', 'GarVulnerabilityScanning', 'GarImmutableTags', 'GarCleanupEffective', 'GarPullOnlyRuntimes',
    'AcrAdminUserDisabled', 'AcrAnonymousPullDisabled', 'AcrNetworkRestricted', 'AcrUntaggedCleanup', 'AcrLeastPrivilegeRoles',
    'AcrWebhookHttps', 'AcrPremiumFeatures',
    'HarborTlsVerified', 'HarborProjectPrivate', 'HarborScanOnPush', 'HarborDeploymentSecurity', 'HarborImmutableReleaseTags',
    'HarborRetentionPolicy',
  ]));

  /** Every rule, each reported as an error. */
  public static readonly STRICT = new GuardrailPack('Strict', ALL_RULES, GuardrailLevel.ERROR);

  /** The rules that rest on an AWS Security Hub control or AWS Config rule. */
  public static readonly AWS_SECURITY_HUB = GuardrailPack.fromSource('AwsSecurityHub', /^AWS (Security Hub|Config) (?!.*analogue)/);

  /** The rules that rest on an Azure Policy built-in definition. */
  public static readonly AZURE_POLICY = GuardrailPack.fromSource('AzurePolicy', /^Azure Policy built-in/);

  /** The rules that rest on a CIS Kubernetes benchmark item (EKS, AKS, GKE managed-services sections). */
  public static readonly CIS = GuardrailPack.fromSource('Cis', /^CIS /);

  /** A pack of your own from rules (e.g. `GuardrailPack.RECOMMENDED.rules` plus a rule of yours). */
  public static custom(name: string, rules: IGuardrailRule[], level?: GuardrailLevel): GuardrailPack {
    return new GuardrailPack(name, rules, level);
  }

  private static fromSource(name: string, source: RegExp): GuardrailPack {
    return new GuardrailPack(name, ALL_RULES.filter((r) => r.sources.some((s) => source.test(s))));
  }

  private constructor(
    /** The pack's name. */
    public readonly name: string,
    /** The rules, in order. */
    public readonly rules: readonly IGuardrailRule[],
    /** The level every finding of this pack is reported at, instead of the rule's own. */
    public readonly level?: GuardrailLevel,
  ) {}

  /** The level a rule's findings get in this pack. */
  public levelFor(rule: IGuardrailRule): GuardrailLevel {
    return this.level ?? rule.level;
  }
}
