/**
 * Checks of the DER and keys the builders are given. They come from our own code (the store, a
 * CSR already parsed), so a defect is a bug of the caller: TypeError, not a ValidationException.
 */
import { Buffer } from 'node:buffer';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeDer } from '../../der/decode.ts';
import { isAnchorageError } from '../../errors.ts';
import { CERTIFICATE_DER_LIMITS } from '../limits.ts';
import { type Name, parseName } from '../name.ts';
import { parseSubjectPublicKeyInfo, type SubjectPublicKeyInfo } from '../public-key.ts';

export function readSpki(der: Uint8Array, what: string): SubjectPublicKeyInfo {
  return asTypeError(() => parseSubjectPublicKeyInfo(decodeDer(der, what, CERTIFICATE_DER_LIMITS), what));
}

export function readName(der: Uint8Array, what: string): Name {
  return asTypeError(() => parseName(decodeDer(der, what, CERTIFICATE_DER_LIMITS), what));
}

/** `key` must be the private key whose public half `spki` holds: the AKI and the signature depend on it. */
export function requireKeyPair(key: KeyObject, spki: Uint8Array, what: string): void {
  if (key.type !== 'private') throw new TypeError(`${what} must be a private key`);
  let expected: KeyObject;
  try {
    expected = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    throw new TypeError(`the public key given for ${what} is not one node:crypto can use`);
  }
  if (!createPublicKey(key).equals(expected)) {
    throw new TypeError(`${what} is not the private key of the issuer public key given`);
  }
}

function asTypeError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isAnchorageError(error)) throw new TypeError(error.message);
    throw error;
  }
}
