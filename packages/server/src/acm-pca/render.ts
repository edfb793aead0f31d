/** A CA record → the model's `CertificateAuthority` structure (the adapter turns ISO times into epoch seconds). */
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import { currentStatus } from './ca-records.ts';

/** What DescribeCertificateAuthority shows when no revocation configuration was given. */
const NO_REVOCATION = { CrlConfiguration: { Enabled: false }, OcspConfiguration: { Enabled: false } };

export function certificateAuthority(r: CertificateAuthorityRecord, now: number): Record<string, unknown> {
  return {
    Arn: r.arn,
    OwnerAccount: r.ownerAccount,
    CreatedAt: r.createdAt,
    LastStateChangeAt: r.lastStateChangeAt,
    Type: r.type,
    ...(r.serial === undefined ? {} : { Serial: r.serial }),
    Status: currentStatus(r, now),
    ...(r.notBefore === undefined ? {} : { NotBefore: r.notBefore }),
    ...(r.notAfter === undefined ? {} : { NotAfter: r.notAfter }),
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: r.keyAlgorithm,
      SigningAlgorithm: r.signingAlgorithm,
      Subject: r.subject,
    },
    RevocationConfiguration: r.revocationConfiguration ?? NO_REVOCATION,
    ...(r.restorableUntil === undefined ? {} : { RestorableUntil: r.restorableUntil }),
    KeyStorageSecurityStandard: r.keyStorageSecurityStandard,
    UsageMode: r.usageMode,
  };
}
