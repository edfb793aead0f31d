/**
 * Failed sign-ins, counted per key (a source address, an access key id, a user name) in a sliding
 * window. A key with `max` failures inside the window is refused until the oldest of them leaves
 * it. Kept in memory per process: with several workers or servers each counts on its own, so
 * the effective limit is `max` per process (documented in the README). The map is bounded: past
 * `maxKeys` the least recently failed keys are forgotten first.
 */

export interface RateLimitRule {
  readonly max: number;
  readonly windowMs: number;
}

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Whether every key may try now; if not, how long until the first may. */
  check(keys: readonly string[], now: number): RateDecision;
  /** Counts a failure against every key. */
  fail(keys: readonly string[], now: number): void;
  /** Forgets the failures of these keys (a successful sign-in of that identity). */
  reset(keys: readonly string[]): void;
}

export function createRateLimiter(rules: (key: string) => RateLimitRule, maxKeys = 10_000): RateLimiter {
  // Insertion order doubles as recency: a key that fails again is moved to the end.
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const { windowMs } = rules(key);
    const kept = (failures.get(key) ?? []).filter((t) => t > now - windowMs);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    check(keys, now) {
      let wait = 0;
      for (const key of keys) {
        const { max, windowMs } = rules(key);
        const times = recent(key, now);
        if (times.length >= max) {
          const oldestThatCounts = times[times.length - max] ?? now;
          wait = Math.max(wait, oldestThatCounts + windowMs - now);
        }
      }
      return wait <= 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) };
    },
    fail(keys, now) {
      for (const key of keys) {
        const times = recent(key, now);
        failures.delete(key);
        failures.set(key, [...times, now].slice(-rules(key).max));
      }
      while (failures.size > maxKeys) {
        const oldest = failures.keys().next().value;
        if (oldest === undefined) break;
        failures.delete(oldest);
      }
    },
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
