/**
 * The request time SigV4 signs: `X-Amz-Date` if present, else the `Date` header (AWS SigV4
 * "Elements of an AWS API request signature": the time stamp "must be ... in the X-Amz-Date
 * header or the Date header"). The string to sign always carries it in ISO-8601 basic format.
 */
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import type { HeaderIndex } from './header-index.ts';
import { parseHttpDate } from './http-date.ts';
import { incompleteSignature } from './sigv4-errors.ts';

export interface RequestDate {
  /** ISO-8601 basic format, as used in the string to sign. */
  readonly amzDate: string;
  readonly epochMs: number;
}

const NO_DATE = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

export function resolveRequestDate(index: HeaderIndex): RequestDate {
  // A repeated header is refused: the values joined with ',' are not a date (and which one the
  // client meant is ambiguous).
  const amzDates = index.get('x-amz-date');
  if (amzDates !== undefined) {
    const text = amzDates.join(',').trim();
    const epochMs = parseAmzDate(text);
    if (epochMs === undefined) {
      throw incompleteSignature(
        "X-Amz-Date must be in ISO-8601 'basic format' (YYYYMMDD'T'HHMMSS'Z').",
        'X-Amz-Date is malformed or repeated',
      );
    }
    return { amzDate: text, epochMs };
  }
  const httpDates = index.get('date');
  if (httpDates !== undefined) {
    const epochMs = parseHttpDate(httpDates.join(',').trim());
    if (epochMs === undefined) {
      throw incompleteSignature(
        'Date header must be an HTTP date (IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT).',
        'Date header is malformed or repeated',
      );
    }
    return { amzDate: formatAmzDate(epochMs), epochMs };
  }
  throw incompleteSignature(NO_DATE, 'neither X-Amz-Date nor Date header present');
}
