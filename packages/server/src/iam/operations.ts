/**
 * Every IAM 2010-05-08 operation Anchorage serves, by its model name: the handler, and the IAM
 * action and resource ARN it acts on (Service Authorization Reference, "Actions defined by AWS
 * Identity and Access Management": role actions act on the role, policy actions on the policy,
 * ListRoles/ListPolicies and SimulateCustomPolicy on no resource, `*`).
 */
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import { type QueryOperationTable, queryOperation, type ResourceScope } from '../query/query-operation.ts';
import { managedPolicyArn, roleArn } from './iam-arns.ts';
import { roleResource } from './iam-lookup.ts';
import * as managed from './managed-policies.ts';
import * as versions from './policy-versions.ts';
import * as attachments from './role-attachments.ts';
import * as inline from './role-inline-policies.ts';
import * as tags from './role-tags.ts';
import * as roles from './roles.ts';
import * as simulator from './simulate.ts';

/** The role a request names, with its stored path. */
const role = (input: roles.RoleNameInput, scope: ResourceScope) =>
  roleResource(scope.store, scope.location, input.RoleName);
/** The managed policy a request names: its ARN as given. */
const policy = (input: managed.PolicyArnInput) => input.PolicyArn;
const anything = () => '*';

const newRole = (input: roles.CreateRoleInput, scope: { location: ServiceLocation }) =>
  roleArn(scope.location, input.Path ?? '/', input.RoleName);
const newPolicy = (input: managed.CreatePolicyInput, scope: { location: ServiceLocation }) =>
  managedPolicyArn(scope.location, input.Path ?? '/', input.PolicyName);

export const IAM_OPERATIONS: QueryOperationTable = {
  CreateRole: queryOperation('iam:CreateRole', roles.createRole, newRole),
  GetRole: queryOperation('iam:GetRole', roles.getRole, role),
  ListRoles: queryOperation('iam:ListRoles', roles.listRoles, anything),
  UpdateRole: queryOperation('iam:UpdateRole', roles.updateRole, role),
  UpdateRoleDescription: queryOperation('iam:UpdateRoleDescription', roles.updateRoleDescription, role),
  DeleteRole: queryOperation('iam:DeleteRole', roles.deleteRole, role),
  UpdateAssumeRolePolicy: queryOperation('iam:UpdateAssumeRolePolicy', roles.updateAssumeRolePolicy, role),
  TagRole: queryOperation('iam:TagRole', tags.tagRole, role),
  UntagRole: queryOperation('iam:UntagRole', tags.untagRole, role),
  ListRoleTags: queryOperation('iam:ListRoleTags', tags.listRoleTags, role),
  PutRolePolicy: queryOperation('iam:PutRolePolicy', inline.putRolePolicy, role),
  GetRolePolicy: queryOperation('iam:GetRolePolicy', inline.getRolePolicy, role),
  DeleteRolePolicy: queryOperation('iam:DeleteRolePolicy', inline.deleteRolePolicy, role),
  ListRolePolicies: queryOperation('iam:ListRolePolicies', inline.listRolePolicies, role),
  CreatePolicy: queryOperation('iam:CreatePolicy', managed.createPolicy, newPolicy),
  GetPolicy: queryOperation('iam:GetPolicy', managed.getPolicy, policy),
  DeletePolicy: queryOperation('iam:DeletePolicy', managed.deletePolicy, policy),
  ListPolicies: queryOperation('iam:ListPolicies', managed.listPolicies, anything),
  CreatePolicyVersion: queryOperation('iam:CreatePolicyVersion', versions.createPolicyVersion, policy),
  GetPolicyVersion: queryOperation('iam:GetPolicyVersion', versions.getPolicyVersion, policy),
  ListPolicyVersions: queryOperation('iam:ListPolicyVersions', versions.listPolicyVersions, policy),
  DeletePolicyVersion: queryOperation('iam:DeletePolicyVersion', versions.deletePolicyVersion, policy),
  SetDefaultPolicyVersion: queryOperation(
    'iam:SetDefaultPolicyVersion',
    versions.setDefaultPolicyVersion,
    policy,
  ),
  AttachRolePolicy: queryOperation('iam:AttachRolePolicy', attachments.attachRolePolicy, role),
  DetachRolePolicy: queryOperation('iam:DetachRolePolicy', attachments.detachRolePolicy, role),
  ListAttachedRolePolicies: queryOperation(
    'iam:ListAttachedRolePolicies',
    attachments.listAttachedRolePolicies,
    role,
  ),
  PutRolePermissionsBoundary: queryOperation(
    'iam:PutRolePermissionsBoundary',
    attachments.putRolePermissionsBoundary,
    role,
  ),
  DeleteRolePermissionsBoundary: queryOperation(
    'iam:DeleteRolePermissionsBoundary',
    attachments.deleteRolePermissionsBoundary,
    role,
  ),
  SimulatePrincipalPolicy: queryOperation(
    'iam:SimulatePrincipalPolicy',
    simulator.simulatePrincipalPolicy,
    (input: simulator.SimulatePrincipalPolicyInput) => input.PolicySourceArn,
  ),
  SimulateCustomPolicy: queryOperation('iam:SimulateCustomPolicy', simulator.simulateCustomPolicy, anything),
};
