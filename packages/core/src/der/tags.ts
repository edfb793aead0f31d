/** Tag classes and universal tag numbers of X.690 §8.1.2 and X.680 §8.4. */

export const TagClass = {
  universal: 0,
  application: 1,
  contextSpecific: 2,
  private: 3,
} as const;

export type TagClassValue = (typeof TagClass)[keyof typeof TagClass];

export const UniversalTag = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  objectIdentifier: 6,
  enumerated: 10,
  utf8String: 12,
  sequence: 16,
  set: 17,
  numericString: 18,
  printableString: 19,
  teletexString: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  visibleString: 26,
  universalString: 28,
  bmpString: 30,
} as const;

const UNIVERSAL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'BOOLEAN'],
  [2, 'INTEGER'],
  [3, 'BIT STRING'],
  [4, 'OCTET STRING'],
  [5, 'NULL'],
  [6, 'OBJECT IDENTIFIER'],
  [10, 'ENUMERATED'],
  [12, 'UTF8String'],
  [16, 'SEQUENCE'],
  [17, 'SET'],
  [18, 'NumericString'],
  [19, 'PrintableString'],
  [20, 'TeletexString'],
  [21, 'VideotexString'],
  [22, 'IA5String'],
  [23, 'UTCTime'],
  [24, 'GeneralizedTime'],
  [25, 'GraphicString'],
  [26, 'VisibleString'],
  [27, 'GeneralString'],
  [28, 'UniversalString'],
  [30, 'BMPString'],
]);

/**
 * Universal types whose DER encoding is always primitive (X.690 §10.2: DER forbids the
 * constructed form of string types) and those that are always constructed.
 */
const ALWAYS_PRIMITIVE: ReadonlySet<number> = new Set([
  1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
]);
const ALWAYS_CONSTRUCTED: ReadonlySet<number> = new Set([8, 11, 16, 17]);

export function universalFormIsValid(tagNumber: number, constructed: boolean): boolean {
  if (ALWAYS_PRIMITIVE.has(tagNumber)) return !constructed;
  if (ALWAYS_CONSTRUCTED.has(tagNumber)) return constructed;
  return true;
}

/** A readable name for a tag, for error messages: `INTEGER`, `[0] constructed`, … */
export function describeTag(tagClass: TagClassValue, tagNumber: number, constructed: boolean): string {
  if (tagClass === TagClass.universal) {
    return UNIVERSAL_NAMES.get(tagNumber) ?? `universal tag ${tagNumber}`;
  }
  const form = constructed ? 'constructed' : 'primitive';
  if (tagClass === TagClass.contextSpecific) return `[${tagNumber}] ${form}`;
  const cls = tagClass === TagClass.application ? 'APPLICATION' : 'PRIVATE';
  return `[${cls} ${tagNumber}] ${form}`;
}
