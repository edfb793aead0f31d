/**
 * Verification of an AWS SigV4 (`AWS4-HMAC-SHA256`) request, as the server does it for the IAM,
 * STS and Roles Anywhere control-plane APIs. The steps run cheapest-first, and no secret is
 * looked up before the request has proved well-formed, correctly scoped and fresh:
 *
 *   1. limits and parsing           → MissingAuthenticationToken / IncompleteSignature
 *   2. credential scope             → InvalidSignature
 *   3. skew (presigned: expiry)     → InvalidSignature
 *   4. credential lookup            → UnrecognizedClient (unknown key; token missing or wrong)
 *   5. signature                    → InvalidSignature (constant-time comparison)
 */
import { HMAC_ALGORITHM } from './algorithms.ts';
import { buildCanonicalRequest, type CanonicalRequestOptions } from './canonical-request.ts';
import type { CanonicalUriOptions } from './canonical-uri.ts';
import { checkClockSkew, checkPresignedValidity } from './clock-skew.ts';
import { constantTimeEqual } from './constant-time-equal.ts';
import { checkCredentialScope, formatCredentialScope } from './credential-scope.ts';
import { indexHeaders } from './header-index.ts';
import { readRequestAuthentication } from './request-authentication.ts';
import type { SignedRequest } from './signed-request.ts';
import { hmacSignature, memoizedSigningKey } from './signing-key.ts';
import { incompleteSignature, signatureMismatch, unrecognizedClient } from './sigv4-errors.ts';
import { buildStringToSign, sha256Hex } from './string-to-sign.ts';

export interface HmacCredential {
  readonly secretAccessKey: string;
  /** Present for temporary credentials: the request must then carry it in X-Amz-Security-Token. */
  readonly sessionToken?: string;
}

export interface VerifySigV4Options {
  /** Server time, epoch milliseconds. */
  readonly now: number;
  /** The region and service this endpoint answers for; the credential scope must name them. */
  readonly region: string;
  readonly service: string;
  /** Tolerated clock skew; default 5 minutes. */
  readonly maxSkewMs?: number;
  /** How to canonicalise the path; default non-S3 (normalise, double-encode). */
  readonly uri?: CanonicalUriOptions;
  readonly lookupCredential: (accessKeyId: string) => Promise<HmacCredential | undefined>;
}

export interface VerifiedSigV4Request {
  readonly accessKeyId: string;
  /** `<date>/<region>/<service>/aws4_request` */
  readonly credentialScope: string;
  readonly signedHeaders: readonly string[];
  /** Request time, ISO-8601 basic format. */
  readonly amzDate: string;
  /** Whether the signature came in the query string (presigned URL) rather than a header. */
  readonly presigned: boolean;
}

export async function verifySigV4Request(
  request: SignedRequest,
  options: VerifySigV4Options,
): Promise<VerifiedSigV4Request> {
  // 1. Limits and parsing.
  const index = indexHeaders(request.headers);
  const auth = readRequestAuthentication(request, index);
  const { authorization, date } = auth;
  if (authorization.algorithm !== HMAC_ALGORITHM) {
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${authorization.algorithm}'.`,
      `${authorization.algorithm} is only accepted by CreateSession`,
    );
  }
  // Host must be signed, or a signature could be replayed against another endpoint that shares
  // the key (AWS: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.").
  // Classed as IncompleteSignature: the Authorization itself is deficient, whatever the key.
  if (!authorization.signedHeaders.includes('host')) {
    throw incompleteSignature(
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      'host is not among SignedHeaders',
    );
  }

  // 2. Scope.
  checkCredentialScope(authorization.credential, date.amzDate, options);

  // 3. Freshness.
  if (auth.expiresSeconds === undefined) checkClockSkew(date, options.now, options.maxSkewMs);
  else checkPresignedValidity(date, auth.expiresSeconds, options.now, options.maxSkewMs);

  // 4. Credential.
  const accessKeyId = authorization.credential.id;
  const credential = await options.lookupCredential(accessKeyId);
  if (credential === undefined) throw unrecognizedClient(`access key ${accessKeyId} is unknown`);
  checkSessionToken(credential, auth.securityToken, accessKeyId);

  // 5. Signature.
  const credentialScope = formatCredentialScope(authorization.credential);
  const canonicalOptions: CanonicalRequestOptions = {
    excludeQueryParameters: auth.unsignedQueryParameters,
    ...(options.uri === undefined ? {} : { uri: options.uri }),
  };
  const canonicalRequest = buildCanonicalRequest(request, authorization.signedHeaders, canonicalOptions);
  const stringToSign = buildStringToSign(HMAC_ALGORITHM, date.amzDate, credentialScope, canonicalRequest);
  const { date: day, region, service } = authorization.credential;
  const expected = hmacSignature(
    memoizedSigningKey(credential.secretAccessKey, day, region, service),
    stringToSign,
  );
  if (!constantTimeEqual(expected, authorization.signature)) {
    // The hashes let an operator compare with a client's debug output without logging header
    // values (the canonical request may contain a session token).
    throw signatureMismatch(
      `signature mismatch for ${accessKeyId}; canonical request sha256 ${sha256Hex(canonicalRequest)}, ` +
        `string to sign sha256 ${sha256Hex(stringToSign)}`,
    );
  }
  return {
    accessKeyId,
    credentialScope,
    signedHeaders: authorization.signedHeaders,
    amzDate: date.amzDate,
    presigned: auth.presigned,
  };
}

/**
 * Temporary credentials are only valid with their session token; a token sent for a key that has
 * none is refused too (it cannot be the token the client believes it is using).
 */
function checkSessionToken(
  credential: HmacCredential,
  received: string | undefined,
  accessKeyId: string,
): void {
  const expected = credential.sessionToken;
  if (expected === undefined) {
    if (received !== undefined) {
      throw unrecognizedClient(`a security token was sent for ${accessKeyId}, which has none`);
    }
    return;
  }
  if (received === undefined) throw unrecognizedClient(`security token missing for ${accessKeyId}`);
  if (!constantTimeEqual(expected, received))
    throw unrecognizedClient(`security token mismatch for ${accessKeyId}`);
}
