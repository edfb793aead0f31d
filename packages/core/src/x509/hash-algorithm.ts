import type { DerNode } from '../der/node.ts';
import { readNull } from '../der/null.ts';
import { readOid } from '../der/oid.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { UniversalTag } from '../der/tags.ts';
import { HASH_ALGORITHMS, type HashName } from './oids.ts';

export interface HashAlgorithm {
  readonly oid: string;
  /** null when the digest is not one we know. */
  readonly hash: HashName | null;
}

/** A hash AlgorithmIdentifier; RFC 4055 §2.1 allows NULL or absent parameters. */
export function parseHashAlgorithm(node: DerNode, what: string): HashAlgorithm {
  const fields = readSequence(node, what);
  const oid = readOid(fields.next('algorithm'), `${what} algorithm`);
  const parameters = fields.optionalUniversal(UniversalTag.null);
  if (parameters !== null) readNull(parameters, `${what} parameters`);
  fields.end();
  return { oid, hash: HASH_ALGORITHMS.get(oid) ?? null };
}
