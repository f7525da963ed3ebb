/** RegistryGuardrails: applies a pack of rules to every registry resource of every stack, as cdktf annotations. */

import { AnnotationMetadataEntryType, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { GuardrailPack } from './packs';
import { ResourceIndex } from './resource-index';
import { GuardrailLevel, IGuardrailRule, ResourceView } from './rule';
import { GuardrailSuppressions, SuppressionInUse } from './suppressions';

/** One finding as reported. */
export interface GuardrailFinding {
  /** The rule id. */
  readonly ruleId: string;
  /** The level it was reported at. */
  readonly level: GuardrailLevel;
  /** The path of the construct the finding is annotated on. */
  readonly path: string;
  /** The Terraform address of the resource, e.g. `aws_ecr_repository.Checkout_Repository_1A2B3C4D`. */
  readonly address: string;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
  /** The suppression that silenced it, if one did. */
  readonly suppression?: SuppressionInUse;
}

/** Options of `RegistryGuardrails`. */
export interface RegistryGuardrailsOptions {
  /**
   * The packs to apply; a rule in several packs is checked once, at the most severe level any of them gives.
   * @default [GuardrailPack.RECOMMENDED]
   */
  readonly packs?: GuardrailPack[];
}

/**
 * The guardrails aspect. cdktf 0.21 runs aspects per stack only (an aspect added to the App is never run), so
 * use `RegistryGuardrails.applyTo(app)`, which adds it to every stack, or `Aspects.of(stack).add(...)` for one.
 */
export class RegistryGuardrails implements IAspect {
  /** Adds the guardrails to every stack below `scope` (usually the App) and returns them, for the report. */
  public static applyTo(scope: IConstruct, options: RegistryGuardrailsOptions = {}): RegistryGuardrails {
    const guardrails = new RegistryGuardrails(options);
    const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    for (const stack of stacks) Aspects.of(stack).add(guardrails);
    return guardrails;
  }

  private readonly rules: ReadonlyArray<{ readonly rule: IGuardrailRule; readonly level: GuardrailLevel }>;
  private readonly byType = new Map<string, Array<{ readonly rule: IGuardrailRule; readonly level: GuardrailLevel }>>();
  /** Findings by construct, so a repeated synth (Testing.synth, then app.synth) never annotates one twice. */
  private readonly reported = new WeakMap<IConstruct, Set<string>>();
  private readonly findingsByStack = new Map<string, GuardrailFinding[]>();

  constructor(options: RegistryGuardrailsOptions = {}) {
    const rank = { [GuardrailLevel.ERROR]: 3, [GuardrailLevel.WARNING]: 2, [GuardrailLevel.INFO]: 1 };
    const chosen = new Map<string, { rule: IGuardrailRule; level: GuardrailLevel }>();
    for (const pack of options.packs ?? [GuardrailPack.RECOMMENDED]) {
      for (const rule of pack.rules) {
        const level = pack.levelFor(rule);
        const prev = chosen.get(rule.id);
        if (!prev || rank[level] > rank[prev.level]) chosen.set(rule.id, { rule, level });
      }
    }
    this.rules = [...chosen.values()];
    for (const entry of this.rules) {
      for (const type of entry.rule.resourceTypes) {
        let list = this.byType.get(type);
        if (!list) this.byType.set(type, (list = []));
        list.push(entry);
      }
    }
  }

  /** The rule ids in force. */
  public get ruleIds(): string[] {
    return this.rules.map((r) => r.rule.id).sort();
  }

  /** Every finding of the last check of each stack, suppressed ones included (with their suppression). */
  public get findings(): GuardrailFinding[] {
    return [...this.findingsByStack.values()].flat();
  }

  /** The suppressions that silenced at least one finding, for audit. */
  public get suppressionsInUse(): Array<SuppressionInUse & { readonly path: string }> {
    return this.findings.filter((f) => f.suppression).map((f) => ({ ...f.suppression!, path: f.path }));
  }

  /** Checks a whole stack when cdktf visits it; other constructs are reached through the stack's index. */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const app = node.node.root;
    const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const index = new ResourceIndex(stacks);
    const findings: GuardrailFinding[] = [];
    for (const resource of index.ofTypes(node.node.id, this.byType.keys())) {
      for (const { rule, level } of this.byType.get(resource.type) ?? []) {
        for (const f of rule.check({ resource, index })) findings.push(this.report(rule, level, f.at ?? resource, f.problem, f.fix));
      }
    }
    this.findingsByStack.set(node.node.id, findings);
  }

  private report(rule: IGuardrailRule, level: GuardrailLevel, at: ResourceView, problem: string, fix: string): GuardrailFinding {
    const construct = at.construct;
    const suppression = GuardrailSuppressions.find(construct, rule.id);
    const finding: GuardrailFinding = { ruleId: rule.id, level, path: construct.node.path, address: at.address, problem, fix, suppression };
    const message = suppression
      ? `[${rule.id}] suppressed (${suppression.reason}, added at ${suppression.addedAt}): ${problem}`
      : `[${rule.id}] ${problem} (${at.address}). Fix: ${fix}`;
    let seen = this.reported.get(construct);
    if (!seen) this.reported.set(construct, (seen = new Set()));
    if (seen.has(message)) return finding;
    seen.add(message);
    // What Annotations.of(construct).addError/addWarning/addInfo write, without the stack trace they capture: it
    // would point into this aspect, not at the user's code, and capturing one per finding is most of a pack's cost.
    const type = suppression || level === GuardrailLevel.INFO ? AnnotationMetadataEntryType.INFO : level === GuardrailLevel.ERROR ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN;
    construct.node.addMetadata(type, message, { stackTrace: false });
    return finding;
  }
}
