import { readExplicit } from '../der/expect.ts';
import { readSmallInteger } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readOid } from '../der/oid.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { validationError } from '../errors.ts';
import { parseHashAlgorithm } from './hash-algorithm.ts';
import { type HashName, OID } from './oids.ts';

/** RSASSA-PSS-params of RFC 4055 §3.1, with its DEFAULT values filled in. */
export interface RsaPssParameters {
  readonly hash: HashName | null;
  readonly hashOid: string;
  /** The hash inside MGF1; null if unknown or if the mask generation function is not MGF1. */
  readonly maskGenHash: HashName | null;
  readonly maskGenHashOid: string | null;
  readonly saltLength: number;
  readonly trailerField: number;
}

export function parseRsaPssParameters(node: DerNode, what: string): RsaPssParameters {
  const fields = readSequence(node, what);
  const hashNode = fields.optionalContext(0);
  const maskGenNode = fields.optionalContext(1);
  const saltNode = fields.optionalContext(2);
  const trailerNode = fields.optionalContext(3);
  fields.end();

  // DEFAULT sha1Identifier / mgf1SHA1Identifier / 20 / trailerFieldBC (1).
  const hash =
    hashNode === null
      ? { oid: OID.sha1, hash: 'sha1' as const }
      : parseHashAlgorithm(readExplicit(hashNode, 0, `${what} hashAlgorithm`), `${what} hashAlgorithm`);
  let maskGenHash: HashName | null = 'sha1';
  let maskGenHashOid: string | null = OID.sha1;
  if (maskGenNode !== null) {
    const maskGen = readSequence(
      readExplicit(maskGenNode, 1, `${what} maskGenAlgorithm`),
      `${what} maskGenAlgorithm`,
    );
    const maskOid = readOid(maskGen.next('algorithm'), `${what} maskGenAlgorithm algorithm`);
    if (maskOid === OID.mgf1) {
      const inner = parseHashAlgorithm(maskGen.next('parameters'), `${what} MGF1 hash`);
      maskGenHash = inner.hash;
      maskGenHashOid = inner.oid;
    } else {
      if (maskGen.remaining > 0) maskGen.next('parameters');
      maskGenHash = null;
      maskGenHashOid = null;
    }
    maskGen.end();
  }
  const saltLength =
    saltNode === null
      ? 20
      : readSmallInteger(readExplicit(saltNode, 2, `${what} saltLength`), `${what} saltLength`, 1024);
  const trailerField =
    trailerNode === null
      ? 1
      : readSmallInteger(readExplicit(trailerNode, 3, `${what} trailerField`), `${what} trailerField`, 255);
  if (trailerField !== 1) throw validationError(`${what} trailerField must be 1 (RFC 4055 §3.1)`);
  return { hash: hash.hash, hashOid: hash.oid, maskGenHash, maskGenHashOid, saltLength, trailerField };
}
