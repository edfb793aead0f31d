/**
 * Limits checked before parsing, each hit through real HTTP, each refusal asserted on the wire
 * (status and AWS error type) and followed by proof that the server still serves others:
 * header-field count, request target, header bytes, body size, CreateSession's chain length and
 * certificate sizes (checked on the raw header text before anything is decoded), the header and
 * request timeouts (slow senders), the idle timeout (a client that stops reading), and the cap on
 * requests in flight (503 in each protocol's wire format, before the body is read).
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { issue } from './support/certificates.ts';
import { type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { signWithSdk } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import { type Exchange, send, signSession, type Wire, wireOf, withHeader } from './support/session-wire.ts';

const root = issue({ subject: [['CN', 'Limits Root']], ca: true, keyType: 'p256' });
const leaf = issue({ subject: [['CN', 'limits-workload']], issuer: root, keyType: 'p256' });

/** Opens a raw connection; resolves once connected. */
function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

async function stillServes(server: ServerProcess, admin: AccessKey): Promise<void> {
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  const listed = await send(server.url, wireOf(await signWithSdk(server.url, admin, 'GET', '/profiles')));
  assert.equal(listed.status, 200, listed.text);
}

function refused(response: Exchange, status: number, type: string): void {
  assert.equal(response.status, status, response.text);
  assert.equal(response.errorType, type);
  assert.equal(typeof response.json.message, 'string');
  assert.equal(response.json.credentialSet, undefined);
}

describe('limits on the request itself', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;
  let sessionCount = 0;
  const session = (chain: readonly Buffer[] = []): Wire =>
    signSession({
      endpoint: server.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
      chain,
      body: { durationSeconds: 900 + sessionCount++ },
    });

  before(async () => {
    server = await startServer();
    admin = readAdminCredentials(server.credentialsFile);
    setup = await setUpRolesAnywhere(server, root.pem);
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/more than 100 header fields: 431 from the HTTP parser; exactly 100 are served', async () => {
    const signed = await signWithSdk(server.url, admin, 'GET', '/profiles');
    const padding = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-pad-${i}`, 'p']));
    const base = Object.keys(signed.headers).length + 1; // + Connection, which Node's client adds
    const atLimit = await send(server.url, wireOf(signed, padding(100 - base)));
    assert.equal(atLimit.status, 200, atLimit.text);
    assert.equal((await send(server.url, wireOf(signed, padding(101 - base)))).status, 431);
    assert.equal((await send(server.url, wireOf(signed, padding(3000)))).status, 431);
    const wire = session();
    const sessionFlood = await send(server.url, {
      ...wire,
      headers: [...wire.headers, ...Object.entries(padding(200))],
    });
    assert.equal(sessionFlood.status, 431);
    await stillServes(server, admin);
  });

  test('fail/a request target over 16 KiB: 400 ValidationException; header bytes over 96 KiB: 431', async () => {
    const signed = await signWithSdk(server.url, admin, 'GET', '/profiles', {
      query: { nextToken: 'n'.repeat(17 * 1024) },
    });
    refused(await send(server.url, wireOf(signed)), 400, 'ValidationException');
    const socket = await open(server.url);
    const reply = untilClosed(socket);
    socket.end(`GET /profiles HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(97 * 1024)}\r\n\r\n`);
    assert.match(await reply, /^HTTP\/1\.1 431 /);
    await stillServes(server, admin);
  });

  test('fail/a CreateSession body over 1 MiB: 413 RequestEntityTooLargeException, refused on its declared length', async () => {
    const wire = session();
    const response = await send(server.url, {
      ...wire,
      body: `{"durationSeconds":900,"x":"${'x'.repeat(1024 * 1024)}"}`,
    });
    refused(response, 413, 'RequestEntityTooLargeException');
    assert.equal((await send(server.url, session())).status, 201);
  });

  test('fail/CreateSession chain of 6: 400 ValidationException, counted before any certificate is decoded', async () => {
    // Signed with the six, then the leaf replaced by something that is no certificate at all:
    // were the leaf decoded first, that would be the complaint.
    const wire = withHeader(session(Array.from({ length: 6 }, () => root.der)), 'x-amz-x509', 'AAAA');
    const response = await send(server.url, wire);
    refused(response, 400, 'ValidationException');
    assert.match(String(response.json.message), /at most 5 certificates/);
    assert.equal((await send(server.url, session())).status, 201);
  });

  test('fail/CreateSession certificates over 16 KiB of base64: 400 ValidationException before decoding', async () => {
    const big = 'A'.repeat(16 * 1024 + 4);
    const leafTooBig = await send(server.url, withHeader(session(), 'x-amz-x509', big));
    refused(leafTooBig, 400, 'ValidationException');
    assert.match(
      String(leafTooBig.json.message),
      /^X-Amz-X509 must be the base64 of a DER certificate of at most 12 KiB/,
    );
    const chainTooBig = await send(
      server.url,
      withHeader(session([root.der, root.der]), 'x-amz-x509-chain', `${root.der.toString('base64')},${big}`),
    );
    refused(chainTooBig, 400, 'ValidationException');
    assert.match(String(chainTooBig.json.message), /^X-Amz-X509-Chain certificate 2 must be the base64/);
    assert.equal((await send(server.url, session())).status, 201);
  });
});

describe('limits on slow senders (header and request timeouts)', { concurrency: true }, () => {
  let server: ServerProcess;
  let admin: AccessKey;

  before(async () => {
    server = await startServer();
    admin = readAdminCredentials(server.credentialsFile);
  });
  after(async () => {
    await server?.stop();
  });

  /** Sends `head` then one more byte of `trickle` every second until the server closes. */
  async function trickle(head: string, trickleText: string): Promise<string> {
    const socket = await open(server.url);
    const reply = untilClosed(socket);
    socket.write(head);
    let at = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed && at < trickleText.length) socket.write(trickleText[at++] ?? '');
    }, 1000);
    try {
      return await reply;
    } finally {
      clearInterval(timer);
    }
  }

  test('fail/headers sent a byte a second: 408 once 10 s have passed without the whole header', async () => {
    const reply = await trickle('GET /profiles HTTP/1.1\r\nHost: x\r\n', 'X-Slow: '.padEnd(200, 'a'));
    assert.match(reply, /^HTTP\/1\.1 408 /);
    await stillServes(server, admin);
  });

  test('fail/a body sent a byte a second: 408 once 30 s have passed without the whole request', async () => {
    const head =
      'POST /profiles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const reply = await trickle(head, '{'.repeat(100));
    assert.match(reply, /HTTP\/1\.1 408 /);
    await stillServes(server, admin);
  });
});

describe('the idle timeout: a client that stops reading', () => {
  let server: ServerProcess;
  let admin: AccessKey;

  before(async () => {
    // No concurrency cap here: pipelined requests are all in flight at once, and past the cap the
    // server would answer 503 and close the connection itself.
    server = await startServer({ args: ['--idle-timeout', '2', '--max-concurrent-requests', '0'] });
    admin = readAdminCredentials(server.credentialsFile);
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/pipelined requests whose answers are never read: the connection is closed; the server serves others', async () => {
    const socket = await open(server.url);
    socket.pause(); // read nothing: the answers pile up in the socket buffers until nothing moves
    const count = 4000;
    socket.write('GET /console/assets/console.css HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(count));
    let line: Record<string, unknown> | undefined;
    // The kernel may still drain a little for a few seconds; then nothing moves for 2 s.
    for (let i = 0; i < 100 && line === undefined; i++) {
      await new Promise((r) => setTimeout(r, 200));
      line = server.logs.find((l) => l.msg === 'idle connection closed');
    }
    assert.ok(line !== undefined, 'the server closed the stalled connection');
    assert.equal(line.idleSeconds, 2);
    assert.ok(Number(line.unsentBytes) > 0, 'answers were waiting for the client');
    // What did arrive before the server gave up is not every answer.
    const received = untilClosed(socket);
    socket.resume();
    const answers = (await received).match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    assert.ok(answers < count, `${answers} of ${count} answers`);
    await stillServes(server, admin);
  });
});

describe('the cap on requests in flight', () => {
  let server: ServerProcess;
  let admin: AccessKey;

  before(async () => {
    server = await startServer({ args: ['--max-concurrent-requests', '2'] });
    admin = readAdminCredentials(server.credentialsFile);
  });
  after(async () => {
    await server?.stop();
  });

  /** A request whose body never finishes: in flight until its connection goes. */
  async function hold(): Promise<Socket> {
    const socket = await open(server.url);
    socket.on('error', () => {});
    socket.write(
      'POST /profiles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    return socket;
  }

  test('fail/past the cap: 503 with Retry-After in each wire format, before the body is read; health checks still answer; then served again', async () => {
    const held = [await hold(), await hold()];
    // Both are in flight once the server logs nothing for them yet answers health checks.
    let rest: Exchange | undefined;
    for (let i = 0; i < 50 && rest?.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 50));
      // An unreadable body: were it read, this would be a 400.
      rest = await send(
        server.url,
        wireOf(await signWithSdk(server.url, admin, 'POST', '/profiles', { rawBody: '{' })),
      );
    }
    assert.ok(rest !== undefined);
    refused(rest, 503, 'ServiceUnavailableException');
    assert.equal(rest.json.message, 'The server is busy; retry later');
    assert.equal(rest.headers['retry-after'], '1');
    const line = await server.waitForLog((l) => l.requestId === rest?.requestId && l.msg === 'request');
    assert.match(String(line.reason), /^concurrency cap: 2 requests in flight/);

    const iam = await send(
      server.url,
      wireOf(
        await signWithSdk(server.url, admin, 'POST', '/', {
          rawBody: 'Action=ListRoles&Version=2010-05-08',
          service: 'iam',
          contentType: 'application/x-www-form-urlencoded; charset=utf-8',
        }),
      ),
    );
    assert.equal(iam.status, 503, iam.text);
    assert.match(iam.text, /<Code>ServiceUnavailable<\/Code>/);
    assert.equal(iam.headers['retry-after'], '1');
    const pca = await send(
      server.url,
      wireOf(
        await signWithSdk(server.url, admin, 'POST', '/', {
          rawBody: '{}',
          service: 'acm-pca',
          contentType: 'application/x-amz-json-1.1',
        }),
        { 'x-amz-target': 'ACMPrivateCA.ListCertificateAuthorities' },
      ),
    );
    assert.equal(pca.status, 503, pca.text);
    assert.equal(pca.json.__type, 'ServiceUnavailableException');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.ok(!server.logs.some((l) => l.msg === 'unexpected failure'), 'load shedding is not an error');

    for (const socket of held) socket.destroy();
    let after: Exchange | undefined;
    for (let i = 0; i < 50 && after?.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await send(server.url, wireOf(await signWithSdk(server.url, admin, 'GET', '/profiles')));
    }
    assert.equal(after?.status, 200, after?.text);
  });
});
