import type { DerNode } from '../der/node.ts';
import { readOid } from '../der/oid.ts';
import { readSequenceOf } from '../der/sequence-reader.ts';

/** RFC 5280 §4.2.1.12: ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (OIDs). */
export function parseExtKeyUsage(node: DerNode, what: string): readonly string[] {
  return readSequenceOf(node, what, 1).map((item, index) => readOid(item, `${what} entry ${index + 1}`));
}
