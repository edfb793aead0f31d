/**
 * Stored IAM records → the IAM wire structures `Role` and `Policy`. Which members appear follows
 * the IAM API Reference: ListRoles leaves out PermissionsBoundary, Tags and RoleLastUsed ("this
 * operation does not return" them), GetRole returns RoleLastUsed even when empty; ListPolicies and
 * CreatePolicy leave out the Description ("This element is included in the response to the
 * GetPolicy operation. It is not included in the response to the ListPolicies operation.") and
 * ListPolicies the tags. Documents are returned URL-encoded.
 */
import type { ManagedPolicyRecord, PolicyVersion, RoleRecord } from '@anchorage/core/iam/records';
import { toWireTags } from './iam-tags.ts';
import { encodePolicyDocument } from './policy-documents.ts';

export type RoleView = 'get' | 'create' | 'list';

export function roleDetail(r: RoleRecord, view: RoleView): object {
  const boundary =
    r.permissionsBoundary === undefined || view === 'list'
      ? {}
      : {
          PermissionsBoundary: {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: r.permissionsBoundary.policyArn,
          },
        };
  return {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: r.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(r.assumeRolePolicyDocument),
    ...(r.description === undefined ? {} : { Description: r.description }),
    MaxSessionDuration: r.maxSessionDuration,
    ...boundary,
    ...(view === 'list' || r.tags.length === 0 ? {} : { Tags: toWireTags(r.tags) }),
    ...(view === 'get'
      ? {
          RoleLastUsed:
            r.roleLastUsed === undefined
              ? {}
              : { LastUsedDate: r.roleLastUsed.lastUsedDate, Region: r.roleLastUsed.region },
        }
      : {}),
  };
}

/** How many roles use a managed policy, as a permissions policy and as a permissions boundary. */
export interface PolicyUsage {
  readonly attachments: number;
  readonly boundaries: number;
}

export type PolicyView = 'get' | 'create' | 'list';

export function policyDetail(p: ManagedPolicyRecord, usage: PolicyUsage, view: PolicyView): object {
  return {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    ...(view === 'get' && p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    ...(view === 'list' || p.tags.length === 0 ? {} : { Tags: toWireTags(p.tags) }),
  };
}

/** A `PolicyVersion`; the document only where IAM returns it (GetPolicyVersion). */
export function policyVersionDetail(p: ManagedPolicyRecord, v: PolicyVersion, withDocument: boolean): object {
  return {
    ...(withDocument ? { Document: encodePolicyDocument(v.document) } : {}),
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersionId,
    CreateDate: v.createDate,
  };
}
