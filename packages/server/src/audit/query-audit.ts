/**
 * Queries over the audit trail, newest first, for the API and the console (in process).
 *
 * There is no index: a query scans the store's newest-first pages and keeps what matches. One
 * page request scans at most `MAX_SCANNED` records; when it stops there (or at `maxResults`
 * events) its `nextToken` resumes the scan exactly where it stopped — so a page may hold fewer
 * events than asked, even none, and still carry a `nextToken`: keep going until there is none.
 * With `since`, the scan ends once records are `SINCE_SLACK_MS` older than it (records are stored
 * in the order requests finished, so their times may run a little out of order).
 *
 * The token is the store's page cursor where the scan was plus the id of the last record
 * scanned in that page: the first page from the top is not stable while records arrive, an id
 * is. Records newer than the first page a client saw are not shown on its later pages.
 */
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { validationError } from '@anchorage/core/errors';
import { InvalidCursorError, type Store } from '@anchorage/store/port';
import { type AuditFilters, DEFAULT_MAX_RESULTS, MAX_RESULTS, matchesAuditFilters } from './audit-filters.ts';

export const MAX_SCANNED = 10_000;
export const SINCE_SLACK_MS = 5 * 60_000;
const STORE_PAGE_SIZE = 500;
const MAX_TOKEN_LENGTH = 2048;

export type AuditStore = Pick<Store, 'auditEvents'>;

export interface AuditPageRequest {
  /** 1 to 1,000; default 50. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface AuditPage {
  readonly events: readonly AuditEventRecord[];
  readonly nextToken?: string;
}

/** Where a scan stands: after the store cursor `after` (the top when absent), past the record `id`. */
interface Position {
  readonly after?: string;
  readonly id?: string;
}

export async function queryAuditEvents(
  store: AuditStore,
  filters: AuditFilters,
  page: AuditPageRequest = {},
): Promise<AuditPage> {
  const maxResults = page.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS) {
    throw validationError(`maxResults must be an integer from 1 to ${MAX_RESULTS}`);
  }
  const start = page.nextToken === undefined ? {} : decodeToken(page.nextToken);
  const unfiltered = Object.keys(filters).length === 0;
  const events: AuditEventRecord[] = [];
  let scanned = 0;
  const pageSize = unfiltered ? maxResults : STORE_PAGE_SIZE;
  for await (const { record, next, skipped } of scan(store, start, pageSize)) {
    if (!skipped && pastSince(record, filters)) return { events };
    scanned += 1;
    if (!skipped && matchesAuditFilters(record, filters)) events.push(record);
    if (events.length >= maxResults || scanned >= MAX_SCANNED) {
      return { events, ...(next === undefined ? {} : { nextToken: encodeToken(next) }) };
    }
  }
  return { events };
}

/** Every matching record, newest first, read a store page at a time (for the NDJSON export). */
export async function* scanAuditEvents(
  store: AuditStore,
  filters: AuditFilters,
): AsyncGenerator<AuditEventRecord> {
  for await (const { record } of scan(store, {}, STORE_PAGE_SIZE)) {
    if (pastSince(record, filters)) return;
    if (matchesAuditFilters(record, filters)) yield record;
  }
}

function pastSince(record: AuditEventRecord, filters: AuditFilters): boolean {
  return filters.since !== undefined && Date.parse(record.time) < filters.since - SINCE_SLACK_MS;
}

/**
 * Each record from `start` on, with the position after it (undefined after the last one). The
 * records up to `start.id` are given as `skipped`: they count towards the scan bound, so a token
 * whose record is far away (or gone) still costs a bounded scan per request.
 */
async function* scan(
  store: AuditStore,
  start: Position,
  pageSize: number,
): AsyncGenerator<{ record: AuditEventRecord; next: Position | undefined; skipped: boolean }> {
  let after = start.after;
  let skipThrough = start.id;
  for (;;) {
    const page = await readPage(store, pageSize, after);
    const here = after === undefined ? {} : { after };
    for (const [index, record] of page.items.entries()) {
      const last = index === page.items.length - 1;
      const pastPage = page.next === undefined ? undefined : { after: page.next };
      if (skipThrough !== undefined && record.id !== skipThrough) {
        // Resuming here keeps skipping: from this page's start, or from the next page.
        const id = skipThrough;
        yield { record, next: last ? pastPage && { ...pastPage, id } : { ...here, id }, skipped: true };
        continue;
      }
      const skipped = skipThrough !== undefined;
      skipThrough = undefined;
      yield { record, next: last ? pastPage : { ...here, id: record.id }, skipped };
    }
    if (page.next === undefined) return;
    after = page.next;
  }
}

async function readPage(store: AuditStore, limit: number, after: string | undefined) {
  try {
    return await store.auditEvents.listNewestFirst({ limit, ...(after === undefined ? {} : { after }) });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw validationError('Invalid nextToken');
    throw error;
  }
}

function encodeToken(position: Position): string {
  return Buffer.from(JSON.stringify({ a: position.after, i: position.id }), 'utf8').toString('base64url');
}

function decodeToken(token: string): Position {
  const invalid = () => validationError('Invalid nextToken');
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.toString('base64url') !== token) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const { a, i } = parsed as Record<string, unknown>;
  if ((a !== undefined && typeof a !== 'string') || (i !== undefined && typeof i !== 'string'))
    throw invalid();
  if (a === undefined && i === undefined) throw invalid();
  return { ...(a === undefined ? {} : { after: a }), ...(i === undefined ? {} : { id: i }) };
}
