/**
 * Anchorage's own notification API (AWS has none), restJson1-style like the control plane:
 *
 *   POST /notifications/evaluate                       → 200 {"events": [NotificationEventRecord…]}
 *        runs the expiry evaluation now; lists the events this call produced (new ones only).
 *   GET  /notifications/events?maxResults=&nextToken=  → 200 {"events": [...], "nextToken"?: "…"}
 *        stored events, oldest first (stable pages while new events arrive); 1–100, default 50.
 *
 * Both are signed with SigV4 for service `rolesanywhere` and allowed to the administrator or to
 * callers whose policies allow `rolesanywhere:EvaluateNotifications` / `ListNotificationEvents`
 * (resource `*`). Errors are thrown as AnchorageErrors; the request handler writes them
 * (`X-Amzn-ErrorType`, `{"message"}`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validationError } from '@anchorage/core/errors';
import { InvalidCursorError } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import type { Caller } from '../control-plane/context.ts';
import { parseQuery } from '../http/query.ts';
import { sendJson } from '../http/send-json.ts';
import { authenticateSignedRequest, unknownOperation } from '../http/signed-api-request.ts';
import type { ExpiryNotifier } from './expiry-notifier.ts';

export const NOTIFICATIONS_PATH_PREFIX = '/notifications/';
/** Neither operation takes a body; anything larger is not a request for them. */
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_MAX_RESULTS = 50;
const MAX_RESULTS = 100;

const ROUTES: ReadonlyMap<string, string> = new Map([
  ['POST /notifications/evaluate', 'EvaluateNotifications'],
  ['GET /notifications/events', 'ListNotificationEvents'],
]);

export interface NotificationsRequest {
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly now: number;
  readonly facts: RequestFacts;
}

export async function serveNotificationsApi(
  deps: { readonly authenticator: Authenticator; readonly authorizer: Authorizer },
  notifier: ExpiryNotifier,
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now, facts }: NotificationsRequest,
  trace: { operation?: string; caller?: Caller },
): Promise<number> {
  const { caller } = await authenticateSignedRequest(
    deps.authenticator,
    req,
    { rawPath, rawQuery, now },
    MAX_BODY_BYTES,
    trace,
  );
  const operation = ROUTES.get(`${req.method} ${rawPath}`);
  if (operation === undefined) {
    throw unknownOperation(req.method, rawPath);
  }
  trace.operation = operation;
  await deps.authorizer.authorize(caller, `rolesanywhere:${operation}`, '*', facts);
  if (operation === 'EvaluateNotifications') {
    sendJson(res, 200, { events: await notifier.evaluate() });
    return 200;
  }
  const query = parseQuery(rawQuery);
  const maxResults = readMaxResults(query.get('maxResults')?.[0]);
  const nextToken = query.get('nextToken')?.[0];
  try {
    const page = await notifier.list({
      limit: maxResults,
      ...(nextToken === undefined || nextToken === '' ? {} : { after: nextToken }),
    });
    sendJson(res, 200, { events: page.items, ...(page.next === undefined ? {} : { nextToken: page.next }) });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw validationError('Invalid nextToken');
    throw error;
  }
  return 200;
}

function readMaxResults(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_MAX_RESULTS;
  const value = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_RESULTS)) {
    throw validationError(`maxResults must be an integer from 1 to ${MAX_RESULTS}`);
  }
  return value;
}
