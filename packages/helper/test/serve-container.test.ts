/** The container credentials endpoint (GET /credentials) over real HTTP: its token check and document. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import {
  type CredentialServer,
  type CredentialServerOptions,
  startCredentialServer,
} from '../src/serve/credential-server.ts';
import type { SessionCredentials } from '../src/session/session-credentials.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/Builder';
const TOKEN = 'c0ntainer-T0ken_value';
const FAKE: SessionCredentials = {
  accessKeyId: 'ASIAFAKEFAKEFAKEFAKE',
  secretAccessKey: 'fake/secret+key',
  sessionToken: 'fake-session-token',
  expiration: '2031-05-06T07:08:09Z',
};

function call(
  server: CredentialServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(
  t: { after(fn: () => Promise<void>): void },
  overrides: Partial<CredentialServerOptions> = {},
): Promise<{ server: CredentialServer; logs: string[] }> {
  const logs: string[] = [];
  const server = await startCredentialServer({
    source: { get: async () => FAKE },
    roleArn: ROLE_ARN,
    host: '127.0.0.1',
    port: 0,
    hopLimit: 64,
    containerToken: TOKEN,
    log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`),
    ...overrides,
  });
  t.after(() => server.close());
  return { server, logs };
}

describe('serve: container credentials endpoint', () => {
  test('ok/the right Authorization token gets the ECS-style document', async (t) => {
    const { server } = await start(t);
    const reply = await call(server, 'GET', '/credentials', { Authorization: TOKEN });
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, 'application/json');
    assert.deepEqual(JSON.parse(reply.body), {
      AccessKeyId: FAKE.accessKeyId,
      SecretAccessKey: FAKE.secretAccessKey,
      Token: FAKE.sessionToken,
      Expiration: FAKE.expiration,
      RoleArn: ROLE_ARN,
      AccountId: '123456789012',
    });
  });

  test('fail/a missing Authorization header is 401 Unauthorized', async (t) => {
    const { server } = await start(t);
    const reply = await call(server, 'GET', '/credentials');
    assert.equal(reply.status, 401);
    const document = JSON.parse(reply.body) as Record<string, unknown>;
    assert.equal(document.code, 'Unauthorized');
    assert.equal(typeof document.message, 'string');
    assert.ok(!('AccessKeyId' in document));
  });

  test('fail/a wrong token (same length, prefix, longer, Bearer-wrapped) is 401 Unauthorized', async (t) => {
    const { server } = await start(t);
    const sameLength = `${TOKEN.slice(0, -1)}X`;
    for (const value of [sameLength, TOKEN.slice(0, 5), `${TOKEN}x`, `Bearer ${TOKEN}`]) {
      const reply = await call(server, 'GET', '/credentials', { Authorization: value });
      assert.equal(reply.status, 401, value);
      assert.equal((JSON.parse(reply.body) as { code: string }).code, 'Unauthorized');
    }
  });

  test('fail/without a container token the route is disabled (404) even with an Authorization header', async (t) => {
    const { server } = await start(t, { containerToken: undefined });
    assert.equal((await call(server, 'GET', '/credentials', { Authorization: TOKEN })).status, 404);
    assert.equal((await call(server, 'GET', '/credentials')).status, 404);
  });

  test('fail/methods other than GET are 405', async (t) => {
    const { server } = await start(t);
    for (const method of ['PUT', 'POST', 'DELETE']) {
      assert.equal(
        (await call(server, method, '/credentials', { Authorization: TOKEN })).status,
        405,
        method,
      );
    }
  });

  test('fail/when the source rejects: 500 with an error document, no keys, and an error log', async (t) => {
    const { server, logs } = await start(t, {
      source: {
        get: async () => {
          throw new Error('no valid credentials: certificate expired');
        },
      },
    });
    const reply = await call(server, 'GET', '/credentials', { Authorization: TOKEN });
    assert.equal(reply.status, 500);
    const document = JSON.parse(reply.body) as Record<string, unknown>;
    assert.equal(typeof document.message, 'string');
    assert.ok(!('AccessKeyId' in document));
    assert.ok(logs.some((l) => l.startsWith('error ') && l.includes('certificate expired')));
  });

  test('fail/a token that is empty or not a plain header value is refused at start', async () => {
    for (const containerToken of ['', 'has space', 'line\nbreak', 'naïve']) {
      await assert.rejects(
        startCredentialServer({
          source: { get: async () => FAKE },
          roleArn: ROLE_ARN,
          host: '127.0.0.1',
          port: 0,
          hopLimit: 64,
          containerToken,
          log: () => {},
        }),
        RangeError,
        JSON.stringify(containerToken),
      );
    }
  });
});
