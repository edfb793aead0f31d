import type { Buffer } from 'node:buffer';
import { pbkdf2Sync } from 'node:crypto';
import { readInteger } from '@anchorage/core/der/integer';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import { UniversalTag } from '@anchorage/core/der/tags';
import { readIterationCount, type WorkBudget } from './pkcs12-budget.ts';
import { type AlgorithmIdentifier, readAlgorithm, requireParameters } from './pkcs12-der.ts';
import { malformed, unsupported } from './pkcs12-error.ts';
import { DEFAULT_PRF, type HashInfo, HMACS } from './pkcs12-hashes.ts';
import { P12_OID } from './pkcs12-oids.ts';

export interface Pbkdf2Params {
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly keyLength: number | undefined;
  readonly prf: HashInfo;
}

// Keys for AES or HMAC are at most 64 bytes; more is a hostile allocation.
const MAX_KEY_LENGTH = 1024;

/**
 * RFC 8018 §A.2: PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, … },
 * iterationCount INTEGER, keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }.
 */
export function readPbkdf2Params(kdf: AlgorithmIdentifier, what: string): Pbkdf2Params {
  if (kdf.oid !== P12_OID.pbkdf2) {
    throw unsupported(
      `the key derivation function ${kdf.oid} in ${what}, which Anchorage does not implement`,
    );
  }
  const reader = readSequence(requireParameters(kdf, `${what} PBKDF2`), `${what} PBKDF2 parameters`);
  const saltNode = reader.next('salt');
  if (!saltNode.isUniversal || saltNode.tagNumber !== UniversalTag.octetString) {
    throw unsupported(`a PBKDF2 salt from another source (otherSource) in ${what}`);
  }
  const salt = readOctetString(saltNode, `${what} PBKDF2 salt`);
  const iterations = readIterationCount(reader.next('iterationCount'), `${what} PBKDF2 iterationCount`);
  const keyLengthNode = reader.optionalUniversal(UniversalTag.integer);
  let keyLength: number | undefined;
  if (keyLengthNode !== null) {
    const value = readInteger(keyLengthNode, `${what} PBKDF2 keyLength`);
    if (value < 1n || value > BigInt(MAX_KEY_LENGTH)) {
      throw malformed(`${what} PBKDF2 keyLength is ${value}; it must be between 1 and ${MAX_KEY_LENGTH}`);
    }
    keyLength = Number(value);
  }
  let prf = DEFAULT_PRF;
  if (reader.remaining > 0) {
    const prfAlgorithm = readAlgorithm(reader.next('prf'), `${what} PBKDF2 prf`);
    const known = HMACS.get(prfAlgorithm.oid);
    if (known === undefined) throw unsupported(`the PBKDF2 PRF ${prfAlgorithm.oid} in ${what}`);
    prf = known;
  }
  reader.end();
  return { salt, iterations, keyLength, prf };
}

export function derivePbkdf2(
  params: Pbkdf2Params,
  password: Uint8Array,
  keyLength: number,
  budget: WorkBudget,
  what: string,
): Buffer {
  budget.charge(params.iterations, Math.ceil(keyLength / params.prf.outputSize), what);
  return pbkdf2Sync(password, params.salt, params.iterations, keyLength, params.prf.name);
}
