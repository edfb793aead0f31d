/**
 * What a trust anchor trusts, ready for path validation: its CA certificates (parsed once per
 * version of the anchor) and its enabled CRLs (parsed once per version of each CRL), each with a
 * version string that the validation cache keys on, so that a changed anchor or CRL set is never
 * answered from the cache.
 */
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
  ): { certificates: readonly Certificate[]; version: string } => {
    const version = `${anchor.id}@${anchor.updatedAt}`;
    const cached = anchorCache.get(anchor.id);
    if (cached?.version === version) return cached;
    const pem = anchor.source.sourceData.x509CertificateData;
    // An ACM PCA anchor holds no certificates yet (the private CA makes it live): it trusts nothing.
    const certificates =
      anchor.source.sourceType === 'CERTIFICATE_BUNDLE' && pem !== undefined
        ? parseTrustAnchorBundle(pem)
        : [];
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

  return {
    /** The anchor's certificates and, of `crlRecords` (the CRLs bound to it), the enabled ones. */
    forAnchor(anchor: TrustAnchorRecord, crlRecords: readonly CrlRecord[]): TrustMaterial {
      const { certificates, version } = anchorCertificates(anchor);
      const records = crlRecords.filter((c) => c.enabled);
      const crls = records.map(parsed).filter((c): c is Crl => c !== undefined);
      return {
        anchors: certificates,
        anchorsVersion: version,
        crls,
        crlsVersion: records.map((r) => `${r.id}@${r.updatedAt}`).join(','),
      };
    },
  };
}

export type TrustMaterialSource = ReturnType<typeof createTrustMaterialSource>;
