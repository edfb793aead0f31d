/**
 * Refusals for load rather than for the request itself: a rate limit (429 ThrottlingException),
 * the concurrency cap or a full replay cache (503 ServiceUnavailableException). Each carries
 * `Retry-After` in whole seconds (RFC 9110 §10.2.3); the edge writes it in the wire format of the
 * API asked (see send-limit-refusal.ts). The counters are for the metrics endpoint.
 */
import { AnchorageError } from '@anchorage/core/errors';

/** The rate limits, by what they count. */
export type BucketName =
  | 'createSessionPerSource'
  | 'createSessionPerAnchor'
  | 'apiPerAccessKey'
  | 'apiAuthFailuresPerSource';

export const BUCKET_NAMES: readonly BucketName[] = [
  'createSessionPerSource',
  'createSessionPerAnchor',
  'apiPerAccessKey',
  'apiAuthFailuresPerSource',
];

/** Requests refused by each rate limit since the process started. */
export const rateLimitRejections: Record<BucketName, number> = {
  createSessionPerSource: 0,
  createSessionPerAnchor: 0,
  apiPerAccessKey: 0,
  apiAuthFailuresPerSource: 0,
};

/** Requests refused by the other limits since the process started. */
export const limitRejections = {
  /** 503: more requests in flight than the cap. */
  concurrency: 0,
  /** 503: the replay cache was full of live entries. */
  replayCacheFull: 0,
  /** 403: a CreateSession request seen before (see session-admission.ts). */
  replayed: 0,
};

export class LimitRefusal extends AnchorageError {
  readonly retryAfterSeconds: number;

  constructor(
    code: 'ThrottlingException' | 'ServiceUnavailableException',
    message: string,
    retryAfterSeconds: number,
    reason: string,
  ) {
    super(code, message, { reason });
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }

  /** 429 for a rate limit, 503 for capacity. */
  get httpStatus(): number {
    return this.code === 'ThrottlingException' ? 429 : 503;
  }
}

export function throttled(bucket: BucketName, waitMs: number, key: string): LimitRefusal {
  rateLimitRejections[bucket] += 1;
  return new LimitRefusal(
    'ThrottlingException',
    'Rate exceeded',
    waitMs / 1000,
    `rate limit ${bucket} (${key})`,
  );
}

export function overloaded(inFlight: number): LimitRefusal {
  limitRejections.concurrency += 1;
  return new LimitRefusal(
    'ServiceUnavailableException',
    'The server is busy; retry later',
    1,
    `concurrency cap: ${inFlight} requests in flight`,
  );
}

export function replayCacheFull(waitMs: number, size: number): LimitRefusal {
  limitRejections.replayCacheFull += 1;
  return new LimitRefusal(
    'ServiceUnavailableException',
    'The server is busy; retry later',
    waitMs / 1000,
    `replay cache full: ${size} live entries`,
  );
}
