/**
 * Stored shapes of IAM roles and managed policies, and of the key ring that seals temporary
 * credentials. Field names follow the IAM wire shapes (`Role`, `Policy`, `PolicyVersion`) in
 * camelCase. Policy documents are kept as the JSON text the caller sent (IAM returns them
 * URL-encoded, as given).
 */

export interface IamTag {
  readonly key: string;
  readonly value: string;
}

export interface InlinePolicy {
  readonly name: string;
  readonly document: string;
}

/**
 * A managed policy attached to a role. The policy id pins the attachment to the policy that
 * existed when it was made: a policy deleted and created again under the same name is a new
 * policy and does not inherit old attachments.
 */
export interface PolicyAttachment {
  readonly policyArn: string;
  readonly policyId: string;
}

export interface RoleRecord {
  /** The role name lower-cased: IAM role names are unique regardless of case. */
  readonly id: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly path: string;
  readonly arn: string;
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly permissionsBoundary?: PolicyAttachment;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly PolicyAttachment[];
  readonly tags: readonly IamTag[];
  readonly createDate: string;
  readonly roleLastUsed?: { readonly lastUsedDate: string; readonly region: string };
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: string;
}

export interface ManagedPolicyRecord {
  /** The policy name lower-cased: managed policy names are unique in an account regardless of case. */
  readonly id: string;
  readonly policyId: string;
  readonly policyName: string;
  readonly path: string;
  readonly arn: string;
  readonly description?: string;
  readonly defaultVersionId: string;
  /** At most five versions are kept, as in IAM. */
  readonly versions: readonly PolicyVersion[];
  /** The number the next version gets (`v<n>`); versions are never renumbered. */
  readonly nextVersion: number;
  readonly tags: readonly IamTag[];
  readonly createDate: string;
  readonly updateDate: string;
}

/** One key of the ring that seals session tokens. */
export interface TokenKeyRecord {
  /** Short id carried in every token sealed with this key. */
  readonly id: string;
  /** The 32-byte key, sealed with the data key. */
  readonly sealedKey: string;
  readonly createdAt: string;
  /** New tokens are sealed with the newest active key; retired keys only open tokens. */
  readonly status: 'active' | 'retired';
}
