/**
 * When an IAM resource-policy statement opens a resource to everyone: shared by the constructs that refuse such
 * statements and by the guardrails that report them in hand-written policies. No cdktf imports.
 */

/**
 * Condition keys that bind a `"*"` principal to an organization, an account, a calling resource or a network
 * origin (the keys Checkov's policy analysis, cloudsplaining, also honours).
 */
const SCOPING_KEYS = ['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip'];

/** True when a `Principal` element names everyone: `"*"`, or `"*"` among its `AWS` entries. */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** Keys whose values are ids: any wildcard in one (`o-*`) matches ids of strangers too. */
const ID_KEYS = ['aws:principalorgid', 'aws:principalaccount', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourcevpce', 'aws:sourcevpc'];

/** True for a value that does not narrow: a wildcard id, only wildcards, or an IP range of prefix length 0. */
function isWildcardValue(key: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0) return true;
  if (/^[*?]+$/.test(value)) return true;
  if (ID_KEYS.includes(key) && /[*?]/.test(value)) return true;
  return key === 'aws:sourceip' && /\/0$/.test(value);
}

/**
 * True when `condition` restricts the statement with one of the scoping keys. Negated operators (`StringNotEquals`),
 * `…IfExists` ones, `Null` and `ForAllValues:` ones let a request without the key through, and a value of only
 * wildcards (or `0.0.0.0/0`) matches anything, so none of them counts.
 */
export function hasScopingCondition(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition).some(([operator, keys]) => {
    if (/Not|IfExists$|^Null$|^ForAllValues:/.test(operator) || typeof keys !== 'object' || keys === null) return false;
    return Object.entries(keys).some(([key, value]) => {
      const k = key.toLowerCase();
      if (!SCOPING_KEYS.includes(k)) return false;
      const values = Array.isArray(value) ? value : [value];
      return values.length > 0 && values.every((x) => !isWildcardValue(k, x));
    });
  });
}

/** True when an Allow statement (Effect absent counts as Allow) grants to everyone without a scoping condition. */
export function isPublicStatement(effect: unknown, principal: unknown, condition: unknown): boolean {
  const allow = effect === undefined || effect === 'Allow';
  return allow && isPublicPrincipal(principal) && !hasScopingCondition(condition);
}
