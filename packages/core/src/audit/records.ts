/**
 * The audit trail: one record per decision Anchorage makes for a caller — every call that
 * reaches an operation (control plane, IAM, STS, the private CA, notifications, the audit trail
 * itself, console users), CreateSession, every question answered at `/authorize`, every console
 * action, sign-in and refused request. Append-only: records are written once and never changed;
 * only retention removes them, by age.
 */

export type AuditOutcome = 'allowed' | 'denied' | 'error';

/**
 * How the call came in: `api` (a signed HTTP request, or CreateSession's signed certificate),
 * `console` (the web console, for its signed-in principal), `authorize` (a question a resource
 * server put to `/authorize` about its own client's request).
 */
export type AuditChannel = 'api' | 'console' | 'authorize';

export interface AuditCertificate {
  /** Upper-case hex. */
  readonly serialNumber: string;
  /** Lower-case hex SHA-256 of the DER. */
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly issuer: string;
}

/** One authorisation decision: the policy engine's, or Anchorage's own rule (administrator only, …). */
export interface AuditDecision {
  readonly action: string;
  /** The ARN decided on, `*` for none. */
  readonly resource: string;
  readonly allowed: boolean;
  /** The engine's explanation: which statement allowed or denied, or why nothing allowed. */
  readonly reason: string;
}

export interface AuditEventRecord {
  /**
   * The request id (the log line's and the `x-amzn-RequestId` header's); when one request makes
   * several records (a console page running several operations, `/authorize` and the question
   * it answered) the later ones are `<request id>.2`, `<request id>.3`, …
   */
  readonly id: string;
  /** The request the record belongs to: `id` without its `.n` (absent in records written before it existed). */
  readonly requestId?: string;
  /** ISO-8601 with milliseconds. */
  readonly time: string;
  /** `rolesanywhere:CreateSession`, `iam:CreateRole`, `acm-pca:IssueCertificate`, …; `unknown` when refused before the operation was known. */
  readonly action: string;
  readonly outcome: AuditOutcome;
  /** Absent in records written before it existed: those are all `api`. */
  readonly channel?: AuditChannel;
  /** The wire error type for a refusal (AccessDeniedException, …). */
  readonly errorType?: string;
  /** The precise reason (never on the wire for trust failures; here for the operator). */
  readonly reason?: string;
  /** Who asked: a principal ARN, or for CreateSession the certificate's subject. */
  readonly principal?: string;
  /** The key the request was signed with (for a refused signature, the key it claimed). */
  readonly accessKeyId?: string;
  readonly sourceAddress?: string;
  /** ARNs the decision concerned: trust anchor, profile, role, subject, the resource created, … */
  readonly resources: readonly string[];
  /** The authorisation decision made for the call, when one was (a refused signature gets none). */
  readonly decision?: AuditDecision;
  readonly certificate?: AuditCertificate;
  /** For a granted session: the assumed-role ARN and the session's expiry. */
  readonly assumedRoleArn?: string;
  readonly expiresAt?: string;
}
