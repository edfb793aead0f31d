/**
 * PKCS#10 certification requests (RFC 2986): parsing and verifying the ones clients send to
 * IssueCertificate, and building the CA's own (GetCertificateAuthorityCsr).
 *
 * CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
 * CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject Name,
 *   subjectPKInfo SubjectPublicKeyInfo, attributes [0] IMPLICIT SET OF Attribute }
 */
import { Buffer } from 'node:buffer';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readBitStringOctets } from '../../der/bit-string.ts';
import { decodeDer } from '../../der/decode.ts';
import { derImplicit, derInteger, derSequence } from '../../der/encode.ts';
import { expectContext } from '../../der/expect.ts';
import { readInteger } from '../../der/integer.ts';
import type { DerLimits } from '../../der/limits.ts';
import type { DerNode } from '../../der/node.ts';
import { readOid } from '../../der/oid.ts';
import { readSequence, readSetOf } from '../../der/sequence-reader.ts';
import { validationError } from '../../errors.ts';
import { decodeExtension, parseExtensions } from '../extension.ts';
import type { GeneralName } from '../general-name.ts';
import { parseName } from '../name.ts';
import { OID } from '../oids.ts';
import { decodePem } from '../pem.ts';
import { parseSubjectPublicKeyInfo, type SubjectPublicKeyInfo } from '../public-key.ts';
import { verifySignedData } from '../signature.ts';
import { isSha256OrStronger, parseSignatureAlgorithm } from '../signature-algorithm.ts';
import { parseSubjectAltName } from '../subject-alt-name.ts';
import { altNamesProblem } from './general-names.ts';
import { readName } from './inputs.ts';
import { type SigningHash, signingAlgorithmFor } from './signature-algorithm.ts';
import { signData } from './signed-data.ts';

export interface CertificationRequest {
  readonly der: Uint8Array;
  /** The subject Name DER, exactly as in the request. */
  readonly subject: Uint8Array;
  /** RFC 4514 rendering, e.g. `CN=web,O=Example`. */
  readonly subjectText: string;
  /** SubjectPublicKeyInfo DER. */
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly publicKey: KeyObject;
  readonly keyType: 'rsa' | 'ec' | 'ml-dsa-44' | 'ml-dsa-65' | 'ml-dsa-87';
  /**
   * The subjectAltName of an extensionRequest attribute, syntax-checked as the builder wants it;
   * empty lists when there is none. Other GeneralName forms (directoryName, otherName, …) are not carried.
   */
  readonly requestedSubjectAltNames: { dns: string[]; uris: string[]; emails: string[]; ips: string[] };
}

const WHAT = 'CSR';
// An ML-DSA-87 request is about 7.5 KB; RSA-16384 about 4 KB. Room for long SAN lists.
const CSR_DER_LIMITS: DerLimits = { maxBytes: 65_536, maxDepth: 32, maxElements: 10_000 };
const MAX_PEM_CHARACTERS = 131_072;
const PEM_LABELS: ReadonlySet<string> = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
// PKCS#9 (RFC 2985 §5.4.2): extensionRequest ::= Extensions.
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const RSA_BITS = { minimum: 2048, maximum: 16_384 } as const;

/** PEM or DER in; the request out, its self-signature verified. Every defect is a ValidationException. */
export function parseCsr(input: Uint8Array | string): CertificationRequest {
  const der = csrDer(input);
  const outer = readSequence(decodeDer(der, WHAT, CSR_DER_LIMITS), WHAT);
  const infoNode = outer.next('certificationRequestInfo');
  const algorithm = parseSignatureAlgorithm(outer.next('signatureAlgorithm'), `${WHAT} signatureAlgorithm`);
  const signature = readBitStringOctets(outer.next('signature'), `${WHAT} signature`);
  outer.end();

  const info = readSequence(infoNode, `${WHAT} certificationRequestInfo`);
  if (readInteger(info.next('version'), `${WHAT} version`) !== 0n) {
    throw validationError(`the ${WHAT} version must be v1 (0) (RFC 2986 §4.1)`);
  }
  const subject = parseName(info.next('subject'), `${WHAT} subject`);
  const spki = parseSubjectPublicKeyInfo(info.next('subjectPKInfo'), `${WHAT} subjectPKInfo`);
  // attributes is not OPTIONAL in RFC 2986, but some encoders omit it when empty; nothing is lost.
  const attributesNode = info.optionalContext(0);
  info.end();
  const keyType = checkKey(spki);
  const publicKey = toKeyObject(spki);

  if (algorithm.scheme === null || !ALGORITHM_FITS[keyType](algorithm.scheme)) {
    throw validationError(
      `the ${WHAT} is signed with ${algorithm.name}, which a ${keyType} key cannot sign here`,
    );
  }
  if (!isSha256OrStronger(algorithm)) {
    throw validationError(`the ${WHAT} is signed with ${algorithm.name}; SHA-256 or stronger is required`);
  }
  if (!verifySignedData(infoNode.raw, algorithm, signature, spki.der)) {
    throw validationError(`the ${WHAT}'s signature does not verify`);
  }
  return {
    der,
    subject: subject.der,
    subjectText: subject.rfc4514,
    subjectPublicKeyInfo: spki.der,
    publicKey,
    keyType,
    requestedSubjectAltNames: requestedAltNames(attributesNode),
  };
}

/** The CA's own request for `subject` (a Name DER), with no attributes, signed by `key`. */
export function buildCsr(subject: Uint8Array, key: KeyObject, hash?: SigningHash): Uint8Array {
  if (key.type !== 'private') throw new TypeError('a CSR is signed with a private key');
  // RFC 5280 §4.1.2.6: the certificate a CA requests must name it.
  if (readName(subject, 'subject').rdns.length === 0)
    throw new TypeError('a CA certificate request needs a subject');
  const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const algorithm = signingAlgorithmFor(key, hash);
  const info = derSequence(derInteger(0n), subject, spki, derImplicit(0, new Uint8Array(0), true));
  return signData(info, key, algorithm, spki);
}

function csrDer(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string') {
    // DER starts with the SEQUENCE tag; PEM text never starts with '0'.
    if (input[0] === 0x30) return input.slice();
    if (input.length > MAX_PEM_CHARACTERS) throw validationError(`the ${WHAT} is too large`);
    return csrDer(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1'));
  }
  if (input.length > MAX_PEM_CHARACTERS) throw validationError(`the ${WHAT} is too large`);
  const blocks = decodePem(input);
  const [block, extra] = blocks;
  if (block === undefined)
    throw validationError(`the ${WHAT} is neither DER nor PEM ('CERTIFICATE REQUEST')`);
  if (extra !== undefined)
    throw validationError(`the ${WHAT} PEM holds ${blocks.length} blocks; exactly one is expected`);
  if (!PEM_LABELS.has(block.label)) {
    throw validationError(`the ${WHAT} PEM block is '${block.label}'; 'CERTIFICATE REQUEST' is expected`);
  }
  return block.der;
}

type KeyType = CertificationRequest['keyType'];

/** Which signature schemes (as the core's parser names them) each key type may use. */
const ALGORITHM_FITS: Readonly<Record<KeyType, (scheme: string) => boolean>> = {
  rsa: (scheme) => scheme === 'rsa-pkcs1',
  ec: (scheme) => scheme === 'ecdsa',
  'ml-dsa-44': (scheme) => scheme === 'ml-dsa',
  'ml-dsa-65': (scheme) => scheme === 'ml-dsa',
  'ml-dsa-87': (scheme) => scheme === 'ml-dsa',
};

/** RSA (rsaEncryption) of 2048 to 16384 bits, EC on P-256/P-384/P-521, ML-DSA; nothing else. */
function checkKey(spki: SubjectPublicKeyInfo): KeyType {
  const key = spki.key;
  switch (key.type) {
    case 'rsa':
      if (spki.algorithmOid !== OID.rsaEncryption) {
        throw validationError(`the ${WHAT}'s RSA key is an RSASSA-PSS key; an rsaEncryption key is required`);
      }
      if (key.modulusBits < RSA_BITS.minimum || key.modulusBits > RSA_BITS.maximum) {
        throw validationError(
          `the ${WHAT}'s RSA key has ${key.modulusBits} bits; ${RSA_BITS.minimum} to ${RSA_BITS.maximum} are accepted`,
        );
      }
      return 'rsa';
    case 'ec':
      if (key.curve === 'other')
        throw validationError(`the ${WHAT}'s EC key is not on P-256, P-384 or P-521`);
      return 'ec';
    case 'ml-dsa':
      return key.parameterSet.toLowerCase() as KeyType;
    case 'ed25519':
      throw validationError(`the ${WHAT}'s key is Ed25519; RSA, EC or ML-DSA keys are accepted`);
    default:
      throw validationError(`the ${WHAT}'s key algorithm ${key.oid} is not supported`);
  }
}

function toKeyObject(spki: SubjectPublicKeyInfo): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(spki.der), format: 'der', type: 'spki' });
  } catch {
    // OpenSSL refuses, for instance, an EC point that is not on its curve.
    throw validationError(`the ${WHAT}'s public key is not a valid key`);
  }
}

/** The SAN of the extensionRequest attribute (PKCS#9), if any; other attributes are ignored. */
function requestedAltNames(attributesNode: DerNode | null): CertificationRequest['requestedSubjectAltNames'] {
  const names = { dns: [] as string[], uris: [] as string[], emails: [] as string[], ips: [] as string[] };
  if (attributesNode === null) return names;
  expectContext(attributesNode, 0, true, `${WHAT} attributes`);
  let seen = false;
  for (const [index, attributeNode] of attributesNode.children.entries()) {
    const label = `${WHAT} attribute ${index + 1}`;
    const fields = readSequence(attributeNode, label);
    const type = readOid(fields.next('type'), `${label} type`);
    const values = readSetOf(fields.next('values'), `${label} values`, 1);
    fields.end();
    if (type !== EXTENSION_REQUEST) continue;
    const [value, extra] = values;
    if (seen || value === undefined || extra !== undefined) {
      throw validationError(`the ${WHAT} must carry at most one extensionRequest with one value`);
    }
    seen = true;
    const extensions = parseExtensions(value, `${WHAT} extensionRequest`);
    const san = decodeExtension(
      extensions,
      OID.subjectAltName,
      `${WHAT} extensionRequest`,
      parseSubjectAltName,
    );
    for (const name of san ?? []) addName(names, name);
  }
  const problem = altNamesProblem(names);
  if (problem !== null)
    throw validationError(`the ${WHAT} requests a subjectAltName that cannot be issued: ${problem}`);
  return names;
}

function addName(names: CertificationRequest['requestedSubjectAltNames'], name: GeneralName): void {
  if (name.kind === 'dNSName') names.dns.push(name.value);
  else if (name.kind === 'uniformResourceIdentifier') names.uris.push(name.value);
  else if (name.kind === 'rfc822Name') names.emails.push(name.value);
  else if (name.kind === 'iPAddress') names.ips.push(name.text);
}
