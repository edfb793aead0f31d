/**
 * Object search and attribute reads (PKCS#11 v2.40 §5.7). Attributes are read one at a time:
 * C_GetAttributeValue fails the whole template for one unknown or sensitive attribute, and a
 * token that lacks, say, CKA_ALWAYS_AUTHENTICATE should read as "false", not as an error.
 */
import { endianness } from 'node:os';
import type * as Pkcs11js from 'pkcs11js';
import type { Pkcs11 } from './pkcs11-library.ts';

/** Search in batches; a token with thousands of objects is not read in one call. */
const BATCH = 100;
/** A bound on what one search may return, against a module that never says "done". */
const MAX_OBJECTS = 10_000;

export function findObjects(p11: Pkcs11, session: Buffer, template: Pkcs11js.Template): Buffer[] {
  p11.C_FindObjectsInit(session, template);
  const found: Buffer[] = [];
  try {
    for (;;) {
      const batch = p11.C_FindObjects(session, BATCH);
      found.push(...batch);
      if (batch.length < BATCH || found.length >= MAX_OBJECTS) break;
    }
  } finally {
    p11.C_FindObjectsFinal(session);
  }
  return found;
}

/** The attribute's bytes, or `undefined` if the object does not have it or will not show it. */
export function readBytes(p11: Pkcs11, session: Buffer, object: Buffer, type: number): Buffer | undefined {
  try {
    const [attribute] = p11.C_GetAttributeValue(session, object, [{ type }]);
    return attribute?.value;
  } catch {
    return undefined;
  }
}

/** A CK_ULONG attribute (native byte order and width); `undefined` if absent or past 2^53. */
export function readUlong(p11: Pkcs11, session: Buffer, object: Buffer, type: number): number | undefined {
  const bytes = readBytes(p11, session, object, type);
  if (bytes === undefined || bytes.length === 0 || bytes.length > 8) return undefined;
  const bigEndian = endianness() === 'BE' ? bytes : Buffer.from(bytes).reverse();
  const value = BigInt(`0x${bigEndian.toString('hex')}`);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

/** A CK_BBOOL attribute; absent reads as false. */
export function readBool(p11: Pkcs11, session: Buffer, object: Buffer, type: number): boolean {
  const bytes = readBytes(p11, session, object, type);
  return bytes?.some((b) => b !== 0) === true;
}

/** A CK_UTF8CHAR attribute such as CKA_LABEL. */
export function readText(p11: Pkcs11, session: Buffer, object: Buffer, type: number): string | undefined {
  return readBytes(p11, session, object, type)?.toString('utf8');
}
