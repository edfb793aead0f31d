/**
 * Real clients against the server (fake credential source): botocore through IMDSv2 and the
 * container endpoint, and the AWS SDK for JavaScript v3's fromContainerMetadata and
 * fromInstanceMetadata (@aws-sdk/credential-provider-imds, installed with @aws-sdk/client-sts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { fromContainerMetadata, fromInstanceMetadata } from '@aws-sdk/credential-provider-imds';
import { type CredentialServer, startCredentialServer } from '../src/serve/credential-server.ts';
import type { SessionCredentials } from '../src/session/session-credentials.ts';

const run = promisify(execFile);
const ROLE_ARN = 'arn:aws:iam::123456789012:role/clients/Reader';
const CONTAINER_TOKEN = 'Zm9vYmFyYmF6cXV4LWNvbnRhaW5lci10b2tlbg';
const FAKE: SessionCredentials = {
  accessKeyId: 'ASIAFAKEFAKEFAKEFAKE',
  secretAccessKey: 'fake/secret+key/0123456789abcdefghijkl',
  sessionToken: 'fake-session-token-for-client-tests',
  // An hour out, so no client thinks it needs an immediate refresh.
  expiration: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
};

const BOTOCORE_SCRIPT = `
import json, botocore.session
credentials = botocore.session.get_session().get_credentials()
if credentials is None:
    print(json.dumps(None))
else:
    frozen = credentials.get_frozen_credentials()
    print(json.dumps({"accessKey": frozen.access_key, "secretKey": frozen.secret_key,
                      "token": frozen.token, "method": credentials.method}))
`;

interface BotocoreResult {
  accessKey: string;
  secretKey: string;
  token: string;
  method: string;
}

let python: string;
let home: string;

/** botocore in a clean environment: no credentials anywhere but what `env` points at. */
async function botocore(env: Record<string, string>): Promise<BotocoreResult | null> {
  const { stdout } = await run(python, ['-c', BOTOCORE_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_CONFIG_FILE: '/dev/null',
      ...env,
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as BotocoreResult | null;
}

/** Sets environment variables for the duration of `body` (the JS SDK reads process.env per call). */
async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function start(
  t: { after(fn: () => Promise<void>): void },
  options: { host?: string; fail?: boolean } = {},
): Promise<{ server: CredentialServer; requests: string[] }> {
  const requests: string[] = [];
  const server = await startCredentialServer({
    source: {
      get: async () => {
        if (options.fail === true) throw new Error('refresh failed');
        return FAKE;
      },
    },
    roleArn: ROLE_ARN,
    host: options.host ?? '127.0.0.1',
    port: 0,
    hopLimit: 64,
    containerToken: CONTAINER_TOKEN,
    log: (_level, message, fields) => {
      if (message === 'credential endpoint request')
        requests.push(`${fields?.status} ${fields?.method} ${fields?.path}`);
    },
  });
  t.after(() => server.close());
  return { server, requests };
}

describe('serve: real clients', () => {
  before(async () => {
    const { stdout } = await run('python3', ['-c', 'import sys; print(sys.executable)']);
    python = stdout.trim(); // the interpreter itself: a pyenv shim would need the real HOME
    home = mkdtempSync(join(tmpdir(), 'anchorage-serve-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  test('ok/botocore gets the credentials through IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT)', async (t) => {
    const { server, requests } = await start(t);
    const result = await botocore({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` });
    assert.deepEqual(result, {
      accessKey: FAKE.accessKeyId,
      secretKey: FAKE.secretAccessKey,
      token: FAKE.sessionToken,
      method: 'iam-role',
    });
    // A botocore that tries security-credentials-extended first must get 404 there and fall back.
    for (const line of requests.filter((r) => r.includes('security-credentials-extended'))) {
      assert.match(line, /^404 /);
    }
    assert.ok(requests.includes('200 PUT /latest/api/token'), requests.join('\n'));
    assert.ok(
      requests.includes('200 GET /latest/meta-data/iam/security-credentials/Reader'),
      requests.join('\n'),
    );
  });

  test('ok/botocore through IMDSv2 on an IPv6 loopback bind', async (t) => {
    const { server } = await start(t, { host: '::1' });
    const result = await botocore({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` });
    assert.equal(result?.accessKey, FAKE.accessKeyId);
  });

  test('fail/botocore finds no credentials when the source fails (500, not empty Success)', async (t) => {
    const { server } = await start(t, { fail: true });
    assert.equal(await botocore({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` }), null);
  });

  test('ok/botocore gets the credentials from the container endpoint, on 127.0.0.1 and [::1]', async (t) => {
    for (const host of ['127.0.0.1', '::1']) {
      const { server } = await start(t, { host });
      const result = await botocore({
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN,
      });
      assert.deepEqual(result, {
        accessKey: FAKE.accessKeyId,
        secretKey: FAKE.secretAccessKey,
        token: FAKE.sessionToken,
        method: 'container-role',
      });
    }
  });

  test('ok/JS SDK fromContainerMetadata gets the credentials', async (t) => {
    const { server } = await start(t);
    const credentials = await withEnv(
      {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/credentials`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN,
      },
      () => fromContainerMetadata()(),
    );
    assert.equal(credentials.accessKeyId, FAKE.accessKeyId);
    assert.equal(credentials.secretAccessKey, FAKE.secretAccessKey);
    assert.equal(credentials.sessionToken, FAKE.sessionToken);
    assert.equal(credentials.expiration?.toISOString(), new Date(FAKE.expiration).toISOString());
  });

  test('fail/JS SDK fromContainerMetadata with a wrong token is refused (401)', async (t) => {
    const { server } = await start(t);
    await assert.rejects(
      withEnv(
        {
          AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/credentials`,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: 'wrong',
        },
        () => fromContainerMetadata()(),
      ),
      { statusCode: 401 },
    );
  });

  test('fail/JS SDK 3.x fromContainerMetadata refuses a [::1] URI (hence the note describeEndpoints prints)', async (t) => {
    const { server } = await start(t, { host: '::1' });
    await assert.rejects(
      withEnv(
        {
          AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/credentials`,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN,
        },
        () => fromContainerMetadata()(),
      ),
      /not a valid container metadata service hostname/,
    );
  });

  test('ok/JS SDK fromInstanceMetadata gets the credentials through IMDSv2, on 127.0.0.1 and [::1]', async (t) => {
    for (const host of ['127.0.0.1', '::1']) {
      const { server, requests } = await start(t, { host });
      const credentials = await withEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` }, () =>
        fromInstanceMetadata()(),
      );
      assert.equal(credentials.accessKeyId, FAKE.accessKeyId, host);
      assert.equal(credentials.sessionToken, FAKE.sessionToken, host);
      assert.ok(requests.includes('200 PUT /latest/api/token'), 'it used IMDSv2, not v1');
    }
  });
});
