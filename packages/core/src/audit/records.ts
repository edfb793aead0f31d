/**
 * The audit trail: one record per decision Anchorage makes for a caller — CreateSession and
 * AssumeRole today (issue 9 widens it to every control-plane call and authorisation decision).
 * Append-only: records are written once and never changed.
 */

export type AuditOutcome = 'allowed' | 'denied' | 'error';

export interface AuditCertificate {
  /** Upper-case hex. */
  readonly serialNumber: string;
  /** Lower-case hex SHA-256 of the DER. */
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly issuer: string;
}

export interface AuditEventRecord {
  /** The request id: the same value as the log line and the `x-amzn-RequestId` header. */
  readonly id: string;
  /** ISO-8601 with milliseconds. */
  readonly time: string;
  /** `rolesanywhere:CreateSession`, `sts:AssumeRole`, … */
  readonly action: string;
  readonly outcome: AuditOutcome;
  /** The wire error type for a refusal (AccessDeniedException, …). */
  readonly errorType?: string;
  /** The precise reason (never on the wire for trust failures; here for the operator). */
  readonly reason?: string;
  /** Who asked: a principal ARN, or for CreateSession the certificate's subject. */
  readonly principal?: string;
  readonly accessKeyId?: string;
  readonly sourceAddress?: string;
  /** ARNs the decision concerned: trust anchor, profile, role, subject, … */
  readonly resources: readonly string[];
  readonly certificate?: AuditCertificate;
  /** For a granted session: the assumed-role ARN and the session's expiry. */
  readonly assumedRoleArn?: string;
  readonly expiresAt?: string;
}
