import { bytesEqual } from '../bytes.ts';
import type { Certificate } from '../certificate.ts';
import type { Crl, RevokedCertificate } from '../crl.ts';
import { namesMatch } from '../name-match.ts';
import { verifySignedData } from '../signature.ts';
import { isSha256OrStronger } from '../signature-algorithm.ts';
import { crlProfileProblem } from './crl-profile.ts';
import { certificateFailure, describeCertificate, type PathFailure, type PathRole } from './path-failure.ts';

/** CRL signature checks of one validation, memoised by (CRL, issuer fingerprint). */
export type CrlSignatureMemo = Map<Crl, Map<string, boolean>>;

export interface RevocationEvidence {
  readonly ok: true;
  /** The earliest nextUpdate of the current CRLs consulted; null when none was current. */
  readonly freshUntil: number | null;
}

/**
 * Revocation by the CRLs imported for the anchor (Roles Anywhere fetches nothing; protocol notes
 * §3.2). A CRL speaks for `issuer` when its issuer name matches the issuer's subject (§7.1) and
 * its signature verifies with the issuer's key (§6.3.3 (f), (g)); CRLs of other issuers, or
 * same-named CRLs signed with another key, are ignored. For a CRL of the issuer:
 * - its signature algorithm must be SHA-256 or stronger, like every signature on the path;
 * - the issuer's keyUsage, when present, must assert cRLSign (§6.3.3 (f));
 * - it must be a CRL we can read completely (`crlProfileProblem`); one we cannot is refused
 *   with the path: an imported CRL we cannot interpret must not silently stop revoking;
 * - a listed serial revokes (an entry whose reason is removeFromCRL does not).
 * Staleness: a CRL past its nextUpdate (or before its thisUpdate) still revokes what it lists,
 * but is not evidence that lasts: only current CRLs bound how long the result may be cached.
 */
export function checkRevocation(
  certificate: Certificate,
  role: PathRole,
  issuer: Certificate,
  crls: readonly Crl[],
  now: number,
  memo: CrlSignatureMemo,
): RevocationEvidence | PathFailure {
  let freshUntil: number | null = null;
  for (const crl of crls) {
    if (!namesMatch(crl.issuer, issuer.subject)) continue;
    // A CRL whose authorityKeyIdentifier names another key of a CA with this name (§5.2.1) was
    // not signed by this certificate: skip it without spending a signature check.
    const crlKeyId = crl.authorityKeyIdentifier?.keyIdentifier ?? null;
    if (
      crlKeyId !== null &&
      issuer.subjectKeyIdentifier !== null &&
      !bytesEqual(crlKeyId, issuer.subjectKeyIdentifier)
    ) {
      continue;
    }
    const about = `CRL of ${describeCertificate(issuer)} (thisUpdate ${iso(crl.thisUpdate)}${crl.crlNumber === null ? '' : `, cRLNumber ${crl.crlNumber}`})`;
    // Refused before verification: a SHA-1 signature could verify without being trustworthy, and
    // an MD5 one cannot be checked at all; either way this CRL cannot clear the certificate.
    if (!isSha256OrStronger(crl.signatureAlgorithm)) {
      return certificateFailure(
        'weak-signature-algorithm',
        certificate,
        role,
        `the ${about} is signed with ${crl.signatureAlgorithm.name}; SHA-256 or stronger is required`,
      );
    }
    if (!crlSignedBy(crl, issuer, memo)) continue;
    if (issuer.keyUsage !== null && !issuer.keyUsage.cRLSign) {
      return certificateFailure(
        'ca-key-usage',
        certificate,
        role,
        `the ${about} is signed by a key whose keyUsage lacks cRLSign (RFC 5280 §6.3.3 (f))`,
      );
    }
    const problem = crlProfileProblem(crl);
    if (problem !== null) {
      return certificateFailure(
        'malformed',
        certificate,
        role,
        `revocation status unknown: the ${about} ${problem}`,
      );
    }
    const entry = revokedEntry(crl, certificate.serialNumber);
    if (entry !== undefined && entry.reason !== 'removeFromCRL') {
      const reason = entry.reason === null ? '' : `, reason ${entry.reason}`;
      return certificateFailure(
        'revoked',
        certificate,
        role,
        `revoked on ${iso(entry.revocationDate)}${reason}, listed by the ${about}`,
      );
    }
    const current = crl.thisUpdate <= now && crl.nextUpdate !== null && now < crl.nextUpdate;
    if (current && crl.nextUpdate !== null) {
      freshUntil = freshUntil === null ? crl.nextUpdate : Math.min(freshUntil, crl.nextUpdate);
    }
  }
  return { ok: true, freshUntil };
}

function crlSignedBy(crl: Crl, issuer: Certificate, memo: CrlSignatureMemo): boolean {
  let byIssuer = memo.get(crl);
  if (byIssuer === undefined) {
    byIssuer = new Map();
    memo.set(crl, byIssuer);
  }
  const known = byIssuer.get(issuer.fingerprintSha256);
  if (known !== undefined) return known;
  const verified = verifySignedData(
    crl.tbsDer,
    crl.signatureAlgorithm,
    crl.signature,
    issuer.subjectPublicKeyInfo.der,
  );
  byIssuer.set(issuer.fingerprintSha256, verified);
  return verified;
}

// A CRL may list many thousands of serials; index each parsed CRL once. Keyed by the object, so
// the index lives exactly as long as the caller keeps the parsed CRL.
const SERIAL_INDEX = new WeakMap<Crl, ReadonlyMap<bigint, RevokedCertificate>>();

function revokedEntry(crl: Crl, serial: bigint): RevokedCertificate | undefined {
  let index = SERIAL_INDEX.get(crl);
  if (index === undefined) {
    index = new Map(crl.revokedCertificates.map((entry) => [entry.serialNumber, entry]));
    SERIAL_INDEX.set(crl, index);
  }
  return index.get(serial);
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
