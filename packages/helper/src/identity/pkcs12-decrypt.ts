import type { Buffer } from 'node:buffer';
import type { DerNode } from '@anchorage/core/der/node';
import type { WorkBudget } from './pkcs12-budget.ts';
import { readAlgorithm } from './pkcs12-der.ts';
import { unsupported } from './pkcs12-error.ts';
import { P12_OID, PBES1_OIDS } from './pkcs12-oids.ts';
import type { Pkcs12Password } from './pkcs12-password.ts';
import { decryptPkcs12Pbe, isPkcs12Pbe } from './pkcs12-pbe.ts';
import { decryptPbes2 } from './pkcs12-pbes2.ts';

export interface DecryptContext {
  readonly password: Pkcs12Password;
  readonly budget: WorkBudget;
}

/**
 * Decrypts data protected by a password-based encryption AlgorithmIdentifier, the form shared
 * by EncryptedPrivateKeyInfo (RFC 5958 §3) and EncryptedContentInfo (RFC 5652 §6.1). `accept`
 * checks the plaintext (a DER decode) so that a wrong key is told apart from a right one.
 */
export function decryptWithPassword<T>(
  algorithmNode: DerNode,
  ciphertext: Uint8Array,
  context: DecryptContext,
  what: string,
  accept: (plaintext: Buffer) => T,
): T {
  const algorithm = readAlgorithm(algorithmNode, `${what} encryption algorithm`);
  const { password, budget } = context;
  if (algorithm.oid === P12_OID.pbes2) {
    return decryptPbes2(algorithm.parameters, ciphertext, password.utf8, budget, what, accept);
  }
  if (isPkcs12Pbe(algorithm.oid)) {
    return decryptPkcs12Pbe(
      algorithm.oid,
      algorithm.parameters,
      ciphertext,
      password.bmp,
      budget,
      what,
      accept,
    );
  }
  const pbes1 = PBES1_OIDS.get(algorithm.oid);
  if (pbes1 !== undefined) throw unsupported(`obsolete PBES1 encryption (${pbes1}) for ${what}`);
  throw unsupported(`an encryption algorithm Anchorage does not know (OID ${algorithm.oid}) for ${what}`);
}
