/** What an ECR lifecycle policy does to a set of images, following AWS's documented evaluation rules. */

import { DAY_MS, ImageAction, ImageDecision, ImageRecord, SimulationResult, StorageClass } from '../image';
import { TagTest, tagMatcher } from '../matcher';
import { newestFirst } from '../patterns';
import { applyRegistryRelations, isImageIndex } from '../references';
import { ECR_PROTECT_COUNT, EcrCountType, EcrLifecyclePolicyDocument, EcrLifecyclePolicyRuleJson, EcrRuleAction, EcrStorageClass, EcrTagStatus } from './grammar';

/** ECR keeps an archived image at least this long before a lifecycle rule may delete it (archive minimum duration). */
const ECR_ARCHIVE_MINIMUM_DAYS = 90;

/** One rule, precompiled. */
interface CompiledRule {
  readonly name: string;
  readonly label: string;
  readonly storageClass: EcrStorageClass;
  readonly selects: (tags: readonly string[]) => boolean;
  readonly countType: EcrCountType;
  readonly countNumber: number;
  readonly action: ImageAction;
}

function compileRule(rule: EcrLifecyclePolicyRuleJson): CompiledRule {
  const sel = rule.selection;
  let selects: (tags: readonly string[]) => boolean;
  if (sel.tagStatus === EcrTagStatus.ANY) {
    selects = () => true;
  } else if (sel.tagStatus === EcrTagStatus.UNTAGGED) {
    selects = (tags) => tags.length === 0;
  } else {
    // ECR ANDs the list entries: every entry must match at least one of the image's tags.
    const tests: TagTest[] = sel.tagPatternList ? sel.tagPatternList.map(tagMatcher) : (sel.tagPrefixList ?? []).map((p) => tagMatcher(`${p}*`));
    selects = (tags) => {
      if (tags.length === 0) return false;
      for (const test of tests) {
        let hit = false;
        for (const tag of tags) {
          if (test(tag)) {
            hit = true;
            break;
          }
        }
        if (!hit) return false;
      }
      return true;
    };
  }
  const name = `rulePriority ${rule.rulePriority}`;
  return {
    name,
    label: rule.description ? `${name} (${rule.description})` : name,
    storageClass: sel.storageClass ?? EcrStorageClass.STANDARD,
    selects,
    countType: sel.countType,
    countNumber: sel.countNumber,
    action: rule.action.type === EcrRuleAction.TRANSITION ? ImageAction.ARCHIVE : ImageAction.EXPIRE,
  };
}

function storageOf(image: ImageRecord): EcrStorageClass {
  return image.storageClass === StorageClass.ARCHIVE ? EcrStorageClass.ARCHIVE : EcrStorageClass.STANDARD;
}

/** Whole days, rounded down, for reasons. */
function days(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * Simulates an ECR lifecycle policy at `now` (epoch ms). Per repository (images with different `repository`
 * values are separate repositories carrying the same policy): every rule identifies its images over the whole
 * repository; rules apply in priority order; an image whose tags satisfy a rule's selection is claimed by the
 * first such rule, which alone may act on it, yet later rules still count it (imageCountMoreThan ranks every
 * identified image, claimed ones included). Ages are strict: more than N × 24 h.
 */
export function simulateEcrLifecyclePolicy(doc: EcrLifecyclePolicyDocument, images: readonly ImageRecord[], now: number): SimulationResult {
  const rules = [...doc.rules].sort((a, b) => a.rulePriority - b.rulePriority).map(compileRule);
  const decisions: ImageDecision[] = new Array(images.length);
  const warnings: string[] = [];
  const byRepo = new Map<string | undefined, number[]>();
  images.forEach((img, i) => {
    const list = byRepo.get(img.repository);
    if (list) list.push(i);
    else byRepo.set(img.repository, [i]);
  });
  let missingArchiveTime = 0;

  for (const indexes of byRepo.values()) {
    const claimed = new Uint8Array(indexes.length);
    const repoImages = indexes.map((i) => images[i]);
    const storage = repoImages.map(storageOf);
    for (const rule of rules) {
      // Only imageCountMoreThan ranks claimed images; the age-based types may skip them outright.
      const ranks = rule.countType === EcrCountType.IMAGE_COUNT_MORE_THAN;
      const identified: number[] = [];
      for (let k = 0; k < indexes.length; k++) {
        if ((ranks || !claimed[k]) && storage[k] === rule.storageClass && rule.selects(repoImages[k].tags)) identified.push(k);
      }
      if (ranks) identified.sort((a, b) => newestFirst(repoImages[a], repoImages[b]));
      identified.forEach((k, rank) => {
        if (claimed[k]) return;
        claimed[k] = 1;
        const i = indexes[k];
        const img = images[i];
        const verdict = judge(rule, img, rank, now);
        if (verdict === 'no-archive-time') missingArchiveTime++;
        const acts = typeof verdict === 'string' && verdict !== 'no-archive-time';
        decisions[i] = {
          digest: img.digest,
          repository: img.repository,
          action: acts ? rule.action : ImageAction.KEEP,
          rule: rule.name,
          reason: acts ? `${rule.label}: ${verdict}` : `kept by ${rule.label}: ${typeof verdict === 'object' ? verdict.keep : 'no archive time recorded'}`,
        };
      });
    }
    for (const k of indexes) {
      if (!decisions[k]) {
        const reason = storageOf(images[k]) === EcrStorageClass.ARCHIVE ? 'in archive storage, selected by no archive rule' : 'selected by no rule';
        decisions[k] = { digest: images[k].digest, repository: images[k].repository, action: ImageAction.KEEP, reason };
      }
    }
  }
  // ECR: an image a manifest list references is not expired before the list; referrers go within 24 h of their subject.
  const related = applyRegistryRelations(images, decisions, { registry: 'ECR', keepsIndexChildren: true, keepsReferrers: false, deletesReferrersWithSubject: true });
  decisions.splice(0, decisions.length, ...related.decisions);
  warnings.push(...related.warnings);
  const indexes = images.filter((img) => isImageIndex(img) && img.references === undefined).length;
  if (indexes > 0) {
    warnings.push(
      `${indexes} image index${indexes > 1 ? 'es' : ''} in the listing without references (describe-images does not list them): ECR keeps the platform manifests an index references while the index stays, so untagged ones shown as expired here may stay`,
    );
  }
  if (missingArchiveTime > 0) {
    warnings.push(`${missingArchiveTime} archived image(s) have no archive time (lastArchivedAt) and were kept; list images with --filter imageStatus=ANY to get it`);
  }
  return { decisions, warnings };
}

/** Why the rule acts on the image (a string), or why it keeps it. */
function judge(rule: CompiledRule, img: ImageRecord, rank: number, now: number): string | { keep: string } {
  const n = rule.countNumber;
  const verb = rule.action === ImageAction.ARCHIVE ? 'archived' : 'expired';
  switch (rule.countType) {
    case EcrCountType.IMAGE_COUNT_MORE_THAN:
      if (n >= ECR_PROTECT_COUNT) return { keep: `its tags match and it keeps up to ${n} images, so it never acts (a protect rule)` };
      return rank >= n ? `not among the ${n} most recently pushed images it selects (rank ${rank + 1}), ${verb}` : { keep: `among the ${n} most recently pushed images it selects (rank ${rank + 1})` };
    case EcrCountType.SINCE_IMAGE_PUSHED: {
      const age = now - img.pushedAt;
      return age > n * DAY_MS ? `pushed ${days(age)} days ago, more than ${n}, ${verb}` : { keep: `pushed ${days(age)} days ago, not more than ${n}` };
    }
    case EcrCountType.SINCE_IMAGE_PULLED: {
      const at = img.lastPulledAt ?? img.pushedAt;
      const what = img.lastPulledAt !== undefined ? 'last pulled' : img.pullTimeUnknown ? 'pull time unknown (the listing records none), pushed' : 'never pulled, pushed';
      const age = now - at;
      return age > n * DAY_MS ? `${what} ${days(age)} days ago, more than ${n}, ${verb}` : { keep: `${what} ${days(age)} days ago, not more than ${n}` };
    }
    case EcrCountType.SINCE_IMAGE_TRANSITIONED: {
      if (img.archivedAt === undefined) return 'no-archive-time';
      const age = now - img.archivedAt;
      if (age <= n * DAY_MS) return { keep: `archived ${days(age)} days ago, not more than ${n}` };
      if (age < ECR_ARCHIVE_MINIMUM_DAYS * DAY_MS) return { keep: `archived ${days(age)} days ago, under ECR's ${ECR_ARCHIVE_MINIMUM_DAYS}-day archive minimum` };
      return `archived ${days(age)} days ago, more than ${n}, ${verb}`;
    }
    default:
      return { keep: `unknown countType ${String(rule.countType)}` };
  }
}
