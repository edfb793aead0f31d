/**
 * The serial and the stored record of an issued certificate. Without an IdempotencyToken the
 * serial is random; with one it is derived (see idempotency.ts) from the token and the window
 * under the CA key as secret, so it is as unpredictable to the requester as a random serial,
 * and the certificate the token issued less than five minutes ago is found by its id.
 */
import type { KeyObject } from 'node:crypto';
import type { CertificateAuthorityRecord, IssuedCertificateRecord } from '@anchorage/core/acm-pca/records';
import { encodePem } from '@anchorage/core/x509/pem';
import { DuplicateIdError } from '@anchorage/store/port';
import { certificateArn } from './arns.ts';
import type { AcmPcaContext } from './context.ts';
import { idempotencyWindows, isRecent } from './idempotency.ts';
import { derivedSerial, randomSerial, serialHex } from './serial.ts';

export type SerialChoice = { readonly serial: bigint } | { readonly earlier: string };

export async function chooseSerial(
  ctx: AcmPcaContext,
  ca: CertificateAuthorityRecord,
  key: KeyObject,
  token: string | undefined,
): Promise<SerialChoice> {
  if (token === undefined) return { serial: randomSerial() };
  const secret = key.export({ type: 'pkcs8', format: 'der' });
  const [previous, current] = idempotencyWindows(ctx.now);
  for (const window of [previous, current]) {
    const found = await ctx.store.issuedCertificates.get(
      recordId(ca, tokenSerial(secret, ca, token, window)),
    );
    if (found !== undefined && isRecent(found.issuedAt, ctx.now)) return { earlier: found.arn };
  }
  return { serial: tokenSerial(secret, ca, token, current) };
}

function tokenSerial(
  secret: Uint8Array,
  ca: CertificateAuthorityRecord,
  token: string,
  window: number,
): bigint {
  return derivedSerial(secret, ['IssueCertificate', ca.arn, token, String(window)]);
}

function recordId(ca: CertificateAuthorityRecord, serial: bigint): string {
  return `${ca.id}/${serialHex(serial).toLowerCase()}`;
}

export async function storeIssued(
  ctx: AcmPcaContext,
  ca: CertificateAuthorityRecord,
  {
    serial,
    der,
    notBefore,
    notAfter,
  }: { serial: bigint; der: Uint8Array; notBefore: number; notAfter: number },
  idempotent: boolean,
): Promise<string> {
  const hex = serialHex(serial);
  const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const record: IssuedCertificateRecord = {
    id: recordId(ca, serial),
    arn: certificateArn(ca.arn, hex.toLowerCase()),
    certificateAuthorityArn: ca.arn,
    serial: hex,
    certificatePem: encodePem('CERTIFICATE', der),
    notBefore: seconds(notBefore),
    notAfter: seconds(notAfter),
    issuedAt: new Date(ctx.now).toISOString(),
  };
  try {
    await ctx.store.issuedCertificates.insert(record);
  } catch (error) {
    // The same IdempotencyToken, a moment earlier: that certificate is the answer.
    if (idempotent && error instanceof DuplicateIdError) return record.arn;
    throw error;
  }
  return record.arn;
}
