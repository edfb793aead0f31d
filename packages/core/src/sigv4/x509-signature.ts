/**
 * The public-key step of SigV4-X509 (protocol notes §2.4 steps 5 and 6): sign or verify the
 * string to sign with the certificate's key.
 * - `AWS4-X509-RSA-SHA256`: RSA PKCS#1 v1.5 over SHA-256 (deterministic).
 * - `AWS4-X509-ECDSA-SHA256`: ECDSA over SHA-256 whatever the curve, DER `Ecdsa-Sig-Value`.
 * - `AWS4-X509-MLDSA`: pure ML-DSA (FIPS 204) over the raw bytes, empty context.
 * The key type must match the algorithm; a mismatch never verifies.
 *
 * The KeyObject is passed bare: PKCS#1 v1.5 padding (for an `rsa` key) and DER signatures (for
 * `ec`) are node:crypto's defaults, and an options object costs Node 24 two failed brand checks
 * per call (about a third of the verify's own time, measured with bench/create-session.ts).
 */
import { type KeyObject, sign, verify } from 'node:crypto';
import type { X509Algorithm } from './algorithms.ts';

/** The SigV4-X509 algorithm a key signs with, or `undefined` if the key type has none. */
export function x509AlgorithmForKey(key: KeyObject): X509Algorithm | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'AWS4-X509-RSA-SHA256';
    case 'ec':
      return 'AWS4-X509-ECDSA-SHA256';
    case 'ml-dsa-44':
    case 'ml-dsa-65':
    case 'ml-dsa-87':
      return 'AWS4-X509-MLDSA';
    default:
      return undefined;
  }
}

/** Lower-case hex signature of `stringToSign`. Throws TypeError if the key cannot sign `algorithm`. */
export function signX509StringToSign(
  algorithm: X509Algorithm,
  stringToSign: string,
  privateKey: KeyObject,
): string {
  if (privateKey.type !== 'private' || x509AlgorithmForKey(privateKey) !== algorithm) {
    throw new TypeError(`a ${privateKey.asymmetricKeyType ?? privateKey.type} key cannot sign ${algorithm}`);
  }
  const data = Buffer.from(stringToSign, 'utf8');
  switch (algorithm) {
    case 'AWS4-X509-RSA-SHA256':
      return sign('sha256', data, privateKey).toString('hex');
    case 'AWS4-X509-ECDSA-SHA256':
      return sign('sha256', data, privateKey).toString('hex');
    case 'AWS4-X509-MLDSA':
      return sign(null, data, privateKey).toString('hex');
  }
}

/** Whether `signatureHex` is a valid signature of `stringToSign` by `publicKey` under `algorithm`. */
export function verifyX509StringToSign(
  algorithm: X509Algorithm,
  stringToSign: string,
  signatureHex: string,
  publicKey: KeyObject,
): boolean {
  if (x509AlgorithmForKey(publicKey) !== algorithm) return false;
  const data = Buffer.from(stringToSign, 'utf8');
  const signature = Buffer.from(signatureHex, 'hex');
  try {
    switch (algorithm) {
      case 'AWS4-X509-RSA-SHA256':
        return verify('sha256', data, publicKey, signature);
      case 'AWS4-X509-ECDSA-SHA256':
        return verify('sha256', data, publicKey, signature);
      case 'AWS4-X509-MLDSA':
        return verify(null, data, publicKey, signature);
    }
  } catch {
    // OpenSSL rejects some malformed signatures by throwing rather than returning false; for the
    // caller both mean "does not verify".
    return false;
  }
}
