/** GarPullOnlyRuntimes: the default runtime service accounts get reader access only. */

import { GuardrailLevel, IGuardrailRule, RuleFinding } from '../../rule';
import { GAR_IAM_TYPES, grantsOf } from './members';

/** Service accounts that Compute Engine, GKE nodes, Cloud Run and App Engine use by default. */
const DEFAULT_RUNTIME_ACCOUNTS = /^serviceAccount:(\d+-compute@developer\.gserviceaccount\.com|[a-z0-9-]+@appspot\.gserviceaccount\.com)$/;

/** Roles that change images. */
const WRITE_ROLES = ['roles/artifactregistry.writer', 'roles/artifactregistry.repoAdmin', 'roles/artifactregistry.admin', 'roles/artifactregistry.createOnPushWriter', 'roles/artifactregistry.createOnPushRepoAdmin', 'roles/owner', 'roles/editor'];

export const GarPullOnlyRuntimes: IGuardrailRule = {
  id: 'GarPullOnlyRuntimes',
  intent: 'Runtime identities (the default Compute Engine and App Engine service accounts used by GKE nodes, Cloud Run and VMs) can read images, not write them.',
  sources: ['CIS GKE 5.1.3 (minimize cluster access to read-only for container image repositories)'],
  level: GuardrailLevel.WARNING,
  resourceTypes: GAR_IAM_TYPES,
  check({ resource, index }): RuleFinding[] {
    return grantsOf(resource, index).grants
      .filter((g) => WRITE_ROLES.includes(g.role) && DEFAULT_RUNTIME_ACCOUNTS.test(g.member))
      .map((g) => ({ problem: `grants ${g.role} to the runtime service account ${g.member}`, fix: 'grant runtimes roles/artifactregistry.reader (grantPull); push from a dedicated CI identity' }));
  },
};
