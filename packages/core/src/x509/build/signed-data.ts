/**
 * The SIGNED{…} wrapper shared by certificates, CRLs and CSRs (RFC 5280 §4.1.1, §5.1.1;
 * RFC 2986 §4.2): SEQUENCE { toBeSigned, signatureAlgorithm, signature BIT STRING }.
 */
import type { KeyObject } from 'node:crypto';
import { decodeDer } from '../../der/decode.ts';
import { derBitString, derSequence } from '../../der/encode.ts';
import { verifySignedData } from '../signature.ts';
import { parseSignatureAlgorithm } from '../signature-algorithm.ts';
import { type SigningAlgorithm, signWith } from './signature-algorithm.ts';

/**
 * Signs `toBeSigned` and checks the signature with `spki` before releasing it, so that a faulty
 * signature (a hardware or library fault, a mismatched key) is never handed out.
 */
export function signData(
  toBeSigned: Uint8Array,
  key: KeyObject,
  algorithm: SigningAlgorithm,
  spki: Uint8Array,
): Uint8Array {
  const signature = signWith(key, algorithm, toBeSigned);
  const parsed = parseSignatureAlgorithm(
    decodeDer(algorithm.identifier, 'signature algorithm'),
    'signature algorithm',
  );
  if (!verifySignedData(toBeSigned, parsed, signature, spki)) {
    throw new Error(`the ${algorithm.name} signature just made does not verify with the signer's public key`);
  }
  return derSequence(toBeSigned, algorithm.identifier, derBitString(signature));
}
