/**
 * The CreateSession client against hostile or failing servers (a fake one on loopback): the
 * request it sends is the official helper's shape and verifies with the core's verifier; garbage,
 * oversized and incomplete answers are errors, not crashes; 5xx and throttling are retried,
 * refusals are not; a server that never answers times out.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { parseAuthorization } from '@anchorage/core/sigv4/authorization';
import { verifyX509RequestSignature } from '@anchorage/core/sigv4/verify-x509';
import { issue } from '../../../server/test/support/certificates.ts';
import { HelperError } from '../../src/helper-error.ts';
import { keyIdentity } from '../../src/identity/key-identity.ts';
import { createSession } from '../../src/session/create-session.ts';
import { resolveSessionTarget } from '../../src/session/session-target.ts';

const root = issue({ subject: [['CN', 'Client Test Root']], ca: true, keyType: 'p256' });
const leaf = issue({ subject: [['CN', 'client-test']], issuer: root, keyType: 'p256' });
const identity = keyIdentity(leaf.privateKey, leaf.der, [root.der]);

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = () => {};
const requests: Array<{
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: string;
}> = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => {
    body += c.toString();
  });
  req.on('end', () => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
    });
    handler(req, body, res);
  });
});
let endpoint = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/base`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const target = () =>
  resolveSessionTarget(
    {
      trustAnchorArn:
        'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11',
      profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/7d3f1c2b-9e4a-4c1d-8b6e-2f5a9c0d1e22',
      roleArn: 'arn:aws:iam::123456789012:role/team/Workload+Role=1,a@b',
      endpoint,
      durationSeconds: 900,
      roleSessionName: 'my-session',
    },
    {},
  );
const transport = {
  noVerifySsl: false,
  withProxy: false,
  env: {},
  userAgent: 'test',
  sleep: async () => {},
  timeoutMs: 2000,
};

const ok = (res: ServerResponse) => {
  res.writeHead(201, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      credentialSet: [
        {
          assumedRoleUser: {
            arn: 'arn:aws:sts::123456789012:assumed-role/Workload/s',
            assumedRoleId: 'AROA:s',
          },
          credentials: {
            accessKeyId: 'ASIAEXAMPLE',
            secretAccessKey: 'secret',
            sessionToken: 'token',
            expiration: '2030-01-01T00:00:00Z',
          },
          packedPolicySize: 0,
          roleArn: 'arn:aws:iam::123456789012:role/team/Workload+Role=1,a@b',
          sourceIdentity: 'CN=client-test',
        },
      ],
      subjectArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:subject/x',
    }),
  );
};

test("ok/the request has the official helper's shape: ARNs in the query, duration and session name in the body, chain header, base path kept", async () => {
  requests.length = 0;
  handler = (_req, _body, res) => ok(res);
  const result = await createSession(identity, target(), transport);
  assert.equal(result.accessKeyId, 'ASIAEXAMPLE');
  assert.equal(result.expiration, '2030-01-01T00:00:00Z');
  const [sent] = requests;
  assert.equal(sent?.method, 'POST');
  assert.equal(
    sent?.url,
    '/base/sessions?profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Aprofile%2F7d3f1c2b-9e4a-4c1d-8b6e-2f5a9c0d1e22&roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fteam%2FWorkload%2BRole%3D1%2Ca%40b&trustAnchorArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A123456789012%3Atrust-anchor%2F4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11',
  );
  assert.equal(sent?.body, '{"durationSeconds":900,"roleSessionName":"my-session"}');
  assert.equal(sent?.headers['content-type'], 'application/json');
  assert.equal(sent?.headers['x-amz-x509'], leaf.der.toString('base64'));
  assert.equal(sent?.headers['x-amz-x509-chain'], root.der.toString('base64'));
  assert.match(
    String(sent?.headers.authorization),
    new RegExp(
      `^AWS4-X509-ECDSA-SHA256 Credential=${leaf.serial}/\\d{8}/us-east-1/rolesanywhere/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, Signature=[0-9a-f]+$`,
    ),
  );
  // The server's own verifier accepts it, with canonical URI /sessions whatever the base path.
  const [rawPath = '', rawQuery = ''] = (sent?.url ?? '').split('?');
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < (sent?.rawHeaders.length ?? 0); i += 2)
    pairs.push([sent?.rawHeaders[i] ?? '', sent?.rawHeaders[i + 1] ?? '']);
  const verified = verifyX509RequestSignature(
    {
      method: 'POST',
      rawPath,
      rawQuery,
      headers: pairs,
      payloadSha256Hex: createHash('sha256')
        .update(sent?.body ?? '')
        .digest('hex'),
    },
    { authorization: parseAuthorization(String(sent?.headers.authorization)), publicKey: leaf.publicKey },
  );
  assert.equal(verified, true);
});

const failures: Array<[string, Handler, RegExp, boolean]> = [
  ['a body that is not JSON', (_q, _b, res) => res.writeHead(201).end('<html>'), /not JSON/, false],
  [
    'an empty credentialSet',
    (_q, _b, res) => res.writeHead(201).end('{"credentialSet":[]}'),
    /unable to obtain temporary security credentials/,
    false,
  ],
  [
    'credentials with a field missing',
    (_q, _b, res) =>
      res
        .writeHead(201)
        .end(
          '{"credentialSet":[{"credentials":{"accessKeyId":"A","secretAccessKey":"s","expiration":"2030-01-01T00:00:00Z"}}]}',
        ),
    /unable to obtain temporary security credentials/,
    false,
  ],
  [
    'a body larger than 1 MiB',
    (_q, _b, res) => res.writeHead(201).end('x'.repeat(2 * 1024 * 1024)),
    /larger than 1 MiB/,
    false,
  ],
  [
    'a refusal (403), not retried',
    (_q, _b, res) =>
      res
        .writeHead(403, { 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'req-1' })
        .end('{"message":"Certificate revoked"}'),
    /HTTP 403, request id req-1\): AccessDeniedException: Certificate revoked — .*CRL/,
    false,
  ],
  [
    'a server error (500), retried and then reported as passing',
    (_q, _b, res) => res.writeHead(500).end('{"message":"boom"}'),
    /HTTP 500/,
    true,
  ],
  [
    'throttling (429), retried',
    (_q, _b, res) =>
      res.writeHead(429, { 'x-amzn-errortype': 'ThrottlingException' }).end('{"message":"Rate exceeded"}'),
    /ThrottlingException: Rate exceeded/,
    true,
  ],
  ['a connection reset', (req) => req.socket.destroy(), /cannot reach .* for CreateSession/, true],
];
for (const [label, failing, message, transient] of failures) {
  test(`fail/${label}`, async () => {
    requests.length = 0;
    handler = failing;
    await assert.rejects(createSession(identity, target(), transport), (e: unknown) => {
      assert.ok(e instanceof HelperError);
      assert.match(e.message, message);
      assert.equal(e.transient, transient);
      return true;
    });
    assert.equal(
      requests.length,
      transient ? 3 : 1,
      'passing failures are retried three times in all, refusals not',
    );
  });
}

test('ok/a 503 followed by success: the retry succeeds', async () => {
  requests.length = 0;
  let calls = 0;
  handler = (_q, _b, res) => (++calls === 1 ? res.writeHead(503).end('{}') : ok(res));
  assert.equal((await createSession(identity, target(), transport)).accessKeyId, 'ASIAEXAMPLE');
  assert.equal(requests.length, 2);
  // Each attempt is a request of its own (signed attempt header), so no replay cache takes the
  // retry for the first attempt sent again.
  const [first, second] = requests;
  assert.equal(first?.headers['amz-sdk-request'], 'attempt=1; max=3');
  assert.equal(second?.headers['amz-sdk-request'], 'attempt=2; max=3');
  assert.match(String(first?.headers['amz-sdk-invocation-id']), /^[0-9a-f-]{36}$/);
  assert.equal(first?.headers['amz-sdk-invocation-id'], second?.headers['amz-sdk-invocation-id']);
  assert.notEqual(first?.headers.authorization, second?.headers.authorization);
});

test('ok/two calls with one RSA key in the same second are distinct requests (PKCS#1 v1.5 is deterministic)', async () => {
  const rsaLeaf = issue({ subject: [['CN', 'rsa-client']], issuer: root, keyType: 'rsa2048' });
  const rsaIdentity = keyIdentity(rsaLeaf.privateKey, rsaLeaf.der, [root.der]);
  const sameSecond = { ...transport, now: () => Date.UTC(2030, 0, 1) };
  requests.length = 0;
  handler = (_q, _b, res) => ok(res);
  await createSession(rsaIdentity, target(), sameSecond);
  await createSession(rsaIdentity, target(), sameSecond);
  assert.equal(requests.length, 2);
  assert.equal(requests[0]?.headers['x-amz-date'], requests[1]?.headers['x-amz-date']);
  assert.notEqual(requests[0]?.headers.authorization, requests[1]?.headers.authorization);
});

test('fail/a server that never answers times out instead of hanging', async () => {
  handler = () => {};
  await assert.rejects(
    createSession(identity, target(), { ...transport, timeoutMs: 200, maxAttempts: 1 }),
    /no answer within 200 ms/,
  );
});
