/**
 * STS through @aws-sdk/client-sts, and temporary credentials used by @aws-sdk/client-iam and
 * @aws-sdk/client-rolesanywhere: AssumeRole, role chaining, GetCallerIdentity, and the SDK's
 * view of the refusals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListProfilesCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  MalformedPolicyDocumentException,
  STSClient,
} from '@aws-sdk/client-sts';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/SdkRole`;

interface Temporary extends AccessKey {
  readonly sessionToken: string;
}

async function rejectsWithName(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { name: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, name, String(error));
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe('AWS SDK for JavaScript: STS and temporary credentials', () => {
  let server: ServerProcess;
  let admin: AccessKey;
  const clients: { destroy(): void }[] = [];
  const sts = (credentials: AccessKey | Temporary) => {
    const client = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const iam = (credentials: AccessKey | Temporary) => {
    const client = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startServer();
    admin = readAdminCredentials(server.credentialsFile);
    await iam(admin).send(
      new CreateRoleCommand({
        RoleName: 'SdkRole',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await iam(admin).send(
      new PutRolePolicyCommand({
        RoleName: 'SdkRole',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'sts:AssumeRole'], Resource: '*' }],
        }),
      }),
    );
  });

  after(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });

  const assumeAs = async (credentials: AccessKey | Temporary, session: string): Promise<Temporary> => {
    const out = await sts(credentials).send(
      new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: session }),
    );
    assert.ok(out.Credentials?.Expiration instanceof Date, 'Expiration parses as a date');
    return {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken ?? '',
    };
  };

  test('ok/AssumeRole, then the session calls STS, IAM and Roles Anywhere with the SDK', async () => {
    const session = await assumeAs(admin, 'sdk-session');
    const me = await sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SdkRole/sdk-session`);
    assert.equal(me.Account, ACCOUNT);
    assert.match(me.UserId ?? '', /^AROA[A-Z2-7]{17}:sdk-session$/);
    assert.equal((await iam(session).send(new GetRoleCommand({ RoleName: 'SdkRole' }))).Role?.Arn, ROLE);
    const ra = new RolesAnywhereClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: session,
      maxAttempts: 1,
    });
    clients.push(ra);
    await rejectsWithName(ra.send(new ListProfilesCommand({})), 'AccessDeniedException', 403);
  });

  test('ok/role chaining through the SDK: the chained session is a session of the same role', async () => {
    const first = await assumeAs(admin, 'first');
    // SdkRole trusts the account, and the first session's policy allows sts:AssumeRole.
    const second = await assumeAs(first, 'second');
    const me = await sts(second).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/SdkRole/second`);
  });

  test('fail/the SDK sees AWS error codes: AccessDenied, MalformedPolicyDocument, SignatureDoesNotMatch, InvalidClientTokenId', async () => {
    const session = await assumeAs(admin, 'refusals');
    await rejectsWithName(
      iam(session).send(new CreateRoleCommand({ RoleName: 'nope', AssumeRolePolicyDocument: '{}' })),
      'AccessDenied',
      403,
    );
    await assert.rejects(
      sts(admin).send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'bad', Policy: '{"Statement":[]}' }),
      ),
      (error: unknown) => error instanceof MalformedPolicyDocumentException,
    );
    await rejectsWithName(
      sts({ ...session, secretAccessKey: 'y'.repeat(40) }).send(new GetCallerIdentityCommand({})),
      'SignatureDoesNotMatch',
      403,
    );
    await rejectsWithName(
      sts({ ...session, sessionToken: `${session.sessionToken.slice(0, -4)}AAAA` }).send(
        new GetCallerIdentityCommand({}),
      ),
      'InvalidClientTokenId',
      403,
    );
  });
});
