/** Helpers of the ACR rules: SKU gating and resources that point at a registry. */

import { IResourceIndex, ResourceView } from '../../rule';

/** True for a Premium registry; a SKU computed at apply counts as Premium (Premium rules then still apply). */
export function isPremium(registry: ResourceView): boolean {
  const sku = registry.config.sku;
  return sku === 'Premium' || (typeof sku === 'string' && sku.includes('${'));
}

/** The resources of `type` in the registry's stack whose `attribute` (a dotted path) refers to the registry's id. */
export function pointingAt(registry: ResourceView, index: IResourceIndex, type: string, attribute: string): readonly ResourceView[] {
  return index.pointingAt(registry, type, attribute, 'id');
}

/** The Premium-only settings the recommended and strict packs look for, for the one "needs Premium" finding. */
export const PREMIUM_FEATURES = [
  'network restriction (public network access off or network rules)',
  'private endpoints',
  'customer-managed keys',
  'quarantine',
  'untagged manifest retention',
  'geo-replication',
  'zone redundancy',
  'dedicated data endpoints',
  'export policy off',
];
