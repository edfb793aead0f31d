/**
 * The CreateSession replay cache, over real HTTP against real servers: a signed request is
 * accepted at most once within the clock-skew window — by one process, by any worker of
 * `--workers 2`, and by any of two servers sharing PostgreSQL. A replay is 403
 * AccessDeniedException on the wire and "request replayed" in the log, with no credentials. Only a
 * request whose signature verified is recorded, so a forged copy cannot lock out the real one;
 * the key is the signed content, so ECDSA's twin signature (r, n − s) is the same request; an
 * entry is forgotten once its request is stale, and a full cache refuses rather than forgets.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { issue, type TestIdentity } from './support/certificates.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from './support/postgres.ts';
import { type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import {
  type Exchange,
  send,
  signatureOf,
  signSession,
  type Wire,
  withHeader,
  withSignature,
} from './support/session-wire.ts';

const SKEW_MS = 5 * 60 * 1000;

const root = issue({ subject: [['CN', 'Replay Root']], ca: true, keyType: 'p256' });
const ecLeaf = issue({ subject: [['CN', 'replay-ec']], issuer: root, keyType: 'p256' });
const rsaLeaf = issue({ subject: [['CN', 'replay-rsa']], issuer: root, keyType: 'rsa2048' });

function signAs(
  server: ServerProcess,
  setup: RolesAnywhereSetup,
  leaf: TestIdentity,
  now = Date.now(),
): Wire {
  return signSession({
    endpoint: server.url,
    arns: setup,
    certificate: leaf.der,
    privateKey: leaf.privateKey,
    serial: leaf.serial,
    now,
  });
}

function granted(response: Exchange): void {
  assert.equal(response.status, 201, response.text);
  assert.ok(Array.isArray(response.json.credentialSet));
}

async function refusedAsReplay(server: ServerProcess, response: Exchange): Promise<Record<string, unknown>> {
  assert.equal(response.status, 403, response.text);
  assert.equal(response.errorType, 'AccessDeniedException');
  assert.equal(response.json.credentialSet, undefined, 'no credentials');
  assert.equal(response.json.message, 'Access denied');
  const line = await server.waitForLog((l) => l.requestId === response.requestId && l.msg === 'request');
  assert.match(String(line.reason), /^request replayed/);
  return line;
}

/** The ECDSA signature (r, n − s): as valid as (r, s) for the same message (SEC 1 §4.1.4). */
function twinSignature(derHex: string): string {
  const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  const der = Buffer.from(derHex, 'hex');
  let at = der[1] === 0x81 ? 3 : 2; // SEQUENCE header
  const readInteger = (): bigint => {
    assert.equal(der[at], 0x02);
    const length = der[at + 1] ?? 0;
    const value = BigInt(`0x${der.subarray(at + 2, at + 2 + length).toString('hex')}`);
    at += 2 + length;
    return value;
  };
  const encodeInteger = (value: bigint): Buffer => {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
    const bytes = Buffer.from(hex, 'hex');
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const r = readInteger();
  const s = readInteger();
  const body = Buffer.concat([encodeInteger(r), encodeInteger(P256_N - s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('hex');
}

describe('replay cache: one server', () => {
  let server: ServerProcess;
  let setup: RolesAnywhereSetup;

  before(async () => {
    server = await startServer();
    setup = await setUpRolesAnywhere(server, root.pem);
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/the same signed request sent again: 403 AccessDeniedException, "request replayed", no credentials', async () => {
    const wire = signAs(server, setup, ecLeaf);
    granted(await send(server.url, wire));
    for (let i = 0; i < 3; i++) await refusedAsReplay(server, await send(server.url, wire));
    // Not a lock-out of the certificate: the next request it signs is a new one.
    granted(await send(server.url, signAs(server, setup, ecLeaf, Date.now() + 1000)));
  });

  test("fail/ECDSA's twin signature (r, n − s) is the same request: whichever comes second is a replay", async () => {
    const wire = signAs(server, setup, ecLeaf, Date.now() - 2000);
    const twin = withSignature(wire, twinSignature(signatureOf(wire)));
    assert.notEqual(signatureOf(twin), signatureOf(wire));
    // The twin verifies on its own (first here, it is granted)…
    granted(await send(server.url, twin));
    // …and the original, a different signature over the same content, is then refused.
    await refusedAsReplay(server, await send(server.url, wire));
  });

  test('ok/forged copies sent first are refused for their signature and do not lock out the real request', async () => {
    const wire = signAs(server, setup, ecLeaf, Date.now() - 3000);
    const signature = signatureOf(wire);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('00') ? '01' : '00'}`;
    const forgeries: Wire[] = [
      withSignature(wire, flipped),
      { ...wire, body: JSON.stringify({ durationSeconds: 900 }) },
      withHeader(
        wire,
        'x-amz-date',
        new Date(Date.now() - 60_000).toISOString().replace(/[-:]|\.\d{3}/g, ''),
      ),
    ];
    for (const forged of forgeries) {
      const response = await send(server.url, forged);
      assert.equal(response.status, 403, response.text);
      assert.equal(response.errorType, 'AccessDeniedException');
      const line = await server.waitForLog((l) => l.requestId === response.requestId && l.msg === 'request');
      assert.doesNotMatch(String(line.reason), /replayed/);
    }
    granted(await send(server.url, wire));
    await refusedAsReplay(server, await send(server.url, wire));
  });

  test('fail/RSA PKCS#1 v1.5 is deterministic: one request signed twice in a second is one request; a second later it is another', async () => {
    const at = Date.now();
    const first = signAs(server, setup, rsaLeaf, at);
    const again = signAs(server, setup, rsaLeaf, at);
    assert.equal(signatureOf(again), signatureOf(first), 'byte for byte the same signature');
    granted(await send(server.url, first));
    await refusedAsReplay(server, await send(server.url, again));
    granted(await send(server.url, signAs(server, setup, rsaLeaf, at + 1000)));
  });
});

describe('replay cache: bounded, refusing when full, forgetting what expired', () => {
  let server: ServerProcess;
  let setup: RolesAnywhereSetup;

  before(async () => {
    server = await startServer({ args: ['--replay-cache-size', '2'] });
    setup = await setUpRolesAnywhere(server, root.pem);
  });
  after(async () => {
    await server?.stop();
  });

  test('ok/full of live entries: 503 with Retry-After; once the oldest request is stale its entry is forgotten and room made', async () => {
    // Dated near the past edge of the skew window: stale (and forgettable) in about 3 s.
    const nearlyStale = signAs(server, setup, ecLeaf, Date.now() - SKEW_MS + 3000);
    granted(await send(server.url, nearlyStale));
    granted(await send(server.url, signAs(server, setup, ecLeaf)));

    const full = await send(server.url, signAs(server, setup, rsaLeaf));
    assert.equal(full.status, 503, full.text);
    assert.equal(full.errorType, 'ServiceUnavailableException');
    assert.equal(full.json.credentialSet, undefined);
    const retryAfter = Number(full.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${full.headers['retry-after']}`);
    const line = await server.waitForLog((l) => l.requestId === full.requestId && l.msg === 'request');
    assert.match(String(line.reason), /^replay cache full: 2 live entries/);

    // Fresh requests (each newly signed) until the stale entry is gone: the cache still holds
    // the live one, so room can only come from forgetting the expired one.
    let admitted: Exchange | undefined;
    for (let i = 0; i < 40 && admitted === undefined; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const response = await send(server.url, signAs(server, setup, rsaLeaf));
      if (response.status !== 503) admitted = response;
    }
    assert.ok(admitted !== undefined, 'room was made');
    granted(admitted);
    // The forgotten request is refused all the same — as stale, by the clock-skew check.
    const stale = await send(server.url, nearlyStale);
    assert.equal(stale.status, 403);
    const staleLine = await server.waitForLog((l) => l.requestId === stale.requestId && l.msg === 'request');
    assert.match(String(staleLine.reason), /before the server clock/);
  });
});

describe('replay cache: --workers 2 (the cache lives in the primary)', () => {
  let server: ServerProcess;
  let setup: RolesAnywhereSetup;

  before(async () => {
    server = await startServer({ args: ['--workers', '2'] });
    setup = await setUpRolesAnywhere(server, root.pem);
  });
  after(async () => {
    await server?.stop();
  });

  test('fail/a request accepted by one worker is refused as a replay by the other', async () => {
    const wire = signAs(server, setup, ecLeaf);
    const first = await send(server.url, wire);
    granted(first);
    const firstLine = await server.waitForLog((l) => l.requestId === first.requestId && l.msg === 'request');
    const firstPid = Number(firstLine.pid);
    assert.ok(firstPid > 0 && firstPid !== server.child.pid, 'served by a worker');
    // With that worker stopped, only the other can accept the next connection.
    process.kill(firstPid, 'SIGSTOP');
    let replayLine: Record<string, unknown>;
    try {
      replayLine = await refusedAsReplay(server, await send(server.url, wire));
    } finally {
      process.kill(firstPid, 'SIGCONT');
    }
    assert.notEqual(Number(replayLine.pid), firstPid, 'refused by the other worker');
    // And by the first worker as well (any connection, either worker).
    for (let i = 0; i < 4; i++) await refusedAsReplay(server, await send(server.url, wire));
  });

  test('fail/while the primary does not answer, a worker refuses CreateSession with 503 ServiceUnavailableException and Retry-After (fail closed); served again once it answers', async () => {
    const wire = signAs(server, setup, ecLeaf);
    // The workers still accept connections on the shared socket; only the admission question waits.
    process.kill(server.child.pid as number, 'SIGSTOP');
    let refused: Exchange;
    try {
      refused = await send(server.url, wire);
    } finally {
      process.kill(server.child.pid as number, 'SIGCONT');
    }
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.errorType, 'ServiceUnavailableException');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.equal(refused.json.credentialSet, undefined, 'no credentials');
    // The primary may still answer the question late and keep its claim (docs/limits.md: a 5xx
    // after the claim leaves it in place), so a client retries as the SDKs do, signing anew.
    granted(await send(server.url, signAs(server, setup, ecLeaf)));
  });
});

const DATABASE = TEST_DATABASE_URL;
// Under CI, PostgreSQL must be there: this fails rather than skips.
const skip = await postgresSkip();

describe('replay cache: two servers on one PostgreSQL database', { skip }, () => {
  const schema = `anchorage_replay_${randomBytes(4).toString('hex')}`;
  let a: ServerProcess;
  let b: ServerProcess;
  let setup: RolesAnywhereSetup;

  before(async () => {
    const env = { ANCHORAGE_DATA_KEY: randomBytes(32).toString('base64') };
    const url = `${DATABASE}?schema=${schema}`;
    a = await startServer({ args: ['--database-url', url], env });
    b = await startServer({ args: ['--database-url', url], env });
    setup = await setUpRolesAnywhere(a, root.pem);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await dropSchemas(schema);
  });

  test('fail/a request accepted by one server is refused as a replay by the other', async () => {
    // Signed for server A's address (Host is signed): sent to B as well, as a replayer would.
    const wire = signAs(a, setup, ecLeaf);
    granted(await send(a.url, wire));
    await refusedAsReplay(b, await send(b.url, wire));
    await refusedAsReplay(a, await send(a.url, wire));
  });

  test('ok/the same request sent to both servers at once, many times over: exactly one is granted', async () => {
    const wire = signAs(a, setup, rsaLeaf);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => send(i % 2 === 0 ? a.url : b.url, wire)),
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 1);
    for (const [i, response] of responses.entries()) {
      if (response.status !== 201) await refusedAsReplay(i % 2 === 0 ? a : b, response);
    }
  });
});
