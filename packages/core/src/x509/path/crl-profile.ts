import { decodeDer } from '../../der/decode.ts';
import { readSequence } from '../../der/sequence-reader.ts';
import { isAnchorageError } from '../../errors.ts';
import type { Crl } from '../crl.ts';
import type { Extension } from '../extension.ts';
import { OID } from '../oids.ts';

/**
 * Why a CRL its issuer really signed still cannot be used, or null. RFC 5280 §5: a conforming
 * CRL is v2 with a nextUpdate (§5.1.2.5) and a non-critical cRLNumber (§5.2.3); "If a CRL
 * contains a critical extension that the application cannot process, then the application MUST
 * NOT use that CRL" (§5.2), and likewise for entry extensions (§5.3).
 *
 * What we process: authorityKeyIdentifier and cRLNumber; issuingDistributionPoint except an
 * indirect CRL (a CRL's scope only limits what it vouches for, and we use CRLs as evidence of
 * revocation only, never of completeness); reasonCode and invalidityDate on entries. Delta CRLs
 * and indirect CRLs (whose entries may name other issuers' certificates) are not supported.
 */
export function crlProfileProblem(crl: Crl): string | null {
  if (!crl.signatureAlgorithmsMatch) {
    return 'signatureAlgorithm differs from tbsCertList.signature (RFC 5280 §5.1.1.2)';
  }
  if (crl.nextUpdate === null) return 'has no nextUpdate (RFC 5280 §5.1.2.5)';
  const number = crl.extensions.find((extension) => extension.oid === OID.cRLNumber);
  if (number === undefined) return 'has no cRLNumber extension (RFC 5280 §5.2.3)';
  if (number.critical) return 'marks cRLNumber critical (RFC 5280 §5.2.3: non-critical)';
  for (const extension of crl.extensions) {
    const problem = crlExtensionProblem(extension);
    if (problem !== null) return problem;
  }
  for (const entry of crl.revokedCertificates) {
    for (const extension of entry.extensions) {
      if (extension.critical && !ENTRY_EXTENSIONS.has(extension.oid)) {
        return `entry for serial ${entry.serialNumberHex} has the critical extension ${extension.name ?? extension.oid}, which is not processed (RFC 5280 §5.3)`;
      }
    }
  }
  return null;
}

const CRL_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.authorityKeyIdentifier,
  OID.cRLNumber,
  OID.issuingDistributionPoint,
]);
const ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([OID.reasonCode, OID.invalidityDate]);

function crlExtensionProblem(extension: Extension): string | null {
  const name = extension.name ?? extension.oid;
  if (extension.oid === OID.deltaCRLIndicator)
    return 'is a delta CRL (RFC 5280 §5.2.4), which is not supported';
  if (extension.oid === OID.issuingDistributionPoint && isIndirect(extension)) {
    return 'is an indirect CRL (RFC 5280 §5.2.5), which is not supported';
  }
  if (extension.critical && !CRL_EXTENSIONS.has(extension.oid)) {
    return `has the critical extension ${name}, which is not processed (RFC 5280 §5.2)`;
  }
  return null;
}

/**
 * IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0], onlyContainsUserCerts [1],
 * onlyContainsCACerts [2], onlySomeReasons [3], indirectCRL [4] BOOLEAN DEFAULT FALSE, … }, all
 * IMPLICIT: indirectCRL is the primitive [4] whose content is not 0x00. A value we cannot read
 * counts as indirect, so that it is refused rather than trusted.
 */
function isIndirect(extension: Extension): boolean {
  try {
    const fields = readSequence(
      decodeDer(extension.value, 'issuingDistributionPoint'),
      'issuingDistributionPoint',
    );
    for (const tag of [0, 1, 2, 3]) fields.optionalContext(tag);
    const indirect = fields.optionalContext(4);
    return indirect !== null && (indirect.constructed || indirect.content.some((octet) => octet !== 0));
  } catch (error) {
    if (!isAnchorageError(error)) throw error;
    return true;
  }
}
