/**
 * Writes a Pkcs11Uri back as text (RFC 7512 §2.3), for the URIs `read-certificate-data` prints
 * and for error messages. `pin-value` is left out unless asked for: these strings end up on
 * terminals and in logs.
 */
import type { Pkcs11Uri } from './pkcs11-uri.ts';

// unreserved (RFC 3986 §2.3) and pk11-res-avail stay as they are; the rest is percent-encoded.
const PATH_KEEP = /[A-Za-z0-9\-._~:[\]@!$'()*+,=&]/;
const QUERY_KEEP = /[A-Za-z0-9\-._~:[\]@!$'()*+,=/?|]/;

function encode(bytes: Buffer, keep: RegExp | undefined): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out +=
      keep !== undefined && b < 0x80 && keep.test(c)
        ? c
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface FormatOptions {
  /** Write `pin-value` too; default false. */
  readonly includePin?: boolean;
}

export function formatPkcs11Uri(uri: Pkcs11Uri, options: FormatOptions = {}): string {
  const path: string[] = [];
  const text = (name: string, value: string | undefined) => {
    if (value !== undefined) path.push(`${name}=${encode(Buffer.from(value, 'utf8'), PATH_KEEP)}`);
  };
  text('token', uri.token);
  text('manufacturer', uri.manufacturer);
  text('serial', uri.serial);
  text('model', uri.model);
  text('library-manufacturer', uri.libraryManufacturer);
  text('library-description', uri.libraryDescription);
  if (uri.libraryVersion !== undefined) {
    path.push(`library-version=${uri.libraryVersion.major}.${uri.libraryVersion.minor}`);
  }
  if (uri.slotId !== undefined) path.push(`slot-id=${uri.slotId}`);
  text('slot-description', uri.slotDescription);
  text('slot-manufacturer', uri.slotManufacturer);
  text('object', uri.object);
  // CKA_ID is bytes: every byte encoded, as p11-kit and OpenSC write it.
  if (uri.id !== undefined) path.push(`id=${encode(uri.id, undefined)}`);
  if (uri.type !== undefined) path.push(`type=${uri.type}`);
  for (const [name, value] of uri.vendorPath) text(name, value);

  const query: string[] = [];
  const q = (name: string, value: string | undefined) => {
    if (value !== undefined) query.push(`${name}=${encode(Buffer.from(value, 'utf8'), QUERY_KEEP)}`);
  };
  q('module-name', uri.moduleName);
  q('module-path', uri.modulePath);
  q('pin-source', uri.pinSource);
  if (options.includePin === true) q('pin-value', uri.pinValue);
  for (const [name, value] of uri.vendorQuery) q(name, value);
  return `pkcs11:${path.join(';')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** The URI for messages: everything but the PIN. */
export function describePkcs11Uri(uri: Pkcs11Uri): string {
  return formatPkcs11Uri(uri);
}
