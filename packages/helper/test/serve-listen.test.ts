/** Binding (IPv4, IPv6, wildcard), the printed endpoint lines, option checks and --hop-limit. */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import {
  type CredentialServerOptions,
  describeEndpoints,
  startCredentialServer,
} from '../src/serve/credential-server.ts';

type LogLine = { level: string; message: string };

function options(
  overrides: Partial<CredentialServerOptions> = {},
  logs: LogLine[] = [],
): CredentialServerOptions {
  return {
    source: {
      get: async () => ({
        accessKeyId: 'ASIAFAKE',
        secretAccessKey: 'secret',
        sessionToken: 'token',
        expiration: '2031-01-01T00:00:00Z',
      }),
    },
    roleArn: 'arn:aws:iam::123456789012:role/Listener',
    host: '127.0.0.1',
    port: 0,
    hopLimit: 64,
    containerToken: undefined,
    log: (level, message) => logs.push({ level, message }),
    ...overrides,
  };
}

async function roleName(url: string): Promise<string> {
  const token = await (await fetch(`${url}/latest/api/token`, { method: 'PUT' })).text();
  const reply = await fetch(`${url}/latest/meta-data/iam/security-credentials/`, {
    headers: { 'x-aws-ec2-metadata-token': token },
  });
  return reply.text();
}

describe('serve: listening', () => {
  test('ok/the default 127.0.0.1 bind gives an http://127.0.0.1:<port> URL that answers', async (t) => {
    const server = await startCredentialServer(options());
    t.after(() => server.close());
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    assert.ok(server.port > 0);
    assert.equal(await roleName(server.url), 'Listener');
  });

  test('ok/IPv6 ::1 and [::1] bind and answer over IPv6', async (t) => {
    for (const host of ['::1', '[::1]']) {
      const server = await startCredentialServer(options({ host }));
      t.after(() => server.close());
      assert.equal(server.url, `http://[::1]:${server.port}`, host);
      assert.equal(await roleName(server.url), 'Listener');
    }
  });

  test('ok/the wildcard :: is advertised through loopback', async (t) => {
    const server = await startCredentialServer(options({ host: '::' }));
    t.after(() => server.close());
    assert.equal(server.url, `http://[::1]:${server.port}`);
    assert.equal(await roleName(server.url), 'Listener');
  });

  test('ok/the role name is the last path component of the ARN resource', async (t) => {
    const server = await startCredentialServer(options({ roleArn: 'arn:aws:iam::1:role/path/to/Name' }));
    t.after(() => server.close());
    assert.equal(await roleName(server.url), 'Name');
  });

  test('fail/a port in use is refused', async (t) => {
    const first = await startCredentialServer(options());
    t.after(() => first.close());
    await assert.rejects(startCredentialServer(options({ port: first.port })), { code: 'EADDRINUSE' });
  });

  test('fail/a bad port, address or role ARN is refused before listening', async () => {
    for (const bad of [{ port: -1 }, { port: 65536 }, { port: 1.5 }, { host: '' }, { host: '[127.0.0.1]' }]) {
      await assert.rejects(startCredentialServer(options(bad)), RangeError, JSON.stringify(bad));
    }
    for (const roleArn of ['Listener', 'arn:aws:iam::1', 'arn:aws:iam::1:role/']) {
      await assert.rejects(startCredentialServer(options({ roleArn })), RangeError, roleArn);
    }
  });

  test('fail/a client that never finishes its headers is cut off (headers timeout)', async (t) => {
    const server = await startCredentialServer(options());
    t.after(() => server.close());
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString();
      });
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
      socket.setTimeout(15_000, () => reject(new Error('the server kept a stalled connection open')));
    });
    assert.match(reply, /^HTTP\/1\.1 408/);
  });

  test('ok/close is idempotent and frees the port', async () => {
    const server = await startCredentialServer(options());
    await Promise.all([server.close(), server.close()]);
    await server.close();
    const again = await startCredentialServer(options({ port: server.port }));
    await again.close();
  });
});

describe('serve: printed endpoint lines', () => {
  test('ok/IMDS only without a container token', async (t) => {
    const server = await startCredentialServer(options());
    t.after(() => server.close());
    assert.deepEqual(describeEndpoints(server, undefined), [
      `export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:${server.port}/`,
    ]);
  });

  test('ok/with a token: the container URI and token', async (t) => {
    const server = await startCredentialServer(options({ containerToken: 'abc+/=DEF' }));
    t.after(() => server.close());
    assert.deepEqual(describeEndpoints(server, 'abc+/=DEF'), [
      `export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:${server.port}/`,
      `export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:${server.port}/credentials`,
      'export AWS_CONTAINER_AUTHORIZATION_TOKEN=abc+/=DEF',
    ]);
  });

  test('ok/a token with shell metacharacters is single-quoted; an IPv6 URI carries a note', async (t) => {
    const server = await startCredentialServer(options({ host: '::1', containerToken: "a$b'c" }));
    t.after(() => server.close());
    const lines = describeEndpoints(server, "a$b'c");
    assert.equal(
      lines[1],
      `export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://[::1]:${server.port}/credentials`,
    );
    assert.equal(lines[2], `export AWS_CONTAINER_AUTHORIZATION_TOKEN='a$b'\\''c'`);
    assert.match(lines[3] ?? '', /^# .*127\.0\.0\.1/);
  });
});

describe('serve: --hop-limit', () => {
  test('ok/the default 64 logs no warning', async (t) => {
    const logs: LogLine[] = [];
    const server = await startCredentialServer(options({}, logs));
    t.after(() => server.close());
    assert.equal(logs.filter((l) => l.level === 'warn').length, 0);
  });

  test('ok/another valid value starts, with one warning that it cannot be applied', async (t) => {
    for (const hopLimit of [1, 255]) {
      const logs: LogLine[] = [];
      const server = await startCredentialServer(options({ hopLimit }, logs));
      t.after(() => server.close());
      const warnings = logs.filter((l) => l.level === 'warn');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.message ?? '', /Node\.js/);
      assert.match(warnings[0]?.message ?? '', /127\.0\.0\.1/);
    }
  });

  test('fail/values outside 1..255 or not integers are refused', async () => {
    for (const hopLimit of [0, 256, -1, 1.5, Number.NaN]) {
      await assert.rejects(startCredentialServer(options({ hopLimit })), RangeError, String(hopLimit));
    }
  });
});
