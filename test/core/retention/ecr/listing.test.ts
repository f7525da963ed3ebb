import { buildEcrLifecyclePolicy, EcrCountType, EcrTagStatus, parseEcrImages, simulateEcrLifecyclePolicy } from '../../../../lib/core/retention/ecr';
import { DAY_MS, ImageAction } from '../../../../lib/core/retention/image';

const NOW = Date.UTC(2025, 5, 1);
const INDEX = 'application/vnd.oci.image.index.v1+json';
const detail = (digest: string, extra: Record<string, unknown> = {}) => ({ repositoryName: 'payments/api', imageDigest: digest, imagePushedAt: '2025-03-02T10:15:32+00:00', imageStatus: 'ACTIVE', ...extra });

describe('parseEcrImages: media types and referrers', () => {
  test('imageManifestMediaType becomes mediaType and subjectManifestDigest subject', () => {
    const [index, sig] = parseEcrImages(
      { imageDetails: [detail('sha256:aa', { imageTags: ['v1'], imageManifestMediaType: INDEX }), detail('sha256:bb', { artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json', subjectManifestDigest: 'sha256:aa' })] },
      'images.json',
    );
    expect(index.mediaType).toBe(INDEX);
    expect(index.references).toBeUndefined();
    expect(sig.subject).toBe('sha256:aa');
  });
});

describe('simulateEcrLifecyclePolicy: what ECR does with indexes and referrers', () => {
  const untagged = buildEcrLifecyclePolicy([{ tagStatus: EcrTagStatus.UNTAGGED, countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7 }], 'test');
  const tagged = buildEcrLifecyclePolicy([{ tagStatus: EcrTagStatus.TAGGED, tagPatternList: ['pr-*'], countType: EcrCountType.SINCE_IMAGE_PUSHED, countNumber: 7 }], 'test');
  const at = (days: number) => NOW - days * DAY_MS;

  test('an image a kept manifest list references is not expired', () => {
    const images = [
      { digest: 'sha256:aa', tags: ['v1'], pushedAt: at(30), mediaType: INDEX, references: ['sha256:c1'] },
      { digest: 'sha256:c1', tags: [], pushedAt: at(30) },
      { digest: 'sha256:c2', tags: [], pushedAt: at(30) },
    ];
    const r = simulateEcrLifecyclePolicy(untagged, images, NOW);
    expect(r.decisions.map((d) => d.action)).toEqual([ImageAction.KEEP, ImageAction.KEEP, ImageAction.EXPIRE]);
    expect(r.decisions[1].reason).toMatch(/^referenced by index sha256:aa, which is kept: ECR keeps it while the index stays/);
  });

  test('a referrer goes with its expired subject; an expired referrer of a kept image is reported', () => {
    const images = [
      { digest: 'sha256:pr', tags: ['pr-1'], pushedAt: at(30) },
      { digest: 'sha256:s1', tags: ['sha256-pr.sig'], pushedAt: at(30), subject: 'sha256:pr' },
    ];
    const r = simulateEcrLifecyclePolicy(tagged, images, NOW);
    expect(r.decisions.map((d) => d.action)).toEqual([ImageAction.EXPIRE, ImageAction.EXPIRE]);
    expect(r.decisions[1].reason).toBe('referrer deleted by ECR with its subject sha256:pr');
    expect(r.warnings).toContain('1 referrer (OCI subject) deleted by ECR together with the subject the policy deletes');
    const kept = simulateEcrLifecyclePolicy(untagged, [{ digest: 'sha256:v', tags: ['v1'], pushedAt: at(30) }, { digest: 'sha256:s', tags: [], pushedAt: at(30), subject: 'sha256:v' }], NOW);
    expect(kept.decisions[1].action).toBe(ImageAction.EXPIRE);
    expect(kept.warnings.join('\n')).toContain('ECR does not protect it, so the kept image loses a platform or a signature; the neutral model keeps it');
  });

  test('a listing with an index but no references says the children may stay', () => {
    const r = simulateEcrLifecyclePolicy(untagged, [{ digest: 'sha256:aa', tags: ['v1'], pushedAt: at(30), mediaType: INDEX }], NOW);
    expect(r.warnings).toContain(
      '1 image index in the listing without references (describe-images does not list them): ECR keeps the platform manifests an index references while the index stays, so untagged ones shown as expired here may stay',
    );
  });
});
