/**
 * Token buckets by key (a source address, a trust anchor, an access key id): each key's bucket
 * holds up to `burst` tokens and gains `ratePerSecond` per second; a request takes one. This is
 * the algorithm IAM and STS throttle with (AWS Security Blog, "How to monitor and query IAM
 * resources at scale – Part 2": "IAM and AWS STS independently implement a token bucket
 * algorithm for throttling").
 *
 * Memory is bounded: beyond `maxKeys` buckets, those that have filled up again are dropped (a
 * full bucket is the same as no bucket), then, if still too many, the least recently used.
 */
import type { RateRule } from './rate-rule.ts';

export interface TokenBuckets {
  /** Whether `key` has a whole token now, without taking it. */
  has(key: string, now: number): boolean;
  /** Takes a token if there is one: true when taken. */
  take(key: string, now: number): boolean;
  /** Milliseconds until `key` has a whole token again (0 when it has one). */
  waitMs(key: string, now: number): number;
  /** Buckets held (for tests and metrics). */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createTokenBuckets(rule: RateRule, maxKeys = 100_000): TokenBuckets {
  const perMs = rule.ratePerSecond / 1000;
  // Insertion order is recency: a bucket that is used is moved to the end.
  const buckets = new Map<string, Bucket>();

  const current = (key: string, now: number): Bucket => {
    const found = buckets.get(key);
    if (found === undefined) return { tokens: rule.burst, at: now };
    // A clock that steps back adds nothing (and takes nothing away).
    const elapsed = Math.max(0, now - found.at);
    return { tokens: Math.min(rule.burst, found.tokens + elapsed * perMs), at: Math.max(now, found.at) };
  };

  const store = (key: string, bucket: Bucket, now: number): void => {
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) evict(now);
  };

  const evict = (now: number): void => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + Math.max(0, now - bucket.at) * perMs >= rule.burst) buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    has: (key, now) => current(key, now).tokens >= 1,
    take(key, now) {
      const bucket = current(key, now);
      if (bucket.tokens < 1) return false;
      store(key, { tokens: bucket.tokens - 1, at: bucket.at }, now);
      return true;
    },
    waitMs(key, now) {
      const { tokens } = current(key, now);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs);
    },
    size: () => buckets.size,
  };
}
