/**
 * DER encoding (X.690 §8, §10, §11): the counterpart of `decode.ts`, for the structures the
 * private CA signs. Every function returns one complete TLV. Inputs that have no DER encoding
 * (a malformed OID, a character outside PrintableString, a time outside 0000–9999) throw
 * TypeError: they are programming errors, not client input.
 */
import { Buffer } from 'node:buffer';
import { UniversalTag } from './tags.ts';

const CONSTRUCTED = 0x20;
const CONTEXT_SPECIFIC = 0x80;

export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  // One identifier octet: the low-tag-number form (X.690 §8.1.2.3). Higher numbers use derExplicit/derImplicit.
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) {
    throw new TypeError(`DER tag 0x${tag.toString(16)} is not a single low-tag-number identifier octet`);
  }
  return concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export function derSequence(...children: Uint8Array[]): Uint8Array {
  return derSequenceOf(children);
}

/** derSequence for long lists (a CRL's entries), which must not be spread into arguments. */
export function derSequenceOf(children: readonly Uint8Array[]): Uint8Array {
  return derTlv(CONSTRUCTED | UniversalTag.sequence, concat(children));
}

/** SET OF: X.690 §11.6 orders the components by their encodings, as octet strings. */
export function derSet(...children: Uint8Array[]): Uint8Array {
  const sorted = children.toSorted((a, b) => Buffer.compare(a, b));
  return derTlv(CONSTRUCTED | UniversalTag.set, concat(sorted));
}

/** X.690 §8.3: two's complement in the fewest octets (§8.3.2: no redundant leading 0x00 or 0xFF). */
export function derInteger(value: bigint): Uint8Array {
  return derTlv(UniversalTag.integer, integerContent(value));
}

/** X.690 §8.4: ENUMERATED is encoded as an INTEGER under its own tag. */
export function derEnumerated(value: number): Uint8Array {
  return derTlv(UniversalTag.enumerated, integerContent(BigInt(value)));
}

/** The contents octets of derInteger(value), for IMPLICIT INTEGERs. */
export function integerContent(value: bigint): Uint8Array {
  let octets = 1;
  // The smallest n with -2^(8n-1) <= value < 2^(8n-1).
  while (value >= 1n << BigInt(octets * 8 - 1) || value < -(1n << BigInt(octets * 8 - 1))) octets += 1;
  const unsigned = value < 0n ? value + (1n << BigInt(octets * 8)) : value;
  return fromHex(unsigned.toString(16).padStart(octets * 2, '0'));
}

/** X.690 §8.19: arcs in base 128, the first two packed as 40·X + Y. */
export function derOid(dotted: string): Uint8Array {
  if (!/^[0-2](?:\.(?:0|[1-9][0-9]*))+$/.test(dotted)) {
    throw new TypeError(`'${dotted}' is not a dotted-decimal OBJECT IDENTIFIER`);
  }
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const [first = 0n, second = 0n, ...rest] = arcs;
  // X.660: under the arcs 0 and 1 there are only 40 children (0..39).
  if (first < 2n && second > 39n) throw new TypeError(`'${dotted}' has a second arc above 39`);
  const octets: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let remaining = arc >> 7n; remaining > 0n; remaining >>= 7n) {
      group.unshift(Number(remaining & 0x7fn) | 0x80);
    }
    octets.push(...group);
  }
  return derTlv(UniversalTag.objectIdentifier, Uint8Array.from(octets));
}

export function derUtf8String(text: string): Uint8Array {
  // A lone surrogate has no UTF-8 encoding; TextEncoder would silently write U+FFFD instead.
  if (!text.isWellFormed()) throw new TypeError('a UTF8String cannot hold a lone UTF-16 surrogate');
  return derTlv(UniversalTag.utf8String, new Uint8Array(Buffer.from(text, 'utf8')));
}

/** X.680 §41.4: A–Z, a–z, 0–9, space and ' ( ) + , - . / : = ? only. */
export function derPrintableString(text: string): Uint8Array {
  if (!isPrintableString(text)) {
    throw new TypeError(`${JSON.stringify(text)} has characters outside PrintableString (X.680 §41.4)`);
  }
  return derTlv(UniversalTag.printableString, ascii(text));
}

export function isPrintableString(text: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

/** IA5String: International Alphabet No. 5, i.e. ASCII 0x00–0x7F. */
export function derIa5String(text: string): Uint8Array {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: IA5 includes the control characters.
  if (!/^[\x00-\x7f]*$/.test(text)) throw new TypeError(`${JSON.stringify(text)} is not IA5 (ASCII)`);
  return derTlv(UniversalTag.ia5String, ascii(text));
}

/** X.690 §8.6, §11.2: the unused-bits octet, then the bits; DER wants the padding bits zero. */
export function derBitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  const last = bytes[bytes.length - 1];
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7) {
    throw new TypeError(`a BIT STRING has 0 to 7 unused bits, not ${unusedBits}`);
  }
  if (last === undefined ? unusedBits !== 0 : (last & ((1 << unusedBits) - 1)) !== 0) {
    throw new TypeError('the unused bits of a DER BIT STRING must exist and be zero (X.690 §11.2.1)');
  }
  return derTlv(UniversalTag.bitString, concat([Uint8Array.of(unusedBits), bytes]));
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTlv(UniversalTag.octetString, bytes);
}

/** X.690 §11.1: TRUE is 0xFF. */
export function derBoolean(value: boolean): Uint8Array {
  return derTlv(UniversalTag.boolean, Uint8Array.of(value ? 0xff : 0x00));
}

export function derNull(): Uint8Array {
  return derTlv(UniversalTag.null, new Uint8Array(0));
}

/**
 * RFC 5280 §4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise; always UTC with
 * seconds. Milliseconds are dropped (rounded down), as the profile has no fractional seconds.
 */
export function derTime(epochMs: number): Uint8Array {
  const year = utcParts(epochMs).year;
  if (year < 1950 || year > 2049) return derGeneralizedTime(epochMs);
  return derTlv(UniversalTag.utcTime, ascii(timeDigits(epochMs).slice(2)));
}

/** RFC 5280 §4.1.2.5.2: YYYYMMDDHHMMSSZ. */
export function derGeneralizedTime(epochMs: number): Uint8Array {
  return derTlv(UniversalTag.generalizedTime, ascii(timeDigits(epochMs)));
}

/** [n] EXPLICIT: a constructed context-specific tag around one whole encoding (X.690 §8.14). */
export function derExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return contextTlv(tagNumber, true, inner);
}

/** [n] IMPLICIT: the tag replaces the underlying one; `content` is that type's contents octets. */
export function derImplicit(tagNumber: number, content: Uint8Array, constructed: boolean): Uint8Array {
  return contextTlv(tagNumber, constructed, content);
}

function contextTlv(tagNumber: number, constructed: boolean, content: Uint8Array): Uint8Array {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > 0x1fffff) {
    throw new TypeError(`context tag number ${tagNumber} is out of range`);
  }
  const first = CONTEXT_SPECIFIC | (constructed ? CONSTRUCTED : 0);
  if (tagNumber < 0x1f)
    return concat([Uint8Array.of(first | tagNumber), encodeLength(content.length), content]);
  // X.690 §8.1.2.4: high-tag-number form, base 128, most significant group first.
  const groups = [tagNumber & 0x7f];
  for (let rest = tagNumber >> 7; rest > 0; rest >>= 7) groups.unshift((rest & 0x7f) | 0x80);
  return concat([Uint8Array.of(first | 0x1f, ...groups), encodeLength(content.length), content]);
}

/** X.690 §10.1: definite form, as few octets as possible. */
function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

interface UtcParts {
  readonly year: number;
  readonly date: Date;
}

function utcParts(epochMs: number): UtcParts {
  if (!Number.isFinite(epochMs)) throw new TypeError(`time ${epochMs} is not a finite number`);
  const date = new Date(Math.floor(epochMs / 1000) * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new TypeError(`time ${epochMs} is outside the years 0000–9999 that GeneralizedTime can hold`);
  }
  return { year, date };
}

/** YYYYMMDDHHMMSSZ. */
function timeDigits(epochMs: number): string {
  const { year, date } = utcParts(epochMs);
  const two = (n: number) => n.toString().padStart(2, '0');
  return `${year.toString().padStart(4, '0')}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** The parts one after another: the contents of a constructed IMPLICIT type, for instance. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
