/**
 * The checks ImportCertificateAuthorityCertificate makes of the certificate and its chain
 * (the operation's documentation in the model):
 * - it must hold the CA's own key (CertificateMismatchException);
 * - it must be a CA certificate: critical basicConstraints with cA, keyCertSign if keyUsage is
 *   present, and no critical extension outside AWS's allowed list (MalformedCertificateException);
 * - a root is self-signed and comes without a chain; a subordinate is not self-signed and its
 *   chain leads, each certificate signing the one before, to a self-signed root that is the
 *   last (InvalidRequestException);
 * - every certificate above it allows it: a CA whose path length admits the CAs below it
 *   (CertificateMismatchException: "does not comply with conditions specified in the
 *   certificate that signed it").
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AnchorageError } from '@anchorage/core/errors';
import { bytesEqual } from '@anchorage/core/x509/bytes';
import type { Certificate } from '@anchorage/core/x509/certificate';
import { OID } from '@anchorage/core/x509/oids';
import { verifySignedData } from '@anchorage/core/x509/signature';
import { malformed } from './certificate-input.ts';

/** Critical extensions AWS accepts in an imported CA certificate or chain. */
const ALLOWED_CRITICAL: ReadonlySet<string> = new Set([
  OID.authorityKeyIdentifier,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.extKeyUsage,
  OID.inhibitAnyPolicy,
  OID.issuerAltName,
  OID.keyUsage,
  OID.nameConstraints,
  OID.policyMappings,
  OID.subjectAltName,
  '2.5.29.9', // subjectDirectoryAttributes
  OID.subjectKeyIdentifier,
  OID.subjectInfoAccess,
]);

/** Compared as keys, not bytes: another CA may encode the same key differently (a compressed EC point). */
export function checkHoldsKey(certificate: Certificate, caKey: KeyObject): void {
  if (!sameKey(certificate.subjectPublicKeyInfo.der, caKey)) {
    throw new AnchorageError(
      'CertificateMismatchException',
      "The certificate's public key is not the certificate authority's key",
    );
  }
}

export function sameKey(spki: Uint8Array, key: KeyObject): boolean {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).equals(
      createPublicKey(key),
    );
  } catch {
    return false;
  }
}

export function checkCaProfile(certificate: Certificate, what: string): void {
  const basic = certificate.extensions.find((e) => e.oid === OID.basicConstraints);
  if (basic === undefined || !basic.critical || certificate.basicConstraints?.cA !== true) {
    throw malformed(`${what} is not a CA certificate (basicConstraints must be critical with cA TRUE)`);
  }
  if (certificate.keyUsage !== null && !certificate.keyUsage.keyCertSign) {
    throw malformed(`${what} does not allow keyCertSign`);
  }
  const refused = certificate.extensions.find((e) => e.critical && !ALLOWED_CRITICAL.has(e.oid));
  if (refused !== undefined) throw malformed(`${what} marks ${refused.name ?? refused.oid} critical`);
}

export function isSelfSigned(certificate: Certificate): boolean {
  return signs(certificate, certificate);
}

/** True when `issuer` names and signed `certificate`. */
function signs(issuer: Certificate, certificate: Certificate): boolean {
  return (
    bytesEqual(certificate.issuer.der, issuer.subject.der) &&
    verifySignedData(
      certificate.tbsDer,
      certificate.signatureAlgorithm,
      certificate.signature,
      issuer.subjectPublicKeyInfo.der,
    )
  );
}

export function checkRoot(certificate: Certificate, chain: readonly Certificate[]): void {
  if (!isSelfSigned(certificate))
    throw invalidRequest('Only a self-signed certificate can be imported as a root CA');
  if (chain.length > 0) throw invalidRequest('A root CA certificate is imported without a certificate chain');
}

export function checkSubordinate(certificate: Certificate, chain: readonly Certificate[]): void {
  if (isSelfSigned(certificate)) {
    throw invalidRequest('A self-signed certificate cannot be imported as a subordinate CA');
  }
  if (chain.length === 0) throw invalidRequest('A subordinate CA certificate needs its CertificateChain');
  if (chain.some((c) => bytesEqual(c.der, certificate.der))) {
    throw invalidRequest('The certificate chain must not include the certificate being imported');
  }
  const path = [certificate, ...chain];
  chain.forEach((issuer, index) => {
    const what = `CertificateChain certificate ${index + 1}`;
    if (!signs(issuer, path[index] as Certificate)) {
      throw invalidRequest(`${what} did not sign the certificate before it`);
    }
    checkCaProfile(issuer, what);
    // Below chain[index] come index + 1 CA certificates (chain[0..index-1] and the one imported).
    const limit = issuer.basicConstraints?.pathLenConstraint ?? null;
    if (limit !== null && index + 1 > limit) {
      throw new AnchorageError(
        'CertificateMismatchException',
        `${what} allows ${limit} CA certificate(s) below it; this one would be number ${index + 1}`,
      );
    }
  });
  const root = chain[chain.length - 1];
  if (root === undefined || !isSelfSigned(root)) {
    throw invalidRequest('The last certificate of the chain must be a self-signed root CA certificate');
  }
}

function invalidRequest(message: string): AnchorageError {
  return new AnchorageError('InvalidRequestException', message);
}
