/**
 * What one server process measures (docs/metrics.md lists it): requests by protocol, operation,
 * status class and error type; their latency by operation; CreateSession outcomes by reason;
 * cache lookups; queue depths; in-flight requests; and the process itself (process-metrics.ts).
 * Counting happens at the edge in one call per finished request; everything else is read from
 * the modules' own `stats()` at scrape time, so the request path pays for a few increments only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CATALOGUE } from '@anchorage/core/errors';
import { isConsolePath } from '../console/serve-console.ts';
import { BUCKET_NAMES, limitRejections, rateLimitRejections } from '../limits/limit-refusal.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import { createRegistry, OTHER, type Registry } from './registry.ts';
import { SESSION_OUTCOMES, SESSION_REASONS, sessionOutcomeOf } from './session-outcome.ts';

/** Latency buckets (seconds): a cached CreateSession takes about a millisecond, a cold one tens. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const PROTOCOLS = ['rest-json', 'query', 'json-1.1', 'console'];
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
const ERROR_TYPES = ['none', ...Object.keys(ERROR_CATALOGUE)];
/** The edge's own operations, beside those of the API tables. */
export const EDGE_OPERATIONS = [
  'CreateSession',
  'Authorize',
  'Healthz',
  'GetMetrics',
  'ListAuditEvents',
  'ExportAuditEvents',
  'EvaluateNotifications',
  'ListNotificationEvents',
  'Console',
  'ConsoleSignIn',
  'ConsoleSignOut',
  'SetConsolePassword',
  'DeleteConsoleUser',
];

export const CACHES = [
  'certificate',
  'path_validation',
  'trust_decision',
  'policy',
  'session_reads',
] as const;
export type CacheName = (typeof CACHES)[number];

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/** Read at scrape time. */
export interface MetricSources {
  /** Every operation name the server can run (the API tables); others are counted as `other`. */
  readonly operations: Iterable<string>;
  readonly caches: Readonly<Record<CacheName, () => CacheStats>>;
  readonly audit: () => {
    readonly pending: number;
    readonly written: number;
    readonly failedWrites: number;
    readonly lost: number;
  };
  /** CreateSession sightings waiting for their batched write (subject-recorder.ts). */
  readonly subjectSightingsPending: () => number;
  /** Webhook deliveries and evaluations still running (expiry-notifier.ts). */
  readonly notificationsInProgress: () => number;
  readonly requestsInFlight: () => number;
}

/** One request as the edge saw it when it finished (handle-request.ts). */
export interface FinishedRequest {
  readonly method: string | undefined;
  readonly rawPath: string;
  readonly isAcmPca: boolean;
  readonly isQuery: boolean;
  readonly operation: string | undefined;
  readonly status: number;
  readonly failure: { readonly type: string; readonly reason: string; readonly fault: string } | undefined;
  /** `performance.now()` when the request arrived. */
  readonly started: number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** The edge's one call per request, after its response was written. */
  requestDone(request: FinishedRequest): void;
}

export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = createRegistry();
  const operations = [...new Set([...sources.operations, ...EDGE_OPERATIONS])];

  const requests = registry.counter({
    name: 'anchorage_http_requests_total',
    help: 'Requests answered, by protocol, operation, status class and AWS error type (none for success).',
    labels: {
      protocol: PROTOCOLS,
      operation: operations,
      status_class: STATUS_CLASSES,
      error_type: ERROR_TYPES,
    },
  });
  const latency = registry.histogram({
    name: 'anchorage_http_request_duration_seconds',
    help: 'Time from the request line to the response written, by operation.',
    labels: { operation: operations },
    buckets: LATENCY_BUCKETS,
  });
  const sessions = registry.counter({
    name: 'anchorage_create_session_total',
    help: 'CreateSession decisions: allowed, denied (by the check that refused) or error.',
    labels: { outcome: SESSION_OUTCOMES, reason: SESSION_REASONS },
  });
  registry.collected({
    name: 'anchorage_http_requests_in_flight',
    help: 'Requests received and not yet answered.',
    type: 'gauge',
    collect: () => [{ labels: {}, value: sources.requestsInFlight() }],
  });
  registry.collected({
    name: 'anchorage_cache_lookups_total',
    help: 'Cache lookups by cache and result (hit or miss); the hit rate is hits over both.',
    type: 'counter',
    labels: { cache: CACHES, result: ['hit', 'miss'] },
    collect: () =>
      CACHES.flatMap((cache) => {
        const stats = sources.caches[cache]();
        return [
          { labels: { cache, result: 'hit' }, value: stats.hits },
          { labels: { cache, result: 'miss' }, value: stats.misses },
        ];
      }),
  });
  registry.collected({
    name: 'anchorage_cache_entries',
    help: 'Entries held by each cache.',
    type: 'gauge',
    labels: { cache: CACHES },
    collect: () => CACHES.map((cache) => ({ labels: { cache }, value: sources.caches[cache]().size })),
  });
  const one = (name: string, help: string, type: 'counter' | 'gauge', read: () => number) =>
    registry.collected({ name, help, type, collect: () => [{ labels: {}, value: read() }] });
  one(
    'anchorage_audit_backlog_records',
    'Audit records queued and not yet written to the store.',
    'gauge',
    () => sources.audit().pending,
  );
  one(
    'anchorage_audit_records_written_total',
    'Audit records written to the store.',
    'counter',
    () => sources.audit().written,
  );
  one(
    'anchorage_audit_write_failures_total',
    'Failed audit batch writes (store errors; the records stay queued and are retried).',
    'counter',
    () => sources.audit().failedWrites,
  );
  one(
    'anchorage_audit_records_lost_total',
    'Audit records that could not be written before shutdown.',
    'counter',
    () => sources.audit().lost,
  );
  one(
    'anchorage_subject_sightings_pending',
    'CreateSession subject sightings waiting for their batched write.',
    'gauge',
    sources.subjectSightingsPending,
  );
  one(
    'anchorage_notifications_in_progress',
    'Expiry evaluations and webhook deliveries still running.',
    'gauge',
    sources.notificationsInProgress,
  );
  const limits = Object.keys(limitRejections) as (keyof typeof limitRejections)[];
  registry.collected({
    name: 'anchorage_limit_rejections_total',
    help: 'Requests refused by a rate limit (by bucket), the concurrency cap, a full replay cache, a replayed CreateSession or too many header fields.',
    type: 'counter',
    labels: { limit: [...BUCKET_NAMES, ...limits] },
    collect: () => [
      ...BUCKET_NAMES.map((limit) => ({ labels: { limit }, value: rateLimitRejections[limit] })),
      ...limits.map((limit) => ({ labels: { limit }, value: limitRejections[limit] })),
    ],
  });
  registerProcessMetrics(registry);

  return {
    registry,
    requestDone(request) {
      const operation = operationOf(request);
      const seconds = (performance.now() - request.started) / 1000;
      requests.inc({
        protocol: protocolOf(request),
        operation,
        status_class: statusClassOf(request.status),
        error_type: request.failure?.type ?? 'none',
      });
      latency.observe({ operation }, seconds);
      if (operation === 'CreateSession') sessions.inc(sessionOutcomeOf(request.failure));
    },
  };
}

/** The operation the pipeline named, or what the path alone says when it failed before naming one. */
function operationOf(request: FinishedRequest): string {
  if (request.operation !== undefined) return request.operation;
  const { method, rawPath } = request;
  // As handle-request.ts routes them: CreateSession at `/sessions` behind any prefix.
  if (method === 'POST' && (rawPath === '/sessions' || rawPath.endsWith('/sessions'))) return 'CreateSession';
  if (method === 'GET' && rawPath === '/healthz') return 'Healthz';
  return OTHER;
}

function protocolOf(request: FinishedRequest): string {
  if (request.isAcmPca) return 'json-1.1';
  if (request.isQuery) return 'query';
  if (isConsolePath(request.rawPath)) return 'console';
  return 'rest-json';
}

function statusClassOf(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : OTHER;
}

/** The metrics answer on the main port, when a token allows it there (metrics-endpoint.ts). */
export type MainPortMetrics = (
  req: IncomingMessage,
  res: ServerResponse,
  trace: { operation?: string },
) => Promise<number>;
