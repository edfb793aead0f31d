/**
 * Private keys that can sign (CKO_PRIVATE_KEY with CKA_SIGN, PKCS#11 v2.40 §4.9), selected by
 * CKA_ID and/or CKA_LABEL, with what signing needs to know about each: its type (CKA_KEY_TYPE)
 * and whether it wants a PIN before every use (CKA_ALWAYS_AUTHENTICATE).
 */
import { formatPkcs11Uri } from './format-pkcs11-uri.ts';
import type { Pkcs11Library } from './pkcs11-library.ts';
import { findObjects, readBool, readBytes, readText, readUlong } from './pkcs11-objects.ts';
import { type SlotDescription, tokenUri } from './pkcs11-slots.ts';

export interface PrivateKeyObject {
  readonly slot: SlotDescription;
  readonly handle: Buffer;
  readonly id: Buffer | undefined;
  readonly label: string | undefined;
  /** CKK_* value, or undefined if the token would not say. */
  readonly keyType: number | undefined;
  readonly alwaysAuthenticate: boolean;
}

export interface KeyCriteria {
  readonly id?: Buffer | undefined;
  readonly label?: string | undefined;
}

export function findPrivateKeys(
  library: Pkcs11Library,
  session: Buffer,
  slot: SlotDescription,
  criteria: KeyCriteria,
): PrivateKeyObject[] {
  const { p11, ck } = library;
  const template = [
    { type: ck.CKA_CLASS, value: ck.CKO_PRIVATE_KEY },
    { type: ck.CKA_SIGN, value: true },
    ...(criteria.label === undefined ? [] : [{ type: ck.CKA_LABEL, value: criteria.label }]),
    ...(criteria.id === undefined ? [] : [{ type: ck.CKA_ID, value: criteria.id }]),
  ];
  return findObjects(p11, session, template).map((handle) => ({
    slot,
    handle,
    id: readBytes(p11, session, handle, ck.CKA_ID),
    label: readText(p11, session, handle, ck.CKA_LABEL),
    keyType: readUlong(p11, session, handle, ck.CKA_KEY_TYPE),
    alwaysAuthenticate: readBool(p11, session, handle, ck.CKA_ALWAYS_AUTHENTICATE),
  }));
}

/** A URI naming the key object, for messages and prompts. */
export function privateKeyObjectUri(key: PrivateKeyObject): string {
  return formatPkcs11Uri({
    ...tokenUri(key.slot),
    ...(key.label === undefined ? {} : { object: key.label }),
    ...(key.id === undefined ? {} : { id: key.id }),
    type: 'private',
  });
}
