/**
 * Prometheus metrics end to end: a real server with `--metrics-address` on a free port and a
 * `--metrics-token-file`; real CreateSession calls (granted and refused) and control-plane calls;
 * every scrape read back with a strict reader of the text format. Counters move by exactly the
 * requests made, with the right labels; histogram counts follow; caches report hits on a repeated
 * request; queue-depth and process gauges are there. `/metrics` on the main port needs the token
 * (and without one configured answers like any unknown unsigned path). With `--workers 2` the
 * primary adds the workers' values up, and a stopped or killed worker neither hangs the scrape
 * nor makes the counters go back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issue, type TestIdentity } from './support/certificates.ts';
import { createSession } from './support/create-session-client.ts';
import { type Family, parsePrometheusText, sampleValue, sumOf } from './support/prometheus-text.ts';
import { control, type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const TOKEN = 'metrics-test-token-0123456789abcdef';
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Scrape = Map<string, Family>;

async function scrape(url: string, token?: string): Promise<Scrape> {
  const response = await fetch(
    url,
    token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
  );
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.equal(response.headers.get('content-type'), CONTENT_TYPE);
  return parsePrometheusText(text);
}

function tokenFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'anchorage-metrics-')), 'token');
  writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
  return file;
}

async function metricsUrlOf(server: ServerProcess): Promise<string> {
  const line = await server.waitForLog((l) => l.msg === 'metrics listening');
  return String(line.url);
}

/** The change of one series between two scrapes (absent counts as 0). */
const delta = (a: Scrape, b: Scrape, name: string, labels: Record<string, string>) =>
  (sampleValue(b, name, labels) ?? 0) - (sampleValue(a, name, labels) ?? 0);

const requestsOf = (operation: string, statusClass: string, errorType = 'none', protocol = 'rest-json') => ({
  protocol,
  operation,
  status_class: statusClass,
  error_type: errorType,
});

function workload(root: TestIdentity, cn: string): TestIdentity {
  return issue({ subject: [['CN', cn]], issuer: root });
}

let sent = 0;

/**
 * A CreateSession with a duration of its own, so that two calls within one second are not one
 * request replayed (the replay check refuses a string to sign seen before).
 */
async function createSessionAs(
  server: ServerProcess,
  leaf: TestIdentity,
  arns: RolesAnywhereSetup,
  options: { durationSeconds?: number; now?: number } = {},
) {
  sent += 1;
  return createSession({
    endpoint: server.url,
    arns,
    certificate: leaf.der,
    privateKey: leaf.privateKey,
    serial: leaf.serial,
    body: { durationSeconds: options.durationSeconds ?? 900 + sent },
    // A given time makes the request reproducible: the same bytes twice are a replay.
    ...(options.now === undefined ? {} : { now: options.now, invocationId: false }),
  });
}

/** GET on a fresh connection (the kernel may hand it to any worker), with optional headers. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; errorType?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        const errorType = res.headers['x-amzn-errortype'];
        resolve({ status: res.statusCode ?? 0, ...(typeof errorType === 'string' ? { errorType } : {}) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('metrics of one process', () => {
  let server: ServerProcess;
  let metricsUrl: string;
  let setup: RolesAnywhereSetup;
  const root = issue({ subject: [['CN', 'Metrics Root']], ca: true });

  before(async () => {
    server = await startServer({
      args: ['--metrics-address', '127.0.0.1:0', '--metrics-token-file', tokenFile()],
    });
    metricsUrl = await metricsUrlOf(server);
    setup = await setUpRolesAnywhere(server, root.pem);
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/a granted and a refused CreateSession and a control-plane call move the counters by exactly one each', async () => {
    const leaf = workload(root, 'metrics-counted');
    const before = await scrape(metricsUrl, TOKEN);

    const granted = await createSessionAs(server, leaf, setup);
    assert.equal(granted.status, 201, JSON.stringify(granted.json));
    const refused = await createSessionAs(server, leaf, {
      ...setup,
      roleArn: 'arn:aws:iam::000000000000:role/NotInTheProfile',
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.errorType, 'AccessDeniedException');
    await control(server, 'GET', '/trustanchors');

    const after = await scrape(metricsUrl, TOKEN);
    const requests = 'anchorage_http_requests_total';
    assert.equal(delta(before, after, requests, requestsOf('CreateSession', '2xx')), 1);
    assert.equal(
      delta(before, after, requests, requestsOf('CreateSession', '4xx', 'AccessDeniedException')),
      1,
    );
    assert.equal(delta(before, after, requests, requestsOf('ListTrustAnchors', '2xx')), 1);
    assert.equal(sumOf(after, requests) - sumOf(before, requests), 3, 'nothing else was counted');

    const sessions = 'anchorage_create_session_total';
    assert.equal(delta(before, after, sessions, { outcome: 'allowed', reason: 'none' }), 1);
    assert.equal(delta(before, after, sessions, { outcome: 'denied', reason: 'role_not_in_profile' }), 1);
    assert.equal(sumOf(after, sessions) - sumOf(before, sessions), 2);

    const count = 'anchorage_http_request_duration_seconds_count';
    assert.equal(delta(before, after, count, { operation: 'CreateSession' }), 2);
    assert.equal(delta(before, after, count, { operation: 'ListTrustAnchors' }), 1);
    const inf = 'anchorage_http_request_duration_seconds_bucket';
    assert.equal(delta(before, after, inf, { operation: 'CreateSession', le: '+Inf' }), 2);
    assert.ok(
      (sampleValue(after, 'anchorage_http_request_duration_seconds_sum', { operation: 'CreateSession' }) ??
        0) > 0,
    );

    // Queue depths, in-flight requests and the process are reported (their values vary).
    for (const gauge of [
      'anchorage_audit_backlog_records',
      'anchorage_subject_sightings_pending',
      'anchorage_notifications_in_progress',
    ]) {
      const value = sampleValue(after, gauge);
      assert.ok(value !== undefined && value >= 0, gauge);
      assert.equal(after.get(gauge)?.type, 'gauge');
    }
    assert.equal(
      sampleValue(after, 'anchorage_http_requests_in_flight'),
      0,
      'the scrape is not on the main port',
    );
    assert.ok((sampleValue(after, 'process_resident_memory_bytes', { worker: '0' }) ?? 0) > 1_000_000);
    assert.ok((sampleValue(after, 'nodejs_heap_used_bytes', { worker: '0' }) ?? 0) > 0);
    assert.ok(
      sampleValue(after, 'nodejs_eventloop_delay_seconds', { worker: '0', quantile: '0.99' }) !== undefined,
    );
    assert.ok(sampleValue(after, 'anchorage_process_uptime_seconds', { worker: '0' }) !== undefined);
  });

  test('ok/a repeated CreateSession is answered from the caches, and the hits are counted', async () => {
    const leaf = workload(root, 'metrics-cached');
    const first = await scrape(metricsUrl, TOKEN);
    assert.equal((await createSessionAs(server, leaf, setup)).status, 201);
    const second = await scrape(metricsUrl, TOKEN);
    assert.equal((await createSessionAs(server, leaf, setup)).status, 201);
    const third = await scrape(metricsUrl, TOKEN);

    const lookups = 'anchorage_cache_lookups_total';
    const moved = (a: Scrape, b: Scrape, cache: string, result: string) =>
      delta(a, b, lookups, { cache, result });
    // A new certificate: parsed, validated and judged afresh.
    assert.equal(moved(first, second, 'certificate', 'miss'), 1);
    assert.equal(moved(first, second, 'certificate', 'hit'), 0);
    assert.equal(moved(first, second, 'path_validation', 'miss'), 1);
    assert.equal(moved(first, second, 'trust_decision', 'miss'), 1);
    // The same certificate again: every one of those from memory.
    assert.equal(moved(second, third, 'certificate', 'hit'), 1);
    assert.equal(moved(second, third, 'certificate', 'miss'), 0);
    assert.equal(moved(second, third, 'path_validation', 'hit'), 1);
    assert.equal(moved(second, third, 'path_validation', 'miss'), 0);
    assert.equal(moved(second, third, 'trust_decision', 'hit'), 1);
    assert.equal(moved(second, third, 'trust_decision', 'miss'), 0);
    assert.equal(moved(second, third, 'policy', 'hit'), 1, 'the trust policy, parsed once');
    assert.equal(moved(second, third, 'policy', 'miss'), 0);
    // Anchor, profile, CRLs and role are read per call: from memory unless the store changed since.
    const reads =
      moved(second, third, 'session_reads', 'hit') + moved(second, third, 'session_reads', 'miss');
    assert.equal(reads, 4);
    for (const cache of ['certificate', 'path_validation', 'trust_decision', 'policy', 'session_reads']) {
      assert.ok((sampleValue(third, 'anchorage_cache_entries', { cache }) ?? 0) >= 1, cache);
    }
  });

  test('fail/a CreateSession replayed is counted as denied, reason replayed', async () => {
    const leaf = workload(root, 'metrics-replayed');
    const before = await scrape(metricsUrl, TOKEN);
    const now = Date.now();
    assert.equal((await createSessionAs(server, leaf, setup, { durationSeconds: 1800, now })).status, 201);
    const replayed = await createSessionAs(server, leaf, setup, { durationSeconds: 1800, now });
    assert.equal(replayed.status, 403);
    assert.equal(replayed.errorType, 'AccessDeniedException');
    const after = await scrape(metricsUrl, TOKEN);
    const sessions = 'anchorage_create_session_total';
    assert.equal(delta(before, after, sessions, { outcome: 'allowed', reason: 'none' }), 1);
    assert.equal(delta(before, after, sessions, { outcome: 'denied', reason: 'replayed' }), 1);
    assert.equal(delta(before, after, 'anchorage_limit_rejections_total', { limit: 'replayed' }), 1);
  });

  test('ok/the main port serves /metrics with the bearer token; fail/without it or with a wrong one it refuses', async () => {
    const main = `${server.url}/metrics`;
    const missing = await get(main);
    assert.equal(missing.status, 403);
    assert.equal(missing.errorType, 'MissingAuthenticationTokenException');
    const wrong = await get(main, { authorization: `Bearer ${TOKEN}0` });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.errorType, 'AccessDeniedException');
    const basic = await get(main, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` });
    assert.equal(basic.status, 403);
    assert.equal(basic.errorType, 'AccessDeniedException');

    const viaMain = await scrape(main, TOKEN);
    const requests = 'anchorage_http_requests_total';
    // The refusals above were counted, as such, before this scrape was made.
    assert.equal(
      sampleValue(viaMain, requests, requestsOf('GetMetrics', '4xx', 'MissingAuthenticationTokenException')),
      1,
    );
    assert.equal(sampleValue(viaMain, requests, requestsOf('GetMetrics', '4xx', 'AccessDeniedException')), 2);
    const line = await server.waitForLog(
      (l) => l.msg === 'request' && l.errorType === 'AccessDeniedException',
    );
    assert.equal(JSON.stringify(line).includes(TOKEN), false, 'the token is never logged');
    assert.equal(
      server.logs.some((l) => JSON.stringify(l).includes(TOKEN)),
      false,
      'the token appears in no log line',
    );
  });

  test('fail/the metrics listener serves GET /metrics only, and only with the token when one is set', async () => {
    const without = await get(metricsUrl);
    assert.equal(without.status, 403);
    assert.equal(without.errorType, 'MissingAuthenticationTokenException');
    const wrong = await get(metricsUrl, { authorization: 'Bearer not-the-token-at-all' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.errorType, 'AccessDeniedException');
    const other = await get(metricsUrl.replace('/metrics', '/healthz'), { authorization: `Bearer ${TOKEN}` });
    assert.equal(other.status, 404);
    assert.equal(other.errorType, 'UnknownOperationException');
    const post = await fetch(metricsUrl, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(post.status, 404);
    assert.equal(post.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    // None of this reached the main port's counters: the listener is separate.
    const now = await scrape(metricsUrl, TOKEN);
    assert.equal(
      sampleValue(
        now,
        'anchorage_http_requests_total',
        requestsOf('other', '4xx', 'UnknownOperationException'),
      ),
      undefined,
    );
  });
});

describe('metrics with --workers 2', () => {
  let server: ServerProcess;
  let metricsUrl: string;
  let setup: RolesAnywhereSetup;
  const root = issue({ subject: [['CN', 'Metrics Workers Root']], ca: true });

  before(async () => {
    server = await startServer({
      args: ['--workers', '2', '--metrics-address', '127.0.0.1:0', '--metrics-token-file', tokenFile()],
    });
    metricsUrl = await metricsUrlOf(server);
    setup = await setUpRolesAnywhere(server, root.pem);
    // Both workers are up (each logs `listening` with its pid).
    const deadline = Date.now() + 15_000;
    while (new Set(server.logs.filter((l) => l.msg === 'listening').map((l) => l.pid)).size < 2) {
      if (Date.now() > deadline) throw new Error('two workers did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    await server?.stop();
  });

  const workerPids = () =>
    [...new Set(server.logs.filter((l) => l.msg === 'listening').map((l) => Number(l.pid)))].filter(
      (pid) => pid !== server.child.pid,
    );

  test('ok/the primary adds up every worker: the totals are the requests sent', async (t) => {
    const before = await scrape(metricsUrl, TOKEN);
    const leaf = workload(root, 'metrics-workers');
    const sessions = 6;
    for (let i = 0; i < sessions; i++) assert.equal((await createSessionAs(server, leaf, setup)).status, 201);
    // Health checks on fresh connections until both workers have served some (bounded).
    const servedBy = new Set<unknown>();
    let checks = 0;
    while (checks < 20 || (servedBy.size < 2 && checks < 400)) {
      const response = await get(`${server.url}/healthz`);
      assert.equal(response.status, 200);
      checks += 1;
      for (const l of server.logs) if (l.msg === 'request' && l.path === '/healthz') servedBy.add(l.pid);
    }
    t.diagnostic(`${checks} health checks, served by ${servedBy.size} workers`);
    const after = await scrape(metricsUrl, TOKEN);
    const requests = 'anchorage_http_requests_total';
    assert.equal(delta(before, after, requests, requestsOf('CreateSession', '2xx')), sessions);
    assert.equal(delta(before, after, requests, requestsOf('Healthz', '2xx')), checks);
    assert.equal(sumOf(after, requests) - sumOf(before, requests), sessions + checks);
    assert.equal(
      delta(before, after, 'anchorage_create_session_total', { outcome: 'allowed', reason: 'none' }),
      sessions,
    );
    assert.equal(
      delta(before, after, 'anchorage_http_request_duration_seconds_count', { operation: 'Healthz' }),
      checks,
    );
    // Per-process gauges are kept apart by worker slot; the primary reports both answered.
    assert.ok((sampleValue(after, 'process_resident_memory_bytes', { worker: '0' }) ?? 0) > 0);
    assert.ok((sampleValue(after, 'process_resident_memory_bytes', { worker: '1' }) ?? 0) > 0);
    assert.equal(after.get('process_resident_memory_bytes')?.samples.length, 2);
    assert.equal(sampleValue(after, 'anchorage_cluster_workers', { state: 'answered' }), 2);
    assert.equal(servedBy.size, 2, `both workers served health checks (${checks} sent)`);
  });

  test('ok//metrics on the main port, served by a worker, gives every worker’s totals', async () => {
    const viaListener = await scrape(metricsUrl, TOKEN);
    const viaMain = await scrape(`${server.url}/metrics`, TOKEN);
    const requests = 'anchorage_http_requests_total';
    assert.equal(sumOf(viaMain, requests), sumOf(viaListener, requests), 'the same sums, not one worker’s');
    assert.equal(sampleValue(viaMain, 'anchorage_cluster_workers', { state: 'answered' }), 2);
    const after = await scrape(metricsUrl, TOKEN);
    assert.equal(delta(viaListener, after, requests, requestsOf('GetMetrics', '2xx')), 1);
    const refused = await get(`${server.url}/metrics`, {
      authorization: 'Bearer wrong-token-of-some-length',
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.errorType, 'AccessDeniedException');
  });

  test('ok/a stopped worker does not hang the scrape, and a killed one does not make counters go back', async () => {
    const [stopped, killed] = workerPids();
    assert.ok(stopped !== undefined && killed !== undefined);
    const before = await scrape(metricsUrl, TOKEN);
    const total = sumOf(before, 'anchorage_http_requests_total');

    process.kill(stopped, 'SIGSTOP');
    let during: Scrape;
    try {
      during = await scrape(metricsUrl, TOKEN);
    } finally {
      process.kill(stopped, 'SIGCONT');
    }
    assert.equal(sampleValue(during, 'anchorage_cluster_workers', { state: 'answered' }), 1);
    assert.equal(sampleValue(during, 'anchorage_cluster_workers', { state: 'stale' }), 1);
    assert.equal(sumOf(during, 'anchorage_http_requests_total'), total, 'its last values stand in for it');
    assert.ok((sampleValue(during, 'anchorage_cluster_scrape_timeouts_total') ?? 0) >= 1);

    await scrape(metricsUrl, TOKEN); // both answer again: the primary has everyone's latest values
    process.kill(killed, 'SIGKILL');
    await server.waitForLog((l) => l.msg === 'worker died; starting another' && l.pid === killed);
    const deadline = Date.now() + 15_000;
    while (workerPids().length < 3) {
      if (Date.now() > deadline) throw new Error('no replacement worker');
      await new Promise((r) => setTimeout(r, 50));
    }
    const afterKill = await scrape(metricsUrl, TOKEN);
    assert.equal(
      sumOf(afterKill, 'anchorage_http_requests_total'),
      total,
      'the dead worker’s counts are kept',
    );
    assert.equal(sampleValue(afterKill, 'anchorage_cluster_workers', { state: 'answered' }), 2);
    assert.equal(sampleValue(afterKill, 'anchorage_cluster_worker_exits_total'), 1);
    const slots = (afterKill.get('process_resident_memory_bytes')?.samples ?? [])
      .map((s) => s.labels.worker)
      .sort();
    assert.deepEqual(slots, ['0', '1'], 'the replacement takes the dead worker’s slot');
  });
});

describe('metrics without a token', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startServer({ args: ['--metrics-address', '127.0.0.1:0'] });
  });

  after(async () => {
    await server?.stop();
  });

  test('fail/without a token, /metrics on the main port answers like any unknown unsigned path; the listener serves it', async () => {
    const metrics = await get(`${server.url}/metrics`);
    const unknown = await get(`${server.url}/no-such-path`);
    assert.equal(metrics.status, 403);
    assert.equal(metrics.errorType, 'MissingAuthenticationTokenException');
    assert.deepEqual(metrics, unknown);
    const scraped = await scrape(await metricsUrlOf(server));
    assert.equal(
      sampleValue(
        scraped,
        'anchorage_http_requests_total',
        requestsOf('other', '4xx', 'MissingAuthenticationTokenException'),
      ),
      2,
      'both were refused alike, before any operation was named',
    );
  });
});
