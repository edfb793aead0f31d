/**
 * Finding the role or managed policy an IAM request names. Role names and policy names are
 * unique regardless of case (IAM User Guide "IAM identifiers": "names are not distinguished by
 * case"), so records are keyed by the lower-cased name; a policy ARN must match the stored one
 * exactly, path included.
 */
import type { AnchorageError } from '@anchorage/core/errors';
import type { ManagedPolicyRecord, RoleRecord } from '@anchorage/core/iam/records';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import { isLocalIamArn, parseIamArn, roleArn } from './iam-arns.ts';
import { invalidArn, noSuchPolicy, noSuchRole } from './iam-errors.ts';

export function entityId(name: string): string {
  return name.toLowerCase();
}

export async function requireRole(store: Store, roleName: string): Promise<RoleRecord> {
  const role = await store.roles.get(entityId(roleName));
  if (role === undefined) throw noSuchRole(roleName);
  return role;
}

/**
 * The managed policy an ARN names. A string that is no policy ARN is `InvalidInput`; a policy
 * ARN of another account, an AWS managed policy (we hold none) or an unknown one is `missing`.
 */
export async function requireManagedPolicy(
  store: Store,
  location: ServiceLocation,
  arn: string,
  missing: (arn: string) => AnchorageError = noSuchPolicy,
): Promise<ManagedPolicyRecord> {
  const parsed = parseIamArn(arn);
  if (parsed === undefined || parsed.type !== 'policy') throw invalidArn(arn);
  if (!isLocalIamArn(parsed, location)) throw missing(arn);
  const policy = await store.managedPolicies.get(entityId(parsed.name));
  if (policy === undefined || policy.arn !== arn) throw missing(arn);
  return policy;
}

/** The ARN of a role for authorisation: with its stored path, or `/` when there is no such role yet. */
export async function roleResource(
  store: Store,
  location: ServiceLocation,
  roleName: string,
): Promise<string> {
  const role = await store.roles.get(entityId(roleName));
  return role?.arn ?? roleArn(location, '/', roleName);
}
