/**
 * ImportCertificateAuthorityCertificate, as named steps: find the CA → read the certificate and
 * chain → check that it holds the CA's key, is a CA certificate, and (root) is self-signed or
 * (subordinate) chains up to a self-signed root → in one atomic update of the CA: record the
 * certificate, chain, serial, validity and the constraints it carries, make the CA ACTIVE and
 * sign its CRL (the first one — empty — or, on renewal, the next one with the same entries).
 */
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import type { Certificate } from '@anchorage/core/x509/certificate';
import { checkCaProfile, checkHoldsKey, checkRoot, checkSubordinate } from './ca-chain.ts';
import { openCaKey } from './ca-key.ts';
import { changeCa, requireCa, requireStatus } from './ca-records.ts';
import { certificatePem, readCertificate, readCertificates } from './certificate-input.ts';
import type { AcmPcaHandler } from './context.ts';
import { crlEntries, signCrl } from './crl.ts';

interface ImportInput {
  readonly CertificateAuthorityArn: string;
  readonly Certificate: string;
  readonly CertificateChain?: string;
}

/** Pending, or active/disabled/expired to renew the CA certificate (same key). */
const IMPORTABLE = ['PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED'] as const;

export const importCertificateAuthorityCertificate: AcmPcaHandler<ImportInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, IMPORTABLE, 'import a certificate');
  const certificate = readCertificate(input.Certificate, 'Certificate');
  const chain = readCertificates(input.CertificateChain ?? '', 'CertificateChain');
  const key = openCaKey(ctx.box, ca);
  checkHoldsKey(certificate, key);
  checkCaProfile(certificate, 'Certificate');
  if (ca.type === 'ROOT') checkRoot(certificate, chain);
  else checkSubordinate(certificate, chain);

  await changeCa(ctx, ca, (current) => {
    requireStatus(current, ctx.now, IMPORTABLE, 'import a certificate');
    const imported: CertificateAuthorityRecord = {
      ...withoutConstraints(current),
      ...constraintsOf(certificate),
      certificatePem: certificatePem(certificate),
      certificateChainPem: chain.map(certificatePem).join(''),
      serial: certificate.serialNumberHex,
      notBefore: new Date(certificate.validity.notBefore).toISOString(),
      notAfter: new Date(certificate.validity.notAfter).toISOString(),
      // A renewed DISABLED CA stays disabled; pending or expired ones become active.
      status: current.status === 'DISABLED' ? 'DISABLED' : 'ACTIVE',
    };
    return { ...imported, ...signCrl(imported, key, crlEntries(current), current.crlNumber + 1, ctx.now) };
  });
  return {};
};

function withoutConstraints(record: CertificateAuthorityRecord): CertificateAuthorityRecord {
  const { pathLength: _p, permittedDnsNames: _permitted, excludedDnsNames: _excluded, ...rest } = record;
  return rest;
}

/** The path length and DNS name constraints the CA certificate carries, kept on the record. */
function constraintsOf(
  certificate: Certificate,
): Pick<CertificateAuthorityRecord, 'pathLength' | 'permittedDnsNames' | 'excludedDnsNames'> {
  const pathLength = certificate.basicConstraints?.pathLenConstraint ?? null;
  const dns = (subtrees: typeof permitted) =>
    (subtrees ?? []).flatMap(({ base }) => (base.kind === 'dNSName' ? [base.value] : []));
  const permitted = certificate.nameConstraints?.permitted ?? null;
  const permittedDns = dns(permitted);
  const excludedDns = dns(certificate.nameConstraints?.excluded ?? null);
  return {
    ...(pathLength === null ? {} : { pathLength }),
    ...(permittedDns.length === 0 ? {} : { permittedDnsNames: permittedDns }),
    ...(excludedDns.length === 0 ? {} : { excludedDnsNames: excludedDns }),
  };
}
