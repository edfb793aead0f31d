import { readBoolean } from '../der/boolean.ts';
import { readSmallInteger } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { UniversalTag } from '../der/tags.ts';

/** RFC 5280 §4.2.1.9. */
export interface BasicConstraints {
  readonly cA: boolean;
  /** null when absent (no limit). */
  readonly pathLenConstraint: number | null;
}

// Any real path is a handful of certificates; a larger limit means "unlimited" in practice.
const MAX_PATH_LENGTH = 0x7fffffff;

export function parseBasicConstraints(node: DerNode, what: string): BasicConstraints {
  const fields = readSequence(node, what);
  const cANode = fields.optionalUniversal(UniversalTag.boolean);
  const pathNode = fields.optionalUniversal(UniversalTag.integer);
  fields.end();
  return {
    cA: cANode === null ? false : readBoolean(cANode, `${what} cA`),
    pathLenConstraint:
      pathNode === null ? null : readSmallInteger(pathNode, `${what} pathLenConstraint`, MAX_PATH_LENGTH),
  };
}
