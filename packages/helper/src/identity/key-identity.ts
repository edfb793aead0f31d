/** A signing identity whose private key is in this process (files, environment, stdin, PKCS#12). */
import { constants, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { x509AlgorithmForKey } from '@anchorage/core/sigv4/x509-signature';
import { HelperError } from '../helper-error.ts';
import { type CertificateSummary, describeCertificate } from './certificates.ts';
import type { Digest, SigningIdentity } from './signing-identity.ts';

export function keyIdentity(
  privateKey: KeyObject,
  certificate: Buffer,
  chain: readonly Buffer[],
): SigningIdentity {
  const summary = describeCertificate(certificate, 'certificate');
  const algorithm = x509AlgorithmForKey(privateKey);
  if (algorithm === undefined) {
    throw new HelperError(
      `a ${privateKey.asymmetricKeyType ?? 'secret'} key cannot sign CreateSession requests: use an RSA, EC or ML-DSA key`,
    );
  }
  assertKeyMatches(privateKey, summary);
  return {
    certificate,
    chain,
    algorithm,
    async sign(data, digest) {
      return signWithKey(privateKey, data, digest);
    },
    async close() {},
  };
}

/** The public half of the key must be the certificate's key, or every signature would be refused. */
function assertKeyMatches(privateKey: KeyObject, certificate: CertificateSummary): void {
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = certificate.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) {
    throw new HelperError(
      `the private key does not match the certificate (${certificate.subject}, serial ${certificate.serialHex}): ` +
        'give the key that was used to request this certificate',
    );
  }
}

/** RSA PKCS#1 v1.5 or ECDSA (DER) over digest(data); pure ML-DSA over the data (FIPS 204 has no digest to choose). */
export function signWithKey(privateKey: KeyObject, data: Buffer, digest: Digest): Buffer {
  switch (x509AlgorithmForKey(privateKey)) {
    case 'AWS4-X509-RSA-SHA256':
      return sign(digest, data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
    case 'AWS4-X509-ECDSA-SHA256':
      return sign(digest, data, { key: privateKey, dsaEncoding: 'der' });
    case 'AWS4-X509-MLDSA':
      return sign(null, data, privateKey);
    default:
      throw new HelperError(
        `a ${privateKey.asymmetricKeyType ?? 'secret'} key cannot sign: use an RSA, EC or ML-DSA key`,
      );
  }
}
