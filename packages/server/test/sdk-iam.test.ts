/**
 * Drives a representative set of IAM operations, and STS GetCallerIdentity, through the AWS SDK
 * for JavaScript v3 (@aws-sdk/client-iam, @aws-sdk/client-sts: the SDK's own query serializer and
 * XML parser): role and policy lifecycles, Marker pagination, simulation, and errors mapped to the
 * SDK's exception classes with their HTTP statuses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeleteConflictException,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PutRolePolicyCommand,
  paginateListRoles,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
});

async function rejectsWith(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => Error,
  status: number,
  name?: string,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    if (name !== undefined) assert.equal(error.name, name);
    assert.equal(
      (error as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode,
      status,
    );
    return true;
  });
}

describe('AWS SDK for JavaScript against IAM and STS', () => {
  let server: ServerProcess;
  let client: IAMClient;
  let credentials: AccessKey;

  before(async () => {
    server = await startServer();
    credentials = readAdminCredentials(server.credentialsFile);
    client = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  });

  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  test('ok/STS GetCallerIdentity through @aws-sdk/client-sts', async () => {
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(out.Account, ACCOUNT);
      assert.equal(out.UserId, ACCOUNT);
      assert.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:root`);
      assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    } finally {
      sts.destroy();
    }
  });

  test('ok/CreateRole, GetRole and ListRoles with Marker pagination, by hand and with the paginator', async () => {
    const created = await client.send(
      new CreateRoleCommand({
        RoleName: 'sdk-0',
        Path: '/sdk/',
        AssumeRolePolicyDocument: TRUST,
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'a+b c=d' }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.ok(created.Role?.CreateDate instanceof Date, 'timestamps parse as dates');
    assert.equal(created.Role?.Arn, `arn:aws:iam::${ACCOUNT}:role/sdk/sdk-0`);
    // The SDK leaves the URL-encoded document as IAM sends it.
    assert.equal(decodeURIComponent(created.Role?.AssumeRolePolicyDocument ?? ''), TRUST);
    for (let i = 1; i < 5; i++) {
      await client.send(
        new CreateRoleCommand({ RoleName: `sdk-${i}`, Path: '/sdk/', AssumeRolePolicyDocument: TRUST }),
      );
    }
    const got = await client.send(new GetRoleCommand({ RoleName: 'sdk-0' }));
    assert.deepEqual(got.Role?.Tags, [{ Key: 'team', Value: 'a+b c=d' }]);
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    assert.deepEqual(got.Role?.RoleLastUsed, {});

    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new ListRolesCommand({
          PathPrefix: '/sdk/',
          MaxItems: 2,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      pages++;
      names.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ''));
      assert.equal(page.IsTruncated, page.Marker !== undefined);
      marker = page.Marker;
    } while (marker !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(names, ['sdk-0', 'sdk-1', 'sdk-2', 'sdk-3', 'sdk-4']);

    const viaPaginator: string[] = [];
    for await (const page of paginateListRoles({ client, pageSize: 3 }, { PathPrefix: '/sdk/' })) {
      viaPaginator.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ''));
    }
    assert.deepEqual(viaPaginator, names);
    // A filter that stops exactly at the end reports no truncation.
    const exact = await client.send(new ListRolesCommand({ PathPrefix: '/sdk/', MaxItems: 5 }));
    assert.equal(exact.IsTruncated, false);
    assert.equal(exact.Marker, undefined);
  });

  test('ok/PutRolePolicy and GetRolePolicy round-trip the document', async () => {
    await client.send(
      new PutRolePolicyCommand({ RoleName: 'sdk-0', PolicyName: 'read', PolicyDocument: READ }),
    );
    const out = await client.send(new GetRolePolicyCommand({ RoleName: 'sdk-0', PolicyName: 'read' }));
    assert.equal(out.RoleName, 'sdk-0');
    assert.equal(decodeURIComponent(out.PolicyDocument ?? ''), READ);
  });

  test('ok/CreatePolicy, versions, attach, detach, and the counts that follow', async () => {
    const policy = (
      await client.send(new CreatePolicyCommand({ PolicyName: 'sdk-read', PolicyDocument: READ }))
    ).Policy;
    const arn = policy?.Arn ?? '';
    assert.equal(arn, `arn:aws:iam::${ACCOUNT}:policy/sdk-read`);
    assert.match(policy?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.equal(policy?.IsAttachable, true);
    const v2 = await client.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: READ, SetAsDefault: true }),
    );
    assert.deepEqual([v2.PolicyVersion?.VersionId, v2.PolicyVersion?.IsDefaultVersion], ['v2', true]);
    const versions = await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(
      versions.Versions?.map((v) => v.VersionId),
      ['v2', 'v1'],
    );
    const v1 = await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion?.Document ?? ''), READ);
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, false);

    await client.send(new AttachRolePolicyCommand({ RoleName: 'sdk-1', PolicyArn: arn }));
    assert.deepEqual(
      (await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'sdk-1' }))).AttachedPolicies,
      [{ PolicyName: 'sdk-read', PolicyArn: arn }],
    );
    assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    await rejectsWith(client.send(new DeletePolicyCommand({ PolicyArn: arn })), DeleteConflictException, 409);
    await rejectsWith(
      client.send(new DeleteRoleCommand({ RoleName: 'sdk-1' })),
      DeleteConflictException,
      409,
    );
    await client.send(new DetachRolePolicyCommand({ RoleName: 'sdk-1', PolicyArn: arn }));
    assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 0);
  });

  test('ok/SimulatePrincipalPolicy and SimulateCustomPolicy through the SDK', async () => {
    const principal = await client.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/sdk/sdk-0`,
        ActionNames: ['s3:GetObject', 's3:PutObject'],
        ResourceArns: ['arn:aws:s3:::bucket/key'],
      }),
    );
    assert.deepEqual(
      principal.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
      [
        ['s3:GetObject', 'arn:aws:s3:::bucket/key', 'allowed'],
        ['s3:PutObject', 'arn:aws:s3:::bucket/key', 'implicitDeny'],
      ],
    );
    assert.equal(principal.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId, 'read');
    assert.equal(principal.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyType, 'role');
    assert.deepEqual(principal.EvaluationResults?.[1]?.MatchedStatements, []);

    const custom = await client.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: {
              Effect: 'Allow',
              Action: 's3:*',
              Resource: '*',
              Condition: {
                Bool: { 'aws:SecureTransport': 'true' },
                StringEquals: { 'aws:PrincipalTag/team': 'a' },
              },
            },
          }),
        ],
        ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        ContextEntries: [
          { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
        ],
        MaxItems: 2,
      }),
    );
    assert.equal(custom.IsTruncated, true);
    assert.equal(custom.EvaluationResults?.length, 2);
    assert.deepEqual(custom.EvaluationResults?.[0]?.MissingContextValues, ['aws:PrincipalTag/team']);
    const rest = await client.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' },
          }),
        ],
        ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        MaxItems: 2,
        Marker: custom.Marker ?? 'missing',
      }),
    );
    assert.equal(rest.IsTruncated, false);
    assert.deepEqual(
      rest.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]),
      [['s3:DeleteObject', 'allowed']],
    );
  });

  test('fail/IAM errors arrive as the SDK exception classes with their statuses', async () => {
    await rejectsWith(client.send(new GetRoleCommand({ RoleName: 'ghost' })), NoSuchEntityException, 404);
    await rejectsWith(
      client.send(new CreateRoleCommand({ RoleName: 'SDK-0', AssumeRolePolicyDocument: TRUST })),
      EntityAlreadyExistsException,
      409,
    );
    await rejectsWith(
      client.send(
        new CreateRoleCommand({ RoleName: 'bad-doc', AssumeRolePolicyDocument: '{"Version":"2012-10-17"' }),
      ),
      MalformedPolicyDocumentException,
      400,
    );
    await rejectsWith(
      client.send(
        new TagRoleCommand({
          RoleName: 'sdk-0',
          Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
        }),
      ),
      LimitExceededException,
      409,
    );
    await rejectsWith(
      client.send(
        new AttachRolePolicyCommand({ RoleName: 'sdk-0', PolicyArn: 'arn:aws:s3:::not-a-policy-arn' }),
      ),
      InvalidInputException,
      400,
    );
    // Unmodelled query errors are the service's base exception, named by their Code.
    await rejectsWith(
      client.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST })),
      IAMServiceException,
      400,
      'ValidationError',
    );
    const forged = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(0, -2)}xx` },
      maxAttempts: 1,
    });
    try {
      await rejectsWith(
        forged.send(new GetRoleCommand({ RoleName: 'sdk-0' })),
        IAMServiceException,
        403,
        'SignatureDoesNotMatch',
      );
    } finally {
      forged.destroy();
    }
    const unknown = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) },
      maxAttempts: 1,
    });
    try {
      await rejectsWith(
        unknown.send(new GetRoleCommand({ RoleName: 'sdk-0' })),
        IAMServiceException,
        403,
        'InvalidClientTokenId',
      );
    } finally {
      unknown.destroy();
    }
  });
});
