import type { DerNode } from '../der/node.ts';
import { type GeneralName, parseGeneralNames } from './general-name.ts';

/** RFC 5280 §4.2.1.6: SubjectAltName ::= GeneralNames. */
export function parseSubjectAltName(node: DerNode, what: string): readonly GeneralName[] {
  return parseGeneralNames(node, what);
}
