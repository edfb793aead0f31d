/**
 * Wildcard patterns as IAM uses them in Action, Resource, ArnLike and StringLike: `*` matches any
 * run of characters (also none), `?` exactly one. Characters are Unicode code points, so a `?`
 * never splits a surrogate pair, and a newline is an ordinary character (multi-line safe).
 *
 * The matcher is the iterative two-pointer algorithm: it remembers only the last `*` and retries
 * from there, which is correct for `*`/`?` patterns and takes at most O(pattern × text) steps,
 * never exponential time, whatever the policy author or the caller writes. No regular expression
 * is ever built from policy or request text.
 */

export const STAR = -1;
export const ANY_ONE = -2;

/** A compiled pattern: code points, with `STAR` and `ANY_ONE` for the wildcards. */
export type Pattern = readonly number[];

/** One piece of pattern source: `wild` text has active `*`/`?`; `literal` text matches itself only. */
export interface PatternPiece {
  readonly text: string;
  readonly wild: boolean;
}

export function compilePattern(pieces: readonly PatternPiece[], foldCase: boolean): Pattern {
  const codes: number[] = [];
  for (const piece of pieces) {
    const text = foldCase ? piece.text.toLowerCase() : piece.text;
    for (const char of text) {
      if (piece.wild && char === '*') {
        // Consecutive stars mean the same as one; collapsing them keeps the work small.
        if (codes[codes.length - 1] !== STAR) codes.push(STAR);
      } else if (piece.wild && char === '?') {
        codes.push(ANY_ONE);
      } else {
        codes.push(char.codePointAt(0) ?? 0);
      }
    }
  }
  return codes;
}

/** Compiles plain pattern text in which every `*` and `?` is a wildcard. */
export function wildPattern(text: string, foldCase = false): Pattern {
  return compilePattern([{ text, wild: true }], foldCase);
}

export function codePoints(text: string): number[] {
  const codes: number[] = [];
  for (const char of text) codes.push(char.codePointAt(0) ?? 0);
  return codes;
}

/** Counts the matcher's steps, so that tests can hold it to its bound of (text + 1) × (pattern + 1). */
export interface StepCounter {
  steps: number;
}

export function matchesPattern(pattern: Pattern, text: string, counter?: StepCounter): boolean {
  return matchesCodes(pattern, codePoints(text), counter);
}

export function matchesCodes(pattern: Pattern, value: readonly number[], counter?: StepCounter): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    if (counter !== undefined) counter.steps += 1;
    const code = pattern[p];
    if (code === STAR) {
      starP = p;
      starV = v;
      p += 1;
    } else if (code !== undefined && (code === ANY_ONE || code === value[v])) {
      p += 1;
      v += 1;
    } else if (starP >= 0) {
      // Let the last star absorb one more character and retry the rest of the pattern.
      p = starP + 1;
      starV += 1;
      v = starV;
    } else {
      return false;
    }
  }
  while (pattern[p] === STAR) p += 1;
  return p === pattern.length;
}
