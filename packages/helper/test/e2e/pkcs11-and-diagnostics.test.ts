/**
 * Keys that never leave a token: a SoftHSM2 key signs CreateSession through PKCS#11 and the
 * server hands out credentials; read-certificate-data lists the token's certificates; sign-string
 * signs standard input with file and token keys, and the signatures verify.
 */
import assert from 'node:assert/strict';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type HelperFixture, keyFlags, runAnchorage, startHelperFixture } from '../support/e2e.ts';
import { createSoftHsmToken, SOFTHSM2_MODULE, softHsmAvailable } from '../support/softhsm.ts';

let fx: HelperFixture;
let token: Awaited<ReturnType<typeof createSoftHsmToken>>;
before(async () => {
  fx = await startHelperFixture();
  token = await createSoftHsmToken({
    label: 'anchorage-e2e',
    pin: '1234',
    soPin: '5678',
    keys: [
      {
        label: 'workload',
        idHex: '01',
        keyPem: fx.p256.identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        certDer: fx.p256.identity.der,
      },
      {
        label: 'rsa-workload',
        idHex: '02',
        keyPem: fx.rsa.identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        certDer: fx.rsa.identity.der,
      },
    ],
  });
});
after(async () => {
  await fx.server.stop();
  await token.remove();
});

const skip = softHsmAvailable() || process.env.CI !== undefined ? false : 'SoftHSM2 not installed';

describe('PKCS#11 (SoftHSM2)', { skip }, () => {
  for (const [label, object] of [
    ['EC P-256 with an intermediate', 'workload'],
    ['RSA-2048', 'rsa-workload'],
  ] as const) {
    test(`ok/a key held in SoftHSM2 signs CreateSession (${label}); the server returns credentials`, async () => {
      const run = await runAnchorage(
        [
          'credential-process',
          '--certificate',
          token.uri({ object, type: 'cert' }),
          ...(object === 'workload' ? ['--intermediates', fx.p256.chainFile] : []),
          '--pkcs11-lib',
          SOFTHSM2_MODULE,
          ...fx.arnFlags,
          '--no-cache',
        ],
        { env: token.env },
      );
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as { AccessKeyId: string };
      assert.match(json.AccessKeyId, /^ASIA/);
      assert.doesNotMatch(run.stderr, /1234/, 'the PIN never appears');
    });
  }

  test('fail/a wrong PIN is refused with the PKCS#11 code and without the PIN', async () => {
    const run = await runAnchorage(
      [
        'credential-process',
        '--certificate',
        token.uri({ object: 'workload', type: 'cert', pin: 'other' }),
        '--pkcs11-lib',
        SOFTHSM2_MODULE,
        ...fx.arnFlags,
        '--no-cache',
      ],
      { env: token.env },
    );
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /CKR_PIN_INCORRECT/);
  });

  test('ok/read-certificate-data lists the matching identities on the token with their URIs', async () => {
    const run = await runAnchorage(
      ['read-certificate-data', '--certificate', token.uri({ pin: false }), '--pkcs11-lib', SOFTHSM2_MODULE],
      {
        env: token.env,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Matching identities');
    const sha1 = createHash('sha1').update(fx.p256.identity.der).digest('hex');
    assert.ok(lines.some((l) => l.startsWith(`1) `) || l.startsWith('2) ')));
    assert.ok(
      lines.some((l) => l.includes(sha1) && l.includes('CN=p256-workload,O=Anchorage Test')),
      run.stdout,
    );
    assert.ok(lines.some((l) => /^\tURI: pkcs11:.*token=anchorage-e2e/.test(l)));
  });

  test('ok/sign-string signs stdin with the token key; the signature verifies', async () => {
    const run = await runAnchorage(
      [
        'sign-string',
        '--certificate',
        token.uri({ object: 'workload', type: 'cert' }),
        '--pkcs11-lib',
        SOFTHSM2_MODULE,
        '--format',
        'text',
      ],
      { env: token.env, stdin: 'hello token' },
    );
    assert.equal(run.code, 0, run.stderr);
    const ok = verify(
      'sha256',
      Buffer.from('hello token'),
      { key: fx.p256.identity.publicKey, dsaEncoding: 'der' },
      Buffer.from(run.stdout, 'hex'),
    );
    assert.equal(ok, true);
  });
});

describe('sign-string and read-certificate-data with files', () => {
  for (const digest of ['SHA256', 'SHA384', 'SHA512'] as const) {
    test(`ok/sign-string --digest ${digest} (RSA PKCS#1 v1.5, json output)`, async () => {
      const run = await runAnchorage(['sign-string', '--private-key', fx.rsa.keyFile, '--digest', digest], {
        stdin: 'data to sign',
      });
      assert.equal(run.code, 0, run.stderr);
      const hex = JSON.parse(run.stdout) as string;
      assert.ok(
        verify(
          digest.toLowerCase(),
          Buffer.from('data to sign'),
          fx.rsa.identity.publicKey,
          Buffer.from(hex, 'hex'),
        ),
      );
    });
  }

  test('ok/sign-string with an ML-DSA key signs the bytes themselves; --format bin prints raw bytes', async () => {
    const run = await runAnchorage(['sign-string', '--private-key', fx.mldsa.keyFile, '--format', 'bin'], {
      stdin: 'pq',
    });
    assert.equal(run.code, 0, run.stderr);
    const raw = run.stdoutBytes ?? Buffer.alloc(0);
    assert.equal(raw.length, 3309);
    assert.ok(verify(null, Buffer.from('pq'), fx.mldsa.identity.publicKey, raw));
  });

  test('fail/sign-string with an unknown digest or format', async () => {
    for (const args of [
      ['--digest', 'MD5'],
      ['--format', 'xml'],
    ]) {
      const run = await runAnchorage(['sign-string', '--private-key', fx.rsa.keyFile, ...args], {
        stdin: 'x',
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /is not included in/);
    }
  });

  for (const [label, workload, keyType, algorithms] of [
    ['EC', () => fx.p256, 'EC', ['ECSHA256', 'ECSHA384', 'ECSHA512']],
    ['RSA', () => fx.rsa, 'RSA', ['RSASHA256', 'RSASHA384', 'RSASHA512']],
    ['ML-DSA', () => fx.mldsa, 'ML-DSA', ['ML-DSA-65']],
  ] as const) {
    test(`ok/read-certificate-data of a PEM file (${label})`, async () => {
      const w = workload();
      const run = await runAnchorage(['read-certificate-data', '--certificate', w.certFile]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), {
        keyType,
        certificateData: w.identity.der.toString('base64'),
        serialNumber: BigInt(`0x${new X509Certificate(w.identity.der).serialNumber}`).toString(10),
        supportedAlgorithms: algorithms,
      });
    });
  }

  test('ok/version prints the version and a newline', async () => {
    const run = await runAnchorage(['version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('ok/`anchorage serve` with helper flags is the helper; without them it is the server (flags refused as unknown)', async () => {
    const run = await runAnchorage(['serve', ...keyFlags(fx.p256), ...fx.arnFlags, '--port', '-1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--port must be between 0 and 65535/);
    const server = await runAnchorage(['serve', '--hop-limit', '3']);
    assert.notEqual(server.code, 0);
    assert.match(server.stderr, /hop-limit/);
  });
});
