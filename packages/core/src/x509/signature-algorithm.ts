import type { DerNode } from '../der/node.ts';
import { readNull } from '../der/null.ts';
import { readOid } from '../der/oid.ts';
import { readSequence } from '../der/sequence-reader.ts';
import { validationError } from '../errors.ts';
import { type HashName, type MlDsaParameterSet, SIGNATURE_ALGORITHMS, type SignatureScheme } from './oids.ts';
import { parseRsaPssParameters, type RsaPssParameters } from './rsa-pss-parameters.ts';

/** A parsed signature AlgorithmIdentifier (RFC 5280 §4.1.1.2). */
export interface SignatureAlgorithm {
  readonly oid: string;
  /** A readable name such as `ecdsa-with-SHA256`; the dotted OID when the algorithm is unknown. */
  readonly name: string;
  /** null when the algorithm is not one we know. */
  readonly scheme: SignatureScheme | null;
  /** The digest the signature covers; for RSASSA-PSS the one named in its parameters. */
  readonly hash: HashName | null;
  readonly mlDsaParameterSet: MlDsaParameterSet | null;
  readonly pss: RsaPssParameters | null;
  /** The whole AlgorithmIdentifier encoding, compared byte for byte between TBS and outer fields. */
  readonly der: Uint8Array;
}

export function parseSignatureAlgorithm(node: DerNode, what: string): SignatureAlgorithm {
  const fields = readSequence(node, what);
  const oid = readOid(fields.next('algorithm'), `${what} algorithm`);
  const parameters = fields.remaining > 0 ? fields.next('parameters') : null;
  fields.end();
  const info = SIGNATURE_ALGORITHMS.get(oid);
  const base = { oid, der: node.raw, mlDsaParameterSet: info?.mlDsaParameterSet ?? null };
  if (info === undefined) return { ...base, name: oid, scheme: null, hash: null, pss: null };

  const label = `${what} ${info.name}`;
  switch (info.scheme) {
    case 'rsa-pkcs1':
      // RFC 4055 §5 says NULL; an absent field is a common, harmless variant.
      if (parameters !== null) readNull(parameters, `${label} parameters`);
      break;
    case 'rsa-pss': {
      // RFC 4055 §3.1: the parameters MUST be present next to a signature value.
      if (parameters === null) throw validationError(`${label} must carry RSASSA-PSS-params (RFC 4055 §3.1)`);
      const pss = parseRsaPssParameters(parameters, `${label} parameters`);
      return { ...base, name: info.name, scheme: info.scheme, hash: pss.hash, pss };
    }
    default:
      // ECDSA (RFC 5758 §3.2), Ed25519 (RFC 8410 §3) and ML-DSA (RFC 9881 §2) omit parameters.
      if (parameters !== null) throw validationError(`${label} must not have parameters`);
  }
  return { ...base, name: info.name, scheme: info.scheme, hash: info.hash, pss: null };
}

/**
 * The Roles Anywhere rule of SHA-256 or stronger (protocol notes §3.1): SHA-2 digests, and the
 * hash-free schemes Ed25519 and ML-DSA. For RSASSA-PSS the mask generation hash counts too.
 */
export function isSha256OrStronger(algorithm: SignatureAlgorithm): boolean {
  if (algorithm.scheme === 'ed25519' || algorithm.scheme === 'ml-dsa') return true;
  if (algorithm.scheme === null || !isStrongHash(algorithm.hash)) return false;
  return algorithm.pss === null || isStrongHash(algorithm.pss.maskGenHash);
}

function isStrongHash(hash: HashName | null): boolean {
  return hash === 'sha256' || hash === 'sha384' || hash === 'sha512';
}
