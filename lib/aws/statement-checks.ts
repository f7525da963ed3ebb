/** Checks shared by every resource policy we emit: an Allow to everyone needs a condition that scopes it. */

import { Violations } from '../core/errors';
import { isPublicStatement } from '../core/iam-public';
import { IamStatement } from './iam';

/**
 * Rejects an Allow statement whose principal is everyone unless a condition scopes it: without one, the
 * policy makes the repositories public to every AWS account. `property` is where the statement was given.
 */
export function checkNotPublic(statement: IamStatement, property: string): Violations {
  const v = new Violations();
  if (isPublicStatement(statement.effect, statement.principal, statement.condition)) {
    v.add(
      property,
      'allows every AWS principal ("*") without a condition that scopes it, which makes the repositories public',
      { principal: statement.principal, condition: statement.condition },
      'a specific principal (AwsPrincipal.fromArn/account/...), or "*" with a StringEquals/StringLike/ArnLike condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount or aws:SourceArn (e.g. AwsPrincipal.organization("o-...") renders one)',
    );
  }
  return v;
}
