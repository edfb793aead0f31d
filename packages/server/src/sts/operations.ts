/** The STS 2011-06-15 operations Anchorage serves, by model name, with the action each performs. */
import { type QueryOperationTable, queryOperation } from '../query/query-operation.ts';
import { type AssumeRoleInput, assumeRoleHandler } from './assume-role.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import type { KeyRing } from './key-ring.ts';

export function stsOperations(keyRing: KeyRing): QueryOperationTable {
  return {
    // GetCallerIdentity needs no permission (STS API Reference: "No permissions are required").
    GetCallerIdentity: queryOperation('sts:GetCallerIdentity', getCallerIdentity, () => '*', {
      authorize: 'never',
    }),
    // AssumeRole decides with the role's trust policy as well as the caller's policies: in the handler.
    AssumeRole: queryOperation<AssumeRoleInput>(
      'sts:AssumeRole',
      assumeRoleHandler(keyRing),
      (input) => input.RoleArn,
      {
        authorize: 'in-handler',
      },
    ),
  };
}
