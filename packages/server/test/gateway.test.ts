/**
 * The authorisation endpoint, through the example gateway (examples/gateway): Anchorage in front
 * of an internal HTTP service, and in front of an S3-compatible store driven by the real AWS CLI
 * with temporary credentials from AssumeRole.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import { verifySigV4Request } from '@anchorage/core/sigv4/verify-hmac';
import { createGateway } from '../../../examples/gateway/gateway.ts';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { aws } from './support/aws-cli.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const STORE_KEY = {
  accessKeyId: 'MINIOEXAMPLEKEY00000',
  secretAccessKey: 'store-secret-store-secret-store-secret-0',
};

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

/** A tiny S3-compatible store: objects in memory, every request's SigV4 (S3 rules) checked against the store's own key. */
function fakeObjectStore(): Server {
  const objects = new Map<string, Buffer>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
      const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
      try {
        await verifySigV4Request(
          {
            method: req.method ?? '',
            rawPath,
            rawQuery,
            headers,
            payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
          },
          {
            now: Date.now(),
            region: 'us-east-1',
            service: 's3',
            uri: { normalizePath: false, doubleEncode: false },
            lookupCredential: async (id) =>
              id === STORE_KEY.accessKeyId ? { secretAccessKey: STORE_KEY.secretAccessKey } : undefined,
          },
        );
      } catch {
        res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      if (req.method === 'PUT') {
        objects.set(rawPath, body);
        res.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      } else if (req.method === 'GET' && objects.has(rawPath)) {
        const object = objects.get(rawPath) ?? Buffer.alloc(0);
        res
          .writeHead(200, {
            'Content-Length': object.length,
            ETag: `"${createHash('md5').update(object).digest('hex')}"`,
          })
          .end(object);
      } else {
        res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
      }
    });
  });
}

describe('authorisation endpoint through the example gateway', () => {
  let anchorage: ServerProcess;
  let session: AccessKey & { sessionToken: string };
  const servers: Server[] = [];

  before(async () => {
    anchorage = await startServer();
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }],
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'widgets:Get',
          Resource: `arn:aws:widgets:us-east-1:${ACCOUNT}:reports/*`,
        },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::team-bucket/shared/*',
        },
      ],
    });
    assert.equal(
      (
        await aws(anchorage, [
          'iam',
          'create-role',
          '--role-name',
          'Consumer',
          '--assume-role-policy-document',
          trust,
        ])
      ).exitCode,
      0,
    );
    assert.equal(
      (
        await aws(anchorage, [
          'iam',
          'put-role-policy',
          '--role-name',
          'Consumer',
          '--policy-name',
          'p',
          '--policy-document',
          policy,
        ])
      ).exitCode,
      0,
    );
    const assumed = await aws(anchorage, [
      'sts',
      'assume-role',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT}:role/Consumer`,
      '--role-session-name',
      'client',
    ]);
    const c = (
      assumed.json as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }
    ).Credentials;
    session = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
  });

  after(async () => {
    for (const s of servers) s.close();
    await anchorage?.stop();
  });

  test('ok/HTTP service: a request signed with Anchorage credentials reaches the service with its caller named', async () => {
    const upstream = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          path: req.url,
          principal: req.headers['x-anchorage-principal-arn'] ?? null,
          auth: req.headers.authorization ?? null,
        }),
      );
    });
    servers.push(upstream);
    const gateway = createGateway({
      anchorage: anchorage.url,
      credentials: readAdminCredentials(anchorage.credentialsFile),
      upstream: await listen(upstream),
      region: 'us-east-1',
      accountId: ACCOUNT,
      service: 'widgets',
    });
    servers.push(gateway);
    const url = new URL(await listen(gateway));
    const call = async (path: string, credentials: (AccessKey & { sessionToken?: string }) | undefined) => {
      const headers: [string, string][] = [['host', url.host]];
      const signed =
        credentials === undefined
          ? headers
          : signRequest(
              {
                method: 'GET',
                rawPath: path,
                rawQuery: '',
                headers,
                payloadSha256Hex: createHash('sha256').update('').digest('hex'),
              },
              { ...credentials, region: 'us-east-1', service: 'widgets', now: Date.now() },
            ).headers;
      const response = await fetch(new URL(path, url), {
        headers: Object.fromEntries(signed.filter(([n]) => n !== 'host')),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };

    const allowed = await call('/reports/q3', session);
    assert.equal(allowed.status, 200);
    assert.deepEqual(allowed.json, {
      path: '/reports/q3',
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/Consumer/client`,
      auth: null,
    });
    const denied = await call('/payroll/2026', session);
    assert.equal(denied.status, 403);
    assert.equal(denied.json.code, 'AccessDenied');
    const unsigned = await call('/reports/q3', undefined);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.json.code, 'MissingAuthenticationTokenException');
    const forged = await call('/reports/q3', { ...session, secretAccessKey: 'z'.repeat(40) });
    assert.equal(forged.status, 403);
    assert.equal(forged.json.code, 'InvalidSignatureException');
  });

  test('ok/S3-compatible store: the AWS CLI puts and gets objects through the gateway, within its policy only', async () => {
    const store = fakeObjectStore();
    servers.push(store);
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-s3-'));
    const storeCredentials = join(dir, 'store-credentials');
    writeFileSync(
      storeCredentials,
      `[default]\naws_access_key_id = ${STORE_KEY.accessKeyId}\naws_secret_access_key = ${STORE_KEY.secretAccessKey}\n`,
    );
    const gateway = createGateway({
      anchorage: anchorage.url,
      credentials: readAdminCredentials(anchorage.credentialsFile),
      upstream: await listen(store),
      region: 'us-east-1',
      accountId: ACCOUNT,
      s3UpstreamCredentials: STORE_KEY,
    });
    servers.push(gateway);
    const gatewayUrl = await listen(gateway);
    // Path-style addressing (an IP endpoint has no bucket host names) and no trailing checksums.
    const config = join(dir, 'config');
    writeFileSync(
      config,
      '[default]\ns3 =\n    addressing_style = path\nrequest_checksum_calculation = when_required\nresponse_checksum_validation = when_required\n',
    );
    const env = {
      AWS_ACCESS_KEY_ID: session.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
      AWS_SESSION_TOKEN: session.sessionToken,
      AWS_CONFIG_FILE: config,
    };
    const viaGateway = { ...anchorage, url: gatewayUrl };
    const file = join(dir, 'report.csv');
    writeFileSync(file, 'quarter,revenue\nq3,42\n');
    const put = await aws(
      viaGateway,
      ['s3api', 'put-object', '--bucket', 'team-bucket', '--key', 'shared/report.csv', '--body', file],
      env,
    );
    assert.equal(put.exitCode, 0, put.stderr);
    const out = join(dir, 'copy.csv');
    const get = await aws(
      viaGateway,
      ['s3api', 'get-object', '--bucket', 'team-bucket', '--key', 'shared/report.csv', out],
      env,
    );
    assert.equal(get.exitCode, 0, get.stderr);
    assert.equal(readFileSync(out, 'utf8'), 'quarter,revenue\nq3,42\n');
    const denied = await aws(
      viaGateway,
      ['s3api', 'put-object', '--bucket', 'team-bucket', '--key', 'private/x', '--body', file],
      env,
    );
    assert.equal(denied.errorCode, 'AccessDenied', denied.stderr);
    const admin = await aws(
      viaGateway,
      ['s3api', 'get-object', '--bucket', 'team-bucket', '--key', 'shared/report.csv', out],
      {
        ...env,
        AWS_SESSION_TOKEN: 'not-a-token',
      },
    );
    assert.equal(admin.errorCode, 'UnrecognizedClientException', admin.stderr);
  });

  test('fail/a malformed question: 400 ValidationException naming the member, and nothing is decided', async () => {
    const admin = readAdminCredentials(anchorage.credentialsFile);
    const url = new URL('/authorize', anchorage.url);
    const ask = async (question: unknown) => {
      const body = JSON.stringify(question);
      const signed = signRequest(
        {
          method: 'POST',
          rawPath: '/authorize',
          rawQuery: '',
          headers: [
            ['host', url.host],
            ['content-type', 'application/json'],
          ],
          payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
        },
        { ...admin, region: 'us-east-1', service: 'anchorage', now: Date.now() },
      );
      const response = await fetch(url, {
        method: 'POST',
        headers: Object.fromEntries(signed.headers.filter(([n]) => n !== 'host')),
        body,
      });
      return {
        status: response.status,
        type: response.headers.get('x-amzn-errortype'),
        json: (await response.json()) as Record<string, unknown>,
      };
    };
    const request = {
      method: 'GET',
      path: '/x',
      query: '',
      headers: [],
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };
    const base = { request, service: 'widgets', region: 'us-east-1', action: 'widgets:Get', resource: '*' };
    for (const [question, part] of [
      [{ ...base, request: 'nope' }, 'request must be an object'],
      [{ ...base, request: { ...request, headers: [['a']] } }, 'request.headers.1'],
      [{ ...base, request: { ...request, payloadHash: 'abc' } }, 'payloadHash'],
      [{ ...base, action: 7 }, 'action'],
      [{ ...base, context: { 'aws:SourceIp': 5 } }, 'context.aws:SourceIp'],
    ] as const) {
      const answer = await ask(question);
      assert.equal(answer.status, 400, JSON.stringify(answer.json));
      assert.equal(answer.type, 'ValidationException');
      assert.ok(String(answer.json.message).includes(part), `${answer.json.message} should mention ${part}`);
      assert.equal(answer.json.decision, undefined);
    }
  });

  test('fail/the endpoint itself: unsigned, or asked by a session without anchorage:Authorize', async () => {
    const unsigned = await fetch(`${anchorage.url}/authorize`, { method: 'POST', body: '{}' });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const body = JSON.stringify({});
    const url = new URL('/authorize', anchorage.url);
    const signed = signRequest(
      {
        method: 'POST',
        rawPath: '/authorize',
        rawQuery: '',
        headers: [
          ['host', url.host],
          ['content-type', 'application/json'],
        ],
        payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
      },
      { ...session, region: 'us-east-1', service: 'anchorage', now: Date.now() },
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: Object.fromEntries(signed.headers.filter(([n]) => n !== 'host')),
      body,
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.match(((await response.json()) as { message: string }).message, /anchorage:Authorize/);
  });
});
