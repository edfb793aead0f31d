/** CreatePolicy, GetPolicy, DeletePolicy, ListPolicies: customer managed policies. */
import type { ManagedPolicyRecord } from '@anchorage/core/iam/records';
import { DuplicateIdError } from '@anchorage/store/port';
import { isoTime, type OperationContext } from '../control-plane/context.ts';
import { managedPolicyArn } from './iam-arns.ts';
import { deleteConflict, noSuchPolicy, policyExists } from './iam-errors.ts';
import { entityId, requireManagedPolicy } from './iam-lookup.ts';
import { type MarkerInput, pageOfCollection, truncation } from './iam-pagination.ts';
import { initialTags, type WireTag } from './iam-tags.ts';
import { newUniqueId } from './iam-unique-id.ts';
import { checkManagedPolicy } from './policy-documents.ts';
import { policyUsageById, UNUSED } from './policy-usage.ts';
import { policyDetail } from './render-iam.ts';

export interface PolicyArnInput {
  readonly PolicyArn: string;
}

export interface CreatePolicyInput {
  readonly PolicyName: string;
  readonly Path?: string;
  readonly PolicyDocument: string;
  readonly Description?: string;
  readonly Tags?: readonly WireTag[];
}

export async function createPolicy(input: CreatePolicyInput, ctx: OperationContext): Promise<object> {
  checkManagedPolicy(input.PolicyDocument);
  const path = input.Path ?? '/';
  const now = isoTime(ctx.now);
  const record: ManagedPolicyRecord = {
    id: entityId(input.PolicyName),
    policyId: newUniqueId('ANPA', ctx.newId),
    policyName: input.PolicyName,
    path,
    arn: managedPolicyArn(ctx.location, path, input.PolicyName),
    ...(input.Description === undefined ? {} : { description: input.Description }),
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: input.PolicyDocument, createDate: now }],
    nextVersion: 2,
    tags: initialTags(input.Tags, 'TagsPerPolicy'),
    createDate: now,
    updateDate: now,
  };
  try {
    await ctx.store.managedPolicies.insert(record);
  } catch (error) {
    if (error instanceof DuplicateIdError) throw policyExists(input.PolicyName);
    throw error;
  }
  return { Policy: policyDetail(record, UNUSED, 'create') };
}

export async function getPolicy(input: PolicyArnInput, ctx: OperationContext): Promise<object> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, input.PolicyArn);
  const usage = (await policyUsageById(ctx.store)).get(policy.policyId) ?? UNUSED;
  return { Policy: policyDetail(policy, usage, 'get') };
}

/**
 * IAM refuses to delete a policy still in use ("Cannot delete a policy attached to entities.") —
 * we count a permissions boundary as a use too — and one with versions besides the default.
 */
export async function deletePolicy(input: PolicyArnInput, ctx: OperationContext): Promise<object> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, input.PolicyArn);
  const usage = (await policyUsageById(ctx.store)).get(policy.policyId) ?? UNUSED;
  if (usage.attachments > 0 || usage.boundaries > 0) {
    throw deleteConflict('Cannot delete a policy attached to entities.');
  }
  if (policy.versions.length > 1) {
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. " +
        'The default version is deleted with the policy.',
    );
  }
  const deleted = await ctx.store.managedPolicies.delete(policy.id);
  if (deleted === undefined) throw noSuchPolicy(input.PolicyArn);
  return {};
}

export interface ListPoliciesInput extends MarkerInput {
  readonly Scope?: 'All' | 'AWS' | 'Local';
  readonly OnlyAttached?: boolean;
  readonly PathPrefix?: string;
  readonly PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

/**
 * Only customer managed policies exist here, so Scope AWS lists nothing. PolicyUsageFilter keeps
 * the policies in use that way: attached as a permissions policy, or set as a permissions boundary.
 */
export async function listPolicies(input: ListPoliciesInput, ctx: OperationContext): Promise<object> {
  if (input.Scope === 'AWS') return { Policies: [], IsTruncated: false };
  const usage = await policyUsageById(ctx.store);
  const prefix = input.PathPrefix ?? '/';
  const keep = (p: ManagedPolicyRecord): boolean => {
    const used = usage.get(p.policyId) ?? UNUSED;
    if (!p.path.startsWith(prefix)) return false;
    if (input.OnlyAttached === true && used.attachments === 0) return false;
    if (input.PolicyUsageFilter === 'PermissionsPolicy' && used.attachments === 0) return false;
    if (input.PolicyUsageFilter === 'PermissionsBoundary' && used.boundaries === 0) return false;
    return true;
  };
  const page = await pageOfCollection((p) => ctx.store.managedPolicies.list(p), keep, input);
  return {
    Policies: page.items.map((p) => policyDetail(p, usage.get(p.policyId) ?? UNUSED, 'list')),
    ...truncation(page),
  };
}
