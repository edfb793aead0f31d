/**
 * The in-memory replay cache: keys of accepted CreateSession requests, each until its expiry (the
 * request's date plus the clock-skew window, after which the request is refused as stale anyway).
 *
 * Bounded by `maxEntries`. When it is full of live entries a new request is refused (503) rather
 * than an old entry forgotten: forgetting would let whoever can fill the cache replay a captured
 * request. Entries are kept in 10-second expiry slots so that forgetting the expired ones touches
 * only those (and the current slot's), never the whole cache.
 */

export type ReplayVerdict =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'replayed' }
  | { readonly kind: 'full'; readonly waitMs: number; readonly size: number };

export interface ReplayCache {
  /** Whether `key` is held by a live entry at `now` (an entry lives while `expiresAt >= now`). */
  seen(key: string, now: number): boolean;
  /** Whether there is room for one more entry (after forgetting expired ones), and if not for how long. */
  room(now: number): ReplayVerdict;
  /** Records `key` until `expiresAt`; the caller checked `seen` and `room` in the same turn. */
  record(key: string, expiresAt: number): void;
  /** Forgets expired entries; resolves how many were forgotten. */
  sweep(now: number): number;
  size(): number;
}

const SLOT_MS = 10_000;

export function createReplayCache(maxEntries: number): ReplayCache {
  const expiries = new Map<string, number>();
  /** slot index → keys recorded with an expiry in that slot. */
  const slots = new Map<number, string[]>();

  const sweep = (now: number): number => {
    let forgotten = 0;
    for (const [slot, keys] of slots) {
      // Nothing in a slot that starts after now has expired yet.
      if (slot * SLOT_MS >= now) continue;
      const live = keys.filter((key) => {
        const expiresAt = expiries.get(key);
        // Forgotten already, or recorded again since (after it expired) into another slot.
        if (expiresAt === undefined || Math.floor(expiresAt / SLOT_MS) !== slot) return false;
        if (expiresAt >= now) return true;
        expiries.delete(key);
        forgotten += 1;
        return false;
      });
      if (live.length === 0) slots.delete(slot);
      else slots.set(slot, live);
    }
    return forgotten;
  };

  /** When the earliest live entry expires. */
  const earliestExpiry = (): number => {
    let earliest = Number.POSITIVE_INFINITY;
    const first = Math.min(...slots.keys());
    for (const key of slots.get(first) ?? []) earliest = Math.min(earliest, expiries.get(key) ?? earliest);
    return earliest;
  };

  return {
    seen(key, now) {
      const expiresAt = expiries.get(key);
      return expiresAt !== undefined && expiresAt >= now;
    },
    room(now) {
      if (expiries.size < maxEntries) return { kind: 'fresh' };
      sweep(now);
      if (expiries.size < maxEntries) return { kind: 'fresh' };
      return { kind: 'full', waitMs: Math.max(1000, earliestExpiry() + 1 - now), size: expiries.size };
    },
    record(key, expiresAt) {
      expiries.set(key, expiresAt);
      const slot = Math.floor(expiresAt / SLOT_MS);
      const keys = slots.get(slot);
      if (keys === undefined) slots.set(slot, [key]);
      else keys.push(key);
    },
    sweep,
    size: () => expiries.size,
  };
}
