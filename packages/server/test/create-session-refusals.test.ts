/**
 * CreateSession refusals: one `fail/…` case per rule, each asserting the exact wire status and
 * error type, that no credentials came back, and that the log line under the response's request
 * id names the precise reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { aws, ok } from './support/aws-cli.ts';
import { type IssueOptions, identityFromPem, issue, type TestIdentity } from './support/certificates.ts';
import {
  type CreateSessionOptions,
  type CreateSessionResponse,
  createSession,
} from './support/create-session-client.ts';
import { makeCa, makeCrl } from './support/pki.ts';
import {
  ACCOUNT,
  control,
  type RolesAnywhereSetup,
  rolesAnywhereTrustPolicy,
  setUpRolesAnywhere,
} from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const DAY = 86_400_000;

describe('CreateSession refusals', () => {
  let server: ServerProcess;
  let setup: RolesAnywhereSetup;
  let root: TestIdentity;
  let intermediate: TestIdentity;
  const ca = makeCa('Refusals Root', { key: 'ec' });

  const leafOf = (options: Partial<IssueOptions> = {}, issuer: TestIdentity = intermediate) =>
    issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['OU', 'Workloads'],
        ['CN', 'refused-workload'],
      ],
      issuer,
      keyType: 'p256',
      dnsNames: ['w.example.internal'],
      ...options,
    });

  const attempt = (
    leaf: TestIdentity,
    options: Partial<CreateSessionOptions> = {},
    chain: readonly TestIdentity[] = [intermediate],
  ) =>
    createSession({
      endpoint: server.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
      chain: chain.map((c) => c.der),
      ...options,
    });

  async function refused(
    response: CreateSessionResponse,
    status: number,
    errorType: string,
    reasonPart?: string,
  ): Promise<void> {
    assert.equal(response.status, status, JSON.stringify(response.json));
    assert.equal(response.errorType, errorType);
    assert.equal(response.json.credentialSet, undefined, 'no credentials');
    assert.equal(typeof response.json.message, 'string');
    if (reasonPart !== undefined) {
      const line = await server.waitForLog((l) => l.requestId === response.requestId && l.msg === 'request');
      assert.ok(
        String(line.reason).includes(reasonPart),
        `log reason "${line.reason}" should mention "${reasonPart}"`,
      );
    }
  }

  before(async () => {
    server = await startServer();
    root = identityFromPem(ca.certPem, readFileSync(ca.keyFile, 'utf8'));
    intermediate = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'Refusals Intermediate'],
      ],
      ca: true,
      pathLen: 0,
      issuer: root,
      keyType: 'p256',
    });
    setup = await setUpRolesAnywhere(server, ca.certPem);
    // The baseline every refusal differs from: this succeeds.
    const baseline = await attempt(leafOf());
    assert.equal(baseline.status, 201, JSON.stringify(baseline.json));
  });

  after(async () => {
    await server?.stop();
  });

  test('fail/validity: expired and not-yet-valid leaf and intermediate', async () => {
    const now = Date.now();
    await refused(
      await attempt(leafOf({ notBefore: now - 10 * DAY, notAfter: now - DAY })),
      403,
      'AccessDeniedException',
      'expired',
    );
    await refused(
      await attempt(leafOf({ notBefore: now + DAY, notAfter: now + 10 * DAY })),
      403,
      'AccessDeniedException',
      'not-yet-valid',
    );
    const old = issue({
      subject: [['CN', 'Expired Intermediate']],
      ca: true,
      issuer: root,
      notBefore: now - 10 * DAY,
      notAfter: now - DAY,
    });
    await refused(await attempt(leafOf({}, old), {}, [old]), 403, 'AccessDeniedException', 'expired');
    const future = issue({
      subject: [['CN', 'Future Intermediate']],
      ca: true,
      issuer: root,
      notBefore: now + DAY,
      notAfter: now + 10 * DAY,
    });
    await refused(
      await attempt(leafOf({}, future), {}, [future]),
      403,
      'AccessDeniedException',
      'not-yet-valid',
    );
  });

  test('fail/unknown CA, disabled anchor, disabled profile', async () => {
    const stranger = issue({ subject: [['CN', 'Stranger Root']], ca: true, keyType: 'p256' });
    await refused(await attempt(leafOf({}, stranger), {}, []), 403, 'AccessDeniedException', 'untrusted');
    await control(server, 'POST', `/trustanchor/${setup.trustAnchorId}/disable`);
    await refused(await attempt(leafOf()), 403, 'AccessDeniedException', 'disabled');
    await control(server, 'POST', `/trustanchor/${setup.trustAnchorId}/enable`);
    await control(server, 'POST', `/profile/${setup.profileId}/disable`);
    await refused(await attempt(leafOf()), 403, 'AccessDeniedException', 'disabled');
    await control(server, 'POST', `/profile/${setup.profileId}/enable`);
  });

  test('fail/revoked: a serial listed by an enabled CRL of the anchor', async () => {
    const revokedIntermediate = issue({
      subject: [['CN', 'Revoked Intermediate']],
      ca: true,
      issuer: root,
      keyType: 'p256',
    });
    const crl = makeCrl(ca, [revokedIntermediate.serial.toString(16).toUpperCase().padStart(16, '0')]);
    const imported = (
      await control(server, 'POST', '/crls', {
        name: 'root-crl',
        crlData: crl.der.toString('base64'),
        trustAnchorArn: setup.trustAnchorArn,
        enabled: true,
      })
    ).crl as { crlId: string };
    const response = await attempt(leafOf({}, revokedIntermediate), {}, [revokedIntermediate]);
    await refused(response, 403, 'AccessDeniedException', 'revoked');
    assert.equal(response.json.message, 'Certificate revoked');
    await control(server, 'POST', `/crl/${imported.crlId}/disable`);
    assert.equal(
      (await attempt(leafOf({}, revokedIntermediate), {}, [revokedIntermediate])).status,
      201,
      'a disabled CRL revokes nothing',
    );
  });

  test('fail/leaf rules: CA:true, no digitalSignature, SHA-1, unknown critical extension, RSA-1024', async () => {
    await refused(
      await attempt(leafOf({ ca: true, keyUsage: ['digitalSignature', 'keyCertSign'] })),
      403,
      'AccessDeniedException',
      'leaf-is-ca',
    );
    await refused(
      await attempt(leafOf({ keyUsage: ['keyEncipherment'] })),
      403,
      'AccessDeniedException',
      'leaf-key-usage',
    );
    const sha1 = await attempt(leafOf({ digest: 'sha1' }));
    await refused(sha1, 403, 'AccessDeniedException', 'weak-signature-algorithm');
    assert.equal(sha1.json.message, 'Untrusted Signing Certificate');
    await refused(
      await attempt(leafOf({ unknownCriticalExtension: true })),
      403,
      'AccessDeniedException',
      'unknown-critical-extension',
    );
    await refused(await attempt(leafOf({ keyType: 'rsa1024' })), 403, 'AccessDeniedException', 'weak-key');
  });

  test('fail/path rules: pathLen exceeded, name constraints violated, more than 5 in the chain', async () => {
    const sub = issue({ subject: [['CN', 'Too Deep']], ca: true, issuer: intermediate, keyType: 'p256' });
    await refused(
      await attempt(leafOf({}, sub), {}, [intermediate, sub]),
      403,
      'AccessDeniedException',
      'path-length-exceeded',
    );
    const constrained = issue({
      subject: [['CN', 'Constrained']],
      ca: true,
      issuer: root,
      keyType: 'p256',
      permittedDns: ['example.internal'],
    });
    await refused(
      await attempt(leafOf({ dnsNames: ['evil.example.com'] }, constrained), {}, [constrained]),
      403,
      'AccessDeniedException',
      'name-constraints',
    );
    assert.equal(
      (await attempt(leafOf({}, constrained), {}, [constrained])).status,
      201,
      'a permitted name passes',
    );
    await refused(await attempt(leafOf(), {}, Array(6).fill(intermediate)), 400, 'ValidationException');
  });

  test('fail/signature: changed body, host, date or query; serial mismatch; stale date; x-amz-x509 or the chain unsigned', async () => {
    const leaf = leafOf();
    const set = (name: string, value: string) => (r: { headers: [string, string][] }) => {
      const at = r.headers.findIndex(([n]) => n.toLowerCase() === name);
      if (at === -1) r.headers.push([name, value]);
      else r.headers[at] = [name, value];
    };
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          r.body = r.body.replace('3600', '1800');
        },
      }),
      403,
      'AccessDeniedException',
      'signature does not verify',
    );
    await refused(
      await attempt(leaf, { tamper: set('host', 'evil.example.com') }),
      403,
      'AccessDeniedException',
      'signature does not verify',
    );
    const date = new Date(Date.now() - 60_000).toISOString().replace(/[-:]|\.\d{3}/g, '');
    await refused(
      await attempt(leaf, { tamper: set('x-amz-date', date) }),
      403,
      'AccessDeniedException',
      'signature does not verify',
    );
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          r.path = r.path.replace('profileArn', 'profileArn=x&extra');
        },
      }),
      403,
      'AccessDeniedException',
    );
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          for (const h of r.headers)
            if (h[0] === 'Authorization') h[1] = h[1].replace(/Credential=\d+/, 'Credential=12345');
        },
      }),
      403,
      'AccessDeniedException',
      'serial',
    );
    await refused(
      await attempt(leaf, { now: Date.now() - 10 * 60_000 }),
      403,
      'AccessDeniedException',
      'before the server clock',
    );
    await refused(
      await attempt(leaf, { signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-x509-chain'] }),
      403,
      'AccessDeniedException',
      'x-amz-x509',
    );
    await refused(
      await attempt(leaf, { signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-x509'] }),
      403,
      'AccessDeniedException',
      'x-amz-x509-chain',
    );
  });

  test('fail/profile rules: role not in profile, roleSessionName not accepted, duration out of range or above the role maximum', async () => {
    const leaf = leafOf();
    const notListed = await attempt(leaf, {
      arns: { ...setup, roleArn: `arn:aws:iam::${ACCOUNT}:role/Elsewhere` },
    });
    await refused(notListed, 403, 'AccessDeniedException', 'not in profile');
    assert.equal(notListed.json.message, "Requested Role isn't one of those listed in the Profile.");
    const named = await attempt(leaf, { body: { roleSessionName: 'my-name' } });
    await refused(named, 403, 'AccessDeniedException', 'roleSessionName');
    assert.equal(named.json.message, 'Not authorized to set roleSessionName.');
    await refused(await attempt(leaf, { body: { durationSeconds: 60 } }), 400, 'ValidationException');
    await refused(await attempt(leaf, { body: { durationSeconds: 50_000 } }), 400, 'ValidationException');
    await control(server, 'PATCH', `/profile/${setup.profileId}`, { durationSeconds: 7200 });
    await refused(
      await attempt(leaf, { body: { durationSeconds: 7200 } }),
      400,
      'ValidationException',
      'MaxSessionDuration',
    );
    await control(server, 'PATCH', `/profile/${setup.profileId}`, { durationSeconds: 3600 });
  });

  test('fail/trust policy: another trust anchor in aws:SourceArn, a principal tag that does not match', async () => {
    const otherAnchor = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/00000000-0000-4000-8000-000000000000`;
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'OtherAnchor',
        '--assume-role-policy-document',
        rolesAnywhereTrustPolicy(otherAnchor),
      ]),
    );
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'TrustedOnly',
        '--assume-role-policy-document',
        rolesAnywhereTrustPolicy(setup.trustAnchorArn, {
          StringEquals: { 'aws:PrincipalTag/x509Subject/OU': 'Trusted' },
        }),
      ]),
    );
    const roles = [`arn:aws:iam::${ACCOUNT}:role/OtherAnchor`, `arn:aws:iam::${ACCOUNT}:role/TrustedOnly`];
    await control(server, 'PATCH', `/profile/${setup.profileId}`, { roleArns: [setup.roleArn, ...roles] });
    await refused(
      await attempt(leafOf(), { arns: { ...setup, roleArn: roles[0] ?? '' } }),
      403,
      'AccessDeniedException',
      'aws:SourceArn',
    );
    await refused(
      await attempt(leafOf(), { arns: { ...setup, roleArn: roles[1] ?? '' } }),
      403,
      'AccessDeniedException',
      'trust policy',
    );
    const trusted = leafOf({
      subject: [
        ['O', 'Anchorage Test'],
        ['OU', 'Trusted'],
        ['CN', 'trusted'],
      ],
    });
    assert.equal((await attempt(trusted, { arns: { ...setup, roleArn: roles[1] ?? '' } })).status, 201);
  });

  test('fail/malformed input: JSON, content type, certificate headers, Authorization', async () => {
    const leaf = leafOf();
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          r.body = '{not json';
        },
      }),
      400,
      'ValidationException',
    );
    await refused(await attempt(leaf, { contentType: 'text/plain' }), 400, 'ValidationException');
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          for (const h of r.headers) if (h[0].toLowerCase() === 'x-amz-x509') h[1] = 'not*base64';
        },
      }),
      400,
      'ValidationException',
    );
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          for (const h of r.headers) if (h[0].toLowerCase() === 'x-amz-x509') h[1] = 'AAAA';
        },
      }),
      400,
      'ValidationException',
    );
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          r.headers = r.headers.filter(([n]) => n !== 'Authorization');
        },
      }),
      400,
      'ValidationException',
    );
    await refused(
      await attempt(leaf, {
        tamper: (r) => {
          for (const h of r.headers) if (h[0] === 'Authorization') h[1] = 'AWS4-X509-ECDSA-SHA256 garbage';
        },
      }),
      400,
      'ValidationException',
    );
    await refused(
      await attempt(leaf, { arns: { ...setup, trustAnchorArn: 'not-an-arn' } }),
      400,
      'ValidationException',
    );
  });

  test('ok/failed attempts after a valid signature are recorded on the subject', async () => {
    const leaf = leafOf({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'recorded-failure'],
      ],
    });
    const response = await attempt(leaf, { body: { roleSessionName: 'not-allowed' } });
    assert.equal(response.status, 403);
    await new Promise((r) => setTimeout(r, 400));
    const list = (await control(server, 'GET', '/subjects', undefined, { pageSize: '100' })).subjects as {
      subjectId: string;
      x509Subject: string;
    }[];
    const subject = list.find((s) => s.x509Subject === 'CN=recorded-failure,O=Anchorage Test');
    assert.ok(subject !== undefined);
    const detail = (await control(server, 'GET', `/subject/${subject.subjectId}`)).subject as {
      credentials: { failed: boolean }[];
    };
    assert.equal(detail.credentials[0]?.failed, true);
    const forged = await attempt(leafOf({ subject: [['CN', 'forged-never-recorded']] }), {
      tamper: (r) => {
        r.body = r.body.replace('3600', '900');
      },
    });
    assert.equal(forged.status, 403);
    await new Promise((r) => setTimeout(r, 400));
    const after = (await control(server, 'GET', '/subjects', undefined, { pageSize: '100' })).subjects as {
      x509Subject: string;
    }[];
    assert.ok(
      !after.some((s) => s.x509Subject === 'CN=forged-never-recorded'),
      'an unverified request records nothing',
    );
  });
});
