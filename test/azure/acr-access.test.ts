import {
  AcrBuiltInScopeMap,
  AcrCacheUpstream,
  AcrCiAccess,
  AcrCiIdentity,
  AcrCiIdentityProps,
  AcrCiSubject,
  AcrRegistry,
  AcrRepositoryPermission,
  AcrResourceGroup,
  AcrRole,
  AcrSku,
  DefenderForContainers,
  KeyVaultAccess,
} from '../../lib/azure';
import { validationMessageOf } from '../support/errors';
import { onlyResource, resourcesOf, synth } from '../helpers';
import { azureStack, REGISTRY_ID, warningsOf } from './helpers';

function withRegistry(sku: AcrSku = AcrSku.BASIC) {
  const stack = azureStack();
  const registry = new AcrRegistry(stack, 'R', { registryName: 'acmeprod01', location: 'westeurope', resourceGroup: AcrResourceGroup.existing('rg'), sku });
  return { stack, registry };
}

describe('tokens and scope maps', () => {
  test('a scope map of repository permissions, a token, and sensitive password outputs', () => {
    const { stack, registry } = withRegistry();
    const token = registry.addToken('Deployer', {
      tokenName: 'edge-deployer',
      repositories: [
        { repository: 'team/app', permissions: [AcrRepositoryPermission.CONTENT_READ, AcrRepositoryPermission.METADATA_READ, AcrRepositoryPermission.CONTENT_READ] },
        { repository: 'base/*', permissions: [AcrRepositoryPermission.CONTENT_READ] },
      ],
      password1: { expiry: '2027-06-30T00:00:00Z' },
      password2: {},
    });
    const json = synth(stack);
    expect(onlyResource(json, 'azurerm_container_registry_scope_map')).toMatchObject({
      name: 'edge-deployer-scope',
      resource_group_name: 'rg',
      actions: ['repositories/team/app/content/read', 'repositories/team/app/metadata/read', 'repositories/base/*/content/read'],
    });
    // The registry name is a reference, so the scope map and token are created after the registry.
    expect(onlyResource(json, 'azurerm_container_registry_scope_map').container_registry_name).toMatch(/^\$\{azurerm_container_registry\.\w+\.name\}$/);
    expect(onlyResource(json, 'azurerm_container_registry_token').container_registry_name).toMatch(/^\$\{azurerm_container_registry\.\w+\.name\}$/);
    const t = onlyResource(json, 'azurerm_container_registry_token');
    expect(t).toMatchObject({ name: 'edge-deployer', enabled: true });
    expect(t.scope_map_id).toMatch(/azurerm_container_registry_scope_map\.\w+\.id/);
    expect(onlyResource(json, 'azurerm_container_registry_token_password')).toMatchObject({ password1: { expiry: '2027-06-30T00:00:00Z' }, password2: {} });
    const outputs = Object.values(json.output!);
    expect(outputs).toHaveLength(2);
    for (const o of outputs) expect(o.sensitive).toBe(true);
    expect(outputs.map((o) => o.value)).toEqual([expect.stringMatching(/password1\[0\]\.value|password1\.value/), expect.stringMatching(/password2\[0\]\.value|password2\.value/)]);
    expect(token.actions).toHaveLength(3);
  });

  test('a built-in scope map needs no scope map resource', () => {
    const stack = azureStack();
    const shared = AcrRegistry.fromRegistryId(stack, 'Shared', REGISTRY_ID);
    shared.addToken('Puller', { tokenName: 'edge-puller', builtInScopeMap: AcrBuiltInScopeMap.PULL, enabled: false });
    const json = synth(stack);
    // Without an expiry the password block is still there (empty), as the provider requires.
    expect(onlyResource(json, 'azurerm_container_registry_token_password')).toEqual(expect.objectContaining({ password1: {} }));
    expect(onlyResource(json, 'azurerm_container_registry_token_password').password2).toBeUndefined();
    expect(resourcesOf(json, 'azurerm_container_registry_scope_map')).toEqual({});
    expect(onlyResource(json, 'azurerm_container_registry_token')).toMatchObject({ scope_map_id: `${REGISTRY_ID}/scopeMaps/_repositories_pull`, enabled: false, container_registry_name: 'sharedacr01', resource_group_name: 'shared' });
  });

  test('every invalid input at once', () => {
    const { registry } = withRegistry();
    const message = validationMessageOf(() =>
      registry.addToken('T', {
        tokenName: 'ci',
        scopeMapName: '_mine',
        repositories: [
          { repository: 'Team/App', permissions: [] },
          { repository: 'a/b', permissions: ['content/execute' as AcrRepositoryPermission] },
          { repository: 'a/b', permissions: [AcrRepositoryPermission.CONTENT_READ] },
        ],
        password1: { expiry: 'next year' },
        password2: { expiry: '2027-02-30' },
      }),
    );
    expect(message).toMatch(/password2.expiry is not an RFC 3339 time \(got "2027-02-30"\)/);
    expect(message).toMatch(/^test\/R\/T: tokenName is not a valid token name \(2 characters\) \(got "ci"\); 5-49 letters, digits and hyphens, starting with a letter/);
    expect(message).toMatch(/scopeMapName is not a valid scope map name \(5 characters\)/);
    expect(message).toMatch(/repositories\[0\].repository is not a repository name or namespace wildcard \(got "Team\/App"\)/);
    expect(message).toMatch(/repositories\[0\].permissions must not be empty/);
    expect(message).toMatch(/repositories\[1\].permissions\[0\] is not a repository permission \(got "content\/execute"\)/);
    expect(message).toMatch(/repositories\[2\].repository is listed twice/);
    expect(message).toMatch(/password1.expiry is not an RFC 3339 time \(got "next year"\)/);
  });

  test('repositories and a built-in map together, neither, an unknown built-in map, and too many actions', () => {
    const { registry } = withRegistry();
    expect(validationMessageOf(() => registry.addToken('A', { tokenName: 'token1', builtInScopeMap: AcrBuiltInScopeMap.PUSH, repositories: [{ repository: 'a', permissions: [AcrRepositoryPermission.CONTENT_READ] }] }))).toMatch(/repositories cannot be combined with builtInScopeMap/);
    expect(validationMessageOf(() => registry.addToken('B', { tokenName: 'token1' }))).toMatch(/repositories must not be empty/);
    expect(validationMessageOf(() => registry.addToken('C', { tokenName: 'token1', builtInScopeMap: '_everything' as AcrBuiltInScopeMap }))).toMatch(/builtInScopeMap is not a built-in scope map/);
    const many = Array.from({ length: 101 }, (_, i) => ({ repository: `r${i}`, permissions: Object.values(AcrRepositoryPermission) }));
    expect(validationMessageOf(() => registry.addToken('D', { tokenName: 'token1', repositories: many }))).toMatch(/repositories make 505 scope map actions/);
  });
});

const USER_SECRET = 'https://acme-kv.vault.azure.net/secrets/dockerhub-user';
const PASS_SECRET = 'https://acme-kv.vault.azure.net/secrets/dockerhub-token';
const VAULT = '/subscriptions/s1/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/acme-kv';

describe('pull-through cache', () => {
  test('Docker Hub with Key Vault credentials: credential set, RBAC secrets grant for its identity, rules after the grant', () => {
    const { stack, registry } = withRegistry();
    registry.addPullThroughCache('DockerHub', {
      upstream: AcrCacheUpstream.DOCKER_HUB,
      credentials: { usernameSecretId: USER_SECRET, passwordSecretId: PASS_SECRET, keyVaultAccess: KeyVaultAccess.rbac(VAULT) },
      rules: [
        { name: 'nginx', sourceRepository: 'library/nginx', targetRepository: 'dockerhub/nginx' },
        { name: 'bitnami-all', sourceRepository: 'bitnami/*', targetRepository: 'bitnami/*' },
      ],
    });
    const json = synth(stack);
    const set = onlyResource(json, 'azurerm_container_registry_credential_set');
    expect(set).toMatchObject({ name: 'docker-io', login_server: 'docker.io', identity: { type: 'SystemAssigned' }, authentication_credentials: { username_secret_id: USER_SECRET, password_secret_id: PASS_SECRET } });
    const grant = onlyResource(json, 'azurerm_role_assignment');
    expect(grant).toMatchObject({ scope: VAULT, role_definition_id: '/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6', principal_type: 'ServicePrincipal' });
    expect(grant.principal_id).toMatch(/azurerm_container_registry_credential_set\.\w+\.identity(\[0\])?\.principal_id/);
    const rules = Object.values(resourcesOf(json, 'azurerm_container_registry_cache_rule')) as any[];
    expect(rules.map((r) => [r.name, r.source_repo, r.target_repo]).sort()).toEqual([
      ['bitnami-all', 'docker.io/bitnami/*', 'bitnami/*'],
      ['nginx', 'docker.io/library/nginx', 'dockerhub/nginx'],
    ]);
    for (const r of rules) {
      expect(r.credential_set_id).toMatch(/azurerm_container_registry_credential_set\.\w+\.id/);
      expect(r.depends_on[0]).toMatch(/^azurerm_role_assignment\./);
    }
  });

  test('an access-policy vault gets Get on secrets', () => {
    const { stack, registry } = withRegistry();
    registry.addPullThroughCache('Ghcr', {
      upstream: AcrCacheUpstream.GHCR,
      credentialSetName: 'ghcr-creds',
      credentials: { usernameSecretId: USER_SECRET, passwordSecretId: PASS_SECRET, keyVaultAccess: KeyVaultAccess.accessPolicy(VAULT, '44444444-4444-4444-4444-444444444444') },
      rules: [{ name: 'tools', sourceRepository: 'acme/tools', targetRepository: 'ghcr/tools' }],
    });
    const json = synth(stack);
    expect(onlyResource(json, 'azurerm_key_vault_access_policy')).toMatchObject({ key_vault_id: VAULT, tenant_id: '44444444-4444-4444-4444-444444444444', secret_permissions: ['Get'] });
    expect(onlyResource(json, 'azurerm_container_registry_credential_set').name).toBe('ghcr-creds');
  });

  test('credentials managed elsewhere: no grant; anonymous Docker Hub warns; MCR does not', () => {
    const { stack, registry } = withRegistry();
    registry.addPullThroughCache('Quay', {
      upstream: AcrCacheUpstream.QUAY,
      credentials: { usernameSecretId: USER_SECRET, passwordSecretId: PASS_SECRET, keyVaultAccess: KeyVaultAccess.managedElsewhere() },
      rules: [{ name: 'prom1', sourceRepository: 'prometheus/prometheus', targetRepository: 'quay/prometheus' }],
    });
    registry.addPullThroughCache('Anon', { upstream: AcrCacheUpstream.DOCKER_HUB, rules: [{ name: 'redis', sourceRepository: 'library/redis', targetRepository: 'dockerhub/redis' }] });
    registry.addPullThroughCache('Mcr', { upstream: AcrCacheUpstream.MCR, rules: [{ name: 'dotnet', sourceRepository: 'dotnet/runtime', targetRepository: 'mcr/dotnet-runtime' }] });
    const json = synth(stack);
    expect(resourcesOf(json, 'azurerm_role_assignment')).toEqual({});
    expect(resourcesOf(json, 'azurerm_key_vault_access_policy')).toEqual({});
    const warnings = warningsOf(stack);
    expect(warnings.filter((w) => /Docker Hub is pulled anonymously/.test(w))).toHaveLength(1);
  });

  test('every invalid input at once', () => {
    const { registry } = withRegistry();
    const message = validationMessageOf(() =>
      registry.addPullThroughCache('Bad', {
        upstream: AcrCacheUpstream.DOCKER_HUB,
        credentialSetName: 'dh',
        credentials: { usernameSecretId: 'dockerhub-user', passwordSecretId: PASS_SECRET, keyVaultAccess: VAULT as any },
        rules: [
          { name: 'nginx', sourceRepository: 'nginx', targetRepository: 'dockerhub/nginx' },
          { name: 'nginx', sourceRepository: 'docker.io/library/redis', targetRepository: 'Dockerhub/Redis' },
          { name: 'x', sourceRepository: 'library/*', targetRepository: 'dockerhub/nginx' },
        ],
      }),
    );
    expect(message).toMatch(/credentialSetName is not a valid credential set name \(2 characters\)/);
    expect(message).toMatch(/credentials.usernameSecretId is not a Key Vault secret id \(got "dockerhub-user"\)/);
    expect(message).toMatch(/credentials.keyVaultAccess is not a KeyVaultAccess/);
    expect(message).toMatch(/rules\[0\].sourceRepository is a Docker Hub official image without its "library\/" namespace \(got "nginx"\); "library\/nginx"/);
    expect(message).toMatch(/rules\[1\].name is used twice/);
    expect(message).toMatch(/rules\[1\].sourceRepository starts with a registry host \(got "docker.io\/library\/redis"\); the path on the upstream only, e.g. "library\/redis"/);
    expect(message).toMatch(/rules\[1\].targetRepository is not a repository path/);
    expect(message).toMatch(/rules\[2\].name is not a valid cache rule name \(1 characters\)/);
    expect(message).toMatch(/rules\[2\].targetRepository is the target of another rule/);
    expect(message).toMatch(/rules\[2\].targetRepository must be a wildcard exactly when sourceRepository is one/);
  });

  test('a bad vault id in the credentials', () => {
    const { registry } = withRegistry();
    expect(
      validationMessageOf(() =>
        registry.addPullThroughCache('V', { upstream: AcrCacheUpstream.DOCKER_HUB, credentials: { usernameSecretId: USER_SECRET, passwordSecretId: PASS_SECRET, keyVaultAccess: KeyVaultAccess.rbac('acme-kv') }, rules: [{ name: 'nginx', sourceRepository: 'library/nginx', targetRepository: 'dockerhub/nginx' }] }),
      ),
    ).toMatch(/credentials.keyVaultAccess.keyVaultId is not a Key Vault resource id \(got "acme-kv"\)/);
  });

  test('no rules, a bad upstream, a non-upstream', () => {
    const { registry } = withRegistry();
    expect(validationMessageOf(() => registry.addPullThroughCache('A', { upstream: AcrCacheUpstream.MCR, rules: [] }))).toMatch(/rules must not be empty/);
    expect(validationMessageOf(() => registry.addPullThroughCache('B', { upstream: AcrCacheUpstream.of('https://example.com/x'), rules: [{ name: 'abcde', sourceRepository: 'a', targetRepository: 'b' }] }))).toMatch(
      /upstream has a login server that is not a host name \(got "https:\/\/example.com\/x"\)/,
    );
    expect(validationMessageOf(() => registry.addPullThroughCache('D', { upstream: AcrCacheUpstream.GHCR, rules: [{ name: 'abcde', sourceRepository: 'Acme/Tools', targetRepository: 'ghcr/tools' }] }))).toMatch(
      /rules\[0\].sourceRepository is not a repository path \(got "Acme\/Tools"\)/,
    );
    expect(validationMessageOf(() => registry.addPullThroughCache('C', { upstream: 'docker.io' as any, rules: [{ name: 'abcde', sourceRepository: 'a/b', targetRepository: 'b' }] }))).toMatch(/upstream is not an AcrCacheUpstream/);
  });
});

describe('DefenderForContainers', () => {
  test('Standard tier on Containers with the registry scanning extension, and a loud warning', () => {
    const stack = azureStack();
    new DefenderForContainers(stack, 'Defender', { acknowledgeSubscriptionWide: true, containerSensor: true });
    const res = onlyResource(synth(stack), 'azurerm_security_center_subscription_pricing');
    expect(res).toMatchObject({ tier: 'Standard', resource_type: 'Containers' });
    expect(res.extension).toEqual([{ name: 'ContainerRegistriesVulnerabilityAssessments' }, { name: 'ContainerSensor' }]);
    expect(warningsOf(stack).join('\n')).toMatch(/subscription-wide/);
  });

  test('refused without the acknowledgement, and with every extension off', () => {
    expect(validationMessageOf(() => new DefenderForContainers(azureStack(), 'D', { acknowledgeSubscriptionWide: false }))).toMatch(/acknowledgeSubscriptionWide must be true \(got false\)/);
    expect(validationMessageOf(() => new DefenderForContainers(azureStack(), 'D', { acknowledgeSubscriptionWide: true, registryVulnerabilityAssessment: false }))).toMatch(/registryVulnerabilityAssessment is false with every other extension off/);
  });

  test('a registry never creates the Defender plan', () => {
    const { stack } = withRegistry(AcrSku.PREMIUM);
    expect(resourcesOf(synth(stack), 'azurerm_security_center_subscription_pricing')).toEqual({});
  });
});

describe('AcrCiIdentity', () => {
  const BASE: AcrCiIdentityProps = { identityName: 'ci-push', resourceGroupName: 'rg', location: 'westeurope', subjects: [AcrCiSubject.githubBranch('acme/shop', 'main')] };

  test('a managed identity with one federated credential per subject; push on the registry', () => {
    const { stack, registry } = withRegistry();
    const ci = new AcrCiIdentity(stack, 'Ci', {
      ...BASE,
      access: AcrCiAccess.PUSH,
      registries: [registry],
      subjects: [AcrCiSubject.githubBranch('acme/shop', 'main'), AcrCiSubject.githubEnvironment('acme/shop', 'prod'), AcrCiSubject.githubTag('acme/shop', 'v1.0.0'), AcrCiSubject.gitlabBranch('acme/platform/shop', 'main')],
    });
    const json = synth(stack);
    expect(onlyResource(json, 'azurerm_user_assigned_identity')).toMatchObject({ name: 'ci-push', resource_group_name: 'rg', location: 'westeurope' });
    const creds = Object.values(resourcesOf(json, 'azurerm_federated_identity_credential')) as any[];
    expect(creds.map((c) => [c.issuer, c.subject, c.audience])).toEqual([
      ['https://token.actions.githubusercontent.com', 'repo:acme/shop:ref:refs/heads/main', ['api://AzureADTokenExchange']],
      ['https://token.actions.githubusercontent.com', 'repo:acme/shop:environment:prod', ['api://AzureADTokenExchange']],
      ['https://token.actions.githubusercontent.com', 'repo:acme/shop:ref:refs/tags/v1.0.0', ['api://AzureADTokenExchange']],
      ['https://gitlab.com', 'project_path:acme/platform/shop:ref_type:branch:ref:main', ['api://AzureADTokenExchange']],
    ]);
    for (const c of creds) expect(c.parent_id).toMatch(/azurerm_user_assigned_identity\.\w+\.id/);
    // Azure refuses concurrent credential writes on one identity: each credential waits for the one before.
    expect(creds[0].depends_on).toBeUndefined();
    const ids = Object.keys(resourcesOf(json, 'azurerm_federated_identity_credential'));
    for (let i = 1; i < creds.length; i++) expect(creds[i].depends_on).toEqual([`azurerm_federated_identity_credential.${ids[i - 1]}`]);
    const grant = onlyResource(json, 'azurerm_role_assignment');
    expect(grant.role_definition_id).toMatch(new RegExp(`${AcrRole.ACR_PUSH.guid}$`));
    expect(grant.principal_id).toMatch(/azurerm_user_assigned_identity\.\w+\.principal_id/);
    expect(grant.principal_type).toBe('ServicePrincipal');
    expect(ci.clientId).toMatch(/TfToken/);
  });

  test('pull by default; a pull-request identity may pull', () => {
    const { stack, registry } = withRegistry();
    new AcrCiIdentity(stack, 'Ci', { ...BASE, registries: [registry], subjects: [AcrCiSubject.githubPullRequest('acme/shop')] });
    expect(onlyResource(synth(stack), 'azurerm_role_assignment').role_definition_id).toMatch(new RegExp(`${AcrRole.ACR_PULL.guid}$`));
  });

  test('push with a pull-request subject is refused unless opted in, also when granted later', () => {
    const { stack, registry } = withRegistry();
    expect(validationMessageOf(() => new AcrCiIdentity(stack, 'A', { ...BASE, access: AcrCiAccess.PUSH, subjects: [AcrCiSubject.githubPullRequest('acme/shop')] }))).toMatch(
      /access may not get write access while pull-request jobs can sign in as the identity \(repo:acme\/shop:pull_request\)/,
    );
    const pr = new AcrCiIdentity(stack, 'B', { ...BASE, subjects: [AcrCiSubject.githubPullRequest('acme/shop')] });
    expect(validationMessageOf(() => registry.grantPush(pr))).toMatch(/^test\/R: grantee may not get write access while pull-request jobs/);
    expect(validationMessageOf(() => registry.grantDelete(pr))).toMatch(/grantee may not get write access/);
    expect(() => registry.grantPull(pr)).not.toThrow();
    const opted = new AcrCiIdentity(stack, 'C', { ...BASE, identityName: 'ci-pr', subjects: [AcrCiSubject.githubPullRequest('acme/shop')], access: AcrCiAccess.PUSH, allowUntrustedSubjects: true, registries: [registry] });
    expect(() => registry.grantPush(opted)).not.toThrow();
  });

  test('wildcards are refused: Entra matches subjects exactly', () => {
    const message = validationMessageOf(() => new AcrCiIdentity(azureStack(), 'Ci', { ...BASE, subjects: [AcrCiSubject.githubBranch('acme/shop', 'release/*'), AcrCiSubject.gitlabTag('acme/shop', 'v*')] }));
    expect(message).toMatch(/subjects\[0\].branch has a "\*" wildcard, which the credential would never match: Entra compares a federated credential's subject exactly.*claimsMatchingExpression, preview\) is not settable through azurerm \(got "release\/\*"\); one subject per branch, spelled out \(at most 20\)/);
    expect(message).toMatch(/subjects\[1\].tag has a "\*" wildcard/);
  });

  test('every other invalid input', () => {
    const message = validationMessageOf(
      () =>
        new AcrCiIdentity(azureStack(), 'Ci', {
          ...BASE,
          identityName: '-x',
          access: 'admin' as AcrCiAccess,
          subjects: [
            AcrCiSubject.githubBranch('acme', 'main'),
            AcrCiSubject.githubEnvironment('acme/shop', 'prod env'),
            AcrCiSubject.gitlabBranch('shop', 'ma:in', 'http://gitlab.local'),
            AcrCiSubject.githubBranch('acme/shop', 'main'),
            AcrCiSubject.githubBranch('acme/shop', 'main'),
            'repo:acme/shop:*' as any,
          ],
        }),
    );
    expect(message).toMatch(/identityName is not a valid identity name \(2 characters\)/);
    expect(message).toMatch(/access is not a CI access level \(got "admin"\)/);
    expect(message).toMatch(/subjects\[0\].repository is not a GitHub repository \(got "acme"\)/);
    expect(message).toMatch(/subjects\[1\].environment is not a valid environment name/);
    expect(message).toMatch(/subjects\[2\].projectPath is not a GitLab project path/);
    expect(message).toMatch(/subjects\[2\].branch is not a valid branch name/);
    expect(message).toMatch(/subjects\[2\].issuer is not an https URL/);
    expect(message).toMatch(/subjects\[4\] is listed twice/);
    expect(message).toMatch(/subjects\[5\] is not an AcrCiSubject/);
  });

  test('an identity name that is not a string', () => {
    expect(validationMessageOf(() => new AcrCiIdentity(azureStack(), 'Ci', { ...BASE, identityName: 7 as any }))).toMatch(/identityName is not a valid identity name \(got 7\)/);
  });

  test('no subjects, and more than 20', () => {
    expect(validationMessageOf(() => new AcrCiIdentity(azureStack(), 'Ci', { ...BASE, subjects: [] }))).toMatch(/subjects must not be empty/);
    const many = Array.from({ length: 21 }, (_, i) => AcrCiSubject.githubBranch('acme/shop', `b${i}`));
    expect(validationMessageOf(() => new AcrCiIdentity(azureStack(), 'Ci', { ...BASE, subjects: many }))).toMatch(/subjects has 21 subjects/);
  });

  test('a custom audience and a self-managed GitLab', () => {
    const stack = azureStack();
    new AcrCiIdentity(stack, 'Ci', { ...BASE, audience: 'https://gitlab.example.com', subjects: [AcrCiSubject.gitlabTag('acme/shop', 'v1', 'https://gitlab.example.com')] });
    expect(onlyResource(synth(stack), 'azurerm_federated_identity_credential')).toMatchObject({ issuer: 'https://gitlab.example.com', audience: ['https://gitlab.example.com'], name: 'gitlab-1' });
  });
});
