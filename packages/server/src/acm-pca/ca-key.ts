/**
 * The CA's key pair: made here with node:crypto, kept only as its PKCS#8 DER sealed with the data
 * key (AES-256-GCM, bound to the CA), and opened for the moment it signs.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { CaKeyAlgorithm, CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import type { SecretBox } from '../secrets/secret-box.ts';

export function generateCaKey(algorithm: CaKeyAlgorithm): KeyObject {
  switch (algorithm) {
    case 'RSA_2048':
    case 'RSA_3072':
    case 'RSA_4096':
      return generateKeyPairSync('rsa', { modulusLength: Number(algorithm.slice(4)) }).privateKey;
    case 'EC_prime256v1':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    case 'EC_secp384r1':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    case 'ML_DSA_65':
      return generateKeyPairSync('ml-dsa-65').privateKey;
  }
}

/** The additional data binds the sealed key to its CA: it cannot be moved to another record. */
function associatedData(caId: string): string {
  return `certificate-authority/${caId}`;
}

export function sealCaKey(box: SecretBox, caId: string, key: KeyObject): string {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return box.seal(pkcs8.toString('base64'), associatedData(caId));
}

export function openCaKey(box: SecretBox, ca: CertificateAuthorityRecord): KeyObject {
  const pkcs8 = Buffer.from(box.open(ca.sealedPrivateKey, associatedData(ca.id)), 'base64');
  return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}
