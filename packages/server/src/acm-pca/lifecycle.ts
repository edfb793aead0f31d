/**
 * UpdateCertificateAuthority, DeleteCertificateAuthority and RestoreCertificateAuthority, with
 * the states the model documents:
 * - Update: only an ACTIVE or DISABLED CA; Status may only be ACTIVE or DISABLED.
 * - Delete: not while ACTIVE (disable it first). A PENDING_CERTIFICATE or CREATING CA is removed
 *   at once, key and all, as AWS does with a CA that never had a certificate; a DISABLED,
 *   EXPIRED or FAILED one becomes DELETED, restorable for PermanentDeletionTimeInDays (7–30,
 *   default 30), and is removed when that has passed.
 * - Restore: a DELETED CA within its period returns to its status before deletion — DISABLED
 *   (EXPIRED once its certificate has expired).
 */
import type { CertificateAuthorityRecord, CertificateAuthorityStatus } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import { changeCa, requireCa, requireStatus } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';

const DAY_MS = 86_400_000;
const DEFAULT_RESTORE_DAYS = 30;

interface UpdateInput {
  readonly CertificateAuthorityArn: string;
  readonly Status?: CertificateAuthorityStatus;
  readonly RevocationConfiguration?: unknown;
}

export const updateCertificateAuthority: AcmPcaHandler<UpdateInput> = async (input, ctx) => {
  const { Status: status, RevocationConfiguration: revocation } = input;
  if (status !== undefined && status !== 'ACTIVE' && status !== 'DISABLED') {
    throw new AnchorageError(
      'InvalidArgsException',
      `Status can only be set to ACTIVE or DISABLED, not ${status}`,
    );
  }
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, ['ACTIVE', 'DISABLED'], 'be updated');
  await changeCa(ctx, ca, (current) => {
    requireStatus(current, ctx.now, ['ACTIVE', 'DISABLED'], 'be updated');
    return {
      ...current,
      ...(status === undefined ? {} : { status }),
      ...(revocation === undefined ? {} : { revocationConfiguration: revocation }),
    };
  });
  return {};
};

interface DeleteInput {
  readonly CertificateAuthorityArn: string;
  readonly PermanentDeletionTimeInDays?: number;
}

export const deleteCertificateAuthority: AcmPcaHandler<DeleteInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(
    ca,
    ctx.now,
    ['CREATING', 'PENDING_CERTIFICATE', 'DISABLED', 'EXPIRED', 'FAILED'],
    'be deleted',
  );
  if (ca.status === 'CREATING' || ca.status === 'PENDING_CERTIFICATE') {
    await ctx.store.certificateAuthorities.delete(ca.id);
    // A root may have issued its own certificate before it was imported.
    for (const issued of await ctx.store.issuedCertificates.listByCertificateAuthority(ca.arn)) {
      await ctx.store.issuedCertificates.delete(issued.id);
    }
    return {};
  }
  const days = input.PermanentDeletionTimeInDays ?? DEFAULT_RESTORE_DAYS;
  await changeCa(ctx, ca, (current) => {
    requireStatus(current, ctx.now, ['DISABLED', 'EXPIRED', 'FAILED'], 'be deleted');
    return {
      ...current,
      status: 'DELETED',
      restorableUntil: new Date(ctx.now + days * DAY_MS).toISOString(),
    };
  });
  return {};
};

export const restoreCertificateAuthority: AcmPcaHandler<{
  readonly CertificateAuthorityArn: string;
}> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, ['DELETED'], 'be restored');
  await changeCa(ctx, ca, (current) => {
    requireStatus(current, ctx.now, ['DELETED'], 'be restored');
    return withoutRestorableUntil({ ...current, status: statusBeforeDeletion(current) });
  });
  return {};
};

/** Only a CA with a certificate is kept when deleted; it was DISABLED, EXPIRED (by date) or FAILED. */
function statusBeforeDeletion(record: CertificateAuthorityRecord): CertificateAuthorityStatus {
  return record.certificatePem === undefined ? 'FAILED' : 'DISABLED';
}

function withoutRestorableUntil(record: CertificateAuthorityRecord): CertificateAuthorityRecord {
  const { restorableUntil: _until, ...rest } = record;
  return rest;
}
