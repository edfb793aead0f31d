/**
 * IAM's refusals, worded as IAM words them (observed responses of the IAM API; where IAM's exact
 * wording is not known the message follows the same style), so that scripts matching on
 * messages and people reading CLI output see what AWS would show.
 */
import { AnchorageError } from '@anchorage/core/errors';

export function noSuchRole(name: string): AnchorageError {
  return new AnchorageError('NoSuchEntity', `The role with name ${name} cannot be found.`);
}

export function roleExists(name: string): AnchorageError {
  return new AnchorageError('EntityAlreadyExists', `Role with name ${name} already exists.`);
}

export function noSuchRolePolicy(policyName: string): AnchorageError {
  return new AnchorageError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
}

export function noSuchPolicy(arn: string): AnchorageError {
  return new AnchorageError('NoSuchEntity', `Policy ${arn} was not found.`);
}

/** For attaching (or using as a boundary) a policy that is not there. */
export function policyNotAttachable(arn: string): AnchorageError {
  return new AnchorageError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

export function noSuchPolicyVersion(arn: string, versionId: string): AnchorageError {
  return new AnchorageError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist.`);
}

export function policyExists(name: string): AnchorageError {
  return new AnchorageError(
    'EntityAlreadyExists',
    `A policy called ${name} already exists. Duplicate names are not allowed.`,
  );
}

export function invalidArn(arn: string): AnchorageError {
  return new AnchorageError('InvalidInput', `ARN ${arn} is not valid.`);
}

/** IAM states exceeded quotas by their quota name: "Cannot exceed quota for PoliciesPerRole: 10". */
export function quotaExceeded(quota: string, limit: number): AnchorageError {
  return new AnchorageError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`);
}

export function deleteConflict(message: string): AnchorageError {
  return new AnchorageError('DeleteConflict', message);
}
