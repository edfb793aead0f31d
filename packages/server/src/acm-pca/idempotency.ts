/**
 * IdempotencyToken of CreateCertificateAuthority and IssueCertificate: the same token within five
 * minutes (the model's documentation) yields the one resource made the first time. The resource's
 * id is derived from the token and the five-minute window, so a second request finds it by id —
 * and a race between two of them ends in the store's duplicate-id refusal, not in two resources.
 * A request looks in its own window and in the one before, and accepts the earlier window's
 * resource only when it is younger than five minutes.
 */
import { createHash } from 'node:crypto';

export const IDEMPOTENCY_MS = 5 * 60_000;

/** [the previous window, the current one]. */
export function idempotencyWindows(now: number): readonly [number, number] {
  const current = Math.floor(now / IDEMPOTENCY_MS);
  return [current - 1, current];
}

/** A UUID (version 8, RFC 9562 §5.8) derived from the parts. */
export function derivedUuid(parts: readonly string[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isRecent(isoTime: string, now: number): boolean {
  return now - Date.parse(isoTime) < IDEMPOTENCY_MS;
}
