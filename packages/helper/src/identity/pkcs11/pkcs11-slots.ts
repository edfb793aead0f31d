/**
 * The slots of a module and the URI attributes that pick among them (RFC 7512 §2.3: token,
 * manufacturer, serial, model, slot-*, library-*). CK_TOKEN_INFO and CK_SLOT_INFO strings are
 * blank-padded fixed-size fields (PKCS#11 v2.40 §3.2), compared here without the padding.
 */
import { formatPkcs11Uri } from './format-pkcs11-uri.ts';
import type { Pkcs11Library } from './pkcs11-library.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';

export interface SlotDescription {
  readonly handle: Buffer;
  readonly slotId: bigint;
  readonly slotDescription: string;
  readonly slotManufacturer: string;
  readonly token: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly tokenFlags: number;
}

const unpad = (text: string) => text.replace(/[ \0]+$/, '');

/** CK_SLOT_ID is a native unsigned long; pkcs11js hands it over as its bytes. */
function slotIdOf(handle: Buffer): bigint {
  if (handle.length === 8) return handle.readBigUInt64LE(0);
  if (handle.length === 4) return BigInt(handle.readUInt32LE(0));
  return BigInt(`0x${Buffer.from(handle).reverse().toString('hex') || '0'}`);
}

/** Slots holding an initialized token; slots the module cannot describe are skipped, as the official helper does. */
export function listSlots(library: Pkcs11Library): SlotDescription[] {
  const { p11, ck } = library;
  const slots: SlotDescription[] = [];
  for (const handle of p11.C_GetSlotList(true)) {
    try {
      const slot = p11.C_GetSlotInfo(handle);
      const token = p11.C_GetTokenInfo(handle);
      // An uninitialized token (SoftHSM's spare slot) has no objects and refuses sessions.
      if ((token.flags & ck.CKF_TOKEN_INITIALIZED) === 0) continue;
      slots.push({
        handle,
        slotId: slotIdOf(handle),
        slotDescription: unpad(slot.slotDescription),
        slotManufacturer: unpad(slot.manufacturerID),
        token: unpad(token.label),
        manufacturer: unpad(token.manufacturerID),
        model: unpad(token.model),
        serial: unpad(token.serialNumber),
        tokenFlags: token.flags,
      });
    } catch {
      // A reader that went away between C_GetSlotList and here.
    }
  }
  return slots;
}

const differs = (wanted: string | undefined, actual: string) => wanted !== undefined && wanted !== actual;

export function slotMatches(uri: Pkcs11Uri, slot: SlotDescription): boolean {
  return !(
    (uri.slotId !== undefined && uri.slotId !== slot.slotId) ||
    differs(uri.slotDescription, slot.slotDescription) ||
    differs(uri.slotManufacturer, slot.slotManufacturer) ||
    differs(uri.token, slot.token) ||
    differs(uri.manufacturer, slot.manufacturer) ||
    differs(uri.model, slot.model) ||
    differs(uri.serial, slot.serial)
  );
}

/** Whether the library-* attributes fit the loaded module (C_GetInfo). */
export function libraryMatches(uri: Pkcs11Uri, library: Pkcs11Library): boolean {
  if (
    uri.libraryManufacturer === undefined &&
    uri.libraryDescription === undefined &&
    uri.libraryVersion === undefined
  ) {
    return true;
  }
  const info = library.p11.C_GetInfo();
  return !(
    differs(uri.libraryManufacturer, unpad(info.manufacturerID)) ||
    differs(uri.libraryDescription, unpad(info.libraryDescription)) ||
    (uri.libraryVersion !== undefined &&
      (uri.libraryVersion.major !== info.libraryVersion.major ||
        uri.libraryVersion.minor !== info.libraryVersion.minor))
  );
}

/** A URI naming the token in `slot` (token label, manufacturer, model, serial). */
export function tokenUri(slot: SlotDescription): Pkcs11Uri {
  return {
    token: slot.token,
    manufacturer: slot.manufacturer,
    model: slot.model,
    serial: slot.serial,
    vendorPath: [],
    vendorQuery: [],
  };
}

/** `"label" (pkcs11:token=…;serial=…)`, for listing tokens in messages. */
export function describeSlot(slot: SlotDescription): string {
  return `${JSON.stringify(slot.token)} (${formatPkcs11Uri(tokenUri(slot))})`;
}
