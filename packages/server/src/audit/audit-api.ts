/**
 * Anchorage's own audit API (AWS has none), restJson1-style like the notifications API:
 *
 *   GET /audit/events?action=&outcome=&channel=&principal=&resource=&since=&until=&maxResults=&nextToken=
 *       → 200 {"events": [AuditEventRecord…, newest first], "nextToken"?: "…"}
 *   GET /audit/events/export?action=&outcome=&channel=&principal=&resource=&since=&until=
 *       → 200 application/x-ndjson: every matching record, newest first, one JSON object a line,
 *         streamed a store page at a time (memory stays flat however long the trail); no
 *         maxResults or nextToken. A store failure after the status was sent cuts the stream.
 *
 * Filters and paging: `audit-filters.ts` and `query-audit.ts`. Both are signed with SigV4 for
 * service `rolesanywhere` and allowed to the administrator or to callers whose policies allow
 * `rolesanywhere:ListAuditEvents` (resource `*`). Reading the trail is audited like any call
 * (actions `rolesanywhere:ListAuditEvents` and `rolesanywhere:ExportAuditEvents`); nothing
 * here, or anywhere in the API, changes or deletes a record (retention alone removes old ones).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validationError } from '@anchorage/core/errors';
import type { Store } from '@anchorage/store/port';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { RequestFacts } from '../authz/caller-policies.ts';
import type { Caller } from '../control-plane/context.ts';
import { parseQuery } from '../http/query.ts';
import { sendJson } from '../http/send-json.ts';
import { authenticateSignedRequest, unknownOperation } from '../http/signed-api-request.ts';
import type { Logger } from '../logging/logger.ts';
import { readAuditQuery } from './audit-filters.ts';
import { queryAuditEvents, scanAuditEvents } from './query-audit.ts';

export const AUDIT_PATH_PREFIX = '/audit/';
/** Neither operation takes a body; anything larger is not a request for them. */
const MAX_BODY_BYTES = 64 * 1024;
/** Lines are written in chunks of about this many records, waiting for the client to take each. */
const EXPORT_CHUNK_RECORDS = 200;

const ROUTES: ReadonlyMap<string, 'list' | 'export'> = new Map([
  ['GET /audit/events', 'list'],
  ['GET /audit/events/export', 'export'],
]);

export interface AuditApiRequest {
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly now: number;
  readonly facts: RequestFacts;
}

export async function serveAuditApi(
  deps: {
    readonly store: Store;
    readonly authenticator: Authenticator;
    readonly authorizer: Authorizer;
    readonly logger: Logger;
  },
  req: IncomingMessage,
  res: ServerResponse,
  { rawPath, rawQuery, now, facts }: AuditApiRequest,
  trace: { operation?: string; caller?: Caller },
): Promise<number> {
  // Named before authentication, so that a refused attempt at reading the trail is recorded as one.
  const route = ROUTES.get(`${req.method} ${rawPath}`);
  if (route !== undefined) trace.operation = route === 'list' ? 'ListAuditEvents' : 'ExportAuditEvents';
  const { caller } = await authenticateSignedRequest(
    deps.authenticator,
    req,
    { rawPath, rawQuery, now },
    MAX_BODY_BYTES,
    trace,
  );
  if (route === undefined) {
    throw unknownOperation(req.method, rawPath);
  }
  await deps.authorizer.authorize(caller, 'rolesanywhere:ListAuditEvents', '*', facts);
  const query = readAuditQuery(parseQuery(rawQuery));
  if (route === 'list') {
    const page = await queryAuditEvents(deps.store, query.filters, {
      ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
      ...(query.nextToken === undefined ? {} : { nextToken: query.nextToken }),
    });
    sendJson(res, 200, page);
    return 200;
  }
  if (query.maxResults !== undefined || query.nextToken !== undefined) {
    throw validationError('The export takes filters only: it returns every matching record');
  }
  const records = scanAuditEvents(deps.store, query.filters);
  // The first page is read before the status is written, so that a failing store is a 500 still.
  const first = await records.next();
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
  try {
    let lines: string[] = first.done === true ? [] : [JSON.stringify(first.value)];
    for await (const record of records) {
      lines.push(JSON.stringify(record));
      if (lines.length < EXPORT_CHUNK_RECORDS) continue;
      if (!(await write(res, `${lines.join('\n')}\n`))) return 200;
      lines = [];
    }
    if (lines.length > 0) await write(res, `${lines.join('\n')}\n`);
    res.end();
  } catch (error) {
    // The status is out: all that is left is to cut the stream, so the client sees it unfinished.
    deps.logger.error('audit export failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    res.destroy();
  } finally {
    await records.return(undefined);
  }
  return 200;
}

/** Writes a chunk and waits until the client took it; false when the client went away. */
function write(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (taken: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(taken);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
