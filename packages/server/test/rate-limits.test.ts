/**
 * Rate limits over real HTTP: 429 with a whole-second `Retry-After` in each protocol's wire
 * format (restJson1 ThrottlingException, query XML `Throttling`, awsJson1_1 ThrottlingException),
 * retried by the real AWS CLI (botocore) as throttling; the source's bucket checked before the
 * body is read; the trust anchor's only once the chain validated, so a forged flood naming an
 * anchor does not starve its workloads; buckets exact across `--workers 2`; everyone else still
 * served. Sources are told apart by local address (127.0.0.0/8 is loopback on Linux).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { aws } from './support/aws-cli.ts';
import { issue, type TestIdentity } from './support/certificates.ts';
import { type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { signWithSdk } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import { type Exchange, send, signSession, type Wire, wireOf } from './support/session-wire.ts';

const root = issue({ subject: [['CN', 'Rate Root A']], ca: true, keyType: 'p256' });
const otherRoot = issue({ subject: [['CN', 'Rate Root B']], ca: true, keyType: 'p256' });
const strangerRoot = issue({ subject: [['CN', 'Stranger Root']], ca: true, keyType: 'p256' });
const leafA = issue({ subject: [['CN', 'rate-a']], issuer: root, keyType: 'p256' });
const leafB = issue({ subject: [['CN', 'rate-b']], issuer: otherRoot, keyType: 'p256' });
const stranger = issue({ subject: [['CN', 'stranger']], issuer: strangerRoot, keyType: 'p256' });

let nextSource = 10;
/** A source address no other request of this file used. */
const freshSource = () => `127.0.0.${nextSource++}`;
let requests = 0;

function sessionWire(server: ServerProcess, setup: RolesAnywhereSetup, leaf: TestIdentity): Wire {
  return signSession({
    endpoint: server.url,
    arns: setup,
    certificate: leaf.der,
    privateKey: leaf.privateKey,
    serial: leaf.serial,
    // Distinct requests (the replay cache would refuse a repeat).
    body: { durationSeconds: 900 + requests++ },
  });
}

/** 429, whole-second Retry-After, the log naming the bucket. */
async function throttled(server: ServerProcess, response: Exchange, bucket: string): Promise<void> {
  assert.equal(response.status, 429, response.text);
  const retryAfter = response.headers['retry-after'];
  assert.match(String(retryAfter), /^[1-9]\d*$/, `Retry-After ${retryAfter}`);
  const line = await server.waitForLog((l) => l.requestId === response.requestId && l.msg === 'request');
  assert.equal(line.errorType, 'ThrottlingException');
  assert.match(String(line.reason), new RegExp(`^rate limit ${bucket} `));
}

function restJsonThrottled(response: Exchange): void {
  assert.equal(response.errorType, 'ThrottlingException');
  assert.equal(response.json.message, 'Rate exceeded');
  assert.equal(response.json.credentialSet, undefined);
}

describe('CreateSession rate limits', () => {
  let server: ServerProcess;
  let setupA: RolesAnywhereSetup;
  let setupB: RolesAnywhereSetup;

  before(async () => {
    server = await startServer({
      args: ['--create-session-rate-per-source', '0.01:4', '--create-session-rate-per-anchor', '0.01:3'],
    });
    setupA = await setUpRolesAnywhere(server, root.pem, { profile: { durationSeconds: 3600 } });
    setupB = await setUpRolesAnywhere(server, otherRoot.pem, { roleName: 'SecondWorkload' });
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/per source: past the burst, 429 ThrottlingException before the body is read; other sources still served', async () => {
    const source = freshSource();
    const garbage: Wire = {
      method: 'POST',
      path: '/sessions',
      headers: [['content-type', 'application/json']],
      body: '{',
    };
    for (let i = 0; i < 4; i++) {
      const response = await send(server.url, garbage, source);
      assert.equal(response.status, 400, response.text);
      assert.equal(response.errorType, 'ValidationException');
    }
    // The same unreadable body: were it read, this would be a 400 too.
    const refused = await send(server.url, garbage, source);
    restJsonThrottled(refused);
    await throttled(server, refused, 'createSessionPerSource');
    assert.equal((await send(server.url, sessionWire(server, setupA, leafA), source)).status, 429);
    const elsewhere = await send(server.url, sessionWire(server, setupA, leafA), freshSource());
    assert.equal(elsewhere.status, 201, elsewhere.text);
  });

  test('fail/per trust anchor: past the burst, 429 ThrottlingException; another anchor is still served', async () => {
    // One token of anchor A went to the previous test.
    for (let i = 0; i < 2; i++) {
      const response = await send(server.url, sessionWire(server, setupA, leafA), freshSource());
      assert.equal(response.status, 201, response.text);
    }
    const refused = await send(server.url, sessionWire(server, setupA, leafA), freshSource());
    restJsonThrottled(refused);
    await throttled(server, refused, 'createSessionPerAnchor');
    const other = await send(server.url, sessionWire(server, setupB, leafB), freshSource());
    assert.equal(other.status, 201, other.text);
  });

  test('ok/a forged flood naming an anchor does not drain it: its own workloads get every token', async () => {
    // Ten requests naming anchor B, signed validly by a certificate from a CA B does not trust,
    // and ten more whose signature is broken: each refused, none counted against B.
    for (let i = 0; i < 10; i++) {
      const untrusted = await send(server.url, sessionWire(server, setupB, stranger), freshSource());
      assert.equal(untrusted.status, 403, untrusted.text);
      assert.equal(untrusted.errorType, 'AccessDeniedException');
      const wire = sessionWire(server, setupB, leafB);
      const forged = { ...wire, body: JSON.stringify({ durationSeconds: 1000 + i }) };
      const badSignature = await send(server.url, forged, freshSource());
      assert.equal(badSignature.status, 403, badSignature.text);
    }
    // B's burst is 3 and one went to the previous test: two more for its own workloads…
    for (let i = 0; i < 2; i++) {
      const response = await send(server.url, sessionWire(server, setupB, leafB), freshSource());
      assert.equal(response.status, 201, response.text);
    }
    // …and then its limit, as before the flood.
    await throttled(
      server,
      await send(server.url, sessionWire(server, setupB, leafB), freshSource()),
      'createSessionPerAnchor',
    );
  });

  test("fail/Anchorage's credential helper retries a throttled CreateSession (3 attempts), then reports ThrottlingException", async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-rate-'));
    writeFileSync(join(dir, 'cert.pem'), leafA.pem);
    writeFileSync(join(dir, 'key.pem'), leafA.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const anchorRefusals = () =>
      server.logs.filter((l) => String(l.reason ?? '').startsWith('rate limit createSessionPerAnchor'))
        .length;
    const before = anchorRefusals();
    const bin = new URL('../bin/anchorage.js', import.meta.url).pathname;
    const result = spawnSync(
      process.execPath,
      [
        bin,
        'credential-process',
        '--certificate',
        join(dir, 'cert.pem'),
        '--private-key',
        join(dir, 'key.pem'),
        '--trust-anchor-arn',
        setupA.trustAnchorArn,
        '--profile-arn',
        setupA.profileArn,
        '--role-arn',
        setupA.roleArn,
        '--endpoint',
        server.url,
      ],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: dir } },
    );
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /HTTP 429.*ThrottlingException: Rate exceeded/);
    assert.equal(result.stdout, '', 'no credentials');
    await server.waitForLog(() => anchorRefusals() >= before + 3);
  });
});

describe('CreateSession rate limits: --workers 2 (the buckets live in the primary)', () => {
  let server: ServerProcess;
  let setup: RolesAnywhereSetup;

  before(async () => {
    server = await startServer({
      args: ['--workers', '2', '--create-session-rate-per-anchor', '0.01:2'],
    });
    setup = await setUpRolesAnywhere(server, root.pem);
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/one anchor bucket for both workers: what one worker granted, the other does not grant again', async () => {
    const first = await send(server.url, sessionWire(server, setup, leafA));
    assert.equal(first.status, 201, first.text);
    const line = await server.waitForLog((l) => l.requestId === first.requestId && l.msg === 'request');
    const firstPid = Number(line.pid);
    // With that worker stopped, only the other can accept the next connections.
    process.kill(firstPid, 'SIGSTOP');
    try {
      const second = await send(server.url, sessionWire(server, setup, leafA));
      assert.equal(second.status, 201, second.text);
      const third = await send(server.url, sessionWire(server, setup, leafA));
      await throttled(server, third, 'createSessionPerAnchor');
      const thirdLine = await server.waitForLog(
        (l) => l.requestId === third.requestId && l.msg === 'request',
      );
      assert.notEqual(Number(thirdLine.pid), firstPid, 'refused by the other worker');
    } finally {
      process.kill(firstPid, 'SIGCONT');
    }
  });
});

describe('signed API rate limits', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;

  before(async () => {
    server = await startServer({
      args: ['--api-rate-per-key', '0.01:14', '--api-auth-failure-rate-per-source', '0.01:3'],
    });
    admin = readAdminCredentials(server.credentialsFile);
    setup = await setUpRolesAnywhere(server, root.pem); // four calls of the admin key
  });
  after(async () => {
    await server?.stop();
  });

  const listProfiles = async (credentials: AccessKey) =>
    wireOf(await signWithSdk(server.url, credentials, 'GET', '/profiles'));

  test('fail/failed authentications per source: then 429 before the body is read, even when signed right; other sources served', async () => {
    const source = freshSource();
    const wrong = {
      accessKeyId: admin.accessKeyId,
      secretAccessKey: 'not-the-secret-key-at-all-000000000000',
    };
    for (let i = 0; i < 3; i++) {
      const response = await send(server.url, await listProfiles(wrong), source);
      assert.equal(response.status, 403, response.text);
      assert.equal(response.errorType, 'InvalidSignatureException');
    }
    const refused = await send(server.url, await listProfiles(admin), source);
    restJsonThrottled(refused);
    await throttled(server, refused, 'apiAuthFailuresPerSource');
    const elsewhere = await send(server.url, await listProfiles(admin), freshSource());
    assert.equal(elsewhere.status, 200, elsewhere.text);
  });

  test('fail/per access key: 429 in every protocol — restJson1, query XML "Throttling", awsJson1_1 — and another key is still served', async () => {
    let refused: Exchange | undefined;
    for (let i = 0; i < 20 && refused === undefined; i++) {
      const response = await send(server.url, await listProfiles(admin));
      if (response.status === 429) refused = response;
      else assert.equal(response.status, 200, response.text);
    }
    assert.ok(refused !== undefined, 'the admin key is throttled within its burst');
    restJsonThrottled(refused);
    await throttled(server, refused, 'apiPerAccessKey');

    const form = 'Action=ListRoles&Version=2010-05-08';
    const iam = await send(
      server.url,
      wireOf(
        await signWithSdk(server.url, admin, 'POST', '/', {
          rawBody: form,
          service: 'iam',
          contentType: 'application/x-www-form-urlencoded; charset=utf-8',
        }),
      ),
    );
    await throttled(server, iam, 'apiPerAccessKey');
    assert.match(iam.headers['content-type'] ?? '', /xml/);
    assert.match(iam.text, /<Code>Throttling<\/Code>/);
    assert.match(iam.text, /<Message>Rate exceeded<\/Message>/);
    assert.match(iam.text, /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);

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
    await throttled(server, pca, 'apiPerAccessKey');
    assert.equal(pca.errorType, 'ThrottlingException');
    assert.deepEqual(pca.json, { __type: 'ThrottlingException', message: 'Rate exceeded' });

    // Session credentials are another access key, with a bucket of their own.
    const session = await send(server.url, sessionWire(server, setup, leafA));
    assert.equal(session.status, 201, session.text);
    const credentials = (session.json.credentialSet as { credentials: Record<string, string> }[])[0]
      ?.credentials;
    const me = await aws(server, ['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: credentials?.accessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: credentials?.secretAccessKey ?? '',
      AWS_SESSION_TOKEN: credentials?.sessionToken ?? '',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    assert.equal(me.exitCode, 0, me.stderr);
  });

  test('fail/the AWS CLI (botocore) takes each 429 for throttling and retries it: 3 attempts, then the error', async () => {
    const cases: [string[], string][] = [
      [['rolesanywhere', 'list-profiles'], 'ThrottlingException'],
      [['iam', 'list-roles'], 'Throttling'],
      [['acm-pca', 'list-certificate-authorities'], 'ThrottlingException'],
    ];
    for (const [args, code] of cases) {
      const refusedBefore = server.logs.filter((l) => l.errorType === 'ThrottlingException').length;
      const result = await aws(server, args, { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard' });
      assert.notEqual(result.exitCode, 0);
      assert.equal(result.errorCode, code, result.stderr);
      assert.match(result.stderr, /\(reached max retries: 2\): Rate exceeded/);
      await server.waitForLog(
        () => server.logs.filter((l) => l.errorType === 'ThrottlingException').length >= refusedBefore + 3,
      );
    }
  });
});
