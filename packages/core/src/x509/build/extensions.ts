/**
 * The certificate extensions the CA writes (RFC 5280 §4.2), each as a whole Extension:
 * SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
 */
import { createHash } from 'node:crypto';
import {
  concat,
  derBitString,
  derBoolean,
  derExplicit,
  derImplicit,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  derSequenceOf,
} from '../../der/encode.ts';
import { KEY_USAGE_BITS, type KeyUsageBit } from '../key-usage.ts';
import { OID } from '../oids.ts';
import type { SubjectPublicKeyInfo } from '../public-key.ts';
import { type AltNames, encodeAltNames, GeneralNameTag, ia5GeneralName } from './general-names.ts';

export function encodeExtension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  // X.690 §11.5: a value equal to its DEFAULT is omitted, so FALSE is never written.
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/** §4.2.1.9, critical: cA TRUE (+ pathLenConstraint) for a CA; the empty SEQUENCE (cA FALSE) otherwise. */
export function basicConstraints(ca: { readonly pathLength?: number } | undefined): Uint8Array {
  const fields =
    ca === undefined
      ? []
      : ca.pathLength === undefined
        ? [derBoolean(true)]
        : [derBoolean(true), derInteger(BigInt(ca.pathLength))];
  return encodeExtension(OID.basicConstraints, true, derSequence(...fields));
}

/** §4.2.1.3, critical. A named BIT STRING: DER drops trailing zero bits (X.690 §11.2.2). */
export function keyUsage(usages: readonly KeyUsageBit[]): Uint8Array {
  const positions = usages.map((usage) => KEY_USAGE_BITS.indexOf(usage));
  const highest = Math.max(...positions);
  const octets = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const position of positions) {
    octets[position >> 3] = (octets[position >> 3] ?? 0) | (0x80 >> (position & 7));
  }
  return encodeExtension(OID.keyUsage, true, derBitString(octets, octets.length * 8 - highest - 1));
}

/** §4.2.1.12, non-critical: KeyPurposeId OIDs. */
export function extKeyUsage(purposes: readonly string[]): Uint8Array {
  return encodeExtension(OID.extKeyUsage, false, derSequenceOf(purposes.map(derOid)));
}

/** §4.2.1.6: critical only when the subject is empty. */
export function subjectAltName(names: AltNames, critical: boolean): Uint8Array {
  return encodeExtension(OID.subjectAltName, critical, encodeAltNames(names));
}

/**
 * §4.2.1.10, critical: GeneralSubtrees of dNSNames, [0] permitted and [1] excluded, IMPLICIT;
 * minimum (DEFAULT 0) omitted and maximum absent as the profile requires.
 */
export function nameConstraints(permittedDns: readonly string[], excludedDns: readonly string[]): Uint8Array {
  const subtrees = (tag: number, names: readonly string[]) =>
    derImplicit(
      tag,
      concat(names.map((name) => derSequence(ia5GeneralName(GeneralNameTag.dNSName, name)))),
      true,
    );
  const fields = [
    ...(permittedDns.length > 0 ? [subtrees(0, permittedDns)] : []),
    ...(excludedDns.length > 0 ? [subtrees(1, excludedDns)] : []),
  ];
  return encodeExtension(OID.nameConstraints, true, derSequence(...fields));
}

/**
 * RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's value (without
 * tag, length and unused-bits octet). SHA-1 only names the key here; it protects nothing.
 */
export function keyIdentifier(spki: SubjectPublicKeyInfo): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki.publicKey).digest());
}

/** §4.2.1.2, non-critical. */
export function subjectKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return encodeExtension(OID.subjectKeyIdentifier, false, derOctetString(keyId));
}

/** §4.2.1.1, non-critical: SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }. */
export function authorityKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return encodeExtension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, keyId, false)));
}

/**
 * §4.2.1.13, non-critical: one DistributionPoint whose fullName lists the URIs (names of the same
 * CRL). distributionPoint [0] is EXPLICIT because DistributionPointName is a CHOICE; fullName
 * [0] is IMPLICIT GeneralNames.
 */
export function crlDistributionPoints(uris: readonly string[]): Uint8Array {
  const fullName = derImplicit(
    0,
    concat(uris.map((uri) => ia5GeneralName(GeneralNameTag.uniformResourceIdentifier, uri))),
    true,
  );
  return encodeExtension(
    OID.cRLDistributionPoints,
    false,
    derSequence(derSequence(derExplicit(0, fullName))),
  );
}
