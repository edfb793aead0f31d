/** ACM PCA's KeyAlgorithm name for a key, from its type, modulus size or curve. */
import type { KeyObject } from 'node:crypto';

export type KeyAlgorithmName =
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'EC_prime256v1'
  | 'EC_secp384r1'
  | 'EC_secp521r1'
  | 'ML_DSA_44'
  | 'ML_DSA_65'
  | 'ML_DSA_87';

const RSA_SIZES: ReadonlyMap<number, KeyAlgorithmName> = new Map([
  [2048, 'RSA_2048'],
  [3072, 'RSA_3072'],
  [4096, 'RSA_4096'],
]);

// node:crypto reports OpenSSL's curve names, which are the ones the enum uses.
const CURVES: ReadonlyMap<string, KeyAlgorithmName> = new Map([
  ['prime256v1', 'EC_prime256v1'],
  ['secp384r1', 'EC_secp384r1'],
  ['secp521r1', 'EC_secp521r1'],
]);

const ML_DSA: ReadonlyMap<string, KeyAlgorithmName> = new Map([
  ['ml-dsa-44', 'ML_DSA_44'],
  ['ml-dsa-65', 'ML_DSA_65'],
  ['ml-dsa-87', 'ML_DSA_87'],
]);

/** undefined for keys outside the enum (RSA of other sizes, other curves, Ed25519, RSA-PSS, …). */
export function describeKey(key: KeyObject): KeyAlgorithmName | undefined {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return RSA_SIZES.get(details?.modulusLength ?? 0);
    case 'ec':
      return CURVES.get(details?.namedCurve ?? '');
    default:
      return ML_DSA.get(key.asymmetricKeyType ?? '');
  }
}
