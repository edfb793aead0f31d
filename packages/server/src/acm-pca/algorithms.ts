/**
 * Key and signing algorithms the CA holds. The model's SigningAlgorithm must be of the key's
 * family (IssueCertificate doc: "The specified signing algorithm family (RSA or ECDSA) must match
 * the algorithm family of the CA's secret key"); anything else is InvalidArgsException.
 */
import type { CaKeyAlgorithm, CaSigningAlgorithm } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import type { SigningHash } from '@anchorage/core/x509/build/signature-algorithm';

export const CA_KEY_ALGORITHMS: readonly CaKeyAlgorithm[] = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'ML_DSA_65',
];

/** The signing algorithm a new CA gets when its creator has no preference (the key's natural hash). */
export const DEFAULT_SIGNING_ALGORITHM: Readonly<Record<CaKeyAlgorithm, CaSigningAlgorithm>> = {
  RSA_2048: 'SHA256WITHRSA',
  RSA_3072: 'SHA256WITHRSA',
  RSA_4096: 'SHA256WITHRSA',
  EC_prime256v1: 'SHA256WITHECDSA',
  EC_secp384r1: 'SHA384WITHECDSA',
  ML_DSA_65: 'ML_DSA_65',
};

type Family = 'RSA' | 'ECDSA' | 'ML_DSA_65';

const SIGNING: Readonly<Record<CaSigningAlgorithm, { family: Family; hash?: SigningHash }>> = {
  SHA256WITHRSA: { family: 'RSA', hash: 'sha256' },
  SHA384WITHRSA: { family: 'RSA', hash: 'sha384' },
  SHA512WITHRSA: { family: 'RSA', hash: 'sha512' },
  SHA256WITHECDSA: { family: 'ECDSA', hash: 'sha256' },
  SHA384WITHECDSA: { family: 'ECDSA', hash: 'sha384' },
  SHA512WITHECDSA: { family: 'ECDSA', hash: 'sha512' },
  ML_DSA_65: { family: 'ML_DSA_65' },
};

function keyFamily(key: CaKeyAlgorithm): Family {
  if (key.startsWith('RSA_')) return 'RSA';
  if (key.startsWith('EC_')) return 'ECDSA';
  return 'ML_DSA_65';
}

export function checkKeyAlgorithm(value: string): CaKeyAlgorithm {
  if (!(CA_KEY_ALGORITHMS as readonly string[]).includes(value)) {
    throw invalidArgs(`KeyAlgorithm ${value} is not supported; use one of ${CA_KEY_ALGORITHMS.join(', ')}`);
  }
  return value as CaKeyAlgorithm;
}

/** The hash to sign with (undefined for ML-DSA), after checking the algorithm fits the key. */
export function signingHash(key: CaKeyAlgorithm, signing: string): SigningHash | undefined {
  const known = Object.hasOwn(SIGNING, signing) ? SIGNING[signing as CaSigningAlgorithm] : undefined;
  if (known === undefined || known.family !== keyFamily(key)) {
    throw invalidArgs(
      `SigningAlgorithm ${signing} cannot be used with the ${key} key of the certificate authority`,
    );
  }
  return known.hash;
}

function invalidArgs(message: string): AnchorageError {
  return new AnchorageError('InvalidArgsException', message);
}
