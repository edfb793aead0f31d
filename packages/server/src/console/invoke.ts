/**
 * The console's bridge to the APIs: runs a named operation of a service for the signed-in caller
 * through the very handlers, input validation and authorisation the HTTP APIs use
 * (`handle-request.ts`, `json-rpc.ts`, the query adapter): validate the input against the API
 * model → authorise the operation's action on its resource with the policy engine → run the
 * handler. Only the wire is skipped: no signature (the session stands for it), no serialisation.
 * So a role session signed in to the console can do exactly what its policies allow. Each call,
 * and each permission checked, is an audit record on channel `console` (audit/console-call.ts).
 */
import type { ApiModel } from '@anchorage/core/api-model/types';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import { recordConsoleCall } from '../audit/console-call.ts';
import { createdResources } from '../audit/created-resources.ts';
import type { RequestAudit } from '../audit/request-audit.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import type { Caller, OperationContext, OperationHandler } from '../control-plane/context.ts';
import { rolesAnywhereResource } from '../control-plane/resources.ts';
import type { JsonRpcService } from '../http/json-rpc.ts';
import type { QueryService } from '../query/query-operation.ts';
import type { QueryServiceName } from '../query/select-query-service.ts';

export type ConsoleService = 'rolesanywhere' | 'iam' | 'sts' | 'acm-pca';

export type OperationOutput = Record<string, unknown>;

export interface InvokeDeps {
  readonly store: Store;
  /** The Roles Anywhere control plane (restJson1). */
  readonly model: ApiModel;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly queryServices: Readonly<Record<QueryServiceName, QueryService>>;
  readonly acmPca: JsonRpcService;
  readonly authorizer: Authorizer;
  readonly location: ServiceLocation;
  readonly newId: () => string;
}

/** Who acts, and the request facts that policy conditions read (aws:SourceIp, …). */
export interface Acting {
  readonly caller: Caller;
  readonly facts: RequestFacts;
  readonly now: number;
  /** The console request's audit trail: each call and permission check is recorded there. */
  readonly audit?: RequestAudit;
}

export interface Invoker {
  invoke(
    service: ConsoleService,
    operation: string,
    input: Readonly<Record<string, unknown>>,
    acting: Acting,
  ): Promise<OperationOutput>;
  /** Whether the caller may do `action` on `resource` (for what the console reads without an operation). */
  allowed(action: string, resource: string, acting: Acting): Promise<boolean>;
}

interface Resolved {
  readonly model: ApiModel;
  readonly inputShape: string | undefined;
  readonly handler: OperationHandler;
  /** The action and resource to authorise, or undefined when the handler authorises (AssumeRole) or none is needed. */
  readonly authorization: (input: Readonly<Record<string, unknown>>) => Promise<[string, string] | undefined>;
}

export function createInvoker(deps: InvokeDeps): Invoker {
  const resolve = (service: ConsoleService, name: string): Resolved => {
    switch (service) {
      case 'rolesanywhere': {
        const handler = deps.operations[name];
        const model = deps.model.operations[name];
        if (handler === undefined || model === undefined)
          throw new TypeError(`no operation ${service}:${name}`);
        return {
          model: deps.model,
          inputShape: model.input,
          handler,
          authorization: async (input) => [
            `rolesanywhere:${name}`,
            rolesAnywhereResource(input, deps.location),
          ],
        };
      }
      case 'iam':
      case 'sts': {
        const { model, operations } = deps.queryServices[service];
        const operation = operations[name];
        const shape = model.operations[name];
        if (operation === undefined || shape === undefined)
          throw new TypeError(`no operation ${service}:${name}`);
        return {
          model,
          inputShape: shape.input,
          handler: operation.handler,
          authorization: async (input) =>
            operation.authorize === 'pipeline'
              ? [
                  operation.action,
                  await operation.resource(input, { store: deps.store, location: deps.location }),
                ]
              : undefined,
        };
      }
      case 'acm-pca': {
        const operation = deps.acmPca.operations[name];
        const shape = deps.acmPca.model.operations[name];
        if (operation === undefined || shape === undefined)
          throw new TypeError(`no operation ${service}:${name}`);
        return {
          model: deps.acmPca.model,
          inputShape: shape.input,
          handler: operation.handler,
          authorization: async (input) => [operation.action, operation.resource(input)],
        };
      }
    }
  };

  return {
    invoke(service, name, input, acting) {
      return recordConsoleCall(acting.audit, acting.caller, `${service}:${name}`, async (notes) => {
        const resolved = resolve(service, name);
        if (resolved.inputShape !== undefined) validateInput(resolved.model, resolved.inputShape, input);
        const authorization = await resolved.authorization(input);
        if (authorization !== undefined) {
          await deps.authorizer.authorize(acting.caller, authorization[0], authorization[1], acting.facts);
        }
        const ctx: OperationContext = {
          store: deps.store,
          location: deps.location,
          caller: acting.caller,
          now: acting.now,
          newId: deps.newId,
          trace: notes.detail,
        };
        const output = (await resolved.handler(input, ctx)) as OperationOutput;
        notes.created.push(...createdResources(name, output));
        return output;
      });
    },
    allowed(action, resource, acting) {
      return recordConsoleCall(
        acting.audit,
        acting.caller,
        action,
        async () => (await deps.authorizer.decide(acting.caller, action, resource, acting.facts)).allowed,
      );
    },
  };
}
