/**
 * The webhook signature: `X-Anchorage-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * with `X-Anchorage-Timestamp` = unix seconds. Signing the timestamp with the body lets a
 * receiver refuse replays of an old delivery (compare the timestamp with its clock).
 */
import { createHmac } from 'node:crypto';

export function webhookSignature(secret: Uint8Array, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
