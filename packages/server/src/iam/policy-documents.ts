/**
 * Policy documents as IAM takes and returns them. Each is measured against its quota before it is
 * parsed (limits before parsing), then checked with the policy grammar of its kind: a trust policy
 * names a Principal and no Resource; role and managed policies (also when used as a permissions
 * boundary) are identity-based. Sizes are in characters without white space (IAM User Guide "IAM
 * and AWS STS quotas").
 *
 * IAM returns documents URL-encoded ("The policy document returned in this structure is URL-encoded
 * compliant with RFC 3986", IAM API Reference, Role and PolicyVersion); botocore decodes them
 * (handlers.json_decode_policies, which uses `unquote`, so spaces must be `%20`, not `+`).
 */

import { AnchorageError } from '@anchorage/core/errors';
import type { InlinePolicy } from '@anchorage/core/iam/records';
import {
  MANAGED_POLICY_MAX_SIZE,
  parsePolicy,
  policySize,
  ROLE_INLINE_POLICIES_MAX_SIZE,
  ROLE_TRUST_POLICY_MAX_SIZE,
} from '@anchorage/core/policy/parse-policy';
import { quotaExceeded } from './iam-errors.ts';

export function checkTrustPolicy(text: string): void {
  if (policySize(text) > ROLE_TRUST_POLICY_MAX_SIZE) {
    throw quotaExceeded('ACLSizePerRole', ROLE_TRUST_POLICY_MAX_SIZE);
  }
  parsePolicy(text, 'trust');
}

export function checkManagedPolicy(text: string): void {
  if (policySize(text) > MANAGED_POLICY_MAX_SIZE) {
    throw quotaExceeded('PolicySize', MANAGED_POLICY_MAX_SIZE);
  }
  parsePolicy(text, 'identity');
}

/**
 * An inline policy counts against the role's aggregate quota, with the one it replaces left out.
 * Returns the role's policies with this one put in place.
 */
export function putInlinePolicy(
  roleName: string,
  current: readonly InlinePolicy[],
  policy: InlinePolicy,
): InlinePolicy[] {
  const others = current.filter((p) => p.name.toLowerCase() !== policy.name.toLowerCase());
  const total = [...others, policy].reduce((sum, p) => sum + policySize(p.document), 0);
  if (total > ROLE_INLINE_POLICIES_MAX_SIZE) throw inlineQuotaExceeded(roleName);
  const at = current.findIndex((p) => p.name.toLowerCase() === policy.name.toLowerCase());
  if (at === -1) return [...current, policy];
  return current.map((p, i) => (i === at ? policy : p));
}

/** One inline document: refused before parsing when it alone exceeds the role's aggregate quota. */
export function checkInlinePolicy(roleName: string, text: string): void {
  if (policySize(text) > ROLE_INLINE_POLICIES_MAX_SIZE) throw inlineQuotaExceeded(roleName);
  parsePolicy(text, 'identity');
}

function inlineQuotaExceeded(roleName: string): AnchorageError {
  return new AnchorageError(
    'LimitExceeded',
    `Maximum policy size of ${ROLE_INLINE_POLICIES_MAX_SIZE} bytes exceeded for role ${roleName}`,
  );
}

/** RFC 3986 percent-encoding of everything but the unreserved characters. */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
