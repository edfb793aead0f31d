import { twosComplementToBigInt } from '../der/integer.ts';
import { toHex } from './bytes.ts';

/** A certificate serial number in the forms callers need. */
export interface SerialNumber {
  readonly value: bigint;
  readonly decimal: string;
  /**
   * Upper-case hex with an even digit count and no sign octet, e.g. `0123456789ABCDEF`. For the
   * negative serials some broken CAs issue, the two's-complement octets.
   */
  readonly hex: string;
}

/** From the contents octets of a DER INTEGER (already checked to be minimal). */
export function serialNumberFromContent(content: Uint8Array): SerialNumber {
  const value = twosComplementToBigInt(content);
  // DER adds a 0x00 sign octet when the top bit of a positive number is set; it is not a digit.
  const digits = content.length > 1 && content[0] === 0 ? content.subarray(1) : content;
  return { value, decimal: value.toString(10), hex: toHex(digits).toUpperCase() };
}
