import { readBoolean } from '../der/boolean.ts';
import { decodeDer } from '../der/decode.ts';
import type { DerNode } from '../der/node.ts';
import { readOctetString } from '../der/octet-string.ts';
import { readOid } from '../der/oid.ts';
import { readSequence, readSequenceOf } from '../der/sequence-reader.ts';
import { UniversalTag } from '../der/tags.ts';
import { validationError } from '../errors.ts';
import { EXTENSION_NAMES } from './oids.ts';

/** One Extension (RFC 5280 §4.1): kept raw so that later checks can see every one of them. */
export interface Extension {
  readonly oid: string;
  /** `basicConstraints`, `keyUsage`, …; null for an extension we have no name for. */
  readonly name: string | null;
  readonly critical: boolean;
  /** The contents of extnValue: the DER encoding of the extension's own structure. */
  readonly value: Uint8Array;
}

/**
 * Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. RFC 5280 §4.2: "A certificate MUST NOT
 * include more than one instance of a particular extension" (and §5.2 likewise for CRLs).
 */
export function parseExtensions(node: DerNode, what: string): readonly Extension[] {
  const seen = new Set<string>();
  return readSequenceOf(node, what, 1).map((item, index) => {
    const fields = readSequence(item, `${what} entry ${index + 1}`);
    const oid = readOid(fields.next('extnID'), `${what} entry ${index + 1} extnID`);
    const name = EXTENSION_NAMES.get(oid) ?? null;
    const label = `${what} ${name ?? oid}`;
    // critical is DEFAULT FALSE; DER would omit an explicit FALSE, but CAs have emitted it and
    // it changes nothing, so it is accepted.
    const criticalNode = fields.optionalUniversal(UniversalTag.boolean);
    const critical = criticalNode === null ? false : readBoolean(criticalNode, `${label} critical flag`);
    const value = readOctetString(fields.next('extnValue'), `${label} extnValue`);
    fields.end();
    if (seen.has(oid)) throw validationError(`${what} contain ${name ?? oid} more than once (RFC 5280 §4.2)`);
    seen.add(oid);
    return { oid, name, critical, value };
  });
}

/** Decodes the extension `oid` with `decode` if it is present; a malformed value is refused. */
export function decodeExtension<T>(
  extensions: readonly Extension[],
  oid: string,
  what: string,
  decode: (node: DerNode, what: string) => T,
): T | null {
  const extension = extensions.find((candidate) => candidate.oid === oid);
  if (extension === undefined) return null;
  const label = `${what} ${extension.name ?? oid}`;
  return decode(decodeDer(extension.value, label), label);
}
