/**
 * Webhook delivery against a local receiver: headers and signature, retries on 5xx/429/network
 * errors/timeouts with exponential backoff, final 4xx and redirects, and shutdown.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import type { DeliveryOutcome, ExpiryEvent } from '@anchorage/core/notifications/records';
import { createWebhookSender } from '../../src/notifications/webhook-sender.ts';

const SECRET = Buffer.from('test-webhook-secret-0123456789');
const event: ExpiryEvent = {
  version: '0',
  id: '0b1f8b8e-49a5-8c1d-9f3a-5d6e7f8091a2',
  'detail-type': 'Roles Anywhere Certificate Expiration State Change',
  source: 'aws.rolesanywhere',
  account: '000000000000',
  time: '2030-01-01T00:01:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/x'],
  detail: { 'certificate-serial-number': '01', 'days-to-expiry': 9, issuer: 'CN=Root' },
};

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
type Answer = number | 'hang' | 'drop';

let server: Server;
let url: string;
let script: Answer[] = [];
let received: Received[] = [];
const hanging: ServerResponse[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const answer = script.shift() ?? 200;
      if (answer === 'hang') hanging.push(res);
      else if (answer === 'drop') req.socket.destroy();
      else res.writeHead(answer, answer === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=abc`;
});

after(() => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  script = [];
  waits = [];
  received = [];
});

/** The delays the sender asked to wait between attempts (the waits themselves are short). */
let waits: number[] = [];
const sender = (options: { timeoutMs?: number; maxAttempts?: number; url?: string } = {}) =>
  createWebhookSender({
    url,
    secret: SECRET,
    baseDelayMs: 10,
    wait: async (ms) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, 1));
    },
    ...options,
  });

async function send(s = sender(), signal = new AbortController().signal) {
  const progress: DeliveryOutcome[] = [];
  const outcome = await s.send(event, signal, async (o) => {
    progress.push(o);
  });
  return { outcome, progress };
}

test('ok/a 2xx delivers at once: JSON body, event id, timestamp and a signature that verifies', async () => {
  script = [204];
  const before = Math.floor(Date.now() / 1000);
  const { outcome, progress } = await send();
  assert.equal(outcome.status, 'delivered');
  assert.equal(outcome.attempts, 1);
  assert.equal(outcome.lastError, undefined);
  assert.deepEqual(progress, [outcome]);
  const [request] = received;
  assert.ok(request !== undefined);
  assert.deepEqual(JSON.parse(request.body), event);
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['x-anchorage-event-id'], event.id);
  const timestamp = String(request.headers['x-anchorage-timestamp']);
  assert.ok(Number(timestamp) >= before && Number(timestamp) <= before + 2);
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request.body}`).digest('hex');
  assert.equal(request.headers['x-anchorage-signature'], `sha256=${expected}`);
});

test('ok/500 twice then 200: delivered on the third attempt after 10 ms and 20 ms', async () => {
  script = [500, 503, 200];
  const { outcome, progress } = await send();
  assert.deepEqual(
    progress.map((p) => [p.status, p.attempts, p.lastError]),
    [
      ['pending', 1, 'HTTP 500'],
      ['pending', 2, 'HTTP 503'],
      ['delivered', 3, undefined],
    ],
  );
  assert.equal(outcome.status, 'delivered');
  assert.deepEqual(waits, [10, 20], 'exponential backoff from the base delay');
  // Each attempt is signed afresh; the event id stays.
  assert.equal(new Set(received.map((r) => r.headers['x-anchorage-event-id'])).size, 1);
});

test('ok/429 is retried', async () => {
  script = [429, 200];
  assert.equal((await send()).outcome.attempts, 2);
});

for (const status of [400, 404, 410, 302]) {
  test(`fail/${status} is final: one attempt, failed`, async () => {
    script = [status];
    const { outcome } = await send();
    assert.deepEqual([outcome.status, outcome.attempts, outcome.lastError], ['failed', 1, `HTTP ${status}`]);
    assert.equal(received.length, 1);
  });
}

test('fail/5xx every time: failed after maxAttempts', async () => {
  script = [500, 500, 500, 500];
  const { outcome } = await send(sender({ maxAttempts: 3 }));
  assert.deepEqual([outcome.status, outcome.attempts], ['failed', 3]);
  assert.equal(received.length, 3);
});

test('ok/a dropped connection and a timeout are retried', async () => {
  script = ['drop', 'hang', 200];
  const { progress } = await send(sender({ timeoutMs: 200 }));
  assert.match(progress[0]?.lastError ?? '', /^network error: /);
  assert.equal(progress[1]?.lastError, 'no response within 200 ms');
  assert.equal(progress[2]?.status, 'delivered');
});

test('fail/nobody listening: network errors until failed, without the URL in the error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  const { outcome } = await send(sender({ url: `http://127.0.0.1:${port}/hook?token=abc`, maxAttempts: 2 }));
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.lastError, 'network error: ECONNREFUSED');
});

test('ok/shutdown interrupts a hanging attempt at once and leaves the delivery pending', async () => {
  script = ['hang'];
  const shutdown = new AbortController();
  const sending = send(sender({ timeoutMs: 10_000 }), shutdown.signal);
  while (received.length === 0) await new Promise((r) => setTimeout(r, 5));
  shutdown.abort();
  // Interrupted, not timed out: the 10 s timeout would have said so in lastError.
  const { outcome } = await sending;
  assert.deepEqual(
    [outcome.status, outcome.attempts, outcome.lastError],
    ['pending', 1, 'interrupted by shutdown'],
  );
});
