/**
 * The awsJson1_1 adapter (ACM Private CA), as botocore's JSONSerializer and JSONParser expect it:
 * `POST /` with `X-Amz-Target: <prefix>.<Operation>` and `Content-Type: application/x-amz-json-1.1`;
 * the input is one JSON object (blobs as base64); the output is JSON with timestamps as epoch
 * seconds; an error is HTTP 400 (500/503 for our own faults) with `X-Amzn-ErrorType` and
 * `{"__type": "<code>", "message": "…"}` (botocore reads `__type`, then the header).
 *
 * Named steps: read the body → authenticate (SigV4 for the model's signing name) → find the
 * operation by its target → parse and validate the input against the model → authorise the
 * action on its resource → run the handler → write the output, shaped by the model.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiModel } from '@anchorage/core/api-model/types';
import { isPlainObject, validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import { createdResources } from '../audit/created-resources.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import type { Caller, OperationHandler } from '../control-plane/context.ts';
import { parseJsonObject, withoutNullMembers } from './json-body.ts';
import { readBody } from './read-body.ts';
import type { WireError } from './wire-error.ts';

export const JSON_1_1 = 'application/x-amz-json-1.1';

export interface JsonRpcOperation {
  readonly handler: OperationHandler;
  /** `service:Operation`, e.g. `acm-pca:IssueCertificate`. */
  readonly action: string;
  /** The ARN the action acts on (`*` for none), from validated input. */
  readonly resource: (input: Readonly<Record<string, unknown>>) => string;
}

export interface JsonRpcService {
  /** Carries `metadata.targetPrefix` and `metadata.signingName`. */
  readonly model: ApiModel;
  readonly operations: Readonly<Record<string, JsonRpcOperation>>;
}

export interface JsonRpcDeps {
  readonly store: Store;
  readonly location: ServiceLocation;
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  readonly newId: () => string;
}

export interface JsonRpcRequest {
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly now: number;
  readonly facts: RequestFacts;
  readonly bodyLimit: number;
}

/** True for `POST /` whose `X-Amz-Target` names the service (`ACMPrivateCA.…`). */
export function isJsonRpcRequest(req: IncomingMessage, rawPath: string, service: JsonRpcService): boolean {
  const prefix = service.model.metadata?.targetPrefix;
  return (
    req.method === 'POST' &&
    rawPath === '/' &&
    prefix !== undefined &&
    targetOf(req)?.startsWith(`${prefix}.`) === true
  );
}

export async function runJsonRpc(
  deps: JsonRpcDeps,
  service: JsonRpcService,
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now, facts, bodyLimit }: JsonRpcRequest,
  trace: { operation?: string; caller?: Caller; created?: string[] },
): Promise<number> {
  const body = await readBody(req, bodyLimit);
  const signingName = service.model.metadata?.signingName ?? '';
  const caller = await deps.authenticator.authenticate({ req, rawPath, rawQuery, body, now }, signingName);
  trace.caller = caller;
  const name = operationName(req, service);
  trace.operation = name;
  const operation = service.operations[name];
  const model = service.model.operations[name];
  if (operation === undefined || model === undefined) throw new TypeError(`${name} vanished`);
  checkContentType(req.headers['content-type']);
  const input = withoutNullMembers(parseJsonObject(body));
  if (model.input !== undefined) validateInput(service.model, model.input, input);
  await deps.authorizer.authorize(caller, operation.action, operation.resource(input), facts);
  const output = await operation.handler(input, {
    store: deps.store,
    location: deps.location,
    caller,
    now,
    newId: deps.newId,
  });
  trace.created = createdResources(name, output); // for the audit record
  const shaped = model.output === undefined ? {} : serializeJsonOutput(service.model, model.output, output);
  sendJsonRpc(res, 200, shaped);
  return 200;
}

/** awsJson1_1 sends every client fault as 400; botocore takes the code from `__type`. */
export function sendJsonRpcError(res: ServerResponse, wire: WireError): number {
  const status = wire.fault === 'client' ? 400 : wire.status;
  res.setHeader('X-Amzn-ErrorType', wire.type);
  sendJsonRpc(res, status, { __type: wire.type, message: wire.message });
  return status;
}

function sendJsonRpc(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_1_1, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function targetOf(req: IncomingMessage): string | undefined {
  const value = req.headers['x-amz-target'];
  return typeof value === 'string' ? value : undefined;
}

function operationName(req: IncomingMessage, service: JsonRpcService): string {
  const target = targetOf(req) ?? '';
  const name = target.slice(target.indexOf('.') + 1);
  const served = Object.hasOwn(service.operations, name) && Object.hasOwn(service.model.operations, name);
  if (!served) {
    throw new AnchorageError(
      'UnknownOperationException',
      `Unknown operation ${JSON.stringify(target.slice(0, 128))}`,
    );
  }
  return name;
}

/** botocore sends application/x-amz-json-1.1; JSON of another version or plain JSON is read the same. */
function checkContentType(contentType: string | undefined): void {
  if (contentType === undefined) return;
  if (!/^application\/(?:x-amz-json-1\.[01]|json)\s*(?:;|$)/i.test(contentType)) {
    throw new AnchorageError('SerializationException', `Content-Type must be ${JSON_1_1}`);
  }
}

/**
 * Shapes a handler's result by the output shape: only modelled members are written (so a
 * record's internal fields can never leak), and timestamps (ISO strings or Dates) become epoch
 * seconds, the awsJson default botocore parses.
 */
export function serializeJsonOutput(model: ApiModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new TypeError(`shape ${shapeName} is not in the model`);
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) throw new TypeError(`${shapeName} must be an object`);
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const member = value[name];
        if (member !== undefined && member !== null)
          out[name] = serializeJsonOutput(model, ref.shape, member);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) throw new TypeError(`${shapeName} must be a list`);
      const member = shape.member;
      return member === undefined ? value : value.map((item) => serializeJsonOutput(model, member, item));
    }
    case 'map': {
      if (!isPlainObject(value)) throw new TypeError(`${shapeName} must be a map`);
      const item = shape.value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          item === undefined ? v : serializeJsonOutput(model, item, v),
        ]),
      );
    }
    case 'timestamp':
      return epochSeconds(value, shapeName);
    default:
      return value;
  }
}

function epochSeconds(value: unknown, shapeName: string): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError(`${shapeName} must be an ISO 8601 time or a Date`);
  return ms / 1000;
}
