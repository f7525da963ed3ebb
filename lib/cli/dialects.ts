/** The dialects `registry-lifecycle` knows, loaded on first use so one missing or broken dialect never stops the others. */

import { DialectDefinition } from '../core/retention/dialect';

/** One dialect the CLI can load: its `--dialect` name and how to get its definition. */
export interface DialectEntry {
  /** The `--dialect` name. */
  readonly name: string;
  /** Loads the module and returns its definition; throws when the module is missing or does not export one. */
  load(): DialectDefinition;
}

/** A dialect that could not be loaded, with the reason, so the CLI can say so instead of crashing. */
export class DialectUnavailableError extends Error {
  constructor(
    /** The `--dialect` name. */
    public readonly dialect: string,
    /** Why it could not be loaded. */
    public readonly reason: string,
  ) {
    super(`dialect "${dialect}" is not available in this build (${reason})`);
    this.name = 'DialectUnavailableError';
  }
}

/**
 * A dialect entry that loads its module on first use and checks it exports a DialectDefinition; any failure becomes a
 * DialectUnavailableError naming the module (`modulePath` is for messages only).
 */
export function lazyDialect(name: string, modulePath: string, exportName: string, requireModule: () => Record<string, unknown>): DialectEntry {
  let cached: DialectDefinition | undefined;
  return {
    name,
    load(): DialectDefinition {
      if (cached) return cached;
      let mod: Record<string, unknown>;
      try {
        mod = requireModule();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const missing = err && err.code === 'MODULE_NOT_FOUND';
        throw new DialectUnavailableError(name, missing ? `${modulePath} is missing: ${firstLine(err.message)}` : `${modulePath} failed to load: ${firstLine(String(err && err.message))}`);
      }
      const def = mod[exportName] as DialectDefinition | undefined;
      if (!def || typeof def.parsePolicy !== 'function' || typeof def.parseImages !== 'function' || typeof def.simulate !== 'function') {
        throw new DialectUnavailableError(name, `${modulePath} does not export a DialectDefinition named ${exportName}`);
      }
      cached = def;
      return def;
    },
  };
}

// Literal require() calls, one per dialect, so tsc and bundlers see every path; each runs only when its dialect is used.
/** Every dialect of the CLI, in help order. */
export const DIALECTS: readonly DialectEntry[] = [
  lazyDialect('ecr', 'lib/core/retention/ecr', 'ecrDialect', () => require('../core/retention/ecr')),
  lazyDialect('gar', 'lib/core/retention/gar', 'garDialect', () => require('../core/retention/gar')),
  lazyDialect('harbor', 'lib/core/retention/harbor', 'harborDialect', () => require('../core/retention/harbor')),
  lazyDialect('acr', 'lib/core/retention/acr', 'acrDialect', () => require('../core/retention/acr')),
  lazyDialect('neutral', 'lib/core/retention/neutral', 'neutralDialect', () => require('../core/retention/neutral')),
];

function firstLine(text: string): string {
  return text.split('\n')[0];
}
