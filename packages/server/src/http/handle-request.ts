/**
 * One request, as named steps: assign a request id → answer health checks → read the body
 * within its limit → authenticate the SigV4 signature → route by the API model → bind and
 * validate the input → run the operation → write the result or the wire error → log one line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiModel } from '@anchorage/core/api-model/types';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Caller, OperationHandler } from '../control-plane/context.ts';
import type { Logger } from '../logging/logger.ts';
import { parseJsonObject } from './json-body.ts';
import { parseQuery } from './query.ts';
import { readBody } from './read-body.ts';
import { bindInput, compileRoutes, matchRoute, type Route } from './rest-json.ts';
import { toWireError } from './wire-error.ts';

/** Largest body any operation needs: a 300,000-byte CRL as base64 inside JSON, with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Longest request target accepted (a nextToken may be up to 10,000 characters). */
export const MAX_TARGET_LENGTH = 16 * 1024;

export interface RequestHandlerDeps {
  readonly store: Store;
  readonly model: ApiModel;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly authenticator: Authenticator;
  readonly location: ServiceLocation;
  readonly logger: Logger;
  readonly now: () => number;
  readonly newId: () => string;
  /** False while the server drains for shutdown: health checks then answer 503. */
  readonly isAccepting: () => boolean;
}

export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = compileRoutes(deps.model);
  return (req, res) => {
    void handle(deps, routes, req, res);
  };
}

async function handle(
  deps: RequestHandlerDeps,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const requestId = randomUUID();
  const now = deps.now();
  res.setHeader('x-amzn-RequestId', requestId);
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);
  // Filled in as the pipeline learns them, so the log line has them even when a later step fails.
  const trace: { operation?: string; caller?: Caller } = {};
  let status: number;
  let failure: { type: string; reason: string; fault: string } | undefined;

  try {
    if (target.length > MAX_TARGET_LENGTH) {
      throw new AnchorageError('ValidationException', 'The request URI is too long');
    }
    if (req.method === 'GET' && rawPath === '/healthz') {
      status = deps.isAccepting() ? 200 : 503;
      send(res, status, { status: status === 200 ? 'ok' : 'draining' });
    } else {
      status = await runOperation(deps, routes, req, res, { rawPath, rawQuery, now }, trace);
    }
  } catch (error) {
    const wire = toWireError(error, requestId);
    status = wire.status;
    failure = { type: wire.type, reason: wire.reason, fault: wire.fault };
    res.setHeader('X-Amzn-ErrorType', wire.type);
    send(res, wire.status, { message: wire.message });
    if (wire.fault === 'server') {
      deps.logger.error('unexpected failure', {
        requestId,
        error: wire.reason,
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
  }
  deps.logger.info('request', {
    requestId,
    method: req.method,
    path: rawPath,
    ...(trace.operation === undefined ? {} : { operation: trace.operation }),
    status,
    ...(failure === undefined ? {} : { errorType: failure.type, reason: failure.reason }),
    ...(trace.caller === undefined ? {} : { accessKeyId: trace.caller.accessKeyId }),
    remoteAddress: req.socket.remoteAddress,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
}

async function runOperation(
  deps: RequestHandlerDeps,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now }: { rawPath: string; rawQuery: string; now: number },
  trace: { operation?: string; caller?: Caller },
): Promise<number> {
  const body = await readBody(req, MAX_BODY_BYTES);
  const caller = await deps.authenticator.authenticate(
    { req, rawPath, rawQuery, body, now },
    'rolesanywhere',
  );
  trace.caller = caller;
  const match = matchRoute(routes, req.method ?? '', rawPath);
  if (match.kind === 'none') {
    throw new AnchorageError('UnknownOperationException', `No operation matches ${req.method} ${rawPath}`);
  }
  const operation = match.route.operation;
  trace.operation = operation;
  const handler = deps.operations[operation];
  if (handler === undefined) throw new TypeError(`operation ${operation} has no handler`);
  const input = bindInput(deps.model, match.route, match.labels, parseQuery(rawQuery), parseJsonObject(body));
  if (match.route.model.input !== undefined) validateInput(deps.model, match.route.model.input, input);
  const output = await handler(input, {
    store: deps.store,
    location: deps.location,
    caller,
    now,
    newId: deps.newId,
  });
  send(res, match.route.model.status, output);
  return match.route.model.status;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
