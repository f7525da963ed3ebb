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
export function heldBy(
  images: readonly ImageRecord[],
  alive: (i: number) => boolean,
  follow: { readonly index: boolean; readonly subject: boolean } = { index: true, subject: true },
): Array<{ by: number; via: 'index' | 'subject' } | undefined> {
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
    if (follow.index) {
      for (const d of img.references ?? []) {
        const c = byKey.get(key(img.repository, d));
        if (c !== undefined) next.push([c, 'index']);
      }
    }
    if (follow.subject) for (const r of referrers.get(i) ?? []) next.push([r, 'subject']);
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
    return { digest: d.digest, repository: d.repository, action: ImageAction.KEEP, reason: `${why} (otherwise ${named(d)})` };
  });
}

/** What a registry does with index children and referrers, for `applyRegistryRelations`. */
export interface RegistryRelations {
  /** The registry's name in reasons and warnings, e.g. `ECR`. */
  readonly registry: string;
  /** The registry keeps what a surviving index references. */
  readonly keepsIndexChildren: boolean;
  /** The registry keeps the referrers of a surviving image. */
  readonly keepsReferrers: boolean;
  /** The registry deletes a referrer when its subject is deleted. */
  readonly deletesReferrersWithSubject: boolean;
}

/**
 * Applies a registry's own handling of indexes and referrers to a simulator's decisions: keeps what it protects,
 * deletes referrers with their subject where it does, and warns when it deletes a manifest that a kept index
 * references or that is attached to a kept image (which the neutral model keeps).
 */
export function applyRegistryRelations(images: readonly ImageRecord[], decisions: readonly ImageDecision[], how: RegistryRelations): { decisions: ImageDecision[]; warnings: string[] } {
  if (!hasRelations(images)) return { decisions: [...decisions], warnings: [] };
  let out = [...decisions];
  if (how.keepsIndexChildren || how.keepsReferrers) {
    const held = heldBy(images, (i) => out[i].action !== ImageAction.EXPIRE, { index: how.keepsIndexChildren, subject: how.keepsReferrers });
    out = out.map((d, i) => {
      const h = held[i];
      if (!h || d.action !== ImageAction.EXPIRE) return d;
      const holder = shortDigest(images[h.by].digest);
      const why = h.via === 'index' ? `referenced by index ${holder}, which is kept: ${how.registry} keeps it while the index stays` : `attached (OCI subject) to ${holder}, which is kept: ${how.registry} keeps it with its subject`;
      return { digest: d.digest, repository: d.repository, action: ImageAction.KEEP, reason: `${why} (otherwise ${named(d)})` };
    });
  }
  const warnings: string[] = [];
  if (how.deletesReferrersWithSubject) {
    // A referrer whose subject (or the subject's subject) is deleted goes with it.
    const dead = heldBy(images, (i) => out[i].action === ImageAction.EXPIRE, { index: false, subject: true });
    let cascaded = 0;
    out = out.map((d, i) => {
      const h = dead[i];
      if (!h || d.action === ImageAction.EXPIRE) return d;
      cascaded++;
      return { digest: d.digest, repository: d.repository, action: ImageAction.EXPIRE, reason: `referrer deleted by ${how.registry} with its subject ${shortDigest(images[h.by].digest)}` };
    });
    if (cascaded > 0) warnings.push(`${cascaded} referrer${cascaded > 1 ? 's' : ''} (OCI subject) deleted by ${how.registry} together with the subject the policy deletes`);
  }
  const needed = heldBy(images, (i) => out[i].action !== ImageAction.EXPIRE);
  const broken = out.filter((d, i) => d.action === ImageAction.EXPIRE && needed[i] !== undefined);
  if (broken.length > 0) {
    const names = broken.slice(0, 3).map((d) => shortDigest(d.digest)).join(', ');
    warnings.push(
      `${broken.length} manifest${broken.length > 1 ? 's' : ''} that a kept index references or that ${broken.length > 1 ? 'are' : 'is'} attached to a kept image ${broken.length > 1 ? 'are' : 'is'} deleted (${names}${broken.length > 3 ? ', …' : ''}): ${how.registry} does not protect ${broken.length > 1 ? 'them' : 'it'}, so the kept image loses a platform or a signature; the neutral model keeps ${broken.length > 1 ? 'them' : 'it'}`,
    );
  }
  return { decisions: out, warnings };
}

/** A decision's reason with its rule, unless the reason already names it. */
function named(d: ImageDecision): string {
  return d.rule === undefined || d.reason.includes(d.rule) ? d.reason : `${d.rule}: ${d.reason}`;
}

/** `sha256:` and the first 12 hex digits, for reasons. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon >= 0 ? digest.slice(0, colon + 1 + 12) : digest.slice(0, 19);
}

function key(repository: string | undefined, digest: string): string {
  return `${repository ?? ''}\n${digest}`;
}
