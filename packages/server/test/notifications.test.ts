/**
 * Expiry notifications end to end, against the real server and a local webhook receiver: a CA
 * certificate near expiry and an end-entity certificate used with CreateSession produce
 * EventBridge-shaped events, signed with the webhook secret, delivered once per day (across
 * evaluations, restarts and workers), retried on 5xx, recorded and listed; a disabled setting
 * sends nothing; the API refuses unsigned, forged and unauthorised calls; a hanging webhook
 * holds nothing up; an invalid webhook URL stops the server at start.
 */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { issue, type TestIdentity } from './support/certificates.ts';
import { createSession } from './support/create-session-client.ts';
import { ACCOUNT, control, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type SignedResponse, sdkSignedFetch, signWithSdk } from './support/sdk-signed-fetch.ts';
import { newDataDir, type ServerProcess, startServer } from './support/server-process.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: Record<string, unknown> & {
    id: string;
    resources: string[];
    detail: Record<string, unknown>;
  };
}
type Answer = number | 'hang';

/** A webhook receiver: records every delivery; answers per trust anchor from a script, else 200. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const scripts = new Map<string, Answer[]>();
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const event = JSON.parse(body) as Delivery['event'];
      deliveries.push({ headers: req.headers, body, event });
      const answer = scripts.get(event.resources[0] ?? '')?.shift() ?? 200;
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/anchorage?token=t0k3n`,
    deliveries,
    scripts,
    for: (id: string) => deliveries.filter((d) => d.event.id === id),
    async waitFor(id: string, count = 1, timeoutMs = 15_000): Promise<Delivery[]> {
      const deadline = Date.now() + timeoutMs;
      while (deliveries.filter((d) => d.event.id === id).length < count) {
        if (Date.now() > deadline) throw new Error(`fewer than ${count} deliveries of ${id}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return deliveries.filter((d) => d.event.id === id);
    },
    close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
    },
  };
}

function verifySignature(delivery: Delivery, secret: string): void {
  const timestamp = String(delivery.headers['x-anchorage-timestamp']);
  assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 120, `timestamp ${timestamp}`);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex');
  assert.equal(delivery.headers['x-anchorage-signature'], `sha256=${expected}`);
}

const expiringCa = (name: string, days: number, serial?: bigint): TestIdentity =>
  issue({
    subject: [
      ['C', 'US'],
      ['O', 'Anchorage Test'],
      ['CN', name],
    ],
    ca: true,
    notAfter: Date.now() + days * DAY + HOUR,
    ...(serial === undefined ? {} : { serial }),
  });

interface StoredEvent {
  id: string;
  trustAnchorArn: string;
  notificationEvent: string;
  certificateId: string;
  evaluationDay: string;
  event: Delivery['event'];
  deliveries: { channel: string; status: string; attempts: number; lastError?: string }[];
  createdAt: string;
}

describe('expiry notifications end to end', () => {
  let server: ServerProcess;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: AccessKey;
  const secret = `e2e-${randomBytes(16).toString('hex')}`;
  let session: AccessKey & { sessionToken: string };
  let sessionArns: { trustAnchorArn: string; profileArn: string; roleArn: string };
  let sessionCa: TestIdentity;

  before(async () => {
    receiver = await startReceiver();
    const dataDir = newDataDir();
    const secretFile = join(dataDir, 'webhook.secret');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    server = await startServer({
      dataDir,
      args: ['--notification-webhook-url', receiver.url, '--notification-webhook-secret-file', secretFile],
    });
    admin = readAdminCredentials(server.credentialsFile);
  });

  after(async () => {
    // Shutdown interrupts the delivery still hanging on the receiver: the server exits cleanly.
    assert.equal(await server?.stop(), 0);
    receiver?.close();
  });

  const call = (method: string, path: string, query?: Record<string, string>, key: AccessKey = admin) =>
    sdkSignedFetch(server.url, key, method, path, query === undefined ? {} : { query });

  async function evaluate(): Promise<StoredEvent[]> {
    const response = await call('POST', '/notifications/evaluate');
    assert.equal(response.status, 200, JSON.stringify(response.json));
    return response.json.events as StoredEvent[];
  }

  async function listAll(): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let nextToken: string | undefined;
    do {
      const response = await call('GET', '/notifications/events', {
        maxResults: '2',
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      assert.equal(response.status, 200, JSON.stringify(response.json));
      events.push(...(response.json.events as StoredEvent[]));
      nextToken = response.json.nextToken as string | undefined;
    } while (nextToken !== undefined);
    return events;
  }

  async function createAnchor(
    name: string,
    ca: TestIdentity,
    settings?: readonly Record<string, unknown>[],
  ): Promise<string> {
    const anchor = (
      await control(server, 'POST', '/trustanchors', {
        name,
        enabled: true,
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.pem } },
      })
    ).trustAnchor as { trustAnchorArn: string; trustAnchorId: string };
    if (settings !== undefined) {
      await control(server, 'PATCH', '/put-notifications-settings', {
        trustAnchorId: anchor.trustAnchorId,
        notificationSettings: settings,
      });
    }
    return anchor.trustAnchorArn;
  }

  test('ok/a CA certificate 10 days from expiry, threshold 30: one signed event; again the same day: nothing', async () => {
    const ca = expiringCa('Expiring Root', 10, 0x936eacbe07f201dfn);
    const anchorArn = await createAnchor('expiring-ca', ca, [
      { enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: 30 },
    ]);
    const events = (await evaluate()).filter((e) => e.trustAnchorArn === anchorArn);
    assert.equal(events.length, 1);
    const [stored] = events;
    assert.ok(stored !== undefined);
    assert.equal(stored.notificationEvent, 'CA_CERTIFICATE_EXPIRY');
    assert.equal(stored.evaluationDay, new Date().toISOString().slice(0, 10));
    assert.match(stored.certificateId, /^[0-9a-f]{64}$/);

    const [delivery] = await receiver.waitFor(stored.id);
    assert.ok(delivery !== undefined);
    assert.deepEqual(delivery.event, stored.event);
    assert.equal(delivery.event['detail-type'], 'Roles Anywhere Certificate Expiration State Change');
    assert.equal(delivery.event.source, 'aws.rolesanywhere');
    assert.equal(delivery.event.account, ACCOUNT);
    assert.equal(delivery.event.region, 'us-east-1');
    assert.equal(delivery.event.version, '0');
    assert.match(String(delivery.event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(delivery.event.resources, [anchorArn]);
    assert.deepEqual(delivery.event.detail, {
      'certificate-serial-number': '00936EACBE07F201DF',
      'days-to-expiry': 10,
      issuer: 'CN=Expiring Root,O=Anchorage Test,C=US',
    });
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['x-anchorage-event-id'], stored.id);
    verifySignature(delivery, secret);
    const logged = await server.waitForLog((l) => l.msg === 'notification' && l.eventId === stored.id);
    assert.deepEqual(logged.event, stored.event);
    assert.ok(!server.logs.some((l) => JSON.stringify(l).includes(secret)), 'the secret is never logged');
    assert.ok(!server.logs.some((l) => JSON.stringify(l).includes('t0k3n')), 'nor the webhook URL token');

    assert.deepEqual(
      (await evaluate()).filter((e) => e.trustAnchorArn === anchorArn),
      [],
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(receiver.for(stored.id).length, 1);
  });

  test('ok/a disabled setting sends nothing', async () => {
    const anchorArn = await createAnchor('disabled', expiringCa('Disabled Root', 3), [
      { enabled: false, event: 'CA_CERTIFICATE_EXPIRY', threshold: 30 },
    ]);
    assert.deepEqual(
      (await evaluate()).filter((e) => e.trustAnchorArn === anchorArn),
      [],
    );
    assert.ok(!receiver.deliveries.some((d) => d.event.resources.includes(anchorArn)));
  });

  test('ok/the webhook answering 500 twice then 200: delivered on the third attempt, recorded and listed', async () => {
    const ca = expiringCa('Retried Root', 7);
    const anchorArn = await createAnchor('retried', ca);
    receiver.scripts.set(anchorArn, [500, 500]);
    const [stored] = (await evaluate()).filter((e) => e.trustAnchorArn === anchorArn);
    assert.ok(stored !== undefined);
    assert.deepEqual(
      stored.deliveries.map((d) => [d.channel, d.status]),
      [
        ['log', 'delivered'],
        ['webhook', 'pending'],
      ],
    );
    const attempts = await receiver.waitFor(stored.id, 3);
    for (const attempt of attempts) verifySignature(attempt, secret);
    const deadline = Date.now() + 5_000;
    let listed: StoredEvent | undefined;
    for (;;) {
      listed = (await listAll()).find((e) => e.id === stored.id);
      if (listed?.deliveries[1]?.status === 'delivered' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(listed?.deliveries[1]?.status, 'delivered');
    assert.equal(listed?.deliveries[1]?.attempts, 3);
    assert.equal(listed?.deliveries[1]?.lastError, undefined);
    assert.deepEqual(listed?.event, stored.event);
  });

  test('ok/events are listed oldest first in pages; fail/bad maxResults and nextToken are refused', async () => {
    const all = await listAll();
    assert.ok(all.length >= 2);
    const first = await call('GET', '/notifications/events', { maxResults: '1' });
    assert.equal(first.status, 200);
    assert.deepEqual(
      (first.json.events as StoredEvent[]).map((e) => e.id),
      [all[0]?.id],
    );
    assert.equal(typeof first.json.nextToken, 'string');
    const sorted = all.map((e) => e.createdAt).toSorted();
    assert.deepEqual(
      all.map((e) => e.createdAt),
      sorted,
    );
    for (const query of [
      { maxResults: '0' },
      { maxResults: '101' },
      { maxResults: 'x' },
      { nextToken: 'nope' },
    ]) {
      const refused = await call('GET', '/notifications/events', query);
      assert.equal(refused.status, 400, JSON.stringify(query));
      assert.equal(refused.headers.get('x-amzn-errortype'), 'ValidationException');
      assert.equal(typeof refused.json.message, 'string');
    }
  });

  test('ok/an end-entity certificate used with CreateSession, 5 days from expiry: an event without resources', async () => {
    sessionCa = expiringCa('Session Root', 400);
    const setup = await setUpRolesAnywhere(server, sessionCa.pem);
    sessionArns = {
      trustAnchorArn: setup.trustAnchorArn,
      profileArn: setup.profileArn,
      roleArn: setup.roleArn,
    };
    const leaf = issue({
      subject: [['CN', 'expiring-workload']],
      issuer: sessionCa,
      notAfter: Date.now() + 5 * DAY + HOUR,
      serial: 0x0123456789abcdefn,
    });
    const response = await createSession({
      endpoint: server.url,
      arns: sessionArns,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
    });
    assert.equal(response.status, 201, JSON.stringify(response.json));
    const [set] = response.json.credentialSet as { credentials: Record<string, string> }[];
    session = {
      accessKeyId: set?.credentials.accessKeyId ?? '',
      secretAccessKey: set?.credentials.secretAccessKey ?? '',
      sessionToken: set?.credentials.sessionToken ?? '',
    };

    const events = (await evaluate()).filter((e) => e.trustAnchorArn === setup.trustAnchorArn);
    assert.deepEqual(
      events.map((e) => e.notificationEvent),
      ['END_ENTITY_CERTIFICATE_EXPIRY'],
    );
    const [delivery] = await receiver.waitFor(events[0]?.id ?? '');
    assert.deepEqual(delivery?.event.resources, []);
    assert.deepEqual(delivery?.event.detail, {
      'certificate-serial-number': '0123456789ABCDEF',
      'days-to-expiry': 5,
      issuer: 'CN=Session Root,O=Anchorage Test,C=US',
    });
    if (delivery !== undefined) verifySignature(delivery, secret);
  });

  test('fail/unsigned, forged and unauthorised calls are refused with 403 and evaluate nothing', async () => {
    const anchorArn = await createAnchor('guarded', expiringCa('Guarded Root', 12));
    const refused = async (response: SignedResponse | Response, type: string) => {
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-amzn-errortype'), type);
      const json =
        response instanceof Response ? ((await response.json()) as Record<string, unknown>) : response.json;
      assert.equal(typeof json.message, 'string');
    };
    const forged = { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret-access-key' };
    for (const [method, path] of [
      ['POST', '/notifications/evaluate'],
      ['GET', '/notifications/events'],
    ] as const) {
      await refused(await fetch(`${server.url}${path}`, { method }), 'MissingAuthenticationTokenException');
      await refused(await call(method, path, undefined, forged), 'InvalidSignatureException');
      // A valid signature for another service is not one for this API.
      const otherService = await signWithSdk(server.url, admin, method, path, { service: 'sts' });
      const { host: _host, ...headers } = otherService.headers;
      assert.equal((await fetch(otherService.url, { method, headers })).status, 403);
      // The role session's policies allow iam:Get* only.
      await refused(await call(method, path, undefined, session), 'AccessDeniedException');
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!(await listAll()).some((e) => e.trustAnchorArn === anchorArn), 'nothing was evaluated');
    assert.ok(!receiver.deliveries.some((d) => d.event.resources.includes(anchorArn)));
    // It was due all along: the administrator's evaluation finds it.
    assert.equal((await evaluate()).filter((e) => e.trustAnchorArn === anchorArn).length, 1);
  });

  test('ok/a policy allowing rolesanywhere:ListNotificationEvents lets a role session list, not evaluate', async () => {
    const form = new URLSearchParams({
      Action: 'PutRolePolicy',
      Version: '2010-05-08',
      RoleName: 'Workload',
      PolicyName: 'notifications-reader',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'rolesanywhere:ListNotificationEvents', Resource: '*' }],
      }),
    }).toString();
    const signed = await signWithSdk(server.url, admin, 'POST', '/', {
      rawBody: form,
      service: 'iam',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    const { host: _host, ...headers } = signed.headers;
    assert.equal((await fetch(signed.url, { method: 'POST', headers, body: form })).status, 200);
    const listed = await call('GET', '/notifications/events', undefined, session);
    assert.equal(listed.status, 200, JSON.stringify(listed.json));
    assert.ok(Array.isArray(listed.json.events));
    const evaluated = await call('POST', '/notifications/evaluate', undefined, session);
    assert.equal(evaluated.status, 403);
    assert.equal(evaluated.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });

  test('ok/a webhook that hangs holds up neither the evaluation nor the API', async () => {
    const anchorArn = await createAnchor('hanging', expiringCa('Hanging Root', 2));
    receiver.scripts.set(anchorArn, ['hang']);
    const [stored] = (await evaluate()).filter((e) => e.trustAnchorArn === anchorArn);
    assert.ok(stored !== undefined);
    await receiver.waitFor(stored.id);
    const listed = (await listAll()).find((e) => e.id === stored.id);
    assert.deepEqual(
      listed?.deliveries.map((d) => [d.channel, d.status]),
      [
        ['log', 'delivered'],
        ['webhook', 'pending'],
      ],
    );
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
  });
});

describe('expiry notifications across restarts and workers', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const running: ServerProcess[] = [];

  before(async () => {
    receiver = await startReceiver();
  });

  after(async () => {
    for (const server of running) await server.stop();
    receiver?.close();
  });

  test('ok/two workers evaluating at start send the event once; a restart sends it no more; the generated secret signs', async () => {
    const dataDir = newDataDir();
    const args = ['--notification-webhook-url', receiver.url];
    const first = await startServer({ dataDir, args });
    running.push(first);
    const anchor = (
      await control(first, 'POST', '/trustanchors', {
        name: 'shared',
        enabled: true,
        source: {
          sourceType: 'CERTIFICATE_BUNDLE',
          sourceData: { x509CertificateData: expiringCa('Shared Root', 20).pem },
        },
      })
    ).trustAnchor as { trustAnchorArn: string };
    assert.equal(await first.stop(), 0);
    const secretPath = join(dataDir, 'notification-webhook-secret');
    assert.equal(statSync(secretPath).mode & 0o777, 0o600);
    const secret = readFileSync(secretPath, 'utf8').trim();

    // Both workers run the start-up evaluation against the one store.
    const workers = await startServer({ dataDir, args: [...args, '--workers', '2'] });
    running.push(workers);
    const deadline = Date.now() + 15_000;
    while (!receiver.deliveries.some((d) => d.event.resources.includes(anchor.trustAnchorArn))) {
      if (Date.now() > deadline) throw new Error('no delivery from the workers');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1_500));
    const deliveries = receiver.deliveries.filter((d) => d.event.resources.includes(anchor.trustAnchorArn));
    assert.equal(deliveries.length, 1);
    const [delivery] = deliveries;
    if (delivery !== undefined) verifySignature(delivery, secret);
    assert.equal(
      workers.logs.filter((l) => l.msg === 'notification' && l.trustAnchorArn === anchor.trustAnchorArn)
        .length,
      1,
    );
    assert.equal(await workers.stop(), 0);

    const again = await startServer({ dataDir, args });
    running.push(again);
    const response = await sdkSignedFetch(
      again.url,
      readAdminCredentials(again.credentialsFile),
      'POST',
      '/notifications/evaluate',
    );
    assert.equal(response.status, 200);
    assert.deepEqual(
      (response.json.events as StoredEvent[]).filter((e) => e.trustAnchorArn === anchor.trustAnchorArn),
      [],
    );
    assert.equal(
      receiver.deliveries.filter((d) => d.event.resources.includes(anchor.trustAnchorArn)).length,
      1,
    );
  });

  test('fail/an invalid webhook URL stops the server at start with a clear message', async () => {
    await assert.rejects(
      startServer({ args: ['--notification-webhook-url', 'ftp://hooks.example.com/secret-path'] }),
      (error: Error) => {
        assert.match(error.message, /exited with 2/);
        assert.match(
          error.message,
          /--notification-webhook-url must be an http:\/\/ or https:\/\/ URL, got a ftp: URL/,
        );
        assert.ok(!error.message.includes('secret-path'));
        return true;
      },
    );
  });
});
