/**
 * Merging several workers' snapshots (the primary of `--workers N`): counters, `sum` gauges and
 * histograms (bucket by bucket) add up; per-process gauges stay apart under `worker`; the result
 * still parses as the text format.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderExposition } from '../../src/metrics/exposition.ts';
import { mergeSnapshots } from '../../src/metrics/merge-snapshots.ts';
import { createRegistry } from '../../src/metrics/registry.ts';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text.ts';

function worker(requests: number, latencies: number[], queue: number, rss: number) {
  const registry = createRegistry();
  const counter = registry.counter({
    name: 'app_requests_total',
    help: 'R.',
    labels: { op: ['Get', 'Put'] },
  });
  const histogram = registry.histogram({ name: 'app_seconds', help: 'S.', buckets: [0.1, 1] });
  registry.collected({
    name: 'app_queue',
    help: 'Q.',
    type: 'gauge',
    collect: () => [{ labels: {}, value: queue }],
  });
  registry.collected({
    name: 'app_rss_bytes',
    help: 'M.',
    type: 'gauge',
    aggregation: 'per-process',
    collect: () => [{ labels: {}, value: rss }],
  });
  for (let i = 0; i < requests; i++) counter.inc({ op: i % 2 === 0 ? 'Get' : 'Put' });
  for (const v of latencies) histogram.observe({}, v);
  return registry.snapshot();
}

test('ok/two workers add up; per-process gauges are labelled by worker', () => {
  const merged = mergeSnapshots([
    { worker: '0', families: worker(3, [0.05, 0.5], 2, 100) },
    { worker: '1', families: worker(4, [0.05, 5, 7], 5, 200) },
  ]);
  const parsed = parsePrometheusText(renderExposition(merged));
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Get' }), 2 + 2);
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Put' }), 1 + 2);
  assert.equal(sampleValue(parsed, 'app_seconds_bucket', { le: '0.1' }), 2);
  assert.equal(sampleValue(parsed, 'app_seconds_bucket', { le: '1' }), 3);
  assert.equal(sampleValue(parsed, 'app_seconds_bucket', { le: '+Inf' }), 5);
  assert.equal(sampleValue(parsed, 'app_seconds_count'), 5);
  assert.ok(Math.abs((sampleValue(parsed, 'app_seconds_sum') ?? 0) - 12.6) < 1e-9);
  assert.equal(sampleValue(parsed, 'app_queue'), 7, 'queue depths add up');
  assert.equal(sampleValue(parsed, 'app_rss_bytes', { worker: '0' }), 100);
  assert.equal(sampleValue(parsed, 'app_rss_bytes', { worker: '1' }), 200);
  assert.equal(sampleValue(parsed, 'app_rss_bytes'), undefined, 'memory is not summed');
});

test('ok/one process is merged as worker 0, with the same series as several', () => {
  const parsed = parsePrometheusText(
    renderExposition(mergeSnapshots([{ worker: '0', families: worker(1, [0.2], 1, 50) }])),
  );
  assert.equal(sampleValue(parsed, 'app_rss_bytes', { worker: '0' }), 50);
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Get' }), 1);
});

test('fail/a family of another shape under the same name is not mixed in', () => {
  const other = createRegistry();
  other.counter({ name: 'app_requests_total', help: 'R.', labels: { kind: ['x'] } }).inc({ kind: 'x' }, 99);
  const merged = mergeSnapshots([
    { worker: '0', families: worker(2, [], 0, 1) },
    { worker: '1', families: other.snapshot() },
  ]);
  const parsed = parsePrometheusText(renderExposition(merged));
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Get' }), 1);
  assert.equal(sampleValue(parsed, 'app_requests_total', { kind: 'x' }), undefined);
});
