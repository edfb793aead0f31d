/**
 * Session policies and session tags travel inside the session token, compressed; like STS, we
 * bound what they may take and report the share used as `PackedPolicySize` (a percentage; above
 * 100 the session is refused with PackedPolicyTooLarge).
 */
import { deflateRawSync } from 'node:zlib';
import { AnchorageError } from '../errors.ts';
import type { SessionTag } from './session-claims.ts';

export const PACKED_POLICY_BUDGET_BYTES = 2048;

/** The same profile and certificate give the same size at every session: remember a bounded few. */
const memo = new Map<string, number>();
const MEMO_ENTRIES = 1000;

export function packedPolicySize(
  policy: string | undefined,
  policyArns: readonly string[],
  tags: readonly SessionTag[],
): number {
  const text = JSON.stringify([policy ?? '', policyArns, tags]);
  let packed = memo.get(text);
  if (packed === undefined) {
    packed = deflateRawSync(Buffer.from(text, 'utf8')).length;
    memo.set(text, packed);
    if (memo.size > MEMO_ENTRIES) {
      const oldest = memo.keys().next().value;
      if (oldest !== undefined) memo.delete(oldest);
    }
  }
  const percent = Math.ceil((packed / PACKED_POLICY_BUDGET_BYTES) * 100);
  if (percent > 100) {
    throw new AnchorageError(
      'PackedPolicyTooLarge',
      `Packed size of the session policies and tags is ${percent}% of the allowed size`,
    );
  }
  return percent;
}
