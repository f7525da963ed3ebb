import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { AcrRegistry, AcrResourceGroup, AcrSku } from '../../lib/azure';
import { DAY_MS, ImageRecord, parseAcrPurgeArgs, RetentionPolicy, RetentionRule, simulateAcrPurge } from '../support/core';
import { validationMessageOf } from '../support/errors';
import { onlyResource, synth } from '../helpers';
import { azureStack } from './helpers';

/** The worked examples of docs/azure-acr.md are what the construct synthesizes and what the ACR simulator answers. */
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'azure-acr.md'), 'utf8');
const NOW = Date.UTC(2026, 0, 1);

function section(title: string): string {
  const start = doc.indexOf(title);
  expect(start).toBeGreaterThan(0);
  return doc.slice(start, doc.indexOf('\n### ', start + 5));
}

function check(title: string, policy: RetentionPolicy, approximations: boolean): void {
  const text = section(title);
  const shownYaml = /```yaml\n([\s\S]*?)```/.exec(text)![1];
  const stack = azureStack();
  const registry = new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), retentionPolicy: policy, allowRetentionApproximations: approximations });
  const json = synth(stack);
  const yaml = onlyResource(json, 'azurerm_container_registry_task').encoded_step.task_content;
  expect(yaml).toBe(shownYaml);
  const lines = parseYaml(yaml).steps.map((s: { cmd: string }) => s.cmd);
  if (registry.untaggedRetentionDays !== undefined) lines.push(`az acr config retention update --registry r --status enabled --days ${registry.untaggedRetentionDays} --type UntaggedManifests`);
  const program = parseAcrPurgeArgs(lines.join('\n'), 'docs');
  const rows = [...text.matchAll(/^\| ([a-z/]+) \| ([a-z0-9]+) \| ([^|]+) \| (\d+) \| (keep|expire) \|([^|]*)\|$/gm)];
  expect(rows.length).toBeGreaterThanOrEqual(5);
  const images: ImageRecord[] = rows.map(([, repository, digest, tags, age]) => ({
    repository,
    digest: `sha256:${digest}`,
    tags: tags.trim() === '(none)' ? [] : tags.trim().split(', '),
    pushedAt: NOW - Number(age) * DAY_MS,
  }));
  const decisions = simulateAcrPurge(program, images, NOW).decisions;
  rows.forEach(([, , digest, , , action, removed], i) => {
    expect([digest, decisions[i].action, (decisions[i].removedTags ?? []).join(', ')]).toEqual([digest, action, removed.trim()]);
  });
}

describe('docs/azure-acr.md', () => {
  test('worked example 1 (exact)', () => {
    check('### Worked example 1', RetentionPolicy.of({ repositories: ['team/*'], rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireUntagged({ days: 7 })] }), false);
  });

  test('worked example 2 (tag level)', () => {
    check(
      '### Worked example 2',
      RetentionPolicy.of({ rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.keepMostRecent({ count: 2, tagPatterns: ['main-*'] }), RetentionRule.expireUntagged({ days: 7 })] }),
      true,
    );
  });

  test('the Premium refusal shown is the one the construct throws', () => {
    const shown = /```text\n(.*)\n```/.exec(doc)![1];
    const message = validationMessageOf(
      () => new AcrRegistry(azureStack(), 'Registry', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), sku: AcrSku.STANDARD, georeplications: [{ location: 'northeurope' }] }),
    );
    expect(message).toBe(shown);
  });
});
