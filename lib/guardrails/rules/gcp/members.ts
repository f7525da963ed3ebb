/** Reads the members an Artifact Registry IAM resource grants, whatever its form (member, binding, policy). */

import { IResourceIndex, ResourceView, blocks } from '../../rule';

/** One role granted to one member. */
export interface Grant {
  readonly role: string;
  readonly member: string;
}

const POLICY_REF = /^\$\{data\.google_iam_policy\.([A-Za-z0-9_-]+)\.policy_data\}$/;

/** The grants of a `google_artifact_registry_repository_iam_{member,binding,policy}`; `unreadable` when computed at apply. */
export function grantsOf(resource: ResourceView, index: IResourceIndex): { grants: Grant[]; unreadable?: string } {
  const c = resource.config;
  if (resource.type.endsWith('_iam_member')) return { grants: [{ role: String(c.role), member: String(c.member) }] };
  if (resource.type.endsWith('_iam_binding')) return { grants: (Array.isArray(c.members) ? c.members : []).map((m) => ({ role: String(c.role), member: String(m) })) };
  const data = c.policy_data;
  const ref = typeof data === 'string' ? POLICY_REF.exec(data) : null;
  if (ref) {
    const policy = index.inStack(resource.stackId, 'data.google_iam_policy').find((d) => d.logicalId === ref[1]);
    if (!policy) return { grants: [], unreadable: `policy_data refers to data.google_iam_policy.${ref[1]}, which is not in the stack` };
    return { grants: blocks(policy.config, 'binding').flatMap((b) => (Array.isArray(b.members) ? b.members : []).map((m) => ({ role: String(b.role), member: String(m) }))) };
  }
  if (typeof data !== 'string' || data.includes('${')) return { grants: [], unreadable: 'policy_data is computed at apply' };
  try {
    const json = JSON.parse(data) as { bindings?: Array<{ role?: unknown; members?: unknown }> };
    return { grants: (json.bindings ?? []).flatMap((b) => (Array.isArray(b.members) ? b.members : []).map((m) => ({ role: String(b.role), member: String(m) }))) };
  } catch {
    return { grants: [], unreadable: 'policy_data is not valid JSON' };
  }
}

/** The three IAM resource types of an Artifact Registry repository. */
export const GAR_IAM_TYPES = ['google_artifact_registry_repository_iam_member', 'google_artifact_registry_repository_iam_binding', 'google_artifact_registry_repository_iam_policy'];

/** True for a Docker repository that stores images itself (not a remote cache or a virtual view). */
export function isStandardDocker(config: { readonly [key: string]: unknown }): boolean {
  return config.format === 'DOCKER' && (config.mode === undefined || config.mode === 'STANDARD_REPOSITORY');
}
