/**
 * The signature algorithm the CA signs with, chosen from its key, and the signing itself. The
 * names are ACM PCA's SigningAlgorithm enum values.
 */
import { constants, type KeyObject, sign } from 'node:crypto';
import { derNull, derOid, derSequence } from '../../der/encode.ts';

export type SigningHash = 'sha256' | 'sha384' | 'sha512';

export interface SigningAlgorithm {
  /** The AlgorithmIdentifier DER, written into both signature fields (RFC 5280 §4.1.1.2). */
  readonly identifier: Uint8Array;
  /** null for ML-DSA, which signs the message itself (pure mode). */
  readonly hash: SigningHash | null;
  /** 'SHA256WITHRSA', 'SHA384WITHECDSA', 'ML_DSA_65', … */
  readonly name: string;
}

// RFC 4055 §5 (sha*WithRSAEncryption), RFC 5758 §3.2 (ecdsa-with-SHA*), RFC 9881 §2 (id-ml-dsa-*).
const RSA_OIDS: Readonly<Record<SigningHash, string>> = {
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};
const ECDSA_OIDS: Readonly<Record<SigningHash, string>> = {
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};
const ML_DSA_OIDS: Readonly<Record<string, string>> = {
  'ml-dsa-44': '2.16.840.1.101.3.4.3.17',
  'ml-dsa-65': '2.16.840.1.101.3.4.3.18',
  'ml-dsa-87': '2.16.840.1.101.3.4.3.19',
};
// The hash that matches the curve's strength (RFC 5480 §4).
const CURVE_HASH: Readonly<Record<string, SigningHash>> = {
  prime256v1: 'sha256',
  secp384r1: 'sha384',
  secp521r1: 'sha512',
};
const MIN_RSA_BITS = 2048;

/** The algorithm `key` (private or public) signs with; TypeError for keys the CA cannot use. */
export function signingAlgorithmFor(key: KeyObject, hash?: SigningHash): SigningAlgorithm {
  if (hash !== undefined && !Object.hasOwn(RSA_OIDS, hash))
    throw new TypeError(`unsupported hash '${String(hash)}'`);
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw new TypeError(`an RSA key of ${bits} bits is too small to sign with`);
    const chosen = hash ?? 'sha256';
    // RFC 4055 §5: the parameters are NULL.
    return {
      identifier: derSequence(derOid(RSA_OIDS[chosen]), derNull()),
      hash: chosen,
      name: `${upper(chosen)}WITHRSA`,
    };
  }
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const byCurve = Object.hasOwn(CURVE_HASH, curve) ? CURVE_HASH[curve] : undefined;
    if (byCurve === undefined) throw new TypeError(`EC curve '${curve}' is not P-256, P-384 or P-521`);
    const chosen = hash ?? byCurve;
    // RFC 5758 §3.2: the parameters are absent.
    return {
      identifier: derSequence(derOid(ECDSA_OIDS[chosen])),
      hash: chosen,
      name: `${upper(chosen)}WITHECDSA`,
    };
  }
  const mlDsa = type !== undefined && Object.hasOwn(ML_DSA_OIDS, type) ? ML_DSA_OIDS[type] : undefined;
  if (type !== undefined && mlDsa !== undefined) {
    if (hash !== undefined) throw new TypeError(`${type} signs without a separate hash; '${hash}' was given`);
    // RFC 9881 §2: pure ML-DSA, parameters absent.
    return {
      identifier: derSequence(derOid(mlDsa)),
      hash: null,
      name: type.toUpperCase().replaceAll('-', '_'),
    };
  }
  throw new TypeError(`a ${type ?? key.type} key cannot sign certificates here (RSA, EC or ML-DSA only)`);
}

/** Signs `data` as X.509 expects: RSA PKCS#1 v1.5, ECDSA as a DER Ecdsa-Sig-Value, pure ML-DSA. */
export function signWith(key: KeyObject, algorithm: SigningAlgorithm, data: Uint8Array): Uint8Array {
  if (key.type !== 'private') throw new TypeError('signing needs a private key');
  const expected = signingAlgorithmFor(key, algorithm.hash ?? undefined);
  if (expected.name !== algorithm.name) {
    throw new TypeError(`a ${key.asymmetricKeyType} key cannot sign with ${algorithm.name}`);
  }
  if (algorithm.hash === null) return new Uint8Array(sign(null, data, key));
  if (key.asymmetricKeyType === 'rsa') {
    return new Uint8Array(sign(algorithm.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }));
  }
  return new Uint8Array(sign(algorithm.hash, data, { key, dsaEncoding: 'der' }));
}

function upper(hash: SigningHash): string {
  return hash.toUpperCase();
}
