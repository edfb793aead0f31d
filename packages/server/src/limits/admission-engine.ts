/**
 * One admission decision, in one synchronous step (so check-and-record is atomic wherever the
 * engine runs: in the only process, or in the cluster primary for all workers):
 *
 *   replayed? → room in the replay cache? → a token from every bucket named? → record the key
 *
 * Tokens are taken all or none, and only once the replay checks passed: a replay costs nobody a
 * token, and a throttled request leaves no replay entry, so its client's retry — which may carry
 * the very same signature (RSA PKCS#1 v1.5 signatures are deterministic) — is not taken for a replay.
 */
import type { BucketName } from './limit-refusal.ts';
import { isOff, type RateRule } from './rate-rule.ts';
import { createReplayCache, type ReplayCache } from './replay-cache.ts';
import { createTokenBuckets, type TokenBuckets } from './token-buckets.ts';

export interface AdmissionRequest {
  /** Tokens to take: one from each bucket, all or none. */
  readonly takes: readonly { readonly bucket: BucketName; readonly key: string }[];
  /** CreateSession: the request's replay key, and when its entry may be forgotten (epoch ms). */
  readonly replay?: { readonly key: string; readonly expiresAt: number };
}

/** Plain data: it crosses the cluster IPC channel as it is. */
export type AdmissionOutcome =
  | { readonly kind: 'admitted' }
  | { readonly kind: 'throttled'; readonly bucket: BucketName; readonly key: string; readonly waitMs: number }
  | { readonly kind: 'replayed' }
  | { readonly kind: 'full'; readonly waitMs: number; readonly size: number };

export interface AdmissionEngine {
  decide(request: AdmissionRequest, now: number): AdmissionOutcome;
  /** Forgets expired replay entries (run now and then, so memory follows the traffic). */
  sweep(now: number): number;
}

export function createAdmissionEngine(
  rules: Readonly<Partial<Record<BucketName, RateRule>>>,
  replayCacheSize: number,
): AdmissionEngine {
  const buckets = new Map<BucketName, TokenBuckets>();
  for (const [name, rule] of Object.entries(rules) as [BucketName, RateRule][]) {
    if (!isOff(rule)) buckets.set(name, createTokenBuckets(rule));
  }
  const replay: ReplayCache = createReplayCache(replayCacheSize);
  return {
    decide(request, now) {
      if (request.replay !== undefined) {
        if (replay.seen(request.replay.key, now)) return { kind: 'replayed' };
        const room = replay.room(now);
        if (room.kind === 'full') return room;
      }
      for (const { bucket, key } of request.takes) {
        const set = buckets.get(bucket);
        if (set !== undefined && !set.has(key, now)) {
          return { kind: 'throttled', bucket, key, waitMs: set.waitMs(key, now) };
        }
      }
      for (const { bucket, key } of request.takes) buckets.get(bucket)?.take(key, now);
      if (request.replay !== undefined) replay.record(request.replay.key, request.replay.expiresAt);
      return { kind: 'admitted' };
    },
    sweep: (now) => replay.sweep(now),
  };
}
