/**
 * The pagination cursor every backend hands out, so that a cursor means the same thing whatever
 * stores the records (and a PostgreSQL backend can reuse this file unchanged).
 *
 * A cursor names the insertion sequence number of the last record of a page; the next page is
 * every record with a greater one. Sequence numbers are never reused, so the cursor stays valid
 * when other records are inserted or deleted, including the record it names. The collection name
 * is part of the cursor so that one collection's cursor is refused by another.
 */
import { InvalidCursorError } from './port.ts';

const VERSION = 'v1';
/** Checked before decoding: a real cursor is far shorter (limits before parsing). */
const MAX_CURSOR_LENGTH = 128;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const PAYLOAD = /^v1:([A-Za-z]+):([1-9][0-9]{0,15})$/;

export function encodeCursor(collection: string, seq: number): string {
  return Buffer.from(`${VERSION}:${collection}:${seq}`, 'utf8').toString('base64url');
}

/** The sequence number the cursor names; throws `InvalidCursorError` for anything else. */
export function decodeCursor(collection: string, cursor: string): number {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips what it cannot read; re-encoding catches a cursor that was altered.
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursorError();
  const match = PAYLOAD.exec(bytes.toString('utf8'));
  if (match === null || match[1] !== collection) throw new InvalidCursorError();
  const seq = Number(match[2]);
  if (!Number.isSafeInteger(seq)) throw new InvalidCursorError();
  return seq;
}
