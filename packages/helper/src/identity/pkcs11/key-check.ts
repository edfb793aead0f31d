/**
 * Does the key on the token belong to the certificate? Sign a fixed message with it and verify
 * with the certificate's public key, as the official helper does before it trusts a token key:
 * a mismatch would otherwise surface only as a signature the server refuses, far from its cause.
 */
import { constants, createHash, verify, type X509Certificate } from 'node:crypto';
import type { Digest } from '../signing-identity.ts';

const LABEL = 'Anchorage PKCS#11 key check, version 1\n';

/** The test message binds the certificate's key, so a signature for one key proves nothing for another. */
export function keyCheckMessage(certificate: X509Certificate): Buffer {
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.concat([Buffer.from(LABEL, 'utf8'), createHash('sha256').update(spki).digest()]);
}

export async function keyMatchesCertificate(
  sign: (data: Buffer, digest: Digest) => Promise<Buffer>,
  certificate: X509Certificate,
): Promise<boolean> {
  const message = keyCheckMessage(certificate);
  const signature = await sign(message, 'sha256');
  const key = certificate.publicKey;
  try {
    return key.asymmetricKeyType === 'ec'
      ? verify('sha256', message, { key, dsaEncoding: 'der' }, signature)
      : verify('sha256', message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    // OpenSSL throws on some malformed signatures; for us that is "does not match".
    return false;
  }
}
