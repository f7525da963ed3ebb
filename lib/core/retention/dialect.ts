/** What every registry dialect offers the simulators and the `registry-lifecycle` CLI. */

import { ImageRecord, SimulationResult } from './image';

/** Options every compiler from the neutral policy takes. */
export interface CompileOptions {
  /**
   * Accept a documented approximation where the registry cannot express an intent exactly (e.g. "older than
   * 90 days since push" for "not pulled for 90 days"); each one used is reported in the result's warnings.
   * @default false - an intent the registry cannot express exactly is an error
   */
  readonly allowApproximations?: boolean;
}

/**
 * One registry's dialect, as the CLI drives it: read a native policy file, read what the registry's own tool
 * prints for images, and simulate. Native policy values are the dialect's own types; the CLI passes them
 * through untouched.
 */
export interface DialectDefinition {
  /** The `--dialect` name: `ecr`, `gar`, `harbor`, `acr` or `neutral`. */
  readonly name: string;
  /** What `--policy` holds for this dialect, for help text. */
  readonly policyFormat: string;
  /** What `--images` holds for this dialect, for help text. */
  readonly imagesFormat: string;
  /**
   * True when the `--policy` file is not JSON (e.g. `acr purge` arguments): the CLI then passes the file's text,
   * trimmed of a trailing newline, to `parsePolicy` instead of parsed JSON.
   * @default false - the policy file is parsed as JSON first
   */
  readonly policyIsText?: boolean;
  /** Reads and validates a native policy (parsed JSON, or the raw text where the format is not JSON); throws ValidationError naming `source`. */
  parsePolicy(input: unknown, source: string): unknown;
  /** Reads the registry tool's image listing (parsed JSON); throws ValidationError naming `source` and the field. */
  parseImages(input: unknown, source: string): ImageRecord[];
  /**
   * Notes about a listing (parsed JSON) that make a preview incomplete, e.g. a pagination token; the CLI prints them
   * when the listing is read for another dialect or together with other listings (the dialect's own `simulate` does
   * otherwise).
   */
  listingNotes?(input: unknown): string[];
  /** Simulates a policy returned by `parsePolicy` at `now` (epoch ms). */
  simulate(policy: unknown, images: readonly ImageRecord[], now: number): SimulationResult;
  /**
   * The rules of a policy returned by `parsePolicy` that can never act, one line each (dead-rules.ts).
   * @default - the dialect reports none
   */
  deadRules?(policy: unknown): string[];
}
