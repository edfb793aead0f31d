/**
 * The process as an operator meets it: health check, request ids, admin credentials on first
 * start, configuration errors, and a SIGTERM that lets in-flight requests finish.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { aws } from './support/aws-cli.ts';
import { makeCa, makeServerTlsCertificate } from './support/pki.ts';
import { sdkSignedFetch, signWithSdk } from './support/sdk-signed-fetch.ts';
import { newDataDir, startServer } from './support/server-process.ts';

const BIN = new URL('../bin/anchorage.js', import.meta.url).pathname;

describe('server lifecycle', () => {
  test('ok/healthz answers 200 with a request id that the log line carries', async () => {
    const server = await startServer();
    try {
      const response = await fetch(`${server.url}/healthz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
      const requestId = response.headers.get('x-amzn-requestid');
      assert.match(String(requestId), /^[0-9a-f-]{36}$/);
      const line = await server.waitForLog((l) => l.requestId === requestId);
      assert.equal(line.msg, 'request');
      assert.equal(line.status, 200);
    } finally {
      await server.stop();
    }
  });

  test('ok/first start writes admin-credentials (mode 0600) and a data key (mode 0600); later starts keep them', async () => {
    const server = await startServer();
    const credentialsMode = statSync(server.credentialsFile).mode & 0o777;
    assert.equal(credentialsMode, 0o600);
    assert.equal(statSync(join(server.dataDir, 'data.key')).mode & 0o777, 0o600);
    const key = readAdminCredentials(server.credentialsFile);
    assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.secretAccessKey.length, 40);
    assert.equal(await server.stop(), 0);
    rmSync(server.credentialsFile);
    const again = await startServer({ dataDir: server.dataDir });
    try {
      assert.ok(existsSync(again.credentialsFile), 'a missing credentials file is written again');
      assert.deepEqual(readAdminCredentials(again.credentialsFile), key);
    } finally {
      await again.stop();
    }
  });

  test('ok/secrets are sealed at rest: the secret key is not in the database file', async () => {
    const server = await startServer();
    const key = readAdminCredentials(server.credentialsFile);
    await server.stop();
    const { readFileSync } = await import('node:fs');
    const db = Buffer.concat(
      ['anchorage.db', 'anchorage.db-wal']
        .map((f) => join(server.dataDir, f))
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f)),
    );
    assert.ok(db.includes(Buffer.from(key.accessKeyId)), 'the key id is stored in clear (it is not secret)');
    assert.ok(!db.includes(Buffer.from(key.secretAccessKey)), 'the secret is never stored in clear');
  });

  test('ok/SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const server = await startServer();
    const credentials = readAdminCredentials(server.credentialsFile);
    const body = {
      name: 'in-flight',
      source: {
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: makeCa('Drain Root').certPem },
      },
    };
    const prepared = await signWithSdk(server.url, credentials, 'POST', '/trustanchors', { body });
    const payload = Buffer.from(prepared.body ?? '');
    const url = new URL(prepared.url);
    const responded = new Promise<number>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: prepared.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.setHeader('content-length', payload.length);
      // Half the body now, SIGTERM, the rest after: the request is in flight during shutdown.
      req.write(payload.subarray(0, 100));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(payload.subarray(100)), 300);
      }, 100);
    });
    assert.equal(await responded, 201);
    const exitCode = await new Promise<number | null>((resolve) => {
      if (server.child.exitCode !== null) resolve(server.child.exitCode);
      else server.child.once('exit', (code) => resolve(code));
    });
    assert.equal(exitCode, 0);
    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      const list = await sdkSignedFetch(restarted.url, credentials, 'GET', '/trustanchors');
      assert.deepEqual(
        (list.json.trustAnchors as { name: string }[]).map((a) => a.name),
        ['in-flight'],
      );
    } finally {
      await restarted.stop();
    }
  });

  test('ok/--tls-cert and --tls-key serve HTTPS; the AWS CLI works over it', async () => {
    const tls = makeServerTlsCertificate();
    const server = await startServer({ args: ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] });
    try {
      assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const result = await aws(server, ['rolesanywhere', 'list-trust-anchors', '--ca-bundle', tls.certFile]);
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.json, { trustAnchors: [] });
      const untrusted = await aws(server, ['rolesanywhere', 'list-trust-anchors']);
      assert.notEqual(
        untrusted.exitCode,
        0,
        'a client that does not trust the certificate is refused by TLS',
      );
    } finally {
      await server.stop();
    }
  });

  test('ok/--workers 2: two processes serve one port and one store; SIGTERM stops them all', async () => {
    const server = await startServer({ args: ['--workers', '2'] });
    const credentials = readAdminCredentials(server.credentialsFile);
    const pids = new Set<number>();
    for (let i = 0; i < 40; i++) {
      // New connections each time, so that the kernel can hand them to either worker.
      const created = await sdkSignedFetch(server.url, credentials, 'POST', '/profiles', {
        body: { name: `worker-${i}`, roleArns: ['arn:aws:iam::000000000000:role/r'] },
      });
      assert.equal(created.status, 201);
      const line = await server.waitForLog((l) => l.requestId === created.headers.get('x-amzn-requestid'));
      if (typeof line.pid === 'number') pids.add(line.pid);
    }
    assert.ok(pids.size >= 1, 'requests are served by worker processes, which log their pid');
    assert.ok(![...pids].includes(server.child.pid ?? -1), 'the supervisor itself serves nothing');
    const list = await sdkSignedFetch(server.url, credentials, 'GET', '/profiles', {
      query: { pageSize: '100' },
    });
    assert.equal((list.json.profiles as unknown[]).length, 40, 'one store behind every worker');
    assert.equal(await server.stop(), 0);
  });

  test('fail/invalid configuration exits 2 and names every problem', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [BIN, 'serve', '--data-dir', newDataDir(), ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 15_000,
      });
    const bad = run([
      '--port',
      '70000',
      '--region',
      'moon',
      '--account-id',
      '12',
      '--workers',
      '0',
      '--bogus',
      'x',
    ]);
    assert.equal(bad.status, 2);
    for (const part of ['--port', '--region', '--account-id', '--workers', 'unknown flag --bogus']) {
      assert.ok(bad.stderr.includes(part), `stderr names ${part}: ${bad.stderr}`);
    }
    const envBad = run([], { ANCHORAGE_PORT: 'eighty' });
    assert.equal(envBad.status, 2);
    assert.match(envBad.stderr, /--port/);
    const tlsHalf = run(['--tls-cert', '/tmp/x.pem']);
    assert.equal(tlsHalf.status, 2);
    assert.match(tlsHalf.stderr, /--tls-cert and --tls-key/);
  });

  test('ok/unknown commands print usage and exit 2', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
    assert.match(result.stderr, /usage: anchorage/);
  });
});
