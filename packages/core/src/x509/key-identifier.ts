import { expectContext } from '../der/expect.ts';
import { checkIntegerContent, twosComplementToBigInt } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readOctetString } from '../der/octet-string.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { type GeneralName, parseGeneralName } from './general-name.ts';

/** RFC 5280 §4.2.1.2: SubjectKeyIdentifier ::= KeyIdentifier (OCTET STRING). */
export function parseSubjectKeyIdentifier(node: DerNode, what: string): Uint8Array {
  return readOctetString(node, what);
}

/** RFC 5280 §4.2.1.1. */
export interface AuthorityKeyIdentifier {
  readonly keyIdentifier: Uint8Array | null;
  readonly authorityCertIssuer: readonly GeneralName[] | null;
  readonly authorityCertSerialNumber: bigint | null;
}

export function parseAuthorityKeyIdentifier(node: DerNode, what: string): AuthorityKeyIdentifier {
  const fields = readSequence(node, what);
  const keyIdNode = fields.optionalContext(0);
  const issuerNode = fields.optionalContext(1);
  const serialNode = fields.optionalContext(2);
  fields.end();
  // All three fields are IMPLICIT: [0] OCTET STRING, [1] GeneralNames, [2] INTEGER.
  if (keyIdNode !== null) expectContext(keyIdNode, 0, false, `${what} keyIdentifier`);
  if (issuerNode !== null) expectContext(issuerNode, 1, true, `${what} authorityCertIssuer`);
  if (serialNode !== null) expectContext(serialNode, 2, false, `${what} authorityCertSerialNumber`);
  return {
    keyIdentifier: keyIdNode === null ? null : keyIdNode.content,
    authorityCertIssuer:
      issuerNode === null
        ? null
        : issuerNode.children.map((item, index) =>
            parseGeneralName(item, `${what} authorityCertIssuer entry ${index + 1}`),
          ),
    authorityCertSerialNumber:
      serialNode === null
        ? null
        : twosComplementToBigInt(
            checkIntegerContent(serialNode.content, `${what} authorityCertSerialNumber`),
          ),
  };
}
