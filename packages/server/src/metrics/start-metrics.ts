/**
 * Metrics in a serving process (serve.ts): the registry, and where its values go — the
 * `--metrics-address` listener in a single process, the primary in a worker of `--workers N`
 * (cluster-metrics.ts serves the listener there), and `/metrics` on the main port when a token
 * is configured. Neither flag: no metrics at all, and the request path pays nothing.
 */
import cluster from 'node:cluster';
import type { CertificateCache } from '@anchorage/core/x509/certificate-cache';
import type { ValidationCache } from '@anchorage/core/x509/path/validation-cache';
import type { AuditRecorder } from '../audit/audit-recorder.ts';
import { policyCacheStats } from '../authz/policy-cache.ts';
import type { ServerConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { TrustDecisions } from '../sessions/trust-decisions.ts';
import { renderExposition } from './exposition.ts';
import { mergeSnapshots } from './merge-snapshots.ts';
import { type MetricsListener, sendExposition, startMetricsListener } from './metrics-listener.ts';
import { loadMetricsToken } from './metrics-token.ts';
import {
  createServerMetrics,
  type FinishedRequest,
  type MainPortMetrics,
  type MetricSources,
} from './server-metrics.ts';
import { connectWorkerMetrics } from './worker-metrics-channel.ts';

/** What the request handler is given (handle-request.ts). */
export interface RequestMetrics {
  requestDone(request: FinishedRequest): void;
  /** `GET /metrics` on the main port; only when a token is configured. */
  readonly mainPort?: MainPortMetrics;
}

/** The parts of the server whose state is measured, as serve.ts has them. */
export interface MeasuredParts {
  /** The API tables (by operation name) the server runs. */
  readonly operationTables: readonly Readonly<Record<string, unknown>>[];
  readonly certificates: CertificateCache;
  readonly validationCache: ValidationCache;
  readonly trustDecisions: TrustDecisions;
  readonly reads: { stats(): { hits: number; misses: number; size: number } };
  readonly audit: Pick<AuditRecorder, 'stats'>;
  readonly subjects: { pendingSightings(): number };
  readonly notifier: { inProgress(): number };
  readonly requestsInFlight: () => number;
}

export interface RunningMetrics {
  readonly requests: RequestMetrics | undefined;
  close(): Promise<void>;
}

export async function startMetrics(
  config: ServerConfig,
  logger: Logger,
  parts: MeasuredParts,
): Promise<RunningMetrics> {
  if (config.metricsAddress === undefined && config.metricsTokenFile === undefined) {
    return { requests: undefined, close: async () => undefined };
  }
  const token = config.metricsTokenFile === undefined ? undefined : loadMetricsToken(config.metricsTokenFile);
  const metrics = createServerMetrics(sourcesOf(parts));
  const channel = cluster.isWorker ? connectWorkerMetrics(metrics.registry) : undefined;
  // A single process is shown as worker 0, as the primary of `--workers N` shows its workers.
  const gather =
    channel?.gather ??
    (async () => renderExposition(mergeSnapshots([{ worker: '0', families: metrics.registry.snapshot() }])));
  let listener: MetricsListener | undefined;
  if (channel === undefined && config.metricsAddress !== undefined) {
    listener = await startMetricsListener({ address: config.metricsAddress, token, gather, logger });
  }
  const mainPort: MainPortMetrics | undefined =
    token === undefined
      ? undefined
      : async (req, res, trace) => {
          trace.operation = 'GetMetrics';
          token.check(req);
          sendExposition(res, await gather());
          return 200;
        };
  return {
    requests: { requestDone: metrics.requestDone, ...(mainPort === undefined ? {} : { mainPort }) },
    async close() {
      channel?.close();
      await listener?.close();
    },
  };
}

function sourcesOf(parts: MeasuredParts): MetricSources {
  return {
    operations: parts.operationTables.flatMap((table) => Object.keys(table)),
    caches: {
      certificate: () => ({ ...parts.certificates.stats(), size: parts.certificates.size }),
      path_validation: () => ({ ...parts.validationCache.stats(), size: parts.validationCache.size }),
      trust_decision: () => parts.trustDecisions.stats(),
      policy: policyCacheStats,
      session_reads: () => parts.reads.stats(),
    },
    audit: () => parts.audit.stats(),
    subjectSightingsPending: () => parts.subjects.pendingSightings(),
    notificationsInProgress: () => parts.notifier.inProgress(),
    requestsInFlight: parts.requestsInFlight,
  };
}
