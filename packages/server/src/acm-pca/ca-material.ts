/**
 * What a CA hands out: GetCertificateAuthorityCsr (its CSR, from creation on),
 * GetCertificateAuthorityCertificate (its certificate and the chain above it, once imported),
 * GetCertificate (a certificate it issued, with the chain up to the root), and Anchorage's
 * GetCertificateAuthorityCrl (its current CRL, PEM; not an AWS operation: AWS publishes CRLs to
 * S3, Anchorage keeps them in the CA record).
 */
import { notFound } from '@anchorage/core/errors';
import { crlToDer, parseCrl } from '@anchorage/core/x509/crl';
import { parseCertificateArn } from './arns.ts';
import { openCaKey } from './ca-key.ts';
import { changeCa, requireCa, requireStatus } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';
import { crlEntries, signCrl } from './crl.ts';

interface CaInput {
  readonly CertificateAuthorityArn: string;
}

const EXISTING = ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED', 'FAILED'] as const;
const CERTIFIED = ['ACTIVE', 'DISABLED', 'EXPIRED'] as const;

export const getCertificateAuthorityCsr: AcmPcaHandler<CaInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, EXISTING, 'give out its CSR');
  return { Csr: ca.csrPem };
};

export const getCertificateAuthorityCertificate: AcmPcaHandler<CaInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, CERTIFIED, 'give out its certificate');
  const chain = ca.certificateChainPem ?? '';
  return { Certificate: ca.certificatePem, ...(chain === '' ? {} : { CertificateChain: chain }) };
};

export const getCertificateAuthorityCrl: AcmPcaHandler<CaInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, CERTIFIED, 'give out its CRL');
  if (ca.crlPem === undefined) throw new TypeError(`CA ${ca.id} has a certificate but no CRL`);
  if (!pastHalfLife(ca.crlPem, ctx.now)) return { Crl: ca.crlPem };
  // A CRL is only re-signed when something is revoked; one asked for past half its life is
  // re-signed with the same entries, so that relying parties never get an expired one.
  const key = openCaKey(ctx.box, ca);
  const renewed = await changeCa(ctx, ca, (current) =>
    current.crlPem !== undefined && pastHalfLife(current.crlPem, ctx.now)
      ? { ...current, ...signCrl(current, key, crlEntries(current), current.crlNumber + 1, ctx.now) }
      : current,
  );
  return { Crl: renewed.crlPem ?? ca.crlPem };
};

function pastHalfLife(crlPem: string, now: number): boolean {
  const crl = parseCrl(crlToDer(Buffer.from(crlPem, 'utf8')));
  return crl.nextUpdate !== null && now >= crl.thisUpdate + (crl.nextUpdate - crl.thisUpdate) / 2;
}

interface GetCertificateInput extends CaInput {
  readonly CertificateArn: string;
}

/** The chain is the issuing CA's certificate and its own chain; a root's own certificate has none. */
export const getCertificate: AcmPcaHandler<GetCertificateInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, EXISTING, 'give out certificates');
  const serial = parseCertificateArn(input.CertificateArn, ca.arn);
  const issued = await ctx.store.issuedCertificates.get(`${ca.id}/${serial}`);
  if (issued === undefined)
    throw notFound(`Could not find certificate ${input.CertificateArn.slice(0, 256)}`);
  const own = issued.serial === ca.serial || ca.certificatePem === undefined;
  const chain = own ? (ca.certificateChainPem ?? '') : `${ca.certificatePem}${ca.certificateChainPem ?? ''}`;
  return { Certificate: issued.certificatePem, ...(chain === '' ? {} : { CertificateChain: chain }) };
};
