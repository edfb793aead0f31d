import { createHash } from 'node:crypto';
import type { NotificationEvent } from '../rolesanywhere/records.ts';

/** What makes a notification unique: one per trust anchor, setting, certificate and UTC day. */
export interface NotificationKey {
  readonly trustAnchorArn: string;
  readonly notificationEvent: NotificationEvent;
  /** Lower-case hex SHA-256 of the certificate DER. */
  readonly certificateId: string;
  /** `YYYY-MM-DD`. */
  readonly evaluationDay: string;
}

/**
 * The event id, derived from the key (an RFC 9562 version-8 UUID over its SHA-256). Every
 * evaluation of the same key, by any process sharing the store, names the same event, so storing
 * it is the claim: the store refuses the second insert of an id, and only one sender delivers.
 */
export function notificationEventId(key: NotificationKey): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([key.trustAnchorArn, key.notificationEvent, key.certificateId, key.evaluationDay]))
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
