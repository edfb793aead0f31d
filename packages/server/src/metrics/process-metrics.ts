/**
 * The process's own health: resident memory, V8 heap, event-loop delay and uptime. All are
 * `per-process` (kept apart by `worker` when several processes are merged): a sum of delays or
 * heap sizes would mean nothing. The standard `process_*` names are used where Prometheus's
 * client guidelines define them, so existing dashboards read them.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Registry } from './registry.ts';

/** The delay sampler's timer period: fine enough to see a 20 ms stall, cheap to run. */
const DELAY_RESOLUTION_MS = 10;
const NS_PER_SECOND = 1e9;

export function registerProcessMetrics(registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const startSeconds = Math.floor(Date.now() / 1000 - process.uptime());
  const single = (name: string, help: string, read: () => number) =>
    registry.collected({
      name,
      help,
      type: 'gauge',
      aggregation: 'per-process',
      collect: () => [{ labels: {}, value: read() }],
    });
  single('process_resident_memory_bytes', 'Resident set size.', () => process.memoryUsage.rss());
  single(
    'process_start_time_seconds',
    'Start time of the process, in seconds since the epoch.',
    () => startSeconds,
  );
  single('anchorage_process_uptime_seconds', 'Seconds since the process started.', () =>
    Math.round(process.uptime()),
  );
  single('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  single('nodejs_heap_total_bytes', 'V8 heap reserved.', () => process.memoryUsage().heapTotal);
  registry.collected({
    name: 'nodejs_eventloop_delay_seconds',
    help:
      'Event-loop delay since the previous scrape (perf_hooks.monitorEventLoopDelay): median, 99th ' +
      'percentile and maximum (quantile 1).',
    type: 'gauge',
    aggregation: 'per-process',
    labels: { quantile: ['0.5', '0.99', '1'] },
    collect() {
      // No sample yet (a scrape right after the previous one): report zero rather than NaN.
      const read = (value: number) =>
        delay.count === 0 || !Number.isFinite(value) ? 0 : value / NS_PER_SECOND;
      const readings = [
        { labels: { quantile: '0.5' }, value: read(delay.percentile(50)) },
        { labels: { quantile: '0.99' }, value: read(delay.percentile(99)) },
        { labels: { quantile: '1' }, value: read(delay.max) },
      ];
      // Each scrape sees the interval since the last one, not the whole life of the process.
      delay.reset();
      return readings;
    },
  });
}
