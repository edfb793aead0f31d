/**
 * RevokeCertificate, as named steps: find the CA → find the certificate by its serial (hex, with
 * or without colons, any case) → refuse the root's own self-signed certificate and one already
 * revoked → write 1: in one atomic update of the CA record, add the entry to the CA's CRL and
 * re-sign it (crlNumber + 1, crlPem) → write 2: mark the issued certificate revoked.
 *
 * Why this order is safe. The CRL is what relying parties (CreateSession) trust, the issued
 * record is what the API reports. A crash between the writes leaves the serial in the CRL — it
 * is already refused: the failure fails closed — and the record unrevoked; retrying the request
 * finds the entry already in the CRL (it is kept, not duplicated) and completes write 2. The
 * other order could leave a record marked revoked whose serial the CRL lacks, and every retry
 * would then answer RequestAlreadyProcessedException while the certificate stays trusted.
 * Concurrent revocations cannot lose each other's entries: each rebuilds the CRL inside the
 * CA's atomic update from the entries of the CRL stored at that moment, plus its own.
 */
import type { IssuedCertificateRecord, RevocationReason } from '@anchorage/core/acm-pca/records';
import { AnchorageError, notFound } from '@anchorage/core/errors';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem } from '@anchorage/core/x509/pem';
import { isSelfSigned } from './ca-chain.ts';
import { openCaKey } from './ca-key.ts';
import { changeCa, requireCa, requireStatus } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';
import { crlEntries, crlReason, signCrl } from './crl.ts';
import { parseSerialText, serialHex } from './serial.ts';

interface RevokeInput {
  readonly CertificateAuthorityArn: string;
  readonly CertificateSerial: string;
  readonly RevocationReason: RevocationReason;
}

const REVOKING = ['ACTIVE', 'DISABLED'] as const;

export const revokeCertificate: AcmPcaHandler<RevokeInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, REVOKING, 'revoke certificates');
  const serial = parseSerialText(input.CertificateSerial);
  if (serial === undefined) {
    throw new AnchorageError(
      'InvalidRequestException',
      'CertificateSerial must be hexadecimal, with or without colons',
    );
  }
  const id = `${ca.id}/${serialHex(serial).toLowerCase()}`;
  const issued = await ctx.store.issuedCertificates.get(id);
  if (issued === undefined) throw notFound(`Certificate ${serialHex(serial)} was not issued by ${ca.arn}`);
  if (issued.revokedAt !== undefined) throw alreadyRevoked(issued);
  if (isSelfSigned(certificateOf(issued))) {
    throw new AnchorageError(
      'InvalidRequestException',
      "A root CA's self-signed certificate cannot be revoked",
    );
  }

  // Write 1: the CRL.
  const key = openCaKey(ctx.box, ca);
  let revokedAt = ctx.now;
  await changeCa(ctx, ca, (current) => {
    requireStatus(current, ctx.now, REVOKING, 'revoke certificates');
    const entries = crlEntries(current);
    const listed = entries.find((entry) => entry.serialNumber === serial);
    if (listed !== undefined) {
      revokedAt = listed.revokedAt; // an earlier attempt got this far
      return current;
    }
    const entry = { serialNumber: serial, revokedAt: ctx.now, reason: crlReason(input.RevocationReason) };
    return { ...current, ...signCrl(current, key, [...entries, entry], current.crlNumber + 1, ctx.now) };
  });
  // Write 2: the issued certificate.
  await ctx.store.issuedCertificates.update(id, (current) => {
    if (current.revokedAt !== undefined) throw alreadyRevoked(current);
    return {
      ...current,
      revokedAt: new Date(revokedAt).toISOString(),
      revocationReason: input.RevocationReason,
    };
  });
  return {};
};

function certificateOf(issued: IssuedCertificateRecord) {
  const [block] = decodePem(issued.certificatePem);
  if (block === undefined) throw new TypeError(`issued certificate ${issued.id} has no PEM`);
  return parseCertificate(block.der);
}

function alreadyRevoked(issued: IssuedCertificateRecord): AnchorageError {
  return new AnchorageError(
    'RequestAlreadyProcessedException',
    `Certificate ${issued.serial} was already revoked at ${issued.revokedAt ?? ''}`,
  );
}
