/**
 * The complete audit trail against the real server: control-plane create, read and delete; IAM
 * and STS calls; a role session refused (with the engine's reason); refused signatures (before
 * the operation is known, with the key they claimed); a question answered at /authorize (the
 * resource server's call and the decision about its client, two records); private CA calls; and
 * console actions (sign-in, pages, forms, a refused form, a certificate issued with a generated
 * key) — each appears once, with its request id, caller, source, action, resources, outcome,
 * reason and decision; the API and the console filter by the new actions and channels; the
 * NDJSON export carries them all and no secret the test made (keys, tokens, passwords, private
 * keys). Retention (`--audit-retention-days`) removes old records at start, also with two
 * workers at once and with two servers on one PostgreSQL database, each record once, and never
 * a newer one; 0 keeps them all.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import { openPostgresStore } from '@anchorage/store/postgres/postgres-store';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import pg from 'pg';
import { DATABASE_FILE } from '../src/open-store.ts';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { issue, type TestIdentity } from './support/certificates.ts';
import { ConsoleClient } from './support/console-client.ts';
import { createSession } from './support/create-session-client.ts';
import { ACCOUNT, type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { sdkSignedFetch, signWithSdk } from './support/sdk-signed-fetch.ts';
import { newDataDir, type ServerProcess, startServer } from './support/server-process.ts';

type Key = AccessKey & { sessionToken?: string };
type Page = { events: AuditEventRecord[]; nextToken?: string };
interface Reply {
  readonly status: number;
  readonly type: string | null;
  readonly requestId: string;
  readonly text: string;
}

const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const JSON_1_1 = 'application/x-amz-json-1.1';

/** One request signed with Anchorage's SigV4 signer (any service, any headers), sent with fetch. */
async function call(
  server: ServerProcess,
  key: Key,
  request: {
    method: string;
    path: string;
    service: string;
    body?: string;
    headers?: [string, string][];
    secret?: string;
  },
): Promise<Reply> {
  const url = new URL(request.path, server.url);
  const body = request.body ?? '';
  const signed = signRequest(
    {
      method: request.method,
      rawPath: url.pathname,
      rawQuery: url.search.slice(1),
      headers: [['host', url.host], ...(request.headers ?? [])],
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    {
      accessKeyId: key.accessKeyId,
      secretAccessKey: request.secret ?? key.secretAccessKey,
      ...(key.sessionToken === undefined ? {} : { sessionToken: key.sessionToken }),
      region: 'us-east-1',
      service: request.service,
      now: Date.now(),
    },
  );
  const response = await fetch(url, {
    method: request.method,
    headers: Object.fromEntries(signed.headers.filter(([name]) => name.toLowerCase() !== 'host')),
    ...(request.method === 'GET' ? {} : { body }),
  });
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    requestId: response.headers.get('x-amzn-requestid') ?? '',
    text: await response.text(),
  };
}

const query = (
  server: ServerProcess,
  key: Key,
  service: 'iam' | 'sts',
  params: Record<string, string>,
  secret?: string,
) =>
  call(server, key, {
    method: 'POST',
    path: '/',
    service,
    body: new URLSearchParams({
      ...params,
      Version: service === 'iam' ? '2010-05-08' : '2011-06-15',
    }).toString(),
    headers: [['content-type', 'application/x-www-form-urlencoded; charset=utf-8']],
    ...(secret === undefined ? {} : { secret }),
  });

const pca = (server: ServerProcess, key: Key, operation: string, input: object) =>
  call(server, key, {
    method: 'POST',
    path: '/',
    service: 'acm-pca',
    body: JSON.stringify(input),
    headers: [
      ['content-type', JSON_1_1],
      ['x-amz-target', `ACMPrivateCA.${operation}`],
    ],
  });

describe('audit trail: every call, decision and console action', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;
  let root: TestIdentity;
  let leaf: TestIdentity;
  /** A role session from CreateSession; its policies allow iam:Get* only. */
  let session: Key & { sessionToken: string; arn: string };
  /** Every secret the test makes or sends: none may appear in any record. */
  const secrets: string[] = [];

  before(async () => {
    server = await startServer();
    admin = readAdminCredentials(server.credentialsFile);
    secrets.push(admin.secretAccessKey);
    root = issue({ subject: [['CN', 'Complete Audit Root']], ca: true });
    leaf = issue({ subject: [['CN', 'complete-audit-workload']], issuer: root });
    setup = await setUpRolesAnywhere(server, root.pem);
    const granted = await createSession({
      endpoint: server.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
    });
    assert.equal(granted.status, 201, JSON.stringify(granted.json));
    const [set] = granted.json.credentialSet as {
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
      assumedRoleUser: { arn: string };
    }[];
    assert.ok(set !== undefined);
    session = { ...set.credentials, arn: set.assumedRoleUser.arn };
    secrets.push(session.secretAccessKey, session.sessionToken);
  });

  after(async () => {
    await server?.stop();
  });

  async function list(params: Record<string, string>): Promise<Page> {
    const response = await sdkSignedFetch(server.url, admin, 'GET', '/audit/events', { query: params });
    assert.equal(response.status, 200, JSON.stringify(response.json));
    return response.json as unknown as Page;
  }

  /** Every record of one request (written within 250 ms of it): waits until `count` are there. */
  async function recordsOf(requestId: string, count = 1): Promise<AuditEventRecord[]> {
    assert.notEqual(requestId, '', 'the response carries its request id');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = (await list({ maxResults: '1000' })).events.filter((e) => e.requestId === requestId);
      if (found.length >= count) return found.sort((a, b) => (a.id < b.id ? -1 : 1));
      if (Date.now() > deadline)
        throw new Error(`${found.length} of ${count} records of ${requestId} after 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function recordOf(requestId: string): Promise<AuditEventRecord> {
    const [record, ...more] = await recordsOf(requestId);
    assert.ok(record !== undefined);
    assert.deepEqual(more, [], 'one record for the request');
    assert.equal(record.id, requestId);
    return record;
  }

  test('ok/control plane create, read, list and delete: each recorded with the caller, the decision and the resource', async () => {
    const create = await call(server, admin, {
      method: 'POST',
      path: '/trustanchors',
      service: 'rolesanywhere',
      body: JSON.stringify({
        name: 'audited-anchor',
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.pem } },
      }),
      headers: [['content-type', 'application/json']],
    });
    assert.equal(create.status, 201, create.text);
    const anchor = (
      JSON.parse(create.text) as { trustAnchor: { trustAnchorArn: string; trustAnchorId: string } }
    ).trustAnchor;
    const created = await recordOf(create.requestId);
    assert.equal(created.action, 'rolesanywhere:CreateTrustAnchor');
    assert.equal(created.outcome, 'allowed');
    assert.equal(created.channel, 'api');
    assert.equal(created.requestId, create.requestId);
    assert.equal(created.principal, ADMIN_ARN);
    assert.equal(created.accessKeyId, admin.accessKeyId);
    assert.match(created.sourceAddress ?? '', /127\.0\.0\.1/);
    assert.ok(Math.abs(Date.parse(created.time) - Date.now()) < 60_000);
    assert.deepEqual(created.resources, [anchor.trustAnchorArn], 'the anchor created');
    assert.deepEqual(created.decision, {
      action: 'rolesanywhere:CreateTrustAnchor',
      resource: '*',
      allowed: true,
      reason: 'the administrator may do everything',
    });
    assert.equal(created.reason, undefined);

    const read = await call(server, admin, {
      method: 'GET',
      path: `/trustanchor/${anchor.trustAnchorId}`,
      service: 'rolesanywhere',
    });
    assert.equal(read.status, 200);
    const readRecord = await recordOf(read.requestId);
    assert.equal(readRecord.action, 'rolesanywhere:GetTrustAnchor');
    assert.deepEqual(readRecord.resources, [anchor.trustAnchorArn]);
    assert.equal(readRecord.decision?.resource, anchor.trustAnchorArn);

    const listed = await call(server, admin, {
      method: 'GET',
      path: '/trustanchors',
      service: 'rolesanywhere',
    });
    assert.equal(listed.status, 200);
    assert.equal((await recordOf(listed.requestId)).action, 'rolesanywhere:ListTrustAnchors');

    const deleted = await call(server, admin, {
      method: 'DELETE',
      path: `/trustanchor/${anchor.trustAnchorId}`,
      service: 'rolesanywhere',
    });
    assert.equal(deleted.status, 200);
    const deleteRecord = await recordOf(deleted.requestId);
    assert.equal(deleteRecord.action, 'rolesanywhere:DeleteTrustAnchor');
    assert.equal(deleteRecord.outcome, 'allowed');
    assert.deepEqual(deleteRecord.resources, [anchor.trustAnchorArn]);

    const missing = await call(server, admin, {
      method: 'GET',
      path: `/trustanchor/${anchor.trustAnchorId}`,
      service: 'rolesanywhere',
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.type, 'ResourceNotFoundException');
    const missingRecord = await recordOf(missing.requestId);
    assert.equal(missingRecord.outcome, 'denied');
    assert.equal(missingRecord.errorType, 'ResourceNotFoundException');
    assert.equal(missingRecord.decision?.allowed, true, 'allowed to ask; the anchor was gone');
  });

  test('ok/IAM and STS calls, GetCallerIdentity included', async () => {
    const role = await query(server, admin, 'iam', {
      Action: 'CreateRole',
      RoleName: 'AuditedRole',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
      }),
    });
    assert.equal(role.status, 200, role.text);
    const record = await recordOf(role.requestId);
    assert.equal(record.action, 'iam:CreateRole');
    assert.equal(record.outcome, 'allowed');
    assert.deepEqual(record.resources, [`arn:aws:iam::${ACCOUNT}:role/AuditedRole`]);
    assert.equal(record.decision?.action, 'iam:CreateRole');

    const identity = await query(server, session, 'sts', { Action: 'GetCallerIdentity' });
    assert.equal(identity.status, 200, identity.text);
    const who = await recordOf(identity.requestId);
    assert.equal(who.action, 'sts:GetCallerIdentity');
    assert.equal(who.outcome, 'allowed');
    assert.equal(who.principal, session.arn);
    assert.equal(who.accessKeyId, session.accessKeyId);
    assert.equal(who.decision, undefined, 'GetCallerIdentity needs no permission');
  });

  test('fail/a role session refused: 403 AccessDenied on the wire, nothing made, the decision and its reason recorded', async () => {
    const refused = await query(server, session, 'iam', {
      Action: 'CreateRole',
      RoleName: 'NotAllowed',
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
    });
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.text, /<Code>AccessDenied<\/Code>/);
    const absent = await query(server, admin, 'iam', { Action: 'GetRole', RoleName: 'NotAllowed' });
    assert.equal(absent.status, 404);
    assert.match(absent.text, /<Code>NoSuchEntity<\/Code>/);
    const record = await recordOf(refused.requestId);
    assert.equal(record.action, 'iam:CreateRole');
    assert.equal(record.outcome, 'denied');
    assert.equal(record.principal, session.arn);
    assert.equal(record.accessKeyId, session.accessKeyId);
    assert.equal(record.decision?.allowed, false);
    assert.equal(record.decision?.action, 'iam:CreateRole');
    assert.equal(record.decision?.resource, `arn:aws:iam::${ACCOUNT}:role/NotAllowed`);
    assert.ok((record.decision?.reason ?? '').length > 0);
    assert.equal(record.reason, record.decision?.reason, 'the engine’s reason is the refusal’s');

    const control = await call(server, session, {
      method: 'GET',
      path: '/trustanchors',
      service: 'rolesanywhere',
    });
    assert.equal(control.status, 403);
    assert.equal(control.type, 'AccessDeniedException');
    const controlRecord = await recordOf(control.requestId);
    assert.equal(controlRecord.action, 'rolesanywhere:ListTrustAnchors');
    assert.equal(controlRecord.outcome, 'denied');
    assert.equal(controlRecord.errorType, 'AccessDeniedException');
    assert.equal(controlRecord.decision?.allowed, false);
  });

  test('fail/refused signatures: recorded as denied with the precise reason, the key claimed and the best known action', async () => {
    const wrongSecret = 'not-the-secret-access-key-0123456789abcd';
    secrets.push(wrongSecret);
    const forged = await call(server, admin, {
      method: 'GET',
      path: '/trustanchors',
      service: 'rolesanywhere',
      secret: wrongSecret,
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.type, 'InvalidSignatureException');
    const record = await recordOf(forged.requestId);
    assert.equal(record.action, 'rolesanywhere:ListTrustAnchors');
    assert.equal(record.outcome, 'denied');
    assert.equal(record.errorType, 'InvalidSignatureException');
    assert.ok((record.reason ?? '').length > 0);
    assert.equal(record.accessKeyId, admin.accessKeyId, 'the key the signature claimed');
    assert.equal(record.principal, undefined);
    assert.equal(record.decision, undefined);

    const forgedQuery = await query(server, admin, 'iam', { Action: 'ListRoles' }, wrongSecret);
    assert.equal(forgedQuery.status, 403);
    assert.match(forgedQuery.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    const queryRecord = await recordOf(forgedQuery.requestId);
    assert.equal(queryRecord.action, 'iam:ListRoles');
    assert.equal(queryRecord.outcome, 'denied');

    const unsigned = await fetch(`${server.url}/trustanchors`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const unsignedRecord = await recordOf(unsigned.headers.get('x-amzn-requestid') ?? '');
    assert.equal(unsignedRecord.action, 'rolesanywhere:ListTrustAnchors');
    assert.equal(unsignedRecord.errorType, 'MissingAuthenticationTokenException');
    assert.equal(unsignedRecord.accessKeyId, undefined);

    const nowhere = await fetch(`${server.url}/no/such/thing`);
    assert.equal(nowhere.status, 403);
    const nowhereRecord = await recordOf(nowhere.headers.get('x-amzn-requestid') ?? '');
    assert.equal(nowhereRecord.action, 'unknown');
    assert.equal(nowhereRecord.outcome, 'denied');
  });

  test('ok/a question put to /authorize: the resource server’s call and the decision about its client', async () => {
    const ask = async (action: string, resource: string) => {
      // The client's request, signed with its role session, as the resource server received it.
      const forwarded = signRequest(
        {
          method: 'GET',
          rawPath: '/items/1',
          rawQuery: '',
          headers: [['host', 'widgets.internal']],
          payloadSha256Hex: createHash('sha256').update('').digest('hex'),
        },
        { ...session, region: 'us-east-1', service: 'widgets', now: Date.now() },
      );
      return call(server, admin, {
        method: 'POST',
        path: '/authorize',
        service: 'anchorage',
        body: JSON.stringify({
          request: {
            method: 'GET',
            path: '/items/1',
            query: '',
            headers: forwarded.headers,
            payloadHash: createHash('sha256').update('').digest('hex'),
          },
          service: 'widgets',
          region: 'us-east-1',
          action,
          resource,
          context: { 'aws:SourceIp': '203.0.113.9' },
        }),
        headers: [['content-type', 'application/json']],
      });
    };
    const denied = await ask('widgets:GetItem', 'arn:aws:widgets:us-east-1:000000000000:item/1');
    assert.equal(denied.status, 200, denied.text);
    const deniedAnswer = JSON.parse(denied.text) as { decision: string; reason: string };
    assert.equal(deniedAnswer.decision, 'Deny');
    const [asked, answered] = await recordsOf(denied.requestId, 2);
    assert.ok(asked !== undefined && answered !== undefined);
    assert.equal(asked.id, denied.requestId);
    assert.equal(asked.action, 'anchorage:Authorize');
    assert.equal(asked.channel, 'api');
    assert.equal(asked.principal, ADMIN_ARN);
    assert.equal(asked.outcome, 'allowed');
    assert.equal(asked.decision?.action, 'anchorage:Authorize');
    assert.equal(answered.id, `${denied.requestId}.2`);
    assert.equal(answered.requestId, denied.requestId);
    assert.equal(answered.channel, 'authorize');
    assert.equal(answered.action, 'widgets:GetItem');
    assert.equal(answered.outcome, 'denied');
    assert.equal(answered.principal, session.arn);
    assert.equal(answered.accessKeyId, session.accessKeyId);
    assert.deepEqual(answered.resources, ['arn:aws:widgets:us-east-1:000000000000:item/1']);
    assert.deepEqual(answered.decision, {
      action: 'widgets:GetItem',
      resource: 'arn:aws:widgets:us-east-1:000000000000:item/1',
      allowed: false,
      reason: deniedAnswer.reason,
    });
    assert.equal(answered.reason, deniedAnswer.reason);

    const allowed = await ask('iam:GetRole', setup.roleArn);
    assert.equal((JSON.parse(allowed.text) as { decision: string }).decision, 'Allow');
    const [, yes] = await recordsOf(allowed.requestId, 2);
    assert.equal(yes?.outcome, 'allowed');
    assert.equal(yes?.action, 'iam:GetRole');
    assert.equal(yes?.decision?.allowed, true);
    assert.equal(yes?.reason, undefined);
  });

  test('ok/private CA calls, the one refused to a role session too', async () => {
    const created = await pca(server, admin, 'CreateCertificateAuthority', {
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: 'EC_prime256v1',
        SigningAlgorithm: 'SHA256WITHECDSA',
        Subject: { CommonName: 'Audited CA' },
      },
    });
    assert.equal(created.status, 200, created.text);
    const caArn = (JSON.parse(created.text) as { CertificateAuthorityArn: string }).CertificateAuthorityArn;
    const record = await recordOf(created.requestId);
    assert.equal(record.action, 'acm-pca:CreateCertificateAuthority');
    assert.equal(record.outcome, 'allowed');
    assert.deepEqual(record.resources, [caArn]);

    const described = await pca(server, admin, 'DescribeCertificateAuthority', {
      CertificateAuthorityArn: caArn,
    });
    assert.equal(described.status, 200);
    const describedRecord = await recordOf(described.requestId);
    assert.equal(describedRecord.action, 'acm-pca:DescribeCertificateAuthority');
    assert.deepEqual(describedRecord.resources, [caArn]);

    const refused = await pca(server, session, 'ListCertificateAuthorities', {});
    assert.equal(refused.status, 400, 'awsJson1_1 sends client faults as 400');
    assert.equal(refused.type, 'AccessDeniedException');
    const refusedRecord = await recordOf(refused.requestId);
    assert.equal(refusedRecord.action, 'acm-pca:ListCertificateAuthorities');
    assert.equal(refusedRecord.outcome, 'denied');
    assert.equal(refusedRecord.decision?.allowed, false);
    assert.equal(refusedRecord.principal, session.arn);
  });

  test('ok/console actions: on channel console for the signed-in principal, each once; sign-ins and refused forms too', async () => {
    const wrongSecret = 'console-wrong-secret-0123456789abcdefghij';
    secrets.push(wrongSecret);
    const client = new ConsoleClient(server.url);
    const failed = await client.signIn({ accessKeyId: admin.accessKeyId, secretAccessKey: wrongSecret });
    assert.equal(failed.status, 401);
    const failedRecord = await recordOf(String(failed.headers['x-amzn-requestid']));
    assert.equal(failedRecord.action, 'anchorage:ConsoleSignIn');
    assert.equal(failedRecord.channel, 'console');
    assert.equal(failedRecord.outcome, 'denied');
    assert.equal(failedRecord.accessKeyId, admin.accessKeyId);
    assert.match(failedRecord.reason ?? '', /InvalidSignature|SignatureDoesNotMatch|signature/i);

    const signedIn = await client.signIn(admin);
    assert.equal(signedIn.status, 303, signedIn.body);
    const signInRecord = await recordOf(String(signedIn.headers['x-amzn-requestid']));
    assert.equal(signInRecord.action, 'anchorage:ConsoleSignIn');
    assert.equal(signInRecord.outcome, 'allowed');
    assert.equal(signInRecord.principal, ADMIN_ARN);

    // A page that lists through the API: the operation is recorded for the console, and the
    // console request makes no record of its own.
    const anchors = await client.get('/console/trust-anchors');
    assert.equal(anchors.status, 200);
    const pageRecords = await recordsOf(String(anchors.headers['x-amzn-requestid']));
    assert.ok(pageRecords.length >= 1);
    for (const record of pageRecords) {
      assert.equal(record.channel, 'console');
      assert.equal(record.principal, ADMIN_ARN);
      assert.equal(record.accessKeyId, admin.accessKeyId);
    }
    assert.ok(
      pageRecords.some((r) => r.action === 'rolesanywhere:ListTrustAnchors' && r.outcome === 'allowed'),
    );

    // A certificate issued with a key the console generates: the key is offered once, in the page.
    await client.get('/console/private-ca/new');
    const ca = await client.post('/console/private-ca/new', {
      subject: 'CN=Console Audit Root',
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '30',
      pathLength: '',
      permittedDns: '',
    });
    assert.equal(ca.status, 303, ca.body);
    const caRecords = await recordsOf(String(ca.headers['x-amzn-requestid']));
    assert.ok(
      caRecords.some((r) => r.action === 'acm-pca:CreateCertificateAuthority' && r.channel === 'console'),
    );
    const caPath = String(ca.headers.location).split('?')[0] ?? '';
    await client.get(`${caPath}/issue`);
    const fields = {
      keySource: 'generate',
      subject: 'CN=console-issued',
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '30',
      dnsNames: '',
    };
    // Without the form token: refused, recorded, nothing issued.
    const forged = await client.post(`${caPath}/issue`, fields, { csrf: null });
    assert.equal(forged.status, 403);
    const forgedRecord = await recordOf(String(forged.headers['x-amzn-requestid']));
    assert.equal(forgedRecord.action, 'unknown');
    assert.equal(forgedRecord.channel, 'console');
    assert.equal(forgedRecord.outcome, 'denied');
    assert.ok((forgedRecord.reason ?? '').length > 0);
    const issued = await client.post(`${caPath}/issue`, fields);
    assert.equal(issued.status, 200, issued.body);
    const keyBase64 =
      /href="data:application\/x-pem-file;base64,([A-Za-z0-9+/=]+)"/.exec(issued.body)?.[1] ?? '';
    const keyPem = Buffer.from(keyBase64, 'base64').toString('utf8');
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----/);
    secrets.push(
      keyBase64,
      ...keyPem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----')),
    );
    const issueRecords = await recordsOf(String(issued.headers['x-amzn-requestid']));
    const issueRecord = issueRecords.find((r) => r.action === 'acm-pca:IssueCertificate');
    assert.ok(issueRecord !== undefined, JSON.stringify(issueRecords));
    assert.equal(issueRecord.channel, 'console');
    assert.equal(issueRecord.outcome, 'allowed');
    assert.ok(
      issueRecord.resources.some((arn) => arn.includes('/certificate/')),
      'the certificate issued',
    );

    // Console users through the console API: the password is never recorded.
    const password = 'correct horse battery staple 42';
    secrets.push(password);
    const set = await sdkSignedFetch(server.url, admin, 'PUT', '/console/api/users/auditor', {
      body: { password },
    });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    const setRecord = await recordOf(set.headers.get('x-amzn-requestid') ?? '');
    assert.equal(setRecord.action, 'anchorage:SetConsolePassword');
    assert.equal(setRecord.channel, 'api');
    assert.equal(setRecord.decision?.allowed, true);
    const byPassword = new ConsoleClient(server.url);
    const wrongPassword = 'wrong horse battery staple 42';
    secrets.push(wrongPassword);
    const refused = await byPassword.post('/console/sign-in', {
      method: 'password',
      userName: 'auditor',
      password: wrongPassword,
    });
    assert.equal(refused.status, 401);
    const refusedRecord = await recordOf(String(refused.headers['x-amzn-requestid']));
    assert.equal(refusedRecord.outcome, 'denied');
    assert.match(refusedRecord.reason ?? '', /auditor: wrong password/);
    const denied = await sdkSignedFetch(server.url, session, 'PUT', '/console/api/users/intruder', {
      body: { password },
    });
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const deniedRecord = await recordOf(denied.headers.get('x-amzn-requestid') ?? '');
    assert.equal(deniedRecord.outcome, 'denied');
    assert.equal(deniedRecord.decision?.allowed, false);
    assert.equal(deniedRecord.principal, session.arn);
  });

  test('ok/filters and the console find the new actions and channels; reading the trail is recorded', async () => {
    const channels = await list({ channel: 'console', maxResults: '1000' });
    assert.ok(channels.events.length >= 3);
    assert.ok(channels.events.every((e) => e.channel === 'console'));
    const questions = await list({ channel: 'authorize', outcome: 'denied' });
    assert.ok(questions.events.some((e) => e.action === 'widgets:GetItem'));
    assert.ok(questions.events.every((e) => e.channel === 'authorize' && e.outcome === 'denied'));
    const iam = await list({ action: 'iam:*', maxResults: '1000' });
    assert.ok(iam.events.some((e) => e.action === 'iam:CreateRole'));
    assert.ok(iam.events.every((e) => e.action.startsWith('iam:')));
    const byPrincipal = await list({
      principal: 'assumed-role/Workload',
      outcome: 'denied',
      maxResults: '1000',
    });
    assert.ok(byPrincipal.events.length >= 3);
    assert.ok(byPrincipal.events.every((e) => (e.principal ?? '').includes('assumed-role/Workload')));
    const unknown = await list({ action: 'unknown' });
    assert.ok(unknown.events.length >= 1 && unknown.events.every((e) => e.action === 'unknown'));
    for (const params of [{ channel: 'web' }, { channel: 'API' }]) {
      const response = await sdkSignedFetch(server.url, admin, 'GET', '/audit/events', { query: params });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
    }

    // Append-only: no method changes or deletes records; the trail is as it was.
    const before = (await list({ maxResults: '1000', action: 'iam:*' })).events.map((e) => e.id);
    for (const method of ['DELETE', 'PUT', 'POST', 'PATCH']) {
      for (const path of ['/audit/events', `/audit/events/${before[0] ?? 'x'}`]) {
        const refused = await sdkSignedFetch(server.url, admin, method, path, {
          body: { outcome: 'allowed' },
        });
        assert.equal(refused.status, 404, `${method} ${path}`);
        assert.equal(refused.headers.get('x-amzn-errortype'), 'UnknownOperationException');
      }
    }
    assert.deepEqual(
      (await list({ maxResults: '1000', action: 'iam:*' })).events.map((e) => e.id),
      before,
    );

    // Reading the trail is itself a record.
    const read = await sdkSignedFetch(server.url, admin, 'GET', '/audit/events', {
      query: { maxResults: '1' },
    });
    const readRecord = await recordOf(read.headers.get('x-amzn-requestid') ?? '');
    assert.equal(readRecord.action, 'rolesanywhere:ListAuditEvents');
    assert.equal(readRecord.decision?.allowed, true);

    const client = new ConsoleClient(server.url);
    assert.equal((await client.signIn(admin)).status, 303);
    const page = await client.get('/console/audit?channel=authorize&action=widgets%3AGetItem');
    assert.equal(page.status, 200);
    assert.match(page.body, /<option value="authorize" selected>/);
    assert.match(page.body, /<option value="iam:CreateRole">iam:CreateRole<\/option>/);
    assert.match(page.body, /<option value="acm-pca:\*">/);
    const rows = page.body.slice(page.body.indexOf('aria-label="Records"'));
    assert.match(rows, /widgets:GetItem/);
    assert.doesNotMatch(rows, /rolesanywhere:ListTrustAnchors/);
    const pageRecords = await recordsOf(String(page.headers['x-amzn-requestid']));
    assert.ok(
      pageRecords.some((r) => r.action === 'rolesanywhere:ListAuditEvents' && r.channel === 'console'),
      'reading the trail in the console is recorded',
    );
  });

  test('ok/the export carries every action and channel, and no secret', async () => {
    const signed = await signWithSdk(server.url, admin, 'GET', '/audit/events/export', {});
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(signed.url, { headers });
    assert.equal(response.status, 200);
    const text = await response.text();
    const records = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEventRecord);
    const actions = new Set(records.map((r) => r.action));
    for (const action of [
      'rolesanywhere:CreateSession',
      'rolesanywhere:CreateTrustAnchor',
      'rolesanywhere:DeleteTrustAnchor',
      'iam:CreateRole',
      'sts:GetCallerIdentity',
      'anchorage:Authorize',
      'widgets:GetItem',
      'acm-pca:CreateCertificateAuthority',
      'acm-pca:IssueCertificate',
      'anchorage:ConsoleSignIn',
      'anchorage:SetConsolePassword',
      'rolesanywhere:ListAuditEvents',
      'unknown',
    ]) {
      assert.ok(actions.has(action), `the export has ${action}`);
    }
    assert.deepEqual(new Set(records.map((r) => r.channel)), new Set(['api', 'console', 'authorize']));
    assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'ids are unique');
    assert.ok(secrets.length >= 9);
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret is in the audit trail');
    assert.doesNotMatch(text, /PRIVATE KEY|Signature=|X-Amz-Security-Token|secretAccessKey|sessionToken/i);
    // Bounded: no record carries a body.
    assert.ok(records.every((r) => JSON.stringify(r).length < 16_384));
  });
});

describe('audit retention', () => {
  const DAY = 24 * 60 * 60_000;
  const aged = (name: string, days: number): AuditEventRecord => ({
    id: `retention-${name}`,
    time: new Date(Date.now() - days * DAY).toISOString(),
    action: 'rolesanywhere:CreateSession',
    outcome: 'allowed',
    resources: [],
  });

  /** Writes records straight into the stopped server's database, with the times the test wants. */
  async function plant(dataDir: string, records: readonly AuditEventRecord[]): Promise<void> {
    const store = await openSqliteStore(join(dataDir, DATABASE_FILE));
    try {
      assert.equal(await store.auditEvents.append(records), records.length);
    } finally {
      await store.close();
    }
  }

  async function ids(server: ServerProcess): Promise<string[]> {
    const admin = readAdminCredentials(server.credentialsFile);
    const response = await sdkSignedFetch(server.url, admin, 'GET', '/audit/events', {
      query: { maxResults: '1000', action: 'rolesanywhere:CreateSession' },
    });
    assert.equal(response.status, 200);
    return (response.json.events as AuditEventRecord[])
      .map((e) => e.id)
      .filter((id) => id.startsWith('retention-'));
  }

  /** The records removed, summed over every process's log line (two workers may share the work). */
  async function removed(server: ServerProcess, atLeast: number): Promise<number> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const total = server.logs
        .filter((line) => line.msg === 'audit retention: removed old records')
        .reduce((sum, line) => sum + Number(line.removed), 0);
      if (total >= atLeast || Date.now() > deadline) return total;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('ok/old records are removed at start (default 365 days, then 30 with two workers); newer ones never; 0 keeps all', async () => {
    const dataDir = newDataDir();
    let server = await startServer({ dataDir });
    assert.equal(await server.stop(), 0);

    await plant(dataDir, [aged('400d', 400), aged('364d', 364), aged('1d', 1)]);
    server = await startServer({ dataDir });
    assert.equal(await removed(server, 1), 1);
    assert.deepEqual((await ids(server)).sort(), ['retention-1d', 'retention-364d']);
    assert.equal(await server.stop(), 0);

    await plant(dataDir, [
      aged('31d', 31),
      aged('29d', 29),
      ...Array.from({ length: 30 }, (_, i) => aged(`old-${i}`, 40 + i)),
    ]);
    server = await startServer({ dataDir, args: ['--audit-retention-days', '30', '--workers', '2'] });
    assert.equal(
      await removed(server, 32),
      32,
      'the 364-day, 31-day and thirty 40-to-69-day records, once each',
    );
    assert.deepEqual((await ids(server)).sort(), ['retention-1d', 'retention-29d']);
    assert.equal(await server.stop(), 0);

    await plant(dataDir, [aged('10y', 3650)]);
    server = await startServer({ dataDir, env: { ANCHORAGE_AUDIT_RETENTION_DAYS: '0' } });
    assert.deepEqual((await ids(server)).sort(), ['retention-10y', 'retention-1d', 'retention-29d']);
    assert.equal(
      server.logs.some((line) => JSON.stringify(line).includes('audit retention')),
      false,
      'with 0 nothing is pruned',
    );
    assert.equal(await server.stop(), 0);
  });

  test('ok/two servers on one PostgreSQL database prune at once: each old record removed once, no newer one', async (t) => {
    const database = process.env.ANCHORAGE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const probe = new pg.Client({ connectionString: database, connectionTimeoutMillis: 2_000 });
    try {
      await probe.connect();
      await probe.end();
    } catch {
      if (process.env.CI !== undefined) assert.fail('PostgreSQL is unreachable');
      t.skip('PostgreSQL is not reachable');
      return;
    }
    const schema = `anchorage_audit_${randomBytes(4).toString('hex')}`;
    const url = `${database}?schema=${schema}`;
    const servers: ServerProcess[] = [];
    try {
      const store = await openPostgresStore(database, { schema });
      try {
        await store.auditEvents.append([
          ...Array.from({ length: 2_500 }, (_, i) => aged(`old-${i}`, 31 + (i % 300))),
          aged('29d', 29),
          aged('1d', 1),
        ]);
      } finally {
        await store.close();
      }
      const env = { ANCHORAGE_DATA_KEY: randomBytes(32).toString('base64') };
      const args = ['--database-url', url, '--audit-retention-days', '30'];
      servers.push(...(await Promise.all([startServer({ args, env }), startServer({ args, env })])));
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const deadline = Date.now() + 20_000;
      let total = 0;
      while (total < 2_500 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        total = (await removed(a, 0)) + (await removed(b, 0));
      }
      assert.equal(total, 2_500, 'every old record removed, once');
      assert.deepEqual((await ids(a)).sort(), ['retention-1d', 'retention-29d']);
    } finally {
      for (const server of servers) await server.stop();
      const client = new pg.Client({ connectionString: database });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
