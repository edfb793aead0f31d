import { Buffer } from 'node:buffer';
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { SignatureAlgorithm } from './signature-algorithm.ts';

/**
 * Verifies `signature` over `signedData` (TBS bytes) with the issuer's SubjectPublicKeyInfo.
 * Supports RSA PKCS#1 v1.5 and RSASSA-PSS (SHA-256/384/512, and SHA-1 so that callers can tell
 * a weak-but-genuine signature from a forged one), ECDSA with SHA-1/256/384/512, Ed25519 and
 * ML-DSA-44/65/87. Policy (which algorithms are acceptable) is the caller's.
 *
 * Never throws for bad input: a wrong signature, an unusable key, a key that does not fit the
 * algorithm, or an algorithm we do not support all return false.
 */
export function verifySignedData(
  signedData: Uint8Array,
  algorithm: SignatureAlgorithm,
  signature: Uint8Array,
  issuerSpkiDer: Uint8Array,
): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(issuerSpkiDer), format: 'der', type: 'spki' });
    return verifyWithKey(signedData, algorithm, signature, key);
  } catch {
    return false;
  }
}

function verifyWithKey(
  data: Uint8Array,
  algorithm: SignatureAlgorithm,
  signature: Uint8Array,
  key: KeyObject,
): boolean {
  const keyType = key.asymmetricKeyType;
  switch (algorithm.scheme) {
    case 'rsa-pkcs1': {
      const hash = algorithm.hash;
      if (keyType !== 'rsa' || hash === null || hash === 'md5') return false;
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    }
    case 'rsa-pss': {
      const pss = algorithm.pss;
      if ((keyType !== 'rsa' && keyType !== 'rsa-pss') || pss === null || pss.hash === null) return false;
      // node:crypto uses MGF1 with the signature hash; other combinations cannot be checked.
      if (pss.maskGenHash !== pss.hash || pss.trailerField !== 1) return false;
      return verify(
        pss.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
        signature,
      );
    }
    case 'ecdsa': {
      const hash = algorithm.hash;
      if (keyType !== 'ec' || hash === null || hash === 'md5') return false;
      // X.509 carries ECDSA signatures as DER Ecdsa-Sig-Value (RFC 5758 §3.2).
      return verify(hash, data, { key, dsaEncoding: 'der' }, signature);
    }
    case 'ed25519':
      return keyType === 'ed25519' && verify(null, data, key, signature);
    case 'ml-dsa': {
      const expected = algorithm.mlDsaParameterSet?.toLowerCase();
      return expected !== undefined && keyType === expected && verify(null, data, key, signature);
    }
    default:
      return false;
  }
}
