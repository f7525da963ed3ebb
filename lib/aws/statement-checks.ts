/** Checks shared by every resource policy we emit: an Allow to everyone needs a condition that scopes it. */

import { Violations } from '../core/errors';
import { IamStatement } from './iam';

/** Condition keys that bind a `"*"` principal to an organization, an account or a calling resource. */
const SCOPING_KEYS = ['aws:principalorgid', 'aws:principalaccount', 'aws:sourceaccount', 'aws:sourcearn'];

/** True when the `Principal` element names everyone: `"*"`, or `"*"` among its `AWS` entries. */
function isPublicPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/**
 * True when `condition` restricts the statement with one of SCOPING_KEYS. Negated operators (`StringNotEquals`),
 * `…IfExists` ones and `ForAllValues:` ones let a request without the key through, and a value of only
 * wildcards matches anything, so none of them counts.
 */
function hasScopingCondition(condition: IamStatement['condition']): boolean {
  if (!condition) return false;
  return Object.entries(condition).some(([operator, keys]) => {
    if (/Not|IfExists$|^Null$|^ForAllValues:/.test(operator) || typeof keys !== 'object' || keys === null) return false;
    return Object.entries(keys).some(([key, value]) => {
      if (!SCOPING_KEYS.includes(key.toLowerCase())) return false;
      const values = Array.isArray(value) ? value : [value];
      return values.length > 0 && values.every((x) => typeof x === 'string' && x.length > 0 && !/^[*?]+$/.test(x));
    });
  });
}

/**
 * Rejects an Allow statement whose principal is everyone unless a condition scopes it: without one, the
 * policy makes the repositories public to every AWS account. `property` is where the statement was given.
 */
export function checkNotPublic(statement: IamStatement, property: string): Violations {
  const v = new Violations();
  const allow = statement.effect === undefined || statement.effect === 'Allow';
  if (allow && isPublicPrincipal(statement.principal) && !hasScopingCondition(statement.condition)) {
    v.add(
      property,
      'allows every AWS principal ("*") without a condition that scopes it, which makes the repositories public',
      { principal: statement.principal, condition: statement.condition },
      'a specific principal (AwsPrincipal.fromArn/account/...), or "*" with a StringEquals/StringLike/ArnLike condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount or aws:SourceArn (e.g. AwsPrincipal.organization("o-...") renders one)',
    );
  }
  return v;
}
