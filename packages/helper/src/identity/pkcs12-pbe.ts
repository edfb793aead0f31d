import type { Buffer } from 'node:buffer';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import { readIterationCount, type WorkBudget } from './pkcs12-budget.ts';
import { type CipherSpec, requireCipher, tryDecrypt } from './pkcs12-cipher.ts';
import { malformed, wrongPassword } from './pkcs12-error.ts';
import { DIGESTS } from './pkcs12-hashes.ts';
import { KdfPurpose, pkcs12Kdf } from './pkcs12-kdf.ts';
import { PKCS12_PBE_ARC } from './pkcs12-oids.ts';

interface PbeScheme {
  readonly label: string;
  readonly cipher: CipherSpec;
}

/** RFC 7292 Appendix C: pkcs-12PbeIds, all over SHA-1. */
const SCHEMES: ReadonlyMap<string, PbeScheme> = new Map([
  [
    '1',
    { label: 'pbeWithSHAAnd128BitRC4', cipher: { name: 'rc4', keyLength: 16, ivLength: 0, family: 'RC4' } },
  ],
  [
    '2',
    { label: 'pbeWithSHAAnd40BitRC4', cipher: { name: 'rc4-40', keyLength: 5, ivLength: 0, family: 'RC4' } },
  ],
  [
    '3',
    {
      label: 'pbeWithSHAAnd3-KeyTripleDES-CBC',
      cipher: { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8, family: '3DES' },
    },
  ],
  [
    '4',
    {
      label: 'pbeWithSHAAnd2-KeyTripleDES-CBC',
      cipher: { name: 'des-ede-cbc', keyLength: 16, ivLength: 8, family: '2-key 3DES' },
    },
  ],
  [
    '5',
    {
      label: 'pbeWithSHAAnd128BitRC2-CBC',
      cipher: { name: 'rc2-cbc', keyLength: 16, ivLength: 8, family: 'RC2' },
    },
  ],
  [
    '6',
    {
      label: 'pbeWithSHAAnd40BitRC2-CBC',
      cipher: { name: 'rc2-40-cbc', keyLength: 5, ivLength: 8, family: 'RC2' },
    },
  ],
]);

const SHA1 = DIGESTS.get('1.3.14.3.2.26');

export function isPkcs12Pbe(oid: string): boolean {
  return oid.startsWith(PKCS12_PBE_ARC) && SCHEMES.has(oid.slice(PKCS12_PBE_ARC.length));
}

/**
 * Decryption under a PKCS#12 PBE scheme: key and IV from the Appendix B KDF (IDs 1 and 2) over
 * the BMPString password. With several password encodings in play (the empty password), each is
 * tried until one yields acceptable plaintext.
 */
export function decryptPkcs12Pbe<T>(
  oid: string,
  params: DerNode | undefined,
  ciphertext: Uint8Array,
  passwords: readonly Uint8Array[],
  budget: WorkBudget,
  what: string,
  accept: (plaintext: Buffer) => T,
): T {
  const scheme = SCHEMES.get(oid.slice(PKCS12_PBE_ARC.length));
  if (scheme === undefined || SHA1 === undefined)
    throw malformed(`${what} names an unknown PBE scheme ${oid}`);
  requireCipher(scheme.cipher, scheme.label, what);
  if (params === undefined) throw malformed(`the ${scheme.label} algorithm of ${what} lacks its parameters`);
  // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
  const reader = readSequence(params, `${what} PBE parameters`);
  const salt = readOctetString(reader.next('salt'), `${what} PBE salt`);
  const iterations = readIterationCount(reader.next('iterations'), `${what} PBE iterations`);
  reader.end();

  const { cipher } = scheme;
  for (const password of passwords) {
    const key = pkcs12Kdf(SHA1, password, salt, KdfPurpose.key, iterations, cipher.keyLength, budget);
    const iv =
      cipher.ivLength === 0
        ? null
        : pkcs12Kdf(SHA1, password, salt, KdfPurpose.iv, iterations, cipher.ivLength, budget);
    const result = tryDecrypt(cipher, key, iv, ciphertext, accept);
    key.fill(0);
    if (result !== undefined) return result.value;
  }
  throw wrongPassword(`decrypting ${what}`);
}
