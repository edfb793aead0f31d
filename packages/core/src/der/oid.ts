import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

// Real OIDs are a few dozen octets at most (a 2.25 UUID arc needs 19); longer is hostile.
const MAX_OID_OCTETS = 128;

/** An OBJECT IDENTIFIER in dotted-decimal form, e.g. `2.5.29.19`. */
export function readOid(node: DerNode, what: string): string {
  expectUniversal(node, UniversalTag.objectIdentifier, what);
  return decodeOidContent(node.content, what);
}

/**
 * X.690 §8.19: base-128 subidentifiers, each in its shortest form (no leading 0x80 octet), the
 * first one packing the first two arcs as 40·X + Y.
 */
export function decodeOidContent(content: Uint8Array, what: string): string {
  if (content.length === 0) throw validationError(`${what} is an OBJECT IDENTIFIER with no content octets`);
  if (content.length > MAX_OID_OCTETS) {
    throw validationError(`${what} is an OBJECT IDENTIFIER longer than ${MAX_OID_OCTETS} octets`);
  }
  const arcs: string[] = [];
  let value = 0n;
  let startOfSubidentifier = true;
  for (const octet of content) {
    if (startOfSubidentifier && octet === 0x80) {
      throw validationError(
        `${what} is an OBJECT IDENTIFIER with a non-minimal subidentifier (X.690 §8.19.2)`,
      );
    }
    value = (value << 7n) | BigInt(octet & 0x7f);
    startOfSubidentifier = (octet & 0x80) === 0;
    if (startOfSubidentifier) {
      if (arcs.length === 0) {
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(first.toString(), (value - first * 40n).toString());
      } else {
        arcs.push(value.toString());
      }
      value = 0n;
    }
  }
  if (!startOfSubidentifier) {
    throw validationError(`${what} is an OBJECT IDENTIFIER whose last subidentifier is truncated`);
  }
  return arcs.join('.');
}
