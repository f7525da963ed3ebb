/** GCP identifiers and labels: the documented shapes, checked the same way by every GCP construct. */

import { Violations } from '../core/errors';
import { isUnresolved } from '../core/tokens';

/** Artifact Registry's multi-region locations. */
export const GAR_MULTI_REGIONS = ['us', 'europe', 'asia'];

// Regions are `<area>-<direction><n>` (us-central1, europe-west10, northamerica-northeast2, me-central2).
const REGION = /^[a-z]+-[a-z]+[0-9]{1,2}$/;
// Project ids: 6-30 characters, a lowercase letter first, no trailing hyphen; legacy domain-scoped ids `example.com:p`.
const PROJECT_ID = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A CMEK key's full resource name. */
export const KMS_KEY_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)\/cryptoKeys\/([^/]+)$/;
/** A Secret Manager secret version's full resource name. */
export const SECRET_VERSION = /^projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/]+)$/;
/** An Artifact Registry repository's full resource name. */
export const REPOSITORY_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/;

/** Checks an Artifact Registry location: a region such as `europe-west1` or a multi-region `us`, `europe`, `asia`. */
export function validateLocation(v: Violations, location: unknown, property: string = 'location'): void {
  if (typeof location !== 'string') {
    v.add(property, 'must be a string', location, 'a region such as "europe-west1" or a multi-region: us, europe, asia');
    return;
  }
  if (isUnresolved(location)) {
    v.add(property, 'must be a literal, not a token: the Docker host <location>-docker.pkg.dev is built from it', location, 'a region such as "europe-west1" or a multi-region: us, europe, asia');
    return;
  }
  if (!GAR_MULTI_REGIONS.includes(location) && !REGION.test(location)) {
    v.add(property, 'is not an Artifact Registry location', location, 'a region such as "europe-west1" or a multi-region: us, europe, asia (lowercase)');
  }
}

/** Checks a project id (tokens pass). */
export function validateProjectId(v: Violations, project: unknown, property: string = 'project'): void {
  if (project === undefined || isUnresolved(project)) return;
  if (typeof project !== 'string' || !PROJECT_ID.test(project)) {
    v.add(property, 'is not a GCP project id', project, '6-30 characters of lowercase letters, digits and "-", starting with a letter and not ending with "-" (e.g. "acme-prod")');
  }
}

/** Checks a project number (digits; tokens pass). */
export function validateProjectNumber(v: Violations, projectNumber: unknown, property: string = 'projectNumber'): void {
  if (projectNumber === undefined || isUnresolved(projectNumber)) return;
  if (typeof projectNumber !== 'string' || !/^[0-9]{1,20}$/.test(projectNumber)) {
    v.add(property, 'is not a GCP project number', projectNumber, 'the numeric project number as a string, e.g. "123456789012" (not the project id)');
  }
}

/**
 * Checks GCP labels: at most 64; keys 1-63 characters starting with a lowercase letter; keys and values of
 * lowercase letters, digits, `_` and `-`; values up to 63 characters (may be empty).
 */
export function validateLabels(v: Violations, labels: { [key: string]: string } | undefined, property: string = 'labels'): void {
  if (labels === undefined) return;
  const keys = Object.keys(labels);
  if (keys.length > 64) v.add(property, `has ${keys.length} labels`, keys.length, 'at most 64 labels per resource');
  for (const key of keys) {
    if (isUnresolved(key)) continue;
    const p = `${property}["${key}"]`;
    if (key.length < 1 || key.length > 63) v.add(p, `has a key of ${key.length} characters`, key, 'keys of 1-63 characters');
    if (!/^\p{Ll}/u.test(key)) v.add(p, 'has a key that does not start with a lowercase letter', key, 'a key starting with a lowercase letter, e.g. "team"');
    if (!/^[\p{Ll}\p{Lo}0-9_-]*$/u.test(key)) v.add(p, 'has a key with characters GCP labels do not allow', key, 'lowercase letters, digits, "_" and "-"');
    const value = labels[key];
    if (typeof value !== 'string') {
      v.add(p, 'must be a string', value, 'a value of up to 63 lowercase letters, digits, "_" and "-"');
      continue;
    }
    if (isUnresolved(value)) continue;
    if (value.length > 63) v.add(p, `has a value of ${value.length} characters`, value, 'values of up to 63 characters');
    if (!/^[\p{Ll}\p{Lo}0-9_-]*$/u.test(value)) v.add(p, 'has a value with characters GCP labels do not allow', value, 'lowercase letters, digits, "_" and "-" (no uppercase, spaces or dots)');
  }
}

/** The Artifact Registry service agent of a project, by project number. */
export function artifactRegistryServiceAgent(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@gcp-sa-artifactregistry.iam.gserviceaccount.com`;
}
