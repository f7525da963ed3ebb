/** What `registry-lifecycle apply` needs from a registry, whatever its API (OCI distribution or Docker Hub). */

/** One manifest as listed: its tags and what its metadata says. */
export interface ListedImage {
  readonly repository: string;
  readonly digest: string;
  /** Tags pointing at it, sorted. */
  readonly tags: string[];
  /** Build or push time, epoch ms; undefined when the registry gives none. */
  readonly pushedAt?: number;
  /** Last pull, epoch ms, where the registry records it (Docker Hub). */
  readonly lastPulledAt?: number;
  readonly mediaType?: string;
  /** For an index: the manifests it references. */
  readonly references?: string[];
  /** OCI `subject`: the manifest this one is attached to. */
  readonly subject?: string;
}

/** The registry refused a request for lack of (valid) credentials. */
export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

/** The registry does not delete manifests (deletion disabled, read-only, or a registry without a delete API). */
export class DeleteUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeleteUnsupportedError';
  }
}

/** The run names no repository where the registry cannot list them (Docker Hub has no catalog): a usage error. */
export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

/** The outcome of one delete: done now, or already gone (a retry after a lost response, or someone else). */
export type DeleteOutcome = 'deleted' | 'gone';

/** A registry as the runner sees it. */
export interface RegistryApi {
  /** `oci` or `hub`, for messages. */
  readonly kind: string;
  /** Whether the listing carries pull times (the condition for `expireNotPulled`). */
  readonly carriesPullTimes: boolean;
  /** Repositories matching `patterns` (`*` wildcards), sorted. */
  listRepositories(patterns: readonly string[]): Promise<string[]>;
  /** Every tagged manifest of a repository, with index children and config times resolved. */
  listImages(repository: string): Promise<ListedImage[]>;
  /**
   * Every tag of the repository now (fresh, no cache), for the re-check before deleting, mapped to the digest it
   * points at; tags for which `needsDigest` says no may map to '' (not resolved, to save requests).
   */
  currentTags(repository: string, needsDigest?: (tag: string) => boolean): Promise<Map<string, string>>;
  /** The manifests a manifest references (index children), fetched now; [] for a single image or a missing one. */
  referencesOf(repository: string, digest: string): Promise<string[]>;
  /** Throws DeleteUnsupportedError when the registry would refuse deletes; called once before the first delete. */
  probeDelete(repository: string): Promise<void>;
  /** Deletes a manifest by digest (on Docker Hub: each of its tags). */
  deleteImage(repository: string, digest: string, tags: readonly string[]): Promise<DeleteOutcome>;
}
