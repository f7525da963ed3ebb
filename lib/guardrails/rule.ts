/** The shape of a guardrail rule and of what it reads: one synthesized resource, and the index of the app's resources. */

import { IConstruct } from 'constructs';

/** How a finding is reported: an error fails synth, a warning is printed, an info is only recorded. */
export enum GuardrailLevel {
  /** Fails `cdktf synth` (a cdktf error annotation). */
  ERROR = 'error',
  /** Printed by `cdktf synth` (a cdktf warning annotation). */
  WARNING = 'warning',
  /** Recorded as an info annotation. */
  INFO = 'info',
}

/** One Terraform resource (or data source, or provider block) as it will be written to `cdk.tf.json`. */
export interface ResourceView {
  /** The Terraform type, e.g. `aws_ecr_repository`. */
  readonly type: string;
  /** The logical id in the stack, e.g. `Checkout_Repository_1A2B3C4D`. */
  readonly logicalId: string;
  /** How other resources reference it: `aws_ecr_repository.Checkout_Repository_1A2B3C4D`. */
  readonly address: string;
  /** The final configuration: escape-hatch overrides applied, tokens resolved to `${...}` expressions. */
  readonly config: { readonly [key: string]: unknown };
  /** The construct that owns it: findings are annotated there. */
  readonly construct: IConstruct;
  /** The id of the stack it belongs to. */
  readonly stackId: string;
}

/** One problem a rule found on a resource. */
export interface RuleFinding {
  /** What is wrong, in one sentence that names the value. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * Where to report it when not on the resource being checked (e.g. the registry-level resource that defeats
   * a repository's setting).
   * @default - the resource being checked
   */
  readonly at?: ResourceView;
}

/** What a rule gets to read: the resource and every other resource of the app. */
export interface IRuleContext {
  /** The resource being checked. */
  readonly resource: ResourceView;
  /** Every resource of the stack and of the app, for relations between them. */
  readonly index: IResourceIndex;
}

/** Look-ups over the resources of an app, built once per synth. */
export interface IResourceIndex {
  /** Every resource of a Terraform type in the given stack. */
  inStack(stackId: string, type: string): readonly ResourceView[];
  /** Every resource of a Terraform type in any stack of the app. */
  inApp(type: string): readonly ResourceView[];
  /**
   * True when `value` refers to `target` (a `${type.id.attr}` expression naming it) or, for literal values,
   * equals the target's `literalAttribute` (e.g. a repository referenced by its literal name).
   */
  refersTo(value: unknown, target: ResourceView, literalAttribute?: string): boolean;
  /**
   * The resources of `type` in the target's stack whose `attribute` refers to `target` (a `${type.id.attr}`
   * expression naming it) or, for literal values, equals the target's `literalAttribute`. `attribute` is a dotted
   * path through nested blocks, e.g. `private_service_connection.private_connection_resource_id`. Indexed once per
   * type and attribute, so asking for every target costs one pass.
   */
  pointingAt(target: ResourceView, type: string, attribute: string, literalAttribute?: string): readonly ResourceView[];
  /** The provider block a resource uses (its `provider` meta-argument, or the default one of its stack). */
  providerOf(resource: ResourceView): { readonly [key: string]: unknown } | undefined;
}

/**
 * A guardrail rule: a small pure check with an id, a statement of intent, the official sources it rests on and a
 * level. `check` returns nothing when the resource complies.
 */
export interface IGuardrailRule {
  /** The rule id, e.g. `ECR.ScanOnPush`; the file that holds the rule has the same name. */
  readonly id: string;
  /** What the rule wants, in one sentence. */
  readonly intent: string;
  /** The official sources (Security Hub control, Azure Policy definition, CIS item, Google control). */
  readonly sources: readonly string[];
  /** How findings are reported by default. */
  readonly level: GuardrailLevel;
  /** The Terraform types the rule checks. */
  readonly resourceTypes: readonly string[];
  /** The findings for one resource of one of `resourceTypes`. */
  check(context: IRuleContext): readonly RuleFinding[];
}

/** Reads a nested block that Terraform JSON writes as an object or a one-element list. */
export function block(config: { readonly [key: string]: unknown }, key: string): { readonly [key: string]: unknown } | undefined {
  const value = config[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as { [key: string]: unknown }) : undefined;
}

/** Reads a list of nested blocks (absent: empty). */
export function blocks(config: { readonly [key: string]: unknown }, key: string): ReadonlyArray<{ readonly [key: string]: unknown }> {
  const value = config[key];
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((x): x is { [key: string]: unknown } => typeof x === 'object' && x !== null);
}

/** True when a value is a Terraform expression (`${...}`), known only at plan or apply. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
