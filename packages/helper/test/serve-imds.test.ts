/**
 * The IMDSv2 endpoint over real HTTP on loopback: the official helper's token rules, paths and
 * messages, plus the 500 on a failed refresh that replaces its empty "Success".
 */
import assert from 'node:assert/strict';
import { type IncomingHttpHeaders, request } from 'node:http';
import { describe, test } from 'node:test';
import {
  type CredentialServer,
  type CredentialServerOptions,
  startCredentialServer,
} from '../src/serve/credential-server.ts';
import { ImdsTokenStore, MAX_TOKENS } from '../src/serve/imds-tokens.ts';
import type { SessionCredentials } from '../src/session/session-credentials.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/team/ops/Deployer';
const ROLE_PATH = '/latest/meta-data/iam/security-credentials';
const FAKE: SessionCredentials = {
  accessKeyId: 'ASIAFAKEFAKEFAKEFAKE',
  secretAccessKey: 'fake/secret+key',
  sessionToken: 'fake-session-token',
  expiration: '2031-05-06T07:08:09Z',
};

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function call(
  server: CredentialServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Harness {
  readonly server: CredentialServer;
  readonly logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  /** Moves the injected clock. */
  advance(ms: number): void;
  token(ttl?: string): Promise<string>;
}

async function start(
  t: { after(fn: () => Promise<void>): void },
  overrides: Partial<CredentialServerOptions> = {},
): Promise<Harness> {
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const logs: Harness['logs'] = [];
  const server = await startCredentialServer({
    source: { get: async () => FAKE },
    roleArn: ROLE_ARN,
    host: '127.0.0.1',
    port: 0,
    hopLimit: 64,
    containerToken: undefined,
    log: (level, message, fields) =>
      logs.push(fields === undefined ? { level, message } : { level, message, fields }),
    now: () => clock,
    ...overrides,
  });
  t.after(() => server.close());
  return {
    server,
    logs,
    advance: (ms) => {
      clock += ms;
    },
    token: async (ttl) => {
      const reply = await call(
        server,
        'PUT',
        '/latest/api/token',
        ttl === undefined ? {} : { 'x-aws-ec2-metadata-token-ttl-seconds': ttl },
      );
      assert.equal(reply.status, 200, reply.body);
      return reply.body;
    },
  };
}

describe('serve: IMDSv2 tokens', () => {
  test('ok/PUT /latest/api/token returns a 100-character base64 token and the default TTL 21600', async (t) => {
    const { server } = await start(t);
    const reply = await call(server, 'PUT', '/latest/api/token');
    assert.equal(reply.status, 200);
    assert.match(reply.body, /^[A-Za-z0-9+/]{100}$/);
    assert.equal(reply.headers['x-aws-ec2-metadata-token-ttl-seconds'], '21600');
  });

  test('ok/the requested TTL is echoed; 1 and 21600 are the bounds', async (t) => {
    const { server } = await start(t);
    for (const ttl of ['1', '300', '21600']) {
      const reply = await call(server, 'PUT', '/latest/api/token', {
        'x-aws-ec2-metadata-token-ttl-seconds': ttl,
      });
      assert.equal(reply.status, 200, ttl);
      assert.equal(reply.headers['x-aws-ec2-metadata-token-ttl-seconds'], ttl);
    }
  });

  test('ok/the trailing-slash token path and anything under it hand out tokens too', async (t) => {
    const { server } = await start(t);
    for (const path of ['/latest/api/token/', '/latest/api/token/anything', '/latest/api/token?x=1']) {
      const reply = await call(server, 'PUT', path);
      assert.equal(reply.status, 200, path);
      assert.equal(reply.body.length, 100);
    }
  });

  test('ok/tokens are distinct', async (t) => {
    const { token } = await start(t);
    assert.notEqual(await token(), await token());
  });

  test('fail/a TTL outside 1..21600 or not an integer is 400 invalid token TTL', async (t) => {
    const { server } = await start(t);
    for (const ttl of ['0', '21601', '-5', 'abc', '1.5', '60s', '1e3', '99999999999999999999']) {
      const reply = await call(server, 'PUT', '/latest/api/token', {
        'x-aws-ec2-metadata-token-ttl-seconds': ttl,
      });
      assert.equal(reply.status, 400, ttl);
      assert.equal(reply.body, 'invalid token TTL');
    }
  });

  test('fail/a token request carrying X-Forwarded-For is refused with 400', async (t) => {
    const { server } = await start(t);
    const reply = await call(server, 'PUT', '/latest/api/token', { 'X-Forwarded-For': '203.0.113.9' });
    assert.equal(reply.status, 400);
    assert.equal(reply.body, 'unable to process requests with X-Forwarded-For header');
  });

  test('fail/methods other than PUT on the token path are 405', async (t) => {
    const { server } = await start(t);
    for (const method of ['GET', 'POST', 'DELETE', 'HEAD']) {
      assert.equal((await call(server, method, '/latest/api/token')).status, 405, method);
    }
  });

  test('fail/a token past its TTL is 401 invalid token provided; the TTL header counts down until then', async (t) => {
    const { server, advance, token } = await start(t);
    const issued = await token('10');
    advance(3_500);
    const early = await call(server, 'GET', ROLE_PATH, { 'x-aws-ec2-metadata-token': issued });
    assert.equal(early.status, 200);
    assert.equal(early.headers['x-aws-ec2-metadata-token-ttl-seconds'], '6');
    advance(6_500);
    const atExpiry = await call(server, 'GET', ROLE_PATH, { 'x-aws-ec2-metadata-token': issued });
    assert.equal(atExpiry.status, 200, 'valid up to the expiry instant, as in the official helper');
    assert.equal(atExpiry.headers['x-aws-ec2-metadata-token-ttl-seconds'], '0');
    advance(1);
    for (const path of [ROLE_PATH, `${ROLE_PATH}/Deployer`]) {
      const late = await call(server, 'GET', path, { 'x-aws-ec2-metadata-token': issued });
      assert.equal(late.status, 401, path);
      assert.equal(late.body, 'invalid token provided');
    }
  });

  test(`ok/at most ${MAX_TOKENS} live tokens: the one expiring soonest is evicted, not the oldest`, async (t) => {
    const { server, token } = await start(t);
    const tokens: string[] = [];
    for (let i = 0; i < MAX_TOKENS; i += 1) tokens.push(await token(i === 7 ? '60' : '21600'));
    const newest = await token();
    const status = async (value: string) =>
      (await call(server, 'GET', ROLE_PATH, { 'x-aws-ec2-metadata-token': value })).status;
    assert.equal(await status(tokens[7] ?? ''), 401, 'the soonest-expiring token was evicted');
    assert.equal(await status(tokens[0] ?? ''), 200, 'the oldest token is still valid');
    assert.equal(await status(tokens[MAX_TOKENS - 1] ?? ''), 200);
    assert.equal(await status(newest), 200);
  });

  test('ok/the token store purges expired tokens and the purge timer goes away on close', async (t) => {
    let clock = 0;
    const store = new ImdsTokenStore(
      () => clock,
      (n) => Buffer.alloc(n, store.size + 1),
    );
    const short = store.issue(1);
    const long = store.issue(100);
    clock = 1_001;
    assert.equal(store.purgeExpired(), 1);
    assert.equal(store.size, 1);
    assert.equal(store.remainingSeconds(short), undefined);
    assert.equal(store.remainingSeconds(long), 98);

    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { server } = await start(t);
    await server.close();
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.equal(timersAfter, timersBefore);
  });
});

describe('serve: IMDSv2 role name and credentials', () => {
  test('ok/the role name (last path component of the ARN) with and without trailing slash, with the TTL header', async (t) => {
    const { server, token } = await start(t);
    const issued = await token('120');
    for (const path of [ROLE_PATH, `${ROLE_PATH}/`]) {
      const reply = await call(server, 'GET', path, { 'x-aws-ec2-metadata-token': issued });
      assert.equal(reply.status, 200, path);
      assert.equal(reply.body, 'Deployer');
      assert.match(String(reply.headers['content-type']), /^text\/plain/);
      assert.equal(reply.headers['x-aws-ec2-metadata-token-ttl-seconds'], '120');
    }
  });

  test('ok/credentials JSON has the IMDS shape, with and without trailing slash', async (t) => {
    const { server, token } = await start(t);
    const issued = await token();
    for (const path of [`${ROLE_PATH}/Deployer`, `${ROLE_PATH}/Deployer/`]) {
      const reply = await call(server, 'GET', path, { 'x-aws-ec2-metadata-token': issued });
      assert.equal(reply.status, 200, path);
      assert.equal(reply.headers['content-type'], 'application/json');
      assert.ok(reply.body.endsWith('}\n'), 'one JSON document and a newline');
      const document = JSON.parse(reply.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(document), [
        'AccessKeyId',
        'SecretAccessKey',
        'Token',
        'Code',
        'Type',
        'Expiration',
        'LastUpdated',
      ]);
      assert.deepEqual(document, {
        AccessKeyId: FAKE.accessKeyId,
        SecretAccessKey: FAKE.secretAccessKey,
        Token: FAKE.sessionToken,
        Code: 'Success',
        Type: 'AWS-HMAC',
        Expiration: FAKE.expiration,
        LastUpdated: '2030-01-01T00:00:00Z',
      });
    }
  });

  test('fail/no token is 401 no token provided on both paths', async (t) => {
    const { server } = await start(t);
    for (const path of [ROLE_PATH, `${ROLE_PATH}/`, `${ROLE_PATH}/Deployer`]) {
      const reply = await call(server, 'GET', path);
      assert.equal(reply.status, 401, path);
      assert.equal(reply.body, 'no token provided');
    }
  });

  test('fail/an unknown token is 401 invalid token provided', async (t) => {
    const { server, token } = await start(t);
    const issued = await token();
    for (const value of ['not-a-token', issued.slice(1), `${issued}x`]) {
      const reply = await call(server, 'GET', `${ROLE_PATH}/Deployer`, { 'x-aws-ec2-metadata-token': value });
      assert.equal(reply.status, 401);
      assert.equal(reply.body, 'invalid token provided');
    }
  });

  test('fail/when the source rejects: 500, a Code other than Success, no keys, and an error log', async (t) => {
    const { server, token, logs } = await start(t, {
      source: {
        get: async () => {
          throw new Error('CreateSession refused: AccessDeniedException');
        },
      },
    });
    const reply = await call(server, 'GET', `${ROLE_PATH}/Deployer`, {
      'x-aws-ec2-metadata-token': await token(),
    });
    assert.equal(reply.status, 500);
    const document = JSON.parse(reply.body) as Record<string, unknown>;
    assert.notEqual(document.Code, 'Success');
    assert.equal(typeof document.Message, 'string');
    for (const key of ['AccessKeyId', 'SecretAccessKey', 'Token']) assert.ok(!(key in document), key);
    const error = logs.find((l) => l.level === 'error');
    assert.match(String(error?.fields?.error), /AccessDeniedException/);
  });

  test('fail/another role name, the extended path and any other path are 404', async (t) => {
    const { server, token } = await start(t);
    const issued = await token();
    for (const path of [
      `${ROLE_PATH}/Other`,
      `${ROLE_PATH}/deployer`,
      `${ROLE_PATH}/Deployer/extra`,
      '/latest/meta-data/iam/security-credentials-extended/',
      '/latest/meta-data/iam/security-credentials-extended/Deployer',
      '/latest/meta-data/',
      '/latest/meta-data/placement/availability-zone/',
      '/',
      '/credentials',
    ]) {
      const reply = await call(server, 'GET', path, { 'x-aws-ec2-metadata-token': issued });
      assert.equal(reply.status, 404, path);
    }
  });

  test('fail/methods other than GET on the role and credentials paths are 405', async (t) => {
    const { server, token } = await start(t);
    const issued = await token();
    for (const path of [ROLE_PATH, `${ROLE_PATH}/Deployer`]) {
      for (const method of ['PUT', 'POST', 'DELETE', 'HEAD']) {
        const reply = await call(server, method, path, { 'x-aws-ec2-metadata-token': issued });
        assert.equal(reply.status, 405, `${method} ${path}`);
      }
    }
  });

  test('ok/a small GET body and a query string are ignored', async (t) => {
    const { server, token } = await start(t);
    const reply = await call(
      server,
      'GET',
      `${ROLE_PATH}/Deployer?x=1`,
      { 'x-aws-ec2-metadata-token': await token(), 'content-length': '7' },
      'ignored',
    );
    assert.equal(reply.status, 200);
  });

  test('fail/bodies over 1 KiB are 413 and oversized headers are 431', async (t) => {
    const { server } = await start(t);
    assert.equal((await call(server, 'PUT', '/latest/api/token', {}, 'x'.repeat(1025))).status, 413);
    assert.equal((await call(server, 'PUT', '/latest/api/token', {}, 'x'.repeat(1024))).status, 200);
    const chunked = { 'transfer-encoding': 'chunked' };
    assert.equal((await call(server, 'PUT', '/latest/api/token', chunked, 'x'.repeat(5000))).status, 413);
    assert.equal((await call(server, 'GET', ROLE_PATH, { 'x-big': 'y'.repeat(10_000) })).status, 431);
  });
});
