/** TagResource, UntagResource, ListTagsForResource over trust anchors, profiles and CRLs. */
import { notFound, validationError } from '@anchorage/core/errors';
import { isLocal, parseResourceArn } from '@anchorage/core/rolesanywhere/arn';
import type { Tag } from '@anchorage/core/rolesanywhere/records';
import { mergeTags, removeTags } from '@anchorage/core/rolesanywhere/tags';
import type { OperationContext } from './context.ts';
import { operation } from './context.ts';

interface Tagged {
  readonly id: string;
  readonly tags: readonly Tag[];
}

interface TaggableCollection {
  get(id: string): Promise<Tagged | undefined>;
  update(id: string, change: (current: Tagged) => Tagged): Promise<Tagged | undefined>;
}

/** Resolves a tagging ARN to its collection; only our own trust anchors, profiles and CRLs carry tags. */
function taggable(
  ctx: OperationContext,
  resourceArn: string,
): { collection: TaggableCollection; id: string } {
  const arn = parseResourceArn(resourceArn);
  if (arn === undefined || arn.type === 'subject') {
    throw validationError('resourceArn must be the ARN of a trust anchor, profile or CRL');
  }
  if (!isLocal(arn, ctx.location)) throw notFound('Resource not found');
  const collections = {
    'trust-anchor': ctx.store.trustAnchors,
    profile: ctx.store.profiles,
    crl: ctx.store.crls,
  } as const;
  // Each collection's update only changes `tags`, so treating records as `Tagged` keeps every other field.
  return { collection: collections[arn.type] as unknown as TaggableCollection, id: arn.id };
}

async function changeTags(
  ctx: OperationContext,
  resourceArn: string,
  change: (tags: readonly Tag[]) => Tag[],
): Promise<void> {
  const { collection, id } = taggable(ctx, resourceArn);
  const updated = await collection.update(id, (current) => ({ ...current, tags: change(current.tags) }));
  if (updated === undefined) throw notFound('Resource not found');
}

export const tagResource = operation<{ readonly resourceArn: string; readonly tags: readonly Tag[] }>(
  async (input, ctx) => {
    await changeTags(ctx, input.resourceArn, (current) => mergeTags(current, input.tags));
    return {};
  },
);

export const untagResource = operation<{ readonly resourceArn: string; readonly tagKeys: readonly string[] }>(
  async (input, ctx) => {
    await changeTags(ctx, input.resourceArn, (current) => removeTags(current, input.tagKeys));
    return {};
  },
);

export const listTagsForResource = operation<{ readonly resourceArn: string }>(async (input, ctx) => {
  const { collection, id } = taggable(ctx, input.resourceArn);
  const record = await collection.get(id);
  if (record === undefined) throw notFound('Resource not found');
  return { tags: record.tags };
});
