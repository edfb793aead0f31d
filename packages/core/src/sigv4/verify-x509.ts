/**
 * The signature math of SigV4-X509 (protocol notes §2.5 step 4): rebuild the canonical request
 * with canonical URI `/sessions` (the official helper signs that path whatever prefix its
 * endpoint has, §2.4 step 1.2), the received query, the signed headers as received and the hash
 * of the received body; build the string to sign; verify it with the certificate's public key.
 *
 * Scope, skew, certificate and serial checks belong to the CreateSession flow; `checkCredentialScope`
 * and `checkClockSkew` are there for it.
 */
import type { KeyObject } from 'node:crypto';
import { isX509Algorithm, type X509Algorithm } from './algorithms.ts';
import type { ParsedAuthorization } from './authorization.ts';
import { buildCanonicalRequest } from './canonical-request.ts';
import { formatCredentialScope } from './credential-scope.ts';
import { indexHeaders } from './header-index.ts';
import { resolveRequestDate } from './request-date.ts';
import type { SignedRequest } from './signed-request.ts';
import { incompleteSignature } from './sigv4-errors.ts';
import { buildStringToSign } from './string-to-sign.ts';
import { verifyX509StringToSign } from './x509-signature.ts';

export const SESSIONS_CANONICAL_URI = '/sessions';

export interface X509StringToSign {
  readonly algorithm: X509Algorithm;
  readonly amzDate: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

/**
 * Throws `IncompleteSignatureException` for a non-X.509 algorithm or a missing/malformed date,
 * and `InvalidSignatureException` when a signed header is absent: the request cannot have been
 * signed as it arrived.
 */
export function buildX509StringToSign(
  request: SignedRequest,
  authorization: ParsedAuthorization,
  canonicalUri: string = SESSIONS_CANONICAL_URI,
): X509StringToSign {
  const { algorithm } = authorization;
  if (!isX509Algorithm(algorithm)) {
    throw incompleteSignature(
      `Unsupported AWS 'algorithm': '${algorithm}'.`,
      `${algorithm} is not SigV4-X509`,
    );
  }
  const { amzDate } = resolveRequestDate(indexHeaders(request.headers));
  const canonicalRequest = buildCanonicalRequest(request, authorization.signedHeaders, { canonicalUri });
  const stringToSign = buildStringToSign(
    algorithm,
    amzDate,
    formatCredentialScope(authorization.credential),
    canonicalRequest,
  );
  return { algorithm, amzDate, canonicalRequest, stringToSign };
}

export interface X509SignatureCheck {
  /** The parsed `Authorization` header: algorithm, scope, signed headers and signature. */
  readonly authorization: ParsedAuthorization;
  /** The end-entity certificate's public key. */
  readonly publicKey: KeyObject;
  /** Default `/sessions`. */
  readonly canonicalUri?: string;
}

/** `true` only if the signature verifies; structural defects throw (see `buildX509StringToSign`). */
export function verifyX509RequestSignature(request: SignedRequest, check: X509SignatureCheck): boolean {
  return verifiedX509StringToSign(request, check) !== undefined;
}

/**
 * The string to sign the signature verified over, or undefined when it does not verify — for a
 * caller that goes on to use what was signed (the replay cache keys on it) without building it
 * twice.
 */
export function verifiedX509StringToSign(
  request: SignedRequest,
  check: X509SignatureCheck,
): X509StringToSign | undefined {
  const built = buildX509StringToSign(request, check.authorization, check.canonicalUri);
  const valid = verifyX509StringToSign(
    built.algorithm,
    built.stringToSign,
    check.authorization.signature,
    check.publicKey,
  );
  return valid ? built : undefined;
}
