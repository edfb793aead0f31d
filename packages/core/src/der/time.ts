import { validationError } from '../errors.ts';
import type { DerNode } from './node.ts';
import { UniversalTag } from './tags.ts';

/**
 * A `Time` (UTCTime or GeneralizedTime) as epoch milliseconds, in the profile of RFC 5280
 * §4.1.2.5: always UTC ("Z"), always with seconds, never with fractional seconds.
 */
export function readTime(node: DerNode, what: string): number {
  if (node.isUniversal && node.tagNumber === UniversalTag.utcTime) return decodeUtcTime(node.content, what);
  if (node.isUniversal && node.tagNumber === UniversalTag.generalizedTime) {
    return decodeGeneralizedTime(node.content, what);
  }
  throw validationError(`${what} must be a UTCTime or GeneralizedTime, found ${node.describe()}`);
}

/**
 * RFC 5280 §4.1.2.5.1: YYMMDDHHMMSSZ; YY ≥ 50 means 19YY and YY < 50 means 20YY.
 */
export function decodeUtcTime(content: Uint8Array, what: string): number {
  const text = asciiDigitsAndZ(content, what, 'UTCTime', 'YYMMDDHHMMSSZ');
  const yy = Number(text.slice(0, 2));
  return toEpoch(yy >= 50 ? 1900 + yy : 2000 + yy, text.slice(2, 12), what, text);
}

/** RFC 5280 §4.1.2.5.2: YYYYMMDDHHMMSSZ, no fractional seconds. */
export function decodeGeneralizedTime(content: Uint8Array, what: string): number {
  const text = asciiDigitsAndZ(content, what, 'GeneralizedTime', 'YYYYMMDDHHMMSSZ');
  return toEpoch(Number(text.slice(0, 4)), text.slice(4, 14), what, text);
}

const UTC_TIME = /^[0-9]{12}Z$/;
const GENERALIZED_TIME = /^[0-9]{14}Z$/;

function asciiDigitsAndZ(content: Uint8Array, what: string, type: string, format: string): string {
  // The longest valid form is 15 octets; looking at 32 is enough to refuse anything longer.
  let text = '';
  for (const octet of content.subarray(0, 32)) text += String.fromCharCode(octet);
  const shape = type === 'UTCTime' ? UTC_TIME : GENERALIZED_TIME;
  if (!shape.test(text)) {
    throw validationError(
      `${what} is not a ${type} of the form ${format} (RFC 5280 §4.1.2.5): ${printable(text)}`,
    );
  }
  return text;
}

/** `rest` is MMDDHHMMSS. */
function toEpoch(year: number, rest: string, what: string, text: string): number {
  const month = Number(rest.slice(0, 2));
  const day = Number(rest.slice(2, 4));
  const hour = Number(rest.slice(4, 6));
  const minute = Number(rest.slice(6, 8));
  const second = Number(rest.slice(8, 10));
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  if (!valid) throw validationError(`${what} is not a real calendar time: ${text}`);
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function printable(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
