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

// Literal require() calls, one per dialect, so bundlers and tsc see every path; each runs only when its dialect is used.
const MODULES: ReadonlyArray<{ name: string; path: string; exportName: string; require: () => Record<string, unknown> }> = [
  { name: 'ecr', path: 'lib/core/retention/ecr', exportName: 'ecrDialect', require: () => require('../core/retention/ecr') },
  { name: 'gar', path: 'lib/core/retention/gar', exportName: 'garDialect', require: () => require('../core/retention/gar') },
  { name: 'harbor', path: 'lib/core/retention/harbor', exportName: 'harborDialect', require: () => require('../core/retention/harbor') },
  { name: 'acr', path: 'lib/core/retention/acr', exportName: 'acrDialect', require: () => require('../core/retention/acr') },
  { name: 'neutral', path: 'lib/core/retention/neutral', exportName: 'neutralDialect', require: () => require('../core/retention/neutral') },
];

/** Every dialect of the CLI, in help order. */
export const DIALECTS: readonly DialectEntry[] = MODULES.map((m) => {
  let cached: DialectDefinition | undefined;
  return {
    name: m.name,
    load(): DialectDefinition {
      if (cached) return cached;
      let mod: Record<string, unknown>;
      try {
        mod = m.require();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        const missing = err && err.code === 'MODULE_NOT_FOUND';
        throw new DialectUnavailableError(m.name, missing ? `${m.path} is missing: ${firstLine(err.message)}` : `${m.path} failed to load: ${firstLine(String(err && err.message))}`);
      }
      const def = mod[m.exportName] as DialectDefinition | undefined;
      if (!def || typeof def.parsePolicy !== 'function' || typeof def.parseImages !== 'function' || typeof def.simulate !== 'function') {
        throw new DialectUnavailableError(m.name, `${m.path} does not export a DialectDefinition named ${m.exportName}`);
      }
      cached = def;
      return def;
    },
  };
});

function firstLine(text: string): string {
  return text.split('\n')[0];
}
