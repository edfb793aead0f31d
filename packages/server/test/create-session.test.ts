/**
 * CreateSession end to end: certificates made with openssl (RSA-2048, P-256, P-384) and with
 * node:crypto (ML-DSA-65, which OpenSSL 3.0 cannot make), with and without an intermediate, obtain
 * credentials over HTTP, and those credentials pass `aws sts get-caller-identity` against the same
 * server. Both request shapes, both content types, a path prefix; the subject is recorded.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { aws, ok } from './support/aws-cli.ts';
import { identityFromPem, issue, type TestIdentity } from './support/certificates.ts';
import { createSession } from './support/create-session-client.ts';
import { makeCa, opensslIssue } from './support/pki.ts';
import {
  ACCOUNT,
  control,
  type RolesAnywhereSetup,
  setUpRolesAnywhere,
} from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

interface CredentialSet {
  assumedRoleUser: { arn: string; assumedRoleId: string };
  credentials: { accessKeyId: string; expiration: string; secretAccessKey: string; sessionToken: string };
  packedPolicySize: number;
  roleArn: string;
  sourceIdentity: string;
}

describe('CreateSession end to end', () => {
  let server: ServerProcess;
  let opensslSetup: RolesAnywhereSetup;
  const ca = makeCa('Session Root', { key: 'ec' });

  before(async () => {
    server = await startServer();
    opensslSetup = await setUpRolesAnywhere(server, ca.certPem, { profile: { acceptRoleSessionName: true } });
  });

  after(async () => {
    await server?.stop();
  });

  async function expectCredentials(
    response: Awaited<ReturnType<typeof createSession>>,
    sessionName: string,
  ): Promise<CredentialSet> {
    assert.equal(response.status, 201, JSON.stringify(response.json));
    const [set] = response.json.credentialSet as CredentialSet[];
    assert.ok(set !== undefined);
    assert.match(set.credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.match(set.credentials.expiration, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(set.roleArn, opensslSetup.roleArn);
    assert.equal(set.assumedRoleUser.arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Workload/${sessionName}`);
    assert.match(
      String(response.json.subjectArn),
      new RegExp(`^arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:subject/[0-9a-f-]{36}$`),
    );
    const me = ok(
      await aws(server, ['sts', 'get-caller-identity'], {
        AWS_ACCESS_KEY_ID: set.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: set.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: set.credentials.sessionToken,
      }),
    );
    assert.equal(me.Arn, set.assumedRoleUser.arn);
    assert.equal(me.UserId, set.assumedRoleUser.assumedRoleId);
    return set;
  }

  for (const key of ['rsa2048', 'p256', 'p384'] as const) {
    for (const withIntermediate of [false, true]) {
      test(`ok/openssl ${key} leaf ${withIntermediate ? 'through an intermediate' : 'issued by the anchor'}`, async () => {
        const issuer = withIntermediate
          ? opensslIssue(ca, `Intermediate ${key}`, { key: 'p256', ca: true })
          : ca;
        const leaf = opensslIssue(issuer, `workload-${key}`, { key });
        const parsed = parseCertificate(leaf.der);
        const response = await createSession({
          endpoint: server.url,
          arns: opensslSetup,
          certificate: leaf.der,
          privateKey: createPrivateKey(leaf.keyPem),
          serial: parsed.serialNumber,
          ...(withIntermediate && 'der' in issuer ? { chain: [issuer.der] } : {}),
        });
        // Without roleSessionName the session is named by the serial in hex (protocol notes §3.5).
        const set = await expectCredentials(response, parsed.serialNumberHex);
        assert.equal(set.sourceIdentity, `CN=workload-${key}`);
      });
    }
  }

  test('ok/ML-DSA-65 leaf and intermediate (node:crypto), ARNs in the body, application/x-amz-json-1.0, a session name', async () => {
    const root = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'ML-DSA Root'],
      ],
      ca: true,
      keyType: 'ml-dsa-65',
    });
    const intermediate = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'ML-DSA Intermediate'],
      ],
      ca: true,
      pathLen: 0,
      issuer: root,
      keyType: 'ml-dsa-65',
    });
    const leaf = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'pq-workload'],
      ],
      issuer: intermediate,
      keyType: 'ml-dsa-65',
    });
    const anchor = (
      await control(server, 'POST', '/trustanchors', {
        name: 'ml-dsa',
        enabled: true,
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.pem } },
      })
    ).trustAnchor as { trustAnchorArn: string };
    // The role's trust policy names the first anchor; widen it to this one too.
    const setup = { ...opensslSetup, trustAnchorArn: anchor.trustAnchorArn };
    await aws(server, [
      'iam',
      'update-assume-role-policy',
      '--role-name',
      'Workload',
      '--policy-document',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'rolesanywhere.amazonaws.com' },
            Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
            Condition: {
              ArnEquals: { 'aws:SourceArn': [opensslSetup.trustAnchorArn, anchor.trustAnchorArn] },
            },
          },
        ],
      }),
    ]);
    const response = await createSession({
      endpoint: server.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
      chain: [intermediate.der],
      shape: 'body',
      contentType: 'application/x-amz-json-1.0',
      body: { roleSessionName: 'pq-session', durationSeconds: 900 },
    });
    const set = await expectCredentials(response, 'pq-session');
    assert.equal(set.sourceIdentity, 'CN=pq-workload');
    assert.ok(Date.parse(set.credentials.expiration) <= Date.now() + 900_000 + 5_000);
  });

  test('ok/the helper signs /sessions behind a path prefix; the subject records the certificate', async () => {
    const leaf: TestIdentity = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['OU', 'Security'],
        ['OU', 'Engineering'],
        ['CN', 'prefixed'],
      ],
      issuer: identityFromPem(ca.certPem, readFileSync(ca.keyFile, 'utf8')),
      keyType: 'p256',
    });
    const response = await createSession({
      endpoint: server.url,
      arns: opensslSetup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
      path: '/anchorage/sessions',
      body: { instanceProperties: { hostname: 'build-7' } },
    });
    assert.equal(response.status, 201, JSON.stringify(response.json));
    const subjectId = String(response.json.subjectArn).split('/')[1] ?? '';
    await new Promise((r) => setTimeout(r, 400)); // past the subject recorder's flush interval
    const subject = (await control(server, 'GET', `/subject/${subjectId}`)).subject as Record<
      string,
      unknown
    >;
    assert.equal(subject.x509Subject, 'CN=prefixed,OU=Engineering,OU=Security,O=Anchorage Test');
    const [credential] = subject.credentials as Record<string, unknown>[];
    assert.equal(credential?.failed, false);
    assert.match(String(credential?.x509CertificateData), /^-----BEGIN CERTIFICATE-----/);
    assert.deepEqual((subject.instanceProperties as Record<string, unknown>[])[0]?.properties, {
      hostname: 'build-7',
    });
  });
});
