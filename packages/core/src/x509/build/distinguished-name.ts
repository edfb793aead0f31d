/**
 * Distinguished names for the certificates the private CA issues: text in (RFC 4514 or the
 * OpenSSL "/C=US/O=Example/CN=web" form that operators paste from `openssl … -subj`), DER out.
 * One RDN per attribute: a multi-valued RDN is refused rather than silently split.
 */
import {
  derIa5String,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derUtf8String,
} from '../../der/encode.ts';
import { validationError } from '../../errors.ts';
import { ATTRIBUTE_SHORT_NAMES } from '../oids.ts';

export type DnAttributeType =
  | 'C'
  | 'ST'
  | 'L'
  | 'O'
  | 'OU'
  | 'CN'
  | 'serialNumber'
  | 'DC'
  | 'emailAddress'
  | 'title'
  | 'SN'
  | 'GN'
  | 'initials'
  | 'pseudonym'
  | 'generationQualifier'
  | 'dnQualifier';

/** [type, value]: a short name from DnAttributeType or a dotted OID. */
export type DnAttribute = readonly [type: DnAttributeType | string, value: string];

const TYPES: Readonly<Record<DnAttributeType, string>> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
  DC: '0.9.2342.19200300.100.1.25',
  emailAddress: '1.2.840.113549.1.9.1',
  title: '2.5.4.12',
  SN: '2.5.4.4',
  GN: '2.5.4.42',
  initials: '2.5.4.43',
  pseudonym: '2.5.4.65',
  generationQualifier: '2.5.4.44',
  dnQualifier: '2.5.4.46',
};

const SHORT_NAME_BY_OID: ReadonlyMap<string, DnAttributeType> = new Map(
  Object.entries(TYPES).map(([name, oid]) => [oid, name as DnAttributeType]),
);

// Names are case-insensitive (RFC 4512 §1.4). Besides ours: the core's table (what parsed names
// print, so subjectText round-trips) and the long names OpenSSL also accepts.
const OID_BY_NAME: ReadonlyMap<string, string> = new Map([
  ...[...ATTRIBUTE_SHORT_NAMES].map(([oid, name]) => [name.toLowerCase(), oid] as const),
  ...Object.entries(TYPES).map(([name, oid]) => [name.toLowerCase(), oid] as const),
  ...Object.entries({
    commonName: TYPES.CN,
    countryName: TYPES.C,
    localityName: TYPES.L,
    stateOrProvinceName: TYPES.ST,
    organizationName: TYPES.O,
    organizationalUnitName: TYPES.OU,
    domainComponent: TYPES.DC,
    surname: TYPES.SN,
    givenName: TYPES.GN,
  }).map(([name, oid]) => [name.toLowerCase(), oid] as const),
]);

// RFC 5280 §4.1.2.6 and Appendix A: these are PrintableString (C, serialNumber, dnQualifier, and
// the EV jurisdictionC) or IA5String (emailAddress, DC); all else is a DirectoryString, UTF8String.
const PRINTABLE: ReadonlySet<string> = new Set([
  TYPES.C,
  TYPES.serialNumber,
  TYPES.dnQualifier,
  '1.3.6.1.4.1.311.60.2.1.3',
]);
const IA5: ReadonlySet<string> = new Set([TYPES.emailAddress, TYPES.DC]);

const MAX_ATTRIBUTES = 64;
const MAX_VALUE_CHARACTERS = 256;
const MAX_TEXT_LENGTH = 65_536;
const DOTTED_OID = /^[0-2](?:\.(?:0|[1-9][0-9]{0,17}))+$/;

/**
 * "CN=web,O=Example,C=US" (RFC 4514, leaf RDN first) or "/C=US/O=Example/CN=web" (OpenSSL,
 * root first), as attributes in encoding order (most significant first).
 */
export function parseDistinguishedName(text: string): DnAttribute[] {
  if (text.length > MAX_TEXT_LENGTH) throw validationError('the distinguished name is too long');
  if (text.trim() === '') throw validationError('the distinguished name is empty');
  const raw = text.startsWith('/') ? splitSlashForm(text) : splitRfc4514(text).toReversed();
  if (raw.length > MAX_ATTRIBUTES) {
    throw validationError(
      `the distinguished name has ${raw.length} attributes; at most ${MAX_ATTRIBUTES} are allowed`,
    );
  }
  return raw.map(([type, value]) => {
    const oid = resolveType(type);
    if (oid === null) throw validationError(`the distinguished name has an unknown attribute type '${type}'`);
    const problem = valueProblem(oid, value);
    if (problem !== null) throw validationError(`the distinguished name's ${type} ${problem}`);
    return [SHORT_NAME_BY_OID.get(oid) ?? oid, value] as const;
  });
}

/** Name ::= SEQUENCE OF RDN, each RDN one AttributeTypeAndValue (RFC 5280 §4.1.2.4). */
export function encodeName(attributes: readonly DnAttribute[]): Uint8Array {
  return derSequence(
    ...attributes.map(([type, value]) => {
      const oid = resolveType(type);
      if (oid === null) throw new TypeError(`unknown distinguished name attribute type '${type}'`);
      const problem = valueProblem(oid, value);
      if (problem !== null) throw new TypeError(`distinguished name attribute ${type} ${problem}`);
      return derSet(derSequence(derOid(oid), encodeValue(oid, value)));
    }),
  );
}

function encodeValue(oid: string, value: string): Uint8Array {
  if (PRINTABLE.has(oid)) return derPrintableString(value);
  if (IA5.has(oid)) return derIa5String(value);
  return derUtf8String(value);
}

function resolveType(type: string): string | null {
  if (DOTTED_OID.test(type)) {
    const [first, second] = type.split('.').map(Number);
    return first !== undefined && second !== undefined && first < 2 && second > 39 ? null : type;
  }
  return OID_BY_NAME.get(type.toLowerCase()) ?? null;
}

/** Why `value` cannot be the value of attribute `oid`, or null. */
function valueProblem(oid: string, value: string): string | null {
  if (value === '') return 'value is empty';
  if ([...value].length > MAX_VALUE_CHARACTERS)
    return `value is longer than ${MAX_VALUE_CHARACTERS} characters`;
  if (!value.isWellFormed()) return 'value is not well-formed Unicode';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  if (/[\x00-\x1f\x7f]/.test(value)) return 'value contains a control character';
  if (PRINTABLE.has(oid) && !/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) {
    return "value may only use PrintableString characters (A-Z a-z 0-9 space ' ( ) + , - . / : = ?)";
  }
  if (IA5.has(oid) && !/^[\x20-\x7e]*$/.test(value)) return 'value must be ASCII (IA5String)';
  if (oid === TYPES.C && !/^[A-Za-z]{2}$/.test(value))
    return 'value must be a two-letter ISO 3166 country code';
  return null;
}

type RawAttribute = readonly [type: string, value: string];

// RFC 4514 §2.4: characters that may follow a backslash as themselves.
const ESCAPABLE = ' "#+,;<=>\\';

/** RFC 4514 §3: RDNs separated by ',', escapes `\<special>` and `\<hex><hex>` (UTF-8 octets). */
function splitRfc4514(text: string): RawAttribute[] {
  const attributes: RawAttribute[] = [];
  let position = 0;
  for (;;) {
    const equals = text.indexOf('=', position);
    const separator = text.indexOf(',', position);
    if (equals < 0 || (separator >= 0 && separator < equals)) {
      throw validationError(`the distinguished name has an attribute without '=' at offset ${position}`);
    }
    const type = text.slice(position, equals).trim();
    let index = equals + 1;
    while (text[index] === ' ') index += 1;
    if (text[index] === '#') {
      throw validationError(
        `the distinguished name's ${type} is a #hex value, which is not supported; give the text`,
      );
    }
    let value = '';
    let kept = 0; // the length of value without unescaped trailing spaces
    let octets: number[] = [];
    const flush = () => {
      if (octets.length === 0) return;
      value += decodeUtf8(octets, type);
      octets = [];
      kept = value.length;
    };
    for (; index < text.length; index += 1) {
      const char = text.charAt(index);
      if (char === ',') break;
      if (char === '+') {
        throw validationError(
          `the distinguished name has a multi-valued RDN at ${type}, which is not supported; escape a literal '+' as '\\+'`,
        );
      }
      if (char === '\\') {
        const pair = text.slice(index + 1, index + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(pair)) {
          octets.push(Number.parseInt(pair, 16));
          index += 2;
          continue;
        }
        const next = text.charAt(index + 1);
        if (next === '' || !ESCAPABLE.includes(next)) {
          throw validationError(
            `the distinguished name's ${type} has an invalid escape '\\${next}' (RFC 4514 §2.4)`,
          );
        }
        flush();
        value += next;
        kept = value.length;
        index += 1;
        continue;
      }
      if ('";<>'.includes(char)) {
        throw validationError(`the distinguished name's ${type} has an unescaped '${char}' (RFC 4514 §2.4)`);
      }
      flush();
      value += char;
      if (char !== ' ') kept = value.length;
    }
    flush();
    attributes.push([type, value.slice(0, kept)]);
    if (index >= text.length) return attributes;
    position = index + 1;
    if (text.slice(position).trim() === '')
      throw validationError('the distinguished name ends with a separator');
  }
}

/** OpenSSL's -subj form: "/type=value/…", '\' escapes the next character, '+' joins an RDN. */
function splitSlashForm(text: string): RawAttribute[] {
  const attributes: RawAttribute[] = [];
  let index = 1;
  while (index <= text.length) {
    const equals = text.indexOf('=', index);
    const slash = text.indexOf('/', index);
    if (equals < 0 || (slash >= 0 && slash < equals)) {
      throw validationError(`the distinguished name has a component without '=' at offset ${index}`);
    }
    const type = text.slice(index, equals);
    let value = '';
    for (index = equals + 1; index < text.length; index += 1) {
      const char = text.charAt(index);
      if (char === '/') break;
      if (char === '+') {
        throw validationError(
          `the distinguished name has a multi-valued RDN at ${type}, which is not supported; escape a literal '+' as '\\+'`,
        );
      }
      if (char === '\\') {
        index += 1;
        if (index >= text.length) throw validationError('the distinguished name ends with a lone backslash');
      }
      value += text.charAt(index);
    }
    attributes.push([type, value]);
    index += 1;
  }
  return attributes;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(octets: readonly number[], type: string): string {
  try {
    return UTF8.decode(Uint8Array.from(octets));
  } catch {
    throw validationError(`the distinguished name's ${type} has \\hex escapes that are not UTF-8`);
  }
}
