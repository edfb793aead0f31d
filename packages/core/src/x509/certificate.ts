import { createHash } from 'node:crypto';
import { decodeBitStringContent, readBitStringOctets } from '../der/bit-string.ts';
import { decodeDer } from '../der/decode.ts';
import { expectContext, readExplicit } from '../der/expect.ts';
import { readInteger, readIntegerBytes } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { readTime } from '../der/time.ts';
import { validationError } from '../errors.ts';
import { type BasicConstraints, parseBasicConstraints } from './basic-constraints.ts';
import { bytesEqual, toHex } from './bytes.ts';
import { parseExtKeyUsage } from './ext-key-usage.ts';
import { decodeExtension, type Extension, parseExtensions } from './extension.ts';
import type { GeneralName } from './general-name.ts';
import {
  type AuthorityKeyIdentifier,
  parseAuthorityKeyIdentifier,
  parseSubjectKeyIdentifier,
} from './key-identifier.ts';
import { type KeyUsage, parseKeyUsage } from './key-usage.ts';
import { CERTIFICATE_DER_LIMITS } from './limits.ts';
import { type Name, parseName } from './name.ts';
import { type NameConstraints, parseNameConstraints } from './name-constraints.ts';
import { OID } from './oids.ts';
import { parseSubjectPublicKeyInfo, type SubjectPublicKeyInfo } from './public-key.ts';
import { serialNumberFromContent } from './serial-number.ts';
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.ts';
import { parseSubjectAltName } from './subject-alt-name.ts';

export interface Validity {
  /** Epoch milliseconds. */
  readonly notBefore: number;
  readonly notAfter: number;
}

/** A parsed X.509 certificate (RFC 5280 §4.1). */
export interface Certificate {
  readonly der: Uint8Array;
  /** The TBSCertificate encoding: the bytes the issuer signed. */
  readonly tbsDer: Uint8Array;
  readonly version: 1 | 2 | 3;
  readonly serialNumber: bigint;
  readonly serialNumberDecimal: string;
  /** Upper-case hex, even digit count, e.g. `0123456789ABCDEF`. */
  readonly serialNumberHex: string;
  /** Certificate.signatureAlgorithm: the algorithm of `signature`. */
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** TBSCertificate.signature: the signed copy of the algorithm. */
  readonly tbsSignatureAlgorithm: SignatureAlgorithm;
  /** RFC 5280 §4.1.1.2: both fields MUST hold the same AlgorithmIdentifier (compared as DER). */
  readonly signatureAlgorithmsMatch: boolean;
  readonly signature: Uint8Array;
  readonly issuer: Name;
  readonly subject: Name;
  readonly validity: Validity;
  readonly subjectPublicKeyInfo: SubjectPublicKeyInfo;
  /** Lower-case hex SHA-256 of the DER: the certificate id Roles Anywhere uses. */
  readonly fingerprintSha256: string;
  /** Every extension, raw, in certificate order; unknown ones included. */
  readonly extensions: readonly Extension[];
  readonly basicConstraints: BasicConstraints | null;
  readonly keyUsage: KeyUsage | null;
  /** Key purpose OIDs (`1.3.6.1.5.5.7.3.2` = clientAuth, …). */
  readonly extKeyUsage: readonly string[] | null;
  readonly subjectKeyIdentifier: Uint8Array | null;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | null;
  readonly subjectAltName: readonly GeneralName[] | null;
  readonly nameConstraints: NameConstraints | null;
}

const WHAT = 'certificate';

export function parseCertificate(der: Uint8Array): Certificate {
  // A private copy: the parsed certificate must not change if the caller reuses its buffer.
  const bytes = der.slice();
  const root = decodeDer(bytes, WHAT, CERTIFICATE_DER_LIMITS);
  const outer = readSequence(root, WHAT);
  const tbsNode = outer.next('tbsCertificate');
  const signatureAlgorithm = parseSignatureAlgorithm(
    outer.next('signatureAlgorithm'),
    `${WHAT} signatureAlgorithm`,
  );
  const signature = readBitStringOctets(outer.next('signatureValue'), `${WHAT} signatureValue`);
  outer.end();

  const tbs = readSequence(tbsNode, `${WHAT} tbsCertificate`);
  const versionNode = tbs.optionalContext(0);
  const version = versionNode === null ? 1 : parseVersion(readExplicit(versionNode, 0, `${WHAT} version`));
  const serial = serialNumberFromContent(readIntegerBytes(tbs.next('serialNumber'), `${WHAT} serialNumber`));
  const tbsSignatureAlgorithm = parseSignatureAlgorithm(
    tbs.next('signature'),
    `${WHAT} tbsCertificate signature`,
  );
  const issuer = parseName(tbs.next('issuer'), `${WHAT} issuer`);
  const validityFields = readSequence(tbs.next('validity'), `${WHAT} validity`);
  const notBefore = readTime(validityFields.next('notBefore'), `${WHAT} validity notBefore`);
  const notAfter = readTime(validityFields.next('notAfter'), `${WHAT} validity notAfter`);
  validityFields.end();
  const subject = parseName(tbs.next('subject'), `${WHAT} subject`);
  const subjectPublicKeyInfo = parseSubjectPublicKeyInfo(
    tbs.next('subjectPublicKeyInfo'),
    `${WHAT} subjectPublicKeyInfo`,
  );
  // RFC 5280 §4.1.2.8: unique identifiers only in v2 and v3; §4.1.2.9: extensions only in v3.
  for (const [tagNumber, field] of [
    [1, 'issuerUniqueID'],
    [2, 'subjectUniqueID'],
  ] as const) {
    const node = tbs.optionalContext(tagNumber);
    if (node === null) continue;
    if (version === 1) throw validationError(`${WHAT} is X.509 v1 but has a ${field} (RFC 5280 §4.1.2.8)`);
    expectContext(node, tagNumber, false, `${WHAT} ${field}`);
    decodeBitStringContent(node.content, `${WHAT} ${field}`);
  }
  const extensionsNode = tbs.optionalContext(3);
  tbs.end();
  let extensions: readonly Extension[] = [];
  if (extensionsNode !== null) {
    if (version !== 3)
      throw validationError(`${WHAT} is X.509 v${version} but has extensions (RFC 5280 §4.1.2.9)`);
    extensions = parseExtensions(readExplicit(extensionsNode, 3, `${WHAT} extensions`), `${WHAT} extensions`);
  }
  const label = `${WHAT} extension`;

  return {
    der: bytes,
    tbsDer: tbsNode.raw,
    version,
    serialNumber: serial.value,
    serialNumberDecimal: serial.decimal,
    serialNumberHex: serial.hex,
    signatureAlgorithm,
    tbsSignatureAlgorithm,
    signatureAlgorithmsMatch: bytesEqual(signatureAlgorithm.der, tbsSignatureAlgorithm.der),
    signature,
    issuer,
    subject,
    validity: { notBefore, notAfter },
    subjectPublicKeyInfo,
    fingerprintSha256: toHex(createHash('sha256').update(bytes).digest()),
    extensions,
    basicConstraints: decodeExtension(extensions, OID.basicConstraints, label, parseBasicConstraints),
    keyUsage: decodeExtension(extensions, OID.keyUsage, label, parseKeyUsage),
    extKeyUsage: decodeExtension(extensions, OID.extKeyUsage, label, parseExtKeyUsage),
    subjectKeyIdentifier: decodeExtension(
      extensions,
      OID.subjectKeyIdentifier,
      label,
      parseSubjectKeyIdentifier,
    ),
    authorityKeyIdentifier: decodeExtension(
      extensions,
      OID.authorityKeyIdentifier,
      label,
      parseAuthorityKeyIdentifier,
    ),
    subjectAltName: decodeExtension(extensions, OID.subjectAltName, label, parseSubjectAltName),
    nameConstraints: decodeExtension(extensions, OID.nameConstraints, label, parseNameConstraints),
  };
}

/** Version ::= INTEGER { v1(0), v2(1), v3(2) }, EXPLICIT [0]. */
function parseVersion(node: DerNode): 1 | 2 | 3 {
  const value = readInteger(node, `${WHAT} version`);
  if (value === 0n) return 1;
  if (value === 1n) return 2;
  if (value === 2n) return 3;
  throw validationError(`${WHAT} version ${value} is not X.509 v1, v2 or v3`);
}
