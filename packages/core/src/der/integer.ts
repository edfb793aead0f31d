import { Buffer } from 'node:buffer';
import { validationError } from '../errors.ts';
import { expectUniversal } from './expect.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

/**
 * The contents octets of an INTEGER, checked for DER's shortest two's-complement form
 * (X.690 §8.3.2: the first nine bits are never all zeros or all ones).
 */
export function readIntegerBytes(node: DerNode, what: string): Uint8Array {
  expectUniversal(node, UniversalTag.integer, what);
  return checkIntegerContent(node.content, what);
}

export function readInteger(node: DerNode, what: string): bigint {
  return twosComplementToBigInt(readIntegerBytes(node, what));
}

/** An INTEGER that must lie in 0..maximum, returned as a number (versions, path lengths, …). */
export function readSmallInteger(node: DerNode, what: string, maximum: number): number {
  return toSmall(readInteger(node, what), what, maximum);
}

/** ENUMERATED is encoded like INTEGER (X.690 §8.4). */
export function readEnumerated(node: DerNode, what: string, maximum: number): number {
  expectUniversal(node, UniversalTag.enumerated, what);
  return toSmall(twosComplementToBigInt(checkIntegerContent(node.content, what)), what, maximum);
}

/** Checks integer contents (also for implicitly tagged INTEGERs) and returns them. */
export function checkIntegerContent(content: Uint8Array, what: string): Uint8Array {
  const first = content[0];
  const second = content[1];
  if (first === undefined) throw validationError(`${what} is an INTEGER with no content octets`);
  if (second !== undefined) {
    const redundantZero = first === 0x00 && (second & 0x80) === 0;
    const redundantOnes = first === 0xff && (second & 0x80) !== 0;
    if (redundantZero || redundantOnes) {
      throw validationError(`${what} is an INTEGER that is not minimally encoded (X.690 §8.3.2)`);
    }
  }
  return content;
}

export function twosComplementToBigInt(content: Uint8Array): bigint {
  if (content.length === 0) return 0n;
  let value = BigInt(`0x${Buffer.from(content).toString('hex')}`);
  const first = content[0] ?? 0;
  if ((first & 0x80) !== 0) value -= 1n << BigInt(content.length * 8);
  return value;
}

function toSmall(value: bigint, what: string, maximum: number): number {
  if (value < 0n || value > BigInt(maximum)) {
    throw validationError(`${what} must be between 0 and ${maximum}, found ${value}`);
  }
  return Number(value);
}
