/**
 * PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies: the policies embedded in a
 * role. Putting a policy under an existing name replaces it (names compared regardless of case,
 * like every IAM name); all of a role's inline policies together are held to IAM's 10,240-character
 * quota.
 */
import type { OperationContext } from '../control-plane/context.ts';
import { noSuchRolePolicy } from './iam-errors.ts';
import { requireRole } from './iam-lookup.ts';
import { type MarkerInput, pageOfList, truncation } from './iam-pagination.ts';
import { checkInlinePolicy, encodePolicyDocument, putInlinePolicy } from './policy-documents.ts';
import { changeRole, type RoleNameInput } from './roles.ts';

export interface RolePolicyInput extends RoleNameInput {
  readonly PolicyName: string;
}

export interface PutRolePolicyInput extends RolePolicyInput {
  readonly PolicyDocument: string;
}

export async function putRolePolicy(input: PutRolePolicyInput, ctx: OperationContext): Promise<object> {
  checkInlinePolicy(input.RoleName, input.PolicyDocument);
  await changeRole(ctx, input.RoleName, (r) => ({
    ...r,
    inlinePolicies: putInlinePolicy(r.roleName, r.inlinePolicies, {
      name: input.PolicyName,
      document: input.PolicyDocument,
    }),
  }));
  return {};
}

export async function getRolePolicy(input: RolePolicyInput, ctx: OperationContext): Promise<object> {
  const role = await requireRole(ctx.store, input.RoleName);
  const wanted = input.PolicyName.toLowerCase();
  const policy = role.inlinePolicies.find((p) => p.name.toLowerCase() === wanted);
  if (policy === undefined) throw noSuchRolePolicy(input.PolicyName);
  return {
    RoleName: role.roleName,
    PolicyName: policy.name,
    PolicyDocument: encodePolicyDocument(policy.document),
  };
}

export async function deleteRolePolicy(input: RolePolicyInput, ctx: OperationContext): Promise<object> {
  const wanted = input.PolicyName.toLowerCase();
  await changeRole(ctx, input.RoleName, (r) => {
    const kept = r.inlinePolicies.filter((p) => p.name.toLowerCase() !== wanted);
    // Refusing inside the atomic change writes nothing (store contract).
    if (kept.length === r.inlinePolicies.length) throw noSuchRolePolicy(input.PolicyName);
    return { ...r, inlinePolicies: kept };
  });
  return {};
}

export interface ListRolePoliciesInput extends RoleNameInput, MarkerInput {}

export async function listRolePolicies(input: ListRolePoliciesInput, ctx: OperationContext): Promise<object> {
  const role = await requireRole(ctx.store, input.RoleName);
  const names = role.inlinePolicies.map((p) => p.name).sort();
  const page = pageOfList(names, input);
  return { PolicyNames: page.items, ...truncation(page) };
}
