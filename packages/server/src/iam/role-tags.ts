/** TagRole, UntagRole, ListRoleTags. */
import type { OperationContext } from '../control-plane/context.ts';
import { requireRole } from './iam-lookup.ts';
import { type MarkerInput, pageOfList, truncation } from './iam-pagination.ts';
import { mergeTags, removeTags, toWireTags, type WireTag } from './iam-tags.ts';
import { changeRole, type RoleNameInput } from './roles.ts';

export interface TagRoleInput extends RoleNameInput {
  readonly Tags: readonly WireTag[];
}

export async function tagRole(input: TagRoleInput, ctx: OperationContext): Promise<object> {
  await changeRole(ctx, input.RoleName, (r) => ({
    ...r,
    tags: mergeTags(r.tags, input.Tags, 'TagsPerRole'),
  }));
  return {};
}

export interface UntagRoleInput extends RoleNameInput {
  readonly TagKeys: readonly string[];
}

export async function untagRole(input: UntagRoleInput, ctx: OperationContext): Promise<object> {
  await changeRole(ctx, input.RoleName, (r) => ({ ...r, tags: removeTags(r.tags, input.TagKeys) }));
  return {};
}

export interface ListRoleTagsInput extends RoleNameInput, MarkerInput {}

export async function listRoleTags(input: ListRoleTagsInput, ctx: OperationContext): Promise<object> {
  const role = await requireRole(ctx.store, input.RoleName);
  const page = pageOfList(toWireTags(role.tags), input);
  return { Tags: page.items, ...truncation(page) };
}
