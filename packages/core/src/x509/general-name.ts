import { readExplicit } from '../der/expect.ts';
import type { DerNode } from '../der/node.ts';
import { decodeOidContent } from '../der/oid.ts';
import { readSequenceOf } from '../der/sequence-reader.ts';
import { decodeIa5 } from '../der/strings.ts';
import { TagClass } from '../der/tags.ts';
import { validationError } from '../errors.ts';
import { formatIpAddress, formatIpConstraint } from './ip-address.ts';
import { type Name, parseName } from './name.ts';

/** The GeneralName kinds we do not interpret; they are kept with their encoding. */
export type OtherGeneralNameKind = 'otherName' | 'x400Address' | 'ediPartyName' | 'registeredID';

/** RFC 5280 §4.2.1.6 GeneralName. */
export type GeneralName =
  | { readonly kind: 'rfc822Name'; readonly value: string }
  | { readonly kind: 'dNSName'; readonly value: string }
  | { readonly kind: 'uniformResourceIdentifier'; readonly value: string }
  | { readonly kind: 'iPAddress'; readonly bytes: Uint8Array; readonly text: string }
  | { readonly kind: 'directoryName'; readonly name: Name }
  | { readonly kind: OtherGeneralNameKind; readonly der: Uint8Array };

/** Where the name appears: an iPAddress is an address in a SAN but address + mask in a constraint. */
export type GeneralNameContext = 'name' | 'constraint';

const KINDS = [
  'otherName',
  'rfc822Name',
  'dNSName',
  'x400Address',
  'directoryName',
  'ediPartyName',
  'uniformResourceIdentifier',
  'iPAddress',
  'registeredID',
] as const;

// Tags [0], [3], [4] and [5] carry structures; the others carry a primitive value (IMPLICIT).
const CONSTRUCTED: ReadonlySet<number> = new Set([0, 3, 4, 5]);

export function parseGeneralName(
  node: DerNode,
  what: string,
  context: GeneralNameContext = 'name',
): GeneralName {
  const kind = node.tagClass === TagClass.contextSpecific ? KINDS[node.tagNumber] : undefined;
  if (kind === undefined) throw validationError(`${what} is not a GeneralName (found ${node.describe()})`);
  if (node.constructed !== CONSTRUCTED.has(node.tagNumber)) {
    throw validationError(`${what} ${kind} uses the wrong encoding form (${node.describe()})`);
  }
  const label = `${what} ${kind}`;
  switch (kind) {
    case 'rfc822Name':
    case 'dNSName':
    case 'uniformResourceIdentifier':
      return { kind, value: decodeIa5(node.content, label) };
    case 'iPAddress':
      return parseIpAddress(node.content, label, context);
    case 'directoryName':
      // Name is a CHOICE, so its tag is EXPLICIT (X.680 §31.2.7).
      return { kind, name: parseName(readExplicit(node, 4, label), label) };
    case 'registeredID':
      decodeOidContent(node.content, label);
      return { kind, der: node.raw };
    default:
      return { kind, der: node.raw };
  }
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName. */
export function parseGeneralNames(node: DerNode, what: string): readonly GeneralName[] {
  return readSequenceOf(node, what, 1).map((item, index) =>
    parseGeneralName(item, `${what} entry ${index + 1}`),
  );
}

function parseIpAddress(content: Uint8Array, what: string, context: GeneralNameContext): GeneralName {
  const bytes = content.slice();
  if (context === 'name') {
    if (bytes.length !== 4 && bytes.length !== 16) {
      throw validationError(`${what} must be 4 (IPv4) or 16 (IPv6) octets, found ${bytes.length}`);
    }
    return { kind: 'iPAddress', bytes, text: formatIpAddress(bytes) };
  }
  if (bytes.length !== 8 && bytes.length !== 32) {
    throw validationError(`${what} constraint must be 8 (IPv4) or 32 (IPv6) octets, found ${bytes.length}`);
  }
  return { kind: 'iPAddress', bytes, text: formatIpConstraint(bytes) };
}
