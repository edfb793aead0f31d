/**
 * SigV4 query-string authentication ("presigned URLs", AWS SigV4 "Add the signature to the
 * request", query-string variant): the parts of the `Authorization` header travel as
 * `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Signature`,
 * plus `X-Amz-Expires` and `X-Amz-Security-Token`. Every parameter except `X-Amz-Signature` is
 * itself covered by the signature through the canonical query. Tools such as
 * aws-iam-authenticator authenticate with a presigned STS `GetCallerIdentity` URL.
 */
import { isSigV4Algorithm } from './algorithms.ts';
import { parseAmzDate } from './amz-date.ts';
import { type ParsedAuthorization, parseAuthorizationParts } from './authorization.ts';
import { MAX_AUTHORIZATION_LENGTH, MAX_PRESIGNED_EXPIRES_SECONDS } from './limits.ts';
import { decodeQueryParameters } from './query-parameters.ts';
import type { RequestDate } from './request-date.ts';
import { incompleteSignature } from './sigv4-errors.ts';

export const PRESIGNED_SIGNATURE_PARAMETER = 'X-Amz-Signature';

const AUTH_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
] as const;
type AuthParameter = (typeof AUTH_PARAMETERS)[number];

const MARKERS: readonly string[] = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'];

export interface PresignedAuthentication {
  readonly authorization: ParsedAuthorization;
  readonly date: RequestDate;
  /** `undefined` when the URL carries no `X-Amz-Expires`: only the skew window applies then. */
  readonly expiresSeconds: number | undefined;
  readonly securityToken: string | undefined;
}

/** Whether the query claims to be presigned (so its absence is not "missing token"). */
export function hasPresignedParameters(rawQuery: string): boolean {
  return decodeQueryParameters(rawQuery).some(([name]) => MARKERS.includes(name));
}

export function parsePresignedQuery(rawQuery: string): PresignedAuthentication {
  const found = new Map<AuthParameter, string>();
  let totalLength = 0;
  for (const [name, value] of decodeQueryParameters(rawQuery)) {
    const known = AUTH_PARAMETERS.find((candidate) => candidate === name);
    if (known === undefined) continue;
    if (found.has(known)) {
      throw incompleteSignature(
        `Query-string parameter '${known}' appears more than once.`,
        `${known} repeated`,
      );
    }
    totalLength += value.length;
    found.set(known, value);
  }
  if (totalLength > MAX_AUTHORIZATION_LENGTH) {
    throw incompleteSignature(
      'Query-string authentication parameters are too long.',
      `presigned parameters total ${totalLength} characters, limit ${MAX_AUTHORIZATION_LENGTH}`,
    );
  }
  const algorithm = found.get('X-Amz-Algorithm');
  const credential = found.get('X-Amz-Credential');
  const amzDate = found.get('X-Amz-Date');
  const signedHeaders = found.get('X-Amz-SignedHeaders');
  const signature = found.get('X-Amz-Signature');
  if (!algorithm || !credential || !amzDate || !signedHeaders || !signature) {
    throw incompleteSignature(
      "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', " +
        "'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
      'presigned query lacks a required parameter',
    );
  }
  if (!isSigV4Algorithm(algorithm)) {
    const shown = /^[A-Za-z0-9-]{1,64}$/.test(algorithm) ? algorithm : '';
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${shown}'.`,
      'presigned algorithm not supported',
    );
  }
  const epochMs = parseAmzDate(amzDate);
  if (epochMs === undefined) {
    throw incompleteSignature(
      "X-Amz-Date must be in ISO-8601 'basic format' (YYYYMMDD'T'HHMMSS'Z').",
      'presigned X-Amz-Date is malformed',
    );
  }
  return {
    authorization: parseAuthorizationParts({ algorithm, credential, signedHeaders, signature }),
    date: { amzDate, epochMs },
    expiresSeconds: parseExpires(found.get('X-Amz-Expires')),
    securityToken: found.get('X-Amz-Security-Token'),
  };
}

function parseExpires(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^[0-9]{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_PRESIGNED_EXPIRES_SECONDS)) {
    throw incompleteSignature(
      `X-Amz-Expires must be a number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_SECONDS} (one week).`,
      'presigned X-Amz-Expires out of range',
    );
  }
  return seconds;
}
