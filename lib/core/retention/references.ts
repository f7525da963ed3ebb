/**
 * Image indexes and referrers: which manifests a surviving manifest keeps alive. An index (manifest list) needs
 * every manifest it references, or the image breaks for some platforms; a referrer (signature, SBOM, attestation
 * attached through OCI `subject`) belongs with its subject. Every simulator that honours the relation uses this.
 */

import { ImageAction, ImageDecision, ImageRecord } from './image';

/** Manifest media types of an image index (OCI) or manifest list (Docker). */
export const INDEX_MEDIA_TYPES: readonly string[] = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

/** True when the record is an image index: by media type where the listing gives one, else by having references. */
export function isImageIndex(image: ImageRecord): boolean {
  return image.mediaType !== undefined ? INDEX_MEDIA_TYPES.includes(image.mediaType) : (image.references?.length ?? 0) > 0;
}

/** True when any record of the listing carries an index reference or a subject. */
export function hasRelations(images: readonly ImageRecord[]): boolean {
  for (const image of images) if ((image.references !== undefined && image.references.length > 0) || image.subject !== undefined) return true;
  return false;
}

/**
 * For each image, the image (index into `images`, same repository) that keeps it alive when `alive[that]` holds:
 * the closure over "an index keeps what it references" and "a subject keeps its referrers". Returns, per image, the
 * index of the nearest surviving holder and how ("index" or "subject"), or undefined. Images of other repositories
 * never hold each other: an index references manifests of its own repository.
 */
export function heldBy(images: readonly ImageRecord[], alive: (i: number) => boolean): Array<{ by: number; via: 'index' | 'subject' } | undefined> {
  const held: Array<{ by: number; via: 'index' | 'subject' } | undefined> = new Array(images.length).fill(undefined);
  if (!hasRelations(images)) return held;
  const byKey = new Map<string, number>();
  images.forEach((img, i) => byKey.set(key(img.repository, img.digest), i));
  const referrers = new Map<number, number[]>();
  images.forEach((img, i) => {
    if (img.subject === undefined) return;
    const s = byKey.get(key(img.repository, img.subject));
    if (s === undefined) return;
    const list = referrers.get(s) ?? [];
    list.push(i);
    referrers.set(s, list);
  });
  const queue: number[] = [];
  images.forEach((_, i) => {
    if (alive(i)) queue.push(i);
  });
  const live = new Uint8Array(images.length);
  for (const i of queue) live[i] = 1;
  while (queue.length > 0) {
    const i = queue.shift()!;
    const img = images[i];
    const next: Array<[number, 'index' | 'subject']> = [];
    for (const d of img.references ?? []) {
      const c = byKey.get(key(img.repository, d));
      if (c !== undefined) next.push([c, 'index']);
    }
    for (const r of referrers.get(i) ?? []) next.push([r, 'subject']);
    for (const [c, via] of next) {
      if (live[c]) continue;
      live[c] = 1;
      held[c] = { by: i, via };
      queue.push(c);
    }
  }
  return held;
}

/**
 * Keeps every expired image that a kept (or archived) index references, directly or through nested indexes, and
 * every expired referrer of a kept image, with a reason naming the holder. Decisions come back in input order.
 */
export function keepReferenced(images: readonly ImageRecord[], decisions: readonly ImageDecision[]): ImageDecision[] {
  const held = heldBy(images, (i) => decisions[i].action !== ImageAction.EXPIRE);
  return decisions.map((d, i) => {
    const h = held[i];
    if (!h || d.action !== ImageAction.EXPIRE) return d;
    const holder = images[h.by];
    const why = h.via === 'index' ? `referenced by index ${shortDigest(holder.digest)}, which is kept` : `attached (OCI subject) to ${shortDigest(holder.digest)}, which is kept`;
    return { digest: d.digest, repository: d.repository, action: ImageAction.KEEP, reason: `${why}; without it the kept image would break (${d.rule ? `${d.rule}: ` : ''}${d.reason})` };
  });
}

/** `sha256:` and the first 12 hex digits, for reasons. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon >= 0 ? digest.slice(0, colon + 1 + 12) : digest.slice(0, 19);
}

function key(repository: string | undefined, digest: string): string {
  return `${repository ?? ''}\n${digest}`;
}
