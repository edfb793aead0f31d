/**
 * The SigV4-X509 side of CreateSession (protocol notes §2.4–§2.5), as named steps: parse the
 * Authorization header → check the credential scope and the clock → require the headers that
 * must be signed → decode the certificate and the chain (limits before parsing) → match the
 * credential's serial to the certificate's → verify the signature with the certificate's key.
 *
 * Malformed input is `ValidationException` (400); anything that is a failed check is
 * `AccessDeniedException` (403) "Invalid signature", with the precise reason kept for the log.
 */
import type { KeyObject } from 'node:crypto';
import { AnchorageError, isAnchorageError, validationError } from '../errors.ts';
import { isX509Algorithm, ROLES_ANYWHERE_SERVICE } from '../sigv4/algorithms.ts';
import { type ParsedAuthorization, parseAuthorization } from '../sigv4/authorization.ts';
import { checkClockSkew } from '../sigv4/clock-skew.ts';
import { checkCredentialScope } from '../sigv4/credential-scope.ts';
import { indexHeaders } from '../sigv4/header-index.ts';
import { resolveRequestDate } from '../sigv4/request-date.ts';
import type { SignedRequest } from '../sigv4/signed-request.ts';
import { verifiedX509StringToSign } from '../sigv4/verify-x509.ts';
import { x509AlgorithmForKey } from '../sigv4/x509-signature.ts';
import type { Certificate } from '../x509/certificate.ts';
import {
  type CertificateCache,
  createCertificateCache,
  type ParsedCertificate,
} from '../x509/certificate-cache.ts';
import { INVALID_SIGNATURE, sessionDenied } from './session-denied.ts';

/** At most this many certificates in X-Amz-X509-Chain (Roles Anywhere User Guide). */
export const MAX_CHAIN_CERTIFICATES = 5;
/** A certificate's base64 is refused above this size, before it is decoded. */
const MAX_CERTIFICATE_BASE64 = 16 * 1024;
const REQUIRED_SIGNED_HEADERS = ['host', 'x-amz-date', 'x-amz-x509'];

export interface SessionSigner {
  readonly authorization: ParsedAuthorization;
  readonly leaf: Certificate;
  /** The leaf's public key, imported once; undefined when it cannot verify signatures. */
  readonly leafKey: KeyObject | undefined;
  readonly chain: readonly Certificate[];
  /** The request's signing time (epoch ms), from `X-Amz-Date` (or `Date`). */
  readonly signedAtMs: number;
}

/** Without a shared cache, each call parses afresh (a cache of one request). */
const NO_CACHE_SIZE = 8;

export function readSessionSigner(
  request: SignedRequest,
  region: string,
  now: number,
  certificates: CertificateCache = createCertificateCache(NO_CACHE_SIZE),
): SessionSigner {
  const index = indexHeaders(request.headers);
  const authorizationHeader = index.get('authorization');
  if (authorizationHeader === undefined || authorizationHeader.length !== 1) {
    throw validationError('CreateSession requires one SigV4-X509 Authorization header');
  }
  const authorization = asMalformed(() => parseAuthorization(authorizationHeader[0] ?? ''));
  if (!isX509Algorithm(authorization.algorithm)) {
    throw validationError(`CreateSession is signed with SigV4-X509, not ${authorization.algorithm}`);
  }
  const date = asMalformed(() => resolveRequestDate(index));
  asDenied(() =>
    checkCredentialScope(authorization.credential, date.amzDate, { region, service: ROLES_ANYWHERE_SERVICE }),
  );
  asDenied(() => checkClockSkew(date, now));

  const chainHeader = index.get('x-amz-x509-chain');
  const mustSign =
    chainHeader === undefined ? REQUIRED_SIGNED_HEADERS : [...REQUIRED_SIGNED_HEADERS, 'x-amz-x509-chain'];
  const unsigned = mustSign.filter((h) => !authorization.signedHeaders.includes(h));
  if (unsigned.length > 0) {
    throw sessionDenied(INVALID_SIGNATURE, `required headers not signed: ${unsigned.join(', ')}`);
  }

  const leafHeader = index.get('x-amz-x509');
  if (leafHeader === undefined || leafHeader.length !== 1)
    throw validationError('X-Amz-X509 must be sent once');
  if (chainHeader !== undefined && chainHeader.length !== 1)
    throw validationError('X-Amz-X509-Chain must be sent once');
  const chainParts = chainHeader === undefined ? [] : (chainHeader[0] ?? '').split(',');
  // Counted before any certificate is decoded; each one's size is checked before it is.
  if (chainParts.length > MAX_CHAIN_CERTIFICATES) {
    throw validationError(`X-Amz-X509-Chain may hold at most ${MAX_CHAIN_CERTIFICATES} certificates`);
  }
  const leafParsed = decodeCertificate(leafHeader[0] ?? '', 'X-Amz-X509', certificates);
  const leaf = leafParsed.certificate;
  const chain = chainParts.map(
    (part, i) =>
      decodeCertificate(part.trim(), `X-Amz-X509-Chain certificate ${i + 1}`, certificates).certificate,
  );

  if (authorization.credential.id !== leaf.serialNumberDecimal) {
    throw sessionDenied(
      INVALID_SIGNATURE,
      `credential serial ${authorization.credential.id} is not the certificate's serial ${leaf.serialNumberDecimal}`,
    );
  }
  return { authorization, leaf, leafKey: leafParsed.publicKey, chain, signedAtMs: date.epochMs };
}

/**
 * Verifies the signature over the canonical request with the leaf certificate's public key, and
 * returns the string to sign it verified.
 */
export function verifySessionSignature(request: SignedRequest, signer: SessionSigner): string {
  const key = signer.leafKey;
  if (key === undefined) {
    throw sessionDenied(INVALID_SIGNATURE, 'the certificate public key cannot be used for signatures');
  }
  const expected = x509AlgorithmForKey(key);
  if (expected !== signer.authorization.algorithm) {
    throw sessionDenied(
      INVALID_SIGNATURE,
      `algorithm ${signer.authorization.algorithm} does not fit the certificate's ${key.asymmetricKeyType} key`,
    );
  }
  const verified = asDenied(() =>
    verifiedX509StringToSign(request, { authorization: signer.authorization, publicKey: key }),
  );
  if (verified === undefined)
    throw sessionDenied(INVALID_SIGNATURE, 'the signature does not verify with the certificate public key');
  return verified.stringToSign;
}

function decodeCertificate(text: string, what: string, certificates: CertificateCache): ParsedCertificate {
  // A remembered text was checked when it was first parsed.
  const wellFormed = certificates.has(text) || /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  if (text.length === 0 || text.length > MAX_CERTIFICATE_BASE64 || !wellFormed) {
    throw validationError(`${what} must be the base64 of a DER certificate of at most 12 KiB`);
  }
  try {
    return certificates.parse(text);
  } catch (error) {
    throw validationError(
      `${what} is not a valid X.509 certificate: ${isAnchorageError(error) ? error.message : 'unreadable'}`,
    );
  }
}

/** SigV4 parse errors are malformed input here. */
function asMalformed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isAnchorageError(error) && error.fault === 'client')
      throw validationError(error.message, error.reason);
    throw error;
  }
}

/** SigV4 check failures (scope, clock, missing signed header) are signature refusals here. */
function asDenied<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isAnchorageError(error) && error.fault === 'client') {
      throw new AnchorageError(
        'AccessDeniedException',
        error.code === 'InvalidSignatureException' ? error.message : INVALID_SIGNATURE,
        {
          reason: error.reason,
        },
      );
    }
    throw error;
  }
}
