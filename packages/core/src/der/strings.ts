import { Buffer } from 'node:buffer';
import { validationError } from '../errors.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

const STRING_TAGS: ReadonlySet<number> = new Set([
  UniversalTag.utf8String,
  UniversalTag.numericString,
  UniversalTag.printableString,
  UniversalTag.teletexString,
  UniversalTag.ia5String,
  UniversalTag.visibleString,
  UniversalTag.universalString,
  UniversalTag.bmpString,
]);

export function isStringTag(node: DerNode): boolean {
  return node.isUniversal && STRING_TAGS.has(node.tagNumber);
}

/** Any of the character-string types X.509 uses, decoded to a JavaScript string. */
export function readString(node: DerNode, what: string): string {
  if (!isStringTag(node))
    throw validationError(`${what} must be a character string, found ${node.describe()}`);
  return decodeStringContent(node.tagNumber, node.content, what);
}

/** An IA5String, or the contents of an IMPLICIT one (dNSName, rfc822Name, URI). */
export function decodeIa5(content: Uint8Array, what: string): string {
  for (const octet of content) {
    if (octet > 0x7f) throw validationError(`${what} contains a byte outside IA5 (ASCII): 0x${hex(octet)}`);
  }
  return Buffer.from(content).toString('latin1');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeStringContent(tagNumber: number, content: Uint8Array, what: string): string {
  switch (tagNumber) {
    case UniversalTag.utf8String:
      try {
        return utf8.decode(content);
      } catch {
        throw validationError(`${what} is a UTF8String that is not valid UTF-8`);
      }
    case UniversalTag.ia5String:
      return decodeIa5(content, what);
    case UniversalTag.printableString:
      return checkedAscii(content, what, 'PrintableString', isPrintableStringChar);
    case UniversalTag.numericString:
      return checkedAscii(content, what, 'NumericString', (c) => c === 0x20 || (c >= 0x30 && c <= 0x39));
    case UniversalTag.visibleString:
      return checkedAscii(content, what, 'VisibleString', (c) => c >= 0x20 && c <= 0x7e);
    case UniversalTag.teletexString:
      // T.61 proper is a mess of escape sequences; every deployed decoder treats it as Latin-1.
      return Buffer.from(content).toString('latin1');
    case UniversalTag.bmpString:
      return decodeBmp(content, what);
    case UniversalTag.universalString:
      return decodeUniversal(content, what);
    default:
      throw validationError(`${what} is not a supported character string type`);
  }
}

/**
 * X.680 §41.4 PrintableString. '*' and '&' are outside it but appear in names issued by real
 * CAs ("AT&T"), and mainstream verifiers accept them; refusing them would refuse those CAs.
 */
function isPrintableStringChar(c: number): boolean {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return true;
  return " '()+,-./:=?*&".includes(String.fromCharCode(c));
}

function checkedAscii(
  content: Uint8Array,
  what: string,
  type: string,
  allowed: (octet: number) => boolean,
): string {
  for (const octet of content) {
    if (!allowed(octet))
      throw validationError(`${what} is a ${type} containing a forbidden byte 0x${hex(octet)}`);
  }
  return Buffer.from(content).toString('latin1');
}

/** BMPString: UCS-2 big-endian (X.680 §41.16); surrogate pairs are tolerated as UTF-16. */
function decodeBmp(content: Uint8Array, what: string): string {
  if (content.length % 2 !== 0) throw validationError(`${what} is a BMPString with an odd number of bytes`);
  let text = '';
  for (let index = 0; index < content.length; index += 2) {
    text += String.fromCharCode(((content[index] ?? 0) << 8) | (content[index + 1] ?? 0));
  }
  return text;
}

/** UniversalString: UCS-4 big-endian (X.680 §41.16). */
function decodeUniversal(content: Uint8Array, what: string): string {
  if (content.length % 4 !== 0) {
    throw validationError(`${what} is a UniversalString whose length is not a multiple of 4`);
  }
  let text = '';
  for (let index = 0; index < content.length; index += 4) {
    const codePoint =
      (content[index] ?? 0) * 0x1000000 +
      (content[index + 1] ?? 0) * 0x10000 +
      (content[index + 2] ?? 0) * 0x100 +
      (content[index + 3] ?? 0);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
      throw validationError(`${what} is a UniversalString containing an invalid code point`);
    }
    text += String.fromCodePoint(codePoint);
  }
  return text;
}

function hex(octet: number): string {
  return octet.toString(16).padStart(2, '0').toUpperCase();
}
