/** CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, DeleteRole, UpdateAssumeRolePolicy. */
import type { PolicyAttachment, RoleRecord } from '@anchorage/core/iam/records';
import { DuplicateIdError } from '@anchorage/store/port';
import { isoTime, type OperationContext } from '../control-plane/context.ts';
import { roleArn } from './iam-arns.ts';
import { deleteConflict, noSuchRole, policyNotAttachable, roleExists } from './iam-errors.ts';
import { entityId, requireManagedPolicy, requireRole } from './iam-lookup.ts';
import { type MarkerInput, pageOfCollection, truncation } from './iam-pagination.ts';
import { initialTags, type WireTag } from './iam-tags.ts';
import { newUniqueId } from './iam-unique-id.ts';
import { checkTrustPolicy } from './policy-documents.ts';
import { roleDetail } from './render-iam.ts';

/** IAM's default for MaxSessionDuration, in seconds (one hour). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export interface RoleNameInput {
  readonly RoleName: string;
}

export interface CreateRoleInput extends RoleNameInput {
  readonly Path?: string;
  readonly AssumeRolePolicyDocument: string;
  readonly Description?: string;
  readonly MaxSessionDuration?: number;
  readonly PermissionsBoundary?: string;
  readonly Tags?: readonly WireTag[];
}

/** A permissions boundary must be an existing managed policy of this account. */
export async function boundaryAttachment(ctx: OperationContext, arn: string): Promise<PolicyAttachment> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, arn, policyNotAttachable);
  return { policyArn: policy.arn, policyId: policy.policyId };
}

export async function createRole(input: CreateRoleInput, ctx: OperationContext): Promise<object> {
  checkTrustPolicy(input.AssumeRolePolicyDocument);
  const boundary =
    input.PermissionsBoundary === undefined
      ? undefined
      : await boundaryAttachment(ctx, input.PermissionsBoundary);
  const path = input.Path ?? '/';
  const record: RoleRecord = {
    id: entityId(input.RoleName),
    roleId: newUniqueId('AROA', ctx.newId),
    roleName: input.RoleName,
    path,
    arn: roleArn(ctx.location, path, input.RoleName),
    assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    ...(input.Description === undefined ? {} : { description: input.Description }),
    maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary }),
    inlinePolicies: [],
    attachedPolicies: [],
    tags: initialTags(input.Tags, 'TagsPerRole'),
    createDate: isoTime(ctx.now),
  };
  try {
    await ctx.store.roles.insert(record);
  } catch (error) {
    if (error instanceof DuplicateIdError) throw roleExists(input.RoleName);
    throw error;
  }
  return { Role: roleDetail(record, 'create') };
}

export async function getRole(input: RoleNameInput, ctx: OperationContext): Promise<object> {
  return { Role: roleDetail(await requireRole(ctx.store, input.RoleName), 'get') };
}

export interface ListRolesInput extends MarkerInput {
  readonly PathPrefix?: string;
}

export async function listRoles(input: ListRolesInput, ctx: OperationContext): Promise<object> {
  const prefix = input.PathPrefix ?? '/';
  const page = await pageOfCollection(
    (p) => ctx.store.roles.list(p),
    (r) => r.path.startsWith(prefix),
    input,
  );
  return { Roles: page.items.map((r) => roleDetail(r, 'list')), ...truncation(page) };
}

/** Atomically changes a role; NoSuchEntity when there is none. */
export async function changeRole(
  ctx: OperationContext,
  roleName: string,
  change: (current: RoleRecord) => RoleRecord,
): Promise<RoleRecord> {
  const updated = await ctx.store.roles.update(entityId(roleName), change);
  if (updated === undefined) throw noSuchRole(roleName);
  return updated;
}

export interface UpdateRoleInput extends RoleNameInput {
  readonly Description?: string;
  readonly MaxSessionDuration?: number;
}

export async function updateRole(input: UpdateRoleInput, ctx: OperationContext): Promise<object> {
  await changeRole(ctx, input.RoleName, (role) => ({
    ...role,
    ...(input.Description === undefined ? {} : { description: input.Description }),
    ...(input.MaxSessionDuration === undefined ? {} : { maxSessionDuration: input.MaxSessionDuration }),
  }));
  return {};
}

export interface UpdateRoleDescriptionInput extends RoleNameInput {
  readonly Description: string;
}

export async function updateRoleDescription(
  input: UpdateRoleDescriptionInput,
  ctx: OperationContext,
): Promise<object> {
  const role = await changeRole(ctx, input.RoleName, (r) => ({ ...r, description: input.Description }));
  return { Role: roleDetail(role, 'get') };
}

/**
 * IAM refuses to delete a role that still has policies ("Cannot delete entity, must detach all
 * policies first." / "… must delete policies first."); a permissions boundary is refused the
 * same way, so that nothing a role referenced disappears with it unnoticed.
 */
export async function deleteRole(input: RoleNameInput, ctx: OperationContext): Promise<object> {
  const role = await requireRole(ctx.store, input.RoleName);
  if (role.attachedPolicies.length > 0) {
    throw deleteConflict('Cannot delete entity, must detach all policies first.');
  }
  if (role.inlinePolicies.length > 0)
    throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (role.permissionsBoundary !== undefined) {
    throw deleteConflict('Cannot delete entity, must delete the permissions boundary first.');
  }
  if ((await ctx.store.roles.delete(role.id)) === undefined) throw noSuchRole(input.RoleName);
  return {};
}

export interface UpdateAssumeRolePolicyInput extends RoleNameInput {
  readonly PolicyDocument: string;
}

export async function updateAssumeRolePolicy(
  input: UpdateAssumeRolePolicyInput,
  ctx: OperationContext,
): Promise<object> {
  checkTrustPolicy(input.PolicyDocument);
  await changeRole(ctx, input.RoleName, (r) => ({ ...r, assumeRolePolicyDocument: input.PolicyDocument }));
  return {};
}
