/** The STS 2011-06-15 operations Anchorage serves, by model name, with the action each performs. */
import { type QueryOperationTable, queryOperation } from '../query/query-operation.ts';
import { getCallerIdentity } from './get-caller-identity.ts';

export const STS_OPERATIONS: QueryOperationTable = {
  // GetCallerIdentity needs no permission (STS API Reference: "No permissions are required").
  GetCallerIdentity: queryOperation('sts:GetCallerIdentity', getCallerIdentity, () => '*'),
};
