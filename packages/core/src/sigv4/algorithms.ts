/**
 * The signing algorithms of the `Authorization` header. `AWS4-HMAC-SHA256` is plain SigV4; the
 * three `AWS4-X509-*` names are the SigV4-X509 variant of IAM Roles Anywhere (protocol notes §2.4
 * step 5), where the key is the private key of an X.509 certificate.
 */

export const HMAC_ALGORITHM = 'AWS4-HMAC-SHA256';

/** SigV4-X509 is only used by CreateSession, whose credential scope names this service. */
export const ROLES_ANYWHERE_SERVICE = 'rolesanywhere';

export const X509_ALGORITHMS = ['AWS4-X509-RSA-SHA256', 'AWS4-X509-ECDSA-SHA256', 'AWS4-X509-MLDSA'] as const;

export type HmacAlgorithm = typeof HMAC_ALGORITHM;
export type X509Algorithm = (typeof X509_ALGORITHMS)[number];
export type SigV4Algorithm = HmacAlgorithm | X509Algorithm;

export function isX509Algorithm(name: string): name is X509Algorithm {
  return (X509_ALGORITHMS as readonly string[]).includes(name);
}

export function isSigV4Algorithm(name: string): name is SigV4Algorithm {
  return name === HMAC_ALGORITHM || isX509Algorithm(name);
}

/**
 * Byte lengths a signature of each algorithm can have. The parser refuses anything else before
 * any cryptography runs, so a megabyte of hex never reaches `crypto.verify`.
 * - HMAC-SHA256: exactly 32 bytes.
 * - RSA PKCS#1 v1.5: the modulus size; 1024- to 8192-bit keys (the key-size policy is elsewhere).
 * - ECDSA: DER `Ecdsa-Sig-Value` (RFC 3279 §2.2.3); 8 bytes is the smallest well-formed value,
 *   P-521 needs at most 139.
 * - ML-DSA: FIPS 204 Table 2 fixes the signature size per parameter set (44, 65, 87).
 */
const SIGNATURE_BYTE_LENGTHS: Record<SigV4Algorithm, (length: number) => boolean> = {
  'AWS4-HMAC-SHA256': (n) => n === 32,
  'AWS4-X509-RSA-SHA256': (n) => n >= 128 && n <= 1024,
  'AWS4-X509-ECDSA-SHA256': (n) => n >= 8 && n <= 139,
  'AWS4-X509-MLDSA': (n) => n === 2420 || n === 3309 || n === 4627,
};

export function isPlausibleSignatureLength(algorithm: SigV4Algorithm, hexLength: number): boolean {
  return hexLength % 2 === 0 && SIGNATURE_BYTE_LENGTHS[algorithm](hexLength / 2);
}
