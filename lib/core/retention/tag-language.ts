/**
 * Which combinations of `*` tag patterns one Docker tag can match at once, each with the shortest tag that does:
 * the exact language reasoning behind the dead-rule analysis (dead-rules.ts).
 *
 * A tag's *signature* over a list of patterns is the set of patterns it matches (whole-tag, `*` = any run of
 * characters, case-sensitive). `tagSignatures` finds every signature some valid Docker tag has
 * (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`), by a breadth-first walk of the product of the patterns' automata, so the
 * witness of each is a shortest tag and a signature only longer tags have (over 128 characters) is left out.
 */

/** One realisable signature. */
export interface TagSignature {
  /** Indexes (into the pattern list) of the patterns the witness matches, ascending. */
  readonly matches: readonly number[];
  /** A shortest valid tag with exactly this signature. */
  readonly witness: string;
}

/** Every character a Docker tag may hold; the first character may not be `.` or `-`. */
const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-';
const MAX_TAG_LENGTH = 128;
/** States explored before giving up: far above what real policies need (a few hundred). */
const MAX_STATES = 50_000;

/** One pattern as tokens: a literal character, or `*`. */
type Token = string;

/** The positions reachable after the epsilon moves of `*` (a `*` may match nothing). */
function closure(tokens: readonly Token[], positions: Set<number>): Set<number> {
  for (const p of [...positions]) {
    let q = p;
    while (q < tokens.length && tokens[q] === '*') positions.add(++q);
  }
  return positions;
}

/**
 * Every signature of a valid tag over `patterns`, or undefined when the patterns are too intricate to explore
 * within a fixed budget (callers then assume nothing). Always includes the signatures of tags matching none.
 */
export function tagSignatures(patterns: readonly string[]): TagSignature[] | undefined {
  const tokens = patterns.map((p) => [...p.replace(/\*+/g, '*')]);
  // Characters no pattern names behave alike except at the first position, so one of each kind stands for all.
  const named = new Set(tokens.flat().filter((c) => c !== '*'));
  const alphabet = [...TAG_CHARS].filter((c) => named.has(c));
  const otherFirst = [...TAG_CHARS.slice(0, 63)].find((c) => !named.has(c));
  const otherLater = ['.', '-'].find((c) => !named.has(c));
  if (otherFirst) alphabet.push(otherFirst);
  if (otherLater) alphabet.push(otherLater);

  type State = readonly (readonly number[])[];
  const key = (s: State) => s.map((ps) => ps.join(',')).join('|');
  const start: State = tokens.map((t) => [...closure(t, new Set([0]))].sort((a, b) => a - b));
  const step = (s: State, c: string): State =>
    s.map((ps, i) => {
      const t = tokens[i];
      const next = new Set<number>();
      for (const p of ps) {
        if (p >= t.length) continue;
        if (t[p] === '*') next.add(p);
        else if (t[p] === c) next.add(p + 1);
      }
      return [...closure(t, next)].sort((a, b) => a - b);
    });
  const signatureOf = (s: State) => s.map((ps, i) => (ps.includes(tokens[i].length) ? i : -1)).filter((i) => i >= 0);

  const found = new Map<string, TagSignature>();
  const seen = new Set<string>();
  let frontier: Array<{ state: State; text: string }> = [];
  for (const c of alphabet) {
    if (c === '.' || c === '-') continue;
    const state = step(start, c);
    const k = key(state);
    if (!seen.has(k)) {
      seen.add(k);
      frontier.push({ state, text: c });
    }
  }
  for (let length = 1; length <= MAX_TAG_LENGTH && frontier.length > 0; length++) {
    const next: typeof frontier = [];
    for (const { state, text } of frontier) {
      const matches = signatureOf(state);
      const sk = matches.join(',');
      if (!found.has(sk)) found.set(sk, { matches, witness: text });
      if (length === MAX_TAG_LENGTH) continue;
      for (const c of alphabet) {
        const n = step(state, c);
        const k = key(n);
        if (seen.has(k)) continue;
        seen.add(k);
        if (seen.size > MAX_STATES) return undefined;
        next.push({ state: n, text: text + c });
      }
    }
    frontier = next;
  }
  return [...found.values()];
}
