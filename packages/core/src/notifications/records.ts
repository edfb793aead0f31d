/**
 * Expiry notification events, shaped like the EventBridge events of IAM Roles Anywhere
 * (protocol notes §3.10): `detail-type` "Roles Anywhere Certificate Expiration State Change",
 * `source` "aws.rolesanywhere", `resources` the trust anchor for CA events, and a `detail` with
 * the certificate serial, days to expiry and issuer. Stored with their delivery outcome.
 */
import type { NotificationEvent } from '../rolesanywhere/records.ts';

export interface ExpiryEventDetail {
  readonly 'certificate-serial-number': string;
  readonly 'days-to-expiry': number;
  readonly issuer: string;
}

export interface ExpiryEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'Roles Anywhere Certificate Expiration State Change';
  readonly source: 'aws.rolesanywhere';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: ExpiryEventDetail;
}

export interface DeliveryOutcome {
  readonly channel: 'log' | 'webhook';
  readonly status: 'delivered' | 'failed' | 'pending';
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly lastError?: string;
}

export interface NotificationEventRecord {
  /** The event id (a UUID). */
  readonly id: string;
  readonly notificationEvent: NotificationEvent;
  /** The trust anchor whose settings produced it. */
  readonly trustAnchorArn: string;
  /** Lower-case hex SHA-256 of the certificate DER (AWS Health's `certificateId`). */
  readonly certificateId: string;
  /** `YYYY-MM-DD` of the evaluation: one event per certificate, setting and day. */
  readonly evaluationDay: string;
  readonly event: ExpiryEvent;
  readonly deliveries: readonly DeliveryOutcome[];
  readonly createdAt: string;
}
