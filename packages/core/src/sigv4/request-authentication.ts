/**
 * Step one of verification: limits and parsing. Finds where the request carries its SigV4
 * authentication (the `Authorization` header, or presigned query parameters; never both) and
 * returns the parsed parts with the request time. No secret is consulted yet.
 */
import { type ParsedAuthorization, parseAuthorization } from './authorization.ts';
import type { HeaderIndex } from './header-index.ts';
import {
  hasPresignedParameters,
  PRESIGNED_SIGNATURE_PARAMETER,
  parsePresignedQuery,
} from './presigned-query.ts';
import { type RequestDate, resolveRequestDate } from './request-date.ts';
import type { SignedRequest } from './signed-request.ts';
import { incompleteSignature, missingAuthenticationToken } from './sigv4-errors.ts';

export interface RequestAuthentication {
  readonly authorization: ParsedAuthorization;
  readonly date: RequestDate;
  /** `X-Amz-Security-Token` (header, or query when presigned); repeated headers joined by `,`. */
  readonly securityToken: string | undefined;
  /** Presigned only: validity in seconds from `date`, if the URL states one. */
  readonly expiresSeconds: number | undefined;
  /** Decoded query names left out of the canonical query (the presigned signature itself). */
  readonly unsignedQueryParameters: readonly string[];
  /** Whether the authentication came in the query string rather than the header. */
  readonly presigned: boolean;
}

export function readRequestAuthentication(request: SignedRequest, index: HeaderIndex): RequestAuthentication {
  const headerValues = (index.get('authorization') ?? []).filter((value) => value.trim() !== '');
  const presigned = hasPresignedParameters(request.rawQuery);
  if (headerValues.length > 0 && presigned) {
    throw incompleteSignature(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.',
      'both an Authorization header and presigned query parameters',
    );
  }
  if (presigned) {
    const parsed = parsePresignedQuery(request.rawQuery);
    return { ...parsed, unsignedQueryParameters: [PRESIGNED_SIGNATURE_PARAMETER], presigned: true };
  }
  const [header, ...others] = headerValues;
  if (header === undefined) {
    throw missingAuthenticationToken('no Authorization header and no presigned query parameters');
  }
  if (others.length > 0) {
    throw incompleteSignature('Only one Authorization header is allowed.', 'Authorization header repeated');
  }
  const authorization = parseAuthorization(header);
  const tokens = index.get('x-amz-security-token');
  return {
    authorization,
    date: resolveRequestDate(index),
    securityToken: tokens === undefined ? undefined : tokens.join(','),
    expiresSeconds: undefined,
    unsignedQueryParameters: [],
    presigned: false,
  };
}
