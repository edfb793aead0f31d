import { readBitStringOctets } from '../der/bit-string.ts';
import { decodeDer } from '../der/decode.ts';
import { readIntegerBytes } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readNull } from '../der/null.ts';
import { readOid } from '../der/oid.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { UniversalTag } from '../der/tags.ts';
import { validationError } from '../errors.ts';
import { ML_DSA_PARAMETER_SETS, type MlDsaParameterSet, NAMED_CURVES, OID } from './oids.ts';
import { parseRsaPssParameters } from './rsa-pss-parameters.ts';

export type EcCurve = 'P-256' | 'P-384' | 'P-521' | 'other';

/** What kind of key a certificate carries, enough to apply key-size and algorithm policy. */
export type PublicKeyDescription =
  | { readonly type: 'rsa'; readonly modulusBits: number }
  | { readonly type: 'ec'; readonly curve: EcCurve; readonly curveOid: string | null }
  | { readonly type: 'ed25519' }
  | { readonly type: 'ml-dsa'; readonly parameterSet: MlDsaParameterSet }
  | { readonly type: 'unknown'; readonly oid: string };

export interface SubjectPublicKeyInfo {
  /** The whole SubjectPublicKeyInfo encoding: what `crypto.createPublicKey` takes as `spki`. */
  readonly der: Uint8Array;
  readonly algorithmOid: string;
  /** The subjectPublicKey BIT STRING octets (RFC 5280 §4.2.1.2 hashes these for key ids). */
  readonly publicKey: Uint8Array;
  readonly key: PublicKeyDescription;
}

// FIPS 204 Table 2: public key sizes.
const ML_DSA_PUBLIC_KEY_BYTES: Readonly<Record<MlDsaParameterSet, number>> = {
  'ML-DSA-44': 1312,
  'ML-DSA-65': 1952,
  'ML-DSA-87': 2592,
};

/** RFC 5280 §4.1.2.7 SubjectPublicKeyInfo, with the key described per RFC 3279/5480/8410/9881. */
export function parseSubjectPublicKeyInfo(node: DerNode, what: string): SubjectPublicKeyInfo {
  const fields = readSequence(node, what);
  const algorithm = readSequence(fields.next('algorithm'), `${what} algorithm`);
  const publicKey = readBitStringOctets(fields.next('subjectPublicKey'), `${what} subjectPublicKey`);
  fields.end();
  const algorithmOid = readOid(algorithm.next('algorithm'), `${what} algorithm`);
  const parameters = algorithm.remaining > 0 ? algorithm.next('parameters') : null;
  algorithm.end();
  const key = describeKey(algorithmOid, parameters, publicKey, what);
  return { der: node.raw, algorithmOid, publicKey, key };
}

function describeKey(
  oid: string,
  parameters: DerNode | null,
  publicKey: Uint8Array,
  what: string,
): PublicKeyDescription {
  switch (oid) {
    case OID.rsaEncryption:
      // RFC 3279 §2.3.1: NULL parameters.
      if (parameters !== null) readNull(parameters, `${what} rsaEncryption parameters`);
      return { type: 'rsa', modulusBits: rsaModulusBits(publicKey, what) };
    case OID.rsassaPss:
      // RFC 4055 §1.2: a PSS-only RSA key; its parameters, if any, restrict the signatures.
      if (parameters !== null) parseRsaPssParameters(parameters, `${what} RSASSA-PSS parameters`);
      return { type: 'rsa', modulusBits: rsaModulusBits(publicKey, what) };
    case OID.ecPublicKey: {
      // RFC 5480 §2.1.1: ECParameters is a CHOICE; only namedCurve is allowed in PKIX, but we
      // describe the others as 'other' and let policy refuse them.
      if (parameters === null) throw validationError(`${what} id-ecPublicKey lacks its curve parameters`);
      // RFC 5480 §2.2: 0x04 uncompressed, 0x02/0x03 compressed; "The public key MUST be rejected
      // if any other value is included in the first octet" (OpenSSL takes the hybrid 0x06/0x07
      // form, which would give one key several encodings).
      const form = publicKey[0];
      if (form !== 0x02 && form !== 0x03 && form !== 0x04) {
        throw validationError(`${what} EC point is neither compressed nor uncompressed (RFC 5480 §2.2)`);
      }
      if (!parameters.isUniversal || parameters.tagNumber !== UniversalTag.objectIdentifier) {
        return { type: 'ec', curve: 'other', curveOid: null };
      }
      const curveOid = readOid(parameters, `${what} namedCurve`);
      return { type: 'ec', curve: NAMED_CURVES.get(curveOid) ?? 'other', curveOid };
    }
    case OID.ed25519:
      // RFC 8410 §3: parameters absent; the key is 32 octets.
      if (parameters !== null) throw validationError(`${what} Ed25519 algorithm must not have parameters`);
      if (publicKey.length !== 32)
        throw validationError(`${what} Ed25519 key must be 32 bytes, found ${publicKey.length}`);
      return { type: 'ed25519' };
    default: {
      const parameterSet = ML_DSA_PARAMETER_SETS.get(oid);
      if (parameterSet === undefined) return { type: 'unknown', oid };
      // RFC 9881 §4: parameters absent; the key is the raw FIPS 204 encoding.
      if (parameters !== null)
        throw validationError(`${what} ${parameterSet} algorithm must not have parameters`);
      const expected = ML_DSA_PUBLIC_KEY_BYTES[parameterSet];
      if (publicKey.length !== expected) {
        throw validationError(
          `${what} ${parameterSet} key must be ${expected} bytes, found ${publicKey.length}`,
        );
      }
      return { type: 'ml-dsa', parameterSet };
    }
  }
}

/** RFC 8017 §A.1.1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
function rsaModulusBits(publicKey: Uint8Array, what: string): number {
  const label = `${what} RSA public key`;
  const fields = readSequence(decodeDer(publicKey, label), label);
  const modulus = readIntegerBytes(fields.next('modulus'), `${label} modulus`);
  const exponent = readIntegerBytes(fields.next('publicExponent'), `${label} publicExponent`);
  fields.end();
  if (isNegativeOrZero(modulus) || isNegativeOrZero(exponent)) {
    throw validationError(`${label} has a modulus or exponent that is not positive`);
  }
  const significant = modulus[0] === 0 ? modulus.subarray(1) : modulus;
  const top = significant[0] ?? 0;
  return (significant.length - 1) * 8 + (32 - Math.clz32(top));
}

function isNegativeOrZero(integer: Uint8Array): boolean {
  const first = integer[0] ?? 0;
  return (first & 0x80) !== 0 || (integer.length === 1 && first === 0);
}
