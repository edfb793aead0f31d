/**
 * The registry and the text exposition format 0.0.4: what is rendered parses back (with a strict
 * reader of the format) to the values recorded — HELP/TYPE lines, label escaping, cumulative
 * buckets with `le` and `+Inf`, `_sum` and `_count` — and label values stay within their sets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeLabelValue, formatNumber, renderExposition } from '../../src/metrics/exposition.ts';
import { createRegistry } from '../../src/metrics/registry.ts';
import { parsePrometheusText, sampleValue, sumOf } from '../support/prometheus-text.ts';

test('ok/counters, gauges and collected values render and parse back', () => {
  const registry = createRegistry();
  const requests = registry.counter({
    name: 'app_requests_total',
    help: 'Requests.',
    labels: { op: ['Get', 'Put'], status: ['2xx', '4xx'] },
  });
  const depth = registry.gauge({ name: 'app_queue_depth', help: 'Depth.' });
  let reads = 0;
  registry.collected({
    name: 'app_reads_total',
    help: 'Reads, counted elsewhere.',
    type: 'counter',
    collect: () => [{ labels: {}, value: reads }],
  });
  requests.inc({ op: 'Get', status: '2xx' });
  requests.inc({ op: 'Get', status: '2xx' });
  requests.inc({ op: 'Put', status: '4xx' }, 3);
  depth.set({}, 7);
  depth.add({}, -2);
  reads = 41;
  const text = renderExposition(registry.snapshot());
  const parsed = parsePrometheusText(text);
  assert.equal(parsed.get('app_requests_total')?.type, 'counter');
  assert.equal(parsed.get('app_requests_total')?.help, 'Requests.');
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Get', status: '2xx' }), 2);
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Put', status: '4xx' }), 3);
  assert.equal(sampleValue(parsed, 'app_requests_total', { op: 'Put', status: '2xx' }), undefined);
  assert.equal(parsed.get('app_queue_depth')?.type, 'gauge');
  assert.equal(sampleValue(parsed, 'app_queue_depth'), 5);
  assert.equal(sampleValue(parsed, 'app_reads_total'), 41, 'read at scrape time');
  assert.ok(text.endsWith('\n'));
  assert.match(text, /^# HELP app_requests_total Requests\.\n# TYPE app_requests_total counter\n/);
});

test('ok/a histogram has cumulative buckets, +Inf equal to _count, and _sum', () => {
  const registry = createRegistry();
  const latency = registry.histogram({
    name: 'app_latency_seconds',
    help: 'Latency.',
    labels: { op: ['Get'] },
    buckets: [0.01, 0.1, 1],
  });
  for (const v of [0.005, 0.01, 0.05, 0.5, 2, 30]) latency.observe({ op: 'Get' }, v);
  const parsed = parsePrometheusText(renderExposition(registry.snapshot()));
  const bucket = (le: string) => sampleValue(parsed, 'app_latency_seconds_bucket', { op: 'Get', le });
  assert.equal(bucket('0.01'), 2, 'le is inclusive: 0.01 falls in the 0.01 bucket');
  assert.equal(bucket('0.1'), 3);
  assert.equal(bucket('1'), 4);
  assert.equal(bucket('+Inf'), 6);
  assert.equal(sampleValue(parsed, 'app_latency_seconds_count', { op: 'Get' }), 6);
  assert.ok(Math.abs((sampleValue(parsed, 'app_latency_seconds_sum', { op: 'Get' }) ?? 0) - 32.565) < 1e-9);
});

test('ok/label values and HELP text are escaped and read back intact', () => {
  const hostile = 'a"b\\c\nd}{,=';
  const registry = createRegistry();
  registry.collected({
    name: 'app_odd',
    help: 'Back\\slash and\nnewline.',
    type: 'gauge',
    labels: { v: [hostile] },
    collect: () => [{ labels: { v: hostile }, value: 1 }],
  });
  const text = renderExposition(registry.snapshot());
  assert.ok(text.includes(`v="${escapeLabelValue(hostile)}"`));
  assert.equal(escapeLabelValue(hostile), 'a\\"b\\\\c\\nd}{,=');
  const parsed = parsePrometheusText(text);
  assert.equal(parsed.get('app_odd')?.help, 'Back\\slash and\nnewline.');
  assert.equal(sampleValue(parsed, 'app_odd', { v: hostile }), 1);
});

test('ok/a label value outside its declared set is recorded as other', () => {
  const registry = createRegistry();
  const c = registry.counter({ name: 'app_ops_total', help: 'Ops.', labels: { op: ['Get'] } });
  for (let i = 0; i < 1000; i++) c.inc({ op: `caller-chosen-${i}` });
  c.inc({ op: 'Get' });
  const parsed = parsePrometheusText(renderExposition(registry.snapshot()));
  assert.equal(parsed.get('app_ops_total')?.samples.length, 2, 'two series, however many values were sent');
  assert.equal(sampleValue(parsed, 'app_ops_total', { op: 'other' }), 1000);
  assert.equal(sumOf(parsed, 'app_ops_total'), 1001);
});

test('ok/numbers are written as Go ParseFloat reads them', () => {
  assert.equal(formatNumber(3), '3');
  assert.equal(formatNumber(0.25), '0.25');
  assert.equal(formatNumber(1e-7), '1e-7');
  assert.equal(formatNumber(Number.POSITIVE_INFINITY), '+Inf');
  assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-Inf');
  assert.equal(formatNumber(Number.NaN), 'NaN');
});

test('fail/invalid declarations are refused when registered', () => {
  const registry = createRegistry();
  registry.counter({ name: 'app_a_total', help: 'A.' });
  const refused: [string, () => void][] = [
    ['a counter not ending in _total', () => registry.counter({ name: 'app_b', help: 'B.' })],
    ['a name used twice', () => registry.counter({ name: 'app_a_total', help: 'A.' })],
    ['an invalid name', () => registry.gauge({ name: 'app-b', help: 'B.' })],
    ['a reserved label', () => registry.gauge({ name: 'app_c', help: 'C.', labels: { __x: ['1'] } })],
    ['the worker label', () => registry.gauge({ name: 'app_d', help: 'D.', labels: { worker: ['1'] } })],
    [
      'le outside buckets',
      () => registry.histogram({ name: 'app_e', help: 'E.', labels: { le: ['1'] }, buckets: [1] }),
    ],
    ['unsorted buckets', () => registry.histogram({ name: 'app_f', help: 'F.', buckets: [1, 0.5] })],
    ['an infinite bucket', () => registry.histogram({ name: 'app_g', help: 'G.', buckets: [1, Infinity] })],
  ];
  for (const [what, register] of refused) assert.throws(register, RangeError, what);
  const counter = registry.counter({ name: 'app_h_total', help: 'H.' });
  assert.throws(() => counter.inc({}, -1), RangeError, 'a counter does not go down');
});

test('fail/the reader of the format refuses malformed text (it is not a reader that accepts anything)', () => {
  const bad = [
    'x 1', // no trailing newline
    '# TYPE x counter\nx{a="1} 1\n', // unterminated value
    '# TYPE x counter\nx{a="\\q"} 1\n', // unknown escape
    '# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx 2\n', // family split
    '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', // not cumulative
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', // +Inf != count
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', // no +Inf
    '# TYPE x counter\nx one\n', // not a number
  ];
  for (const text of bad) assert.throws(() => parsePrometheusText(text), Error, JSON.stringify(text));
});
