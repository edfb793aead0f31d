/**
 * Hostile input gets a clear error in the AWS wire format, changes nothing, and neither crashes
 * nor stalls the server.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { type PreparedRequest, send, signWithSdk } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

/** Sends raw bytes on a fresh connection and resolves to whatever comes back before it closes. */
function rawExchange(url: string, bytes: Buffer | string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    // The server may answer and reset the connection before it has read all we send.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(received) : reject(error),
    );
    socket.on('close', () => resolve(received));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(bytes);
  });
}

describe('hostile requests', () => {
  let server: ServerProcess;
  let credentials: AccessKey;

  before(async () => {
    server = await startServer();
    credentials = readAdminCredentials(server.credentialsFile);
  });

  after(async () => {
    await server?.stop();
  });

  const signedRaw = (method: string, path: string, rawBody: string): Promise<PreparedRequest> =>
    signWithSdk(server.url, credentials, method, path, { rawBody });

  async function expectError(
    response: Awaited<ReturnType<typeof send>>,
    status: number,
    type: string,
  ): Promise<void> {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('x-amzn-errortype'), type);
    assert.equal(typeof response.json.message, 'string');
  }

  async function stillHealthyAndEmpty(): Promise<void> {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const list = await send(await signWithSdk(server.url, credentials, 'GET', '/profiles'));
    assert.deepEqual(list.json.profiles, []);
  }

  test('fail/bodies that are not JSON objects, or poison prototypes: 400 SerializationException', async () => {
    for (const body of [
      '{',
      '[]',
      '"string"',
      'null',
      '{"name":"x","roleArns":["a"],"__proto__":{"admin":true}}',
      '\u0000\u00ff',
    ]) {
      // Validly signed, so that only the content is at fault.
      await expectError(
        await send(await signedRaw('POST', '/profiles', body)),
        400,
        'SerializationException',
      );
    }
    await stillHealthyAndEmpty();
  });

  test('fail/a trust anchor source without its type, its data or both: 400 ValidationException, no anchor stored', async () => {
    for (const source of [
      {},
      { sourceType: 'CERTIFICATE_BUNDLE' },
      { sourceData: { x509CertificateData: 'not used' } },
      { sourceType: 'AWS_ACM_PCA', sourceData: {} },
    ]) {
      const body = JSON.stringify({ name: 'sourceless', source });
      await expectError(
        await send(await signedRaw('POST', '/trustanchors', body)),
        400,
        'ValidationException',
      );
    }
    const anchors = await send(await signWithSdk(server.url, credentials, 'GET', '/trustanchors'));
    assert.deepEqual(anchors.json.trustAnchors, []);
  });

  test('ok/null members are absent members: CreateProfile with "sessionPolicy": null is created without one', async () => {
    const body = JSON.stringify({
      name: 'null-policy',
      roleArns: ['arn:aws:iam::000000000000:role/r'],
      sessionPolicy: null,
    });
    const created = await send(await signedRaw('POST', '/profiles', body));
    assert.equal(created.status, 201);
    const profile = created.json.profile as { profileId: string; sessionPolicy?: unknown };
    assert.equal(profile.sessionPolicy, undefined);
    const removed = await send(
      await signWithSdk(server.url, credentials, 'DELETE', `/profile/${profile.profileId}`),
    );
    assert.equal(removed.status, 200);
  });

  test('fail/members of the wrong JSON type: 400 SerializationException', async () => {
    for (const body of [
      '{"name":1,"roleArns":["arn:aws:iam::000000000000:role/r"]}',
      '{"name":"x","roleArns":"arn:aws:iam::000000000000:role/r"}',
      '{"name":"x","roleArns":[{"nested":true}]}',
      '{"name":"x","roleArns":["arn:aws:iam::000000000000:role/r"],"durationSeconds":"3600"}',
    ]) {
      await expectError(
        await send(await signedRaw('POST', '/profiles', body)),
        400,
        'SerializationException',
      );
    }
    await stillHealthyAndEmpty();
  });

  test('fail/deeply nested JSON within the size limit is refused, not a crash', async () => {
    const body = `{"name":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const response = await send(await signedRaw('POST', '/profiles', body));
    assert.equal(response.status, 400);
    await stillHealthyAndEmpty();
  });

  test('fail/a body over 1 MiB: 413 RequestEntityTooLargeException, declared or chunked', async () => {
    const big = `{"name":"${'x'.repeat(1024 * 1024)}"}`;
    await expectError(
      await send(await signedRaw('POST', '/profiles', big)),
      413,
      'RequestEntityTooLargeException',
    );
    const { hostname, port } = new URL(server.url);
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = Array.from({ length: 20 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const reply = await rawExchange(
      server.url,
      `POST /profiles HTTP/1.1\r\nHost: ${hostname}:${port}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n${chunks}0\r\n\r\n`,
    );
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.match(reply, /x-amzn-errortype: RequestEntityTooLargeException/i);
    await stillHealthyAndEmpty();
  });

  test('fail/oversized headers and garbage bytes are refused at the HTTP layer; the server lives on', async () => {
    const { hostname, port } = new URL(server.url);
    const hugeHeader = await rawExchange(
      server.url,
      `GET /profiles HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Big: ${'a'.repeat(128 * 1024)}\r\n\r\n`,
    );
    assert.match(hugeHeader, /^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(
      server.url,
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
    );
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    await stillHealthyAndEmpty();
  });

  test('fail/bad percent-escapes and unknown operations', async () => {
    await expectError(
      await send(await signWithSdk(server.url, credentials, 'GET', '/profile/%ZZ')),
      400,
      'SerializationException',
    );
    await expectError(
      await send(
        await signWithSdk(server.url, credentials, 'GET', '/profiles', { query: { pageSize: 'many' } }),
      ),
      400,
      'SerializationException',
    );
    await expectError(
      await send(await signWithSdk(server.url, credentials, 'GET', '/admin')),
      404,
      'UnknownOperationException',
    );
    await expectError(
      await send(await signWithSdk(server.url, credentials, 'PUT', '/trustanchors')),
      404,
      'UnknownOperationException',
    );
    await expectError(
      await send(await signWithSdk(server.url, credentials, 'GET', '/profile/..%2F..%2Fetc')),
      400,
      'ValidationException',
    );
    await stillHealthyAndEmpty();
  });

  test('fail/unsigned requests to unknown paths learn nothing: 403 MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${server.url}/no/such/thing`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  });

  test('ok/many concurrent hostile and valid requests: every valid one succeeds', async () => {
    const valid = Array.from({ length: 20 }, (_, i) =>
      signWithSdk(server.url, credentials, 'POST', '/profiles', {
        body: { name: `ok-${i}`, roleArns: ['arn:aws:iam::000000000000:role/r'] },
      }).then(send),
    );
    const hostile = Array.from({ length: 20 }, () => signedRaw('POST', '/profiles', '{bad').then(send));
    const results = await Promise.all([...valid, ...hostile]);
    assert.deepEqual(
      results.slice(0, 20).map((r) => r.status),
      Array(20).fill(201),
    );
    assert.deepEqual(
      results.slice(20).map((r) => r.status),
      Array(20).fill(400),
    );
  });
});
