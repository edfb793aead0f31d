/**
 * IAM's size limits on policy documents, in characters not counting white space (IAM User Guide
 * "IAM and AWS STS quotas": "IAM doesn't count white space when calculating the size of a policy
 * against these limits"). The parser does not enforce them: each caller refuses with the error
 * its API uses (LimitExceeded, PackedPolicyTooLarge, ValidationException…), measuring with
 * `policySize`.
 */

/** A customer managed policy. */
export const MANAGED_POLICY_MAX_SIZE = 6_144;
/** A role trust policy (the default quota; AWS can raise it to 4,096 on request). */
export const ROLE_TRUST_POLICY_MAX_SIZE = 2_048;
/** All inline policies of one role together. */
export const ROLE_INLINE_POLICIES_MAX_SIZE = 10_240;
/** An inline session policy passed to AssumeRole or held by a profile. */
export const SESSION_POLICY_MAX_SIZE = 2_048;

/** Characters of `text` that are not white space: the size IAM's limits are stated in. */
export function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}
