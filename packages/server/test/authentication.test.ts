/**
 * Every control-plane request must carry a valid SigV4 signature by a known key. Missing,
 * malformed, stale and forged signatures are refused with AWS's error types and statuses, and
 * change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { makeCa } from './support/pki.ts';
import { type PreparedRequest, send, signWithSdk } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

describe('control-plane authentication', () => {
  let server: ServerProcess;
  let credentials: AccessKey;
  let createBody: unknown;

  before(async () => {
    server = await startServer();
    credentials = readAdminCredentials(server.credentialsFile);
    createBody = {
      name: 'should-not-exist',
      enabled: true,
      source: {
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: makeCa('Auth Root').certPem },
      },
    };
  });

  after(async () => {
    await server?.stop();
  });

  const create = (options: { signingDate?: Date; region?: string; service?: string; key?: AccessKey } = {}) =>
    signWithSdk(server.url, options.key ?? credentials, 'POST', '/trustanchors', {
      body: createBody,
      ...options,
    });

  async function refused(
    request: PreparedRequest,
    status: number,
    type: string,
    message?: RegExp,
  ): Promise<void> {
    const response = await send(request);
    assert.equal(response.status, status);
    assert.equal(response.headers.get('x-amzn-errortype'), type);
    assert.ok(response.headers.get('x-amzn-requestid'));
    assert.equal(typeof response.json.message, 'string');
    if (message !== undefined) assert.match(String(response.json.message), message);
  }

  test('ok/a correctly signed read succeeds (the baseline the refusals differ from)', async () => {
    const response = await send(await signWithSdk(server.url, credentials, 'GET', '/trustanchors'));
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.trustAnchors, []);
  });

  test('fail/no Authorization header: 403 MissingAuthenticationTokenException', async () => {
    const request = await create();
    delete request.headers.authorization;
    await refused(request, 403, 'MissingAuthenticationTokenException', /Missing Authentication Token/);
  });

  test('fail/malformed Authorization headers: 400 IncompleteSignatureException', async () => {
    for (const value of [
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE',
      'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00',
      'Bearer abc',
    ]) {
      const request = await create();
      request.headers.authorization = value;
      const response = await send(request);
      assert.ok([400, 403].includes(response.status), `${value}: ${response.status}`);
      assert.match(
        String(response.headers.get('x-amzn-errortype')),
        /IncompleteSignature|InvalidSignature|MissingAuthenticationToken/,
      );
    }
    const request = await create();
    request.headers.authorization = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE';
    await refused(request, 400, 'IncompleteSignatureException');
  });

  test('fail/a signature older than 5 minutes: 403 InvalidSignatureException "Signature expired"', async () => {
    await refused(
      await create({ signingDate: new Date(Date.now() - 6 * 60_000) }),
      403,
      'InvalidSignatureException',
      /Signature expired/,
    );
    await refused(
      await create({ signingDate: new Date(Date.now() + 6 * 60_000) }),
      403,
      'InvalidSignatureException',
      /Signature not yet current/,
    );
  });

  test('fail/forged: body, header or signature changed after signing: 403 InvalidSignatureException', async () => {
    const tamperedBody = await create();
    tamperedBody.body = tamperedBody.body?.replace('should-not-exist', 'forged-anchor');
    await refused(tamperedBody, 403, 'InvalidSignatureException', /signature we calculated does not match/);

    const tamperedSignature = await create();
    tamperedSignature.headers.authorization =
      tamperedSignature.headers.authorization?.replace(
        /Signature=([0-9a-f])/,
        (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`,
      ) ?? '';
    await refused(tamperedSignature, 403, 'InvalidSignatureException');

    const tamperedPath = await create();
    tamperedPath.url = tamperedPath.url.replace('/trustanchors', '/profiles');
    await refused(tamperedPath, 403, 'InvalidSignatureException');
  });

  test('fail/a wrong secret or an unknown key', async () => {
    await refused(
      await create({ key: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'x'.repeat(40) } }),
      403,
      'InvalidSignatureException',
    );
    await refused(
      await create({
        key: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: credentials.secretAccessKey },
      }),
      403,
      'UnrecognizedClientException',
    );
  });

  test('fail/a credential scoped to another region or service', async () => {
    await refused(await create({ region: 'eu-west-1' }), 403, 'InvalidSignatureException', /region/);
    await refused(await create({ service: 'iam' }), 403, 'InvalidSignatureException', /service/);
  });

  test('ok/none of the refused requests changed the store', async () => {
    const response = await send(await signWithSdk(server.url, credentials, 'GET', '/trustanchors'));
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.trustAnchors, []);
  });

  test('ok/every refusal was logged with its precise reason and request id', () => {
    const refusals = server.logs.filter((l) => l.msg === 'request' && typeof l.errorType === 'string');
    assert.ok(refusals.length >= 10);
    for (const entry of refusals) {
      assert.equal(typeof entry.requestId, 'string');
      assert.equal(typeof entry.reason, 'string');
    }
    const secret = credentials.secretAccessKey;
    assert.ok(!JSON.stringify(server.logs).includes(secret), 'the secret key never appears in the logs');
  });
});
