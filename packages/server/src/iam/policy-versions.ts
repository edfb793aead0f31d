/**
 * CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
 * SetDefaultPolicyVersion. A managed policy keeps at most five versions (IAM User Guide
 * "Versioning IAM policies"); version ids are never reused; the default version cannot be
 * deleted. UpdateDate is when the newest version was created (IAM API Reference, Policy).
 */

import { AnchorageError } from '@anchorage/core/errors';
import type { ManagedPolicyRecord, PolicyVersion } from '@anchorage/core/iam/records';
import { isoTime, type OperationContext } from '../control-plane/context.ts';
import { deleteConflict, noSuchPolicy, noSuchPolicyVersion } from './iam-errors.ts';
import { requireManagedPolicy } from './iam-lookup.ts';
import { type MarkerInput, pageOfList, truncation } from './iam-pagination.ts';
import type { PolicyArnInput } from './managed-policies.ts';
import { checkManagedPolicy } from './policy-documents.ts';
import { policyVersionDetail } from './render-iam.ts';

export const MAX_POLICY_VERSIONS = 5;

/**
 * Atomically changes the policy the ARN names. The id check refuses a policy deleted and created
 * again under the same name between the lookup and the change.
 */
async function changePolicy(
  ctx: OperationContext,
  arn: string,
  change: (current: ManagedPolicyRecord) => ManagedPolicyRecord,
): Promise<ManagedPolicyRecord> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, arn);
  const updated = await ctx.store.managedPolicies.update(policy.id, (current) => {
    if (current.policyId !== policy.policyId) throw noSuchPolicy(arn);
    return change(current);
  });
  if (updated === undefined) throw noSuchPolicy(arn);
  return updated;
}

function requireVersion(policy: ManagedPolicyRecord, arn: string, versionId: string): PolicyVersion {
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (version === undefined) throw noSuchPolicyVersion(arn, versionId);
  return version;
}

export interface CreatePolicyVersionInput extends PolicyArnInput {
  readonly PolicyDocument: string;
  readonly SetAsDefault?: boolean;
}

export async function createPolicyVersion(
  input: CreatePolicyVersionInput,
  ctx: OperationContext,
): Promise<object> {
  checkManagedPolicy(input.PolicyDocument);
  const now = isoTime(ctx.now);
  const policy = await changePolicy(ctx, input.PolicyArn, (current) => {
    if (current.versions.length >= MAX_POLICY_VERSIONS) {
      throw new AnchorageError(
        'LimitExceeded',
        `A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. ` +
          'Before you create a new version, you must delete an existing version.',
      );
    }
    const created = { versionId: `v${current.nextVersion}`, document: input.PolicyDocument, createDate: now };
    return {
      ...current,
      versions: [...current.versions, created],
      nextVersion: current.nextVersion + 1,
      ...(input.SetAsDefault === true ? { defaultVersionId: created.versionId } : {}),
      updateDate: now,
    };
  });
  // The new version is the last one: versions are only ever appended.
  const created = policy.versions.at(-1);
  if (created === undefined) throw new TypeError('a policy without versions');
  return { PolicyVersion: policyVersionDetail(policy, created, false) };
}

export interface PolicyVersionInput extends PolicyArnInput {
  readonly VersionId: string;
}

export async function getPolicyVersion(input: PolicyVersionInput, ctx: OperationContext): Promise<object> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, input.PolicyArn);
  const version = requireVersion(policy, input.PolicyArn, input.VersionId);
  return { PolicyVersion: policyVersionDetail(policy, version, true) };
}

export interface ListPolicyVersionsInput extends PolicyArnInput, MarkerInput {}

/** Newest first, as IAM lists them. */
export async function listPolicyVersions(
  input: ListPolicyVersionsInput,
  ctx: OperationContext,
): Promise<object> {
  const policy = await requireManagedPolicy(ctx.store, ctx.location, input.PolicyArn);
  const versions = [...policy.versions].reverse().map((v) => policyVersionDetail(policy, v, false));
  const page = pageOfList(versions, input);
  return { Versions: page.items, ...truncation(page) };
}

export async function deletePolicyVersion(input: PolicyVersionInput, ctx: OperationContext): Promise<object> {
  await changePolicy(ctx, input.PolicyArn, (current) => {
    requireVersion(current, input.PolicyArn, input.VersionId);
    if (current.defaultVersionId === input.VersionId) {
      throw deleteConflict('Cannot delete the default version of a policy.');
    }
    return { ...current, versions: current.versions.filter((v) => v.versionId !== input.VersionId) };
  });
  return {};
}

export async function setDefaultPolicyVersion(
  input: PolicyVersionInput,
  ctx: OperationContext,
): Promise<object> {
  await changePolicy(ctx, input.PolicyArn, (current) => {
    requireVersion(current, input.PolicyArn, input.VersionId);
    return { ...current, defaultVersionId: input.VersionId };
  });
  return {};
}
