/**
 * The query protocol on `POST /`, below what the CLI and SDK let one send: requests signed with
 * the AWS SDK's own SigV4 signer, then sent as crafted. Covers the choice of IAM or STS by the
 * credential scope, the accepted scope regions, Action and Version, hostile form bodies, XML
 * errors for every refusal, and that refused requests change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Hash } from '@aws-sdk/hash-node';
import { HttpRequest } from '@aws-sdk/protocol-http';
import { SignatureV4 } from '@aws-sdk/signature-v4';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly requestId: string | null;
  readonly contentType: string | null;
}

interface SendOptions {
  readonly service?: string;
  readonly region?: string;
  readonly contentType?: string | null;
  readonly credentials?: AccessKey;
  readonly tamper?: (body: string) => string;
  readonly unsigned?: boolean;
}

function form(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

function errorCode(reply: Reply): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(reply.text)?.[1];
}

describe('query protocol on POST /', () => {
  let server: ServerProcess;
  let credentials: AccessKey;

  async function post(body: string, options: SendOptions = {}): Promise<Reply> {
    const url = new URL(server.url);
    const contentType = options.contentType === undefined ? FORM : options.contentType;
    const headers: Record<string, string> = {
      host: url.host,
      ...(contentType === null ? {} : { 'content-type': contentType }),
    };
    let sentHeaders = headers;
    if (options.unsigned !== true) {
      const request = new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers,
        body,
      });
      const signer = new SignatureV4({
        credentials: options.credentials ?? credentials,
        region: options.region ?? 'us-east-1',
        service: options.service ?? 'iam',
        sha256: Hash.bind(null, 'sha256'),
      });
      sentHeaders = { ...(await signer.sign(request)).headers };
    }
    delete sentHeaders.host;
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: sentHeaders,
      body: options.tamper === undefined ? body : options.tamper(body),
    });
    return {
      status: response.status,
      text: await response.text(),
      requestId: response.headers.get('x-amzn-requestid'),
      contentType: response.headers.get('content-type'),
    };
  }

  function refused(reply: Reply, status: number, code: string, message?: string | RegExp): void {
    assert.equal(reply.status, status, reply.text);
    assert.equal(errorCode(reply), code, reply.text);
    assert.equal(reply.contentType, 'text/xml');
    assert.match(reply.text, /^<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type>/);
    assert.ok(
      reply.text.includes(`<RequestId>${reply.requestId}</RequestId>`),
      'the XML carries the header request id',
    );
    if (typeof message === 'string') assert.ok(reply.text.includes(message), reply.text);
    else if (message !== undefined) assert.match(reply.text, message);
  }

  before(async () => {
    server = await startServer({ args: ['--region', 'eu-west-1'] });
    credentials = readAdminCredentials(server.credentialsFile);
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/the credential scope picks the API: iam → IAM namespace, sts → STS namespace', async () => {
    const iam = await post(form({ Action: 'ListRoles', Version: '2010-05-08' }));
    assert.equal(iam.status, 200, iam.text);
    assert.equal(iam.contentType, 'text/xml');
    assert.equal(
      iam.text,
      `<ListRolesResponse xmlns="${IAM_NS}"><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult>` +
        `<ResponseMetadata><RequestId>${iam.requestId}</RequestId></ResponseMetadata></ListRolesResponse>`,
    );
    const sts = await post(form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }), {
      service: 'sts',
      region: 'eu-west-1',
    });
    assert.equal(sts.status, 200, sts.text);
    assert.match(
      sts.text,
      new RegExp(`^<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>`),
    );
    assert.match(sts.text, /<Arn>arn:aws:iam::000000000000:root<\/Arn>/);
    const log = await server.waitForLog((l) => l.requestId === sts.requestId);
    assert.equal(log.service, 'sts');
    assert.equal(log.operation, 'GetCallerIdentity');
    assert.equal(log.status, 200);
  });

  test('ok/IAM and STS accept a scope region of us-east-1 or the configured region; others are refused', async () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      assert.equal(
        (await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), { region })).status,
        200,
        region,
      );
      const sts = await post(form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }), {
        service: 'sts',
        region,
      });
      assert.equal(sts.status, 200, region);
    }
    refused(
      await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), { region: 'us-west-2' }),
      403,
      'SignatureDoesNotMatch',
      'Credential should be scoped to a valid region.',
    );
    refused(
      await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), { service: 's3' }),
      403,
      'SignatureDoesNotMatch',
      'Credential should be scoped to correct service: &apos;iam&apos;.',
    );
  });

  test('fail/authentication refusals are XML errors with the query codes', async () => {
    refused(
      await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), { unsigned: true }),
      403,
      'MissingAuthenticationToken',
    );
    refused(
      await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), {
        tamper: (b) => b.replace('ListRoles', 'ListRolez'),
      }),
      403,
      'SignatureDoesNotMatch',
    );
    refused(
      await post(form({ Action: 'ListRoles', Version: '2010-05-08' }), {
        credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) },
      }),
      403,
      'InvalidClientTokenId',
    );
  });

  test('fail/a missing or unknown Action, a wrong or missing Version, an operation not served: InvalidAction', async () => {
    refused(
      await post(form({ Version: '2010-05-08' })),
      400,
      'InvalidAction',
      'must contain the parameter Action',
    );
    refused(
      await post(form({ Action: 'CreateUser', Version: '2010-05-08' })),
      400,
      'InvalidAction',
      'Could not find operation CreateUser for version 2010-05-08',
    );
    refused(
      await post(form({ Action: 'GetRole', Version: '2011-06-15', RoleName: 'x' })),
      400,
      'InvalidAction',
      'Could not find operation GetRole for version 2011-06-15',
    );
    refused(
      await post(form({ Action: 'GetRole', RoleName: 'x' })),
      400,
      'InvalidAction',
      'Could not find operation GetRole for version NO_VERSION_SPECIFIED',
    );
    // IAM operations are not STS operations; STS operations Anchorage does not serve are unknown.
    refused(
      await post(form({ Action: 'GetRole', Version: '2010-05-08', RoleName: 'x' }), { service: 'sts' }),
      400,
      'InvalidAction',
    );
    const federation = await post(form({ Action: 'GetFederationToken', Version: '2011-06-15' }), {
      service: 'sts',
    });
    refused(federation, 400, 'InvalidAction');
    assert.match(federation.text, new RegExp(`^<ErrorResponse xmlns="${STS_NS}">`));
    const assume = await post(form({ Action: 'AssumeRole', Version: '2011-06-15' }), { service: 'sts' });
    refused(assume, 400, 'ValidationError');
    assert.match(assume.text, /Value null at &apos;RoleArn&apos;/);
    refused(await post(form({ Action: 'toString', Version: '2010-05-08' })), 400, 'InvalidAction');
    refused(await post(form({ Action: '__proto__', Version: '2010-05-08' })), 400, 'InvalidAction');
  });

  test('fail/hostile form bodies: another media type, bad escapes, repeats, wild list positions', async () => {
    const create = {
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'hostile',
      AssumeRolePolicyDocument: TRUST,
    };
    refused(
      await post(JSON.stringify(create), { contentType: 'application/json' }),
      400,
      'InvalidParameterValue',
    );
    refused(await post(`${form(create)}&Path=%E2%82`), 400, 'InvalidParameterValue', 'percent-encoding');
    refused(
      await post(`${form(create)}&RoleName=again`),
      400,
      'InvalidParameterValue',
      'appears more than once',
    );
    refused(
      await post(`${form(create)}&Tags.member.1001.Key=a&Tags.member.1001.Value=b`),
      400,
      'InvalidParameterValue',
    );
    refused(await post(`${form(create)}&Tags.member.0.Key=a`), 400, 'InvalidParameterValue');
    refused(await post(`${form(create)}&MaxSessionDuration=1e4`), 400, 'InvalidParameterValue');
    refused(
      await post(`${form(create)}&Tags.member.1.Key=%3Cx%3E&Tags.member.1.Value=v`),
      400,
      'ValidationError',
      'Value &apos;&lt;x&gt;&apos;',
    );
    refused(
      await post(`${form(create)}&Tags.member.1.Value=v`),
      400,
      'ValidationError',
      'Member must not be null',
    );
    const missing = await post(form({ Action: 'GetRole', Version: '2010-05-08', RoleName: 'hostile' }));
    // None of the refused requests created the role.
    refused(missing, 404, 'NoSuchEntity', 'The role with name hostile cannot be found.');
  });

  test('ok/form decoding of a signed body: + is a space, and an empty list is Name=', async () => {
    const body = `${form({ Action: 'CreateRole', Version: '2010-05-08', RoleName: 'spaces', AssumeRolePolicyDocument: TRUST })}&Description=two+words%21&Tags=`;
    const created = await post(body);
    assert.equal(created.status, 200, created.text);
    assert.match(created.text, /<Description>two words!<\/Description>/);
    assert.doesNotMatch(created.text, /<Tags>/);
    // The document comes back URL-encoded as IAM returns it.
    assert.ok(
      created.text.includes(
        `<AssumeRolePolicyDocument>${encodeURIComponent(TRUST)}</AssumeRolePolicyDocument>`,
      ),
    );
  });

  test('ok/rolesanywhere keeps its JSON errors: only POST / is the query protocol', async () => {
    const response = await fetch(`${server.url}/trustanchors`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await response.json(), { message: 'Missing Authentication Token' });
  });
});
