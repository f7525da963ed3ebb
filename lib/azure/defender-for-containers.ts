/** DefenderForContainers: the subscription-wide Microsoft Defender for Containers plan, opt-in and never made by a registry. */

import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { Annotations, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { Violations } from '../core/errors';

/** Properties of DefenderForContainers. */
export interface DefenderForContainersProps {
  /**
   * Must be `true`: the plan applies to every registry and cluster in the provider's subscription, is billed per
   * vCore and image, and destroying this resource sets the whole subscription back to the Free tier.
   */
  readonly acknowledgeSubscriptionWide: boolean;
  /**
   * Scan registry images for vulnerabilities (extension `ContainerRegistriesVulnerabilityAssessments`).
   * @default true
   */
  readonly registryVulnerabilityAssessment?: boolean;
  /**
   * Agentless discovery of Kubernetes clusters (extension `AgentlessDiscoveryForKubernetes`).
   * @default false
   */
  readonly agentlessKubernetesDiscovery?: boolean;
  /**
   * The runtime sensor on clusters (extension `ContainerSensor`).
   * @default false
   */
  readonly containerSensor?: boolean;
  /**
   * The azurerm provider, i.e. the subscription.
   * @default - the stack's default azurerm provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Turns on Defender for Containers (`azurerm_security_center_subscription_pricing`, tier Standard, resource type
 * Containers) with the extensions asked for. An extension not listed is turned off, so this construct always
 * renders each one explicitly. It is subscription-wide: put it in a stack the subscription's owners own.
 */
export class DefenderForContainers extends Construct {
  /** The `azurerm_security_center_subscription_pricing` resource. */
  public readonly resource: SecurityCenterSubscriptionPricing;

  constructor(scope: Construct, id: string, props: DefenderForContainersProps) {
    super(scope, id);
    const v = new Violations();
    if (props.acknowledgeSubscriptionWide !== true) {
      v.add(
        'acknowledgeSubscriptionWide',
        'must be true',
        props.acknowledgeSubscriptionWide,
        'true, once you accept that the plan covers (and bills) every registry and cluster of the subscription and that destroying it sets the subscription back to Free',
      );
    }
    const extensions = [
      props.registryVulnerabilityAssessment ?? true ? 'ContainerRegistriesVulnerabilityAssessments' : undefined,
      props.agentlessKubernetesDiscovery ? 'AgentlessDiscoveryForKubernetes' : undefined,
      props.containerSensor ? 'ContainerSensor' : undefined,
    ].filter((e): e is string => e !== undefined);
    if (extensions.length === 0) v.add('registryVulnerabilityAssessment', 'is false with every other extension off', false, 'at least one extension: the plan would scan nothing');
    v.throwIfAny(this.node.path);
    Annotations.of(this).addWarning(
      'DefenderForContainers is subscription-wide: it enables (and bills) Defender for Containers for every registry and cluster in the subscription, and destroying it resets the plan to Free for all of them',
    );
    this.resource = new SecurityCenterSubscriptionPricing(this, 'Resource', {
      tier: 'Standard',
      resourceType: 'Containers',
      extension: extensions.map((name) => ({ name })),
      provider: props.provider,
    });
  }
}
