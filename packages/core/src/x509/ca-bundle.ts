import { isAnchorageError, validationError } from '../errors.ts';
import { type Certificate, parseCertificate } from './certificate.ts';
import { type Crl, isCrlIssuedBy, parseCrl } from './crl.ts';
import { decodePem } from './pem.ts';
import { isSha256OrStronger } from './signature-algorithm.ts';

/** Most certificates one bundle may hold; the per-anchor quota (2, protocol notes §1.9) is the control plane's to apply. */
export const MAX_BUNDLE_CERTIFICATES = 10;
/** Smallest RSA modulus we accept for a CA key. */
export const MIN_RSA_MODULUS_BITS = 2048;

/**
 * Validates the `x509CertificateData` of a CERTIFICATE_BUNDLE trust anchor and returns its
 * certificates. Each must be a CA certificate fit to anchor paths (protocol notes §3.1): X.509
 * v3, basicConstraints cA=true, keyUsage with keyCertSign, signed with SHA-256 or stronger (or
 * Ed25519 / ML-DSA), RSA keys of at least 2048 bits. Explanatory text around the blocks is
 * tolerated (RFC 7468 §5.2); any PEM block other than CERTIFICATE is refused.
 */
export function parseTrustAnchorBundle(pemText: string): Certificate[] {
  const blocks = decodePem(pemText);
  if (blocks.length === 0) throw validationError('the certificate bundle contains no PEM CERTIFICATE block');
  if (blocks.length > MAX_BUNDLE_CERTIFICATES) {
    throw validationError(
      `the certificate bundle contains ${blocks.length} PEM blocks; at most ${MAX_BUNDLE_CERTIFICATES} certificates are allowed`,
    );
  }
  return blocks.map((block, index) => {
    const position = `certificate ${index + 1} of the bundle`;
    if (block.label !== 'CERTIFICATE') {
      throw validationError(
        `block ${index + 1} of the bundle is a PEM '${block.label}' block, not a CERTIFICATE`,
      );
    }
    let certificate: Certificate;
    try {
      certificate = parseCertificate(block.der);
    } catch (error) {
      if (!isAnchorageError(error)) throw error;
      throw validationError(`${position} cannot be parsed: ${error.message}`);
    }
    checkAnchorCertificate(certificate, position);
    return certificate;
  });
}

function checkAnchorCertificate(certificate: Certificate, position: string): void {
  if (certificate.version !== 3) {
    throw validationError(`${position} is X.509 v${certificate.version}; a trust anchor must be X.509 v3`);
  }
  const basic = certificate.basicConstraints;
  if (basic === null)
    throw validationError(`${position} is not a CA certificate (no basicConstraints extension)`);
  if (!basic.cA) throw validationError(`${position} is not a CA certificate (basicConstraints CA is false)`);
  const usage = certificate.keyUsage;
  if (usage === null) {
    throw validationError(
      `${position} has no keyUsage extension; a CA certificate needs keyUsage keyCertSign`,
    );
  }
  if (!usage.keyCertSign)
    throw validationError(`${position} cannot sign certificates (keyUsage lacks keyCertSign)`);
  if (!certificate.signatureAlgorithmsMatch) {
    throw validationError(
      `${position} names different signature algorithms inside and outside its signed part (RFC 5280 §4.1.1.2)`,
    );
  }
  const algorithm = certificate.signatureAlgorithm;
  if (!isSha256OrStronger(algorithm)) {
    const hash = algorithm.pss === null ? '' : ` with ${algorithm.hash ?? 'an unknown hash'}`;
    throw validationError(
      `${position} is signed with ${algorithm.name}${hash}; SHA-256 or stronger (or Ed25519, ML-DSA) is required`,
    );
  }
  const key = certificate.subjectPublicKeyInfo.key;
  if (key.type === 'rsa' && key.modulusBits < MIN_RSA_MODULUS_BITS) {
    throw validationError(
      `${position} has a ${key.modulusBits}-bit RSA key; at least ${MIN_RSA_MODULUS_BITS} bits are required`,
    );
  }
}

/**
 * Parses a CRL (DER) and refuses it unless one of the anchor's CA certificates issued it.
 */
export function assertCrlMatchesAnchor(crlDer: Uint8Array, anchorCerts: readonly Certificate[]): Crl {
  const crl = parseCrl(crlDer);
  if (!anchorCerts.some((certificate) => isCrlIssuedBy(crl, certificate))) {
    throw validationError(
      'the CRL is not signed by a CA certificate of the trust anchor',
      `CRL issuer ${crl.issuer.rfc4514}`,
    );
  }
  return crl;
}
