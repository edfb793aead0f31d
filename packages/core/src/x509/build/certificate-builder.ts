/**
 * X.509 v3 certificates issued by the private CA (RFC 5280 §4.1): the template is checked
 * against the profile, the TBSCertificate encoded and signed with the issuer's key.
 */
import type { KeyObject } from 'node:crypto';
import {
  derExplicit,
  derInteger,
  derSequence,
  derSequenceOf,
  derTime,
  integerContent,
} from '../../der/encode.ts';
import { KEY_USAGE_BITS } from '../key-usage.ts';
import {
  authorityKeyIdentifier,
  basicConstraints,
  crlDistributionPoints,
  extKeyUsage,
  keyIdentifier,
  keyUsage,
  nameConstraints,
  subjectAltName,
  subjectKeyIdentifier,
} from './extensions.ts';
import { altNameCount, altNamesProblem, dnsConstraintProblem, uriProblem } from './general-names.ts';
import { readName, readSpki, requireKeyPair } from './inputs.ts';
import { type SigningHash, signingAlgorithmFor } from './signature-algorithm.ts';
import { signData } from './signed-data.ts';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

export interface CertificateTemplate {
  /** Positive, at most 20 octets encoded; the caller makes it random. */
  readonly serialNumber: bigint;
  /** Encoded Name (encodeName, or a CSR's subject DER). */
  readonly subject: Uint8Array;
  /** Encoded Name of the issuer: its certificate's subject, byte for byte (= subject when self-signed). */
  readonly issuer: Uint8Array;
  /** Epoch milliseconds; milliseconds are dropped in the encoding. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** SubjectPublicKeyInfo DER. */
  readonly subjectPublicKey: Uint8Array;
  /** SPKI DER of the issuer, for the AuthorityKeyIdentifier (= subjectPublicKey when self-signed). */
  readonly issuerPublicKey: Uint8Array;
  /** Present: critical basicConstraints cA TRUE (+ pathLenConstraint); absent: critical cA FALSE. */
  readonly ca?: { readonly pathLength?: number };
  /** Critical. */
  readonly keyUsage: readonly KeyUsageName[];
  /** Key purpose OIDs, non-critical; empty or absent: no extension. */
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectAltNames?: {
    readonly dns?: readonly string[];
    readonly uris?: readonly string[];
    readonly emails?: readonly string[];
    readonly ips?: readonly string[];
  };
  /** Critical; CA certificates only. */
  readonly nameConstraints?: {
    readonly permittedDns?: readonly string[];
    readonly excludedDns?: readonly string[];
  };
  /** CRL URIs. */
  readonly crlDistributionPoints?: readonly string[];
}

/** RFC 5280 §4.1.2.2: "CAs MUST NOT use serialNumber values longer than 20 octets" (as encoded). */
const MAX_SERIAL_OCTETS = 20;
const MAX_PATH_LENGTH = 0x7fffffff;

/** The certificate DER, signed by `issuerKey` with signingAlgorithmFor(issuerKey, hash). */
export function buildCertificate(
  template: CertificateTemplate,
  issuerKey: KeyObject,
  hash?: SigningHash,
): Uint8Array {
  const subjectSpki = readSpki(template.subjectPublicKey, 'subjectPublicKey');
  const issuerSpki = readSpki(template.issuerPublicKey, 'issuerPublicKey');
  requireKeyPair(issuerKey, issuerSpki.der, 'issuerKey');
  const subjectIsEmpty = readName(template.subject, 'subject').rdns.length === 0;
  // §4.1.2.4: the issuer MUST be a non-empty distinguished name.
  if (readName(template.issuer, 'issuer').rdns.length === 0) throw new TypeError('the issuer name is empty');
  const problem = templateProblem(template, subjectIsEmpty);
  if (problem !== null) throw new TypeError(`certificate template: ${problem}`);

  const algorithm = signingAlgorithmFor(issuerKey, hash);
  const names = template.subjectAltNames ?? {};
  const constraints = template.nameConstraints;
  const permitted = constraints?.permittedDns ?? [];
  const excluded = constraints?.excludedDns ?? [];
  const purposes = template.extendedKeyUsage ?? [];
  const crlUris = template.crlDistributionPoints ?? [];
  const extensions = [
    basicConstraints(template.ca),
    keyUsage(template.keyUsage),
    ...(purposes.length > 0 ? [extKeyUsage(purposes)] : []),
    // §4.2.1.6: with an empty subject the names live only here, and the extension is critical.
    ...(altNameCount(names) > 0 ? [subjectAltName(names, subjectIsEmpty)] : []),
    ...(permitted.length + excluded.length > 0 ? [nameConstraints(permitted, excluded)] : []),
    subjectKeyIdentifier(keyIdentifier(subjectSpki)),
    authorityKeyIdentifier(keyIdentifier(issuerSpki)),
    ...(crlUris.length > 0 ? [crlDistributionPoints(crlUris)] : []),
  ];
  const tbs = derSequence(
    derExplicit(0, derInteger(2n)), // v3 (§4.1.2.1)
    derInteger(template.serialNumber),
    algorithm.identifier,
    template.issuer,
    derSequence(derTime(template.notBefore), derTime(template.notAfter)),
    template.subject,
    subjectSpki.der,
    derExplicit(3, derSequenceOf(extensions)),
  );
  return signData(tbs, issuerKey, algorithm, issuerSpki.der);
}

/** The first way the template breaks the profile, or null. */
function templateProblem(template: CertificateTemplate, subjectIsEmpty: boolean): string | null {
  const serial = template.serialNumber;
  if (typeof serial !== 'bigint' || serial <= 0n)
    return 'serialNumber must be a positive bigint (RFC 5280 §4.1.2.2)';
  if (integerContent(serial).length > MAX_SERIAL_OCTETS) {
    return `serialNumber is longer than ${MAX_SERIAL_OCTETS} octets (RFC 5280 §4.1.2.2)`;
  }
  const { notBefore, notAfter } = template;
  if (!Number.isFinite(notBefore) || !Number.isFinite(notAfter))
    return 'notBefore and notAfter must be finite';
  if (Math.floor(notAfter / 1000) <= Math.floor(notBefore / 1000)) return 'notAfter must be after notBefore';
  const ca = template.ca;
  const pathLength = ca?.pathLength;
  if (
    pathLength !== undefined &&
    (!Number.isSafeInteger(pathLength) || pathLength < 0 || pathLength > MAX_PATH_LENGTH)
  ) {
    return `pathLength ${pathLength} must be an integer of at least 0`;
  }
  // §4.1.2.6: a CA's subject is non-empty; an end entity without one is named by its SAN only.
  if (subjectIsEmpty && (ca !== undefined || altNameCount(template.subjectAltNames ?? {}) === 0)) {
    return 'the subject is empty; a CA needs a subject and an end entity at least a subjectAltName (RFC 5280 §4.1.2.6)';
  }
  const usages = template.keyUsage;
  if (usages.length === 0) return 'keyUsage needs at least one usage (RFC 5280 §4.2.1.3)';
  const unknown = usages.find((usage) => !KEY_USAGE_BITS.includes(usage));
  if (unknown !== undefined) return `unknown keyUsage '${unknown}'`;
  if (ca === undefined && usages.includes('keyCertSign')) {
    return 'keyCertSign is only for CA certificates (RFC 5280 §4.2.1.9)';
  }
  if (
    (usages.includes('encipherOnly') || usages.includes('decipherOnly')) &&
    !usages.includes('keyAgreement')
  ) {
    return 'encipherOnly and decipherOnly need keyAgreement (RFC 5280 §4.2.1.3)';
  }
  const altNames = altNamesProblem(template.subjectAltNames ?? {});
  if (altNames !== null) return altNames;
  const constraints = template.nameConstraints;
  if (constraints !== undefined) {
    if (ca === undefined) return 'nameConstraints are only for CA certificates (RFC 5280 §4.2.1.10)';
    const dns = [...(constraints.permittedDns ?? []), ...(constraints.excludedDns ?? [])];
    const bad = dns.map(dnsConstraintProblem).find((found) => found !== null);
    if (bad !== undefined) return bad;
  }
  const badUri = (template.crlDistributionPoints ?? []).map(uriProblem).find((found) => found !== null);
  return badUri ?? null;
}
