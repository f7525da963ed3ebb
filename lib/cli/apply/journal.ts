/**
 * The append-only journal of `registry-lifecycle apply --journal FILE`: one JSON object per line, written before
 * and after each DELETE, so a killed run resumes without deleting twice and reports what the earlier runs did.
 */

import * as fs from 'fs';

/** One journal line. */
export type JournalEntry =
  | { readonly event: 'start'; readonly registry: string; readonly policySha256: string; readonly at: string; readonly execute: boolean }
  | { readonly event: 'intent'; readonly repository: string; readonly digest: string; readonly tags: readonly string[] }
  | { readonly event: 'deleted'; readonly repository: string; readonly digest: string; readonly outcome: 'deleted' | 'gone'; readonly at: string }
  | { readonly event: 'failed'; readonly repository: string; readonly digest: string; readonly error: string }
  | { readonly event: 'end'; readonly at: string; readonly deleted: number; readonly failed: number };

/** The journal does not belong to this run (another registry or policy), or cannot be read. */
export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

/** What earlier runs recorded. */
export interface JournalHistory {
  /** Runs started before this one. */
  readonly runs: number;
  /** `repository@digest` deleted by earlier runs, with their tags. */
  readonly deleted: Map<string, readonly string[]>;
  /** Deletes started but not confirmed (the run died, or the response was lost): resolved by listing again. */
  readonly unconfirmed: Map<string, readonly string[]>;
}

/** An open journal. */
export class Journal {
  private constructor(
    private readonly fd: number | undefined,
    /** What earlier runs recorded. */
    public readonly history: JournalHistory,
  ) {}

  /** A journal that records nothing (no --journal). */
  public static none(): Journal {
    return new Journal(undefined, { runs: 0, deleted: new Map(), unconfirmed: new Map() });
  }

  /**
   * Opens `file` for appending and reads what earlier runs recorded; throws JournalError when they ran against
   * another registry or policy. A torn last line (a run killed mid-write) is ignored.
   */
  public static open(file: string, registry: string, policySha256: string): Journal {
    const deleted = new Map<string, readonly string[]>();
    const unconfirmed = new Map<string, readonly string[]>();
    let runs = 0;
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new JournalError(`${file}: (journal) cannot be read (${(e as Error).message})`);
    }
    const lines = text.split('\n');
    lines.forEach((line, n) => {
      if (!line.trim()) return;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        if (n === lines.length - 1) return; // torn final line
        throw new JournalError(`${file}: (journal) line ${n + 1} is not JSON (got ${JSON.stringify(line.slice(0, 60))}); a journal written by registry-lifecycle apply`);
      }
      const key = 'digest' in entry ? `${entry.repository}@${entry.digest}` : '';
      if (entry.event === 'start') {
        runs++;
        if (entry.registry !== registry || entry.policySha256 !== policySha256) {
          throw new JournalError(
            `${file}: (journal) was written for ${entry.registry === registry ? 'another policy' : `registry ${entry.registry}`} (got ${entry.registry}, policy sha256 ${entry.policySha256.slice(0, 12)}); ` +
              `resume with the same --registry and policy file, or give a new --journal file`,
          );
        }
      } else if (entry.event === 'intent') unconfirmed.set(key, entry.tags);
      else if (entry.event === 'deleted') {
        deleted.set(key, unconfirmed.get(key) ?? []);
        unconfirmed.delete(key);
      } else if (entry.event === 'failed') unconfirmed.delete(key);
    });
    let fd: number;
    try {
      fd = fs.openSync(file, 'a');
    } catch (e) {
      throw new JournalError(`${file}: (journal) cannot be opened for appending (${(e as Error).message})`);
    }
    // A torn final line must not glue onto the next entry.
    if (text.length && !text.endsWith('\n')) fs.writeSync(fd, '\n');
    return new Journal(fd, { runs, deleted, unconfirmed });
  }

  /** Appends one entry (one write, so a line is whole or torn, never interleaved). */
  public write(entry: JournalEntry): void {
    if (this.fd === undefined) return;
    fs.writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  /** Closes the file. */
  public close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }
}
