/**
 * The model's ASN1Subject → an encoded X.501 Name. Attributes are written in the order of the
 * shape's members (Country, Organization, OrganizationalUnit, …), as ACM PCA writes them.
 * CustomAttributes replace the named fields: AWS refuses the two together.
 */
import type { Asn1Subject } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import { type DnAttribute, encodeName } from '@anchorage/core/x509/build/distinguished-name';

const FIELDS: readonly (readonly [keyof Asn1Subject, string])[] = [
  ['Country', 'C'],
  ['Organization', 'O'],
  ['OrganizationalUnit', 'OU'],
  ['DistinguishedNameQualifier', 'dnQualifier'],
  ['State', 'ST'],
  ['CommonName', 'CN'],
  ['SerialNumber', 'serialNumber'],
  ['Locality', 'L'],
  ['Title', 'title'],
  ['Surname', 'SN'],
  ['GivenName', 'GN'],
  ['Initials', 'initials'],
  ['Pseudonym', 'pseudonym'],
  ['GenerationQualifier', 'generationQualifier'],
];

export function subjectAttributes(subject: Asn1Subject, member: string): DnAttribute[] {
  const named = FIELDS.flatMap(([field, type]): DnAttribute[] => {
    const value = subject[field];
    return typeof value === 'string' && value !== '' ? [[type, value]] : [];
  });
  const custom = (subject.CustomAttributes ?? []).map(
    ({ ObjectIdentifier, Value }): DnAttribute => [ObjectIdentifier, Value],
  );
  if (custom.length > 0 && named.length > 0) {
    throw invalidArgs(`${member}: CustomAttributes cannot be combined with the named subject fields`);
  }
  return custom.length > 0 ? custom : named;
}

/** The encoded Name; InvalidArgsException for an empty subject or a value X.520 does not allow. */
export function encodeSubject(subject: Asn1Subject, member: string): Uint8Array {
  const attributes = subjectAttributes(subject, member);
  if (attributes.length === 0) throw invalidArgs(`${member} must name at least one attribute`);
  try {
    return encodeName(attributes);
  } catch (error) {
    // encodeName refuses values a Name cannot hold (a non-PrintableString serial number, …).
    if (error instanceof TypeError) throw invalidArgs(`${member}: ${error.message}`);
    throw error;
  }
}

function invalidArgs(message: string): AnchorageError {
  return new AnchorageError('InvalidArgsException', message);
}
