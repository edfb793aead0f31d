/**
 * The one table from the error taxonomy to the query protocol's error codes. The taxonomy's codes
 * are the JSON protocols' names; the query APIs (IAM, STS) name the same generic errors
 * differently, and some with another status (AWS "Common Errors" of the IAM and STS API
 * references; botocore reads the `Code` element, the SDKs map it to their exception classes).
 * Codes not listed here (the IAM-modelled ones: NoSuchEntity, DeleteConflict, …) are the same
 * on both wires.
 *
 * SerializationException (a parameter that cannot be read as its type, a malformed form body)
 * becomes InvalidParameterValue, AWS's "an invalid or out-of-range value was supplied for the
 * input parameter" (400); MalformedQueryString is documented with 404, a status that would
 * mislead clients about a request they can fix.
 */
import type { ErrorCode } from '@anchorage/core/errors';

export interface QueryErrorCode {
  readonly code: string;
  readonly status: number;
}

export const QUERY_ERROR_CODES: Readonly<Partial<Record<ErrorCode, QueryErrorCode>>> = {
  ValidationException: { code: 'ValidationError', status: 400 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 400 },
  UnknownOperationException: { code: 'InvalidAction', status: 400 },
  SerializationException: { code: 'InvalidParameterValue', status: 400 },
  ThrottlingException: { code: 'Throttling', status: 400 },
  ServiceUnavailableException: { code: 'ServiceUnavailable', status: 503 },
  InternalFailure: { code: 'InternalFailure', status: 500 },
};

/** The query-protocol code and status of a taxonomy code (or of an unknown one, unchanged). */
export function queryErrorCode(code: string, status: number): QueryErrorCode {
  const mapped = Object.hasOwn(QUERY_ERROR_CODES, code) ? QUERY_ERROR_CODES[code as ErrorCode] : undefined;
  return mapped ?? { code, status };
}
