/**
 * The daily expiry evaluation (protocol notes §3.10), pure: given the time, the trust anchors
 * with their CA certificates and the end-entity certificates recently used with CreateSession,
 * the events due today. Storing, de-duplicating (by the event id, see `event-id.ts`) and sending
 * them is the caller's.
 *
 * - CA_CERTIFICATE_EXPIRY: each CA certificate of an anchor, from the day its days-to-expiry
 *   reaches the threshold until 14 days after expiry (the EventBridge rule), `resources` = the anchor.
 * - END_ENTITY_CERTIFICATE_EXPIRY: each end-entity certificate seen in the last 24 hours that a
 *   CA certificate of the anchor issued directly (`issued-by.ts`), from the threshold until its
 *   expiry day; no `resources`, as AWS sends them. Subjects do not record the anchor a session
 *   went through, so the issuing CA is what ties a certificate to an anchor; one issued through
 *   an intermediate is not attributed. A certificate whose CA is in two anchors counts for both.
 */
import type { ServiceLocation } from '../rolesanywhere/arn.ts';
import type { NotificationEvent, NotificationSettingDetail } from '../rolesanywhere/records.ts';
import type { Certificate } from '../x509/certificate.ts';
import { enabledThresholds } from './effective-settings.ts';
import { notificationEventId } from './event-id.ts';
import { eventSerialNumber } from './event-serial.ts';
import { isIssuedBy } from './issued-by.ts';
import type { ExpiryEvent, NotificationEventRecord } from './records.ts';
import { DAY_MS, daysToExpiry, eventTime, utcDay } from './utc-day.ts';

/** EventBridge and Health keep announcing an expired CA certificate for 14 days. */
export const CA_NOTICE_DAYS_AFTER_EXPIRY = 14;
/** "An end-entity certificate used with CreateSession in the last day." */
export const END_ENTITY_SEEN_WITHIN_MS = DAY_MS;

export interface AnchorToEvaluate {
  readonly arn: string;
  readonly notificationSettings: readonly NotificationSettingDetail[];
  readonly caCertificates: readonly Certificate[];
}

export interface SeenCertificate {
  readonly certificate: Certificate;
  /** When CreateSession last saw it (epoch ms). */
  readonly seenAt: number;
  /** The trust anchor the CreateSession attempt named, when the subject record kept it. */
  readonly trustAnchorArn?: string;
}

export interface ExpiryEvaluationInput {
  readonly now: number;
  readonly location: Pick<ServiceLocation, 'accountId' | 'region'>;
  readonly anchors: readonly AnchorToEvaluate[];
  readonly endEntityCertificates: readonly SeenCertificate[];
}

/** An event due today, with its de-duplication key; the id is derived from that key. */
export type DueNotification = Omit<NotificationEventRecord, 'deliveries' | 'createdAt'>;

/** Events in anchor order; within an anchor, CA certificates (bundle order) then end-entity ones. */
export function evaluateExpiry(input: ExpiryEvaluationInput): DueNotification[] {
  const { now } = input;
  const recent = uniqueByFingerprint(
    input.endEntityCertificates.filter((seen) => now - seen.seenAt <= END_ENTITY_SEEN_WITHIN_MS),
  );
  const due: DueNotification[] = [];
  for (const anchor of input.anchors) {
    const thresholds = enabledThresholds(anchor.notificationSettings);
    const caThreshold = thresholds.get('CA_CERTIFICATE_EXPIRY');
    if (caThreshold !== undefined) {
      for (const ca of uniqueByFingerprint(anchor.caCertificates.map((certificate) => ({ certificate })))) {
        const days = daysToExpiry(ca.certificate.validity.notAfter, now);
        if (days <= caThreshold && days >= -CA_NOTICE_DAYS_AFTER_EXPIRY) {
          due.push(notification(input, anchor.arn, 'CA_CERTIFICATE_EXPIRY', ca.certificate, days));
        }
      }
    }
    const leafThreshold = thresholds.get('END_ENTITY_CERTIFICATE_EXPIRY');
    if (leafThreshold !== undefined) {
      for (const { certificate, trustAnchorArn } of recent) {
        const days = daysToExpiry(certificate.validity.notAfter, now);
        if (days > leafThreshold || days < 0) continue;
        // The anchor the attempt named; for sightings recorded without one, an anchor whose CA
        // issued the certificate directly.
        const attributed =
          trustAnchorArn !== undefined
            ? trustAnchorArn === anchor.arn
            : anchor.caCertificates.some((ca) => isIssuedBy(certificate, ca));
        if (!attributed) continue;
        due.push(notification(input, anchor.arn, 'END_ENTITY_CERTIFICATE_EXPIRY', certificate, days));
      }
    }
  }
  return due;
}

function notification(
  input: ExpiryEvaluationInput,
  trustAnchorArn: string,
  notificationEvent: NotificationEvent,
  certificate: Certificate,
  days: number,
): DueNotification {
  const key = {
    trustAnchorArn,
    notificationEvent,
    certificateId: certificate.fingerprintSha256,
    evaluationDay: utcDay(input.now),
  };
  const id = notificationEventId(key);
  const event: ExpiryEvent = {
    version: '0',
    id,
    'detail-type': 'Roles Anywhere Certificate Expiration State Change',
    source: 'aws.rolesanywhere',
    account: input.location.accountId,
    time: eventTime(input.now),
    region: input.location.region,
    resources: notificationEvent === 'CA_CERTIFICATE_EXPIRY' ? [trustAnchorArn] : [],
    detail: {
      'certificate-serial-number': eventSerialNumber(certificate),
      'days-to-expiry': days,
      issuer: certificate.issuer.rfc4514,
    },
  };
  return { id, ...key, event };
}

/** The same certificate listed twice (two sightings, a repeated bundle entry) makes one event. */
function uniqueByFingerprint<T extends { readonly certificate: Certificate }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.certificate.fingerprintSha256)) return false;
    seen.add(item.certificate.fingerprintSha256);
    return true;
  });
}
