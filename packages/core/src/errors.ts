/**
 * The one error taxonomy. Every refusal Anchorage makes is an `AnchorageError` with a code from
 * this closed catalogue; the HTTP edge maps it to the wire in a single function. The code *is*
 * the AWS wire error type, so clients (botocore, the SDKs, the official helper) decode it as
 * they decode AWS's own errors.
 *
 * `message` is safe to show the caller. `reason` is the precise internal explanation: it goes to
 * the log and the audit record, never to the wire (trust failures are deliberately uniform there).
 */

/** code → HTTP status and fault side. Statuses are those AWS uses for the same error types. */
export const ERROR_CATALOGUE = {
  // Modelled errors of the rolesanywhere 2018-05-10 API.
  ValidationException: { status: 400, fault: 'client' },
  AccessDeniedException: { status: 403, fault: 'client' },
  ResourceNotFoundException: { status: 404, fault: 'client' },
  TooManyTagsException: { status: 400, fault: 'client' },
  // Errors of the AWS request-authentication layer (SigV4), shared by every AWS JSON service.
  MissingAuthenticationTokenException: { status: 403, fault: 'client' },
  IncompleteSignatureException: { status: 400, fault: 'client' },
  InvalidSignatureException: { status: 403, fault: 'client' },
  UnrecognizedClientException: { status: 403, fault: 'client' },
  ExpiredTokenException: { status: 403, fault: 'client' },
  // Protocol-level errors of the restJson1 adapter.
  SerializationException: { status: 400, fault: 'client' },
  UnknownOperationException: { status: 404, fault: 'client' },
  RequestEntityTooLargeException: { status: 413, fault: 'client' },
  ThrottlingException: { status: 429, fault: 'client' },
  // Modelled errors of the IAM 2010-05-08 and STS 2011-06-15 APIs (query protocol).
  MalformedPolicyDocument: { status: 400, fault: 'client' },
  NoSuchEntity: { status: 404, fault: 'client' },
  EntityAlreadyExists: { status: 409, fault: 'client' },
  LimitExceeded: { status: 409, fault: 'client' },
  DeleteConflict: { status: 409, fault: 'client' },
  InvalidInput: { status: 400, fault: 'client' },
  UnmodifiableEntity: { status: 400, fault: 'client' },
  PolicyNotAttachable: { status: 400, fault: 'client' },
  PackedPolicyTooLarge: { status: 400, fault: 'client' },
  // Modelled errors of the ACM Private CA 2017-08-22 API (awsJson1_1, which carries every client
  // fault as 400).
  InvalidArnException: { status: 400, fault: 'client' },
  InvalidArgsException: { status: 400, fault: 'client' },
  InvalidStateException: { status: 400, fault: 'client' },
  InvalidRequestException: { status: 400, fault: 'client' },
  InvalidNextTokenException: { status: 400, fault: 'client' },
  InvalidTagException: { status: 400, fault: 'client' },
  MalformedCSRException: { status: 400, fault: 'client' },
  MalformedCertificateException: { status: 400, fault: 'client' },
  CertificateMismatchException: { status: 400, fault: 'client' },
  RequestAlreadyProcessedException: { status: 400, fault: 'client' },
  // Our own faults: generic text on the wire, the cause in the log.
  InternalFailure: { status: 500, fault: 'server' },
  ServiceUnavailableException: { status: 503, fault: 'server' },
} as const satisfies Record<string, { status: number; fault: 'client' | 'server' }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface AnchorageErrorOptions {
  /** Precise internal reason for logs and audit; never sent to the client. */
  readonly reason?: string;
  readonly cause?: unknown;
}

export class AnchorageError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;

  constructor(code: ErrorCode, message: string, options: AnchorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.reason = options.reason ?? message;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get fault(): 'client' | 'server' {
    return ERROR_CATALOGUE[this.code].fault;
  }
}

export function isAnchorageError(value: unknown): value is AnchorageError {
  return value instanceof AnchorageError;
}

/** A `ValidationException` naming the offending field, as AWS's messages do. */
export function validationError(message: string, reason?: string): AnchorageError {
  return new AnchorageError('ValidationException', message, reason === undefined ? {} : { reason });
}

export function notFound(message: string): AnchorageError {
  return new AnchorageError('ResourceNotFoundException', message);
}
