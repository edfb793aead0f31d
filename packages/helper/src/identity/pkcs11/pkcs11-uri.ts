/**
 * RFC 7512 PKCS#11 URIs: `pkcs11:token=My%20token;id=%01?pin-value=1234`. The path narrows the
 * library, slot, token and object; the query says how to get there (module, PIN). Parsing is
 * strict (§2.3 grammar): a URI the user mistyped should fail here, not select another key.
 * Messages never echo attribute values, so a PIN cannot leak through an error.
 */
import { Pkcs11Error } from './pkcs11-error.ts';

export type Pkcs11ObjectType = 'public' | 'private' | 'cert' | 'secret-key' | 'data';

/** CK_VERSION as `library-version` writes it: `3` is 3.0, `1.23` is major 1, minor 23. */
export interface Pkcs11Version {
  readonly major: number;
  readonly minor: number;
}

export interface Pkcs11Uri {
  // Token (CK_TOKEN_INFO)
  readonly token?: string;
  readonly manufacturer?: string;
  readonly serial?: string;
  readonly model?: string;
  // Library (CK_INFO)
  readonly libraryManufacturer?: string;
  readonly libraryDescription?: string;
  readonly libraryVersion?: Pkcs11Version;
  // Slot (CK_SLOT_INFO; slot-id is a CK_SLOT_ID, an unsigned long)
  readonly slotId?: bigint;
  readonly slotDescription?: string;
  readonly slotManufacturer?: string;
  // Object
  readonly object?: string;
  /** CKA_ID: bytes, not text. */
  readonly id?: Buffer;
  readonly type?: Pkcs11ObjectType;
  // Query
  readonly pinValue?: string;
  readonly pinSource?: string;
  readonly moduleName?: string;
  readonly modulePath?: string;
  /** Vendor-specific path attributes (§2.3 `pk11-v-pattr`), in order. */
  readonly vendorPath: readonly (readonly [name: string, value: string])[];
  /** Vendor-specific query attributes (`pk11-v-qattr`); duplicates are allowed there. */
  readonly vendorQuery: readonly (readonly [name: string, value: string])[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SCHEME = /^pkcs11:/i;

/** Whether `text` is meant as a PKCS#11 URI rather than a file name (RFC 3986 §3.1: the scheme is case-insensitive). */
export function isPkcs11Uri(text: string): boolean {
  return SCHEME.test(text);
}

const PATH_TEXT = {
  token: 'token',
  manufacturer: 'manufacturer',
  serial: 'serial',
  model: 'model',
  'library-manufacturer': 'libraryManufacturer',
  'library-description': 'libraryDescription',
  'slot-description': 'slotDescription',
  'slot-manufacturer': 'slotManufacturer',
  object: 'object',
} as const;
const PATH_OTHER = new Set(['library-version', 'slot-id', 'id', 'type']);
const QUERY_TEXT = {
  'pin-value': 'pinValue',
  'pin-source': 'pinSource',
  'module-name': 'moduleName',
  'module-path': 'modulePath',
} as const;
const OBJECT_TYPES: readonly string[] = ['public', 'private', 'cert', 'secret-key', 'data'];

// §2.3: pk11-v-attr-nm-char = ALPHA / DIGIT / "-" / "_"; the standard names fit it too.
const NAME = /^[A-Za-z0-9_-]+$/;
// unreserved (RFC 3986 §2.3) + pk11-res-avail; the path also allows "&", the query "/", "?", "|".
const PATH_CHAR = /^[A-Za-z0-9\-._~:[\]@!$'()*+,=&]$/;
const QUERY_CHAR = /^[A-Za-z0-9\-._~:[\]@!$'()*+,=/?|]$/;

function refuse(detail: string): never {
  throw new Pkcs11Error(`malformed PKCS#11 URI: ${detail} (RFC 7512 §2.3)`);
}

/** Percent-decodes a component value, refusing characters the component does not allow. */
function decodeBytes(raw: string, allowed: RegExp, where: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) refuse(`a "%" not followed by two hex digits in ${where}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (allowed.test(c)) {
      bytes.push(c.charCodeAt(0));
    } else {
      refuse(`the character ${JSON.stringify(c)} must be percent-encoded in ${where}`);
    }
  }
  return Buffer.from(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** PKCS#11 strings are CK_UTF8CHAR (v2.40 §3.1), so percent-encoded bytes must be UTF-8. */
function decodeText(raw: string, allowed: RegExp, where: string): string {
  const bytes = decodeBytes(raw, allowed, where);
  try {
    return utf8.decode(bytes);
  } catch {
    return refuse(`${where} is not UTF-8 once percent-decoded`);
  }
}

function splitAttribute(part: string, component: string): [name: string, raw: string] {
  const eq = part.indexOf('=');
  if (part === '') refuse(`an empty attribute in the ${component} (a doubled or trailing separator)`);
  if (eq < 0) refuse(`an attribute without "=" in the ${component}`);
  const name = part.slice(0, eq);
  if (!NAME.test(name))
    refuse(`an attribute name in the ${component} that is not letters, digits, "-" or "_"`);
  return [name, part.slice(eq + 1)];
}

function parseVersion(text: string): Pkcs11Version {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (match === null) return refuse('library-version must be digits, optionally "." and digits');
  const major = Number(match[1]);
  const minor = Number(match[2] ?? '0');
  // CK_VERSION holds two CK_BYTEs (v2.40 §3.1).
  if (major > 255 || minor > 255) refuse('library-version parts must be at most 255');
  return { major, minor };
}

function parsePath(path: string, uri: Mutable<Pkcs11Uri>, vendor: [string, string][]): void {
  if (path === '') return;
  const seen = new Set<string>();
  for (const part of path.split(';')) {
    const [name, raw] = splitAttribute(part, 'path');
    // ABNF string literals are case-insensitive (RFC 5234 §2.3).
    const key = name.toLowerCase();
    if (seen.has(key)) refuse(`the path attribute "${name}" appears twice`);
    seen.add(key);
    const where = `the "${key}" attribute`;
    if (key in QUERY_TEXT) refuse(`"${key}" is a query attribute: put it after "?"`);
    if (key in PATH_TEXT) {
      uri[PATH_TEXT[key as keyof typeof PATH_TEXT]] = decodeText(raw, PATH_CHAR, where);
    } else if (key === 'id') {
      uri.id = decodeBytes(raw, PATH_CHAR, where);
    } else if (key === 'type') {
      const type = decodeText(raw, PATH_CHAR, where).toLowerCase();
      if (!OBJECT_TYPES.includes(type)) refuse('type must be public, private, cert, secret-key or data');
      uri.type = type as Pkcs11ObjectType;
    } else if (key === 'slot-id') {
      const text = decodeText(raw, PATH_CHAR, where);
      if (!/^[0-9]+$/.test(text)) refuse('slot-id must be decimal digits');
      const slotId = BigInt(text);
      if (slotId > 0xffff_ffff_ffff_ffffn) refuse('slot-id does not fit a CK_SLOT_ID');
      uri.slotId = slotId;
    } else if (key === 'library-version') {
      uri.libraryVersion = parseVersion(decodeText(raw, PATH_CHAR, where));
    } else {
      vendor.push([name, decodeText(raw, PATH_CHAR, `the vendor attribute "${name}"`)]);
    }
  }
}

function parseQuery(query: string, uri: Mutable<Pkcs11Uri>, vendor: [string, string][]): void {
  if (query === '') return;
  const seen = new Set<string>();
  for (const part of query.split('&')) {
    const [name, raw] = splitAttribute(part, 'query');
    const key = name.toLowerCase();
    if (key in PATH_TEXT || PATH_OTHER.has(key)) refuse(`"${key}" is a path attribute: put it before "?"`);
    if (key in QUERY_TEXT) {
      // Only vendor query attributes may repeat (§2.3).
      if (seen.has(key)) refuse(`the query attribute "${key}" appears twice`);
      seen.add(key);
      uri[QUERY_TEXT[key as keyof typeof QUERY_TEXT]] = decodeText(raw, QUERY_CHAR, `the "${key}" attribute`);
    } else {
      vendor.push([name, decodeText(raw, QUERY_CHAR, `the vendor attribute "${name}"`)]);
    }
  }
}

/** Parses an RFC 7512 URI; throws Pkcs11Error, naming the problem but never a value. */
export function parsePkcs11Uri(text: string): Pkcs11Uri {
  if (!isPkcs11Uri(text)) refuse('it must start with "pkcs11:"');
  const rest = text.slice('pkcs11:'.length);
  // RFC 7512 defines no fragment, and "#" is never allowed unencoded.
  if (rest.includes('#')) refuse('"#" must be percent-encoded (the scheme has no fragment)');
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const vendorPath: [string, string][] = [];
  const vendorQuery: [string, string][] = [];
  const uri: Mutable<Pkcs11Uri> = { vendorPath, vendorQuery };
  parsePath(path, uri, vendorPath);
  parseQuery(query, uri, vendorQuery);
  return uri;
}
