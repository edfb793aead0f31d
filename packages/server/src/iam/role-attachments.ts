/**
 * AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies, PutRolePermissionsBoundary,
 * DeleteRolePermissionsBoundary: managed policies a role uses. An attachment records the policy's
 * id as well as its ARN, so a policy deleted and created again under the same name is not
 * silently attached. At most 10 managed policies per role (IAM's default quota).
 */
import type { RoleRecord } from '@anchorage/core/iam/records';
import type { OperationContext } from '../control-plane/context.ts';
import { parseIamArn } from './iam-arns.ts';
import { invalidArn, noSuchPolicy, policyNotAttachable, quotaExceeded } from './iam-errors.ts';
import { requireManagedPolicy, requireRole } from './iam-lookup.ts';
import { type MarkerInput, pageOfList, truncation } from './iam-pagination.ts';
import { boundaryAttachment, changeRole, type RoleNameInput } from './roles.ts';

export const MAX_MANAGED_POLICIES_PER_ROLE = 10;

export interface RolePolicyArnInput extends RoleNameInput {
  readonly PolicyArn: string;
}

/** Attaching a policy that is already attached changes nothing, as in IAM. */
export async function attachRolePolicy(input: RolePolicyArnInput, ctx: OperationContext): Promise<object> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, input.PolicyArn, policyNotAttachable);
  await changeRole(ctx, input.RoleName, (r) => {
    if (r.attachedPolicies.some((a) => a.policyId === policy.policyId)) return r;
    // An attachment left by an earlier policy of the same ARN gives way to the current policy.
    const others = r.attachedPolicies.filter((a) => a.policyArn !== policy.arn);
    if (others.length >= MAX_MANAGED_POLICIES_PER_ROLE) {
      throw quotaExceeded('PoliciesPerRole', MAX_MANAGED_POLICIES_PER_ROLE);
    }
    return { ...r, attachedPolicies: [...others, { policyArn: policy.arn, policyId: policy.policyId }] };
  });
  return {};
}

export async function detachRolePolicy(input: RolePolicyArnInput, ctx: OperationContext): Promise<object> {
  if (parseIamArn(input.PolicyArn)?.type !== 'policy') throw invalidArn(input.PolicyArn);
  await changeRole(ctx, input.RoleName, (r) => {
    const kept = r.attachedPolicies.filter((a) => a.policyArn !== input.PolicyArn);
    if (kept.length === r.attachedPolicies.length) throw noSuchPolicy(input.PolicyArn);
    return { ...r, attachedPolicies: kept };
  });
  return {};
}

export interface ListAttachedRolePoliciesInput extends RoleNameInput, MarkerInput {
  readonly PathPrefix?: string;
}

export async function listAttachedRolePolicies(
  input: ListAttachedRolePoliciesInput,
  ctx: OperationContext,
): Promise<object> {
  const role = await requireRole(ctx.store, input.RoleName);
  const prefix = input.PathPrefix ?? '/';
  const attached = role.attachedPolicies.flatMap((a) => {
    const arn = parseIamArn(a.policyArn);
    return arn?.path.startsWith(prefix) ? [{ PolicyName: arn.name, PolicyArn: a.policyArn }] : [];
  });
  const page = pageOfList(attached, input);
  return { AttachedPolicies: page.items, ...truncation(page) };
}

export interface PutRolePermissionsBoundaryInput extends RoleNameInput {
  readonly PermissionsBoundary: string;
}

export async function putRolePermissionsBoundary(
  input: PutRolePermissionsBoundaryInput,
  ctx: OperationContext,
): Promise<object> {
  const boundary = await boundaryAttachment(ctx, input.PermissionsBoundary);
  await changeRole(ctx, input.RoleName, (r) => ({ ...r, permissionsBoundary: boundary }));
  return {};
}

/** Deleting a boundary the role does not have changes nothing. */
export async function deleteRolePermissionsBoundary(
  input: RoleNameInput,
  ctx: OperationContext,
): Promise<object> {
  await changeRole(ctx, input.RoleName, withoutBoundary);
  return {};
}

function withoutBoundary(role: RoleRecord): RoleRecord {
  const { permissionsBoundary: _removed, ...rest } = role;
  return rest;
}
