/**
 * The freshness check of SigV4: a request dated more than the tolerated skew (5 minutes by
 * default) before or after the server's clock is refused, which bounds how long a captured
 * request can be replayed. Messages and date formats are AWS's.
 */
import { formatAmzDate } from './amz-date.ts';
import { DEFAULT_MAX_SKEW_MS } from './limits.ts';
import type { RequestDate } from './request-date.ts';
import { invalidSignature } from './sigv4-errors.ts';

function describeWindow(ms: number): string {
  const minutes = ms / 60_000;
  return Number.isInteger(minutes) ? `${minutes} min.` : `${ms / 1000} sec.`;
}

function refuseIfNotYetCurrent(date: RequestDate, now: number, maxSkewMs: number): void {
  if (date.epochMs > now + maxSkewMs) {
    throw invalidSignature(
      `Signature not yet current: ${date.amzDate} is still later than ${formatAmzDate(now + maxSkewMs)} ` +
        `(${formatAmzDate(now)} + ${describeWindow(maxSkewMs)})`,
      `request dated ${date.amzDate}, ${date.epochMs - now} ms after the server clock`,
    );
  }
}

function refuseIfOlderThan(date: RequestDate, now: number, validMs: number): void {
  if (date.epochMs < now - validMs) {
    throw invalidSignature(
      `Signature expired: ${date.amzDate} is now earlier than ${formatAmzDate(now - validMs)} ` +
        `(${formatAmzDate(now)} - ${describeWindow(validMs)})`,
      `request dated ${date.amzDate}, ${now - date.epochMs} ms before the server clock (limit ${validMs} ms)`,
    );
  }
}

/** Accepts a request dated within `[now - maxSkewMs, now + maxSkewMs]` (both ends included). */
export function checkClockSkew(
  date: RequestDate,
  now: number,
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): void {
  refuseIfOlderThan(date, now, maxSkewMs);
  refuseIfNotYetCurrent(date, now, maxSkewMs);
}

/**
 * A presigned URL is valid from its `X-Amz-Date` (less the skew, for signers whose clock runs
 * ahead) until `X-Amz-Date + X-Amz-Expires`; the expiry replaces the skew window's past bound.
 */
export function checkPresignedValidity(
  date: RequestDate,
  expiresSeconds: number,
  now: number,
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): void {
  refuseIfOlderThan(date, now, expiresSeconds * 1000);
  refuseIfNotYetCurrent(date, now, maxSkewMs);
}
