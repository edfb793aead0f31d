import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets (signatures, session tokens) in time independent of where they differ.
 * `timingSafeEqual` needs equal lengths, and an early length check would leak the length, so both
 * sides are hashed first: SHA-256 digests are always 32 bytes, and equal digests mean equal inputs.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
