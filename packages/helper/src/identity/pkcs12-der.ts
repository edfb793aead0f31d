import { Buffer } from 'node:buffer';
import { decodeDer } from '@anchorage/core/der/decode';
import type { DerLimits } from '@anchorage/core/der/limits';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readOid } from '@anchorage/core/der/oid';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import { UniversalTag } from '@anchorage/core/der/tags';
import { isAnchorageError } from '@anchorage/core/errors';
import { berToDer } from './pkcs12-ber.ts';
import { malformed } from './pkcs12-error.ts';

/**
 * A PKCS#12 file carries a whole certificate chain and its nesting is shallow (a certificate
 * sits about seven levels down, three more per nested safeContentsBag).
 */
export const PKCS12_DER_LIMITS: DerLimits = { maxBytes: 4 * 1_048_576, maxDepth: 32, maxElements: 200_000 };

/**
 * Decodes one PKCS#12 structure. Some writers (NSS, Bouncy Castle) stream BER rather than DER,
 * so input the strict DER decoder refuses gets a BER-to-DER pass and a second look.
 */
export function decodePkcs12Der(bytes: Uint8Array, what: string): DerNode {
  try {
    return decodeDer(bytes, what, PKCS12_DER_LIMITS);
  } catch (derError) {
    if (!isAnchorageError(derError) || bytes.length === 0 || bytes.length > PKCS12_DER_LIMITS.maxBytes) {
      throw derError;
    }
    let normalized: Buffer;
    try {
      normalized = berToDer(bytes, what, PKCS12_DER_LIMITS);
    } catch {
      // Not BER either: the DER decoder's account of the first problem is the better one.
      throw derError;
    }
    if (normalized.equals(bytes)) throw derError;
    return decodeDer(normalized, what, PKCS12_DER_LIMITS);
  }
}

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** Absent parameters and NULL both read as `undefined`. */
  readonly parameters: DerNode | undefined;
}

/** RFC 5280 §4.1.1.2 AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }. */
export function readAlgorithm(node: DerNode, what: string): AlgorithmIdentifier {
  const reader = readSequence(node, what);
  const oid = readOid(reader.next('algorithm'), `${what} OID`);
  const parameters = reader.remaining > 0 ? reader.next('parameters') : undefined;
  reader.end();
  const isNull = parameters?.isUniversal === true && parameters.tagNumber === UniversalTag.null;
  return { oid, parameters: isNull ? undefined : parameters };
}

export function requireParameters(algorithm: AlgorithmIdentifier, what: string): DerNode {
  if (algorithm.parameters === undefined) throw malformed(`${what} lacks its parameters`);
  return algorithm.parameters;
}

/**
 * An `[n] IMPLICIT OCTET STRING` such as EncryptedContentInfo.encryptedContent (RFC 5652 §6.1):
 * primitive in DER, but BER writers send the constructed form, a run of OCTET STRINGs.
 */
export function readImplicitOctets(node: DerNode, what: string): Uint8Array {
  if (!node.constructed) return node.content;
  return Buffer.concat(node.children.map((child) => readOctetString(child, `a segment of ${what}`)));
}
