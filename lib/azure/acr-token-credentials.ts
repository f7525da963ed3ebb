/** AcrTokenCredentials: an ACR token (scope map) and its password as a registry login, for the docker provider. */

import { IRegistryCredentials } from '../core/ci/registry-credentials';
import { ValidationError } from '../core/errors';
import type { IAcrRegistry } from './acr-registry';
import type { AcrToken } from './acr-token';

/**
 * Registry credentials from an AcrToken: the token's name and its first (or second) password, for the
 * registry's login server. ACR has no Terraform data source for an Entra-backed registry token, so a
 * repository-scoped token is the least-privilege login Terraform can hold. The password is stored in state
 * (cdktf 0.21 has no ephemeral resources); this class puts it in no output.
 */
export class AcrTokenCredentials implements IRegistryCredentials {
  /**
   * The login of `token` for `registry`. The token must be able to push: a scope map with
   * `content/write` on the image's repository, or a built-in push scope map.
   */
  public static of(registry: IAcrRegistry, token: AcrToken, passwordNumber: number = 1): AcrTokenCredentials {
    const problems = [];
    if (passwordNumber !== 1 && passwordNumber !== 2) problems.push({ property: 'passwordNumber', problem: 'is not a password of the token', value: passwordNumber, allowed: '1 or 2' });
    else if (passwordNumber === 2 && token.password2Output === undefined) problems.push({ property: 'passwordNumber', problem: 'is 2, but the token has no second password', value: passwordNumber, allowed: '1, or password2 on the AcrToken' });
    const builtIn = token.scopeMap === undefined ? String(token.token.scopeMapIdInput ?? '') : '';
    const pullOnlyBuiltIn = /_repositories_pull(_metadata_read)?$/.test(builtIn);
    if (pullOnlyBuiltIn || (token.actions.length > 0 && !token.actions.some((a) => a.endsWith('/content/write')))) {
      problems.push({ property: 'token', problem: 'cannot push: its scope map has no content/write action', value: pullOnlyBuiltIn ? builtIn : [...token.actions], allowed: 'an AcrToken with AcrRepositoryPermission.WRITE (or a built-in push scope map) on the image\'s repository' });
    }
    if (problems.length > 0) throw new ValidationError(token.node.path, problems);
    const password = passwordNumber === 1 ? token.password.password1.value : token.password.password2.value;
    return new AcrTokenCredentials(registry.loginServer, token.tokenName, password);
  }

  private constructor(
    /** The login server, `<name>.azurecr.io`. */
    public readonly address: string,
    /** The token's name. */
    public readonly username: string,
    /** The token's password (sensitive). */
    public readonly password: string,
  ) {}
}
