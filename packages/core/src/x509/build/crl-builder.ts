/** CRLs of the private CA: RFC 5280 §5, version 2, with authorityKeyIdentifier and cRLNumber. */
import type { KeyObject } from 'node:crypto';
import {
  derEnumerated,
  derExplicit,
  derInteger,
  derSequence,
  derSequenceOf,
  derTime,
  integerContent,
} from '../../der/encode.ts';
import { OID } from '../oids.ts';
import { authorityKeyIdentifier, encodeExtension, keyIdentifier } from './extensions.ts';
import { readName, readSpki, requireKeyPair } from './inputs.ts';
import { type SigningHash, signingAlgorithmFor } from './signature-algorithm.ts';
import { signData } from './signed-data.ts';

export type CrlReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** §5.3.1 CRLReason codes (7 is unused, 8 removeFromCRL belongs to delta CRLs). */
const REASON_CODES: Readonly<Record<CrlReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

export interface RevokedEntry {
  readonly serialNumber: bigint;
  /** Epoch milliseconds. */
  readonly revokedAt: number;
  readonly reason?: CrlReason;
}

export interface CrlTemplate {
  /** The issuer Name DER: the CA certificate's subject, byte for byte. */
  readonly issuer: Uint8Array;
  /** SPKI DER of the issuer, for the authorityKeyIdentifier. */
  readonly issuerPublicKey: Uint8Array;
  readonly thisUpdate: number;
  readonly nextUpdate: number;
  readonly crlNumber: bigint;
  readonly revoked: readonly RevokedEntry[];
}

/** §5.2.3: the CRL number is at most 20 octets; so are serials (§4.1.2.2). */
const MAX_INTEGER_OCTETS = 20;

export function buildCrl(template: CrlTemplate, issuerKey: KeyObject, hash?: SigningHash): Uint8Array {
  const issuerSpki = readSpki(template.issuerPublicKey, 'issuerPublicKey');
  requireKeyPair(issuerKey, issuerSpki.der, 'issuerKey');
  // §5.1.2.3: the issuer MUST be a non-empty distinguished name.
  if (readName(template.issuer, 'issuer').rdns.length === 0)
    throw new TypeError('the CRL issuer name is empty');
  const problem = templateProblem(template);
  if (problem !== null) throw new TypeError(`CRL template: ${problem}`);

  const algorithm = signingAlgorithmFor(issuerKey, hash);
  const entries = template.revoked.map((entry) => {
    const code = entry.reason === undefined ? 0 : REASON_CODES[entry.reason];
    // §5.3.1: reasonCode SHOULD be absent rather than unspecified (0). Non-critical.
    const extensions =
      code === 0 ? [] : [derSequence(encodeExtension(OID.reasonCode, false, derEnumerated(code)))];
    return derSequence(derInteger(entry.serialNumber), derTime(entry.revokedAt), ...extensions);
  });
  const tbs = derSequence(
    derInteger(1n), // v2 (§5.1.2.1)
    algorithm.identifier,
    template.issuer,
    derTime(template.thisUpdate),
    derTime(template.nextUpdate),
    // §5.1.2.6: with no revoked certificates the list MUST be absent.
    ...(entries.length > 0 ? [derSequenceOf(entries)] : []),
    derExplicit(
      0,
      derSequence(
        authorityKeyIdentifier(keyIdentifier(issuerSpki)),
        encodeExtension(OID.cRLNumber, false, derInteger(template.crlNumber)), // §5.2.3: non-critical
      ),
    ),
  );
  return signData(tbs, issuerKey, algorithm, issuerSpki.der);
}

function templateProblem(template: CrlTemplate): string | null {
  const { thisUpdate, nextUpdate, crlNumber } = template;
  if (!Number.isFinite(thisUpdate) || !Number.isFinite(nextUpdate))
    return 'thisUpdate and nextUpdate must be finite';
  if (Math.floor(nextUpdate / 1000) <= Math.floor(thisUpdate / 1000))
    return 'nextUpdate must be after thisUpdate';
  if (
    typeof crlNumber !== 'bigint' ||
    crlNumber < 0n ||
    integerContent(crlNumber).length > MAX_INTEGER_OCTETS
  ) {
    return 'crlNumber must be a bigint from 0 up to 20 octets (RFC 5280 §5.2.3)';
  }
  const seen = new Set<bigint>();
  for (const entry of template.revoked) {
    const serial = entry.serialNumber;
    if (typeof serial !== 'bigint' || serial <= 0n || integerContent(serial).length > MAX_INTEGER_OCTETS) {
      return `revoked serial ${String(serial)} must be positive and at most 20 octets`;
    }
    if (seen.has(serial)) return `serial ${serial} is listed twice`;
    seen.add(serial);
    if (!Number.isFinite(entry.revokedAt)) return `the revocation time of serial ${serial} must be finite`;
    if (entry.reason !== undefined && !Object.hasOwn(REASON_CODES, entry.reason)) {
      return `unknown revocation reason '${String(entry.reason)}'`;
    }
  }
  return null;
}
