/**
 * Session policies and session tags travel inside the session token, compressed; like STS, we
 * bound what they may take and report the share used as `PackedPolicySize` (a percentage; above
 * 100 the session is refused with PackedPolicyTooLarge).
 */
import { deflateRawSync } from 'node:zlib';
import { AnchorageError } from '../errors.ts';
import type { SessionTag } from './session-claims.ts';

export const PACKED_POLICY_BUDGET_BYTES = 2048;

export function packedPolicySize(
  policy: string | undefined,
  policyArns: readonly string[],
  tags: readonly SessionTag[],
): number {
  const packed = deflateRawSync(Buffer.from(JSON.stringify([policy ?? '', policyArns, tags]), 'utf8')).length;
  const percent = Math.ceil((packed / PACKED_POLICY_BUDGET_BYTES) * 100);
  if (percent > 100) {
    throw new AnchorageError(
      'PackedPolicyTooLarge',
      `Packed size of the session policies and tags is ${percent}% of the allowed size`,
    );
  }
  return percent;
}
