/** Synthesizes an app and prints its annotations as `cdktf synth` does, for `npm run synth` (examples/main.ts). */

import * as fs from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App } from 'cdktf';

/** One annotation as cdktf writes it to the stack manifest (`cdktf.out/manifest.json`). */
export interface ManifestAnnotation {
  /** The construct that added it. */
  readonly constructPath: string;
  /** `@cdktf/info`, `@cdktf/warn` or `@cdktf/error`. */
  readonly level: string;
  /** The text. */
  readonly message: string;
  /** Where it was added (error annotations). */
  readonly stacktrace?: string[];
}

/** What printing the annotations found. */
export interface PrintedAnnotations {
  /** The lines, in manifest order, without colour. */
  readonly lines: string[];
  /** How many error annotations there were. */
  readonly errors: number;
  /** How many warnings there were. */
  readonly warnings: number;
}

const LEVEL_NAMES: Record<string, string> = {
  [AnnotationMetadataEntryType.INFO]: 'INFO',
  [AnnotationMetadataEntryType.WARN]: 'WARN',
  [AnnotationMetadataEntryType.ERROR]: 'ERROR',
};

/**
 * The lines `cdktf synth` prints for the annotations of a synthesized app (cdktf-cli 0.21,
 * `@cdktf/cli-core` `printAnnotations`): `WARN [<construct path>]: <message>`, `ERROR [...]: ...` followed by
 * its stack trace, `INFO [...]: ...`, stack by stack in the manifest's order.
 */
export function formatAnnotations(manifest: { stacks?: Record<string, { annotations?: ManifestAnnotation[] }> }): PrintedAnnotations {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const stack of Object.values(manifest.stacks ?? {})) {
    for (const a of stack.annotations ?? []) {
      if (a.level === AnnotationMetadataEntryType.ERROR) errors++;
      if (a.level === AnnotationMetadataEntryType.WARN) warnings++;
      lines.push(`${LEVEL_NAMES[a.level] ?? a.level} [${a.constructPath}]: ${a.message}`);
      if (a.level === AnnotationMetadataEntryType.ERROR && a.stacktrace) lines.push(...a.stacktrace);
    }
  }
  return { lines, errors, warnings };
}

/** The colour `cdktf synth` gives a line: orange warnings, bright red errors (only on a terminal). */
function colour(line: string): string {
  if (line.startsWith('WARN [')) return `\u001b[38;5;214m${line}\u001b[39m`;
  if (line.startsWith('ERROR [')) return `\u001b[91m${line}\u001b[39m`;
  return line;
}

/**
 * Synthesizes `app` the way `cdktf synth` runs an app: error annotations do not stop the synthesis, so that
 * every annotation of every stack is printed; then returns the exit code (1 when there was an error
 * annotation or the synthesis failed). `app` must be built after `prepareSynth()` was called.
 */
export function synthAndPrint(app: App, out: (line: string) => void = (l) => console.log(process.stdout.isTTY ? colour(l) : l), err: (line: string) => void = (l) => console.error(l)): number {
  try {
    app.synth();
  } catch (e) {
    // Invalid input: a ValidationError lists one `<path>: <property> …` line per violation.
    err(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  const printed = formatAnnotations(manifest);
  printed.lines.forEach((l) => out(l));
  if (printed.errors > 0) {
    err('Error: While synthesizing one or more error annotations have been encountered. Please check the log output above.');
    return 1;
  }
  return 0;
}

/**
 * Lets stacks created afterwards record error annotations instead of throwing at the first one, as
 * `cdktf synth` does (it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app it runs).
 */
export function prepareSynth(): void {
  process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS ??= 'true';
}
