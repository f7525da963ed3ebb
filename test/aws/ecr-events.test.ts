import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { EcrFindingSeverity, EcrRepository } from '../../lib/aws';
import { validationMessageOf as messageOf } from '../support/errors';
import { awsStack, onlyResource, resourcesOf, synth } from '../helpers';

const RULE = 'aws_cloudwatch_event_rule';
const TARGET = 'aws_cloudwatch_event_target';
const SNS = 'arn:aws:sns:eu-west-1:123456789012:alerts';
const SQS = 'arn:aws:sqs:eu-west-1:123456789012:scans';
const LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:on-push:live';

/**
 * A small EventBridge pattern matcher written from the EventBridge documentation, independent of the code under
 * test: a pattern field is either an array of allowed values (exact strings or numbers, or `{numeric: [op, n, ...]}`),
 * a nested object, or `$or`: a list of sub-patterns of which one must match. An array value in the event matches
 * when any of its elements does; a field missing from the event never matches.
 */
function matches(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as Record<string, unknown>[]).some((p) => matches(p, event));
    const value = event[key];
    if (value === undefined) return false;
    if (!Array.isArray(rule)) return typeof value === 'object' && value !== null && matches(rule as Record<string, unknown>, value as Record<string, unknown>);
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => rule.some((r) => matchesOne(r, v)));
  });
}

function matchesOne(rule: unknown, value: unknown): boolean {
  if (typeof rule === 'object' && rule !== null && 'numeric' in rule) {
    if (typeof value !== 'number') return false;
    const ops = (rule as { numeric: (string | number)[] }).numeric;
    for (let i = 0; i < ops.length; i += 2) {
      const [op, n] = [ops[i], ops[i + 1] as number];
      const ok = op === '>' ? value > n : op === '>=' ? value >= n : op === '<' ? value < n : op === '<=' ? value <= n : value === n;
      if (!ok) return false;
    }
    return true;
  }
  return rule === value;
}

/** The event pattern of the only rule, with the repository name token replaced by the literal name. */
function patternOf(stack: TerraformStack): Record<string, unknown> {
  return JSON.parse(onlyResource(synth(stack), RULE).event_pattern.replace(/\$\{aws_ecr_repository\.[A-Za-z0-9_]+\.name\}/g, 'team/app'));
}

/** ECR's documented sample events, for repository team/app. */
function pushEvent(tag?: string): Record<string, unknown> {
  return {
    source: 'aws.ecr',
    'detail-type': 'ECR Image Action',
    detail: { result: 'SUCCESS', 'repository-name': 'team/app', 'image-digest': 'sha256:7f5b', 'action-type': 'PUSH', ...(tag ? { 'image-tag': tag } : {}) },
  };
}

function scanEvent(counts: Record<string, number>, tags: string[] = ['v1']): Record<string, unknown> {
  return {
    source: 'aws.ecr',
    'detail-type': 'ECR Image Scan',
    detail: { 'scan-status': 'COMPLETE', 'repository-name': 'team/app', 'finding-severity-counts': counts, 'image-digest': 'sha256:7f5b', 'image-tags': tags },
  };
}

function repoIn(stack: TerraformStack): EcrRepository {
  return new EcrRepository(stack, 'Repo', { repositoryName: 'team/app' });
}

describe('onImagePushed', () => {
  test('matches successful pushes of the repository, and sends them to every target', () => {
    const stack = awsStack();
    repoIn(stack).onImagePushed('Pushed', { targetArns: [SNS, LAMBDA] });
    const json = synth(stack);
    expect(Object.values(resourcesOf(json, TARGET)).map((t) => t.arn)).toEqual([SNS, LAMBDA]);
    const pattern = patternOf(stack);
    expect(matches(pattern, pushEvent('latest'))).toBe(true);
    expect(matches(pattern, { ...pushEvent(), detail: { ...(pushEvent().detail as object), result: 'FAILURE' } })).toBe(false);
    expect(matches(pattern, { ...pushEvent(), detail: { ...(pushEvent().detail as object), 'action-type': 'DELETE' } })).toBe(false);
    expect(matches(pattern, { ...pushEvent(), detail: { ...(pushEvent().detail as object), 'repository-name': 'team/other' } })).toBe(false);
  });

  test('imageTags narrows the rule to those tags', () => {
    const stack = awsStack();
    repoIn(stack).onImagePushed('Pushed', { targetArns: [SNS], imageTags: ['latest', 'stable'] });
    const pattern = patternOf(stack);
    expect(matches(pattern, pushEvent('stable'))).toBe(true);
    expect(matches(pattern, pushEvent('v1'))).toBe(false);
    expect(matches(pattern, pushEvent())).toBe(false);
  });

  test('a referenced repository gets rules too, with its provider', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const east = new AwsProvider(stack, 'east', { region: 'us-east-1', alias: 'east' });
    EcrRepository.fromRepositoryName(stack, 'Ref', 'legacy/app', east).onImagePushed('Pushed', { targetArns: [SQS], ruleName: 'legacy-pushed' });
    const json = synth(stack);
    expect(onlyResource(json, RULE)).toMatchObject({ name: 'legacy-pushed', provider: 'aws.east' });
    expect(JSON.parse(onlyResource(json, RULE).event_pattern).detail['repository-name']).toEqual(['legacy/app']);
    expect(onlyResource(json, TARGET)).toMatchObject({ arn: SQS, provider: 'aws.east' });
  });
});

describe('onImageScanCompleted', () => {
  test('without a minimum severity, every completed scan matches, clean ones too', () => {
    const stack = awsStack();
    repoIn(stack).onImageScanCompleted('Scanned', { targetArns: [SNS] });
    const pattern = patternOf(stack);
    expect(matches(pattern, scanEvent({}))).toBe(true);
    expect(matches(pattern, { ...scanEvent({}), detail: { ...(scanEvent({}).detail as object), 'scan-status': 'FAILED' } })).toBe(false);
  });

  test('CRITICAL: only scans with a critical finding match (numeric matching on the counts)', () => {
    const stack = awsStack();
    repoIn(stack).onImageScanCompleted('Critical', { targetArns: [SNS], minimumSeverity: EcrFindingSeverity.CRITICAL });
    const pattern = patternOf(stack);
    expect((pattern.detail as Record<string, unknown>)['finding-severity-counts']).toEqual({ CRITICAL: [{ numeric: ['>', 0] }] });
    expect(matches(pattern, scanEvent({ CRITICAL: 2, HIGH: 5 }))).toBe(true);
    expect(matches(pattern, scanEvent({ HIGH: 5, MEDIUM: 1 }))).toBe(false);
  });

  test('property: a scan matches exactly when it has a finding at or above the minimum severity', () => {
    const order = [EcrFindingSeverity.INFORMATIONAL, EcrFindingSeverity.LOW, EcrFindingSeverity.MEDIUM, EcrFindingSeverity.HIGH, EcrFindingSeverity.CRITICAL];
    const patterns = new Map(
      order.map((severity) => {
        const stack = awsStack();
        repoIn(stack).onImageScanCompleted('Scan', { targetArns: [SNS], minimumSeverity: severity });
        return [severity, patternOf(stack)];
      }),
    );
    // ECR lists only the severities that have findings; UNDEFINED is a severity that no minimum includes.
    const counts = fc.dictionary(fc.constantFrom(...order, 'UNDEFINED'), fc.integer({ min: 1, max: 50 }));
    fc.assert(
      fc.property(fc.constantFrom(...order), counts, (minimum, found) => {
        const expected = Object.keys(found).some((s) => order.indexOf(s as EcrFindingSeverity) >= order.indexOf(minimum));
        return matches(patterns.get(minimum)!, scanEvent(found)) === expected;
      }),
      { numRuns: 300 },
    );
  });

  test('imageTags narrows the rule to scans of those tags', () => {
    const stack = awsStack();
    repoIn(stack).onImageScanCompleted('Scanned', { targetArns: [SNS], imageTags: ['prod'] });
    const pattern = patternOf(stack);
    expect(matches(pattern, scanEvent({}, ['v1', 'prod']))).toBe(true);
    expect(matches(pattern, scanEvent({}, ['v1']))).toBe(false);
  });
});

describe('onLifecycleAction', () => {
  test("matches the lifecycle policy's PolicyExecutionEvent for this repository", () => {
    const stack = awsStack();
    repoIn(stack).onLifecycleAction('Expired', { targetArns: [SQS] });
    const pattern = patternOf(stack);
    const event = {
      source: 'aws.ecr',
      'detail-type': 'AWS Service Event via CloudTrail',
      detail: { eventSource: 'ecr.amazonaws.com', eventName: 'PolicyExecutionEvent', serviceEventDetails: { repositoryName: 'team/app', lifecycleEventImageActions: [] } },
    };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { ...event, detail: { ...event.detail, serviceEventDetails: { repositoryName: 'team/other' } } })).toBe(false);
    expect(matches(pattern, { ...event, detail: { ...event.detail, eventName: 'PutImage' } })).toBe(false);
  });
});

describe('event rule options are checked', () => {
  const repo = () => repoIn(awsStack());

  test('no targets, or more than five, are refused', () => {
    expect(messageOf(() => repo().onImagePushed('P', { targetArns: [] }))).toBe(
      "test/Repo: onImagePushed(options).targetArns has 0 targets (got []); 1 to 5 ARNs (EventBridge's limit per rule); add a second rule for more",
    );
    expect(messageOf(() => repo().onImagePushed('P', { targetArns: [SNS, SNS, SNS, SNS, SNS, SNS] }))).toMatch(/targetArns has 6 targets/);
  });

  test('a target that is not SNS, Lambda or SQS is refused', () => {
    expect(messageOf(() => repo().onImageScanCompleted('S', { targetArns: ['arn:aws:s3:::bucket'] }))).toMatch(
      /^test\/Repo: onImageScanCompleted\(options\)\.targetArns\[0\] is not an SNS topic, Lambda function or SQS queue ARN \(got "arn:aws:s3:::bucket"\)/,
    );
  });

  test('a bad or over-long rule name, an over-long description, bad tags and an unknown severity are all reported together', () => {
    const message = messageOf(() =>
      repo().onImageScanCompleted('S', {
        targetArns: [SNS],
        ruleName: 'x'.repeat(65),
        description: 'd'.repeat(513),
        imageTags: ['-bad'],
        minimumSeverity: 'SEVERE' as EcrFindingSeverity,
      }),
    );
    expect(message).toMatch(/ruleName is 65 characters long/);
    expect(message).toMatch(/description is 513 characters long/);
    expect(message).toMatch(/imageTags\[0\] is not an image tag \(got "-bad"\)/);
    expect(message).toMatch(/minimumSeverity is not a severity \(got "SEVERE"\)/);
    expect(messageOf(() => repo().onImagePushed('P', { targetArns: [SNS], ruleName: 'has space' }))).toMatch(/ruleName is not a valid rule name/);
    expect(messageOf(() => repo().onImagePushed('P', { targetArns: [SNS], imageTags: [] }))).toMatch(/imageTags is empty, so no event would match/);
  });
});
