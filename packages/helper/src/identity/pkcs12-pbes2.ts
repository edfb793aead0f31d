import type { Buffer } from 'node:buffer';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import type { WorkBudget } from './pkcs12-budget.ts';
import { type CipherSpec, requireCipher, tryDecrypt } from './pkcs12-cipher.ts';
import { readAlgorithm, requireParameters } from './pkcs12-der.ts';
import { malformed, unsupported, wrongPassword } from './pkcs12-error.ts';
import { P12_OID } from './pkcs12-oids.ts';
import { derivePbkdf2, readPbkdf2Params } from './pkcs12-pbkdf2.ts';

/** RFC 8018 Appendix B.2: the encryption schemes PBES2 names; each takes its IV as parameters. */
const SCHEMES: ReadonlyMap<string, CipherSpec> = new Map([
  [P12_OID.aes128Cbc, { name: 'aes-128-cbc', keyLength: 16, ivLength: 16, family: 'AES-128-CBC' }],
  [P12_OID.aes192Cbc, { name: 'aes-192-cbc', keyLength: 24, ivLength: 16, family: 'AES-192-CBC' }],
  [P12_OID.aes256Cbc, { name: 'aes-256-cbc', keyLength: 32, ivLength: 16, family: 'AES-256-CBC' }],
  [P12_OID.desEde3Cbc, { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8, family: 'DES-EDE3-CBC' }],
  [P12_OID.desCbc, { name: 'des-cbc', keyLength: 8, ivLength: 8, family: 'single DES' }],
]);

/**
 * PBES2 decryption (RFC 8018 §6.2.2): PBKDF2 over the UTF-8 password, then the named CBC cipher.
 * `params` is PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme } (§A.4).
 */
export function decryptPbes2<T>(
  params: DerNode | undefined,
  ciphertext: Uint8Array,
  password: Uint8Array,
  budget: WorkBudget,
  what: string,
  accept: (plaintext: Buffer) => T,
): T {
  if (params === undefined) throw malformed(`the PBES2 algorithm of ${what} lacks its parameters`);
  const reader = readSequence(params, `${what} PBES2 parameters`);
  const kdf = readPbkdf2Params(readAlgorithm(reader.next('keyDerivationFunc'), `${what} PBES2 KDF`), what);
  const scheme = readAlgorithm(reader.next('encryptionScheme'), `${what} PBES2 encryptionScheme`);
  reader.end();

  if (scheme.oid === P12_OID.rc2Cbc) {
    requireCipher({ name: 'rc2-cbc', keyLength: 16, ivLength: 8, family: 'RC2' }, 'PBES2 with RC2-CBC', what);
    throw unsupported(`PBES2 with RC2-CBC for ${what}, which Anchorage does not implement`);
  }
  const cipher = SCHEMES.get(scheme.oid);
  if (cipher === undefined) throw unsupported(`the PBES2 encryption scheme ${scheme.oid} for ${what}`);
  requireCipher(cipher, `PBES2 with ${cipher.family}`, what);
  const iv = readOctetString(requireParameters(scheme, `${what} ${cipher.family}`), `${what} IV`);
  if (iv.length !== cipher.ivLength) {
    throw malformed(
      `${what} has a ${iv.length}-byte ${cipher.family} IV; it must be ${cipher.ivLength} bytes`,
    );
  }
  if (kdf.keyLength !== undefined && kdf.keyLength !== cipher.keyLength) {
    throw malformed(
      `${what} asks PBKDF2 for a ${kdf.keyLength}-byte key, but ${cipher.family} takes ${cipher.keyLength}`,
    );
  }
  const key = derivePbkdf2(kdf, password, cipher.keyLength, budget, `the PBKDF2 of ${what}`);
  const result = tryDecrypt(cipher, key, iv, ciphertext, accept);
  key.fill(0);
  if (result === undefined) throw wrongPassword(`decrypting ${what}`);
  return result.value;
}
