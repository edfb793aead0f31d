/**
 * The audit trail end to end, against the real server: a granted and an untrusted CreateSession,
 * and the administrator's allowed and denied `aws sts assume-role`, each leave one record with
 * its outcome, precise reason, certificate (serial, SHA-256 of the DER) and resources, and no
 * secret; the API filters and pages them, exports them as NDJSON, and refuses unsigned and
 * unauthorised callers; a clean restart (SIGTERM) keeps records still queued at that moment.
 * (Every other call is recorded as well: audit-complete.test.ts.)
 *
 * What a kill -9 may lose: the records still queued, i.e. those of the last ≤ 250 ms (the flush
 * interval) — a record older than that is in the store, as the last test shows.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { aws, fails, ok } from './support/aws-cli.ts';
import { issue, type TestIdentity } from './support/certificates.ts';
import { createSession } from './support/create-session-client.ts';
import { ACCOUNT, type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { sdkSignedFetch, signWithSdk } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

interface CredentialSet {
  assumedRoleUser: { arn: string };
  credentials: { accessKeyId: string; expiration: string; secretAccessKey: string; sessionToken: string };
}
type Page = { events: AuditEventRecord[]; nextToken?: string };

const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const trustAccount = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
});

/** Upper-case hex with an even digit count, as the record keeps serials. */
const serialHex = (serial: bigint) => {
  const hex = serial.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
};

describe('audit trail end to end', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  let setup: RolesAnywhereSetup;
  let root: TestIdentity;
  let leaf: TestIdentity;
  /** The role session CreateSession granted (its policies allow iam:Get* only). */
  let session: AccessKey & { sessionToken: string };
  const secrets: string[] = [];

  before(async () => {
    server = await startServer();
    admin = readAdminCredentials(server.credentialsFile);
    secrets.push(admin.secretAccessKey);
    root = issue({ subject: [['CN', 'Audit Root']], ca: true });
    leaf = issue({
      subject: [
        ['O', 'Anchorage Test'],
        ['CN', 'audit-workload'],
      ],
      issuer: root,
    });
    setup = await setUpRolesAnywhere(server, root.pem);
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'Assumable',
        '--assume-role-policy-document',
        trustAccount,
      ]),
    );
  });

  after(async () => {
    await server?.stop();
  });

  const get = (path: string, query: Record<string, string> = {}, key: AccessKey = admin) =>
    sdkSignedFetch(server.url, key, 'GET', path, { query });

  async function list(query: Record<string, string>, key: AccessKey = admin): Promise<Page> {
    const response = await get('/audit/events', query, key);
    assert.equal(response.status, 200, JSON.stringify(response.json));
    return response.json as unknown as Page;
  }

  /** Records are written within 250 ms of the request: poll for the one wanted. */
  async function waitForRecord(find: (e: AuditEventRecord) => boolean, query: Record<string, string> = {}) {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = (await list({ maxResults: '1000', ...query })).events.find(find);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('no matching audit record within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('ok/a granted CreateSession: allowed, with the certificate, resources and the session', async () => {
    const response = await createSession({
      endpoint: server.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
    });
    assert.equal(response.status, 201, JSON.stringify(response.json));
    const [set] = response.json.credentialSet as CredentialSet[];
    assert.ok(set !== undefined);
    secrets.push(set.credentials.secretAccessKey, set.credentials.sessionToken);
    session = {
      accessKeyId: set.credentials.accessKeyId,
      secretAccessKey: set.credentials.secretAccessKey,
      sessionToken: set.credentials.sessionToken,
    };
    const record = await waitForRecord((e) => e.id === response.requestId);
    assert.equal(record.action, 'rolesanywhere:CreateSession');
    assert.equal(record.outcome, 'allowed');
    assert.equal(record.errorType, undefined);
    assert.match(record.principal ?? '', /CN=audit-workload/);
    assert.deepEqual(record.certificate, {
      serialNumber: serialHex(leaf.serial),
      fingerprintSha256: createHash('sha256').update(leaf.der).digest('hex'),
      subject: record.principal,
      issuer: 'CN=Audit Root',
    });
    assert.deepEqual(record.resources, [
      setup.trustAnchorArn,
      setup.profileArn,
      setup.roleArn,
      String(response.json.subjectArn),
    ]);
    assert.equal(record.assumedRoleArn, set.assumedRoleUser.arn);
    // The wire expiry has whole seconds; the record keeps milliseconds.
    assert.equal(`${record.expiresAt?.slice(0, 19)}Z`, set.credentials.expiration);
    assert.match(record.sourceAddress ?? '', /127\.0\.0\.1/);
    assert.ok(Math.abs(Date.parse(record.time) - Date.now()) < 60_000);
  });

  test('fail/an untrusted certificate: denied, with the precise reason the client never sees', async () => {
    const stranger = issue({ subject: [['CN', 'Stranger Root']], ca: true });
    const intruder = issue({ subject: [['CN', 'intruder']], issuer: stranger });
    const response = await createSession({
      endpoint: server.url,
      arns: setup,
      certificate: intruder.der,
      privateKey: intruder.privateKey,
      serial: intruder.serial,
    });
    assert.equal(response.status, 403);
    assert.equal(response.json.message, 'Untrusted Signing Certificate');
    const record = await waitForRecord((e) => e.id === response.requestId);
    assert.equal(record.action, 'rolesanywhere:CreateSession');
    assert.equal(record.outcome, 'denied');
    assert.equal(record.errorType, 'AccessDeniedException');
    assert.match(record.reason ?? '', /^untrusted/);
    assert.notEqual(record.reason, response.json.message);
    assert.equal(record.certificate?.serialNumber, serialHex(intruder.serial));
    assert.equal(
      record.certificate?.fingerprintSha256,
      createHash('sha256').update(intruder.der).digest('hex'),
    );
    assert.equal(record.certificate?.issuer, 'CN=Stranger Root');
    assert.equal(record.principal, 'CN=intruder');
    assert.equal(record.resources[0], setup.trustAnchorArn);
    assert.ok(record.resources.includes(setup.roleArn));
    assert.equal(record.assumedRoleArn, undefined);
    assert.equal(record.expiresAt, undefined);
  });

  test('ok/aws sts assume-role allowed and denied: the caller, its key, the role, the outcome and reason', async () => {
    const granted = ok(
      await aws(server, [
        'sts',
        'assume-role',
        '--role-arn',
        ROLE('Assumable'),
        '--role-session-name',
        'audited',
      ]),
    );
    const credentials = granted.Credentials as {
      SecretAccessKey: string;
      SessionToken: string;
      Expiration: string;
    };
    secrets.push(credentials.SecretAccessKey, credentials.SessionToken);
    const allowed = await waitForRecord((e) => e.action === 'sts:AssumeRole', {
      resource: ROLE('Assumable'),
    });
    assert.equal(allowed.outcome, 'allowed');
    assert.equal(allowed.principal, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(allowed.accessKeyId, admin.accessKeyId);
    assert.deepEqual(allowed.resources, [ROLE('Assumable')]);
    assert.equal(allowed.assumedRoleArn, `arn:aws:sts::${ACCOUNT}:assumed-role/Assumable/audited`);
    // The wire expiry has whole seconds; the record keeps milliseconds.
    assert.equal(
      Math.floor(Date.parse(allowed.expiresAt ?? '') / 1000),
      Date.parse(credentials.Expiration) / 1000,
    );
    assert.equal(allowed.certificate, undefined);
    assert.equal(allowed.decision?.action, 'sts:AssumeRole');
    assert.equal(allowed.decision?.resource, ROLE('Assumable'));
    assert.equal(allowed.decision?.allowed, true);

    // The Workload role trusts Roles Anywhere only, not the account.
    fails(
      await aws(server, ['sts', 'assume-role', '--role-arn', setup.roleArn, '--role-session-name', 'nope']),
      'AccessDenied',
    );
    const denied = await waitForRecord((e) => e.action === 'sts:AssumeRole', {
      resource: setup.roleArn,
      outcome: 'denied',
    });
    assert.equal(denied.errorType, 'AccessDeniedException');
    assert.equal(denied.accessKeyId, admin.accessKeyId);
    assert.match(denied.reason ?? '', /trust:Workload/);
    assert.deepEqual(denied.decision, {
      action: 'sts:AssumeRole',
      resource: setup.roleArn,
      allowed: false,
      reason: denied.reason,
    });
    assert.equal(denied.assumedRoleArn, undefined);

    fails(
      await aws(server, ['sts', 'assume-role', '--role-arn', ROLE('Missing'), '--role-session-name', 'nope']),
      'AccessDenied',
    );
    const missing = await waitForRecord((e) => e.action === 'sts:AssumeRole', { resource: ROLE('Missing') });
    assert.equal(missing.outcome, 'denied');
    assert.match(missing.reason ?? '', /no role .*Missing exists/);
    assert.equal(missing.decision?.allowed, false);
  });

  test('ok/filters and pages; fail/invalid filters are ValidationException', async () => {
    const everything = await list({ maxResults: '1000' });
    assert.ok(everything.events.length >= 5);
    assert.equal(everything.nextToken, undefined);
    const times = everything.events.map((e) => Date.parse(e.time));
    assert.ok(
      times.every((t, i) => i === 0 || t <= (times[i - 1] ?? t) + 1000),
      'newest first',
    );

    const paged: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await list({ maxResults: '2', ...(nextToken === undefined ? {} : { nextToken }) });
      assert.ok(page.events.length <= 2);
      paged.push(...page.events.map((e) => e.id));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    // Reading the trail is recorded too: records of the reads since may lead; the rest is the same.
    assert.deepEqual(
      paged.slice(paged.length - everything.events.length),
      everything.events.map((e) => e.id),
    );
    assert.ok(
      (await list({ maxResults: '1000' })).events
        .filter((e) => paged.slice(0, paged.length - everything.events.length).includes(e.id))
        .every((e) => e.action === 'rolesanywhere:ListAuditEvents'),
    );

    const sessions = await list({ action: 'rolesanywhere:CreateSession' });
    assert.ok(sessions.events.length >= 2);
    assert.ok(sessions.events.every((e) => e.action === 'rolesanywhere:CreateSession'));
    const denied = await list({ outcome: 'denied' });
    assert.ok(denied.events.length >= 3 && denied.events.every((e) => e.outcome === 'denied'));
    const byPrincipal = await list({ principal: 'AUDIT-WORKLOAD' });
    assert.ok(byPrincipal.events.length >= 1);
    assert.ok(byPrincipal.events.every((e) => (e.principal ?? '').includes('CN=audit-workload')));
    const byResource = await list({ resource: setup.trustAnchorArn, outcome: 'allowed' });
    assert.ok(byResource.events.length >= 1);
    assert.ok(
      byResource.events.every((e) => e.resources.includes(setup.trustAnchorArn) && e.outcome === 'allowed'),
    );
    const newest = everything.events[0];
    assert.ok(newest !== undefined);
    const since = await list({ since: newest.time });
    assert.ok(since.events.some((e) => e.id === newest.id));
    assert.ok(since.events.every((e) => e.time >= newest.time));
    assert.equal((await list({ until: '2001-01-01T00:00:00Z' })).events.length, 0);
    const onePage = await list({ outcome: 'denied', maxResults: '1' });
    assert.equal(onePage.events.length, 1);
    assert.equal(typeof onePage.nextToken, 'string');

    for (const query of [
      { since: 'yesterday' },
      { until: '2031-02-30T00:00:00Z' },
      { outcome: 'maybe' },
      { maxResults: '0' },
      { nextToken: 'bogus token' },
      { since: '2031-01-02', until: '2031-01-01' },
    ]) {
      const response = await get('/audit/events', query);
      assert.equal(response.status, 400, JSON.stringify(query));
      assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
    }
  });

  test('ok/export streams NDJSON, newest first, bounded by the filters; no secret in any record', async () => {
    const fetchExport = async (query: Record<string, string>) => {
      const signed = await signWithSdk(server.url, admin, 'GET', '/audit/events/export', { query });
      const { host: _host, ...headers } = signed.headers;
      return fetch(signed.url, { headers });
    };
    const response = await fetchExport({});
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
    assert.equal(response.headers.get('content-length'), null, 'streamed, not sent in one piece');
    const text = await response.text();
    assert.ok(text.endsWith('\n'));
    const lines = text.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as AuditEventRecord);
    // The list, read after, may start with the records of the export and of itself.
    const listed = (await list({ maxResults: '1000' })).events.map((e) => e.id);
    assert.deepEqual(
      records.map((r) => r.id),
      listed.slice(listed.length - records.length),
    );
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret is in the audit trail');
    assert.doesNotMatch(text, /Signature=|X-Amz-Security-Token|secretAccessKey|sessionToken/i);

    const denied = await fetchExport({ outcome: 'denied', action: 'sts:AssumeRole' });
    const deniedLines = (await denied.text()).trimEnd().split('\n');
    assert.ok(deniedLines.length >= 2);
    for (const line of deniedLines) {
      const record = JSON.parse(line) as AuditEventRecord;
      assert.equal(record.outcome, 'denied');
      assert.equal(record.action, 'sts:AssumeRole');
    }
    assert.equal(await (await fetchExport({ until: '2001-01-01T00:00:00Z' })).text(), '');
    for (const query of [{ since: 'last week' }, { maxResults: '5' }]) {
      const invalid = await fetchExport(query);
      assert.equal(invalid.status, 400);
      assert.equal(invalid.headers.get('x-amzn-errortype'), 'ValidationException');
    }
  });

  test('fail/unsigned, forged and unauthorised calls are refused with 403; ok/rolesanywhere:ListAuditEvents allows', async () => {
    const forged = { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret-access-key' };
    for (const path of ['/audit/events', '/audit/events/export']) {
      const unsigned = await fetch(`${server.url}${path}`);
      assert.equal(unsigned.status, 403);
      assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
      const bad = await get(path, {}, forged);
      assert.equal(bad.status, 403);
      assert.equal(bad.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
      // The role session's policies allow iam:Get* only.
      const unauthorised = await get(path, {}, session);
      assert.equal(unauthorised.status, 403);
      assert.equal(unauthorised.headers.get('x-amzn-errortype'), 'AccessDeniedException');
      assert.match(String(unauthorised.json.message), /rolesanywhere:ListAuditEvents/);
    }
    ok(
      await aws(server, [
        'iam',
        'put-role-policy',
        '--role-name',
        'Workload',
        '--policy-name',
        'audit-reader',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'rolesanywhere:ListAuditEvents', Resource: '*' }],
        }),
      ]),
    );
    const allowed = await get('/audit/events', { maxResults: '1' }, session);
    assert.equal(allowed.status, 200, JSON.stringify(allowed.json));
    assert.equal((allowed.json.events as unknown[]).length, 1);
  });

  test('ok/records queued at SIGTERM survive the restart; records older than 250 ms survive a kill -9', async () => {
    const dataDir = server.dataDir;
    const attempt = () =>
      createSession({
        endpoint: server.url,
        arns: setup,
        certificate: leaf.der,
        privateKey: leaf.privateKey,
        serial: leaf.serial,
      });
    // Stopped at once: the record is still queued when SIGTERM arrives; shutdown writes it.
    const beforeStop = await attempt();
    assert.equal(beforeStop.status, 201);
    assert.equal(await server.stop(), 0);
    server = await startServer({ dataDir });
    const kept = await list({ maxResults: '1000' });
    assert.ok(
      kept.events.some((e) => e.id === beforeStop.requestId),
      'the record queued at SIGTERM was written',
    );

    // A kill -9 loses what is still queued: at most the last 250 ms. Older records are stored.
    const beforeKill = await attempt();
    assert.equal(beforeKill.status, 201);
    await new Promise((r) => setTimeout(r, 1_000));
    await server.kill();
    server = await startServer({ dataDir });
    const afterKill = await list({ maxResults: '1000' });
    assert.ok(afterKill.events.some((e) => e.id === beforeKill.requestId));
    assert.ok(afterKill.events.some((e) => e.id === beforeStop.requestId));
  });
});
