/** Reads an IAM policy as a Terraform attribute holds it: a JSON string, or a reference to a policy-document data source. */

import { IResourceIndex, ResourceView, blocks } from '../../rule';

/** One statement in IAM's JSON shape. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly Condition?: unknown;
}

/** A policy read from an attribute: its statements, or why it could not be read. */
export interface ReadPolicy {
  readonly statements: readonly PolicyStatement[];
  /** Set when the policy is not known at synth (an unresolvable expression) or is not valid JSON. */
  readonly unreadable?: string;
}

const DOC_REF = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/;

/** Reads `value` (the `policy` attribute of a resource in `from`'s stack). */
export function readPolicy(value: unknown, from: ResourceView, index: IResourceIndex): ReadPolicy {
  if (typeof value !== 'string') return { statements: [], unreadable: 'the policy is not a string' };
  const ref = DOC_REF.exec(value);
  if (ref) {
    const doc = index.inStack(from.stackId, 'data.aws_iam_policy_document').find((d) => d.logicalId === ref[1]);
    if (!doc) return { statements: [], unreadable: `the policy refers to data.aws_iam_policy_document.${ref[1]}, which is not in the stack` };
    return { statements: blocks(doc.config, 'statement').map(fromDocumentBlock) };
  }
  // A policy whose values hold references (a role ARN made in the stack) is still JSON with known structure.
  try {
    const json = JSON.parse(value) as { Statement?: unknown };
    const list = Array.isArray(json.Statement) ? json.Statement : json.Statement === undefined ? [] : [json.Statement];
    return { statements: list.filter((s): s is PolicyStatement => typeof s === 'object' && s !== null) };
  } catch {
    return { statements: [], unreadable: value.includes('${') ? 'the policy is computed at apply' : 'the policy is not valid JSON' };
  }
}

/** A `statement` block of `aws_iam_policy_document` in IAM's JSON shape. */
function fromDocumentBlock(b: { readonly [key: string]: unknown }): PolicyStatement {
  const principal: Record<string, string[]> = {};
  for (const p of blocks(b, 'principals')) {
    const type = String(p.type);
    const ids = Array.isArray(p.identifiers) ? p.identifiers.map(String) : [];
    principal[type] = [...(principal[type] ?? []), ...ids];
  }
  const condition: Record<string, Record<string, unknown[]>> = {};
  for (const c of blocks(b, 'condition')) {
    const test = String(c.test);
    condition[test] = { ...(condition[test] ?? {}), [String(c.variable)]: Array.isArray(c.values) ? c.values : [] };
  }
  const anyone = principal['*']?.includes('*');
  return {
    Sid: typeof b.sid === 'string' ? b.sid : undefined,
    Effect: b.effect ?? 'Allow',
    Principal: anyone ? '*' : Object.keys(principal).length > 0 ? principal : undefined,
    Action: b.actions,
    Condition: Object.keys(condition).length > 0 ? condition : undefined,
  };
}

/** The actions of a statement as a list. */
export function actionsOf(s: PolicyStatement): string[] {
  return (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]).map(String);
}

/** The service principals of a statement (e.g. `lambda.amazonaws.com`). */
export function servicePrincipalsOf(s: PolicyStatement): string[] {
  const p = s.Principal;
  if (typeof p !== 'object' || p === null) return [];
  const svc = (p as Record<string, unknown>).Service;
  return (Array.isArray(svc) ? svc : svc === undefined ? [] : [svc]).map(String);
}
