/**
 * Issue 6's promises, end to end against a fresh server: `anchorage quickstart` leaves a config
 * with which the real AWS CLI gets the assumed-role identity; running it again reuses what exists;
 * revoking the workload certificate makes the next CreateSession fail with `Certificate revoked`;
 * `anchorage ca` creates, issues, lists, revokes and prints CRLs.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApiClient } from '../src/client/api-client.ts';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { createSession } from './support/create-session-client.ts';
import { control, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const BIN = new URL('../bin/anchorage.js', import.meta.url).pathname;
const PATH = `${new URL('../../../node_modules/.bin', import.meta.url).pathname}:${process.env.PATH ?? ''}`;

let server: ServerProcess;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

function run(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { PATH, HOME: process.env.HOME ?? tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const anchorage = (args: readonly string[]) =>
  run(process.execPath, [BIN, ...args, '--endpoint', server.url, '--data-dir', server.dataDir]);

describe('anchorage quickstart', () => {
  let out: string;
  before(() => {
    out = join(mkdtempSync(join(tmpdir(), 'anchorage-qs-')), 'quickstart');
  });

  const callerIdentity = () =>
    run(
      'aws',
      [
        'sts',
        'get-caller-identity',
        '--profile',
        'anchorage',
        '--endpoint-url',
        server.url,
        '--output',
        'json',
      ],
      {
        AWS_CONFIG_FILE: join(out, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    );

  test('ok/one command, then the AWS CLI gets the assumed-role identity through --profile anchorage', async () => {
    const qs = await anchorage(['quickstart', '--out', out]);
    assert.equal(qs.code, 0, qs.stderr);
    assert.match(
      qs.stdout,
      /AWS_CONFIG_FILE=\S+aws-config aws sts get-caller-identity --profile anchorage --endpoint-url http:\/\/127\.0\.0\.1:\d+/,
    );
    assert.equal(statSync(join(out, 'workload.key')).mode & 0o777, 0o600);
    const cli = await callerIdentity();
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(
      (JSON.parse(cli.stdout) as { Arn: string }).Arn,
      /^arn:aws:sts::000000000000:assumed-role\/AnchorageQuickstart\/\S+$/,
    );
  });

  test('ok/running it twice reuses the CA, anchor, role, profile and certificate', async () => {
    const again = await anchorage(['quickstart', '--out', out]);
    assert.equal(again.code, 0, again.stderr);
    for (const what of ['private CA', 'trust anchor', 'profile', 'workload certificate']) {
      assert.match(again.stdout, new RegExp(`${what} .*\\(existing`), `${what} reused:\n${again.stdout}`);
    }
    const list = await anchorage(['ca', 'list']);
    const cas = JSON.parse(list.stdout) as Array<{
      CertificateAuthorityConfiguration: { Subject: { CommonName: string } };
    }>;
    assert.equal(
      cas.filter((c) => c.CertificateAuthorityConfiguration.Subject.CommonName === 'Anchorage Quickstart CA')
        .length,
      1,
    );
    assert.equal((await callerIdentity()).code, 0);
  });

  test('fail/revoking the workload certificate: the next CreateSession is refused with `Certificate revoked`', async () => {
    const caArn = readFileSync(join(out, 'ca-arn'), 'utf8').trim();
    const serial =
      execFileSync('openssl', ['x509', '-in', join(out, 'workload.pem'), '-noout', '-serial'])
        .toString()
        .trim()
        .split('=')[1] ?? '';
    const revoke = await anchorage([
      'ca',
      'revoke',
      '--ca-arn',
      caArn,
      '--serial',
      serial,
      '--reason',
      'KEY_COMPROMISE',
    ]);
    assert.equal(revoke.code, 0, revoke.stderr);
    const config = readFileSync(join(out, 'aws-config'), 'utf8');
    const helperLine = /credential_process = (.*)$/m.exec(config)?.[1] ?? '';
    const words = helperLine.split(' ').map((w) => w.replace(/^'|'$/g, ''));
    const helper = await run(words[0] ?? '', [...words.slice(1), '--no-cache']);
    assert.equal(helper.code, 1);
    assert.match(helper.stderr, /AccessDeniedException: Certificate revoked/);
    const crl = await anchorage(['ca', 'crl', '--ca-arn', caArn]);
    assert.equal(crl.code, 0, crl.stderr);
    const text = execFileSync('openssl', ['crl', '-noout', '-text'], { input: crl.stdout }).toString();
    assert.match(text, new RegExp(`Serial Number: ${serial}`, 'i'));
    assert.match(text, /Key Compromise/);
  });
});

describe('anchorage ca', () => {
  test('ok/create a root with name constraints and a path length, a subordinate under it, issue from the subordinate', async () => {
    const root = await anchorage([
      'ca',
      'create',
      '--subject',
      'CN=Constrained Root,O=Example',
      '--key-algorithm',
      'EC_secp384r1',
      '--path-length',
      '1',
      '--permitted-dns',
      'example.internal',
      '--validity-days',
      '365',
    ]);
    assert.equal(root.code, 0, root.stderr);
    const rootCa = JSON.parse(root.stdout) as { arn: string; certificatePem: string };
    const rootText = execFileSync('openssl', ['x509', '-noout', '-text'], {
      input: rootCa.certificatePem,
    }).toString();
    assert.match(rootText, /CA:TRUE, pathlen:1/);
    assert.match(rootText, /Permitted:\s+DNS:example\.internal/);
    const sub = await anchorage([
      'ca',
      'create',
      '--type',
      'subordinate',
      '--parent-ca-arn',
      rootCa.arn,
      '--subject',
      'CN=Issuing CA,O=Example',
      '--key-algorithm',
      'RSA_2048',
    ]);
    assert.equal(sub.code, 0, sub.stderr);
    const subCa = JSON.parse(sub.stdout) as { arn: string; certificatePem: string; chainPem: string };
    assert.match(
      execFileSync('openssl', ['x509', '-noout', '-text'], { input: subCa.certificatePem }).toString(),
      /CA:TRUE, pathlen:0/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-issue-'));
    const issued = await anchorage([
      'ca',
      'issue',
      '--ca-arn',
      subCa.arn,
      '--subject',
      'CN=svc,O=Example',
      '--dns',
      'svc.example.internal',
      '--out',
      dir,
    ]);
    assert.equal(issued.code, 0, issued.stderr);
    const leafText = execFileSync('openssl', [
      'x509',
      '-in',
      join(dir, 'certificate.pem'),
      '-noout',
      '-text',
    ]).toString();
    assert.match(leafText, /Digital Signature/);
    assert.match(leafText, /TLS Web Client Authentication/);
    assert.match(leafText, /DNS:svc\.example\.internal/);
    assert.equal(statSync(join(dir, 'private-key.pem')).mode & 0o777, 0o600);
    const roots = join(dir, 'root.pem');
    execFileSync('sh', ['-c', `cat > ${roots}`], { input: rootCa.certificatePem });
    const verified = execFileSync('openssl', [
      'verify',
      '-CAfile',
      roots,
      '-untrusted',
      join(dir, 'chain.pem'),
      join(dir, 'certificate.pem'),
    ]).toString();
    assert.match(verified, /OK/);
  });

  test('ok/issue from an openssl CSR; an ML-DSA-65 root CA (verified with node:crypto, which OpenSSL 3.0 cannot)', async () => {
    const root = await anchorage([
      'ca',
      'create',
      '--subject',
      'CN=CSR Root',
      '--key-algorithm',
      'RSA_3072',
      '--validity-days',
      '30',
    ]);
    assert.equal(root.code, 0, root.stderr);
    const rootCa = JSON.parse(root.stdout) as { arn: string; certificatePem: string };
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-csr-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'r.csr'),
        '-subj',
        '/CN=from-csr',
      ],
      { stdio: 'ignore' },
    );
    const issued = await anchorage([
      'ca',
      'issue',
      '--ca-arn',
      rootCa.arn,
      '--csr',
      join(dir, 'r.csr'),
      '--uri',
      'spiffe://example.internal/from-csr',
      '--out',
      dir,
    ]);
    assert.equal(issued.code, 0, issued.stderr);
    const text = execFileSync('openssl', [
      'x509',
      '-in',
      join(dir, 'certificate.pem'),
      '-noout',
      '-text',
    ]).toString();
    assert.match(text, /Subject: CN ?= ?from-csr/);
    assert.match(text, /URI:spiffe:\/\/example\.internal\/from-csr/);
    const serialHex = /Serial Number:\s*\n?\s*([0-9a-f:]+)/i.exec(text)?.[1]?.replace(/:/g, '') ?? '';
    assert.ok(serialHex.length >= 16, `serial ${serialHex} has at least 64 bits`);

    const pq = await anchorage([
      'ca',
      'create',
      '--subject',
      'CN=PQ Root',
      '--key-algorithm',
      'ML_DSA_65',
      '--validity-days',
      '30',
    ]);
    assert.equal(pq.code, 0, pq.stderr);
    const pqCa = JSON.parse(pq.stdout) as { certificatePem: string };
    const certificate = new X509Certificate(pqCa.certificatePem);
    assert.equal(certificate.publicKey.asymmetricKeyType, 'ml-dsa-65');
    assert.ok(certificate.verify(certificate.publicKey), 'self-signed with ML-DSA-65');
  });

  test("fail/an AWS_ACM_PCA anchor trusts a disabled CA's certificates but not a deleted CA's: 403 AccessDeniedException", async () => {
    const created = await anchorage([
      'ca',
      'create',
      '--subject',
      'CN=Short Lived Root',
      '--validity-days',
      '30',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const ca = JSON.parse(created.stdout) as { arn: string; certificatePem: string };
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-pca-anchor-'));
    const issued = await anchorage([
      'ca',
      'issue',
      '--ca-arn',
      ca.arn,
      '--subject',
      'CN=pca-workload',
      '--validity-days',
      '10',
      '--out',
      dir,
    ]);
    assert.equal(issued.code, 0, issued.stderr);
    const setup = await setUpRolesAnywhere(server, ca.certificatePem, { roleName: 'PcaWorkload' });
    await control(server, 'PATCH', `/trustanchor/${setup.trustAnchorId}`, {
      source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: ca.arn } },
    });
    const leaf = new X509Certificate(readFileSync(join(dir, 'certificate.pem')));
    const attempt = () =>
      createSession({
        endpoint: server.url,
        arns: setup,
        certificate: leaf.raw,
        privateKey: createPrivateKey(readFileSync(join(dir, 'private-key.pem'))),
        serial: BigInt(`0x${leaf.serialNumber}`),
      });
    assert.equal((await attempt()).status, 201);
    const client = createApiClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { ...readAdminCredentials(server.credentialsFile), source: 'test' },
    });
    await client.acmPca('UpdateCertificateAuthority', {
      CertificateAuthorityArn: ca.arn,
      Status: 'DISABLED',
    });
    assert.equal(
      (await attempt()).status,
      201,
      'a disabled CA issues nothing new, but what it issued stays valid',
    );
    await client.acmPca('DeleteCertificateAuthority', {
      CertificateAuthorityArn: ca.arn,
      PermanentDeletionTimeInDays: 7,
    });
    const refused = await attempt();
    assert.equal(refused.status, 403);
    assert.equal(refused.errorType, 'AccessDeniedException');
  });

  test('fail/bad flags and server refusals in one line each', async () => {
    const badAlgorithm = await anchorage(['ca', 'create', '--key-algorithm', 'DSA_1024']);
    assert.equal(badAlgorithm.code, 2);
    assert.match(badAlgorithm.stderr, /--key-algorithm must be one of/);
    const unknownCa = await anchorage([
      'ca',
      'revoke',
      '--ca-arn',
      'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-4000-8000-000000000000',
      '--serial',
      '01',
    ]);
    assert.equal(unknownCa.code, 1);
    assert.match(unknownCa.stderr, /ResourceNotFoundException/);
  });
});
