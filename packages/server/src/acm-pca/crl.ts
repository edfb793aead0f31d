/**
 * The CA's CRL (RFC 5280 §5): every certificate it revoked, re-signed at each revocation with the
 * next CRL number. The CRL itself is the running list: a revocation adds its entry to the
 * entries of the stored CRL, inside the one atomic update of the CA record (see revoke.ts).
 * nextUpdate is thisUpdate + CrlConfiguration.ExpirationInDays (AWS's default: 7 days).
 */
import type { KeyObject } from 'node:crypto';
import type { CertificateAuthorityRecord, RevocationReason } from '@anchorage/core/acm-pca/records';
import { buildCrl, type CrlReason, type RevokedEntry } from '@anchorage/core/x509/build/crl-builder';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { crlToDer, parseCrl } from '@anchorage/core/x509/crl';
import { decodePem, encodePem } from '@anchorage/core/x509/pem';
import { signingHash } from './algorithms.ts';

const DAY_MS = 86_400_000;
const DEFAULT_EXPIRATION_DAYS = 7;

const REASONS: Readonly<Record<RevocationReason, CrlReason>> = {
  UNSPECIFIED: 'unspecified',
  KEY_COMPROMISE: 'keyCompromise',
  CERTIFICATE_AUTHORITY_COMPROMISE: 'cACompromise',
  AFFILIATION_CHANGED: 'affiliationChanged',
  SUPERSEDED: 'superseded',
  CESSATION_OF_OPERATION: 'cessationOfOperation',
  PRIVILEGE_WITHDRAWN: 'privilegeWithdrawn',
  A_A_COMPROMISE: 'aACompromise',
};

export function crlReason(reason: RevocationReason): CrlReason {
  return REASONS[reason];
}

/** The entries of the CA's current CRL ([] before the first). */
export function crlEntries(ca: CertificateAuthorityRecord): RevokedEntry[] {
  if (ca.crlPem === undefined) return [];
  const crl = parseCrl(crlToDer(Buffer.from(ca.crlPem, 'utf8')));
  return crl.revokedCertificates.map((entry) => ({
    serialNumber: entry.serialNumber,
    revokedAt: entry.revocationDate,
    ...(entry.reason === null || entry.reason === 'removeFromCRL' ? {} : { reason: entry.reason }),
  }));
}

/**
 * A CRL over `entries`, numbered `crlNumber`, issued under the CA certificate's subject and
 * signed with the CA key. The fields of the record that change with it: crlPem and crlNumber.
 */
export function signCrl(
  ca: CertificateAuthorityRecord,
  key: KeyObject,
  entries: readonly RevokedEntry[],
  crlNumber: number,
  now: number,
): Pick<CertificateAuthorityRecord, 'crlPem' | 'crlNumber'> {
  const [block] = decodePem(ca.certificatePem ?? '');
  if (block === undefined) throw new TypeError(`CA ${ca.id} has no certificate to issue a CRL under`);
  const certificate = parseCertificate(block.der);
  const der = buildCrl(
    {
      issuer: certificate.subject.der,
      issuerPublicKey: certificate.subjectPublicKeyInfo.der,
      thisUpdate: now,
      nextUpdate: now + expirationDays(ca) * DAY_MS,
      crlNumber: BigInt(crlNumber),
      revoked: entries,
    },
    key,
    signingHash(ca.keyAlgorithm, ca.signingAlgorithm),
  );
  return { crlPem: encodePem('X509 CRL', der), crlNumber };
}

function expirationDays(ca: CertificateAuthorityRecord): number {
  const config = ca.revocationConfiguration as
    | { CrlConfiguration?: { ExpirationInDays?: number } }
    | undefined;
  return config?.CrlConfiguration?.ExpirationInDays ?? DEFAULT_EXPIRATION_DAYS;
}
