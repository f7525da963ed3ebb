/** The image records every simulator reads and the decisions every simulator returns. */

/** Where an image's data is stored; only ECR has an archive tier today. */
export enum StorageClass {
  /** Normal storage. */
  STANDARD = 'standard',
  /** ECR's archive tier (cheaper storage, must be restored before pulling). */
  ARCHIVE = 'archive',
}

/**
 * One image (manifest) in a registry, as a simulator sees it. Times are epoch milliseconds (UTC) so that
 * 100,000 images sort without allocating Date objects.
 */
export interface ImageRecord {
  /** The manifest digest, e.g. `sha256:…`; unique within a repository. */
  readonly digest: string;
  /** The tags pointing at this manifest; empty for an untagged image. */
  readonly tags: readonly string[];
  /** When the image was pushed (ECR `imagePushedAt`, GAR `uploadTime`, Harbor `push_time`, ACR `createdTime`). */
  readonly pushedAt: number;
  /** When the image was last pulled, if the registry records it and it was ever pulled. */
  readonly lastPulledAt?: number;
  /**
   * The listing records no pull time at all (GAR, ACR): an absent `lastPulledAt` then means "unknown", not "never
   * pulled", and reasons say so.
   * @default false - an absent `lastPulledAt` means never pulled
   */
  readonly pullTimeUnknown?: boolean;
  /** Storage class; absent means standard. */
  readonly storageClass?: StorageClass;
  /** When the image moved to the archive tier (ECR `lastArchivedAt`). */
  readonly archivedAt?: number;
  /** The repository (ECR/Harbor/ACR repository, GAR package) the image belongs to; absent means a single one. */
  readonly repository?: string;
  /**
   * Per-tag last-update times (ACR `lastUpdateTime` of each tag), for tag-level registries. Absent entries
   * fall back to `pushedAt`.
   */
  readonly tagUpdatedAt?: { readonly [tag: string]: number };
  /** The manifest's media type (e.g. `application/vnd.oci.image.index.v1+json`), where the listing carries it. */
  readonly mediaType?: string;
  /**
   * The digests of the manifests this one references, for an image index (manifest list): its platform images and
   * attestation manifests. Absent when the listing does not carry the relation.
   */
  readonly references?: readonly string[];
  /** The digest of the manifest this one is attached to (OCI `subject`): signatures, SBOMs, attestations. */
  readonly subject?: string;
}

/** What a policy does to one image. */
export enum ImageAction {
  /** The image stays where it is. */
  KEEP = 'keep',
  /** The image (manifest and all its tags) is deleted. */
  EXPIRE = 'expire',
  /** The image moves to the archive storage class. */
  ARCHIVE = 'archive',
}

/** The decision for one image. */
export interface ImageDecision {
  /** The image's digest. */
  readonly digest: string;
  /** The image's repository, as given. */
  readonly repository?: string;
  /** What happens to the image. */
  readonly action: ImageAction;
  /** The rule that decided, in the dialect's own words (e.g. `rulePriority 2`, `policy keep-releases`); absent if none. */
  readonly rule?: string;
  /** Why, in one short sentence a user can read in a table. */
  readonly reason: string;
  /**
   * Tag-level registries (ACR purge) only: the tags this run removes. For an expired image on image-level
   * registries this is left absent (all of its tags go with it).
   */
  readonly removedTags?: readonly string[];
}

/** A simulator's answer: one decision per input image, in input order. */
export interface SimulationResult {
  /** One decision per image, in the order the images were given. */
  readonly decisions: readonly ImageDecision[];
  /** Notes about the run (e.g. an approximation in force); never errors. */
  readonly warnings: readonly string[];
}

/** Milliseconds in one day; every day-based condition in every dialect counts whole 24-hour days. */
export const DAY_MS = 86_400_000;
