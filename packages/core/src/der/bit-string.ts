import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

export interface BitString {
  /** The bit octets, first bit in the most significant position of the first octet. */
  readonly bytes: Uint8Array;
  /** How many low-order bits of the last octet are padding (0..7). */
  readonly unusedBits: number;
}

/** X.690 §8.6.2 and §11.2.1: the padding count is 0..7, 0 when empty, and padding bits are zero. */
export function readBitString(node: DerNode, what: string): BitString {
  expectUniversal(node, UniversalTag.bitString, what);
  return decodeBitStringContent(node.content, what);
}

/** A BIT STRING that holds whole octets, as keys and signatures do. */
export function readBitStringOctets(node: DerNode, what: string): Uint8Array {
  const { bytes, unusedBits } = readBitString(node, what);
  if (unusedBits !== 0) {
    throw validationError(`${what} must hold whole octets but declares ${unusedBits} unused bits`);
  }
  return bytes;
}

export function decodeBitStringContent(content: Uint8Array, what: string): BitString {
  const unusedBits = content[0];
  if (unusedBits === undefined) throw validationError(`${what} is a BIT STRING with no content octets`);
  if (unusedBits > 7)
    throw validationError(`${what} is a BIT STRING with ${unusedBits} unused bits (at most 7)`);
  const bytes = content.subarray(1);
  const last = bytes[bytes.length - 1];
  if (last === undefined) {
    if (unusedBits !== 0) throw validationError(`${what} is an empty BIT STRING that declares unused bits`);
  } else if ((last & ((1 << unusedBits) - 1)) !== 0) {
    throw validationError(`${what} is a BIT STRING whose padding bits are not zero (X.690 §11.2.1)`);
  }
  return { bytes, unusedBits };
}

/** Whether bit `index` (0 = most significant bit of the first octet) is set. */
export function bitIsSet(bits: BitString, index: number): boolean {
  const octet = bits.bytes[index >> 3];
  if (octet === undefined) return false;
  return (octet & (0x80 >> (index & 7))) !== 0;
}
