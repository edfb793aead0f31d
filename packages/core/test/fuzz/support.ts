/**
 * Shared settings of the fuzz tests: one seed per run (random by default, so each CI run explores
 * new inputs; `FUZZ_SEED=<n>` replays a run, and fast-check prints the seed and the shrunk
 * counterexample of any failure), a run count scaled by `FUZZ_SCALE` (default 1), and the
 * `fuzz <target> cases <n>` line the report quotes.
 */
import type fc from 'fast-check';

const fromEnv = Number(process.env.FUZZ_SEED);
export const SEED = Number.isSafeInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 0x7fffffff);
const scale = Number(process.env.FUZZ_SCALE ?? '1');
const SCALE = Number.isFinite(scale) && scale > 0 ? scale : 1;

/** `numRuns` scaled, at least 1. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * SCALE));
}

/** Counts the cases each target tried (generated and shrunk) and prints them once at the end. */
export class CaseCounter {
  readonly #counts = new Map<string, number>();

  /** Wraps a predicate so that every call counts as a case of `target`. */
  count<A extends unknown[], R>(target: string, predicate: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.#counts.set(target, (this.#counts.get(target) ?? 0) + 1);
      return predicate(...args);
    };
  }

  add(target: string, cases: number): void {
    this.#counts.set(target, (this.#counts.get(target) ?? 0) + cases);
  }

  report(): void {
    for (const [target, cases] of this.#counts) console.log(`fuzz ${target} cases ${cases}`);
  }
}

/** fc.assert parameters: this run's seed and `numRuns`, plus fixed regression examples. */
export function parameters<T>(numRuns: number, examples: NoInfer<T>[] = []): fc.Parameters<T> {
  return { seed: SEED, numRuns: runs(numRuns), examples };
}
