/**
 * What a trust anchor trusts, ready for path validation: its CA certificates (parsed once per
 * version of the anchor) and its enabled CRLs (parsed once per version of each CRL), each with a
 * version string that the validation cache keys on, so that a changed anchor or CRL set is never
 * answered from the cache.
 */
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import type { CrlRecord, TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import { parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import type { Certificate } from '@anchorage/core/x509/certificate';
import { type Crl, crlToDer, parseCrl } from '@anchorage/core/x509/crl';

export interface TrustMaterial {
  readonly anchors: readonly Certificate[];
  readonly anchorsVersion: string;
  readonly crls: readonly Crl[];
  readonly crlsVersion: string;
}

export function createTrustMaterialSource() {
  const anchorCache = new Map<string, { version: string; certificates: readonly Certificate[] }>();
  const crlCache = new Map<string, { version: string; crl: Crl | undefined }>();

  const anchorCertificates = (
    anchor: TrustAnchorRecord,
    ca: CertificateAuthorityRecord | undefined,
  ): { certificates: readonly Certificate[]; version: string } => {
    const version = `${anchor.id}@${anchor.updatedAt}${ca === undefined ? '' : `|${ca.id}@${ca.lastStateChangeAt}`}`;
    const cached = anchorCache.get(anchor.id);
    if (cached?.version === version) return cached;
    const pem =
      anchor.source.sourceType === 'CERTIFICATE_BUNDLE'
        ? anchor.source.sourceData.x509CertificateData
        : trustedCaCertificate(anchor, ca);
    const certificates = pem !== undefined ? parseTrustAnchorBundle(pem) : [];
    const entry = { version, certificates };
    anchorCache.set(anchor.id, entry);
    return entry;
  };

  /** A CRL stored earlier is parsed again only when it changed; an unreadable one counts for nothing. */
  const parsed = (record: CrlRecord): Crl | undefined => {
    const version = `${record.id}@${record.updatedAt}`;
    const cached = crlCache.get(record.id);
    if (cached?.version === version) return cached.crl;
    let crl: Crl | undefined;
    try {
      crl = parseCrl(crlToDer(Buffer.from(record.crlData, 'base64')));
    } catch {
      crl = undefined;
    }
    crlCache.set(record.id, { version, crl });
    return crl;
  };

  /** The private CA's CRL, parsed once per CRL number. */
  const caCrlOf = (ca: CertificateAuthorityRecord): Crl | undefined => {
    if (ca.crlPem === undefined) return undefined;
    const version = `${ca.id}#${ca.crlNumber}`;
    const cached = crlCache.get(`ca:${ca.id}`);
    if (cached?.version === version) return cached.crl;
    let crl: Crl | undefined;
    try {
      crl = parseCrl(crlToDer(Buffer.from(ca.crlPem, 'utf8')));
    } catch {
      crl = undefined;
    }
    crlCache.set(`ca:${ca.id}`, { version, crl });
    return crl;
  };

  return {
    /**
     * The anchor's certificates and, of `crlRecords` (the CRLs bound to it), the enabled ones.
     * For an AWS_ACM_PCA anchor, `ca` is the private CA it names: its certificate is the anchor
     * and its own CRL, re-signed at every revocation, counts with the imported ones, so that a
     * revocation reaches CreateSession with the next request.
     */
    forAnchor(
      anchor: TrustAnchorRecord,
      crlRecords: readonly CrlRecord[],
      ca?: CertificateAuthorityRecord,
    ): TrustMaterial {
      const { certificates, version } = anchorCertificates(anchor, ca);
      const records = crlRecords.filter((c) => c.enabled);
      const crls = records.map(parsed).filter((c): c is Crl => c !== undefined);
      const caCrl =
        ca !== undefined && trustedCaCertificate(anchor, ca) !== undefined ? caCrlOf(ca) : undefined;
      return {
        anchors: certificates,
        anchorsVersion: version,
        crls: caCrl === undefined ? crls : [...crls, caCrl],
        crlsVersion: [
          ...records.map((r) => `${r.id}@${r.updatedAt}`),
          ...(caCrl === undefined || ca === undefined ? [] : [`${ca.id}#${ca.crlNumber}`]),
        ].join(','),
      };
    },
  };
}

export type TrustMaterialSource = ReturnType<typeof createTrustMaterialSource>;

/**
 * What an AWS_ACM_PCA anchor trusts: the certificate of the private CA it names, once the CA has
 * one and while it exists (ACTIVE, DISABLED — it no longer issues, but what it issued stays
 * valid — or EXPIRED, which path validation refuses by date). A CA that is pending, failed or
 * deleted, or that is not exactly the ARN the anchor names, makes the anchor trust nothing.
 */
function trustedCaCertificate(
  anchor: TrustAnchorRecord,
  ca: CertificateAuthorityRecord | undefined,
): string | undefined {
  if (anchor.source.sourceType !== 'AWS_ACM_PCA' || ca === undefined) return undefined;
  if (ca.arn !== anchor.source.sourceData.acmPcaArn) return undefined;
  if (ca.status !== 'ACTIVE' && ca.status !== 'DISABLED' && ca.status !== 'EXPIRED') return undefined;
  return ca.certificatePem;
}
