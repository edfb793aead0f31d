/**
 * The policies that apply to a role, parsed for the policy engine: its inline policies, the
 * default versions of its attached managed policies, and its permissions boundary. An attachment
 * whose policy is gone or was re-created under the same name (another policy id) is skipped.
 * Each policy carries how the simulator names it (IAM API Reference, Statement: SourcePolicyId,
 * SourcePolicyType `role` for inline role policies, `user-managed` for customer managed ones).
 */
import type { ManagedPolicyRecord, PolicyAttachment, RoleRecord } from '@anchorage/core/iam/records';
import type { NamedPolicy } from '@anchorage/core/policy/types';
import type { Store } from '@anchorage/store/port';
import { parsePolicyCached } from '../authz/policy-cache.ts';
import { parseIamArn } from './iam-arns.ts';
import { entityId } from './iam-lookup.ts';

/** How the simulator reports a policy's statements. */
export interface PolicySource {
  readonly sourcePolicyId: string;
  readonly sourcePolicyType?: 'role' | 'user-managed' | 'resource';
}

export interface SourcedPolicy {
  readonly named: NamedPolicy;
  readonly source: PolicySource;
}

export interface RolePolicies {
  readonly identity: readonly SourcedPolicy[];
  readonly boundary?: SourcedPolicy;
}

export async function rolePolicies(store: Store, role: RoleRecord): Promise<RolePolicies> {
  const identity: SourcedPolicy[] = role.inlinePolicies.map((p) => ({
    named: { id: `inline:${p.name}`, policy: parsePolicyCached(p.document, 'identity') },
    source: { sourcePolicyId: p.name, sourcePolicyType: 'role' },
  }));
  for (const attachment of role.attachedPolicies) {
    const managed = await attachedPolicy(store, attachment);
    if (managed !== undefined) identity.push(managed);
  }
  const boundary =
    role.permissionsBoundary === undefined
      ? undefined
      : await attachedPolicy(store, role.permissionsBoundary, 'boundary');
  return { identity, ...(boundary === undefined ? {} : { boundary }) };
}

async function attachedPolicy(
  store: Store,
  attachment: PolicyAttachment,
  kind: 'identity' | 'boundary' = 'identity',
): Promise<SourcedPolicy | undefined> {
  const name = parseIamArn(attachment.policyArn)?.name;
  if (name === undefined) return undefined;
  const policy: ManagedPolicyRecord | undefined = await store.managedPolicies.get(entityId(name));
  if (policy === undefined || policy.policyId !== attachment.policyId) return undefined;
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
  if (version === undefined) return undefined;
  return {
    named: { id: `managed:${policy.arn}`, policy: parsePolicyCached(version.document, kind) },
    source: { sourcePolicyId: policy.policyName, sourcePolicyType: 'user-managed' },
  };
}
