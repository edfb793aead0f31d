/** CreateTrustAnchor, Get/Update/Delete/Enable/Disable/ListTrustAnchors. */
import { validationError } from '@anchorage/core/errors';
import { resourceArn } from '@anchorage/core/rolesanywhere/arn';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@anchorage/core/rolesanywhere/defaults';
import {
  type NotificationSettingInput,
  putNotificationSettings,
} from '@anchorage/core/rolesanywhere/notification-settings';
import type { Tag, TrustAnchorRecord, TrustAnchorSource } from '@anchorage/core/rolesanywhere/records';
import { initialTags } from '@anchorage/core/rolesanywhere/tags';
import { parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { isoTime, operation } from './context.ts';
import { type ListInput, listPage, nextTokenOf } from './pagination.ts';
import { trustAnchorDetail } from './render.ts';
import { resourceOperations } from './resource-operations.ts';

export const trustAnchors = resourceOperations(
  (store) => store.trustAnchors,
  'trustAnchor',
  trustAnchorDetail,
  'Trust anchor',
);

const ACM_PCA_ARN = /^arn:aws(-[a-z0-9-]+)?:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;

/**
 * A source must be usable: a bundle of CA certificates we accept, or an ACM PCA certificate
 * authority ARN. Both members are optional in the API model (AWS refuses at run time): each is
 * checked here, and a missing one is a ValidationException.
 */
function checkSource(source: Partial<TrustAnchorSource>): TrustAnchorSource {
  const { sourceType } = source;
  const sourceData = source.sourceData ?? {};
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
    default:
      throw validationError('source.sourceType must be CERTIFICATE_BUNDLE or AWS_ACM_PCA');
  }
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

export const getTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  trustAnchors.get(ctx, input.trustAnchorId),
);

interface UpdateTrustAnchorInput extends TrustAnchorIdInput {
  readonly name?: string;
  readonly source?: TrustAnchorSource;
}

export const updateTrustAnchor = operation<UpdateTrustAnchorInput>(async (input, ctx) => {
  const source = input.source === undefined ? undefined : checkSource(input.source);
  return trustAnchors.update(ctx, input.trustAnchorId, () => ({
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(source === undefined ? {} : { source }),
  }));
});

export const deleteTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  trustAnchors.delete(ctx, input.trustAnchorId),
);

export const enableTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  trustAnchors.setEnabled(ctx, input.trustAnchorId, true),
);

export const disableTrustAnchor = operation<TrustAnchorIdInput>((input, ctx) =>
  trustAnchors.setEnabled(ctx, input.trustAnchorId, false),
);

export const listTrustAnchors = operation<ListInput>(async (input, ctx) => {
  const page = await listPage(input, (p) => ctx.store.trustAnchors.list(p));
  return { trustAnchors: page.items.map(trustAnchorDetail), ...nextTokenOf(page) };
});
