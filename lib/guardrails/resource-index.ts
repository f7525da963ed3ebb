/** Reads every resource of an app as it will be synthesized (overrides applied, tokens resolved), once per check. */

import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformElement, TerraformProvider, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { IResourceIndex, ResourceView } from './rule';

type Json = { readonly [key: string]: unknown };

/** The elements of one stack, grouped by type and resolved per type on first use. */
interface StackResources {
  /** Unresolved elements by the type they synthesize as (`provider.<name>` for provider blocks). */
  readonly pending: Map<string, TerraformElement[]>;
  readonly byType: Map<string, ResourceView[]>;
  /** Provider blocks by `type` (default) and `type.alias`, resolved up front (every rule may need them). */
  readonly providers: Map<string, Json>;
  readonly resolve: (v: unknown) => unknown;
  readonly stackId: string;
}

/** Resolves a stack's elements lazily, so a rule that never looks at another stack never pays for it. */
export class ResourceIndex implements IResourceIndex {
  private readonly stacks = new Map<string, TerraformStack>();
  private readonly resolved = new Map<string, StackResources>();
  /** By stack, type and attribute path: the resources keyed by each address they reference and each literal value. */
  private readonly references = new Map<string, Map<string, ResourceView[]>>();

  constructor(stacks: readonly TerraformStack[]) {
    for (const s of stacks) this.stacks.set(s.node.id, s);
  }

  /** Every resource of the given stack whose type is one of `types`. */
  public ofTypes(stackId: string, types: Iterable<string>): ResourceView[] {
    return [...types].flatMap((t) => this.inStack(stackId, t));
  }

  public inStack(stackId: string, type: string): readonly ResourceView[] {
    const st = this.stack(stackId);
    let views = st.byType.get(type);
    if (!views) {
      views = (st.pending.get(type) ?? []).flatMap((c) => viewsOf(c, st));
      st.byType.set(type, views);
    }
    return views;
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

  public pointingAt(target: ResourceView, type: string, attribute: string, literalAttribute?: string): readonly ResourceView[] {
    const cacheKey = `${target.stackId}|${type}|${attribute}`;
    let byKey = this.references.get(cacheKey);
    if (!byKey) {
      byKey = new Map();
      for (const r of this.inStack(target.stackId, type)) {
        for (const value of valuesAt(r.config, attribute.split('.'))) {
          if (typeof value !== 'string') continue;
          const keys = new Set<string>();
          for (const m of value.matchAll(REFERENCE)) keys.add(m[1]);
          if (!value.includes('${')) keys.add(`=${value}`);
          for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), r]);
        }
      }
      this.references.set(cacheKey, byKey);
    }
    const byAddress = byKey.get(target.address) ?? [];
    const literal = literalAttribute === undefined ? undefined : target.config[literalAttribute];
    const byLiteral = typeof literal === 'string' && !literal.includes('${') ? byKey.get(`=${literal}`) ?? [] : [];
    return byLiteral.length === 0 ? byAddress : [...new Set([...byAddress, ...byLiteral])];
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
      r = stack ? scanStack(stack) : { pending: new Map(), byType: new Map(), providers: new Map(), resolve: (v) => v, stackId };
      this.resolved.set(stackId, r);
    }
    return r;
  }
}

/** `${aws_ecr_repository.Repo.name}` names `aws_ecr_repository.Repo`; data sources keep their `data.` prefix. */
const REFERENCE = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)[.}\[]/g;

/** The values at a dotted path, descending through nested blocks (objects or lists of them). */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Json)[path[0]], path.slice(1));
}

/** cdktf's markers of an unresolved token in a string, and the floor of its token-encoded numbers. */
const TOKEN_MARKER = /\$\{TfToken\[|#\{TfToken\[/;
const NUMBER_TOKEN_FLOOR = -1.8881545897087e289;

/**
 * Resolves what `toTerraform()` returns as cdktf's synth would, handing only token-bearing values to
 * `Tokenization.resolve`: most of a resource is plain data, and resolving it whole costs as much as a second synth.
 */
export function resolveElement(value: unknown, resolve: (v: unknown) => unknown): unknown {
  if (typeof value === 'string') return TOKEN_MARKER.test(value) ? resolve(value) : value;
  if (typeof value === 'number') return value <= NUMBER_TOKEN_FLOOR ? resolve(value) : value;
  if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && v.startsWith('#{TfToken[')) ? resolve(value) : value.map((v) => resolveElement(v, resolve));
  if (typeof value !== 'object' || value === null) return value;
  if (Tokenization.isResolvable(value)) return resolve(value);
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolveElement(v, resolve);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

/** Groups a stack's elements by type without resolving them; resolves the provider blocks. */
function scanStack(stack: TerraformStack): StackResources {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (v: unknown): unknown => Tokenization.resolve(v, { scope: stack, preparing: false, resolver });
  const st: StackResources = { pending: new Map(), byType: new Map(), providers: new Map(), resolve, stackId: stack.node.id };
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformElement) || TerraformStack.isStack(c)) continue;
    const meta = c as unknown as { terraformResourceType?: string };
    if (typeof meta.terraformResourceType !== 'string') continue;
    const type = c instanceof TerraformProvider ? `provider.${meta.terraformResourceType}` : c instanceof TerraformDataSource ? `data.${meta.terraformResourceType}` : meta.terraformResourceType;
    st.pending.set(type, [...(st.pending.get(type) ?? []), c]);
  }
  for (const [type, elements] of st.pending) if (type.startsWith('provider.')) st.byType.set(type, elements.flatMap((c) => viewsOf(c, st)));
  return st;
}

/** The views one element synthesizes to (one, or none for an element that writes nothing). */
function viewsOf(c: TerraformElement, st: StackResources): ResourceView[] {
  const tf = resolveElement(c.toTerraform(), st.resolve) as { [kind: string]: { [type: string]: unknown } };
  const views: ResourceView[] = [];
  if (c instanceof TerraformProvider) {
    for (const [type, list] of Object.entries(tf.provider ?? {})) {
      for (const p of Array.isArray(list) ? list : [list]) {
        const cfg = p as Json;
        const key = typeof cfg.alias === 'string' ? `${type}.${cfg.alias}` : type;
        st.providers.set(key, cfg);
        views.push({ type: `provider.${type}`, logicalId: key, address: `provider.${key}`, config: cfg, construct: c, stackId: st.stackId });
      }
    }
    return views;
  }
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, bodies] of Object.entries(tf[kind] ?? {})) {
      for (const [logicalId, config] of Object.entries(bodies as { [id: string]: Json })) {
        const t = kind === 'data' ? `data.${type}` : type;
        views.push({ type: t, logicalId, address: `${t}.${logicalId}`, config, construct: c as IConstruct, stackId: st.stackId });
      }
    }
  }
  return views;
}
