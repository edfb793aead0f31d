/**
 * The private CA through the real AWS CLI (`aws acm-pca`, botocore's awsJson1_1 client) against a
 * real server process: a root CA activated the AWS way (CSR → RootCACertificate/V1 → import), a
 * subordinate with its chain, RSA, P-384 and ML-DSA-65 CAs, end-entity certificates from OpenSSL
 * requests checked with `openssl x509`/`openssl verify` (node:crypto for ML-DSA, which OpenSSL 3.0
 * cannot read), revocation and the re-signed CRL, the lifecycle, tags, idempotency, the error
 * codes of the model, authorisation of role sessions, and the CA key never stored in clear.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import { createApiClient } from '../src/client/api-client.ts';
import { createSecretBox } from '../src/secrets/secret-box.ts';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { aws, fails, ok, withoutClientValidation } from './support/aws-cli.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const TEMPLATE = (name: string) => `arn:aws:acm-pca:::template/${name}/V1`;
const CA_ARN = /^arn:aws:acm-pca:us-east-1:000000000000:certificate-authority\/[0-9a-f-]{36}$/;
const CLIENT_AUTH = 'EndEntityClientAuthCertificate';

const work = mkdtempSync(join(tmpdir(), 'anchorage-acm-pca-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

function openssl(args: readonly string[]): { code: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** An OpenSSL request (its key kept next to it), optionally asking for SANs. */
function opensslCsr(name: string, subject: string, san?: string): string {
  const path = join(work, `${name}.csr`);
  const r = openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(work, `${name}.key`),
    '-subj',
    subject,
    ...(san === undefined ? [] : ['-addext', `subjectAltName=${san}`]),
    '-out',
    path,
  ]);
  assert.equal(r.code, 0, r.out);
  return path;
}

describe('AWS CLI against the private CA (acm-pca)', () => {
  let server: ServerProcess;
  const pca = (...args: string[]) => aws(server, ['acm-pca', ...args]);
  const config = (keyAlgorithm: string, signingAlgorithm: string, commonName: string) =>
    JSON.stringify({
      KeyAlgorithm: keyAlgorithm,
      SigningAlgorithm: signingAlgorithm,
      Subject: { Country: 'US', Organization: 'Example', CommonName: commonName },
    });

  const createCa = async (type: string, key: string, signing: string, name: string, ...extra: string[]) => {
    const created = ok(
      await pca(
        'create-certificate-authority',
        '--certificate-authority-type',
        type,
        '--certificate-authority-configuration',
        config(key, signing, name),
        ...extra,
      ),
    );
    return String(created.CertificateAuthorityArn);
  };
  const csrOf = async (arn: string, name: string) =>
    file(
      `${name}.csr`,
      String(ok(await pca('get-certificate-authority-csr', '--certificate-authority-arn', arn)).Csr),
    );
  const issue = async (
    caArn: string,
    csrPath: string,
    signing: string,
    template: string,
    ...extra: string[]
  ) =>
    pca(
      'issue-certificate',
      '--certificate-authority-arn',
      caArn,
      '--csr',
      `fileb://${csrPath}`,
      '--signing-algorithm',
      signing,
      '--template-arn',
      TEMPLATE(template),
      ...(extra.includes('--validity') ? [] : ['--validity', 'Value=30,Type=DAYS']),
      ...extra,
    );
  const getCertificate = async (caArn: string, certificateArn: string) =>
    ok(
      await pca('get-certificate', '--certificate-authority-arn', caArn, '--certificate-arn', certificateArn),
    ) as { Certificate: string; CertificateChain?: string };
  const describeCa = async (arn: string) =>
    ok(await pca('describe-certificate-authority', '--certificate-authority-arn', arn))
      .CertificateAuthority as Record<string, unknown>;

  /** Creates a ROOT CA and activates it the AWS way: its CSR, RootCACertificate/V1, import. */
  const activeRoot = async (key: string, signing: string, name: string) => {
    const arn = await createCa('ROOT', key, signing, name);
    const csr = await csrOf(arn, name);
    const issued = ok(
      await issue(arn, csr, signing, 'RootCACertificate', '--validity', 'Value=10,Type=YEARS'),
    );
    const { Certificate } = await getCertificate(arn, String(issued.CertificateArn));
    const pem = file(`${name}.pem`, Certificate);
    ok(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        arn,
        '--certificate',
        `fileb://${pem}`,
      ),
    );
    return { arn, pem, certificate: Certificate };
  };

  let root: { arn: string; pem: string; certificate: string };
  let leafArn = '';
  let leafSerial = '';

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/a ROOT CA (EC_prime256v1) is PENDING_CERTIFICATE with a CSR, then ACTIVE once its own certificate is imported', async () => {
    const arn = await createCa('ROOT', 'EC_prime256v1', 'SHA256WITHECDSA', 'Example Root');
    assert.match(arn, CA_ARN);
    assert.equal((await describeCa(arn)).Status, 'PENDING_CERTIFICATE');
    fails(
      await pca('get-certificate-authority-certificate', '--certificate-authority-arn', arn),
      'InvalidStateException',
    );

    const csr = await csrOf(arn, 'root');
    const checked = openssl(['req', '-in', csr, '-noout', '-verify', '-subject']);
    assert.equal(checked.code, 0, checked.out);
    assert.match(checked.out, /subject=C = US, O = Example, CN = Example Root/);

    const issued = ok(
      await issue(arn, csr, 'SHA256WITHECDSA', 'RootCACertificate', '--validity', 'Value=10,Type=YEARS'),
    );
    assert.match(String(issued.CertificateArn), new RegExp(`^${arn}/certificate/[0-9a-f]+$`));
    const got = await getCertificate(arn, String(issued.CertificateArn));
    assert.equal(got.CertificateChain, undefined);
    const pem = file('root.pem', got.Certificate);
    const text = openssl(['x509', '-in', pem, '-noout', '-text']).out;
    assert.match(text, /CA:TRUE\n/);
    assert.match(text, /Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign/);
    assert.match(text, /Issuer: C = US, O = Example, CN = Example Root/);

    ok(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        arn,
        '--certificate',
        `fileb://${pem}`,
      ),
    );
    const ca = await describeCa(arn);
    assert.equal(ca.Status, 'ACTIVE');
    assert.equal(ca.Type, 'ROOT');
    assert.equal(ca.OwnerAccount, ACCOUNT);
    assert.equal(ca.Serial, new X509Certificate(got.Certificate).serialNumber.toUpperCase());
    for (const field of ['CreatedAt', 'LastStateChangeAt', 'NotBefore', 'NotAfter']) {
      assert.equal(typeof ca[field], 'number', `${field} is epoch seconds`);
    }
    assert.ok(
      Math.abs(Number(ca.NotAfter) * 1000 - (Date.now() + 10 * 365.25 * 86_400_000)) < 3 * 86_400_000,
    );
    assert.deepEqual(ca.CertificateAuthorityConfiguration, {
      KeyAlgorithm: 'EC_prime256v1',
      SigningAlgorithm: 'SHA256WITHECDSA',
      Subject: { Country: 'US', Organization: 'Example', CommonName: 'Example Root' },
    });
    assert.equal(ca.KeyStorageSecurityStandard, 'FIPS_140_2_LEVEL_3_OR_HIGHER');
    assert.equal(ca.UsageMode, 'GENERAL_PURPOSE');
    const own = ok(await pca('get-certificate-authority-certificate', '--certificate-authority-arn', arn));
    assert.equal(own.Certificate, got.Certificate);
    assert.equal(own.CertificateChain, undefined);
    root = { arn, pem, certificate: got.Certificate };
  });

  test('ok/list-certificate-authorities pages through every CA (page size 1)', async () => {
    const second = await createCa('ROOT', 'EC_prime256v1', 'SHA256WITHECDSA', 'Listed');
    const listed = ok(await pca('list-certificate-authorities', '--page-size', '1'));
    const arns = (listed.CertificateAuthorities as { Arn: string }[]).map((c) => c.Arn);
    assert.deepEqual(arns, [root.arn, second]);
    assert.deepEqual(ok(await pca('list-certificate-authorities', '--resource-owner', 'OTHER_ACCOUNTS')), {
      CertificateAuthorities: [],
    });
  });

  test('ok/an end-entity certificate from an OpenSSL request: client-auth template, SANs, 127-bit serial, verifies', async () => {
    const csr = opensslCsr('leaf', '/O=Example/CN=workload-1');
    const passthrough = {
      Extensions: {
        SubjectAlternativeNames: [
          { DnsName: 'workload-1.example.com' },
          { UniformResourceIdentifier: 'spiffe://example.com/workload-1' },
          { IpAddress: '10.0.0.7' },
          { Rfc822Name: 'ops@example.com' },
        ],
      },
    };
    const issued = ok(
      await issue(
        root.arn,
        csr,
        'SHA256WITHECDSA',
        CLIENT_AUTH,
        '--api-passthrough',
        JSON.stringify(passthrough),
      ),
    );
    leafArn = String(issued.CertificateArn);
    const got = await getCertificate(root.arn, leafArn);
    assert.equal(got.CertificateChain, root.certificate);
    const pem = file('leaf.pem', got.Certificate);
    const text = openssl(['x509', '-in', pem, '-noout', '-text']).out;
    assert.match(text, /Subject: O = Example, CN = workload-1/);
    assert.match(text, /Basic Constraints: critical\n\s+CA:FALSE/);
    assert.match(text, /Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(text, /Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
    assert.match(
      text,
      /DNS:workload-1.example.com, URI:spiffe:\/\/example.com\/workload-1, email:ops@example.com, IP Address:10.0.0.7/,
    );
    const serialHex = openssl(['x509', '-in', pem, '-noout', '-serial']).out.trim().replace('serial=', '');
    const serial = BigInt(`0x${serialHex}`);
    assert.ok(serial >= 2n ** 63n && serial < 2n ** 127n, `serial ${serialHex} has at least 64 random bits`);
    assert.equal(leafArn, `${root.arn}/certificate/${serialHex.toLowerCase()}`);
    leafSerial = serialHex;
    const verified = openssl(['verify', '-CAfile', root.pem, pem]);
    assert.equal(verified.code, 0, verified.out);
    // The key in the certificate is the request's.
    const requested = createPublicKey(readFileSync(join(work, 'leaf.key')));
    assert.ok(new X509Certificate(got.Certificate).publicKey.equals(requested));
  });

  test('ok/without passthrough the default template copies the SANs the CSR requested; serverAuth and clientAuth', async () => {
    const csr = opensslCsr('web', '/CN=web', 'DNS:web.example.com');
    const issued = ok(
      await pca(
        'issue-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--csr',
        `fileb://${csr}`,
        '--signing-algorithm',
        'SHA256WITHECDSA',
        '--validity',
        'Value=1,Type=MONTHS',
      ),
    );
    const text = openssl([
      'x509',
      '-noout',
      '-text',
      '-in',
      file('web.pem', (await getCertificate(root.arn, String(issued.CertificateArn))).Certificate),
    ]).out;
    assert.match(text, /DNS:web.example.com/);
    assert.match(text, /Digital Signature, Key Encipherment/);
    assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
  });

  test('ok/ApiPassthrough.Subject replaces the CSR subject; explicit ValidityNotBefore and END_DATE are honoured', async () => {
    const notBefore = Math.floor(Date.now() / 1000) - 86_400;
    const issued = ok(
      await issue(
        root.arn,
        join(work, 'leaf.csr'),
        'SHA256WITHECDSA',
        CLIENT_AUTH,
        '--api-passthrough',
        JSON.stringify({ Subject: { Organization: 'Example', CommonName: 'override' } }),
        '--validity-not-before',
        `Value=${notBefore},Type=ABSOLUTE`,
        '--validity',
        `Value=${new Date().getUTCFullYear() + 1}1231235959,Type=END_DATE`,
      ),
    );
    const cert = new X509Certificate(
      (await getCertificate(root.arn, String(issued.CertificateArn))).Certificate,
    );
    assert.equal(cert.subject, 'O=Example\nCN=override');
    assert.equal(Date.parse(cert.validFrom), notBefore * 1000);
    assert.equal(Date.parse(cert.validTo), Date.UTC(new Date().getUTCFullYear() + 1, 11, 31, 23, 59, 59));
  });

  test('ok/revocation re-signs the CA CRL (number + 1) listing the serial with its reason; a second revocation is refused', async () => {
    const client = createApiClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { ...readAdminCredentials(server.credentialsFile), source: 'test' },
    });
    const before = String(
      (await client.acmPca('GetCertificateAuthorityCrl', { CertificateAuthorityArn: root.arn })).Crl,
    );
    assert.doesNotMatch(
      openssl(['crl', '-noout', '-text', '-in', file('crl-0.pem', before)]).out,
      /Serial Number/,
    );

    ok(
      await pca(
        'revoke-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-serial',
        leafSerial,
        '--revocation-reason',
        'KEY_COMPROMISE',
      ),
    );
    const crl = String(
      (await client.acmPca('GetCertificateAuthorityCrl', { CertificateAuthorityArn: root.arn })).Crl,
    );
    const crlPath = file('crl-1.pem', crl);
    const text = openssl(['crl', '-noout', '-text', '-in', crlPath]).out;
    assert.match(
      text,
      new RegExp(
        `Serial Number: ${leafSerial}\\n[^\\n]*\\n[^\\n]*\\n\\s+X509v3 CRL Reason Code: \\n\\s+Key Compromise`,
      ),
    );
    const numbers = [before, crl].map(
      (pem) =>
        /X509v3 CRL Number: \n\s+(\d+)/.exec(
          openssl(['crl', '-noout', '-text', '-in', file('n.pem', pem)]).out,
        )?.[1],
    );
    assert.deepEqual(numbers, ['1', '2']);
    const checked = openssl(['crl', '-noout', '-in', crlPath, '-CAfile', root.pem]);
    assert.match(checked.out, /verify OK/);
    const refused = openssl([
      'verify',
      '-crl_check',
      '-CRLfile',
      crlPath,
      '-CAfile',
      root.pem,
      join(work, 'leaf.pem'),
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.out, /certificate revoked/);

    fails(
      await pca(
        'revoke-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-serial',
        leafSerial.toLowerCase().replace(/(..)(?!$)/g, '$1:'),
        '--revocation-reason',
        'SUPERSEDED',
      ),
      'RequestAlreadyProcessedException',
    );
    fails(
      await pca(
        'revoke-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-serial',
        '0A0B0C',
        '--revocation-reason',
        'SUPERSEDED',
      ),
      'ResourceNotFoundException',
    );
    // GetCertificate still returns a revoked certificate.
    assert.ok(
      (await getCertificate(root.arn, leafArn)).Certificate.startsWith('-----BEGIN CERTIFICATE-----'),
    );
  });

  test('ok/a SUBORDINATE CA signed by the root (PathLen0) and imported with its chain issues verifiable certificates', async () => {
    const sub = await createCa('SUBORDINATE', 'EC_prime256v1', 'SHA256WITHECDSA', 'Example Issuing');
    const csr = await csrOf(sub, 'sub');
    const issued = ok(
      await issue(
        root.arn,
        csr,
        'SHA256WITHECDSA',
        'SubordinateCACertificate_PathLen0',
        '--validity',
        'Value=5,Type=YEARS',
      ),
    );
    const got = await getCertificate(root.arn, String(issued.CertificateArn));
    assert.equal(got.CertificateChain, root.certificate);
    const subPem = file('sub.pem', got.Certificate);
    assert.match(openssl(['x509', '-in', subPem, '-noout', '-text']).out, /CA:TRUE, pathlen:0/);
    const chainPem = file('sub-chain.pem', got.CertificateChain ?? '');
    fails(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        sub,
        '--certificate',
        `fileb://${subPem}`,
      ),
      'InvalidRequestException',
    );
    ok(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        sub,
        '--certificate',
        `fileb://${subPem}`,
        '--certificate-chain',
        `fileb://${chainPem}`,
      ),
    );
    const described = await describeCa(sub);
    assert.equal(described.Status, 'ACTIVE');
    assert.equal(described.Type, 'SUBORDINATE');
    const own = ok(await pca('get-certificate-authority-certificate', '--certificate-authority-arn', sub));
    assert.equal(own.CertificateChain, root.certificate);

    const leaf = ok(
      await issue(sub, opensslCsr('sub-leaf', '/CN=through-sub'), 'SHA256WITHECDSA', CLIENT_AUTH),
    );
    const leafGot = await getCertificate(sub, String(leaf.CertificateArn));
    assert.equal(leafGot.CertificateChain, `${got.Certificate}${root.certificate}`);
    const verified = openssl([
      'verify',
      '-CAfile',
      root.pem,
      '-untrusted',
      subPem,
      file('sub-leaf.pem', leafGot.Certificate),
    ]);
    assert.equal(verified.code, 0, verified.out);
    // PathLen0: this CA may not sign another CA.
    const deeper = await createCa('SUBORDINATE', 'EC_prime256v1', 'SHA256WITHECDSA', 'Too Deep');
    fails(
      await issue(
        sub,
        await csrOf(deeper, 'deeper'),
        'SHA256WITHECDSA',
        'SubordinateCACertificate_PathLen0',
        '--validity',
        'Value=1,Type=YEARS',
      ),
      'ValidationException',
    );
    // Nor issue beyond its own validity.
    fails(
      await issue(
        sub,
        opensslCsr('long', '/CN=long'),
        'SHA256WITHECDSA',
        CLIENT_AUTH,
        '--validity',
        'Value=6,Type=YEARS',
      ),
      'ValidationException',
      'exceeds the certificate authority validity',
    );
  });

  test('ok/RSA_2048 and EC_secp384r1 CAs sign with SHA256WITHRSA and SHA384WITHECDSA', async () => {
    for (const [key, signing, expected] of [
      ['RSA_2048', 'SHA256WITHRSA', 'sha256WithRSAEncryption'],
      ['EC_secp384r1', 'SHA384WITHECDSA', 'ecdsa-with-SHA384'],
    ] as const) {
      const ca = await activeRoot(key, signing, `root-${key}`);
      assert.match(
        openssl(['x509', '-in', ca.pem, '-noout', '-text']).out,
        new RegExp(`Signature Algorithm: ${expected}`),
      );
      const leaf = ok(
        await issue(ca.arn, opensslCsr(`leaf-${key}`, `/CN=leaf-${key}`), signing, CLIENT_AUTH),
      );
      const pem = file(
        `leaf-${key}.pem`,
        (await getCertificate(ca.arn, String(leaf.CertificateArn))).Certificate,
      );
      const verified = openssl(['verify', '-CAfile', ca.pem, pem]);
      assert.equal(verified.code, 0, verified.out);
      const wrongFamily = signing === 'SHA256WITHRSA' ? 'SHA256WITHECDSA' : 'SHA256WITHRSA';
      fails(
        await issue(ca.arn, join(work, `leaf-${key}.csr`), wrongFamily, CLIENT_AUTH),
        'InvalidArgsException',
      );
    }
  });

  test('ok/an ML_DSA_65 CA issues certificates node:crypto verifies (OpenSSL 3.0 cannot read ML-DSA)', async () => {
    const ca = await activeRoot('ML_DSA_65', 'ML_DSA_65', 'root-mldsa');
    const caCert = new X509Certificate(ca.certificate);
    assert.equal(caCert.publicKey.asymmetricKeyType, 'ml-dsa-65');
    assert.ok(caCert.verify(caCert.publicKey));
    const leaf = ok(
      await issue(ca.arn, opensslCsr('leaf-mldsa', '/CN=leaf-mldsa'), 'ML_DSA_65', CLIENT_AUTH),
    );
    const leafCert = new X509Certificate(
      (await getCertificate(ca.arn, String(leaf.CertificateArn))).Certificate,
    );
    assert.ok(leafCert.verify(caCert.publicKey));
    assert.ok(leafCert.checkIssued(caCert));
    fails(
      await issue(ca.arn, join(work, 'leaf-mldsa.csr'), 'SHA256WITHECDSA', CLIENT_AUTH),
      'InvalidArgsException',
    );
  });

  test('fail/unknown CA, malformed ARN, model violations and an unsupported algorithm', async () => {
    fails(
      await pca(
        'describe-certificate-authority',
        '--certificate-authority-arn',
        `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/00000000-0000-4000-8000-000000000000`,
      ),
      'ResourceNotFoundException',
    );
    fails(
      await pca(
        'describe-certificate-authority',
        '--certificate-authority-arn',
        `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/not-a-uuid`,
      ),
      'InvalidArnException',
    );
    fails(
      await pca(
        'get-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-arn',
        `${root.arn}/cert/01`,
      ),
      'InvalidArnException',
    );
    fails(
      await pca(
        'get-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-arn',
        `${root.arn}/certificate/0102`,
      ),
      'ResourceNotFoundException',
    );
    fails(
      await pca(
        'create-certificate-authority',
        '--certificate-authority-type',
        'ROOT',
        '--certificate-authority-configuration',
        config('EC_prime256v1', 'SHA256WITHRSA', 'x'),
      ),
      'InvalidArgsException',
    );
    fails(
      await pca(
        'create-certificate-authority',
        '--certificate-authority-type',
        'ROOT',
        '--certificate-authority-configuration',
        config('EC_secp521r1', 'SHA512WITHECDSA', 'x'),
      ),
      'InvalidArgsException',
    );
    fails(
      await pca(
        'create-certificate-authority',
        '--certificate-authority-type',
        'ROOT',
        '--certificate-authority-configuration',
        JSON.stringify({
          KeyAlgorithm: 'EC_prime256v1',
          SigningAlgorithm: 'SHA256WITHECDSA',
          Subject: { Country: 'USA' },
        }),
      ),
      'ValidationException',
    );
    // Out of the model's range 7..30: botocore would refuse it first, so its own check is off.
    const deletion = ['delete-certificate-authority', '--certificate-authority-arn', root.arn];
    fails(
      await aws(
        server,
        ['acm-pca', ...deletion, '--permanent-deletion-time-in-days', '3'],
        withoutClientValidation(),
      ),
      'ValidationException',
      'Member must have value greater than or equal to 7',
    );
  });

  test('fail/issuing from a PENDING_CERTIFICATE or DISABLED CA is InvalidStateException; ROOT template only for the own CSR', async () => {
    const pending = await createCa('ROOT', 'EC_prime256v1', 'SHA256WITHECDSA', 'Pending');
    const csr = opensslCsr('state', '/CN=state');
    fails(await issue(pending, csr, 'SHA256WITHECDSA', CLIENT_AUTH), 'InvalidStateException');
    fails(await issue(pending, csr, 'SHA256WITHECDSA', 'RootCACertificate'), 'InvalidArgsException');
    fails(await issue(root.arn, csr, 'SHA256WITHECDSA', 'RootCACertificate'), 'InvalidArgsException');
    fails(await issue(root.arn, csr, 'SHA256WITHECDSA', 'NoSuchTemplate'), 'InvalidArgsException');

    ok(
      await pca(
        'update-certificate-authority',
        '--certificate-authority-arn',
        root.arn,
        '--status',
        'DISABLED',
      ),
    );
    assert.equal((await describeCa(root.arn)).Status, 'DISABLED');
    fails(await issue(root.arn, csr, 'SHA256WITHECDSA', CLIENT_AUTH), 'InvalidStateException');
    ok(
      await pca(
        'update-certificate-authority',
        '--certificate-authority-arn',
        root.arn,
        '--status',
        'ACTIVE',
      ),
    );
    ok(await issue(root.arn, csr, 'SHA256WITHECDSA', CLIENT_AUTH));
    fails(
      await pca(
        'update-certificate-authority',
        '--certificate-authority-arn',
        root.arn,
        '--status',
        'DELETED',
      ),
      'InvalidArgsException',
    );
  });

  test('fail/a request that is not a CSR, or whose signature fails, is MalformedCSRException', async () => {
    fails(
      await issue(root.arn, file('garbage.csr', 'not a request\n'), 'SHA256WITHECDSA', CLIENT_AUTH),
      'MalformedCSRException',
    );
    const der = openssl(['req', '-in', join(work, 'state.csr'), '-outform', 'DER']);
    assert.equal(der.code, 0);
    const bytes = Buffer.from(
      spawnSync('openssl', ['req', '-in', join(work, 'state.csr'), '-outform', 'DER']).stdout as Buffer,
    );
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01; // inside the signature
    fails(
      await issue(root.arn, file('tampered.csr', bytes), 'SHA256WITHECDSA', CLIENT_AUTH),
      'MalformedCSRException',
    );
  });

  test('fail/importing a certificate that does not hold the CA key is CertificateMismatchException; a non-CA certificate is malformed', async () => {
    const pending = await createCa('ROOT', 'EC_prime256v1', 'SHA256WITHECDSA', 'Mismatch');
    fails(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        pending,
        '--certificate',
        `fileb://${root.pem}`,
      ),
      'CertificateMismatchException',
    );
    fails(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        pending,
        '--certificate',
        `fileb://${file('junk.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')}`,
      ),
      'MalformedCertificateException',
    );
    // A subordinate's certificate signed by the root, imported as a ROOT: not self-signed.
    const sub = await createCa('SUBORDINATE', 'EC_prime256v1', 'SHA256WITHECDSA', 'Wrong Type');
    const issued = ok(
      await issue(
        root.arn,
        await csrOf(sub, 'wrong-type'),
        'SHA256WITHECDSA',
        'SubordinateCACertificate_PathLen0',
        '--validity',
        'Value=1,Type=YEARS',
      ),
    );
    const pem = file(
      'wrong-type.pem',
      (await getCertificate(root.arn, String(issued.CertificateArn))).Certificate,
    );
    fails(
      await pca(
        'import-certificate-authority-certificate',
        '--certificate-authority-arn',
        sub,
        '--certificate',
        `fileb://${pem}`,
        '--certificate-chain',
        `fileb://${join(work, 'leaf.pem')}`,
      ),
      'InvalidRequestException',
    );
  });

  test('ok/lifecycle: delete needs DISABLED, DELETED is restorable until its day, a pending CA goes at once', async () => {
    const ca = await activeRoot('EC_prime256v1', 'SHA256WITHECDSA', 'lifecycle');
    fails(
      await pca('delete-certificate-authority', '--certificate-authority-arn', ca.arn),
      'InvalidStateException',
    );
    ok(
      await pca(
        'update-certificate-authority',
        '--certificate-authority-arn',
        ca.arn,
        '--status',
        'DISABLED',
      ),
    );
    ok(
      await pca(
        'delete-certificate-authority',
        '--certificate-authority-arn',
        ca.arn,
        '--permanent-deletion-time-in-days',
        '7',
      ),
    );
    const deleted = await describeCa(ca.arn);
    assert.equal(deleted.Status, 'DELETED');
    assert.ok(Math.abs(Number(deleted.RestorableUntil) * 1000 - (Date.now() + 7 * 86_400_000)) < 60_000);
    fails(
      await issue(ca.arn, join(work, 'state.csr'), 'SHA256WITHECDSA', CLIENT_AUTH),
      'InvalidStateException',
    );
    ok(await pca('restore-certificate-authority', '--certificate-authority-arn', ca.arn));
    const restored = await describeCa(ca.arn);
    assert.equal(restored.Status, 'DISABLED');
    assert.equal(restored.RestorableUntil, undefined);
    ok(
      await pca('update-certificate-authority', '--certificate-authority-arn', ca.arn, '--status', 'ACTIVE'),
    );
    fails(
      await pca('restore-certificate-authority', '--certificate-authority-arn', ca.arn),
      'InvalidStateException',
    );

    const pending = await createCa('ROOT', 'EC_prime256v1', 'SHA256WITHECDSA', 'Short-lived');
    ok(await pca('delete-certificate-authority', '--certificate-authority-arn', pending));
    fails(
      await pca('describe-certificate-authority', '--certificate-authority-arn', pending),
      'ResourceNotFoundException',
    );
  });

  test('ok/tags at creation, tag, untag (by key, or by key and value), list; aws: keys are InvalidTagException', async () => {
    const arn = await createCa(
      'ROOT',
      'EC_prime256v1',
      'SHA256WITHECDSA',
      'Tagged',
      '--tags',
      'Key=team,Value=pki',
      'Key=env,Value=test',
    );
    ok(
      await pca(
        'tag-certificate-authority',
        '--certificate-authority-arn',
        arn,
        '--tags',
        'Key=owner,Value=ops',
        'Key=env,Value=prod',
      ),
    );
    ok(
      await pca(
        'untag-certificate-authority',
        '--certificate-authority-arn',
        arn,
        '--tags',
        'Key=team,Value=other',
      ),
    );
    ok(await pca('untag-certificate-authority', '--certificate-authority-arn', arn, '--tags', 'Key=owner'));
    assert.deepEqual(ok(await pca('list-tags', '--certificate-authority-arn', arn)).Tags, [
      { Key: 'team', Value: 'pki' },
      { Key: 'env', Value: 'prod' },
    ]);
    fails(
      await pca(
        'tag-certificate-authority',
        '--certificate-authority-arn',
        arn,
        '--tags',
        'Key=aws:x,Value=y',
      ),
      'InvalidTagException',
    );
  });

  test('ok/the same IdempotencyToken gives the same CA and the same certificate', async () => {
    const create = () =>
      pca(
        'create-certificate-authority',
        '--certificate-authority-type',
        'ROOT',
        '--certificate-authority-configuration',
        config('EC_prime256v1', 'SHA256WITHECDSA', 'Once'),
        '--idempotency-token',
        'create-once',
      );
    const first = ok(await create()).CertificateAuthorityArn;
    assert.equal(ok(await create()).CertificateAuthorityArn, first);
    const csr = opensslCsr('once', '/CN=once');
    const issueOnce = () =>
      issue(root.arn, csr, 'SHA256WITHECDSA', CLIENT_AUTH, '--idempotency-token', 'issue-once');
    const issued = ok(await issueOnce()).CertificateArn;
    assert.equal(ok(await issueOnce()).CertificateArn, issued);
    assert.notEqual(ok(await issue(root.arn, csr, 'SHA256WITHECDSA', CLIENT_AUTH)).CertificateArn, issued);
  });

  test('ok/a role session is authorised by its policy for acm-pca:<Operation> on the CA ARN', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
    });
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'PcaReader',
        '--assume-role-policy-document',
        trust,
      ]),
    );
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'acm-pca:DescribeCertificateAuthority', Resource: root.arn }],
    });
    ok(
      await aws(server, [
        'iam',
        'put-role-policy',
        '--role-name',
        'PcaReader',
        '--policy-name',
        'read',
        '--policy-document',
        policy,
      ]),
    );
    const assumed = ok(
      await aws(server, [
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT}:role/PcaReader`,
        '--role-session-name',
        'pca',
      ]),
    ).Credentials as Record<string, string>;
    const env = {
      AWS_ACCESS_KEY_ID: String(assumed.AccessKeyId),
      AWS_SECRET_ACCESS_KEY: String(assumed.SecretAccessKey),
      AWS_SESSION_TOKEN: String(assumed.SessionToken),
    };
    const asRole = (...args: string[]) => aws(server, ['acm-pca', ...args], env);
    ok(await asRole('describe-certificate-authority', '--certificate-authority-arn', root.arn));
    fails(
      await asRole('list-certificate-authorities'),
      'AccessDeniedException',
      'acm-pca:ListCertificateAuthorities on resource: *',
    );
    fails(
      await asRole(
        'revoke-certificate',
        '--certificate-authority-arn',
        root.arn,
        '--certificate-serial',
        '01',
        '--revocation-reason',
        'SUPERSEDED',
      ),
      'AccessDeniedException',
    );
  });

  test('ok/the CA private key is stored sealed: neither its PKCS#8 nor its scalar appears in the database files', async () => {
    const id = root.arn.slice(root.arn.lastIndexOf('/') + 1);
    const store = await openSqliteStore(join(server.dataDir, 'anchorage.db'));
    const record = await store.certificateAuthorities.get(id);
    await store.close();
    assert.ok(record !== undefined);
    assert.match(record.sealedPrivateKey, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const box = createSecretBox(
      Buffer.from(readFileSync(join(server.dataDir, 'data.key'), 'utf8').trim(), 'base64'),
    );
    const pkcs8 = Buffer.from(box.open(record.sealedPrivateKey, `certificate-authority/${id}`), 'base64');
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    assert.ok(createPublicKey(key).equals(new X509Certificate(root.certificate).publicKey));
    const scalar = Buffer.from(String(key.export({ format: 'jwk' }).d), 'base64url');
    const files = readdirSync(server.dataDir).filter((name) => name.startsWith('anchorage.db'));
    assert.ok(files.length > 0);
    for (const name of files) {
      const bytes = readFileSync(join(server.dataDir, name));
      for (const secret of [
        pkcs8,
        scalar,
        Buffer.from(pkcs8.toString('base64')),
        Buffer.from('PRIVATE KEY'),
      ]) {
        assert.equal(bytes.includes(secret), false, `${name} holds the key in clear`);
      }
    }
  });

  test('fail/an unknown ACMPrivateCA target is UnknownOperationException', async () => {
    const client = createApiClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { ...readAdminCredentials(server.credentialsFile), source: 'test' },
    });
    await assert.rejects(client.acmPca('CreatePermission', {}), (e: { code?: string; status?: number }) => {
      assert.equal(e.code, 'UnknownOperationException');
      assert.equal(e.status, 400);
      return true;
    });
  });
});
