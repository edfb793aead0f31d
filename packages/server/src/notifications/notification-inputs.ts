/**
 * What the expiry evaluation reads from the store: every trust anchor with its CA certificates,
 * and the end-entity certificates subjects recorded in the last day. Anything unreadable is
 * skipped with a warning; one bad record must not silence the notifications of the others.
 */

import type { CertificateAuthorityStatus } from '@anchorage/core/acm-pca/records';
import type { AnchorToEvaluate, SeenCertificate } from '@anchorage/core/notifications/evaluate-expiry';
import { DAY_MS } from '@anchorage/core/notifications/utc-day';
import type { TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import { parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem } from '@anchorage/core/x509/pem';
import type { Collection, Store } from '@anchorage/store/port';
import type { Logger } from '../logging/logger.ts';

const PAGE = 100;

export async function anchorsToEvaluate(store: Store, logger: Logger): Promise<AnchorToEvaluate[]> {
  const anchors: AnchorToEvaluate[] = [];
  for await (const anchor of everyRecord(store.trustAnchors)) {
    try {
      const caCertificates = await caCertificatesOf(store, anchor);
      if (caCertificates.length > 0) {
        anchors.push({ arn: anchor.arn, notificationSettings: anchor.notificationSettings, caCertificates });
      }
    } catch (error) {
      logger.warn('notifications: cannot read the CA certificates of a trust anchor', {
        trustAnchorArn: anchor.arn,
        error: String(error),
      });
    }
  }
  return anchors;
}

/**
 * A bundle's certificates; for a private CA, its certificate while the anchor trusts it — the
 * rule of CreateSession (`sessions/trust-material.ts`): the CA the ARN names exactly, once it has
 * a certificate, while ACTIVE, DISABLED or EXPIRED. Otherwise the anchor trusts nothing: no events.
 */
async function caCertificatesOf(store: Store, anchor: TrustAnchorRecord): Promise<Certificate[]> {
  const { sourceType, sourceData } = anchor.source;
  if (sourceType === 'CERTIFICATE_BUNDLE' && sourceData.x509CertificateData !== undefined) {
    return parseTrustAnchorBundle(sourceData.x509CertificateData);
  }
  const arn = sourceData.acmPcaArn;
  if (sourceType !== 'AWS_ACM_PCA' || arn === undefined) return [];
  const ca = await store.certificateAuthorities.get(arn.slice(arn.lastIndexOf('/') + 1));
  if (ca?.arn !== arn || !TRUSTED_CA_STATUSES.has(ca.status) || ca.certificatePem === undefined) return [];
  const block = decodePem(ca.certificatePem).find((b) => b.label === 'CERTIFICATE');
  return block === undefined ? [] : [parseCertificate(block.der)];
}

const TRUSTED_CA_STATUSES: ReadonlySet<CertificateAuthorityStatus> = new Set([
  'ACTIVE',
  'DISABLED',
  'EXPIRED',
]);

/** Certificates CreateSession saw within the last day, failed attempts included (see evaluate-expiry). */
export async function recentlySeenCertificates(
  store: Store,
  now: number,
  logger: Logger,
): Promise<SeenCertificate[]> {
  // ISO-8601 UTC strings order as the times they name: a cheap filter before parsing any PEM.
  const since = new Date(now - DAY_MS).toISOString();
  const seen: SeenCertificate[] = [];
  for await (const subject of everyRecord(store.subjects)) {
    for (const credential of subject.credentials) {
      if (credential.seenAt < since) continue;
      try {
        const block = decodePem(credential.x509CertificateData).find((b) => b.label === 'CERTIFICATE');
        if (block !== undefined) {
          seen.push({
            certificate: parseCertificate(block.der),
            seenAt: Date.parse(credential.seenAt),
            ...(credential.trustAnchorArn === undefined ? {} : { trustAnchorArn: credential.trustAnchorArn }),
          });
        }
      } catch (error) {
        logger.warn('notifications: cannot read a certificate recorded on a subject', {
          subjectArn: subject.arn,
          serialNumber: credential.serialNumber,
          error: String(error),
        });
      }
    }
  }
  return seen;
}

async function* everyRecord<R extends { readonly id: string }>(collection: Collection<R>): AsyncGenerator<R> {
  let after: string | undefined;
  do {
    const page = await collection.list({ limit: PAGE, ...(after === undefined ? {} : { after }) });
    yield* page.items;
    after = page.next;
  } while (after !== undefined);
}
