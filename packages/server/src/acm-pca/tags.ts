/**
 * TagCertificateAuthority, UntagCertificateAuthority, ListTags. ACM PCA's rules: at most 50 tags
 * (TooManyTagsException), keys unique within a request and `aws:` reserved (InvalidTagException).
 * Untagging with a Value removes the tag only when its value matches; without one, whatever it is.
 */

import { AnchorageError } from '@anchorage/core/errors';
import type { Tag } from '@anchorage/core/rolesanywhere/records';
import { changeCa, requireCa, requireStatus } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';

export interface WireTag {
  readonly Key: string;
  readonly Value?: string;
}

export const MAX_TAGS = 50;
const LIVE = ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED', 'FAILED'] as const;

export function checkTags(tags: readonly WireTag[]): void {
  const keys = new Set<string>();
  for (const { Key } of tags) {
    if (keys.has(Key))
      throw new AnchorageError('InvalidTagException', `Tag key ${Key} is given more than once`);
    keys.add(Key);
    if (Key.toLowerCase().startsWith('aws:')) {
      throw new AnchorageError(
        'InvalidTagException',
        `Tag key ${Key}: the aws: prefix is reserved for AWS use`,
      );
    }
  }
}

export function mergeTags(current: readonly Tag[], added: readonly WireTag[]): Tag[] {
  checkTags(added);
  const byKey = new Map(current.map((t) => [t.key, t.value] as const));
  for (const { Key, Value } of added) byKey.set(Key, Value ?? '');
  if (byKey.size > MAX_TAGS) {
    throw new AnchorageError(
      'TooManyTagsException',
      `A certificate authority can have at most ${MAX_TAGS} tags; this request would leave ${byKey.size}`,
    );
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

/** Stored tags → the wire; a tag stored without a value is shown without one. */
export function wireTags(tags: readonly Tag[]): WireTag[] {
  return tags.map(({ key, value }) => (value === '' ? { Key: key } : { Key: key, Value: value }));
}

interface TagInput {
  readonly CertificateAuthorityArn: string;
  readonly Tags: readonly WireTag[];
}

export const tagCertificateAuthority: AcmPcaHandler<TagInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, LIVE, 'change its tags');
  await changeCa(ctx, ca, (current) => ({ ...current, tags: mergeTags(current.tags, input.Tags) }));
  return {};
};

export const untagCertificateAuthority: AcmPcaHandler<TagInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  requireStatus(ca, ctx.now, LIVE, 'change its tags');
  checkTags(input.Tags);
  const removes = (tag: Tag) =>
    input.Tags.some(({ Key, Value }) => Key === tag.key && (Value === undefined || Value === tag.value));
  await changeCa(ctx, ca, (current) => ({ ...current, tags: current.tags.filter((tag) => !removes(tag)) }));
  return {};
};

interface ListTagsInput {
  readonly CertificateAuthorityArn: string;
  readonly MaxResults?: number;
  readonly NextToken?: string;
}

/** Tags are few (at most 50): the NextToken is the position of the next one. */
export const listTags: AcmPcaHandler<ListTagsInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  const start = input.NextToken === undefined ? 0 : tagPosition(input.NextToken, ca.tags.length);
  const end = start + (input.MaxResults ?? MAX_TAGS);
  const page = ca.tags.slice(start, end);
  return { Tags: wireTags(page), ...(end < ca.tags.length ? { NextToken: `tags:${end}` } : {}) };
};

function tagPosition(token: string, count: number): number {
  const m = /^tags:(\d{1,4})$/.exec(token);
  const position = m === null ? Number.NaN : Number(m[1]);
  if (!(position >= 0 && position <= count)) {
    throw new AnchorageError('InvalidNextTokenException', 'The NextToken is not valid');
  }
  return position;
}
