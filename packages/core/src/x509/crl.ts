import { Buffer } from 'node:buffer';
import { readBitStringOctets } from '../der/bit-string.ts';
import { decodeDer } from '../der/decode.ts';
import { readExplicit } from '../der/expect.ts';
import { readEnumerated, readInteger, readIntegerBytes } from '../der/integer.ts';
import type { DerNode } from '../der/node.ts';
import { readSequence, readSequenceOf } from '../der/sequence-reader.ts';
import { UniversalTag } from '../der/tags.ts';
import { readTime } from '../der/time.ts';
import { validationError } from '../errors.ts';
import { bytesEqual } from './bytes.ts';
import type { Certificate } from './certificate.ts';
import { decodeExtension, type Extension, parseExtensions } from './extension.ts';
import { type AuthorityKeyIdentifier, parseAuthorityKeyIdentifier } from './key-identifier.ts';
import { CRL_DER_LIMITS } from './limits.ts';
import { type Name, parseName } from './name.ts';
import { namesMatch } from './name-match.ts';
import { OID } from './oids.ts';
import { decodePem } from './pem.ts';
import { serialNumberFromContent } from './serial-number.ts';
import { verifySignedData } from './signature.ts';
import { parseSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithm.ts';

/** RFC 5280 §5.3.1 CRLReason; value 7 is unused. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

const REASONS: ReadonlyMap<number, RevocationReason> = new Map([
  [0, 'unspecified'],
  [1, 'keyCompromise'],
  [2, 'cACompromise'],
  [3, 'affiliationChanged'],
  [4, 'superseded'],
  [5, 'cessationOfOperation'],
  [6, 'certificateHold'],
  [8, 'removeFromCRL'],
  [9, 'privilegeWithdrawn'],
  [10, 'aACompromise'],
]);

export interface RevokedCertificate {
  readonly serialNumber: bigint;
  /** Upper-case hex, even digit count, as `Certificate.serialNumberHex`. */
  readonly serialNumberHex: string;
  /** Epoch milliseconds. */
  readonly revocationDate: number;
  /** The CRLReason code (RFC 5280 §5.3.1) and its name; null when the entry has no reasonCode. */
  readonly reasonCode: number | null;
  readonly reason: RevocationReason | null;
  readonly extensions: readonly Extension[];
}

/** A parsed CertificateList (RFC 5280 §5.1). */
export interface Crl {
  readonly der: Uint8Array;
  /** The TBSCertList encoding: the bytes the issuer signed. */
  readonly tbsDer: Uint8Array;
  readonly version: 1 | 2;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly tbsSignatureAlgorithm: SignatureAlgorithm;
  /** RFC 5280 §5.1.1.2: both fields MUST hold the same AlgorithmIdentifier. */
  readonly signatureAlgorithmsMatch: boolean;
  readonly signature: Uint8Array;
  readonly issuer: Name;
  /** Epoch milliseconds. */
  readonly thisUpdate: number;
  readonly nextUpdate: number | null;
  readonly revokedCertificates: readonly RevokedCertificate[];
  /** Every CRL extension, raw; unknown ones included. */
  readonly extensions: readonly Extension[];
  readonly crlNumber: bigint | null;
  readonly authorityKeyIdentifier: AuthorityKeyIdentifier | null;
}

const WHAT = 'CRL';

export function parseCrl(der: Uint8Array): Crl {
  const bytes = der.slice();
  const outer = readSequence(decodeDer(bytes, WHAT, CRL_DER_LIMITS), WHAT);
  const tbsNode = outer.next('tbsCertList');
  const signatureAlgorithm = parseSignatureAlgorithm(
    outer.next('signatureAlgorithm'),
    `${WHAT} signatureAlgorithm`,
  );
  const signature = readBitStringOctets(outer.next('signatureValue'), `${WHAT} signatureValue`);
  outer.end();

  const tbs = readSequence(tbsNode, `${WHAT} tbsCertList`);
  // Version ::= INTEGER, OPTIONAL and untagged; RFC 5280 §5.1.2.1: if present it MUST be v2 (1).
  const versionNode = tbs.optionalUniversal(UniversalTag.integer);
  if (versionNode !== null && readInteger(versionNode, `${WHAT} version`) !== 1n) {
    throw validationError(`${WHAT} version must be v2 when present (RFC 5280 §5.1.2.1)`);
  }
  const version = versionNode === null ? 1 : 2;
  const tbsSignatureAlgorithm = parseSignatureAlgorithm(
    tbs.next('signature'),
    `${WHAT} tbsCertList signature`,
  );
  const issuer = parseName(tbs.next('issuer'), `${WHAT} issuer`);
  const thisUpdate = readTime(tbs.next('thisUpdate'), `${WHAT} thisUpdate`);
  const nextUpdateNode =
    tbs.optionalUniversal(UniversalTag.utcTime) ?? tbs.optionalUniversal(UniversalTag.generalizedTime);
  const nextUpdate = nextUpdateNode === null ? null : readTime(nextUpdateNode, `${WHAT} nextUpdate`);
  const revokedNode = tbs.optionalUniversal(UniversalTag.sequence);
  const extensionsNode = tbs.optionalContext(0);
  tbs.end();

  const revokedCertificates =
    revokedNode === null
      ? []
      : readSequenceOf(revokedNode, `${WHAT} revokedCertificates`).map((entry, index) =>
          parseRevokedCertificate(entry, `${WHAT} revokedCertificates entry ${index + 1}`, version),
        );
  let extensions: readonly Extension[] = [];
  if (extensionsNode !== null) {
    if (version !== 2) throw validationError(`${WHAT} is v1 but has crlExtensions (RFC 5280 §5.1.2.1)`);
    extensions = parseExtensions(
      readExplicit(extensionsNode, 0, `${WHAT} crlExtensions`),
      `${WHAT} extensions`,
    );
  }
  const label = `${WHAT} extension`;
  return {
    der: bytes,
    tbsDer: tbsNode.raw,
    version,
    signatureAlgorithm,
    tbsSignatureAlgorithm,
    signatureAlgorithmsMatch: bytesEqual(signatureAlgorithm.der, tbsSignatureAlgorithm.der),
    signature,
    issuer,
    thisUpdate,
    nextUpdate,
    revokedCertificates,
    extensions,
    // RFC 5280 §5.2.3: CRLNumber ::= INTEGER (0..MAX).
    crlNumber: decodeExtension(extensions, OID.cRLNumber, label, readInteger),
    authorityKeyIdentifier: decodeExtension(
      extensions,
      OID.authorityKeyIdentifier,
      label,
      parseAuthorityKeyIdentifier,
    ),
  };
}

function parseRevokedCertificate(node: DerNode, what: string, version: 1 | 2): RevokedCertificate {
  const fields = readSequence(node, what);
  const serial = serialNumberFromContent(
    readIntegerBytes(fields.next('userCertificate'), `${what} userCertificate`),
  );
  const revocationDate = readTime(fields.next('revocationDate'), `${what} revocationDate`);
  const extensionsNode = fields.remaining > 0 ? fields.next('crlEntryExtensions') : null;
  fields.end();
  let extensions: readonly Extension[] = [];
  if (extensionsNode !== null) {
    if (version !== 2)
      throw validationError(`${what} has crlEntryExtensions in a v1 CRL (RFC 5280 §5.1.2.6)`);
    extensions = parseExtensions(extensionsNode, `${what} extensions`);
  }
  const reasonCode = decodeExtension(extensions, OID.reasonCode, `${what} extension`, parseReasonCode);
  return {
    serialNumber: serial.value,
    serialNumberHex: serial.hex,
    revocationDate,
    reasonCode,
    reason: reasonCode === null ? null : (REASONS.get(reasonCode) ?? null),
    extensions,
  };
}

function parseReasonCode(node: DerNode, what: string): number {
  const code = readEnumerated(node, what, 10);
  if (!REASONS.has(code)) throw validationError(`${what} ${code} is not a CRLReason (RFC 5280 §5.3.1)`);
  return code;
}

/**
 * The DER of a CRL given either as DER or as PEM text with one `X509 CRL` block (ImportCrl's
 * crlData is documented as PEM, but DER uploads are common; protocol notes §1.9 accept both).
 * The result is checked to be one well-formed DER element; `parseCrl` checks the rest.
 */
export function crlToDer(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw validationError('the CRL data is empty');
  // A DER CertificateList starts with a SEQUENCE tag; PEM text never starts with 0x30 ('0').
  if (bytes[0] === 0x30) {
    const der = bytes.slice();
    decodeDer(der, WHAT, CRL_DER_LIMITS);
    return der;
  }
  const blocks = decodePem(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  const other = blocks.find((block) => block.label !== 'X509 CRL');
  if (other !== undefined) {
    throw validationError(
      `the CRL data contains a PEM '${other.label}' block; only one 'X509 CRL' block is expected`,
    );
  }
  const [block, extra] = blocks;
  if (block === undefined)
    throw validationError("the CRL data is neither DER nor PEM with an 'X509 CRL' block");
  if (extra !== undefined) {
    throw validationError(
      `the CRL data contains ${blocks.length} 'X509 CRL' blocks; exactly one is expected`,
    );
  }
  decodeDer(block.der, WHAT, CRL_DER_LIMITS);
  return block.der;
}

/**
 * Whether `caCert` issued `crl`: the CRL's issuer is the CA's subject (RFC 5280 §7.1 comparison)
 * and the CRL's signature verifies with the CA's public key.
 */
export function isCrlIssuedBy(crl: Crl, caCert: Certificate): boolean {
  return (
    namesMatch(crl.issuer, caCert.subject) &&
    crl.signatureAlgorithmsMatch &&
    verifySignedData(crl.tbsDer, crl.signatureAlgorithm, crl.signature, caCert.subjectPublicKeyInfo.der)
  );
}
