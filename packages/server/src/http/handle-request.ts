/**
 * One request, as named steps: assign a request id → answer health checks → read the body
 * within its limit → authenticate the SigV4 signature → route by the API model → bind and
 * validate the input → run the operation → write the result or the wire error → log one line.
 *
 * `POST /` is the IAM and STS query APIs: the credential scope's service picks the API, the
 * form body's `Action` the operation, and results and errors are written as XML — unless its
 * `X-Amz-Target` names the private CA (`ACMPrivateCA.<Operation>`): that is awsJson1_1.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiModel } from '@anchorage/core/api-model/types';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import { AUDIT_PATH_PREFIX, serveAuditApi } from '../audit/audit-api.ts';
import { auditEventOf } from '../audit/audit-event.ts';
import { type AuditRecorder, isAuditBacklogRefusal } from '../audit/audit-recorder.ts';
import { type AnsweredQuestion, questionEventOf } from '../audit/authorize-question.ts';
import { claimedAccessKeyId } from '../audit/claimed-access-key.ts';
import { createdResources } from '../audit/created-resources.ts';
import { knownJsonRpcOperation, knownQueryOperation } from '../audit/known-operation.ts';
import { createRequestAudit } from '../audit/request-audit.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { headerPairs } from '../auth/authenticate.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import { type ObservedDecision, observeDecisions } from '../authz/decision-observer.ts';
import { CONSOLE_API_PREFIX } from '../console/console-api.ts';
import { type ConsoleHandler, createConsole, isConsolePath } from '../console/serve-console.ts';
import type { Caller, OperationHandler, OperationTrace } from '../control-plane/context.ts';
import { rolesAnywhereResource } from '../control-plane/resources.ts';
import { LimitRefusal, overloaded } from '../limits/limit-refusal.ts';
import { sendLimitRefusal, type WireProtocol } from '../limits/send-limit-refusal.ts';
import type { ServerLimits } from '../limits/server-limits.ts';
import type { Logger } from '../logging/logger.ts';
import type { RequestMetrics } from '../metrics/start-metrics.ts';
import type { ExpiryNotifier } from '../notifications/expiry-notifier.ts';
import { NOTIFICATIONS_PATH_PREFIX, serveNotificationsApi } from '../notifications/notifications-api.ts';
import { queryErrorResponse } from '../query/query-error-response.ts';
import type { QueryService } from '../query/query-operation.ts';
import { resolveQueryOperation, runQueryOperation } from '../query/run-query-operation.ts';
import { type QueryServiceName, selectQueryService } from '../query/select-query-service.ts';
import { type CreateSessionDeps, createSession, type SessionTrace } from '../sessions/create-session.ts';
import { answerAuthorization, readQuestion } from './authorize-endpoint.ts';
import { parseJsonObject } from './json-body.ts';
import { isJsonRpcRequest, type JsonRpcService, runJsonRpc, sendJsonRpcError } from './json-rpc.ts';
import { parseQuery } from './query.ts';
import { readBody } from './read-body.ts';
import { bindInput, compileRoutes, matchRoute, type Route } from './rest-json.ts';
import { sendJson } from './send-json.ts';
import { authenticateSignedRequest, unknownOperation } from './signed-api-request.ts';
import { toWireError } from './wire-error.ts';

/** Largest body any operation needs: a 300,000-byte CRL as base64 inside JSON, with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Longest request target accepted (a nextToken may be up to 10,000 characters). */
export const MAX_TARGET_LENGTH = 16 * 1024;
/**
 * Most header fields a request may carry (the AWS SDKs and the helpers send about fifteen). Node's
 * parser refuses more with 431 before any reaches JavaScript (serve.ts sets `maxHeadersCount`).
 */
export const MAX_HEADER_FIELDS = 100;

export interface RequestHandlerDeps {
  readonly store: Store;
  readonly model: ApiModel;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** The query APIs served on `POST /`, by the credential scope's service. */
  readonly queryServices: Readonly<Record<QueryServiceName, QueryService>>;
  /** The private CA (ACM PCA, awsJson1_1), also on `POST /`, told apart by its `X-Amz-Target`. */
  readonly acmPca: JsonRpcService;
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  /** CreateSession (`POST /sessions`): the data plane. */
  readonly sessions: CreateSessionDeps;
  /** Expiry notifications (`/notifications/…`, Anchorage's own API). */
  readonly notifications?: ExpiryNotifier;
  /** The audit trail: every request that reaches an API, every decision (`/audit/…` lists it). */
  readonly audit: AuditRecorder;
  readonly location: ServiceLocation;
  readonly logger: Logger;
  readonly now: () => number;
  readonly newId: () => string;
  /** False while the server drains for shutdown: health checks then answer 503. */
  readonly isAccepting: () => boolean;
  /** Prometheus metrics (metrics/): counted per request; `GET /metrics` here when a token is set. */
  readonly metrics?: RequestMetrics | undefined;
  /** The concurrency cap and the checks made before a body is read (limits/server-limits.ts). */
  readonly limits?: ServerLimits | undefined;
}

export function createRequestHandler(
  deps: RequestHandlerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = compileRoutes(deps.model);
  const webConsole = createConsole(deps);
  return (req, res) => {
    // Every authorisation decision made for the request, for its audit record.
    const decisions: ObservedDecision[] = [];
    void observeDecisions(
      (decision) => decisions.push(decision),
      () => handle(deps, routes, webConsole, req, res, decisions),
    );
  };
}

async function handle(
  deps: RequestHandlerDeps,
  routes: readonly Route[],
  webConsole: ConsoleHandler,
  req: IncomingMessage,
  res: ServerResponse,
  decisions: readonly ObservedDecision[],
): Promise<void> {
  const started = performance.now();
  const requestId = randomUUID();
  const now = deps.now();
  res.setHeader('x-amzn-RequestId', requestId);
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const isAcmPca = isJsonRpcRequest(req, rawPath, deps.acmPca);
  const isQuery = req.method === 'POST' && rawPath === '/' && !isAcmPca;
  const isSession = req.method === 'POST' && (rawPath === '/sessions' || rawPath.endsWith('/sessions'));
  // Filled in as the pipeline learns them, so the log line has them even when a later step fails.
  const trace: Trace = {};
  let status: number;
  let failure: { type: string; reason: string; fault: string } | undefined;
  const audit = createRequestAudit(deps.audit, deps.logger, {
    requestId,
    now,
    sourceAddress: req.socket.remoteAddress,
  });
  // Health checks and metrics are no API call; console pages record their own actions (console-call.ts).
  const unmetered = req.method === 'GET' && (rawPath === '/healthz' || rawPath === '/metrics');
  const recorded = !unmetered && !(isConsolePath(rawPath) && !rawPath.startsWith(CONSOLE_API_PREFIX));
  // Only a request admitted past the limits makes a record (docs/audit.md: what is not recorded).
  let audited = false;

  try {
    if (target.length > MAX_TARGET_LENGTH) {
      throw new AnchorageError('ValidationException', 'The request URI is too long');
    }
    // Health checks and metrics answer under any load; the rest waits its turn or is shed.
    if (!unmetered) {
      enterConcurrencyGate(deps.limits, res);
      if (!isSession && !isConsolePath(rawPath)) {
        deps.limits?.api.refuseIfFailing(req.socket.remoteAddress, now);
      }
    }
    // Backpressure from the audit trail (audit-recorder.ts); CreateSession waits after its rate limit.
    if (!unmetered && !isSession) await deps.audit.admit();
    audited = recorded;
    if (req.method === 'GET' && rawPath === '/healthz') {
      status = deps.isAccepting() ? 200 : 503;
      sendJson(res, status, { status: status === 200 ? 'ok' : 'draining' });
    } else if (req.method === 'GET' && rawPath === '/metrics' && deps.metrics?.mainPort !== undefined) {
      status = await deps.metrics.mainPort(req, res, trace);
    } else if (isConsolePath(rawPath)) {
      // The web console: its own sessions and CSRF checks, not SigV4 (console/serve-console.ts).
      const request = { rawPath, rawQuery, now, requestId, facts: requestFacts(req, now), audit };
      status = await webConsole(req, res, request, trace);
    } else if (isSession) {
      status = await runCreateSession(deps, req, res, { rawPath, rawQuery, now }, trace);
    } else if (req.method === 'POST' && rawPath === '/authorize') {
      status = await runAuthorize(deps, req, res, { rawPath, rawQuery, now }, trace);
    } else if (deps.notifications !== undefined && rawPath.startsWith(NOTIFICATIONS_PATH_PREFIX)) {
      const request = { rawPath, rawQuery, now, facts: requestFacts(req, now) };
      status = await serveNotificationsApi(deps, deps.notifications, req, res, request, trace);
    } else if (rawPath.startsWith(AUDIT_PATH_PREFIX)) {
      const request = { rawPath, rawQuery, now, facts: requestFacts(req, now) };
      status = await serveAuditApi(deps, req, res, request, trace);
    } else if (isAcmPca) {
      const facts = requestFacts(req, now);
      const request = { rawPath, rawQuery, now, facts, bodyLimit: MAX_BODY_BYTES };
      const named = knownJsonRpcOperation(req, deps.acmPca); // known before authentication, for the audit
      if (named !== undefined) trace.operation = named;
      status = await runJsonRpc(deps, deps.acmPca, req, res, request, trace);
    } else if (isQuery) {
      status = await runQuery(deps, req, res, { rawPath, rawQuery, now, requestId }, trace);
    } else {
      status = await runOperation(deps, routes, req, res, { rawPath, rawQuery, now }, trace);
    }
  } catch (error) {
    const wire = toWireError(error, requestId);
    status = wire.status;
    failure = { type: wire.type, reason: wire.reason, fault: wire.fault };
    // Shed load makes no record: under a flood, records would only feed the backlog (metrics count it).
    if (error instanceof LimitRefusal || isAuditBacklogRefusal(error)) audited = false;
    if (error instanceof LimitRefusal) {
      status = sendLimitRefusal(res, wireProtocol(deps, isAcmPca, isQuery, trace), error, requestId);
    } else if (isAcmPca) {
      status = sendJsonRpcError(res, wire);
    } else if (isQuery) {
      const namespace = deps.queryServices[trace.service ?? 'iam'].model.metadata?.xmlNamespace;
      const query = queryErrorResponse(wire, requestId, namespace);
      status = query.status;
      sendXml(res, query.status, query.xml);
    } else {
      res.setHeader('X-Amzn-ErrorType', wire.type);
      sendJson(res, wire.status, { message: wire.message });
    }
    if (wire.fault === 'server' && !(error instanceof LimitRefusal)) {
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
    ...(trace.service === undefined ? {} : { service: trace.service }),
    ...(trace.operation === undefined ? {} : { operation: trace.operation }),
    status,
    ...(failure === undefined ? {} : { errorType: failure.type, reason: failure.reason }),
    ...(trace.caller === undefined ? {} : { accessKeyId: trace.caller.accessKeyId }),
    ...(trace.session === undefined ? {} : trace.session),
    ...(trace.detail === undefined ? {} : trace.detail),
    remoteAddress: req.socket.remoteAddress,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
  deps.metrics?.requestDone({
    method: req.method,
    rawPath,
    isAcmPca,
    isQuery,
    operation: trace.operation,
    status,
    failure,
    started,
  });
  if (audited) {
    audit.record(
      auditEventOf({
        requestId,
        now,
        failure,
        sourceAddress: req.socket.remoteAddress,
        ...(trace.caller === undefined
          ? { claimedAccessKeyId: claimedAccessKeyId(req.headers.authorization, rawQuery) }
          : {}),
        decisions,
        trace: { ...trace, actionPrefix: actionPrefixOf(rawPath, isAcmPca) },
      }),
    );
    if (trace.question !== undefined) audit.record(questionEventOf(trace.question));
  }
}

/** The service prefix of the audited action: the query APIs' is their service (trace.service). */
function actionPrefixOf(rawPath: string, isAcmPca: boolean): string {
  if (isConsolePath(rawPath) || rawPath === '/authorize') return 'anchorage';
  // Otherwise CreateSession, the control plane, notifications or the audit trail.
  return isAcmPca ? 'acm-pca' : 'rolesanywhere';
}

interface Trace {
  operation?: string;
  /** CreateSession: the certificate and resources of the attempt. */
  session?: SessionTrace;
  caller?: Caller;
  /** The query API, once the credential scope named it. */
  service?: QueryServiceName;
  /** What a query operation's handler reported (AssumeRole: the role, the session granted). */
  detail?: OperationTrace;
  /** ARNs of what the operation created, for the audit record. */
  created?: string[];
  /** `/authorize`: the question answered, for its own audit record. */
  question?: AnsweredQuestion;
}

async function runOperation(
  deps: RequestHandlerDeps,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now }: { rawPath: string; rawQuery: string; now: number },
  trace: Trace,
): Promise<number> {
  // Routed before authentication so that the audit record of a refused signature names the
  // operation; a path that cannot be routed is refused only after authentication, so an
  // unsigned caller learns nothing about which paths exist.
  let routed: ReturnType<typeof matchRoute> | undefined;
  let unroutable: unknown;
  try {
    routed = matchRoute(routes, req.method ?? '', rawPath);
    if (routed.kind !== 'none') trace.operation = routed.route.operation;
  } catch (error) {
    unroutable = error;
  }
  const { caller, body } = await authenticateSignedRequest(
    deps.authenticator,
    req,
    { rawPath, rawQuery, now },
    MAX_BODY_BYTES,
    trace,
  );
  if (routed === undefined) throw unroutable;
  const match = routed;
  if (match.kind === 'none') {
    throw unknownOperation(req.method, rawPath);
  }
  const operation = match.route.operation;
  const handler = deps.operations[operation];
  if (handler === undefined) throw new TypeError(`operation ${operation} has no handler`);
  const input = bindInput(deps.model, match.route, match.labels, parseQuery(rawQuery), parseJsonObject(body));
  if (match.route.model.input !== undefined) validateInput(deps.model, match.route.model.input, input);
  await deps.authorizer.authorize(
    caller,
    `rolesanywhere:${operation}`,
    rolesAnywhereResource(input, deps.location),
    requestFacts(req, now),
  );
  const output = await handler(input, {
    store: deps.store,
    location: deps.location,
    caller,
    now,
    newId: deps.newId,
  });
  trace.created = createdResources(operation, output);
  sendJson(res, match.route.model.status, output);
  return match.route.model.status;
}

/** `POST /`: read the body → pick IAM or STS by the credential scope → authenticate → resolve the `Action` → run it. */
async function runQuery(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  {
    rawPath,
    rawQuery,
    now,
    requestId,
  }: { rawPath: string; rawQuery: string; now: number; requestId: string },
  trace: Trace,
): Promise<number> {
  const body = await readBody(req, MAX_BODY_BYTES);
  const selected = selectQueryService(req, rawPath, rawQuery, deps.queryServices, deps.location.region);
  trace.service = selected.name;
  const named = knownQueryOperation(selected.service, body, req.headers['content-type']);
  if (named !== undefined) trace.operation = named; // known before authentication, for the audit
  const caller = await deps.authenticator.authenticate(
    { req, rawPath, rawQuery, body, now },
    selected.name,
    selected.region,
  );
  trace.caller = caller;
  const resolved = resolveQueryOperation(selected.service, body, req.headers['content-type']);
  trace.operation = resolved.name;
  if (resolved.operation.authorize === 'pipeline') {
    const resource = await resolved.operation.resource(resolved.input, {
      store: deps.store,
      location: deps.location,
    });
    await deps.authorizer.authorize(caller, resolved.operation.action, resource, requestFacts(req, now));
  }
  const detail: OperationTrace = {};
  trace.detail = detail;
  const xml = await runQueryOperation(
    selected.service,
    resolved,
    { store: deps.store, location: deps.location, caller, now, newId: deps.newId, trace: detail },
    requestId,
  );
  sendXml(res, 200, xml);
  return 200;
}

/**
 * `POST /sessions` (behind any path prefix, as the official helper signs `/sessions` whatever
 * its endpoint's path): CreateSession, authenticated by its SigV4-X509 signature, not by a key.
 */
async function runCreateSession(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now }: { rawPath: string; rawQuery: string; now: number },
  trace: Trace,
): Promise<number> {
  trace.operation = 'CreateSession';
  // The source's rate limit before anything else: a flood is refused before its body is read.
  deps.limits?.takeSessionSource(req.socket.remoteAddress, now);
  await deps.audit.admit(); // backpressure from the audit trail (see audit-recorder.ts)
  const body = await readBody(req, MAX_BODY_BYTES);
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !/json/i.test(contentType)) {
    throw new AnchorageError(
      'ValidationException',
      'Content-Type must be application/json or application/x-amz-json-1.0',
    );
  }
  const session: SessionTrace = {};
  trace.session = session;
  const output = await createSession(
    deps.sessions,
    {
      signed: {
        method: req.method ?? 'POST',
        rawPath,
        rawQuery,
        headers: headerPairs(req),
        payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
      },
      query: parseQuery(rawQuery),
      body: sessionBody(body),
      facts: requestFacts(req, now),
    },
    session,
  );
  sendJson(res, 201, output);
  return 201;
}

/** CreateSession models one client error for bad input: an unreadable body is a ValidationException there. */
function sessionBody(body: Buffer): Record<string, unknown> {
  try {
    return parseJsonObject(body);
  } catch (error) {
    if (error instanceof AnchorageError && error.code === 'SerializationException') {
      throw new AnchorageError('ValidationException', error.message);
    }
    throw error;
  }
}

/** `POST /authorize`: the resource server authenticates and is authorised, then asks about its client's request. */
async function runAuthorize(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now }: { rawPath: string; rawQuery: string; now: number },
  trace: Trace,
): Promise<number> {
  trace.operation = 'Authorize';
  const { caller, body } = await authenticateSignedRequest(
    deps.authenticator,
    req,
    { rawPath, rawQuery, now },
    MAX_BODY_BYTES,
    trace,
    'anchorage',
  );
  await deps.authorizer.authorize(caller, 'anchorage:Authorize', '*', requestFacts(req, now));
  const question = readQuestion(body);
  // The question's decision is about the resource server's client: it gets a record of its own
  // (audit/authorize-question.ts), so it is kept out of this request's decisions.
  const answer = await observeDecisions(
    () => {},
    () => answerAuthorization(deps, question, now),
  );
  trace.question = { question, answer };
  sendJson(res, 200, answer);
  return 200;
}

/** What the request itself tells policy conditions: aws:SourceIp, aws:SecureTransport, aws:CurrentTime. */
export function requestFacts(req: IncomingMessage, now: number): RequestFacts {
  return {
    now,
    ...(req.socket.remoteAddress === undefined ? {} : { sourceIp: req.socket.remoteAddress }),
    secureTransport: 'encrypted' in req.socket && req.socket.encrypted === true,
  };
}

/** Admits the request under the concurrency cap (503 past it) until its response is done. */
function enterConcurrencyGate(limits: ServerLimits | undefined, res: ServerResponse): void {
  if (limits === undefined) return;
  if (!limits.concurrency.tryEnter()) throw overloaded(limits.concurrency.inFlight());
  res.once('close', () => limits.concurrency.leave());
}

function wireProtocol(
  deps: RequestHandlerDeps,
  isAcmPca: boolean,
  isQuery: boolean,
  trace: Trace,
): WireProtocol {
  if (isAcmPca) return { kind: 'json-1.1' };
  if (!isQuery) return { kind: 'rest-json' };
  return {
    kind: 'query',
    xmlNamespace: deps.queryServices[trace.service ?? 'iam'].model.metadata?.xmlNamespace,
  };
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}
