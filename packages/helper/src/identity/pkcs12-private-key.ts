import { Buffer } from 'node:buffer';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import type { KeyBagEntry } from './pkcs12-bags.ts';
import { type DecryptContext, decryptWithPassword } from './pkcs12-decrypt.ts';
import { decodePkcs12Der } from './pkcs12-der.ts';
import { Pkcs12Error } from './pkcs12-error.ts';

/** A signing identity is one key; with several we would have to guess which the user meant. */
export function singleKey(keys: readonly KeyBagEntry[]): KeyBagEntry | undefined {
  if (keys.length <= 1) return keys[0];
  const names = keys.map((key, index) => key.attributes.friendlyName ?? `#${index + 1} (unnamed)`);
  throw new Pkcs12Error(
    `PKCS#12 file holds ${keys.length} private keys (${names.join(', ')}); Anchorage needs exactly one — export a file with only the key and certificates of the identity to use`,
  );
}

/** The key of a keyBag (PrivateKeyInfo) or pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo). */
export function loadPrivateKey(entry: KeyBagEntry, context: DecryptContext): KeyObject {
  if (!entry.encrypted) return toKeyObject(Buffer.from(entry.privateKeyInfo.raw), 'keyBag');
  // RFC 5958 §3: EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }.
  const reader = readSequence(entry.encryptedPrivateKeyInfo, 'EncryptedPrivateKeyInfo');
  const algorithm = reader.next('encryptionAlgorithm');
  const ciphertext = readOctetString(reader.next('encryptedData'), 'EncryptedPrivateKeyInfo encryptedData');
  reader.end();
  const decrypted = decryptWithPassword(algorithm, ciphertext, context, 'the private key', (plaintext) => ({
    plaintext,
    node: decodePkcs12Der(plaintext, 'decrypted private key'),
  }));
  const der = Buffer.from(decrypted.node.raw);
  decrypted.plaintext.fill(0);
  try {
    return toKeyObject(der, 'pkcs8ShroudedKeyBag');
  } finally {
    der.fill(0);
  }
}

function toKeyObject(der: Buffer, bag: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Pkcs12Error(
      `the private key in the PKCS#12 ${bag} cannot be loaded by node:crypto (${detail}): the file is corrupted or holds a key type Node.js does not support (RSA, EC, Ed25519 and ML-DSA work); re-export the file`,
      { cause: error },
    );
  }
}
