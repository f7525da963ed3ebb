import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { AcrPurgeCommand, AcrPurgeTask, AcrRegistry, AcrResourceGroup, ACR_CLI_IMAGE } from '../../lib/azure';
import { DAY_MS, ImageAction, ImageRecord, parseAcrPurgeArgs, RetentionPolicy, RetentionRule, simulateAcrPurge, compileToAcr } from '../support/core';
import { simulateRetentionPolicy } from '../../lib/core/retention/simulate';
import { validationMessageOf } from '../support/errors';
import { onlyResource, synth } from '../helpers';
import { azureStack } from './helpers';

const NOW = Date.UTC(2026, 0, 1);

/** Synthesizes a registry with `policy` and returns the task YAML as written into the Terraform JSON. */
function synthesizedYaml(policy: RetentionPolicy, allowRetentionApproximations = false, dryRun = false): string {
  const stack = azureStack();
  new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), retentionPolicy: policy, allowRetentionApproximations, purgeSchedule: { dryRun } });
  return onlyResource(synth(stack), 'azurerm_container_registry_task').encoded_step.task_content;
}

/** The task YAML read with a YAML parser: the commands each step runs, with the pinned image put back as `acr`. */
function stepsOf(yaml: string): { cmd: string; timeout: number; disableWorkingDirectoryOverride: boolean }[] {
  const doc = parseYaml(yaml);
  expect(doc.version).toBe('v1.1.0');
  expect(Array.isArray(doc.steps)).toBe(true);
  return doc.steps;
}

function purgeProgram(yaml: string, untaggedRetentionDays?: number) {
  const lines = stepsOf(yaml).map((s) => {
    expect(s.cmd.startsWith(`${ACR_CLI_IMAGE} purge `)).toBe(true);
    return s.cmd;
  });
  const text = [...lines, ...(untaggedRetentionDays === undefined ? [] : [`az acr config retention update --registry r --status enabled --days ${untaggedRetentionDays} --type UntaggedManifests`])].join('\n');
  return parseAcrPurgeArgs(text, 'task.yaml');
}

describe('the purge task YAML', () => {
  test('parses as YAML: version, one step per command with the pinned image, timeout and working-directory flag', () => {
    const policy = RetentionPolicy.of({ repositories: ['team/*'], rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] });
    const steps = stepsOf(synthesizedYaml(policy));
    expect(steps).toEqual([{ cmd: `${ACR_CLI_IMAGE} purge --filter '(?:team/.*):.*' --ago 7d --untagged-only`, disableWorkingDirectoryOverride: true, timeout: 3600 }]);
  });

  test('regex characters that mean something in YAML survive the round trip', () => {
    const cmd = AcrPurgeCommand.of({ filters: [{ repository: 'a/[b]{1,2}', tag: "^(?!v|rel #x)'q'.*$" }], ago: '1d' });
    const stack = azureStack();
    const task = new AcrPurgeTask(stack, 'T', { registryId: '/r', commands: [cmd] });
    const [step] = stepsOf(onlyResource(synth(stack), 'azurerm_container_registry_task').encoded_step.task_content);
    const back = parseAcrPurgeArgs(step.cmd, 'yaml');
    expect(back.commands[0].filters).toEqual([{ repository: 'a/[b]{1,2}', tag: "^(?!v|rel #x)'q'.*$" }]);
    expect(task.taskYaml).toContain('version: v1.1.0');
  });

  test('dry run adds --dry-run to every step', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 14 }), RetentionRule.expireUntagged({ days: 7 })] });
    const steps = stepsOf(synthesizedYaml(policy, true, true));
    expect(steps.length).toBe(2);
    for (const s of steps) expect(s.cmd).toMatch(/ --dry-run$/);
    expect(purgeProgram(synthesizedYaml(policy, true, true)).commands.every((c) => c.dryRun)).toBe(true);
  });

  test('AcrPurgeTask on its own validates its schedule', () => {
    const cmd = AcrPurgeCommand.of({ filters: [{ repository: '.*', tag: '.*' }], ago: '30d' });
    expect(validationMessageOf(() => new AcrPurgeTask(azureStack(), 'T', { registryId: '/r', commands: [cmd], schedule: 'nightly' }))).toMatch(/^test\/T: schedule is not a 5-field cron expression \(got "nightly"\)/);
  });
});

/** Listings of up to 30 images in two repositories, tags from a few families, ages around the day boundaries. */
const listing: fc.Arbitrary<ImageRecord[]> = fc
  .array(
    fc.record({
      repo: fc.constantFrom('app', 'team/api'),
      tags: fc.uniqueArray(fc.constantFrom('v1', 'v2', 'pr-1', 'pr-2', 'dev-1', 'latest'), { maxLength: 2 }),
      ageHours: fc.integer({ min: 1, max: 40 * 24 }),
    }),
    { maxLength: 30 },
  )
  .map((rows) => {
    const used = new Set<string>();
    return rows.map((r, i): ImageRecord => {
      // A tag names one image per repository.
      const tags = r.tags.map((t) => `${t}-${i}`).filter((t) => !used.has(`${r.repo}:${t}`));
      tags.forEach((t) => used.add(`${r.repo}:${t}`));
      return { digest: `sha256:${String(i).padStart(4, '0')}`, repository: r.repo, tags, pushedAt: NOW - r.ageHours * 3_600_000 };
    });
  });

const nativePolicy = fc
  .record({
    protect: fc.array(fc.constantFrom('v*', 'latest*', 'pr-1*'), { maxLength: 2 }),
    untagged: fc.integer({ min: 1, max: 30 }),
    repositories: fc.constantFrom<string[] | undefined>(undefined, ['team/*'], ['app']),
  })
  .map(({ protect, untagged, repositories }) =>
    RetentionPolicy.of({ repositories, rules: [...(protect.length > 0 ? [RetentionRule.protect({ tagPatterns: protect })] : []), RetentionRule.expireUntagged({ days: untagged })] }),
  );

const tagLevelPolicy = fc
  .record({ pr: fc.integer({ min: 1, max: 30 }), dev: fc.integer({ min: 1, max: 30 }), untagged: fc.integer({ min: 1, max: 30 }) })
  .map(({ pr, dev, untagged }) =>
    RetentionPolicy.of({
      rules: [
        RetentionRule.protect({ tagPatterns: ['v*'] }),
        RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: pr }),
        RetentionRule.expireTagged({ tagPatterns: ['dev-*'], days: dev }),
        RetentionRule.expireUntagged({ days: untagged }),
      ],
    }),
  );

describe('the synthesized task deletes what the ACR simulator says', () => {
  test('exact policies: the commands read back from the task YAML delete exactly what the neutral policy expires', () => {
    fc.assert(
      fc.property(nativePolicy, listing, (policy, images) => {
        const program = purgeProgram(synthesizedYaml(policy));
        const acr = simulateAcrPurge(program, images, NOW).decisions;
        const neutral = simulateRetentionPolicy(policy, images, NOW).decisions;
        images.forEach((img, i) => expect([img.digest, acr[i].action]).toEqual([img.digest, neutral[i].action]));
      }),
      { numRuns: 60 },
    );
  });

  test('approximated policies: the task YAML runs the same program as the compiled policy, image by image and tag by tag', () => {
    fc.assert(
      fc.property(tagLevelPolicy, listing, (policy, images) => {
        const compiled = compileToAcr(policy, { allowApproximations: true });
        const program = purgeProgram(synthesizedYaml(policy, true), compiled.untaggedRetentionDays);
        const fromYaml = simulateAcrPurge(program, images, NOW).decisions;
        const direct = simulateAcrPurge(compiled.purgePolicy, images, NOW).decisions;
        expect(fromYaml.map((d) => [d.digest, d.action, [...(d.removedTags ?? [])].sort()])).toEqual(direct.map((d) => [d.digest, d.action, [...(d.removedTags ?? [])].sort()]));
        // And the approximation never removes a protected tag.
        for (const d of fromYaml) expect((d.removedTags ?? []).some((t) => t.startsWith('v'))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  test('a worked example: protect v*, expire untagged after 7 days', () => {
    const policy = RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] });
    const images: ImageRecord[] = [
      { digest: 'sha256:a', repository: 'app', tags: ['v1.0.0'], pushedAt: NOW - 90 * DAY_MS },
      { digest: 'sha256:b', repository: 'app', tags: [], pushedAt: NOW - 8 * DAY_MS },
      { digest: 'sha256:c', repository: 'app', tags: [], pushedAt: NOW - 2 * DAY_MS },
    ];
    const decisions = simulateAcrPurge(purgeProgram(synthesizedYaml(policy)), images, NOW).decisions;
    expect(decisions.map((d) => d.action)).toEqual([ImageAction.KEEP, ImageAction.EXPIRE, ImageAction.KEEP]);
  });
});
