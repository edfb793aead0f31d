import type { DerNode } from '../der/node.ts';
import { readOid } from '../der/oid.ts';
import { readSequence, readSequenceOf, readSetOf } from '../der/sequence-reader.ts';
import { decodeStringContent, isStringTag } from '../der/strings.ts';
import { toHex } from './bytes.ts';
import { ATTRIBUTE_SHORT_NAMES } from './oids.ts';

/** One AttributeTypeAndValue of a distinguished name (RFC 5280 §4.1.2.4). */
export interface NameAttribute {
  readonly oid: string;
  /** `CN`, `O`, `OU`, …; null for a type we have no name for. */
  readonly shortName: string | null;
  /**
   * The value as text. A value that is not a character string is given as `#` and the hex of
   * its DER encoding, the RFC 4514 §2.4 form.
   */
  readonly value: string;
  readonly valueIsString: boolean;
  /** The universal tag of the value (12 = UTF8String, 19 = PrintableString, …). */
  readonly valueTag: number;
  /** The DER encoding of the value. */
  readonly valueDer: Uint8Array;
}

/** A relative distinguished name: usually one attribute, several for a multi-valued RDN. */
export type RelativeDistinguishedName = readonly NameAttribute[];

/** An X.501 Name: RDNs in DER order (most significant first, e.g. C, then O, then CN). */
export interface Name {
  /** The exact DER of the Name, for byte-exact issuer/subject matching. */
  readonly der: Uint8Array;
  readonly rdns: readonly RelativeDistinguishedName[];
  /** The RFC 4514 string: reverse order, e.g. `CN=workload-1,OU=Engineering,O=Example`. */
  readonly rfc4514: string;
}

export function parseName(node: DerNode, what: string): Name {
  const rdns = readSequenceOf(node, what).map((rdnNode, rdnIndex) => {
    const label = `${what} RDN ${rdnIndex + 1}`;
    // RFC 5280 §4.1.2.4: RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue.
    return readSetOf(rdnNode, label, 1).map((attributeNode) => parseAttribute(attributeNode, label));
  });
  return { der: node.raw, rdns, rfc4514: formatRfc4514(rdns) };
}

function parseAttribute(node: DerNode, what: string): NameAttribute {
  const fields = readSequence(node, what);
  const oid = readOid(fields.next('type'), `${what} attribute type`);
  const valueNode = fields.next('value');
  fields.end();
  const shortName = ATTRIBUTE_SHORT_NAMES.get(oid) ?? null;
  const valueIsString = isStringTag(valueNode);
  const value = valueIsString
    ? decodeStringContent(valueNode.tagNumber, valueNode.content, `${what} ${shortName ?? oid} value`)
    : `#${toHex(valueNode.raw)}`;
  return { oid, shortName, value, valueIsString, valueTag: valueNode.tagNumber, valueDer: valueNode.raw };
}

/** RFC 4514 §2.1: RDNs from last to first, separated by ','; multi-valued RDNs joined by '+'. */
export function formatRfc4514(rdns: readonly RelativeDistinguishedName[]): string {
  return rdns
    .toReversed()
    .map((rdn) => rdn.map(formatAttribute).join('+'))
    .join(',');
}

function formatAttribute(attribute: NameAttribute): string {
  // RFC 4514 §2.3–2.4: a type without a short name is written as its dotted OID, and then the
  // value as '#' + hex of its encoding, as is any value that is not a string.
  if (attribute.shortName === null || !attribute.valueIsString) {
    return `${attribute.shortName ?? attribute.oid}=#${toHex(attribute.valueDer)}`;
  }
  return `${attribute.shortName}=${escapeRfc4514Value(attribute.value)}`;
}

/** RFC 4514 §2.4 escaping of a string attribute value. */
export function escapeRfc4514Value(value: string): string {
  let out = '';
  const last = value.length - 1;
  for (let index = 0; index < value.length; index += 1) {
    const char = value.charAt(index);
    const code = value.charCodeAt(index);
    if ('"+,;<>\\'.includes(char)) {
      out += `\\${char}`;
    } else if ((index === 0 && (char === ' ' || char === '#')) || (index === last && char === ' ')) {
      out += `\\${char}`;
    } else if (code < 0x20 || code === 0x7f) {
      // NUL must be escaped (§2.4); other control characters are escaped so the string stays printable.
      out += `\\${code.toString(16).padStart(2, '0').toUpperCase()}`;
    } else {
      out += char;
    }
  }
  return out;
}
