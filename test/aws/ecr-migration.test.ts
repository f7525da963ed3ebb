import * as fc from 'fast-check';
import { EcrCountType, EcrLifecycle, EcrLifecycleRule, EcrRepository, EcrTagStatus, PullThroughCacheUpstream, UpstreamRegistryKind } from '../../lib/aws';
import { renderEcrLifecyclePolicy } from '../../lib/core/retention/ecr/grammar';
import { ValidationError } from '../../lib/core/errors';
import { validationMessageOf as messageOf } from '../support/errors';
import { awsStack, onlyResource, synth } from '../helpers';

/** The lifecycle policy of terraform-aws-modules/terraform-aws-ecr's README example, as its jsonencode() renders it. */
const MODULE_EXAMPLE = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Keep last 30 images',
      selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 30 },
      action: { type: 'expire' },
    },
  ],
});

describe('EcrLifecycle.fromJson', () => {
  test("terraform-aws-ecr's lifecycle JSON is accepted as is and rendered unchanged", () => {
    const stack = awsStack();
    new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: EcrLifecycle.fromJson(MODULE_EXAMPLE) });
    expect(JSON.parse(onlyResource(synth(stack), 'aws_ecr_lifecycle_policy').policy)).toEqual(JSON.parse(MODULE_EXAMPLE));
  });

  test('the rules read back are typed rules: more can be added after them', () => {
    const stack = awsStack();
    const repo = new EcrRepository(stack, 'Repo', { repositoryName: 'team/app', lifecycleRules: EcrLifecycle.fromJson(MODULE_EXAMPLE) });
    repo.addLifecycleRule(EcrLifecycle.expireUntaggedAfterDays({ days: 3 }));
    const rules = JSON.parse(onlyResource(synth(stack), 'aws_ecr_lifecycle_policy').policy).rules;
    expect(rules.map((r: { rulePriority: number; selection: { tagStatus: string } }) => [r.rulePriority, r.selection.tagStatus])).toEqual([
      [1, 'tagged'],
      [2, 'untagged'],
    ]);
  });

  test('an invalid document is refused with every problem, named after the call and the JSON field', () => {
    const bad = JSON.stringify({
      rules: [
        { description: 'no priority', selection: { tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 5 }, action: { type: 'expire' } },
        { rulePriority: 2, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 3 }, action: { type: 'expire' } },
      ],
    });
    const message = messageOf(() => EcrLifecycle.fromJson(bad));
    expect(message).toMatch(/^EcrLifecycle\.fromJson\(json\): rules\[0\]\.rulePriority is required/m);
    expect(message).toMatch(/^EcrLifecycle\.fromJson\(json\): rules\[1\]\.selection\.countUnit is required when countType is sinceImagePushed/m);
    expect(message).toMatch(/rules\[0\]\.selection/);
    expect(messageOf(() => EcrLifecycle.fromJson('{"rules": ['))).toMatch(/^EcrLifecycle\.fromJson\(json\): \(document\) is not valid JSON/);
  });

  test('property: a policy rendered here reads back to rules that render the same policy', () => {
    const tagged = fc.record({
      tagStatus: fc.constant(EcrTagStatus.TAGGED),
      tagPatternList: fc.array(fc.stringMatching(/^[a-z][a-z0-9*]{0,6}$/), { minLength: 1, maxLength: 2 }),
      countType: fc.constantFrom(EcrCountType.IMAGE_COUNT_MORE_THAN, EcrCountType.SINCE_IMAGE_PUSHED),
      countNumber: fc.integer({ min: 1, max: 1000 }),
    });
    const untagged = fc.record({
      tagStatus: fc.constant(EcrTagStatus.UNTAGGED),
      countType: fc.constantFrom(EcrCountType.IMAGE_COUNT_MORE_THAN, EcrCountType.SINCE_IMAGE_PUSHED),
      countNumber: fc.integer({ min: 1, max: 1000 }),
    });
    const described = <T>(rule: fc.Arbitrary<T>) => fc.tuple(rule, fc.option(fc.string({ maxLength: 20 }), { nil: undefined })).map(([r, description]) => (description === undefined ? r : { ...r, description }));
    fc.assert(
      fc.property(fc.array(fc.oneof(described(tagged), described(untagged)), { minLength: 1, maxLength: 6 }), (rules) => {
        let policy: string;
        try {
          policy = renderEcrLifecyclePolicy(rules as EcrLifecycleRule[], 'test');
        } catch (e) {
          if (e instanceof ValidationError) return fc.pre(false);
          throw e;
        }
        expect(renderEcrLifecyclePolicy(EcrLifecycle.fromJson(policy), 'test')).toBe(policy);
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('PullThroughCacheUpstream.fromUrl', () => {
  test('every fixed upstream is found by its own URL', () => {
    for (const u of [
      PullThroughCacheUpstream.DOCKER_HUB,
      PullThroughCacheUpstream.GITHUB,
      PullThroughCacheUpstream.GITLAB,
      PullThroughCacheUpstream.QUAY,
      PullThroughCacheUpstream.ECR_PUBLIC,
      PullThroughCacheUpstream.KUBERNETES,
      PullThroughCacheUpstream.CHAINGUARD,
    ]) {
      expect(PullThroughCacheUpstream.fromUrl(u.url)).toBe(u);
    }
  });

  test('a scheme, a trailing slash, upper case and docker.io are read as ECR would mean them', () => {
    expect(PullThroughCacheUpstream.fromUrl('https://GHCR.io/')).toBe(PullThroughCacheUpstream.GITHUB);
    expect(PullThroughCacheUpstream.fromUrl('docker.io')).toBe(PullThroughCacheUpstream.DOCKER_HUB);
  });

  test('Azure and ECR upstreams keep their registry, account and Region', () => {
    const azure = PullThroughCacheUpstream.fromUrl('myregistry.azurecr.io');
    expect([azure.kind, azure.url]).toEqual([UpstreamRegistryKind.AZURE, 'myregistry.azurecr.io']);
    const ecr = PullThroughCacheUpstream.fromUrl('222222222222.dkr.ecr.us-west-2.amazonaws.com');
    expect([ecr.kind, ecr.url]).toEqual([UpstreamRegistryKind.ECR, '222222222222.dkr.ecr.us-west-2.amazonaws.com']);
  });

  test('an unsupported registry is refused with the supported list', () => {
    expect(messageOf(() => PullThroughCacheUpstream.fromUrl('registry.example.com'))).toBe(
      'PullThroughCacheUpstream.fromUrl(url): url is not an upstream registry ECR can cache (got "registry.example.com"); registry-1.docker.io, ghcr.io, registry.gitlab.com, quay.io, public.ecr.aws, registry.k8s.io, cgr.dev, <name>.azurecr.io or <account>.dkr.ecr.<region>.amazonaws.com',
    );
  });
});
