import type { PathValidationInput, PathValidationResult, PathValidationSuccess } from './validate-path.ts';

/**
 * A bounded in-memory cache of successful path validations, so that a workload refreshing its
 * credentials every few minutes does not pay for signature checks each time. Pure in the sense
 * of the core: no clock of its own (`now` is passed in), no I/O.
 *
 * - Only successes are stored: a refusal is cheap to recompute and must reflect fixes at once.
 * - An entry is never returned at or after its `validUntil` (the earliest notAfter on the path and
 *   nextUpdate of the current CRLs used), nor before the latest notBefore on its path (a request
 *   dated earlier than the one that filled the entry does not inherit its success).
 * - The key holds the anchor and CRL versions the caller passes: importing, enabling or disabling
 *   a CRL, or changing the anchor, makes a new key; the old entries age out.
 * - At most `maxEntries`; the least recently used entry goes first.
 */
export interface ValidationCache {
  get(key: string, now: number): PathValidationSuccess | undefined;
  /** Stores `result` if it is a success still valid at `now`; failures are ignored. */
  set(key: string, result: PathValidationResult, now: number): void;
  readonly size: number;
  /** Lookups by `get` since creation, for metrics. */
  stats(): { readonly hits: number; readonly misses: number };
}

interface Entry {
  readonly result: PathValidationSuccess;
  readonly validFrom: number;
}

export function createValidationCache(maxEntries: number): ValidationCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`a validation cache holds at least one entry, not ${maxEntries}`);
  }
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<string, Entry>();
  const counts = { lookups: 0, hits: 0 };
  return {
    get(key, now) {
      const entry = entries.get(key);
      counts.lookups += 1;
      if (entry === undefined) return undefined;
      if (now >= entry.result.validUntil) {
        entries.delete(key);
        return undefined;
      }
      if (now < entry.validFrom) return undefined;
      counts.hits += 1;
      entries.delete(key);
      entries.set(key, entry);
      return entry.result;
    },
    set(key, result, now) {
      if (!result.ok || now >= result.validUntil) return;
      const validFrom = Math.max(...result.path.map((certificate) => certificate.validity.notBefore));
      entries.delete(key);
      entries.set(key, { result, validFrom });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
    stats: () => ({ hits: counts.hits, misses: counts.lookups - counts.hits }),
  };
}

/**
 * The cache key of one validation: the SHA-256 fingerprints of the leaf and of the supplied
 * intermediates in the order given, and the versions of the anchor's certificates and of its
 * enabled CRLs as the caller counts them (e.g. the anchor's and the CRL set's update stamps).
 */
export function validationCacheKey(
  input: Pick<PathValidationInput, 'leaf' | 'intermediates'>,
  anchorsVersion: string,
  crlsVersion: string,
): string {
  const chain = input.intermediates.map((certificate) => certificate.fingerprintSha256).join(',');
  return JSON.stringify([input.leaf.fingerprintSha256, chain, anchorsVersion, crlsVersion]);
}
