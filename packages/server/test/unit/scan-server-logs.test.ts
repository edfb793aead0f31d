/**
 * tools/scan-server-logs.ts, run as `npm test` runs it, over planted logs: each kind of secret,
 * made the way Anchorage makes it, is found and reported by file, line and kind without being
 * printed; realistic clean lines pass; a missing or empty log directory passes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { newSecretAccessKey } from '../../src/auth/access-keys.ts';
import { hashPassword } from '../../src/console/passwords.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';
import { mintTemporaryCredentials } from '../../src/sts/temporary-credentials.ts';

const SCANNER = new URL('../../../../tools/scan-server-logs.ts', import.meta.url).pathname;

function scan(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCANNER, ...args], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A log line as the server writes them: one JSON object. */
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ time: '2026-11-28T00:00:00.000Z', level: 'info', ...fields });

/** A secret access key as Anchorage makes one, with the letters and digits nearly all have. */
function secretAccessKey(withUrlSpecial = false): string {
  for (;;) {
    const key = newSecretAccessKey();
    if (/[A-Z]/.test(key) && /[a-z]/.test(key) && /[0-9]/.test(key) && (!withUrlSpecial || /[+/]/.test(key)))
      return key;
  }
}

async function temporaryCredentials() {
  const ring = createKeyRing(createMemoryStore(), createSecretBox(randomBytes(32)));
  const now = Date.now();
  return mintTemporaryCredentials(
    ring,
    {
      partition: 'aws',
      accountId: '000000000000',
      roleArn: 'arn:aws:iam::000000000000:role/Workload',
      roleId: 'AROAEXAMPLEEXAMPLE01',
      roleName: 'Workload',
      sessionName: 'planted',
      tags: [],
      transitiveTagKeys: [],
      sessionPolicyArns: [],
      issuedAt: now,
      expiresAt: now + 3600_000,
      chained: false,
      issuedBy: 'test',
    },
    now,
  );
}

/** A log as server-log-file.ts writes it: the header naming the data directory, then lines. */
function writeLog(
  dir: string,
  name: string,
  dataDir: string,
  lines: readonly string[],
  header: string[] = [],
) {
  writeFileSync(
    join(dir, `${name}.log`),
    [`# anchorage-test-server data-dir=${dataDir}`, ...header, ...lines, ''].join('\n'),
  );
}

describe('scan-server-logs', () => {
  test('fail/every kind of planted secret is found, by file, line and kind, and not printed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'anchorage-scan-'));
    const logs = join(root, 'logs');
    mkdirSync(logs);
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    const adminSecret = secretAccessKey(true);
    writeFileSync(
      join(dataDir, 'admin-credentials'),
      `[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = ${adminSecret}\n`,
    );
    const dataKey = randomBytes(32).toString('base64');
    writeFileSync(join(dataDir, 'data.key'), `${dataKey}\n`);
    const envDataKey = randomBytes(32).toString('base64');
    const credentials = await temporaryCredentials();
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    const cookie = randomBytes(32).toString('base64url');
    const passwordHash = await hashPassword('correct horse battery staple', 2 ** 10);

    const planted: { name: string; kind: string; secret: string; lines: string[]; header?: string[] }[] = [
      {
        name: 'pem',
        kind: 'private key (PEM)',
        secret: String(ec.export({ type: 'pkcs8', format: 'pem' })),
        lines: [],
      },
      {
        name: 'pkcs8-rsa',
        kind: 'private key (base64 DER)',
        secret: rsa.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        lines: [],
      },
      {
        name: 'sec1-ec',
        kind: 'private key (base64 DER)',
        secret: ec.export({ type: 'sec1', format: 'der' }).toString('base64'),
        lines: [],
      },
      {
        name: 'pkcs8-ed25519',
        kind: 'private key (base64 DER)',
        secret: ed.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        lines: [],
      },
      {
        name: 'admin-secret-url-encoded',
        kind: 'administrator secret access key',
        secret: encodeURIComponent(adminSecret),
        lines: [],
      },
      {
        name: 'temporary-secret',
        kind: 'secret access key (shape)',
        secret: credentials.secretAccessKey,
        lines: [],
      },
      { name: 'session-token', kind: 'session token', secret: credentials.sessionToken, lines: [] },
      { name: 'data-key-file', kind: 'data key', secret: dataKey, lines: [] },
      {
        name: 'data-key-environment',
        kind: 'data key',
        secret: envDataKey,
        lines: [],
        header: [`# data-key-sha256=${createHash('sha256').update(envDataKey).digest('hex')}`],
      },
      {
        name: 'console-cookie',
        kind: 'console session cookie',
        secret: `anchorage_console=${cookie}`,
        lines: [],
      },
      { name: 'password-hash', kind: 'console password hash', secret: passwordHash, lines: [] },
      {
        name: 'password-field',
        kind: 'password field',
        secret: 'correct horse battery staple',
        lines: [JSON.stringify({ password: 'correct horse battery staple' })],
      },
    ];
    for (const p of planted) {
      // Two harmless lines first, so the reported line number is the secret's (3 with the header).
      const lines = p.lines.length > 0 ? p.lines : [line({ msg: 'leaked', value: p.secret })];
      writeLog(
        logs,
        p.name,
        dataDir,
        [line({ msg: 'listening' }), line({ msg: 'request' }), ...lines],
        p.header ?? [],
      );
    }
    const result = scan(logs);
    assert.equal(result.code, 1, result.out);
    for (const p of planted) {
      const at = 4 + (p.header?.length ?? 0);
      assert.ok(
        result.out.includes(`${join(logs, `${p.name}.log`)}:${at}: ${p.kind}:`),
        `${p.name}: expected ${p.kind} at line ${at} in:\n${result.out}`,
      );
      if (p.kind !== 'password field')
        assert.equal(result.out.includes(p.secret), false, `${p.name}: the report prints the secret`);
    }
    assert.equal(result.out.includes(adminSecret), false);
    assert.match(result.out, new RegExp(`${planted.length} log files, \\d+ lines, \\d+ secrets found`));
  });

  test('ok/clean server log lines pass', () => {
    const root = mkdtempSync(join(tmpdir(), 'anchorage-scan-'));
    const certificate = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64');
    const sha1 = createHash('sha1').update('x').digest('hex');
    writeLog(root, 'clean', join(root, 'no-such-data-dir'), [
      line({ msg: 'listening', url: 'http://127.0.0.1:40123', dataDir: '/tmp/anchorage-test-Ab3xYz' }),
      line({
        msg: 'request',
        requestId: 'c0a8f6a2-3b1e-4f7a-9d2c-1e2f3a4b5c6d',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        payloadSha256: createHash('sha256').update('x').digest('hex'),
        certificateSha1: sha1,
        serial: sha1.toUpperCase(),
        fingerprint: createHash('sha256').update('y').digest('base64'),
        publicKey: certificate,
        path: '/work/main/packages/server/src/http/handle-request.ts',
        arn: 'arn:aws:iam::000000000000:role/Workload/ExampleRoleSessionName0123456789',
      }),
      // A PEM body's last line of 39 characters: with the `n` of JSON's `\n` before it, 40.
      line({
        msg: 'certificate',
        pem: '-----BEGIN CERTIFICATE-----\nAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abc\n-----END CERTIFICATE-----\n',
      }),
      'plain text from stderr: Error: connect ECONNREFUSED 127.0.0.1:5432',
    ]);
    const result = scan(root);
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /1 log files, 5 lines, 0 secrets found/);
  });

  test('ok/no logs at all pass, and --reset empties the directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'anchorage-scan-'));
    const missing = scan(join(root, 'never-made'));
    assert.equal(missing.code, 0, missing.out);
    assert.match(missing.out, /no server logs/);
    writeLog(root, 'leak', root, [line({ value: '-----BEGIN PRIVATE KEY-----' })]);
    assert.equal(scan(root).code, 1);
    const reset = scan('--reset', root);
    assert.equal(reset.code, 0, reset.out);
    assert.ok(existsSync(root));
    assert.deepEqual(readdirSync(root), []);
    assert.equal(scan(root).code, 0);
  });
});
