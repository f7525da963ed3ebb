import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EcrRepository as EcrRepositoryResource } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import {
  EcrRegistry,
  EcrRegistryProps,
  EcrScanFrequency,
  EcrScanType,
  effectiveScanFrequency,
} from '../../lib/aws/ecr-registry';
import { ecrScanFilterMatches } from '../../lib/core/retention/patterns';
import { PullThroughCacheUpstream } from '../../lib/aws/ecr-pull-through-cache';
import { CreationTemplateAppliedFor } from '../../lib/aws/ecr-creation-template';
import { AwsPrincipal } from '../../lib/aws/principal';
import { IamConditions, IamStatement } from '../../lib/aws/iam';
import { EcrRepository } from '../../lib/aws/ecr-repository';
import { validationErrorOf as errorOf } from '../support/errors';
import { awsStack, synth, onlyResource as only } from '../helpers';

const ACCOUNT = '111111111111';
const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`;

function stack(region = 'eu-west-1'): TerraformStack {
  return awsStack('stack', region);
}

/** Builds a registry with props and returns the error its construction throws. */
function propsError(props: EcrRegistryProps): string {
  return errorOf(() => new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, ...props })).message;
}

function expectMessage(message: string, ...parts: (string | RegExp)[]): void {
  expect(message).toMatch(/^stack\/Registry: /);
  for (const p of parts) expect(message).toMatch(p);
}

describe('EcrRegistry: replication', () => {
  test('renders rules with destinations and prefix filters; same-account destinations use the account ID', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      accountId: ACCOUNT,
      replicationRules: [{ destinations: [{ region: 'us-west-2' }, { region: 'eu-central-1', registryId: '222222222222' }], repositoryPrefixes: ['prod/'] }],
    });
    const config = only(synth(s), 'aws_ecr_replication_configuration');
    expect(config.replication_configuration.rule).toEqual([
      {
        destination: [
          { region: 'us-west-2', registry_id: ACCOUNT },
          { region: 'eu-central-1', registry_id: '222222222222' },
        ],
        repository_filter: [{ filter: 'prod/', filter_type: 'PREFIX_MATCH' }],
      },
    ]);
  });

  test('rules added after construction render; without accountId the account comes from aws_caller_identity', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry');
    registry.addReplicationRule({ destinations: [{ region: 'us-west-2' }] });
    const json = synth(s);
    const config = only(json, 'aws_ecr_replication_configuration');
    expect(config.replication_configuration.rule[0].destination[0].registry_id).toMatch(/data\.aws_caller_identity\..*\.account_id/);
    expect(config.replication_configuration.rule[0].repository_filter).toBeUndefined();
    expect(Object.keys(json.data!.aws_caller_identity)).toHaveLength(1);
  });

  test('more than 10 rules is an error naming the count and the limit', () => {
    const rules = Array.from({ length: 11 }, (_, i) => ({ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: [`team${i}`] }));
    expectMessage(propsError({ replicationRules: rules }), 'replicationRules has 11 rules', '(got 11)', 'at most 10 replication rules');
  });

  test('rules added later beyond the limit fail at synth', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    for (let i = 0; i < 11; i++) registry.addReplicationRule({ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: [`team${i}`] });
    expect(() => synth(s)).toThrow(/stack\/Registry: replicationRules has 11 rules \(got 11\); at most 10/);
  });

  test('more than 25 unique destinations is an error', () => {
    const accounts = Array.from({ length: 26 }, (_, i) => String(300000000000 + i));
    const rules = [{ destinations: accounts.slice(0, 13).map((a) => ({ region: 'us-west-2', registryId: a })) }, { destinations: accounts.slice(13).map((a) => ({ region: 'us-west-2', registryId: a })) }];
    expectMessage(propsError({ replicationRules: rules }), 'replicationRules has 26 unique destinations', 'at most 25 unique destinations');
  });

  test('more than 100 filters per rule is an error', () => {
    const prefixes = Array.from({ length: 101 }, (_, i) => `team${i}`);
    expectMessage(propsError({ replicationRules: [{ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: prefixes }] }), 'replicationRules[0].repositoryPrefixes has 101 filters', '(got 101)', 'at most 100 per rule');
  });

  test("a destination in the registry's own Region and account is an error", () => {
    expectMessage(
      propsError({ replicationRules: [{ destinations: [{ region: 'eu-west-1' }] }] }),
      "replicationRules[0].destinations[0].region is this registry's own Region in its own account",
      '(got "eu-west-1")',
      'another Region',
    );
    expectMessage(propsError({ replicationRules: [{ destinations: [{ region: 'eu-west-1', registryId: ACCOUNT }] }] }), "own Region in its own account");
  });

  test('the same Region in another account is allowed', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', { accountId: ACCOUNT, replicationRules: [{ destinations: [{ region: 'eu-west-1', registryId: '222222222222' }] }] });
    expect(only(synth(s), 'aws_ecr_replication_configuration').replication_configuration.rule[0].destination).toEqual([{ region: 'eu-west-1', registry_id: '222222222222' }]);
  });

  test('bad Region, bad account ID, bad prefix, empty destinations and duplicates are all reported at once', () => {
    const message = propsError({
      replicationRules: [
        { destinations: [{ region: 'west-2' }, { region: 'us-west-2', registryId: '12345' }, { region: 'us-east-1' }, { region: 'us-east-1' }], repositoryPrefixes: ['Prod*', '/x', 'a'] },
        { destinations: [] },
      ],
    });
    expectMessage(
      message,
      'replicationRules[0].destinations[0].region is not a Region name (got "west-2"); a Region such as "us-west-2"',
      'replicationRules[0].destinations[1].registryId is not an AWS account ID (got "12345"); exactly 12 digits',
      'replicationRules[0].destinations[3] repeats a destination of the same rule',
      'replicationRules[0].repositoryPrefixes[0] has uppercase letters (got "Prod*"); lowercase only, e.g. "prod*"',
      'replicationRules[0].repositoryPrefixes[0] is not a valid repository prefix (got "Prod*")',
      'replicationRules[0].repositoryPrefixes[1] is not a valid repository prefix (got "/x")',
      'replicationRules[0].repositoryPrefixes[2] is 1 character long (got "a"); 2-256 characters',
      'replicationRules[1].destinations is empty (got [])',
    );
    expect(message.split('\n')).toHaveLength(8);
  });

  test('addReplicationRule validates the rule at once', () => {
    const registry = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT });
    expect(() => registry.addReplicationRule({ destinations: [{ region: 'mars-1' }] })).toThrow(/^stack\/Registry: replicationRules\[0\]\.destinations\[0\]\.region is not a Region name \(got "mars-1"\)/);
  });
});

describe('EcrRegistry: cross-account replication policy for the destination', () => {
  test('renders ReplicateImage and CreateRepository for the source account root on the destination repositories', () => {
    const doc = JSON.parse(EcrRegistry.replicationDestinationPolicy({ sourceAccountIds: [ACCOUNT], destinationAccountId: '222222222222', destinationRegion: 'us-west-2' }));
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReplicationFrom',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] },
          Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'],
          Resource: 'arn:aws:ecr:us-west-2:222222222222:repository/*',
        },
      ],
    });
  });

  test('prefixes scope the resources; CreateRepository can be left out', () => {
    const [s] = JSON.parse(EcrRegistry.replicationDestinationPolicy({ sourceAccountIds: [ACCOUNT], destinationAccountId: '222222222222', destinationRegion: 'us-west-2', repositoryPrefixes: ['prod'], allowCreateRepository: false })).Statement;
    expect(s.Action).toEqual(['ecr:ReplicateImage']);
    expect(s.Resource).toEqual('arn:aws:ecr:us-west-2:222222222222:repository/prod*');
  });

  test('bad account IDs are errors', () => {
    expect(() => EcrRegistry.replicationDestinationPolicy({ sourceAccountIds: ['abc'], destinationAccountId: '222222222222', destinationRegion: 'us-west-2' })).toThrow(
      /^EcrRegistry\.replicationDestinationPolicy: sourceAccountIds\[0\] is not an AWS account ID \(got "abc"\); exactly 12 digits/,
    );
  });

  test('allowReplicationFrom reports bad input at the registry, naming the method', () => {
    const registry = new EcrRegistry(stack('us-west-2'), 'Registry', { accountId: '222222222222' });
    expect(() => registry.allowReplicationFrom(['abc', ACCOUNT], ['Shop/'])).toThrow(
      'stack/Registry: allowReplicationFrom sourceAccountIds[0] is not an AWS account ID (got "abc"); exactly 12 digits\n' +
        'stack/Registry: allowReplicationFrom repositoryPrefixes[0] has uppercase letters (got "Shop/"); lowercase only, e.g. "shop/"',
    );
  });

  test('allowReplicationFrom adds the statement to the destination registry policy', () => {
    const s = stack('us-west-2');
    const registry = new EcrRegistry(s, 'Registry', { accountId: '222222222222' });
    registry.allowReplicationFrom([ACCOUNT]);
    registry.allowReplicationFrom(['333333333333'], ['shop/']);
    const policy = JSON.parse(only(synth(s), 'aws_ecr_registry_policy').policy);
    // Sids stay unique when a helper is used twice.
    expect(policy.Statement.map((st: any) => st.Sid)).toEqual(['ReplicationFrom', 'ReplicationFrom2']);
    expect(policy.Statement[1].Resource).toBe('arn:aws:ecr:us-west-2:222222222222:repository/shop/*');
    expect(policy.Statement[0]).toMatchObject({ Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, Action: ['ecr:CreateRepository', 'ecr:ReplicateImage'], Resource: 'arn:aws:ecr:us-west-2:222222222222:repository/*' });
  });
});

describe('EcrRegistry: scanning', () => {
  test('renders the scan type and rules with wildcard filters', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      scanning: { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod-*'] }, { frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['*'] }] },
    });
    const config = only(synth(s), 'aws_ecr_registry_scanning_configuration');
    expect(config.scan_type).toBe('ENHANCED');
    expect(config.rule).toEqual([
      { scan_frequency: 'CONTINUOUS_SCAN', repository_filter: [{ filter: 'prod-*', filter_type: 'WILDCARD' }] },
      { scan_frequency: 'SCAN_ON_PUSH', repository_filter: [{ filter: '*', filter_type: 'WILDCARD' }] },
    ]);
  });

  test('more than 2 rules is an error', () => {
    const rule = { frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['*'] };
    expectMessage(propsError({ scanning: { scanType: EcrScanType.ENHANCED, rules: [rule, { ...rule, frequency: EcrScanFrequency.CONTINUOUS_SCAN }, rule] } }), 'scanning.rules has 3 rules (got 3); at most 2 scanning rules');
  });

  test('CONTINUOUS_SCAN with BASIC and MANUAL with anything are errors', () => {
    expectMessage(
      propsError({ scanning: { scanType: EcrScanType.BASIC, rules: [{ frequency: EcrScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['*'] }] } }),
      'scanning.rules[0].frequency is not valid for BASIC scanning (got "CONTINUOUS_SCAN"); one of SCAN_ON_PUSH',
    );
    expectMessage(
      propsError({ scanning: { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.MANUAL, repositoryFilters: ['*'] }] } }),
      'scanning.rules[0].frequency is not valid for ENHANCED scanning (MANUAL is what repositories matching no rule get) (got "MANUAL"); one of SCAN_ON_PUSH, CONTINUOUS_SCAN',
    );
  });

  test('bad filters, empty filter lists, repeated frequencies and unknown scan types are errors', () => {
    expectMessage(
      propsError({ scanning: { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['Prod/*', ''] }, { frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: [] }] } }),
      'scanning.rules[0].repositoryFilters[0] has uppercase letters (got "Prod/*"); lowercase only, e.g. "prod/*"',
      'scanning.rules[0].repositoryFilters[1] is 0 characters long (got ""); 1-256 characters',
      'scanning.rules[1].frequency repeats the frequency of another rule',
      'scanning.rules[1].repositoryFilters is empty (got [])',
    );
    expectMessage(
      propsError({ scanning: { scanType: EcrScanType.BASIC, rules: [{ frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: [`${'p'.repeat(300)}*`] }] } }),
      `scanning.rules[0].repositoryFilters[0] is 301 characters long (got "${'p'.repeat(196)}... (301 characters)); 1-256 characters`,
    );
    expectMessage(propsError({ scanning: { scanType: 'FULL' as EcrScanType } }), 'scanning.scanType is not a scan type (got "FULL"); EcrScanType.BASIC or EcrScanType.ENHANCED');
    const many = Array.from({ length: 101 }, (_, i) => `r${i}`);
    expectMessage(propsError({ scanning: { scanType: EcrScanType.BASIC, rules: [{ frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: many }] } }), 'scanning.rules[0].repositoryFilters has 101 filters');
  });

  test('filters match like ECR: no wildcard = contains, wildcard = whole name', () => {
    // The table in the ECR user guide ("Filter wildcards").
    const names = ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'];
    const table: Record<string, boolean[]> = {
      prod: [true, true, true, true, true],
      '*prod': [true, true, false, false, false],
      'prod*': [true, false, true, false, true],
      '*prod*': [true, true, true, true, true],
      'prod*repo': [false, false, true, false, true],
    };
    for (const [filter, expected] of Object.entries(table)) expect(names.map((n) => ecrScanFilterMatches(filter, n))).toEqual(expected);
  });

  test('continuous scanning wins over scan on push when both match', () => {
    const scanning = { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['*'] }, { frequency: EcrScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod*'] }] };
    expect(effectiveScanFrequency(scanning, 'prod-api')).toBe(EcrScanFrequency.CONTINUOUS_SCAN);
    expect(effectiveScanFrequency(scanning, 'dev-api')).toBe(EcrScanFrequency.SCAN_ON_PUSH);
    expect(effectiveScanFrequency({ scanType: EcrScanType.BASIC }, 'x')).toBeUndefined();
  });

  test('warns on a repository with scan on push that no registry rule scans on push', () => {
    const s = stack();
    const scanned = new EcrRepositoryResource(s, 'Scanned', { name: 'prod-api', imageScanningConfiguration: { scanOnPush: true } });
    const lost = new EcrRepositoryResource(s, 'Lost', { name: 'dev-api', imageScanningConfiguration: { scanOnPush: true } });
    const off = new EcrRepositoryResource(s, 'Off', { name: 'tools', imageScanningConfiguration: { scanOnPush: false } });
    new EcrRegistry(s, 'Registry', { scanning: { scanType: EcrScanType.BASIC, rules: [{ frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['prod-*'] }] } });
    synth(s);
    const warnings = (c: { node: { metadata: { type: string; data: unknown }[] } }) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings(scanned)).toEqual([]);
    expect(warnings(off)).toEqual([]);
    expect(warnings(lost)).toHaveLength(1);
    expect(warnings(lost)[0]).toMatch(/scanOnPush of repository "dev-api" is overridden by registry-level BASIC scanning at stack\/Registry: no rule scans it on push, so it is only scanned manually/);
  });

  test('the warning goes on the EcrRepository construct, not its L1', () => {
    const s = stack();
    const repo = new EcrRepository(s, 'Checkout', { repositoryName: 'shop/checkout', scanOnPush: true });
    new EcrRegistry(s, 'Registry', { scanning: { scanType: EcrScanType.ENHANCED, rules: [{ frequency: EcrScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod-*'] }] } });
    synth(s);
    const warnings = repo.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/scanOnPush of repository "shop\/checkout" is overridden by registry-level ENHANCED scanning .* so it is not scanned at all/)]);
    expect(repo.resource.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('does not warn about repositories of another provider', () => {
    const s = stack();
    const other = new AwsProvider(s, 'other', { region: 'us-east-1', alias: 'use1' });
    const repo = new EcrRepositoryResource(s, 'Elsewhere', { name: 'dev-api', imageScanningConfiguration: { scanOnPush: true }, provider: other });
    new EcrRegistry(s, 'Registry', { scanning: { scanType: EcrScanType.ENHANCED, rules: [] } });
    synth(s);
    expect(repo.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });
});

describe('EcrRegistry: pull-through cache', () => {
  test('renders a Docker Hub rule with its credential and an ECR Public rule without', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      accountId: ACCOUNT,
      pullThroughCacheRules: [
        { ecrRepositoryPrefix: 'docker-hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: SECRET },
        { ecrRepositoryPrefix: 'ecr-public', upstream: PullThroughCacheUpstream.ECR_PUBLIC },
      ],
    });
    const rules = Object.values(synth(s).resource.aws_ecr_pull_through_cache_rule) as any[];
    expect(rules).toEqual([
      { ecr_repository_prefix: 'docker-hub', upstream_registry_url: 'registry-1.docker.io', credential_arn: SECRET },
      { ecr_repository_prefix: 'ecr-public', upstream_registry_url: 'public.ecr.aws' },
    ]);
  });

  test('upstream URLs of the factories', () => {
    expect(PullThroughCacheUpstream.GITHUB.url).toBe('ghcr.io');
    expect(PullThroughCacheUpstream.GITLAB.url).toBe('registry.gitlab.com');
    expect(PullThroughCacheUpstream.QUAY.url).toBe('quay.io');
    expect(PullThroughCacheUpstream.KUBERNETES.url).toBe('registry.k8s.io');
    expect(PullThroughCacheUpstream.CHAINGUARD.url).toBe('cgr.dev');
    expect(PullThroughCacheUpstream.azure('myregistry').url).toBe('myregistry.azurecr.io');
    expect(PullThroughCacheUpstream.ecr('222222222222', 'us-east-1').url).toBe('222222222222.dkr.ecr.us-east-1.amazonaws.com');
  });

  test('an ECR upstream takes a role and an upstream prefix', () => {
    const s = stack();
    const role = `arn:aws:iam::${ACCOUNT}:role/ecr-upstream`;
    new EcrRegistry(s, 'Registry', {
      accountId: ACCOUNT,
      pullThroughCacheRules: [{ ecrRepositoryPrefix: 'central', upstream: PullThroughCacheUpstream.ecr('222222222222', 'us-east-1'), customRoleArn: role, upstreamRepositoryPrefix: 'base' }],
    });
    expect(only(synth(s), 'aws_ecr_pull_through_cache_rule')).toEqual({
      ecr_repository_prefix: 'central',
      upstream_registry_url: '222222222222.dkr.ecr.us-east-1.amazonaws.com',
      custom_role_arn: role,
      upstream_repository_prefix: 'base',
    });
  });

  test('upstreams that need credentials require them', () => {
    for (const upstream of [PullThroughCacheUpstream.DOCKER_HUB, PullThroughCacheUpstream.GITHUB, PullThroughCacheUpstream.GITLAB, PullThroughCacheUpstream.CHAINGUARD, PullThroughCacheUpstream.azure('myregistry')]) {
      expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'cache', upstream }] }), `pullThroughCacheRules[0].credentialSecretArn is required for upstream ${upstream.kind} (got undefined)`, 'ecr-pullthroughcache/');
    }
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'cache', upstream: PullThroughCacheUpstream.ecr('222222222222', 'us-east-1') }] }), 'pullThroughCacheRules[0].customRoleArn is required for an ECR upstream (got undefined)');
  });

  test('credentials are refused where they do not apply', () => {
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'k8s', upstream: PullThroughCacheUpstream.KUBERNETES, credentialSecretArn: SECRET }] }),
      'pullThroughCacheRules[0].credentialSecretArn is not accepted for upstream k8s',
      'pulled anonymously',
    );
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: SECRET, customRoleArn: `arn:aws:iam::${ACCOUNT}:role/x` }] }),
      'pullThroughCacheRules[0].customRoleArn is only accepted for ECR upstreams, not docker-hub',
    );
  });

  test('the secret must be named ecr-pullthroughcache/… and live in the registry account and Region', () => {
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:dockerhub-token-AbCdEf` }] }),
      'pullThroughCacheRules[0].credentialSecretArn names a secret whose name does not start with "ecr-pullthroughcache/"',
      'dockerhub-token-AbCdEf',
    );
    const message = propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: `arn:aws:secretsmanager:us-east-1:999999999999:secret:ecr-pullthroughcache/hub-AbCdEf` }] });
    expectMessage(message, "is in Region us-east-1, not the registry's Region eu-west-1", "is in account 999999999999, not the registry's account 111111111111");
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: 'docker-hub' }] }), 'credentialSecretArn is not a Secrets Manager secret ARN (got "docker-hub")');
  });

  test('an over-long secret ARN, a role in another account and a non-upstream are errors', () => {
    const long = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ecr-pullthroughcache/${'a'.repeat(600)}`;
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: long }] }), `credentialSecretArn must be 50-612 characters long, not ${long.length}`);
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'up', upstream: PullThroughCacheUpstream.ecr('222222222222', 'us-east-1'), customRoleArn: 'arn:aws:iam::999999999999:role/r' }] }),
      "pullThroughCacheRules[0].customRoleArn is in account 999999999999, not the registry's account 111111111111",
      'a role in the same account as the registry',
    );
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'hub', upstream: 'registry-1.docker.io' as unknown as PullThroughCacheUpstream }] }),
      'pullThroughCacheRules[0].upstream is not a PullThroughCacheUpstream (got "registry-1.docker.io")',
    );
  });

  test('prefix rules: 2-30 characters, the pattern, or ROOT', () => {
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'x', upstream: PullThroughCacheUpstream.QUAY }] }), 'pullThroughCacheRules[0].ecrRepositoryPrefix must be 2-30 characters long, not 1 (got "x"); 2 to 30 characters, or "ROOT"');
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'a'.repeat(31), upstream: PullThroughCacheUpstream.QUAY }] }), 'must be 2-30 characters long, not 31');
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'Docker_/', upstream: PullThroughCacheUpstream.QUAY }] }), 'ecrRepositoryPrefix does not match the repository prefix pattern (got "Docker_/")');
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'ROOT', upstream: PullThroughCacheUpstream.QUAY, upstreamRepositoryPrefix: 'team' }] }),
      'pullThroughCacheRules[0].upstreamRepositoryPrefix is only allowed when ecrRepositoryPrefix is not ROOT (got "team")',
    );
    const s = stack();
    new EcrRegistry(s, 'Registry', { pullThroughCacheRules: [{ ecrRepositoryPrefix: 'ROOT', upstream: PullThroughCacheUpstream.QUAY }, { ecrRepositoryPrefix: 'mirror/k8s/', upstream: PullThroughCacheUpstream.KUBERNETES }] });
    expect(Object.values(synth(s).resource.aws_ecr_pull_through_cache_rule).map((r: any) => r.ecr_repository_prefix)).toEqual(['ROOT', 'mirror/k8s/']);
  });

  test('duplicate prefixes and more than 50 rules are errors', () => {
    const rule = { ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY };
    expectMessage(propsError({ pullThroughCacheRules: [rule, rule] }), 'pullThroughCacheRules use the same ecrRepositoryPrefix more than once (got ["quay"])');
    const many = Array.from({ length: 51 }, (_, i) => ({ ecrRepositoryPrefix: `quay${i}`, upstream: PullThroughCacheUpstream.QUAY }));
    expectMessage(propsError({ pullThroughCacheRules: many }), 'pullThroughCacheRules has 51 rules (got 51); at most 50 pull-through cache rules per registry');
  });

  test('rules added later beyond 50 fail at synth', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry');
    for (let i = 0; i < 51; i++) registry.addPullThroughCacheRule({ ecrRepositoryPrefix: `quay${i}`, upstream: PullThroughCacheUpstream.QUAY });
    expect(() => synth(s)).toThrow(/pullThroughCacheRules has 51 rules/);
  });

  test('bad upstream factory values are errors', () => {
    expectMessage(propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'acr', upstream: PullThroughCacheUpstream.azure('my-registry!'), credentialSecretArn: SECRET }] }), 'pullThroughCacheRules[0].upstream is not an Azure Container Registry name (got "my-registry!")');
    expectMessage(
      propsError({ pullThroughCacheRules: [{ ecrRepositoryPrefix: 'up', upstream: PullThroughCacheUpstream.ecr('1', 'nowhere'), customRoleArn: `arn:aws:iam::${ACCOUNT}:role/r` }] }),
      'upstream has an upstream ECR account ID that is not 12 digits (got "1")',
      'upstream has an upstream ECR Region that is not a Region name (got "nowhere")',
    );
  });

  test.each(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'us-gov-east-1'])('pull-through cache rules in %s are an error', (region) => {
    const rule = { ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY };
    expect(errorOf(() => new EcrRegistry(stack(region), 'Registry', { pullThroughCacheRules: [rule] })).message).toBe(
      `stack/Registry: pullThroughCacheRules are not available in the China and AWS GovCloud (US) Regions, and this registry is in ${region} (got "${region}"); ` +
        'pull-through cache rules only in a registry of a commercial Region (aws partition); in this Region, mirror upstream images into your own repositories instead',
    );
    const viaRegionProp = new EcrRegistry(stack(), 'Registry', { region });
    expect(() => viaRegionProp.addPullThroughCacheRule(rule)).toThrow(`stack/Registry: pullThroughCacheRules[0] are not available in the China and AWS GovCloud (US) Regions, and this registry is in ${region} (got "${region}")`);
    // Other registry settings stay available there.
    expect(() => new EcrRegistry(stack(region), 'Registry', { scanning: { scanType: EcrScanType.BASIC } })).not.toThrow();
  });

  test('pull-through cache in a China Region is also caught at synth when the provider comes after the registry', () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    new EcrRegistry(s, 'Registry', { pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }] });
    new AwsProvider(s, 'aws', { region: 'cn-north-1' });
    expect(() => synth(s)).toThrow(/stack\/Registry: pullThroughCacheRules are not available in the China and AWS GovCloud \(US\) Regions, and this registry is in cn-north-1/);
  });

  test('grantPullThroughCache: a plain principal gets a registry policy statement on the cache repositories', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'docker-hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: SECRET }] });
    registry.grantPullThroughCache(AwsPrincipal.fromArn(`arn:aws:iam::${ACCOUNT}:role/nodes`));
    registry.addPullThroughCacheRule({ ecrRepositoryPrefix: 'k8s/', upstream: PullThroughCacheUpstream.KUBERNETES });
    registry.grantPullThroughCache(AwsPrincipal.account(ACCOUNT), { ecrRepositoryPrefix: 'k8s/' });
    const policy = JSON.parse(only(synth(s), 'aws_ecr_registry_policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'Statement1',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/nodes` },
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository', 'ecr:GetDownloadUrlForLayer'],
        Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/docker-hub/*`,
      },
      expect.objectContaining({ Sid: 'Statement2', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/k8s/*` }),
    ]);
  });

  test('grantPullThroughCache: a plain principal gets a warning about policy scope V1 unless policyScopeV2 is set', () => {
    const warningsOf = (c: EcrRegistry) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    const rules = [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }];
    const v1 = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: rules });
    v1.grantPullThroughCache(AwsPrincipal.account(ACCOUNT));
    expect(warningsOf(v1)).toEqual([
      `grantPullThroughCache(${ACCOUNT}) puts pull actions (ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) in the registry policy, which a registry on policy scope V1 ignores without an error ` +
        '(V1 honours only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository): set policyScopeV2: true, or grant to an EcrCiRole, whose identity policy carries the pull actions',
    ]);
    const v2 = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: rules, policyScopeV2: true });
    v2.grantPullThroughCache(AwsPrincipal.account(ACCOUNT));
    expect(warningsOf(v2)).toEqual([]);
    const withIdentity = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: rules });
    withIdentity.grantPullThroughCache({ grantPrincipal: AwsPrincipal.account(ACCOUNT), addToPrincipalPolicy: () => true });
    expect(warningsOf(withIdentity)).toEqual([]);
  });

  test('grantPullThroughCache: a grantee with an identity policy gets identity statements and the registry policy statement', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'ROOT', upstream: PullThroughCacheUpstream.ECR_PUBLIC }] });
    const added: IamStatement[] = [];
    registry.grantPullThroughCache({ grantPrincipal: AwsPrincipal.account(ACCOUNT), addToPrincipalPolicy: (st) => (added.push(st), true) });
    const actions = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'];
    expect(added).toEqual([
      { actions, resources: [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*`] },
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    ]);
    const policy = JSON.parse(only(synth(s), 'aws_ecr_registry_policy').policy);
    expect(policy.Statement).toEqual([
      { Sid: 'Statement1', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: [...actions].sort(), Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*` },
    ]);
  });

  test('grantPullThroughCache: a service principal needs a source condition', () => {
    const registry = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }] });
    expect(() => registry.grantPullThroughCache(AwsPrincipal.service('codebuild.amazonaws.com'))).toThrow(
      /^stack\/Registry: grantee is a service principal without a source condition.* \(got "codebuild\.amazonaws\.com"\); a source ARN and\/or account/,
    );
  });

  test('grantPullThroughCache: an unknown prefix, or no rule at all, is an error', () => {
    const registry = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }] });
    const grantee = AwsPrincipal.account(ACCOUNT);
    expect(() => registry.grantPullThroughCache(grantee, { ecrRepositoryPrefix: 'hub' })).toThrow('stack/Registry: ecrRepositoryPrefix names no pull-through cache rule of this registry (got "hub"); one of "quay"');
    const empty = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT });
    expect(() => empty.grantPullThroughCache(grantee)).toThrow(/pullThroughCacheRules is empty, so there is nothing to pull through/);
  });
});

describe('EcrRegistry: registry policy', () => {
  test('custom statements render, statements without resources cover every repository, late additions render', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry', {
      accountId: ACCOUNT,
      policyStatements: [{ sid: 'Org', principal: AwsPrincipal.organization('o-abcdefghij').policyPrincipal(), actions: ['ecr:BatchGetImage'], condition: AwsPrincipal.organization('o-abcdefghij').policyConditions() }],
    });
    registry.addToRegistryPolicy({ principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, actions: ['ecr:CreateRepository'], resources: [`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/*`] });
    const policy = JSON.parse(only(synth(s), 'aws_ecr_registry_policy').policy);
    expect(policy.Statement).toEqual([
      { Sid: 'Org', Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage'], Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } },
      { Sid: 'Statement2', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['ecr:CreateRepository'], Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/team/*` },
    ]);
  });

  test('statements without principal, with non-ECR actions or a bad effect are errors', () => {
    expectMessage(
      propsError({ policyStatements: [{ actions: ['s3:GetObject'], effect: 'Maybe' }] }),
      'policyStatements[0].actions includes something that is not an ECR action (got ["s3:GetObject"])',
      'policyStatements[0].principal is missing (got undefined)',
      'policyStatements[0].effect is not an effect (got "Maybe"); "Allow" or "Deny"',
    );
    const registry = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT });
    expect(() => registry.addToRegistryPolicy({ principal: '*', actions: [] })).toThrow(/^stack\/Registry: policyStatements\[0\]\.actions is empty/);
    expect(() => registry.addToRegistryPolicy({ sid: 'my-sid', principal: '*', actions: ['ecr:BatchGetImage'] })).toThrow('stack/Registry: policyStatements[0].sid is not a valid statement id (got "my-sid"); letters and digits only');
  });

  test('an Allow to "*" without a scoping condition is an error: it would make every repository public', () => {
    const message = propsError({ policyStatements: [{ principal: '*', actions: ['ecr:*'] }, { principal: { AWS: ['*'] }, actions: ['ecr:BatchGetImage'] }] });
    expectMessage(
      message,
      'policyStatements[0].principal allows every AWS principal ("*") without a condition that scopes it, which makes the repositories public (got {"principal":"*"})',
      'policyStatements[1].principal allows every AWS principal ("*")',
      /; a specific principal .*aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount or aws:SourceArn/,
    );
    const registry = new EcrRegistry(stack(), 'Registry', { accountId: ACCOUNT });
    expect(() => registry.addToRegistryPolicy({ principal: { AWS: '*' }, actions: ['ecr:BatchGetImage'] })).toThrow(/^stack\/Registry: policyStatements\[0\]\.principal allows every AWS principal/);
  });

  test('negated, IfExists, ForAllValues, Null or wildcard-only conditions do not scope "*"', () => {
    const conditions: IamConditions[] = [
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
      { StringEqualsIfExists: { 'aws:PrincipalAccount': ACCOUNT } },
      { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
      { Null: { 'aws:PrincipalOrgID': 'false' } },
      { StringLike: { 'aws:PrincipalAccount': '*' } },
      { StringEquals: { 'aws:username': 'alice' } },
    ];
    conditions.forEach((condition) => {
      expect(propsError({ policyStatements: [{ principal: '*', actions: ['ecr:BatchGetImage'], condition }] })).toMatch(/policyStatements\[0\]\.principal allows every AWS principal/);
    });
  });

  test('"*" scoped by org, account, source account or source ARN renders; a Deny to "*" needs no condition', () => {
    const s = stack();
    const scoped: IamStatement[] = [
      { principal: '*', actions: ['ecr:BatchGetImage'], condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } },
      { principal: { AWS: '*' }, actions: ['ecr:BatchGetImage'], condition: { StringEquals: { 'aws:PrincipalAccount': [ACCOUNT] } } },
      { principal: '*', actions: ['ecr:BatchGetImage'], condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
      { principal: '*', actions: ['ecr:BatchGetImage'], condition: { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:*` } } },
      { effect: 'Deny', principal: '*', actions: ['ecr:DeleteRepository'] },
    ];
    new EcrRegistry(s, 'Registry', { accountId: ACCOUNT, policyStatements: scoped });
    const statements = JSON.parse(only(synth(s), 'aws_ecr_registry_policy').policy).Statement;
    expect(statements.map((st: any) => st.Condition ?? st.Effect)).toEqual([...scoped.slice(0, 4).map((st) => st.condition), 'Deny']);
  });

  test('no statements, no registry policy resource', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    expect(synth(s).resource?.aws_ecr_registry_policy).toBeUndefined();
  });
});

describe('EcrRegistry: one per account and Region', () => {
  test('two registries for the default provider are an error that says so', () => {
    const s = stack();
    new EcrRegistry(s, 'First');
    expect(() => new EcrRegistry(s, 'Second')).toThrow(
      /^stack\/Second: provider already has an EcrRegistry for this account and Region at stack\/First \(got "stack\/aws, Region eu-west-1"\); one EcrRegistry per AWS account and Region in the app/,
    );
  });

  test('two registries for one explicit provider are an error', () => {
    const s = stack();
    const other = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' });
    new EcrRegistry(s, 'First', { provider: other });
    expect(() => new EcrRegistry(s, 'Second', { provider: other })).toThrow(/already has an EcrRegistry for this account and Region at stack\/First/);
  });

  test('a registry created before the provider is still checked at synth', () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    new EcrRegistry(s, 'First');
    new EcrRegistry(s, 'Second', { region: 'us-west-2' });
    new AwsProvider(s, 'aws', { region: 'us-west-2' });
    expect(() => synth(s)).toThrow(/stack\/Second: provider already has an EcrRegistry for this account and Region at stack\/First/);
  });

  test('different providers, or different Regions of one provider, are fine', () => {
    const s = stack();
    const other = new AwsProvider(s, 'west', { region: 'us-west-2', alias: 'west' });
    new EcrRegistry(s, 'Default');
    new EcrRegistry(s, 'West', { provider: other });
    new EcrRegistry(s, 'Frankfurt', { region: 'eu-central-1' });
    expect(() => synth(s)).not.toThrow();
  });

  test('registries in two stacks of one app with their own providers are fine', () => {
    const app: App = Testing.app();
    for (const id of ['a', 'b']) {
      const s = new TerraformStack(app, id);
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      new EcrRegistry(s, 'Registry');
    }
    expect(app.node.findAll().filter((c) => EcrRegistry.isEcrRegistry(c))).toHaveLength(2);
  });

  test('two stacks with their own providers for the same literal account and Region are an error', () => {
    const app: App = Testing.app();
    const stacks = ['a', 'b'].map((id) => {
      const s = new TerraformStack(app, id);
      new AwsProvider(s, 'aws', { region: 'eu-west-1' });
      return s;
    });
    new EcrRegistry(stacks[0], 'Registry', { accountId: ACCOUNT });
    expect(errorOf(() => new EcrRegistry(stacks[1], 'Registry', { accountId: ACCOUNT })).message).toBe(
      `b/Registry: provider already has an EcrRegistry for this account and Region at a/Registry (got "account ${ACCOUNT}, Region eu-west-1"); ` +
        'one EcrRegistry per AWS account and Region in the app, whatever stack or provider it is declared with: add every setting to that one',
    );
  });

  test('two providers of one stack for the same literal account and Region are an error; a resource-level region counts', () => {
    const s = stack();
    const alias = new AwsProvider(s, 'frankfurt', { region: 'eu-central-1', alias: 'frankfurt' });
    new EcrRegistry(s, 'ViaAlias', { provider: alias, accountId: ACCOUNT });
    expect(() => new EcrRegistry(s, 'ViaRegion', { region: 'eu-central-1', accountId: ACCOUNT })).toThrow(
      /^stack\/ViaRegion: provider already has an EcrRegistry for this account and Region at stack\/ViaAlias \(got "account 111111111111, Region eu-central-1"\)/,
    );
  });

  test('the literal key is checked again at synth (a provider declared after the registries)', () => {
    const app: App = Testing.app();
    const a = new TerraformStack(app, 'a');
    const b = new TerraformStack(app, 'b');
    new EcrRegistry(a, 'Registry', { accountId: ACCOUNT });
    new EcrRegistry(b, 'Registry', { accountId: ACCOUNT });
    new AwsProvider(a, 'aws', { region: 'eu-west-1' });
    new AwsProvider(b, 'aws', { region: 'eu-west-1' });
    expect(() => Testing.synth(b, true)).toThrow(/b\/Registry: provider already has an EcrRegistry for this account and Region at a\/Registry \(got "account 111111111111, Region eu-west-1"\)/);
  });

  test('same literal Region in other accounts, or a Region or account unknown at synth, fall back to the provider key', () => {
    const app: App = Testing.app();
    const regions = ['eu-west-1', 'eu-west-1', 'eu-west-1'];
    const made = regions.map((region, i) => {
      const s = new TerraformStack(app, `s${i}`);
      new AwsProvider(s, 'aws', { region });
      return s;
    });
    new EcrRegistry(made[0], 'Registry', { accountId: ACCOUNT });
    new EcrRegistry(made[1], 'Registry', { accountId: '222222222222' });
    new EcrRegistry(made[2], 'Registry');
    expect(app.node.findAll().filter((c) => EcrRegistry.isEcrRegistry(c))).toHaveLength(3);
    for (const s of made) expect(() => Testing.synth(s, true)).not.toThrow();
    // Same account, Region unknown at synth: not taken for s0's registry.
    const noRegion = new TerraformStack(app, 'noRegion');
    new EcrRegistry(noRegion, 'Registry', { accountId: ACCOUNT });
    expect(() => Testing.synth(noRegion, true)).not.toThrow();
    // Same account and literal Region as s0's, in another stack and provider: the same registry.
    const again = new TerraformStack(app, 'again');
    new AwsProvider(again, 'aws', { region: 'eu-west-1' });
    expect(() => new EcrRegistry(again, 'Registry', { accountId: ACCOUNT })).toThrow(/again\/Registry: provider already has an EcrRegistry for this account and Region at s0\/Registry/);
  });

  test('a bad region or account ID is an error', () => {
    expectMessage(errorOf(() => new EcrRegistry(stack(), 'Registry', { region: 'Europe', accountId: '42' })).message, 'region is not a Region name (got "Europe")', 'accountId is not an AWS account ID (got "42")');
  });
});

describe('EcrRegistry: resource-level region', () => {
  test('every resource carries the region when one is given', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', {
      region: 'eu-central-1',
      accountId: ACCOUNT,
      replicationRules: [{ destinations: [{ region: 'us-west-2' }] }],
      scanning: { scanType: EcrScanType.BASIC },
      pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }],
      policyStatements: [{ principal: '*', actions: ['ecr:BatchGetImage'], condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }],
    });
    const json = synth(s);
    for (const type of ['aws_ecr_replication_configuration', 'aws_ecr_registry_scanning_configuration', 'aws_ecr_pull_through_cache_rule', 'aws_ecr_registry_policy']) {
      expect(only(json, type).region).toBe('eu-central-1');
    }
    expect(JSON.parse(only(json, 'aws_ecr_registry_policy').policy).Statement[0].Resource).toBe(`arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/*`);
  });
});

describe('EcrRegistry: registry policy scope', () => {
  test('policyScopeV2 sets the REGISTRY_POLICY_SCOPE account setting', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry', { policyScopeV2: true });
    expect(only(synth(s), 'aws_ecr_account_setting')).toEqual({ name: 'REGISTRY_POLICY_SCOPE', value: 'V2' });
  });

  test('by default the scope is left alone', () => {
    const s = stack();
    new EcrRegistry(s, 'Registry');
    expect(synth(s).resource?.aws_ecr_account_setting).toBeUndefined();
  });
});

describe('EcrRegistry: new App({ skipValidation: true }) cannot write what validation refuses', () => {
  function skippingApp(region = 'eu-west-1'): { app: App; stack: TerraformStack } {
    const app = new App({ skipValidation: true, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skip-validation-')) });
    const s = new TerraformStack(app, 'stack');
    new AwsProvider(s, 'aws', { region });
    return { app, stack: s };
  }

  test('too many replication rules', () => {
    const { app, stack: s } = skippingApp();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    for (let i = 0; i < 11; i++) registry.addReplicationRule({ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: [`team${i}`] });
    expect(() => app.synth()).toThrow(/stack\/Registry: replicationRules has 11 rules \(got 11\); at most 10/);
  });

  test('too many replication rules, also when only the rendering runs (Testing.synth without validations)', () => {
    const s = stack();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    for (let i = 0; i < 11; i++) registry.addReplicationRule({ destinations: [{ region: 'us-west-2' }], repositoryPrefixes: [`team${i}`] });
    expect(() => Testing.synth(s, false)).toThrow(/stack\/Registry: replicationRules has 11 rules \(got 11\); at most 10/);
  });

  test('more than 25 unique replication destinations added later', () => {
    const { app, stack: s } = skippingApp();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    for (let i = 0; i < 2; i++) registry.addReplicationRule({ destinations: Array.from({ length: 13 }, (_, j) => ({ region: 'us-west-2', registryId: String(300000000000 + i * 13 + j) })) });
    expect(() => app.synth()).toThrow(/stack\/Registry: replicationRules has 26 unique destinations/);
  });

  test('more than 50 pull-through cache rules', () => {
    const { app, stack: s } = skippingApp();
    const registry = new EcrRegistry(s, 'Registry');
    for (let i = 0; i < 51; i++) registry.addPullThroughCacheRule({ ecrRepositoryPrefix: `quay${i}`, upstream: PullThroughCacheUpstream.QUAY });
    expect(() => app.synth()).toThrow(/stack\/Registry: pullThroughCacheRules has 51 rules/);
  });

  test('two creation templates for one prefix', () => {
    const { app, stack: s } = skippingApp();
    const registry = new EcrRegistry(s, 'Registry');
    registry.addCreationTemplate({ prefix: 'shop', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE] });
    registry.addCreationTemplate({ prefix: 'shop', appliedFor: [CreationTemplateAppliedFor.PULL_THROUGH_CACHE] });
    expect(() => app.synth()).toThrow(/stack\/Registry: creationTemplates use the same prefix more than once/);
  });

  test('pull-through cache in a China Region known only from a provider declared later', () => {
    const app = new App({ skipValidation: true, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'skip-validation-')) });
    const s = new TerraformStack(app, 'stack');
    const registry = new EcrRegistry(s, 'Registry');
    registry.addPullThroughCacheRule({ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY });
    new AwsProvider(s, 'aws', { region: 'cn-north-1' });
    expect(() => app.synth()).toThrow(/stack\/Registry: pullThroughCacheRules are not available in the China and AWS GovCloud \(US\) Regions/);
  });

  test('a valid registry still synthesizes with validation skipped', () => {
    const { app, stack: s } = skippingApp();
    const registry = new EcrRegistry(s, 'Registry', { accountId: ACCOUNT });
    registry.addReplicationRule({ destinations: [{ region: 'us-west-2' }] });
    expect(() => app.synth()).not.toThrow();
  });
});
