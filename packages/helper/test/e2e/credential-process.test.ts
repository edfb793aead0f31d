/**
 * `anchorage credential-process` against a running Anchorage: the AWS CLI uses it through
 * `credential_process`, every key format the official helper reads obtains credentials, values
 * come from the environment and stdin, the cache turns ten parallel calls into one CreateSession,
 * and every failure says what failed and what to do.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { issue } from '../../../server/test/support/certificates.ts';
import {
  ASSUMED_ROLE,
  type HelperFixture,
  keyFlags,
  REPO,
  runAnchorage,
  runProgram,
  startHelperFixture,
  writeWorkload,
} from '../support/e2e.ts';

let fx: HelperFixture;
before(async () => {
  fx = await startHelperFixture();
});
after(async () => {
  await fx.server.stop();
});

function parseOutput(stdout: string): Record<string, unknown> {
  assert.ok(!stdout.endsWith('\n'), 'credential-process prints no trailing newline, as the official helper');
  const json = JSON.parse(stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), [
    'Version',
    'AccessKeyId',
    'SecretAccessKey',
    'SessionToken',
    'Expiration',
  ]);
  assert.equal(json.Version, 1);
  assert.match(String(json.AccessKeyId), /^ASIA[A-Z0-9]{16}$/);
  assert.match(String(json.Expiration), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return json;
}

/** GetCallerIdentity with the credentials, through the AWS CLI: proves the server accepts them. */
async function callerArn(credentials: Record<string, unknown>): Promise<string> {
  const result = await runProgram(
    'aws',
    [
      'sts',
      'get-caller-identity',
      '--endpoint-url',
      fx.server.url,
      '--region',
      'us-east-1',
      '--output',
      'json',
    ],
    {
      AWS_ACCESS_KEY_ID: String(credentials.AccessKeyId),
      AWS_SECRET_ACCESS_KEY: String(credentials.SecretAccessKey),
      AWS_SESSION_TOKEN: String(credentials.SessionToken),
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  );
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { Arn: string }).Arn;
}

describe('credential-process', () => {
  test('ok/the AWS CLI runs `npx anchorage credential-process` from its config and gets the assumed-role identity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-awsconfig-'));
    const line = [
      'npx',
      'anchorage',
      'credential-process',
      ...keyFlags(fx.p256),
      ...fx.arnFlags,
      '--cache-dir',
      join(dir, 'cache'),
    ].join(' ');
    writeFileSync(
      join(dir, 'config'),
      `[profile anchorage]\nregion = us-east-1\ncredential_process = ${line}\n`,
    );
    const result = await runProgram(
      'aws',
      [
        'sts',
        'get-caller-identity',
        '--profile',
        'anchorage',
        '--endpoint-url',
        fx.server.url,
        '--output',
        'json',
      ],
      { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
      { cwd: REPO },
    );
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string; Account: string };
    assert.match(identity.Arn, ASSUMED_ROLE);
    assert.equal(identity.Account, '000000000000');
  });

  test('ok/ten parallel calls cost one CreateSession, counted on the server, and print the same credentials', async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'anchorage-cache-')), 'cache');
    const before = fx.createSessionCount();
    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        runAnchorage(['credential-process', ...keyFlags(fx.p256), ...fx.arnFlags, '--cache-dir', cacheDir]),
      ),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const outputs = new Set(runs.map((r) => r.stdout));
    assert.equal(outputs.size, 1, 'every process printed the same credentials');
    // Let the server's request log for the one call arrive.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fx.createSessionCount() - before, 1);
    const mode = execFileSync('stat', ['-c', '%a', cacheDir]).toString().trim();
    assert.equal(mode, '700');
    const files = execFileSync('sh', ['-c', `stat -c '%a %n' ${cacheDir}/*`])
      .toString()
      .trim()
      .split('\n');
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^600 .*\.json$/);
    assert.match(await callerArn(parseOutput([...outputs][0] ?? '')), ASSUMED_ROLE);
  });

  test('ok/--no-cache calls CreateSession every time', async () => {
    const before = fx.createSessionCount();
    for (let i = 0; i < 2; i++) {
      const run = await runAnchorage([
        'credential-process',
        ...keyFlags(fx.p256),
        ...fx.arnFlags,
        '--no-cache',
      ]);
      assert.equal(run.code, 0, run.stderr);
      parseOutput(run.stdout);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fx.createSessionCount() - before, 2);
  });

  const formats: Array<[string, () => string[]]> = [
    ['PKCS#8 EC (P-256) with an intermediate', () => keyFlags(fx.p256)],
    [
      'SEC1 EC PRIVATE KEY',
      () => [
        '--certificate',
        fx.p256.certFile,
        '--intermediates',
        fx.p256.chainFile,
        '--private-key',
        writeKey('sec1.pem', fx.p256.identity.privateKey.export({ type: 'sec1', format: 'pem' })),
      ],
    ],
    [
      'PKCS#1 RSA PRIVATE KEY',
      () => [
        '--certificate',
        fx.rsa.certFile,
        '--private-key',
        writeKey('pkcs1.pem', fx.rsa.identity.privateKey.export({ type: 'pkcs1', format: 'pem' })),
      ],
    ],
    [
      'encrypted PKCS#8 with --pkcs8-password',
      () => [
        '--certificate',
        fx.rsa.certFile,
        '--pkcs8-password',
        'correct horse',
        '--private-key',
        writeKey(
          'enc.pem',
          fx.rsa.identity.privateKey.export({
            type: 'pkcs8',
            format: 'pem',
            cipher: 'aes-256-cbc',
            passphrase: 'correct horse',
          }),
        ),
      ],
    ],
    ['ML-DSA-65 PKCS#8', () => keyFlags(fx.mldsa)],
    [
      'PKCS#12 bundle made by openssl (key, leaf and intermediate; no password)',
      () => {
        const p12 = join(fx.dir, 'bundle.p12');
        execFileSync('openssl', [
          'pkcs12',
          '-export',
          '-inkey',
          fx.p256.keyFile,
          '-in',
          fx.p256.certFile,
          '-certfile',
          fx.p256.chainFile,
          '-passout',
          'pass:',
          '-out',
          p12,
        ]);
        return ['--certificate', p12];
      },
    ],
    [
      'PKCS#12 bundle with a password',
      () => {
        const p12 = join(fx.dir, 'bundle-pw.p12');
        execFileSync('openssl', [
          'pkcs12',
          '-export',
          '-inkey',
          fx.rsa.keyFile,
          '-in',
          fx.rsa.certFile,
          '-passout',
          'pass:s3cret',
          '-out',
          p12,
        ]);
        return ['--certificate', p12, '--pkcs8-password', 's3cret'];
      },
    ],
  ];
  for (const [label, flags] of formats) {
    test(`ok/key format: ${label}`, async () => {
      const run = await runAnchorage(['credential-process', ...flags(), ...fx.arnFlags, '--no-cache']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(await callerArn(parseOutput(run.stdout)), ASSUMED_ROLE);
    });
  }

  test('ok/certificate, key and chain from environment variables, nothing on disk', async () => {
    const run = await runAnchorage(
      [
        'credential-process',
        '--certificate',
        'env:WL_CERT',
        '--private-key',
        'env:WL_KEY',
        '--intermediates',
        'env:WL_CHAIN',
        ...fx.arnFlags,
        '--no-cache',
      ],
      {
        env: {
          WL_CERT: fx.p256.identity.pem,
          // base64 of DER works too: what a CI secret store holds best
          WL_KEY: fx.p256.identity.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
          WL_CHAIN: fx.roots.intermediate.pem,
        },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    parseOutput(run.stdout);
  });

  test('ok/one PEM bundle (key, certificate, intermediate) on standard input', async () => {
    const bundle = `${fx.p256.identity.privateKey.export({ type: 'pkcs8', format: 'pem' })}${fx.p256.identity.pem}${fx.roots.intermediate.pem}`;
    const run = await runAnchorage(
      ['credential-process', '--certificate', '-', ...fx.arnFlags, '--no-cache'],
      { stdin: bundle },
    );
    assert.equal(run.code, 0, run.stderr);
    parseOutput(run.stdout);
  });

  test('ok/a rotated certificate file is used on the next call (the cache key follows the certificate)', async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'anchorage-cache-')), 'cache');
    const rotating = writeWorkload(
      fx.dir,
      'rotating',
      issue({ subject: [['CN', 'rotating-1']], issuer: fx.roots.rsa, keyType: 'rsa2048' }),
      [],
    );
    const first = await runAnchorage([
      'credential-process',
      ...keyFlags(rotating),
      ...fx.arnFlags,
      '--cache-dir',
      cacheDir,
    ]);
    assert.equal(first.code, 0, first.stderr);
    writeWorkload(
      fx.dir,
      'rotating',
      issue({ subject: [['CN', 'rotating-2']], issuer: fx.roots.rsa, keyType: 'rsa2048' }),
      [],
    );
    const second = await runAnchorage([
      'credential-process',
      ...keyFlags(rotating),
      ...fx.arnFlags,
      '--cache-dir',
      cacheDir,
    ]);
    assert.equal(second.code, 0, second.stderr);
    assert.notEqual(parseOutput(first.stdout).AccessKeyId, parseOutput(second.stdout).AccessKeyId);
    await new Promise((r) => setTimeout(r, 200));
    const sources = fx.server.logs
      .filter((l) => l.path === '/sessions' && l.status === 201)
      .map((l) => JSON.stringify(l));
    assert.ok(
      sources.some((l) => l.includes('rotating-2')),
      'the server saw the new certificate',
    );
  });

  describe('refusals say what failed and what to do, and print no credentials', () => {
    const refuse = async (args: string[], pattern: RegExp, env: Record<string, string> = {}) => {
      const run = await runAnchorage(['credential-process', ...args, '--no-cache'], { env });
      assert.equal(run.code, 1, `expected failure; stdout=${run.stdout}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, pattern);
      return run;
    };

    test('fail/unreadable key file', async () =>
      void (await refuse(
        ['--certificate', fx.p256.certFile, '--private-key', join(fx.dir, 'missing.key'), ...fx.arnFlags],
        /cannot read the private key from file .*missing\.key: it does not exist/,
      )));

    test('fail/key and certificate do not match', async () =>
      void (await refuse(
        ['--certificate', fx.p256.certFile, '--private-key', fx.rsa.keyFile, ...fx.arnFlags],
        /private key does not match the certificate \(.*p256-workload/,
      )));

    test('fail/certificate expired', async () => {
      const expired = writeWorkload(
        fx.dir,
        'expired',
        issue({
          subject: [['CN', 'expired']],
          issuer: fx.roots.rsa,
          keyType: 'rsa2048',
          notBefore: Date.now() - 10 * 86400_000,
          notAfter: Date.now() - 86400_000,
        }),
        [],
      );
      await refuse(
        [...keyFlags(expired), ...fx.arnFlags],
        /certificate \(.*expired.*\) expired on \d{4}-.*issue a new one/,
      );
    });

    test('fail/encrypted key without its password', async () => {
      const file = writeKey(
        'enc2.pem',
        fx.rsa.identity.privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'pw',
        }),
      );
      await refuse(
        ['--certificate', fx.rsa.certFile, '--private-key', file, ...fx.arnFlags],
        /encrypted: give its password with --pkcs8-password/,
      );
    });

    test('fail/encrypted key with the wrong password', async () => {
      const file = writeKey(
        'enc3.pem',
        fx.rsa.identity.privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'pw',
        }),
      );
      await refuse(
        ['--certificate', fx.rsa.certFile, '--private-key', file, '--pkcs8-password', 'nope', ...fx.arnFlags],
        /cannot decrypt the private key .*wrong password/,
      );
    });

    test('fail/server refusal carries its type, message and request id, and a hint', async () => {
      const stranger = issue({ subject: [['CN', 'Stranger Root']], ca: true, keyType: 'p256' });
      const outsider = writeWorkload(
        fx.dir,
        'outsider',
        issue({ subject: [['CN', 'outsider']], issuer: stranger, keyType: 'p256' }),
        [],
      );
      const run = await refuse(
        [...keyFlags(outsider), ...fx.arnFlags],
        /CreateSession refused by http:\/\/127\.0\.0\.1:\d+ \(HTTP 403, request id [\w-]+\): AccessDeniedException: Untrusted Signing Certificate — .*--intermediates/,
      );
      const requestId = /request id ([\w-]+)/.exec(run.stderr)?.[1];
      assert.ok(
        fx.server.logs.some((l) => l.requestId === requestId && l.status === 403),
        'the request id names the server log line',
      );
    });

    test('fail/unknown flag, as cobra says it', async () =>
      void (await refuse(['--certficate', 'x'], /^Error: unknown flag: --certficate/)));

    test('fail/mutually exclusive flags', async () =>
      void (await refuse(
        ['--certificate', 'a', '--cert-selector', 'b'],
        /if any flags in the group \[certificate cert-selector\] are set none of the others can be/,
      )));

    test('fail/trust anchor and profile in different regions', async () =>
      void (await refuse(
        [
          ...keyFlags(fx.p256),
          '--trust-anchor-arn',
          fx.setup.trustAnchorArn,
          '--profile-arn',
          fx.setup.profileArn.replace('us-east-1', 'eu-west-1'),
          '--role-arn',
          fx.setup.roleArn,
        ],
        /trust anchor and profile regions don't match/,
      )));

    test('fail/TPM key handles are refused with a pointer to PKCS#11', async () =>
      void (await refuse(
        ['--certificate', fx.p256.certFile, '--private-key', 'handle:0x81000001', ...fx.arnFlags],
        /TPM keys are not supported.*PKCS#11/,
      )));

    test('fail/no certificate on Linux means the certificate store, which Linux has not', async () =>
      void (await refuse([...fx.arnFlags], /unable to use cert store signer on linux/)));

    test('fail/the server is unreachable (after retries)', async () =>
      void (await refuse(
        [...keyFlags(fx.p256), ...fx.arnFlags.slice(0, -1), 'http://127.0.0.1:9'],
        /cannot reach http:\/\/127\.0\.0\.1:9 for CreateSession/,
      )));
  });
});

function writeKey(file: string, pem: string | Buffer): string {
  const path = join(fx.dir, file);
  writeFileSync(path, pem, { mode: 0o600 });
  return path;
}
