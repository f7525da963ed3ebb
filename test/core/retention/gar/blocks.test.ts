import {
  ArtifactRegistryRepositoryCleanupPolicies,
  artifactRegistryRepositoryCleanupPoliciesToTerraform,
} from '@cdktf/provider-google/lib/artifact-registry-repository';
import { GarActionType, GarTagState, compileToGar, toGarCleanupPolicyBlocks } from '../../../../lib/core/retention/gar';
import { RetentionPolicy, RetentionRule } from '../../../../lib/core/retention/policy';

describe('toGarCleanupPolicyBlocks fits the provider', () => {
  test('blocks type-check as ArtifactRegistryRepositoryCleanupPolicies and render every field in snake_case', () => {
    const { policies } = compileToGar(
      RetentionPolicy.of({
        rules: [RetentionRule.protect({ tagPatterns: ['v*'] }), RetentionRule.expireTagged({ tagPatterns: ['pr-*'], days: 30 })],
        repositories: ['team/*'],
      }),
    );
    const blocks: ArtifactRegistryRepositoryCleanupPolicies[] = [
      ...toGarCleanupPolicyBlocks(policies),
      ...toGarCleanupPolicyBlocks([
        { name: 'keep-3', action: { type: GarActionType.KEEP }, mostRecentVersions: { keepCount: 3, packageNamePrefixes: ['team/'] } },
        { name: 'window', action: { type: GarActionType.DELETE }, condition: { versionNamePrefixes: ['sha256:0'], newerThan: '2d', olderThan: 'P1D' } },
      ]),
    ];
    // JSON drops the keys the provider leaves undefined.
    expect(JSON.parse(JSON.stringify(blocks.map((b) => artifactRegistryRepositoryCleanupPoliciesToTerraform(b))))).toEqual([
      { id: 'keep-protected-tags', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['v'], package_name_prefixes: ['team/'] } },
      {
        id: 'delete-tagged-30d',
        action: 'DELETE',
        condition: { tag_state: 'TAGGED', tag_prefixes: ['pr-'], package_name_prefixes: ['team/'], older_than: '2592000s' },
      },
      { id: 'keep-3', action: 'KEEP', most_recent_versions: { keep_count: 3, package_name_prefixes: ['team/'] } },
      { id: 'window', action: 'DELETE', condition: { version_name_prefixes: ['sha256:0'], newer_than: '172800s', older_than: '86400s' } },
    ]);
  });
});

describe('toGarCleanupPolicyBlocks owns its arrays', () => {
  test("changing the caller's prefix lists afterwards does not change the blocks", () => {
    const tagPrefixes = ['v'];
    const packageNamePrefixes = ['team/'];
    const blocks = toGarCleanupPolicyBlocks([
      { name: 'keep-v', action: { type: GarActionType.KEEP }, condition: { tagState: GarTagState.TAGGED, tagPrefixes } },
      { name: 'keep-3', action: { type: GarActionType.KEEP }, mostRecentVersions: { keepCount: 3, packageNamePrefixes } },
    ]);
    tagPrefixes.push('w');
    packageNamePrefixes.push('other/');
    expect(blocks[0].condition!.tagPrefixes).toEqual(['v']);
    expect(blocks[1].mostRecentVersions!.packageNamePrefixes).toEqual(['team/']);
  });
});
