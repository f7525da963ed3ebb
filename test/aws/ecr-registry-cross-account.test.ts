import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { AwsPrincipal, EcrCiRole, EcrRegistry, PullThroughCacheUpstream } from '../../lib/aws';
import { validationMessageOf as messageOf } from '../support/errors';
import { onlyResource, synth } from '../helpers';

const REGISTRY_ACCOUNT = '111111111111';
const ROLE_ACCOUNT = '222222222222';
const ROLE_ARN = `arn:aws:iam::${ROLE_ACCOUNT}:role/ci`;
const CACHE_REPOSITORY = `arn:aws:ecr:eu-west-1:${REGISTRY_ACCOUNT}:repository/docker-hub/library/nginx`;
const SECRET = `arn:aws:secretsmanager:eu-west-1:${REGISTRY_ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`;

type Statement = { Effect: string; Action: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: unknown };
type Policy = { Statement: Statement[] };

/** IAM wildcard matching: `*` any run, `?` one character, case-sensitive except for actions. */
function glob(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '');
  return re.test(value);
}

const list = (x: string | string[] | undefined): string[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Whether a resource policy's `Principal` names the caller: its ARN, or the root of its account, or everyone. */
function namesPrincipal(principal: unknown, callerArn: string): boolean {
  if (principal === '*') return true;
  const aws = list((principal as { AWS?: string | string[] } | undefined)?.AWS);
  const account = callerArn.split(':')[4];
  return aws.some((p) => p === '*' || p === callerArn || p === `arn:aws:iam::${account}:root`);
}

/** The effect policies give a request: 'deny' on any matching Deny, else 'allow' on a matching Allow, else undefined. */
function decide(policies: Policy[], action: string, resource: string, callerArn?: string): 'allow' | 'deny' | undefined {
  let allowed = false;
  for (const s of policies.flatMap((p) => p.Statement)) {
    if (s.Condition !== undefined) continue; // No statement here carries one; a condition we cannot evaluate grants nothing.
    if (!list(s.Action).some((a) => glob(a, action, true))) continue;
    if (s.Resource !== undefined && !list(s.Resource).some((r) => glob(r, resource))) continue;
    if (callerArn !== undefined && !namesPrincipal(s.Principal, callerArn)) continue;
    if (s.Effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : undefined;
}

/**
 * The cross-account rule of IAM policy evaluation: a principal of one account acting on a resource of another is
 * allowed only when its identity policies allow the action and the resource's policy allows it for that principal.
 */
function crossAccountAllows(identity: Policy[], resourcePolicy: Policy[], callerArn: string, action: string, resource: string): boolean {
  return decide(identity, action, resource) === 'allow' && decide(resourcePolicy, action, resource, callerArn) === 'allow';
}

/** A registry in one account and a CI role created with a provider of another account, in one stack. */
function crossAccountStack(policyScopeV2: boolean): { stack: TerraformStack; registry: EcrRegistry; role: EcrCiRole } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const ci = new AwsProvider(stack, 'ci', { region: 'eu-west-1', alias: 'ci' });
  const registry = new EcrRegistry(stack, 'Registry', {
    accountId: REGISTRY_ACCOUNT,
    policyScopeV2,
    pullThroughCacheRules: [{ ecrRepositoryPrefix: 'docker-hub', upstream: PullThroughCacheUpstream.DOCKER_HUB, credentialSecretArn: SECRET }],
  });
  const role = new EcrCiRole(stack, 'Ci', { trustedPrincipals: [AwsPrincipal.account(ROLE_ACCOUNT)], roleName: 'ci', provider: ci });
  return { stack, registry, role };
}

/** The synthesized identity and registry policies, with the role's ARN token replaced by the role's literal ARN. */
function policiesOf(stack: TerraformStack): { identity: Policy; registry: Policy } {
  const json = JSON.stringify(synth(stack)).replace(/\$\{aws_iam_role\.[A-Za-z0-9_]+\.arn\}/g, ROLE_ARN);
  const parsed = JSON.parse(json);
  return { identity: JSON.parse(onlyResource(parsed, 'aws_iam_role_policy').policy), registry: JSON.parse(onlyResource(parsed, 'aws_ecr_registry_policy').policy) };
}

describe('grantPullThroughCache to a role of another account', () => {
  test('both sides hold: the role can pull through the cache, in an independent IAM evaluation', () => {
    const { stack, registry, role } = crossAccountStack(true);
    registry.grantPullThroughCache(role);
    const { identity, registry: registryPolicy } = policiesOf(stack);
    for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']) {
      expect(crossAccountAllows([identity], [registryPolicy], ROLE_ARN, action, CACHE_REPOSITORY)).toBe(true);
    }
    // Not beyond the grant: no push, no repository outside the cache prefix, no other principal.
    expect(crossAccountAllows([identity], [registryPolicy], ROLE_ARN, 'ecr:PutImage', CACHE_REPOSITORY)).toBe(false);
    expect(crossAccountAllows([identity], [registryPolicy], ROLE_ARN, 'ecr:BatchGetImage', `arn:aws:ecr:eu-west-1:${REGISTRY_ACCOUNT}:repository/team/app`)).toBe(false);
    expect(crossAccountAllows([identity], [registryPolicy], `arn:aws:iam::${ROLE_ACCOUNT}:role/other`, 'ecr:BatchGetImage', CACHE_REPOSITORY)).toBe(false);
    // The login token is identity-only.
    expect(decide([identity], 'ecr:GetAuthorizationToken', '*')).toBe('allow');
  });

  test('the evaluation is not vacuous: the identity side alone does not let the role pull', () => {
    const { stack, registry, role } = crossAccountStack(true);
    registry.grantPullThroughCache(role);
    const { identity } = policiesOf(stack);
    expect(decide([identity], 'ecr:BatchGetImage', CACHE_REPOSITORY)).toBe('allow');
    expect(crossAccountAllows([identity], [], ROLE_ARN, 'ecr:BatchGetImage', CACHE_REPOSITORY)).toBe(false);
  });

  test('on policy scope V1, a grantee created with another provider gets a warning; with policyScopeV2 none', () => {
    const warningsOf = (r: EcrRegistry) => r.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    const v1 = crossAccountStack(false);
    v1.registry.grantPullThroughCache(v1.role);
    expect(warningsOf(v1.registry)).toEqual([
      "grantPullThroughCache(stack/Ci): a grantee of another account also needs the registry policy's pull actions, which a registry on policy scope V1 ignores without an error; " +
        "set policyScopeV2: true, or ignore this if the grantee is in this registry's account (created with the same AWS provider, or with a literal ARN of this account)",
    ]);
    const v2 = crossAccountStack(true);
    v2.registry.grantPullThroughCache(v2.role);
    expect(warningsOf(v2.registry)).toEqual([]);
  });

  test('a role created with the registry\'s own provider is in its account: no warning on V1', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const registry = new EcrRegistry(stack, 'Registry', { accountId: REGISTRY_ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }] });
    registry.grantPullThroughCache(new EcrCiRole(stack, 'Ci', { trustedPrincipals: [AwsPrincipal.account(REGISTRY_ACCOUNT)] }));
    expect(registry.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('a role of another stack is refused with the supported pattern', () => {
    const app = Testing.app();
    const registryStack = new TerraformStack(app, 'registry');
    const ciStack = new TerraformStack(app, 'ci');
    new AwsProvider(registryStack, 'aws', { region: 'eu-west-1' });
    new AwsProvider(ciStack, 'aws', { region: 'eu-west-1' });
    const registry = new EcrRegistry(registryStack, 'Registry', { accountId: REGISTRY_ACCOUNT, pullThroughCacheRules: [{ ecrRepositoryPrefix: 'quay', upstream: PullThroughCacheUpstream.QUAY }] });
    const role = new EcrCiRole(ciStack, 'Ci', { trustedPrincipals: [AwsPrincipal.account(REGISTRY_ACCOUNT)] });
    expect(messageOf(() => registry.grantPullThroughCache(role))).toMatch(/^registry\/Registry: grantPullThroughCache\(grantee\) is ci\/Ci of stack ci, not of this stack registry/);
  });
});
