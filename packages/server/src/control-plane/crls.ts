/** ImportCrl, Get/Update/Delete/Enable/Disable/ListCrls. */
import { validationError } from '@anchorage/core/errors';
import { isLocal, parseResourceArn, resourceArn } from '@anchorage/core/rolesanywhere/arn';
import type { CrlRecord, Tag, TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import { initialTags } from '@anchorage/core/rolesanywhere/tags';
import { assertCrlMatchesAnchor, parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { crlToDer } from '@anchorage/core/x509/crl';
import { isoTime, type OperationContext, operation } from './context.ts';
import { type ListInput, listPage, nextTokenOf } from './pagination.ts';
import { crlDetail } from './render.ts';
import { resourceOperations } from './resource-operations.ts';

async function boundTrustAnchor(ctx: OperationContext, trustAnchorArn: string): Promise<TrustAnchorRecord> {
  const arn = parseResourceArn(trustAnchorArn);
  const anchor =
    arn !== undefined && arn.type === 'trust-anchor' && isLocal(arn, ctx.location)
      ? await ctx.store.trustAnchors.get(arn.id)
      : undefined;
  if (anchor === undefined) throw validationError('trustAnchorArn does not name an existing trust anchor');
  return anchor;
}

/**
 * A CRL is accepted only when it parses (PEM or DER) and is signed by a CA certificate of the
 * trust anchor it is bound to: otherwise it could never be used to check a certificate.
 */
function checkCrlData(crlDataBase64: string, anchor: TrustAnchorRecord): void {
  const pem = anchor.source.sourceData.x509CertificateData;
  if (anchor.source.sourceType !== 'CERTIFICATE_BUNDLE' || pem === undefined) {
    throw validationError('CRLs can be imported only for trust anchors with a CERTIFICATE_BUNDLE source');
  }
  const der = crlToDer(Buffer.from(crlDataBase64, 'base64'));
  assertCrlMatchesAnchor(der, parseTrustAnchorBundle(pem));
}

const crls = resourceOperations((store) => store.crls, 'crl', crlDetail, 'CRL');

interface ImportCrlInput {
  readonly name: string;
  readonly crlData: string;
  readonly enabled?: boolean;
  readonly tags?: readonly Tag[];
  readonly trustAnchorArn: string;
}

export const importCrl = operation<ImportCrlInput>(async (input, ctx) => {
  const anchor = await boundTrustAnchor(ctx, input.trustAnchorArn);
  checkCrlData(input.crlData, anchor);
  const id = ctx.newId();
  const now = isoTime(ctx.now);
  const record: CrlRecord = {
    id,
    arn: resourceArn(ctx.location, 'crl', id),
    name: input.name,
    // As observed on AWS: an imported CRL is not enforced until enabled.
    enabled: input.enabled ?? false,
    crlData: input.crlData,
    trustAnchorArn: anchor.arn,
    tags: initialTags(input.tags),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.store.crls.insert(record);
  return { crl: crlDetail(record) };
});

interface CrlIdInput {
  readonly crlId: string;
}

export const getCrl = operation<CrlIdInput>((input, ctx) => crls.get(ctx, input.crlId));

interface UpdateCrlInput extends CrlIdInput {
  readonly name?: string;
  readonly crlData?: string;
}

export const updateCrl = operation<UpdateCrlInput>(async (input, ctx) => {
  const { crlData } = input;
  if (crlData !== undefined) {
    const current = await crls.require(ctx, input.crlId);
    checkCrlData(crlData, await boundTrustAnchor(ctx, current.trustAnchorArn));
  }
  return crls.update(ctx, input.crlId, () => ({
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(crlData === undefined ? {} : { crlData }),
  }));
});

export const deleteCrl = operation<CrlIdInput>((input, ctx) => crls.delete(ctx, input.crlId));

export const enableCrl = operation<CrlIdInput>((input, ctx) => crls.setEnabled(ctx, input.crlId, true));

export const disableCrl = operation<CrlIdInput>((input, ctx) => crls.setEnabled(ctx, input.crlId, false));

export const listCrls = operation<ListInput>(async (input, ctx) => {
  const page = await listPage(input, (p) => ctx.store.crls.list(p));
  return { crls: page.items.map(crlDetail), ...nextTokenOf(page) };
});
