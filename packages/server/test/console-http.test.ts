/**
 * The web console over HTTP against the real server: redirects to sign-in, access-key and
 * password sign-in (`anchorage console set-password`), failures in one word and rate limited
 * (429 with Retry-After), the session cookie's exact attributes (Secure under TLS), CSRF refusals
 * that change nothing (no token, a wrong token, a foreign Origin, a cross-site fetch), a role
 * session that may do only what its policies allow, sign-out, the security headers on every
 * page and asset, and hostile values coming back escaped.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { ClientCredentials } from '../src/client/admin-credentials-source.ts';
import { ApiError, createApiClient } from '../src/client/api-client.ts';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { aws, ok } from './support/aws-cli.ts';
import {
  type ConsoleClient as Client,
  ConsoleClient,
  type ConsoleResponse,
} from './support/console-client.ts';
import { createSession } from './support/create-session-client.ts';
import { makeCa, makeCrl, makeServerTlsCertificate } from './support/pki.ts';
import { ACCOUNT, control, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const run = promisify(execFile);
const BIN = new URL('../bin/anchorage.js', import.meta.url).pathname;
const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

function assertSecurityHeaders(response: ConsoleResponse, what: string, cache = 'no-store'): void {
  assert.equal(response.headers['content-security-policy'], CSP, what);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(response.headers['x-frame-options'], 'DENY', what);
  assert.equal(response.headers['cache-control'], cache, what);
}

async function trustAnchorCount(server: ServerProcess): Promise<number> {
  return ((await control(server, 'GET', '/trustanchors')).trustAnchors as unknown[]).length;
}

async function signedIn(server: ServerProcess): Promise<Client> {
  const client = new ConsoleClient(server.url);
  const response = await client.signIn(readAdminCredentials(server.credentialsFile));
  assert.equal(response.status, 303, response.body);
  await client.get('/console/');
  return client;
}

describe('console over HTTP', () => {
  let server: ServerProcess;
  const ca = makeCa('console-http');

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  test('ok/without a session every page redirects to sign-in; /console to /console/', async () => {
    const client = new ConsoleClient(server.url);
    const bare = await client.get('/console');
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.location, '/console/');
    for (const path of [
      '/console/',
      '/console/trust-anchors',
      '/console/roles/Anything',
      '/console/simulator',
    ]) {
      const response = await client.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.location, '/console/sign-in', path);
      assertSecurityHeaders(response, path);
    }
    const form = await client.get('/console/sign-in');
    assert.equal(form.status, 200);
    assert.match(form.body, /Sign in to Anchorage/);
    // A POST without a session changes nothing and says so.
    const posted = await client.post('/console/trust-anchors/new', { name: 'x' }, { csrf: 'guess' });
    assert.equal(posted.status, 403);
  });

  test('fail/a wrong secret says only "invalid credentials"; five failures, then 429 with Retry-After', async () => {
    const admin = readAdminCredentials(server.credentialsFile);
    const client = new ConsoleClient(server.url);
    const wrong = await client.signIn({
      accessKeyId: admin.accessKeyId,
      secretAccessKey: `${admin.secretAccessKey.slice(0, -2)}xx`,
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /invalid credentials/);
    assert.doesNotMatch(wrong.body, /Signature|SignatureDoesNotMatch|InvalidSignature/);
    assert.equal(wrong.cookies.length, 0);
    // An unknown key gets the same words.
    const unknownKey = 'AKIAZZZZZZZZZZZZZZZZ';
    for (let i = 0; i < 5; i++) {
      const response = await client.signIn({ accessKeyId: unknownKey, secretAccessKey: `nope${i}` });
      assert.equal(response.status, 401, `attempt ${i + 1}`);
      assert.match(response.body, /invalid credentials/);
    }
    const limited = await client.signIn({ accessKeyId: unknownKey, secretAccessKey: 'nope' });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 300, `Retry-After ${limited.headers['retry-after']}`);
    assert.match(limited.body, /Too many failed sign-ins/);
    // The administrator's own key id is not locked by another key's failures.
    assert.equal((await client.signIn(admin)).status, 303);
  });

  test('ok/the administrator key signs in: the cookie has exactly the flags; the overview shows', async () => {
    const client = new ConsoleClient(server.url);
    const response = await client.signIn(readAdminCredentials(server.credentialsFile));
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/console/');
    assert.equal(response.cookies.length, 1);
    assert.match(
      response.cookies[0] ?? '',
      /^anchorage_console=[A-Za-z0-9_-]{43}; Path=\/console; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    const overview = await client.get('/console/');
    assert.equal(overview.status, 200);
    assert.match(overview.body, /Overview/);
    assert.match(overview.body, new RegExp(`arn:aws:iam::${ACCOUNT}:root`));
    assert.match(overview.body, /No activity yet/);
    // Sign-in from a foreign page (login CSRF) is refused before any credential is read.
    const foreign = await new ConsoleClient(server.url).post(
      '/console/sign-in',
      { accessKeyId: 'x', secretAccessKey: 'y' },
      { headers: { 'Sec-Fetch-Site': 'cross-site' }, csrf: null },
    );
    assert.equal(foreign.status, 403);
  });

  test('fail/POSTs without the token, with a wrong one, from a foreign Origin or cross-site: 403, nothing changed', async () => {
    const client = await signedIn(server);
    await client.get('/console/trust-anchors/new');
    const before = await trustAnchorCount(server);
    const fields = { name: 'csrf-test', sourceType: 'CERTIFICATE_BUNDLE', pem: ca.certPem, enabled: 'true' };
    const attempts: [string, ConsoleResponse][] = [
      ['no token', await client.post('/console/trust-anchors/new', fields, { csrf: null })],
      ['wrong token', await client.post('/console/trust-anchors/new', fields, { csrf: 'A'.repeat(43) })],
      [
        'foreign Origin',
        await client.post('/console/trust-anchors/new', fields, {
          headers: { 'Sec-Fetch-Site': '', Origin: 'http://evil.example' },
        }),
      ],
      [
        'cross-site',
        await client.post('/console/trust-anchors/new', fields, {
          headers: { 'Sec-Fetch-Site': 'cross-site' },
        }),
      ],
      [
        'no origin at all',
        await client.post('/console/trust-anchors/new', fields, { headers: { 'Sec-Fetch-Site': '' } }),
      ],
    ];
    for (const [what, response] of attempts) {
      assert.equal(response.status, 403, what);
      assert.match(response.body, /nothing was changed/, what);
      assertSecurityHeaders(response, what);
    }
    assert.equal(await trustAnchorCount(server), before);
    // Sign-out is a POST too: without the token the session survives.
    assert.equal((await client.post('/console/sign-out', {}, { csrf: null })).status, 403);
    assert.equal((await client.get('/console/')).status, 200);
    // The same form from the console's own page, with Origin instead of Sec-Fetch-Site, works.
    await client.get('/console/trust-anchors/new');
    const created = await client.post('/console/trust-anchors/new', fields, {
      headers: { 'Sec-Fetch-Site': '', Origin: server.url },
    });
    assert.equal(created.status, 303, created.body);
    assert.equal(await trustAnchorCount(server), before + 1);
  });

  test('ok/a trust anchor from an uploaded PEM file, its detail, disable after the POST, delete after confirming', async () => {
    const client = await signedIn(server);
    await client.get('/console/trust-anchors/new');
    const created = await client.post(
      '/console/trust-anchors/new',
      { name: 'uploaded', sourceType: 'CERTIFICATE_BUNDLE', pem: '', enabled: 'true' },
      { files: { pemFile: { filename: 'ca.pem', data: ca.certPem } } },
    );
    assert.equal(created.status, 303, created.body);
    const detailPath = String(created.headers.location);
    assert.match(detailPath, /^\/console\/trust-anchors\/[0-9a-f-]{36}\?notice=created$/);
    const detail = await client.get(detailPath);
    assert.match(detail.body, /Created\./);
    assert.match(detail.body, /console-http/); // the CA certificate's subject
    assert.match(detail.body, /days left/);
    const base = detailPath.split('?')[0] ?? '';
    // CRLs: import one (pasted PEM), then disable it after its confirmation page.
    const imported = await client.post(`${base}/crls`, {
      crlName: 'corp-crl',
      crlPem: makeCrl(ca, ['0A']).pem,
      crlEnabled: 'true',
    });
    assert.equal(imported.status, 303, imported.body);
    const withCrl = await client.get(base);
    assert.match(withCrl.body, /corp-crl<\/td><td><span class="badge ok">enabled/);
    const crlBase = /href="(\/console\/trust-anchors\/[0-9a-f-]+\/crls\/[0-9a-f-]+)\/disable"/.exec(
      withCrl.body,
    )?.[1];
    assert.ok(crlBase !== undefined, 'a Disable… link for the CRL');
    assert.match((await client.get(`${crlBase}/disable`)).body, /Disable CRL corp-crl\?/);
    assert.equal((await client.post(`${crlBase}/disable`, {})).status, 303);
    assert.match((await client.get(base)).body, /corp-crl<\/td><td><span class="badge off">disabled/);
    const badCrl = await client.post(`${base}/crls`, {
      crlName: 'bad',
      crlPem: 'not a CRL',
      crlEnabled: 'true',
    });
    assert.equal(badCrl.status, 400);
    assert.match(badCrl.body, /class="alert"|class="error"/);
    // Disabling the anchor asks first; the POST does it.
    assert.match((await client.get(base)).body, new RegExp(`href="${base}/disable">Disable…`));
    assert.match((await client.get(`${base}/disable`)).body, /Disable trust anchor uploaded\?/);
    assert.equal((await client.post(`${base}/disable`, {})).status, 303);
    assert.match((await client.get(base)).body, /badge off">disabled/);
    const confirm = await client.get(`${base}/delete`);
    assert.match(confirm.body, /Delete trust anchor uploaded\?/);
    const deleted = await client.post(`${base}/delete`, {});
    assert.equal(deleted.headers.location, '/console/trust-anchors?notice=deleted');
    assert.equal((await client.get(base)).status, 404);
  });

  test('ok/hostile values come back escaped: a trust anchor name, a role description, a policy value', async () => {
    const client = await signedIn(server);
    await client.get('/console/trust-anchors/new');
    const refused = await client.post('/console/trust-anchors/new', {
      name: HOSTILE_NAME,
      sourceType: 'CERTIFICATE_BUNDLE',
      pem: ca.certPem,
      enabled: 'true',
    });
    assert.equal(refused.status, 400);
    assert.doesNotMatch(refused.body, /<img src=x/);
    assert.match(refused.body, /value="&lt;img src=x onerror=alert\(1\)&gt;"/); // the field keeps it, escaped
    assert.match(refused.body, /class="error"[^>]*>[^<]*&lt;img src=x onerror=alert\(1\)&gt;/); // the error sits next to the field

    const description = `<script>alert("desc")</script>'"`;
    const hostilePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': "</textarea></pre><script>alert('p')</script>" },
          },
        },
      ],
    });
    await client.get('/console/roles/new');
    const role = await client.post('/console/roles/new', {
      roleName: 'Escaped',
      description,
      trustMode: 'custom',
      trustPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
      }),
      attachPolicyArn: '',
      maxSessionDuration: '3600',
    });
    assert.equal(role.status, 303, role.body);
    await client.get('/console/roles/Escaped');
    const put = await client.post('/console/roles/Escaped/inline', {
      policyName: 'hostile',
      policyDocument: hostilePolicy,
    });
    assert.equal(put.status, 303, put.body);
    const page = await client.get('/console/roles/Escaped');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.doesNotMatch(page.body, /<\/textarea><\/pre><script>/);
    assert.match(page.body, /&lt;script&gt;alert\(&quot;desc&quot;\)&lt;\/script&gt;&#39;&quot;/);
    assert.match(page.body, /&lt;\/textarea&gt;&lt;\/pre&gt;&lt;script&gt;alert\(&#39;p&#39;\)/);
    const list = await client.get('/console/roles');
    assert.doesNotMatch(list.body, /<script>alert/);
  });

  test('fail/a role session signed in to the console may do only what its policies allow', async () => {
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'ConsoleReader',
        '--assume-role-policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
        }),
      ]),
    );
    ok(
      await aws(server, [
        'iam',
        'put-role-policy',
        '--role-name',
        'ConsoleReader',
        '--policy-name',
        'read-roles-anywhere',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['rolesanywhere:List*', 'rolesanywhere:Get*'], Resource: '*' },
          ],
        }),
      ]),
    );
    const assumed = ok(
      await aws(server, [
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT}:role/ConsoleReader`,
        '--role-session-name',
        'console',
      ]),
    ).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const client = new ConsoleClient(server.url);
    // The temporary key without its token, or with a wrong secret, is refused.
    assert.equal(
      (await client.signIn({ accessKeyId: assumed.AccessKeyId, secretAccessKey: assumed.SecretAccessKey }))
        .status,
      401,
    );
    const signIn = await client.signIn({
      accessKeyId: assumed.AccessKeyId,
      secretAccessKey: assumed.SecretAccessKey,
      sessionToken: assumed.SessionToken,
    });
    assert.equal(signIn.status, 303, signIn.body);
    const overview = await client.get('/console/');
    assert.equal(overview.status, 200);
    assert.match(overview.body, /assumed-role\/ConsoleReader\/console/);
    assert.match(overview.body, /not permitted/); // roles and CAs may not be listed
    assert.equal((await client.get('/console/trust-anchors')).status, 200);
    const roles = await client.get('/console/roles');
    assert.equal(roles.status, 403);
    assert.match(
      roles.body,
      /Access denied\. User: arn:aws:sts::000000000000:assumed-role\/ConsoleReader\/console is not authorized to perform: iam:ListRoles/,
    );
    const before = await trustAnchorCount(server);
    await client.get('/console/trust-anchors/new');
    const denied = await client.post('/console/trust-anchors/new', {
      name: 'not-allowed',
      sourceType: 'CERTIFICATE_BUNDLE',
      pem: ca.certPem,
      enabled: 'true',
    });
    assert.equal(denied.status, 400);
    assert.match(
      denied.body,
      /Access denied\. User: [^ ]+ is not authorized to perform: rolesanywhere:CreateTrustAnchor/,
    );
    assert.equal(await trustAnchorCount(server), before);
  });

  test('ok/sign-out deletes the session and clears the cookie; the old cookie no longer works', async () => {
    const client = await signedIn(server);
    const stolen = client.cookie;
    const out = await client.post('/console/sign-out', {});
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/console/sign-in');
    assert.deepEqual(out.cookies, [
      'anchorage_console=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict',
    ]);
    const replay = new ConsoleClient(server.url);
    replay.cookie = stolen;
    const again = await replay.get('/console/');
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, '/console/sign-in');
  });

  test('ok/the CSP and the other headers on every page; assets have their types and a long cache', async () => {
    const client = await signedIn(server);
    const pages = [
      '/console/sign-in',
      '/console/',
      '/console/trust-anchors',
      '/console/trust-anchors/new',
      '/console/profiles',
      '/console/profiles/new',
      '/console/roles',
      '/console/roles/new',
      '/console/roles/Escaped',
      '/console/policies',
      '/console/policies/new',
      '/console/simulator',
      '/console/subjects',
      '/console/audit',
      '/console/private-ca',
      '/console/private-ca/new',
      '/console/notifications',
      '/console/no-such-page',
    ];
    for (const path of pages) {
      const response = await client.get(path);
      assert.ok([200, 303, 404].includes(response.status), `${path}: ${response.status}`);
      assertSecurityHeaders(response, path);
      if (response.status === 200) {
        assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', path);
        // No inline script or style, no event-handler attributes (inside a tag: the audit trail
        // shows refused input, such as a hostile name, as escaped text).
        assert.doesNotMatch(response.body, /<script(?![^>]*\ssrc=)[^>]*>/, path);
        assert.doesNotMatch(response.body, /<style|<[^>]*\s(?:style|on[a-z]+)=/i, path);
      }
    }
    const overview = (await client.get('/console/')).body;
    for (const [pattern, type] of [
      [/href="(\/console\/assets\/console\.css\?v=[0-9a-f]+)"/, 'text/css; charset=utf-8'],
      [/src="(\/console\/assets\/console\.js\?v=[0-9a-f]+)"/, 'text/javascript; charset=utf-8'],
      [/href="(\/console\/assets\/icon\.svg\?v=[0-9a-f]+)"/, 'image/svg+xml'],
    ] as const) {
      const url = pattern.exec(overview)?.[1];
      assert.ok(url !== undefined, String(pattern));
      const response = await client.get(url);
      assert.equal(response.status, 200, url);
      assert.equal(response.headers['content-type'], type, url);
      assertSecurityHeaders(response, url, 'public, max-age=31536000, immutable');
    }
    assert.equal((await client.get('/console/assets/%2e%2e%2fadmin-credentials')).status, 404);
    assert.equal((await client.get('/console/assets/nothing.js')).status, 404);
  });

  test('ok/console set-password, then password sign-in acts as the administrator; the API is admin-only', async () => {
    const passwordFile = join(server.dataDir, 'console-password');
    writeFileSync(passwordFile, 'a long console password\n', { mode: 0o600 });
    const { stdout } = await run(process.execPath, [
      BIN,
      'console',
      'set-password',
      '--user',
      'alice',
      '--password-file',
      passwordFile,
      '--endpoint',
      server.url,
      '--data-dir',
      server.dataDir,
    ]);
    assert.match(stdout, /created console user alice/);
    const client = new ConsoleClient(server.url);
    const wrong = await client.post('/console/sign-in', {
      method: 'password',
      userName: 'alice',
      password: 'a long console passwor',
    });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body, /invalid credentials/);
    const right = await client.post('/console/sign-in', {
      method: 'password',
      userName: 'alice',
      password: 'a long console password',
    });
    assert.equal(right.status, 303, right.body);
    const overview = await client.get('/console/');
    assert.match(overview.body, new RegExp(`arn:aws:iam::${ACCOUNT}:root`));
    // The password is never logged.
    assert.doesNotMatch(JSON.stringify(server.logs), /a long console password/);
    // Changing the password ends the sessions that used the old one (from standard input this time).
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [
          BIN,
          'console',
          'set-password',
          '--user',
          'alice',
          '--endpoint',
          server.url,
          '--data-dir',
          server.dataDir,
        ],
        (error) => (error === null ? resolve() : reject(error)),
      );
      child.stdin?.end('another long password\n');
    });
    assert.equal((await client.get('/console/')).status, 303);
    // The API refuses anyone but the administrator, and unsigned calls.
    const unsigned = await fetch(`${server.url}/console/api/users/mallory`, {
      method: 'PUT',
      body: '{"password":"whatever12345"}',
    });
    assert.equal(unsigned.status, 403);
  });
});

describe('console users API refusals', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  /** The API's error for a call, as `[status, type]`, through the same signed client the CLI uses. */
  const refusal = async (credentials: ClientCredentials, method: string, path: string, body?: unknown) => {
    const client = createApiClient({ endpoint: server.url, region: 'us-east-1', credentials });
    try {
      await client.rolesAnywhere(method, path, body);
    } catch (error) {
      if (error instanceof ApiError) return [error.status, error.code];
      throw error;
    }
    return [200, 'accepted'];
  };

  test('fail/weak password, unknown user, unknown route: wire status and type; nothing is created', async () => {
    const admin = { ...readAdminCredentials(server.credentialsFile), source: 'test' };
    assert.deepEqual(await refusal(admin, 'PUT', '/console/api/users/weak', { password: 'short' }), [
      400,
      'ValidationException',
    ]);
    assert.deepEqual(await refusal(admin, 'PUT', '/console/api/users/nopassword', {}), [
      400,
      'ValidationException',
    ]);
    assert.deepEqual(await refusal(admin, 'DELETE', '/console/api/users/nobody'), [
      404,
      'ResourceNotFoundException',
    ]);
    assert.deepEqual(
      await refusal(admin, 'POST', '/console/api/users/weak', { password: 'long enough password' }),
      [404, 'UnknownOperationException'],
    );
    // The refused PUT created no user: a password sign-in as "weak" fails.
    const client = new ConsoleClient(server.url);
    const signIn = await client.post('/console/sign-in', {
      method: 'password',
      userName: 'weak',
      password: 'short',
    });
    assert.equal(signIn.status, 401);
  });

  test('fail/a role session may not manage console users: 403 AccessDeniedException', async () => {
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'ConsoleUsersCaller',
        '--assume-role-policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
        }),
      ]),
    );
    ok(
      await aws(server, [
        'iam',
        'put-role-policy',
        '--role-name',
        'ConsoleUsersCaller',
        '--policy-name',
        'everything',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
        }),
      ]),
    );
    const assumed = ok(
      await aws(server, [
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT}:role/ConsoleUsersCaller`,
        '--role-session-name',
        'console-users',
      ]),
    ).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const session = {
      accessKeyId: assumed.AccessKeyId,
      secretAccessKey: assumed.SecretAccessKey,
      sessionToken: assumed.SessionToken,
      source: 'test',
    };
    assert.deepEqual(
      await refusal(session, 'PUT', '/console/api/users/intruder', { password: 'a long enough password' }),
      [403, 'AccessDeniedException'],
    );
  });
});

describe('console over TLS', () => {
  let server: ServerProcess;
  const tls = makeServerTlsCertificate();

  before(async () => {
    server = await startServer({ args: ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] });
  });
  after(async () => {
    await server.stop();
  });

  test('ok/the session cookie is Secure when served over TLS; the Origin check expects https', async () => {
    const client = new ConsoleClient(server.url, { ca: readFileSync(tls.certFile, 'utf8') });
    assert.match(server.url, /^https:/);
    const response = await client.signIn(readAdminCredentials(server.credentialsFile));
    assert.equal(response.status, 303, response.body);
    assert.match(
      response.cookies[0] ?? '',
      /^anchorage_console=[A-Za-z0-9_-]{43}; Path=\/console; Max-Age=43200; HttpOnly; SameSite=Strict; Secure$/,
    );
    const page = await client.get('/console/trust-anchors/new');
    assertSecurityHeaders(page, 'TLS page');
    const plainOrigin = await client.post(
      '/console/trust-anchors/new',
      { name: 'x' },
      {
        headers: { 'Sec-Fetch-Site': '', Origin: server.url.replace('https:', 'http:') },
      },
    );
    assert.equal(plainOrigin.status, 403);
    const out = await client.post('/console/sign-out', {});
    assert.deepEqual(out.cookies, [
      'anchorage_console=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict; Secure',
    ]);
  });
});

describe('console pages over HTTP: private CA, subjects, audit trail, notifications', () => {
  let server: ServerProcess;
  const HOSTILE_DN = `/O=Anchorage/CN=<img src=x onerror=alert(1)>"q'`;

  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
  });

  async function createCa(client: Client, subject: string): Promise<string> {
    await client.get('/console/private-ca/new');
    const created = await client.post('/console/private-ca/new', {
      subject,
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '30',
      pathLength: '',
      permittedDns: '',
    });
    assert.equal(created.status, 303, created.body);
    return String(created.headers.location).split('?')[0] ?? '';
  }

  test('ok/issue with a generated key, use it; CSRF refusals on issue, revoke and settings; hostile DNs escaped', async () => {
    const client = await signedIn(server);
    // Validation errors sit next to their fields.
    await client.get('/console/private-ca/new');
    const bad = await client.post('/console/private-ca/new', {
      subject: 'CN=a,CN=b',
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '0',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /id="f-subject-error">The subject cannot be used: [^<]*CN twice/);
    assert.match(bad.body, /id="f-validityDays-error">Enter a whole number/);
    const caPath = await createCa(client, 'CN=HTTP Root,O=Anchorage');
    assert.match(caPath, /^\/console\/private-ca\/[0-9a-f-]{36}$/);
    const caPage = await client.get(caPath);
    assert.match(caPage.body, /Private CA HTTP Root[\s\S]*badge ok">active/);

    // Issuing without the token, or cross-site, issues nothing.
    const issuedBefore = (caPage.body.match(/Revoke…|the CA&#39;s own certificate/g) ?? []).length;
    await client.get(`${caPath}/issue`);
    const fields = {
      keySource: 'generate',
      subject: HOSTILE_DN,
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '30',
      dnsNames: '',
    };
    for (const [what, options] of [
      ['no token', { csrf: null }],
      ['wrong token', { csrf: 'B'.repeat(43) }],
      ['cross-site', { headers: { 'Sec-Fetch-Site': 'cross-site' } }],
    ] as const) {
      const refused = await client.post(`${caPath}/issue`, fields, options);
      assert.equal(refused.status, 403, what);
      assert.match(refused.body, /nothing was changed/, what);
    }
    const unchanged = await client.get(caPath);
    assert.equal((unchanged.body.match(/Revoke…|the CA&#39;s own certificate/g) ?? []).length, issuedBefore);

    // Issued: the key is offered once, in the page, and is not in the log; the certificate downloads.
    const issued = await client.post(`${caPath}/issue`, fields);
    assert.equal(issued.status, 200, issued.body);
    assertSecurityHeaders(issued, 'issued page'); // no-store: the key is not cached
    const keyBase64 = /href="data:application\/x-pem-file;base64,([A-Za-z0-9+/=]+)"/.exec(issued.body)?.[1];
    assert.ok(keyBase64 !== undefined, 'a private key download');
    const keyPem = Buffer.from(keyBase64, 'base64').toString('utf8');
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----/);
    const serial = /\/certificates\/([0-9A-F]+)" download>Download certificate/.exec(issued.body)?.[1] ?? '';
    assert.notEqual(serial, '');
    const certificate = await client.get(`${caPath}/certificates/${serial}`);
    assert.equal(certificate.status, 200);
    assert.equal(
      certificate.headers['content-disposition'],
      `attachment; filename="certificate-${serial}.pem"`,
    );
    const x509 = new X509Certificate(certificate.body);
    assert.ok(x509.checkPrivateKey(createPrivateKey(keyPem)));
    const keyLine = keyPem.split('\n')[1] ?? '';
    assert.doesNotMatch(JSON.stringify(server.logs), new RegExp(keyLine.replace(/[+/]/g, '.')));
    assert.doesNotMatch((await client.get(caPath)).body, /PRIVATE KEY/);

    // A CreateSession with it through an anchor on the CA; the DN comes back escaped everywhere.
    const caPem = (await client.get(`${caPath}/certificate`)).body;
    const setup = await setUpRolesAnywhere(server, caPem, { roleName: 'HostileWorkload' });
    const granted = await createSession({
      endpoint: server.url,
      arns: setup,
      certificate: x509.raw,
      privateKey: createPrivateKey(keyPem),
      serial: BigInt(`0x${x509.serialNumber}`),
    });
    assert.equal(granted.status, 201, JSON.stringify(granted.json));
    // RFC 4514 (subjects, audit) puts a backslash before < > and "; the escaping is the console's.
    const escaped = /&lt;img src=x onerror=alert\(1\)\\?&gt;\\?&quot;q&#39;/;
    let subjects = '';
    for (let i = 0; i < 50 && !escaped.test(subjects); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      subjects = (await client.get('/console/subjects')).body;
    }
    assert.match(subjects, escaped);
    const subjectPath = /href="(\/console\/subjects\/[0-9a-f-]+)"/.exec(subjects)?.[1] ?? '';
    let audit = '';
    for (let i = 0; i < 50 && !audit.includes(serial); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      audit = (await client.get('/console/audit?outcome=allowed')).body;
    }
    for (const [what, body] of [
      ['subjects', subjects],
      ['subject', (await client.get(subjectPath)).body],
      ['audit', audit],
      ['issued page', issued.body],
      ['CA page', (await client.get(caPath)).body],
    ] as const) {
      assert.doesNotMatch(body, /<img src=x/, what);
      assert.match(body, escaped, what);
    }
    // The filter takes the DN back, escaped in its field; a bad time is an error next to the field.
    const filtered = await client.get(`/console/audit?principal=${encodeURIComponent('<img src=x')}`);
    assert.match(filtered.body, /id="f-principal" name="principal" type="text" value="&lt;img src=x"/);
    const badTime = await client.get('/console/audit?since=yesterday');
    assert.equal(badTime.status, 400);
    assert.match(badTime.body, /id="f-since-error">since must be an ISO-8601 time/);
    // The export streams NDJSON.
    const exported = await client.get('/console/audit/export?outcome=allowed');
    assert.equal(exported.status, 200);
    assert.equal(exported.headers['content-type'], 'application/x-ndjson');
    assert.match(String(exported.headers['content-disposition']), /^attachment; filename="anchorage-audit-/);
    assert.ok(
      exported.body
        .trim()
        .split('\n')
        .every((line) => JSON.parse(line).outcome === 'allowed'),
    );

    // Revoke and notification settings refuse a POST without the token, and change nothing.
    const revokePath = `${caPath}/certificates/${serial}/revoke`;
    assert.match((await client.get(revokePath)).body, new RegExp(`Revoke certificate ${serial}\\?`));
    assert.equal((await client.post(revokePath, { reason: 'KEY_COMPROMISE' }, { csrf: null })).status, 403);
    assert.doesNotMatch((await client.get(caPath)).body, /badge bad">revoked/);
    const settingsPath = `/console/notifications/${setup.trustAnchorId}`;
    await client.get('/console/notifications');
    const settings = {
      'CA_CERTIFICATE_EXPIRY-enabled': 'true',
      'CA_CERTIFICATE_EXPIRY-threshold': '10',
      'END_ENTITY_CERTIFICATE_EXPIRY-threshold': '',
    };
    assert.equal((await client.post(settingsPath, settings, { csrf: null })).status, 403);
    assert.equal((await client.post(`${settingsPath}/reset`, {}, { csrf: null })).status, 403);
    assert.equal((await client.post('/console/notifications/evaluate', {}, { csrf: null })).status, 403);
    const anchor = async () =>
      (await control(server, 'GET', `/trustanchor/${setup.trustAnchorId}`)).trustAnchor as {
        notificationSettings: { event: string; enabled: boolean; threshold: number }[];
      };
    assert.deepEqual(
      (await anchor()).notificationSettings.map((s) => [s.event, s.enabled, s.threshold]),
      [
        ['CA_CERTIFICATE_EXPIRY', true, 45],
        ['END_ENTITY_CERTIFICATE_EXPIRY', true, 45],
      ],
    );
    // With the token they work.
    assert.equal((await client.post(settingsPath, settings)).status, 303);
    assert.deepEqual(
      (await anchor()).notificationSettings.map((s) => [s.event, s.enabled, s.threshold]),
      [
        ['CA_CERTIFICATE_EXPIRY', true, 10],
        ['END_ENTITY_CERTIFICATE_EXPIRY', false, 45],
      ],
    );
    const invalid = await client.post(settingsPath, { ...settings, 'CA_CERTIFICATE_EXPIRY-threshold': 'x' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body, /CA certificate expiry: Enter a whole number/);
    assert.equal(
      (await client.post(`${settingsPath}/reset`, {})).headers.location,
      '/console/notifications?notice=reset',
    );
    await client.get(revokePath);
    const revoked = await client.post(revokePath, { reason: 'KEY_COMPROMISE' });
    assert.equal(revoked.headers.location, `${caPath}?notice=revoked`);
    assert.match(
      (await client.get(caPath)).body,
      /badge bad">revoked<\/span> <span class="muted">KEY_COMPROMISE/,
    );
    const again = await client.post(revokePath, { reason: 'KEY_COMPROMISE' });
    assert.equal(again.status, 400);
    assert.match(again.body, /class="alert"/);
  });

  test('fail/a role session without the permissions sees Access denied on the new pages and changes nothing', async () => {
    const admin = await signedIn(server);
    const caPath = await createCa(admin, 'CN=Denied Root,O=Anchorage');
    const caArn = `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/${caPath.split('/').pop()}`;
    const trustPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
    });
    ok(
      await aws(server, [
        'iam',
        'create-role',
        '--role-name',
        'ConsoleNarrow',
        '--assume-role-policy-document',
        trustPolicy,
      ]),
    );
    ok(
      await aws(server, [
        'iam',
        'put-role-policy',
        '--role-name',
        'ConsoleNarrow',
        '--policy-name',
        'anchors-only',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['rolesanywhere:ListTrustAnchors', 'acm-pca:DescribeCertificateAuthority'],
              Resource: '*',
            },
          ],
        }),
      ]),
    );
    const assumed = ok(
      await aws(server, [
        'sts',
        'assume-role',
        '--role-arn',
        `arn:aws:iam::${ACCOUNT}:role/ConsoleNarrow`,
        '--role-session-name',
        'narrow',
      ]),
    ).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const client = new ConsoleClient(server.url);
    const signIn = await client.signIn({
      accessKeyId: assumed.AccessKeyId,
      secretAccessKey: assumed.SecretAccessKey,
      sessionToken: assumed.SessionToken,
    });
    assert.equal(signIn.status, 303, signIn.body);
    const who =
      'User: arn:aws:sts::000000000000:assumed-role/ConsoleNarrow/narrow is not authorized to perform:';
    for (const [path, action] of [
      ['/console/subjects', 'rolesanywhere:ListSubjects'],
      ['/console/audit', 'rolesanywhere:ListAuditEvents'],
      ['/console/audit/export', 'rolesanywhere:ListAuditEvents'],
      ['/console/private-ca', 'acm-pca:ListCertificateAuthorities'],
      [`${caPath}/crl`, 'acm-pca:GetCertificateAuthorityCrl'],
    ] as const) {
      const response = await client.get(path);
      assert.equal(response.status, 403, path);
      assert.match(response.body, new RegExp(`Access denied\\. ${who} ${action}`), path);
      assertSecurityHeaders(response, path);
    }
    // The CA page shows (DescribeCertificateAuthority is allowed); issuing is refused by the API.
    assert.equal((await client.get(caPath)).status, 200);
    await client.get(`${caPath}/issue`);
    const issue = await client.post(`${caPath}/issue`, {
      keySource: 'generate',
      subject: 'CN=not-allowed',
      keyAlgorithm: 'EC_prime256v1',
      validityDays: '30',
    });
    assert.equal(issue.status, 400);
    assert.match(issue.body, new RegExp(`Access denied\\. ${who} acm-pca:IssueCertificate`));
    assert.doesNotMatch(issue.body, /PRIVATE KEY|data:application/);
    // Notifications: the settings show; the events and "Evaluate now" are not permitted.
    const notifications = await client.get('/console/notifications');
    assert.equal(notifications.status, 200);
    assert.match(
      notifications.body,
      /Not permitted: your policies do not allow rolesanywhere:ListNotificationEvents/,
    );
    assert.doesNotMatch(notifications.body, /Evaluate now/);
    const evaluate = await client.post('/console/notifications/evaluate', {});
    assert.equal(evaluate.status, 403);
    assert.match(evaluate.body, new RegExp(`${who} rolesanywhere:EvaluateNotifications`));
    const anchorId = /href="\/console\/trust-anchors\/([0-9a-f-]+)"/.exec(notifications.body)?.[1];
    assert.ok(anchorId !== undefined, 'the anchor of the previous test is listed');
    const put = await client.post(`/console/notifications/${anchorId}`, {
      'CA_CERTIFICATE_EXPIRY-enabled': 'true',
      'CA_CERTIFICATE_EXPIRY-threshold': '5',
    });
    assert.equal(put.status, 400);
    assert.match(put.body, new RegExp(`Access denied\\. ${who} rolesanywhere:PutNotificationSettings`));
    // Nothing was issued by the refused request.
    const ca = ok(
      await aws(server, ['acm-pca', 'describe-certificate-authority', '--certificate-authority-arn', caArn]),
    );
    assert.equal((ca.CertificateAuthority as { Status: string }).Status, 'ACTIVE');
  });
});
