/**
 * The query-protocol adapter, as named steps: read the form body → find the operation by
 * `Action` and `Version` → bind the input from the form parameters → validate it against the
 * model → run the handler → write the XML response.
 *
 * An unknown `Action`, one the model has but this server does not serve, or a missing or wrong
 * `Version` is refused as AWS refuses it: `InvalidAction` "Could not find operation X for
 * version V" (`NO_VERSION_SPECIFIED` when absent).
 */
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import type { OperationContext } from '../control-plane/context.ts';
import { bindQueryInput } from './bind-query-input.ts';
import { type FormParameters, parseFormBody, printable } from './form-body.ts';
import type { QueryOperation, QueryService } from './query-operation.ts';
import { serializeQueryResponse } from './serialize-query-output.ts';

export interface ResolvedQueryOperation {
  readonly name: string;
  readonly operation: QueryOperation;
  readonly input: Readonly<Record<string, unknown>>;
}

/** Steps one to four: which operation, with which validated input. */
export function resolveQueryOperation(
  service: QueryService,
  body: Buffer,
  contentType: string | undefined,
): ResolvedQueryOperation {
  const params = parseFormBody(body, contentType);
  const name = findOperation(service, params);
  const operation = service.operations[name];
  const model = service.model.operations[name];
  if (operation === undefined || model === undefined) throw new TypeError(`${name} vanished`);
  const input = model.input === undefined ? {} : bindQueryInput(service.model, model.input, params);
  if (model.input !== undefined) validateInput(service.model, model.input, input);
  return { name, operation, input };
}

/** Steps five and six: run the handler and write its output as the operation's XML response. */
export async function runQueryOperation(
  service: QueryService,
  resolved: ResolvedQueryOperation,
  ctx: OperationContext,
  requestId: string,
): Promise<string> {
  const output = await resolved.operation.handler(resolved.input, ctx);
  const model = service.model.operations[resolved.name];
  if (model === undefined) throw new TypeError(`${resolved.name} vanished`);
  return serializeQueryResponse(service.model, resolved.name, model, output, requestId);
}

function findOperation(service: QueryService, params: FormParameters): string {
  const action = params.get('Action');
  if (action === undefined || action === '') {
    throw new AnchorageError('UnknownOperationException', 'The request must contain the parameter Action');
  }
  const version = params.get('Version');
  const served = Object.hasOwn(service.operations, action) && Object.hasOwn(service.model.operations, action);
  if (!served || version !== service.model.metadata?.apiVersion) {
    const shownVersion =
      version === undefined || version === '' ? 'NO_VERSION_SPECIFIED' : printable(version);
    throw new AnchorageError(
      'UnknownOperationException',
      `Could not find operation ${printable(action)} for version ${shownVersion}`,
    );
  }
  return action;
}
