/**
 * STS and temporary credentials through the real AWS CLI: AssumeRole by the administrator, the
 * credentials used for IAM, STS and Roles Anywhere calls (allowed and denied by their policies),
 * role chaining with its limits, session policies, tags and source identity, and the refusals of
 * forged, tampered and expired credentials with AWS's error codes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import { aws, fails, ok } from './support/aws-cli.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import { sealWithServerKey } from './support/session-forge.ts';

const ACCOUNT = '000000000000';
const ARN = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const trustAccount = (
  actions: string[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
  condition?: object,
) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: ACCOUNT },
        Action: actions,
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  });
const allow = (actions: string[], resource = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
  });

interface Credentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: string;
}

function asEnv(
  c: Pick<Credentials, 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken'>,
): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: c.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
    AWS_SESSION_TOKEN: c.SessionToken,
  };
}

describe('STS and temporary credentials through the AWS CLI', () => {
  let server: ServerProcess;
  let reader: Credentials;
  let readerRoleId = '';
  const run = (args: string[], env: Record<string, string> = {}) => aws(server, args, env);
  const assume = async (
    role: string,
    session: string,
    extra: string[] = [],
    env: Record<string, string> = {},
  ) => run(['sts', 'assume-role', '--role-arn', ARN(role), '--role-session-name', session, ...extra], env);

  before(async () => {
    server = await startServer();
    const reader = ok(
      await run([
        'iam',
        'create-role',
        '--role-name',
        'Reader',
        '--assume-role-policy-document',
        trustAccount(),
      ]),
    );
    readerRoleId = String((reader.Role as Record<string, unknown>).RoleId);
    ok(
      await run([
        'iam',
        'put-role-policy',
        '--role-name',
        'Reader',
        '--policy-name',
        'read',
        '--policy-document',
        allow(['iam:Get*', 'iam:List*', 'rolesanywhere:List*', 'sts:AssumeRole']),
      ]),
    );
    ok(
      await run([
        'iam',
        'create-role',
        '--role-name',
        'Writer',
        '--assume-role-policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ARN('Reader') },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        }),
      ]),
    );
    ok(
      await run([
        'iam',
        'put-role-policy',
        '--role-name',
        'Writer',
        '--policy-name',
        'write',
        '--policy-document',
        allow(['iam:*']),
      ]),
    );
    ok(
      await run([
        'iam',
        'create-role',
        '--role-name',
        'Guarded',
        '--assume-role-policy-document',
        trustAccount(['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': 'expected-id' } }),
      ]),
    );
    ok(
      await run([
        'iam',
        'create-role',
        '--role-name',
        'Service',
        '--assume-role-policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'rolesanywhere.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      ]),
    );
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/the administrator assumes a role; GetCallerIdentity for both', async () => {
    const admin = ok(await run(['sts', 'get-caller-identity']));
    assert.deepEqual(admin, { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
    const out = ok(await assume('Reader', 'reader-1', ['--duration-seconds', '900']));
    reader = out.Credentials as Credentials;
    assert.match(reader.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(reader.SecretAccessKey.length, 40);
    const expires = Date.parse(reader.Expiration);
    assert.ok(Math.abs(expires - (Date.now() + 900_000)) < 60_000, reader.Expiration);
    assert.deepEqual(out.AssumedRoleUser, {
      AssumedRoleId: `${readerRoleId}:reader-1`,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/reader-1`,
    });
    const me = ok(await run(['sts', 'get-caller-identity'], asEnv(reader)));
    assert.deepEqual(me, {
      UserId: `${readerRoleId}:reader-1`,
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/reader-1`,
    });
  });

  test('ok/temporary credentials do what their policies allow, on IAM and on Roles Anywhere', async () => {
    assert.equal(
      (
        ok(await run(['iam', 'get-role', '--role-name', 'Writer'], asEnv(reader))).Role as Record<
          string,
          unknown
        >
      ).RoleName,
      'Writer',
    );
    ok(await run(['iam', 'list-roles'], asEnv(reader)));
    assert.deepEqual(ok(await run(['rolesanywhere', 'list-trust-anchors'], asEnv(reader))), {
      trustAnchors: [],
    });
  });

  test('fail/and nothing else: AccessDenied / AccessDeniedException naming the action and resource', async () => {
    fails(
      await run(
        ['iam', 'create-role', '--role-name', 'Sneaky', '--assume-role-policy-document', trustAccount()],
        asEnv(reader),
      ),
      'AccessDenied',
      `is not authorized to perform: iam:CreateRole on resource: ${ARN('Sneaky')}`,
    );
    fails(
      await run(
        ['iam', 'delete-role-policy', '--role-name', 'Reader', '--policy-name', 'read'],
        asEnv(reader),
      ),
      'AccessDenied',
    );
    fails(
      await run(
        ['rolesanywhere', 'create-profile', '--name', 'p', '--role-arns', ARN('Reader')],
        asEnv(reader),
      ),
      'AccessDeniedException',
      'rolesanywhere:CreateProfile',
    );
    assert.equal((ok(await run(['iam', 'list-roles'])).Roles as unknown[]).length, 4, 'nothing was created');
  });

  test('ok/role chaining: a session assumes a role that trusts its role; transitive tags and source identity carry over', async () => {
    const first = ok(
      await assume('Reader', 'chain-1', [
        '--tags',
        'Key=team,Value=blue',
        'Key=cost,Value=7',
        '--transitive-tag-keys',
        'team',
        '--source-identity',
        'alice',
      ]),
    );
    assert.equal(first.SourceIdentity, 'alice');
    const second = ok(await assume('Writer', 'chain-2', [], asEnv(first.Credentials as Credentials)));
    assert.equal(second.SourceIdentity, 'alice', 'the source identity is kept along the chain');
    const chained = second.Credentials as Credentials;
    const me = ok(await run(['sts', 'get-caller-identity'], asEnv(chained)));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/Writer/chain-2`);
    ok(
      await run(
        ['iam', 'tag-role', '--role-name', 'Guarded', '--tags', 'Key=by,Value=writer'],
        asEnv(chained),
      ),
    );
    const expires = Date.parse(chained.Expiration);
    assert.ok(expires <= Date.now() + 3600_000 + 5_000, 'a chained session lasts at most an hour');
  });

  test('fail/role chaining: more than an hour, a changed source identity, a role that does not trust the session', async () => {
    fails(
      await assume('Writer', 'too-long', ['--duration-seconds', '7200'], asEnv(reader)),
      'ValidationError',
      '1 hour session limit',
    );
    const withIdentity = ok(await assume('Reader', 'si', ['--source-identity', 'alice']));
    fails(
      await assume(
        'Writer',
        'si-2',
        ['--source-identity', 'mallory'],
        asEnv(withIdentity.Credentials as Credentials),
      ),
      'ValidationError',
      'source identity',
    );
    // Writer trusts sessions of Reader only: a session of Guarded (same account) is refused.
    const guarded = ok(await assume('Guarded', 'guarded', ['--external-id', 'expected-id']));
    fails(
      await assume('Writer', 'nope', [], asEnv(guarded.Credentials as Credentials)),
      'AccessDenied',
      'sts:AssumeRole',
    );
    // A session whose own policies allow sts:AssumeRole still needs a trust policy that names it.
    fails(await assume('Service', 'nope', [], asEnv(reader)), 'AccessDenied', 'sts:AssumeRole');
  });

  test('ok/session policies narrow what a session may do', async () => {
    const narrowed = ok(
      await assume('Reader', 'narrow', ['--policy', allow(['iam:GetRole'], ARN('Reader'))]),
    );
    const env = asEnv(narrowed.Credentials as Credentials);
    ok(await run(['iam', 'get-role', '--role-name', 'Reader'], env));
    fails(await run(['iam', 'get-role', '--role-name', 'Writer'], env), 'AccessDenied', 'session policy');
    fails(await run(['iam', 'list-roles'], env), 'AccessDenied');
  });

  test('fail/MFA parameters and session tags too large for a token', async () => {
    fails(
      await assume('Reader', 'mfa', [
        '--serial-number',
        `arn:aws:iam::${ACCOUNT}:mfa/alice`,
        '--token-code',
        '123456',
      ]),
      'ValidationError',
      'MFA',
    );
    // Fifty tags of incompressible values cannot travel in a session token.
    const noise = (i: number) =>
      randomBytes(180)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, 'x')
        .slice(0, 240) + i;
    const tags = Array.from({ length: 50 }, (_, i) => `Key=k${i},Value=${noise(i)}`);
    fails(await assume('Reader', 'fat', ['--tags', ...tags]), 'PackedPolicyTooLarge');
  });

  test('fail/trust policies decide: conditions, principals, and missing roles read as AccessDenied', async () => {
    fails(await assume('Guarded', 'no-external-id'), 'AccessDenied');
    fails(await assume('Guarded', 'wrong', ['--external-id', 'other-id']), 'AccessDenied');
    ok(await assume('Guarded', 'right', ['--external-id', 'expected-id']));
    fails(await assume('Service', 'not-a-service'), 'AccessDenied', 'sts:AssumeRole');
    fails(await assume('DoesNotExist', 'ghost'), 'AccessDenied', ARN('DoesNotExist'));
    fails(
      await assume('Guarded', 'tags', ['--external-id', 'expected-id', '--tags', 'Key=a,Value=b']),
      'AccessDenied',
      'sts:TagSession',
    );
    fails(
      await assume('Reader', 'xx', ['--duration-seconds', '7200']),
      'ValidationError',
      'MaxSessionDuration',
    );
    fails(await assume('Reader', 'xx', ['--policy', '{"Version":"2012-10-17"}']), 'MalformedPolicyDocument');
  });

  test('fail/forged, tampered, expired and foreign credentials', async () => {
    fails(
      await run(['sts', 'get-caller-identity'], { ...asEnv(reader), AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) }),
      'SignatureDoesNotMatch',
    );
    const token = reader.SessionToken;
    const flipped = `${token.slice(0, 60)}${token[60] === 'A' ? 'B' : 'A'}${token.slice(61)}`;
    fails(
      await run(['sts', 'get-caller-identity'], { ...asEnv(reader), AWS_SESSION_TOKEN: flipped }),
      'InvalidClientTokenId',
    );
    fails(
      await run(['sts', 'get-caller-identity'], { ...asEnv(reader), AWS_SESSION_TOKEN: 'FQoGZXIvYXdzEJr' }),
      'InvalidClientTokenId',
    );
    const other = ok(await assume('Reader', 'other')).Credentials as Credentials;
    fails(
      await run(['sts', 'get-caller-identity'], { ...asEnv(reader), AWS_SESSION_TOKEN: other.SessionToken }),
      'InvalidClientTokenId',
    );
    const { AWS_SESSION_TOKEN: _dropped, ...withoutToken } = asEnv(reader);
    fails(await run(['sts', 'get-caller-identity'], withoutToken), 'InvalidClientTokenId');

    const now = Date.now();
    const claims: SessionClaims = {
      accessKeyId: 'ASIAEXPIREDEXPIRED00',
      secretAccessKey: 'expired-secret-expired-secret-expired-00',
      partition: 'aws',
      accountId: ACCOUNT,
      roleArn: ARN('Reader'),
      roleId: readerRoleId,
      roleName: 'Reader',
      sessionName: 'expired',
      tags: [],
      transitiveTagKeys: [],
      sessionPolicyArns: [],
      issuedAt: now - 2 * 3600_000,
      expiresAt: now - 3600_000,
      chained: false,
      issuedBy: 'sts:AssumeRole',
    };
    const expired = await sealWithServerKey(server.dataDir, claims);
    fails(
      await run(['sts', 'get-caller-identity'], {
        AWS_ACCESS_KEY_ID: claims.accessKeyId,
        AWS_SECRET_ACCESS_KEY: claims.secretAccessKey,
        AWS_SESSION_TOKEN: expired,
      }),
      'ExpiredToken',
    );
    fails(
      await run(['rolesanywhere', 'list-profiles'], {
        AWS_ACCESS_KEY_ID: claims.accessKeyId,
        AWS_SECRET_ACCESS_KEY: claims.secretAccessKey,
        AWS_SESSION_TOKEN: expired,
      }),
      'ExpiredTokenException',
    );
  });

  test('fail/a session whose role was deleted may do nothing', async () => {
    const createEphemeral = async () => {
      ok(
        await run([
          'iam',
          'create-role',
          '--role-name',
          'Ephemeral',
          '--assume-role-policy-document',
          trustAccount(),
        ]),
      );
      const document = allow(['iam:*']);
      ok(
        await run([
          'iam',
          'put-role-policy',
          '--role-name',
          'Ephemeral',
          '--policy-name',
          'all',
          '--policy-document',
          document,
        ]),
      );
    };
    await createEphemeral();
    const session = asEnv(ok(await assume('Ephemeral', 'ephemeral')).Credentials as Credentials);
    ok(await run(['iam', 'list-roles'], session));
    ok(await run(['iam', 'delete-role-policy', '--role-name', 'Ephemeral', '--policy-name', 'all']));
    ok(await run(['iam', 'delete-role', '--role-name', 'Ephemeral']));
    // A role of the same name, made again, is another role: the old session gets nothing from it.
    await createEphemeral();
    fails(await run(['iam', 'list-roles'], session), 'AccessDenied', 'iam:ListRoles');
  });
});
