/**
 * Finding a CA by its ARN and changing it. A malformed ARN is InvalidArnException; a well-formed
 * one that names no CA of this deployment is ResourceNotFoundException. A CA past the end of its
 * restoration period is gone: it is removed (with its sealed key) when next looked at.
 */
import type { CertificateAuthorityRecord, CertificateAuthorityStatus } from '@anchorage/core/acm-pca/records';
import { AnchorageError, notFound } from '@anchorage/core/errors';
import type { OperationContext } from '../control-plane/context.ts';
import { isLocalCa, parseCaArn } from './arns.ts';

export async function requireCa(ctx: OperationContext, arn: string): Promise<CertificateAuthorityRecord> {
  const parsed = parseCaArn(arn);
  const record = isLocalCa(parsed, ctx.location)
    ? await ctx.store.certificateAuthorities.get(parsed.id)
    : undefined;
  if (record === undefined || (await purgeIfGone(ctx, record))) throw caNotFound(arn);
  return record;
}

/** True (after removing it) when a deleted CA's restoration period is over. */
export async function purgeIfGone(
  ctx: OperationContext,
  record: CertificateAuthorityRecord,
): Promise<boolean> {
  if (!isGone(record, ctx.now)) return false;
  await ctx.store.certificateAuthorities.delete(record.id);
  return true;
}

export function isGone(record: CertificateAuthorityRecord, now: number): boolean {
  return (
    record.status === 'DELETED' &&
    record.restorableUntil !== undefined &&
    Date.parse(record.restorableUntil) <= now
  );
}

/** The status as callers see it: an ACTIVE or DISABLED CA whose certificate has expired is EXPIRED. */
export function currentStatus(record: CertificateAuthorityRecord, now: number): CertificateAuthorityStatus {
  const expired = record.notAfter !== undefined && Date.parse(record.notAfter) < now;
  return expired && (record.status === 'ACTIVE' || record.status === 'DISABLED') ? 'EXPIRED' : record.status;
}

/** InvalidStateException unless the CA is in one of `allowed` (checked on the current status). */
export function requireStatus(
  record: CertificateAuthorityRecord,
  now: number,
  allowed: readonly CertificateAuthorityStatus[],
  action: string,
): void {
  const status = currentStatus(record, now);
  if (!allowed.includes(status)) {
    throw new AnchorageError(
      'InvalidStateException',
      `The certificate authority ${record.arn} is ${status}; it must be ${allowed.join(' or ')} to ${action}`,
    );
  }
}

/**
 * Atomic read-modify-write of a CA: `change` sees the stored record (and may throw to refuse).
 * LastStateChangeAt moves forward with every change, by at least 1 ms: readers (CreateSession's
 * trust material) key their caches on it, so two changes must never share one value.
 */
export async function changeCa(
  ctx: OperationContext,
  record: CertificateAuthorityRecord,
  change: (current: CertificateAuthorityRecord) => CertificateAuthorityRecord,
): Promise<CertificateAuthorityRecord> {
  const updated = await ctx.store.certificateAuthorities.update(record.id, (current) => ({
    ...change(current),
    lastStateChangeAt: new Date(Math.max(ctx.now, Date.parse(current.lastStateChangeAt) + 1)).toISOString(),
  }));
  if (updated === undefined) throw caNotFound(record.arn);
  return updated;
}

export function caNotFound(arn: string): AnchorageError {
  return notFound(`Could not find certificate authority ${arn.slice(0, 200)}`);
}
