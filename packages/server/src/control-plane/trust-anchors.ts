/** CreateTrustAnchor, Get/Update/Delete/Enable/Disable/ListTrustAnchors. */
import { notFound, validationError } from '@anchorage/core/errors';
import { resourceArn } from '@anchorage/core/rolesanywhere/arn';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@anchorage/core/rolesanywhere/defaults';
import {
  type NotificationSettingInput,
  putNotificationSettings,
} from '@anchorage/core/rolesanywhere/notification-settings';
import type { Tag, TrustAnchorRecord, TrustAnchorSource } from '@anchorage/core/rolesanywhere/records';
import { initialTags } from '@anchorage/core/rolesanywhere/tags';
import { parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { isoTime, type OperationContext, operation } from './context.ts';
import { type ListInput, listPage, nextTokenOf } from './pagination.ts';
import { trustAnchorDetail } from './render.ts';

const ACM_PCA_ARN = /^arn:aws(-[a-z0-9-]+)?:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;

/** A source must be usable: a bundle of CA certificates we accept, or an ACM PCA certificate authority ARN. */
function checkSource(source: TrustAnchorSource): TrustAnchorSource {
  const { sourceType, sourceData } = source;
  switch (sourceType) {
    case 'CERTIFICATE_BUNDLE':
      if (sourceData.x509CertificateData === undefined) {
        throw validationError(
          'source.sourceData.x509CertificateData is required for a CERTIFICATE_BUNDLE source',
        );
      }
      parseTrustAnchorBundle(sourceData.x509CertificateData);
      return { sourceType, sourceData: { x509CertificateData: sourceData.x509CertificateData } };
    case 'AWS_ACM_PCA':
      if (sourceData.acmPcaArn === undefined || !ACM_PCA_ARN.test(sourceData.acmPcaArn)) {
        throw validationError(
          'source.sourceData.acmPcaArn must be the ARN of a private certificate authority ' +
            '(arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>) for an AWS_ACM_PCA source',
        );
      }
      return { sourceType, sourceData: { acmPcaArn: sourceData.acmPcaArn } };
    case 'SELF_SIGNED_REPOSITORY':
      throw validationError('source.sourceType SELF_SIGNED_REPOSITORY is not supported');
  }
}

export async function requireTrustAnchor(ctx: OperationContext, id: string): Promise<TrustAnchorRecord> {
  const record = await ctx.store.trustAnchors.get(id);
  if (record === undefined) throw notFound('Trust anchor not found');
  return record;
}

export async function updateTrustAnchor(
  ctx: OperationContext,
  id: string,
  change: (current: TrustAnchorRecord) => Partial<TrustAnchorRecord>,
): Promise<object> {
  const updated = await ctx.store.trustAnchors.update(id, (current) => ({
    ...current,
    ...change(current),
    updatedAt: isoTime(ctx.now),
  }));
  if (updated === undefined) throw notFound('Trust anchor not found');
  return { trustAnchor: trustAnchorDetail(updated) };
}

interface CreateTrustAnchorInput {
  readonly name: string;
  readonly source: TrustAnchorSource;
  readonly enabled?: boolean;
  readonly tags?: readonly Tag[];
  readonly notificationSettings?: readonly NotificationSettingInput[];
}

export const createTrustAnchor = operation<CreateTrustAnchorInput>(async (input, ctx) => {
  const id = ctx.newId();
  const now = isoTime(ctx.now);
  const record: TrustAnchorRecord = {
    id,
    arn: resourceArn(ctx.location, 'trust-anchor', id),
    name: input.name,
    source: checkSource(input.source),
    // Fail closed: like CRLs, a trust anchor trusts nothing until it is enabled.
    enabled: input.enabled ?? false,
    notificationSettings: putNotificationSettings(
      DEFAULT_NOTIFICATION_SETTINGS,
      input.notificationSettings ?? [],
      ctx.location.accountId,
    ),
    tags: initialTags(input.tags),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.store.trustAnchors.insert(record);
  return { trustAnchor: trustAnchorDetail(record) };
});

interface TrustAnchorIdInput {
  readonly trustAnchorId: string;
}

export const getTrustAnchor = operation<TrustAnchorIdInput>(async (input, ctx) => ({
  trustAnchor: trustAnchorDetail(await requireTrustAnchor(ctx, input.trustAnchorId)),
}));

interface UpdateTrustAnchorInput extends TrustAnchorIdInput {
  readonly name?: string;
  readonly source?: TrustAnchorSource;
}

export const updateTrustAnchorOperation = operation<UpdateTrustAnchorInput>(async (input, ctx) => {
  const source = input.source === undefined ? undefined : checkSource(input.source);
  return updateTrustAnchor(ctx, input.trustAnchorId, () => ({
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(source === undefined ? {} : { source }),
  }));
});

export const deleteTrustAnchor = operation<TrustAnchorIdInput>(async (input, ctx) => {
  const deleted = await ctx.store.trustAnchors.delete(input.trustAnchorId);
  if (deleted === undefined) throw notFound('Trust anchor not found');
  return { trustAnchor: trustAnchorDetail(deleted) };
});

export const enableTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  updateTrustAnchor(ctx, input.trustAnchorId, () => ({ enabled: true })),
);

export const disableTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  updateTrustAnchor(ctx, input.trustAnchorId, () => ({ enabled: false })),
);

export const listTrustAnchors = operation<ListInput>(async (input, ctx) => {
  const page = await listPage(input, (p) => ctx.store.trustAnchors.list(p));
  return { trustAnchors: page.items.map(trustAnchorDetail), ...nextTokenOf(page) };
});
