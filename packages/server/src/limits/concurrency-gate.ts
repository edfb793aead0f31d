/**
 * A cap on the requests one process works on at once. Past it a request is answered 503 before
 * its body is read or anything is parsed, so a flood cannot make the process buffer unbounded
 * bodies or queue unbounded work: memory stays within cap × (headers + 1 MiB body).
 */

export interface ConcurrencyGate {
  /** Admits one request when under the cap; the caller must `leave()` once it is done. */
  tryEnter(): boolean;
  leave(): void;
  inFlight(): number;
}

/** `max` 0: no cap (requests are still counted). */
export function createConcurrencyGate(max: number): ConcurrencyGate {
  let count = 0;
  return {
    tryEnter() {
      if (max > 0 && count >= max) return false;
      count += 1;
      return true;
    },
    leave() {
      count = Math.max(0, count - 1);
    },
    inFlight: () => count,
  };
}
