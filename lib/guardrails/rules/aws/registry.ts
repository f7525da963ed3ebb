/** Which registry (account and Region) a resource belongs to, as far as synth can tell. */

import { IResourceIndex, ResourceView } from '../../rule';

/**
 * True when `a` and `b` act on the same registry: the same provider block of one stack, or provider blocks of
 * literal, equal Regions (and equal `allowed_account_ids` where both name them) in different stacks.
 */
export function sameRegistry(a: ResourceView, b: ResourceView, index: IResourceIndex): boolean {
  const pa = index.providerOf(a);
  const pb = index.providerOf(b);
  if (a.stackId === b.stackId && pa === pb) return true;
  if (!pa || !pb) return false;
  const ra = pa.region;
  const rb = pb.region;
  if (typeof ra !== 'string' || typeof rb !== 'string' || ra.includes('${') || ra !== rb) return false;
  const aa = JSON.stringify(pa.allowed_account_ids ?? null);
  const ab = JSON.stringify(pb.allowed_account_ids ?? null);
  return aa === 'null' || ab === 'null' || aa === ab;
}
