/**
 * What a query-protocol API (IAM, STS) serves: its model and, per operation, the handler plus
 * the IAM action and resource ARN the operation acts on. The action and resource are what an
 * authoriser asks the policy engine about before a non-administrator caller may run it
 * ("may this principal do iam:GetRole on arn:aws:iam::123456789012:role/app/web?").
 */
import type { ApiModel } from '@anchorage/core/api-model/types';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import { type OperationContext, type OperationHandler, operation } from '../control-plane/context.ts';

/** What resolving a resource ARN may consult: IAM ARNs carry the role's or policy's path, which only the store knows. */
export interface ResourceScope {
  readonly store: Store;
  readonly location: ServiceLocation;
}

export interface QueryOperation {
  readonly handler: OperationHandler;
  /** `service:Operation`, e.g. `iam:CreateRole`. */
  readonly action: string;
  /** The ARN of the resource acted on, `*` for actions without a resource; from validated input. */
  readonly resource: (input: Readonly<Record<string, unknown>>, scope: ResourceScope) => Promise<string>;
  /**
   * Who authorises a non-administrator caller: the pipeline, before the handler runs (the
   * default); the handler itself (`in-handler`, for AssumeRole, which also weighs the role's trust
   * policy); or nobody (`never`, for GetCallerIdentity, which needs no permission).
   */
  readonly authorize: 'pipeline' | 'in-handler' | 'never';
}

export type QueryOperationTable = Readonly<Record<string, QueryOperation>>;

export interface QueryService {
  readonly model: ApiModel;
  readonly operations: QueryOperationTable;
}

/**
 * Declares one operation over its typed input. Like `operation<I>()`, the casts are sound because
 * the query adapter calls both functions only with input that passed `validateInput`.
 */
export function queryOperation<I>(
  action: string,
  handler: (input: I, ctx: OperationContext) => Promise<object>,
  resource: (input: I, scope: ResourceScope) => string | Promise<string>,
  options: { authorize?: QueryOperation['authorize'] } = {},
): QueryOperation {
  return {
    action,
    authorize: options.authorize ?? 'pipeline',
    handler: operation<I>(handler),
    resource: async (input, scope) => resource(input as I, scope),
  };
}
