/** Reads every resource of an app as it will be synthesized (overrides applied, tokens resolved), once per check. */

import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformProvider, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { IResourceIndex, ResourceView } from './rule';

type Json = { readonly [key: string]: unknown };

/** The resources and provider blocks of one stack. */
interface StackResources {
  readonly byType: Map<string, ResourceView[]>;
  /** Provider blocks by `type` (default) and `type.alias`. */
  readonly providers: Map<string, Json>;
}

/** Resolves a stack's elements lazily, so a rule that never looks at another stack never pays for it. */
export class ResourceIndex implements IResourceIndex {
  private readonly stacks = new Map<string, TerraformStack>();
  private readonly resolved = new Map<string, StackResources>();

  constructor(stacks: readonly TerraformStack[]) {
    for (const s of stacks) this.stacks.set(s.node.id, s);
  }

  /** Every resource of the given stack, in construct order. */
  public all(stackId: string): ResourceView[] {
    return [...this.stack(stackId).byType.values()].flat();
  }

  public inStack(stackId: string, type: string): readonly ResourceView[] {
    return this.stack(stackId).byType.get(type) ?? [];
  }

  public inApp(type: string): readonly ResourceView[] {
    return [...this.stacks.keys()].flatMap((id) => this.inStack(id, type));
  }

  public refersTo(value: unknown, target: ResourceView, literalAttribute?: string): boolean {
    if (typeof value !== 'string') return false;
    if (value.includes(`\${${target.address}.`) || value.includes(`\${${target.address}}`)) return true;
    if (literalAttribute === undefined) return false;
    const literal = target.config[literalAttribute];
    return typeof literal === 'string' && !literal.includes('${') && literal === value;
  }

  public providerOf(resource: ResourceView): Json | undefined {
    const providers = this.stack(resource.stackId).providers;
    const explicit = resource.config.provider;
    if (typeof explicit === 'string') return providers.get(explicit);
    return providers.get(resource.type.split('_')[0]);
  }

  private stack(stackId: string): StackResources {
    let r = this.resolved.get(stackId);
    if (!r) {
      const stack = this.stacks.get(stackId);
      r = stack ? resolveStack(stack) : { byType: new Map(), providers: new Map() };
      this.resolved.set(stackId, r);
    }
    return r;
  }
}

function resolveStack(stack: TerraformStack): StackResources {
  const byType = new Map<string, ResourceView[]>();
  const providers = new Map<string, Json>();
  const resolver = new DefaultTokenResolver(new StringConcat());
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformElement) || TerraformStack.isStack(c)) continue;
    const tf = Tokenization.resolve(c.toTerraform(), { scope: stack, preparing: false, resolver }) as { [kind: string]: { [type: string]: unknown } };
    if (c instanceof TerraformProvider) {
      for (const [type, list] of Object.entries(tf.provider ?? {})) {
        for (const p of Array.isArray(list) ? list : [list]) {
          const cfg = p as Json;
          const key = typeof cfg.alias === 'string' ? `${type}.${cfg.alias}` : type;
          providers.set(key, cfg);
          // Provider blocks are checked too (e.g. Harbor's `insecure`), as type `provider.<name>`.
          const t = `provider.${type}`;
          const view: ResourceView = { type: t, logicalId: key, address: `provider.${key}`, config: cfg, construct: c, stackId: stack.node.id };
          byType.set(t, [...(byType.get(t) ?? []), view]);
        }
      }
      continue;
    }
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, bodies] of Object.entries(tf[kind] ?? {})) {
        for (const [logicalId, config] of Object.entries(bodies as { [id: string]: Json })) {
          const t = kind === 'data' ? `data.${type}` : type;
          const view: ResourceView = { type: t, logicalId, address: `${t}.${logicalId}`, config, construct: c as IConstruct, stackId: stack.node.id };
          let list = byType.get(t);
          if (!list) byType.set(t, (list = []));
          list.push(view);
        }
      }
    }
  }
  return { byType, providers };
}
