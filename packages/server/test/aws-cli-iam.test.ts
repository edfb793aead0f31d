/**
 * Drives every IAM operation Anchorage serves, and STS GetCallerIdentity, through the real AWS CLI
 * (botocore's query serializer and XML parser) against a real server process: success paths with
 * the exact members the CLI prints, and refusals with IAM's error codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aws, fails, ok, withoutClientValidation } from './support/aws-cli.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ROLE_ID = /^AROA[A-Z2-7]{17}$/;
const POLICY_ID = /^ANPA[A-Z2-7]{17}$/;
const policyArn = (path: string, name: string) => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const READ = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
};
const DENY_DELETE = {
  Version: '2012-10-17',
  Statement: { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
};
const EVERYTHING = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };
const S3_ONLY = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } };

/** A policy document padded with white space and a long Sid to a given size without white space. */
function sizedPolicy(size: number): string {
  const base = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:*', Resource: '*' }],
  });
  return base.replace('"Sid":""', `"Sid":"${'a'.repeat(size - base.length)}"`);
}

describe('AWS CLI against IAM and STS', () => {
  let server: ServerProcess;
  const iam = (...args: string[]) => aws(server, ['iam', ...args]);
  const loose = (...args: string[]) => aws(server, ['iam', ...args], withoutClientValidation());
  const boundaryArn = policyArn('/', 'Boundary');
  const readArn = policyArn('/team/', 'Read');

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/sts get-caller-identity names the account root for the admin key', async () => {
    assert.deepEqual(ok(await aws(server, ['sts', 'get-caller-identity'])), {
      UserId: ACCOUNT,
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
    });
  });

  test('ok/CreatePolicy returns the Policy without Description; GetPolicy with it and the tags', async () => {
    const created = ok(
      await iam(
        'create-policy',
        '--policy-name',
        'Read',
        '--path',
        '/team/',
        '--description',
        'read objects',
        '--policy-document',
        JSON.stringify(READ),
        '--tags',
        'Key=owner,Value=platform',
      ),
    ).Policy as Record<string, unknown>;
    assert.match(String(created.PolicyId), POLICY_ID);
    assert.match(String(created.CreateDate), ISO_SECONDS);
    assert.deepEqual(created, {
      PolicyName: 'Read',
      PolicyId: created.PolicyId,
      Arn: readArn,
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: created.CreateDate,
      UpdateDate: created.CreateDate,
      Tags: [{ Key: 'owner', Value: 'platform' }],
    });
    const got = ok(await iam('get-policy', '--policy-arn', readArn)).Policy as Record<string, unknown>;
    assert.deepEqual(got, { ...created, Description: 'read objects' });
    ok(await iam('create-policy', '--policy-name', 'Boundary', '--policy-document', JSON.stringify(S3_ONLY)));
  });

  test('fail/CreatePolicy refuses a duplicate name (any case), bad documents, oversize, bad names and tags', async () => {
    const doc = JSON.stringify(READ);
    fails(
      await iam('create-policy', '--policy-name', 'READ', '--policy-document', doc),
      'EntityAlreadyExists',
      'A policy called READ already exists.',
    );
    fails(
      await iam('create-policy', '--policy-name', 'x', '--policy-document', 'not json'),
      'MalformedPolicyDocument',
    );
    fails(
      await iam(
        'create-policy',
        '--policy-name',
        'x',
        '--policy-document',
        JSON.stringify({ Version: '2012-10-17', Statement: { ...TRUST.Statement[0], Resource: '*' } }),
      ),
      'MalformedPolicyDocument',
    );
    fails(
      await iam('create-policy', '--policy-name', 'x', '--policy-document', sizedPolicy(6145)),
      'LimitExceeded',
      'Cannot exceed quota for PolicySize: 6144',
    );
    ok(await iam('create-policy', '--policy-name', 'Exactly6144', '--policy-document', sizedPolicy(6144)));
    fails(
      await iam('create-policy', '--policy-name', 'bad/name', '--policy-document', doc),
      'ValidationError',
    );
    fails(
      await iam('create-policy', '--policy-name', 'x', '--path', '/no-trailing', '--policy-document', doc),
      'ValidationError',
    );
    fails(
      await iam(
        'create-policy',
        '--policy-name',
        'x',
        '--policy-document',
        doc,
        '--tags',
        'Key=a,Value=1',
        'Key=A,Value=2',
      ),
      'InvalidInput',
      'Duplicate tag keys found',
    );
    fails(await iam('get-policy', '--policy-arn', policyArn('/', 'x')), 'NoSuchEntity', 'was not found');
    fails(
      await iam('get-policy', '--policy-arn', 'arn:aws:s3:::a-bucket-name'),
      'InvalidInput',
      'is not valid',
    );
    ok(await iam('delete-policy', '--policy-arn', policyArn('/', 'Exactly6144')));
  });

  test('ok/CreateRole with path, description, duration, boundary and tags; GetRole adds RoleLastUsed', async () => {
    const created = ok(
      await iam(
        'create-role',
        '--role-name',
        'web',
        '--path',
        '/app/',
        '--description',
        'web tier',
        '--max-session-duration',
        '7200',
        '--permissions-boundary',
        boundaryArn,
        '--assume-role-policy-document',
        JSON.stringify(TRUST),
        '--tags',
        'Key=team,Value=web',
      ),
    ).Role as Record<string, unknown>;
    assert.match(String(created.RoleId), ROLE_ID);
    assert.match(String(created.CreateDate), ISO_SECONDS);
    const expected = {
      Path: '/app/',
      RoleName: 'web',
      RoleId: created.RoleId,
      Arn: `arn:aws:iam::${ACCOUNT}:role/app/web`,
      CreateDate: created.CreateDate,
      AssumeRolePolicyDocument: TRUST,
      Description: 'web tier',
      MaxSessionDuration: 7200,
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundaryArn,
      },
      Tags: [{ Key: 'team', Value: 'web' }],
    };
    assert.deepEqual(created, expected);
    assert.deepEqual(ok(await iam('get-role', '--role-name', 'web')).Role, { ...expected, RoleLastUsed: {} });
    // Role names are case-insensitive for lookups as for uniqueness.
    assert.equal(
      (ok(await iam('get-role', '--role-name', 'WEB')).Role as Record<string, unknown>).RoleName,
      'web',
    );
    const plain = ok(
      await iam(
        'create-role',
        '--role-name',
        'worker',
        '--assume-role-policy-document',
        JSON.stringify(TRUST),
      ),
    ).Role as Record<string, unknown>;
    assert.deepEqual(Object.keys(plain).sort(), [
      'Arn',
      'AssumeRolePolicyDocument',
      'CreateDate',
      'MaxSessionDuration',
      'Path',
      'RoleId',
      'RoleName',
    ]);
    assert.equal(plain.Path, '/');
    assert.equal(plain.MaxSessionDuration, 3600);
  });

  test('fail/CreateRole refuses duplicates, bad trust policies, oversize, out-of-range values and unknown boundaries', async () => {
    const trust = JSON.stringify(TRUST);
    fails(
      await iam('create-role', '--role-name', 'WEB', '--assume-role-policy-document', trust),
      'EntityAlreadyExists',
      'Role with name WEB already exists.',
    );
    fails(
      await iam('create-role', '--role-name', 'r1', '--assume-role-policy-document', JSON.stringify(READ)),
      'MalformedPolicyDocument',
    );
    const bigTrust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...TRUST.Statement[0], Sid: 'a'.repeat(2048) }],
    });
    fails(
      await iam('create-role', '--role-name', 'r1', '--assume-role-policy-document', bigTrust),
      'LimitExceeded',
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    fails(
      await loose(
        'create-role',
        '--role-name',
        'r1',
        '--max-session-duration',
        '60',
        '--assume-role-policy-document',
        trust,
      ),
      'ValidationError',
      'Member must have value greater than or equal to 3600',
    );
    fails(
      await iam('create-role', '--role-name', 'r1', '--path', 'app', '--assume-role-policy-document', trust),
      'ValidationError',
    );
    fails(
      await iam('create-role', '--role-name', 'x'.repeat(65), '--assume-role-policy-document', trust),
      'ValidationError',
    );
    fails(
      await iam(
        'create-role',
        '--role-name',
        'r1',
        '--permissions-boundary',
        policyArn('/', 'Nope'),
        '--assume-role-policy-document',
        trust,
      ),
      'NoSuchEntity',
      'does not exist or is not attachable',
    );
    fails(
      await iam('get-role', '--role-name', 'r1'),
      'NoSuchEntity',
      'The role with name r1 cannot be found.',
    );
  });

  test('ok/ListRoles pages through every role with the CLI paginator and filters by PathPrefix', async () => {
    for (const name of ['batch-a', 'batch-b', 'batch-c']) {
      ok(
        await iam(
          'create-role',
          '--role-name',
          name,
          '--path',
          '/batch/',
          '--assume-role-policy-document',
          JSON.stringify(TRUST),
        ),
      );
    }
    const all = ok(await iam('list-roles', '--page-size', '2')).Roles as Record<string, unknown>[];
    assert.deepEqual(
      all.map((r) => r.RoleName),
      ['web', 'worker', 'batch-a', 'batch-b', 'batch-c'],
    );
    const web = all[0] ?? {};
    assert.deepEqual(Object.keys(web).sort(), [
      'Arn',
      'AssumeRolePolicyDocument',
      'CreateDate',
      'Description',
      'MaxSessionDuration',
      'Path',
      'RoleId',
      'RoleName',
    ]);
    const page = ok(await iam('list-roles', '--no-paginate', '--max-items', '2'));
    assert.deepEqual(
      (page.Roles as Record<string, unknown>[]).map((r) => r.RoleName),
      ['web', 'worker'],
    );
    assert.equal(page.IsTruncated, true);
    assert.equal(typeof page.Marker, 'string');
    const batch = ok(await iam('list-roles', '--path-prefix', '/batch/', '--page-size', '1')).Roles as Record<
      string,
      unknown
    >[];
    assert.deepEqual(
      batch.map((r) => r.RoleName),
      ['batch-a', 'batch-b', 'batch-c'],
    );
    const first = ok(await iam('list-roles', '--path-prefix', '/batch/', '--max-items', '2'));
    assert.equal((first.Roles as unknown[]).length, 2);
    assert.equal(typeof first.NextToken, 'string');
    const rest = ok(
      await iam('list-roles', '--path-prefix', '/batch/', '--starting-token', String(first.NextToken)),
    );
    assert.deepEqual(
      (rest.Roles as Record<string, unknown>[]).map((r) => r.RoleName),
      ['batch-c'],
    );
    for (const name of ['batch-a', 'batch-b', 'batch-c']) ok(await iam('delete-role', '--role-name', name));
    fails(await loose('list-roles', '--page-size', '0'), 'ValidationError');
  });

  test('ok/UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy change the role', async () => {
    assert.deepEqual(
      ok(
        await iam(
          'update-role',
          '--role-name',
          'worker',
          '--description',
          'batch jobs',
          '--max-session-duration',
          '43200',
        ),
      ),
      {},
    );
    const updated = ok(
      await iam('update-role-description', '--role-name', 'worker', '--description', 'batch & queue'),
    ).Role as Record<string, unknown>;
    assert.equal(updated.Description, 'batch & queue');
    assert.equal(updated.MaxSessionDuration, 43200);
    assert.deepEqual(updated.RoleLastUsed, {});
    const trust = {
      ...TRUST,
      Statement: [{ ...TRUST.Statement[0], Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }],
    };
    assert.deepEqual(
      ok(
        await iam(
          'update-assume-role-policy',
          '--role-name',
          'worker',
          '--policy-document',
          JSON.stringify(trust),
        ),
      ),
      {},
    );
    const role = ok(await iam('get-role', '--role-name', 'worker')).Role as Record<string, unknown>;
    assert.deepEqual(role.AssumeRolePolicyDocument, trust);
  });

  test('fail/Update operations refuse unknown roles, out-of-range durations and bad trust policies', async () => {
    fails(await iam('update-role', '--role-name', 'ghost', '--description', 'x'), 'NoSuchEntity');
    fails(
      await loose('update-role', '--role-name', 'worker', '--max-session-duration', '43201'),
      'ValidationError',
    );
    fails(await iam('update-role-description', '--role-name', 'ghost', '--description', 'x'), 'NoSuchEntity');
    fails(
      await iam(
        'update-assume-role-policy',
        '--role-name',
        'worker',
        '--policy-document',
        '{"Statement":[]}',
      ),
      'MalformedPolicyDocument',
    );
    fails(
      await iam(
        'update-assume-role-policy',
        '--role-name',
        'ghost',
        '--policy-document',
        JSON.stringify(TRUST),
      ),
      'NoSuchEntity',
    );
    const role = ok(await iam('get-role', '--role-name', 'worker')).Role as Record<string, unknown>;
    assert.equal(role.MaxSessionDuration, 43200, 'a refused update changes nothing');
  });

  test('ok/TagRole, ListRoleTags and UntagRole; keys are case-insensitive', async () => {
    assert.deepEqual(
      ok(await iam('tag-role', '--role-name', 'worker', '--tags', 'Key=env,Value=prod', 'Key=cost,Value=42')),
      {},
    );
    ok(await iam('tag-role', '--role-name', 'worker', '--tags', 'Key=ENV,Value=dev'));
    // The CLI paginates the List operations itself and prints the items without IsTruncated.
    assert.deepEqual(ok(await iam('list-role-tags', '--role-name', 'worker')), {
      Tags: [
        { Key: 'cost', Value: '42' },
        { Key: 'ENV', Value: 'dev' },
      ],
    });
    const firstPage = ok(
      await iam('list-role-tags', '--role-name', 'worker', '--no-paginate', '--max-items', '1'),
    );
    assert.deepEqual(firstPage.Tags, [{ Key: 'cost', Value: '42' }]);
    assert.equal(firstPage.IsTruncated, true);
    assert.equal(typeof firstPage.Marker, 'string');
    assert.deepEqual(ok(await iam('untag-role', '--role-name', 'worker', '--tag-keys', 'env')), {});
    assert.deepEqual(ok(await iam('list-role-tags', '--role-name', 'worker')), {
      Tags: [{ Key: 'cost', Value: '42' }],
    });
    assert.deepEqual(ok(await iam('list-role-tags', '--role-name', 'worker', '--no-paginate')), {
      Tags: [{ Key: 'cost', Value: '42' }],
      IsTruncated: false,
    });
  });

  test('fail/tagging refuses more than 50 tags, duplicate keys, bad characters and unknown roles', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `Key=k${i},Value=v`);
    fails(
      await iam('tag-role', '--role-name', 'worker', '--tags', ...fifty),
      'LimitExceeded',
      'TagsPerRole: 50',
    );
    fails(
      await iam('tag-role', '--role-name', 'worker', '--tags', 'Key=a,Value=1', 'Key=A,Value=2'),
      'InvalidInput',
      'Duplicate tag keys found',
    );
    fails(await iam('tag-role', '--role-name', 'worker', '--tags', 'Key=a*b,Value=1'), 'ValidationError');
    fails(await iam('tag-role', '--role-name', 'ghost', '--tags', 'Key=a,Value=1'), 'NoSuchEntity');
    fails(await iam('untag-role', '--role-name', 'ghost', '--tag-keys', 'a'), 'NoSuchEntity');
    fails(await iam('list-role-tags', '--role-name', 'ghost'), 'NoSuchEntity');
    assert.equal((ok(await iam('list-role-tags', '--role-name', 'worker')).Tags as unknown[]).length, 1);
  });

  test('ok/PutRolePolicy, GetRolePolicy (document decoded), ListRolePolicies, DeleteRolePolicy', async () => {
    assert.deepEqual(
      ok(
        await iam(
          'put-role-policy',
          '--role-name',
          'web',
          '--policy-name',
          'deny-delete',
          '--policy-document',
          JSON.stringify(DENY_DELETE),
        ),
      ),
      {},
    );
    ok(
      await iam(
        'put-role-policy',
        '--role-name',
        'web',
        '--policy-name',
        'all',
        '--policy-document',
        JSON.stringify(EVERYTHING),
      ),
    );
    assert.deepEqual(ok(await iam('get-role-policy', '--role-name', 'web', '--policy-name', 'deny-delete')), {
      RoleName: 'web',
      PolicyName: 'deny-delete',
      PolicyDocument: DENY_DELETE,
    });
    assert.deepEqual(ok(await iam('list-role-policies', '--role-name', 'web')), {
      PolicyNames: ['all', 'deny-delete'],
    });
    assert.deepEqual(ok(await iam('list-role-policies', '--role-name', 'web', '--page-size', '1')), {
      PolicyNames: ['all', 'deny-delete'],
    });
    // Putting under an existing name replaces the document.
    ok(
      await iam(
        'put-role-policy',
        '--role-name',
        'web',
        '--policy-name',
        'all',
        '--policy-document',
        JSON.stringify(S3_ONLY),
      ),
    );
    assert.deepEqual(
      ok(await iam('get-role-policy', '--role-name', 'web', '--policy-name', 'all')).PolicyDocument,
      S3_ONLY,
    );
    assert.deepEqual(ok(await iam('delete-role-policy', '--role-name', 'web', '--policy-name', 'all')), {});
    assert.deepEqual(ok(await iam('list-role-policies', '--role-name', 'web')).PolicyNames, ['deny-delete']);
  });

  test('fail/inline policies: unknown names and roles, malformed documents, the 10,240 aggregate quota', async () => {
    fails(
      await iam('get-role-policy', '--role-name', 'web', '--policy-name', 'nope'),
      'NoSuchEntity',
      'The role policy with name nope cannot be found.',
    );
    fails(await iam('delete-role-policy', '--role-name', 'web', '--policy-name', 'nope'), 'NoSuchEntity');
    fails(await iam('list-role-policies', '--role-name', 'ghost'), 'NoSuchEntity');
    fails(
      await iam(
        'put-role-policy',
        '--role-name',
        'ghost',
        '--policy-name',
        'p',
        '--policy-document',
        JSON.stringify(READ),
      ),
      'NoSuchEntity',
    );
    fails(
      await iam(
        'put-role-policy',
        '--role-name',
        'web',
        '--policy-name',
        'p',
        '--policy-document',
        JSON.stringify(TRUST),
      ),
      'MalformedPolicyDocument',
    );
    ok(
      await iam(
        'put-role-policy',
        '--role-name',
        'worker',
        '--policy-name',
        'big1',
        '--policy-document',
        sizedPolicy(6000),
      ),
    );
    fails(
      await iam(
        'put-role-policy',
        '--role-name',
        'worker',
        '--policy-name',
        'big2',
        '--policy-document',
        sizedPolicy(6000),
      ),
      'LimitExceeded',
      'Maximum policy size of 10240 bytes exceeded for role worker',
    );
    ok(
      await iam(
        'put-role-policy',
        '--role-name',
        'worker',
        '--policy-name',
        'big1',
        '--policy-document',
        sizedPolicy(10240),
      ),
    );
    ok(await iam('delete-role-policy', '--role-name', 'worker', '--policy-name', 'big1'));
  });

  test('ok/policy versions: create (default or not), list newest first, get with document, set default, delete', async () => {
    const v2 = ok(
      await iam(
        'create-policy-version',
        '--policy-arn',
        readArn,
        '--policy-document',
        JSON.stringify(S3_ONLY),
      ),
    ).PolicyVersion as Record<string, unknown>;
    assert.match(String(v2.CreateDate), ISO_SECONDS);
    assert.deepEqual(v2, { VersionId: 'v2', IsDefaultVersion: false, CreateDate: v2.CreateDate });
    const v3 = ok(
      await iam(
        'create-policy-version',
        '--policy-arn',
        readArn,
        '--policy-document',
        JSON.stringify(READ),
        '--set-as-default',
      ),
    ).PolicyVersion as Record<string, unknown>;
    assert.equal(v3.IsDefaultVersion, true);
    const listed = ok(await iam('list-policy-versions', '--policy-arn', readArn));
    assert.deepEqual(
      (listed.Versions as Record<string, unknown>[]).map((v) => [
        v.VersionId,
        v.IsDefaultVersion,
        Object.keys(v).length,
      ]),
      [
        ['v3', true, 3],
        ['v2', false, 3],
        ['v1', false, 3],
      ],
    );
    const got = ok(
      await iam('get-policy-version', '--policy-arn', readArn, '--version-id', 'v2'),
    ).PolicyVersion;
    assert.deepEqual(got, {
      Document: S3_ONLY,
      VersionId: 'v2',
      IsDefaultVersion: false,
      CreateDate: v2.CreateDate,
    });
    assert.deepEqual(
      ok(await iam('set-default-policy-version', '--policy-arn', readArn, '--version-id', 'v1')),
      {},
    );
    assert.equal(
      (ok(await iam('get-policy', '--policy-arn', readArn)).Policy as Record<string, unknown>)
        .DefaultVersionId,
      'v1',
    );
    assert.deepEqual(
      ok(await iam('delete-policy-version', '--policy-arn', readArn, '--version-id', 'v3')),
      {},
    );
    assert.deepEqual(
      (
        ok(await iam('list-policy-versions', '--policy-arn', readArn)).Versions as Record<string, unknown>[]
      ).map((v) => v.VersionId),
      ['v2', 'v1'],
    );
  });

  test('fail/policy versions: at most five, the default cannot go, unknown versions and bad ids', async () => {
    for (const _ of [3, 4, 5]) {
      ok(
        await iam(
          'create-policy-version',
          '--policy-arn',
          readArn,
          '--policy-document',
          JSON.stringify(READ),
        ),
      );
    }
    fails(
      await iam('create-policy-version', '--policy-arn', readArn, '--policy-document', JSON.stringify(READ)),
      'LimitExceeded',
      'A managed policy can have up to 5 versions.',
    );
    fails(
      await iam('delete-policy-version', '--policy-arn', readArn, '--version-id', 'v1'),
      'DeleteConflict',
      'Cannot delete the default version of a policy.',
    );
    fails(await iam('get-policy-version', '--policy-arn', readArn, '--version-id', 'v99'), 'NoSuchEntity');
    fails(
      await iam('set-default-policy-version', '--policy-arn', readArn, '--version-id', 'v99'),
      'NoSuchEntity',
    );
    fails(await iam('delete-policy-version', '--policy-arn', readArn, '--version-id', 'v99'), 'NoSuchEntity');
    fails(await iam('get-policy-version', '--policy-arn', readArn, '--version-id', 'one'), 'ValidationError');
    fails(await iam('list-policy-versions', '--policy-arn', policyArn('/', 'Nope')), 'NoSuchEntity');
    fails(
      await iam(
        'create-policy-version',
        '--policy-arn',
        readArn,
        '--policy-document',
        '{"Version":"2012-10-17"}',
      ),
      'MalformedPolicyDocument',
    );
    for (const v of ['v4', 'v5', 'v6'])
      ok(await iam('delete-policy-version', '--policy-arn', readArn, '--version-id', v));
  });

  test('ok/AttachRolePolicy, ListAttachedRolePolicies, DetachRolePolicy; GetPolicy counts attachments', async () => {
    assert.deepEqual(ok(await iam('attach-role-policy', '--role-name', 'web', '--policy-arn', readArn)), {});
    ok(await iam('attach-role-policy', '--role-name', 'web', '--policy-arn', readArn)); // already attached: no change
    ok(await iam('attach-role-policy', '--role-name', 'web', '--policy-arn', boundaryArn));
    assert.deepEqual(ok(await iam('list-attached-role-policies', '--role-name', 'web')), {
      AttachedPolicies: [
        { PolicyName: 'Read', PolicyArn: readArn },
        { PolicyName: 'Boundary', PolicyArn: boundaryArn },
      ],
    });
    assert.deepEqual(
      ok(await iam('list-attached-role-policies', '--role-name', 'web', '--path-prefix', '/team/'))
        .AttachedPolicies,
      [{ PolicyName: 'Read', PolicyArn: readArn }],
    );
    const read = ok(await iam('get-policy', '--policy-arn', readArn)).Policy as Record<string, unknown>;
    assert.equal(read.AttachmentCount, 1);
    const boundary = ok(await iam('get-policy', '--policy-arn', boundaryArn)).Policy as Record<
      string,
      unknown
    >;
    assert.deepEqual([boundary.AttachmentCount, boundary.PermissionsBoundaryUsageCount], [1, 1]);
    assert.deepEqual(
      ok(await iam('detach-role-policy', '--role-name', 'web', '--policy-arn', boundaryArn)),
      {},
    );
    assert.deepEqual(
      (ok(await iam('list-attached-role-policies', '--role-name', 'web')).AttachedPolicies as unknown[])
        .length,
      1,
    );
  });

  test('fail/attachments: unknown policies and roles, invalid ARNs, more than 10 per role, detaching what is not attached', async () => {
    fails(
      await iam('attach-role-policy', '--role-name', 'web', '--policy-arn', policyArn('/', 'Nope')),
      'NoSuchEntity',
      'does not exist or is not attachable',
    );
    fails(
      await iam(
        'attach-role-policy',
        '--role-name',
        'web',
        '--policy-arn',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ),
      'NoSuchEntity',
    );
    fails(
      await iam('attach-role-policy', '--role-name', 'web', '--policy-arn', 'arn:aws:s3:::not-a-policy'),
      'InvalidInput',
    );
    fails(await iam('attach-role-policy', '--role-name', 'ghost', '--policy-arn', readArn), 'NoSuchEntity');
    fails(
      await iam('detach-role-policy', '--role-name', 'web', '--policy-arn', boundaryArn),
      'NoSuchEntity',
      `Policy ${boundaryArn} was not found.`,
    );
    fails(await iam('list-attached-role-policies', '--role-name', 'ghost'), 'NoSuchEntity');
    // Independent calls run side by side: each is a separate CLI process.
    const doc = JSON.stringify(READ);
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        iam('create-policy', '--policy-name', `p${i}`, '--policy-document', doc),
      ),
    );
    const arns = created.map((r) => String((ok(r).Policy as Record<string, unknown>).Arn));
    const attach = (arn: string) => iam('attach-role-policy', '--role-name', 'worker', '--policy-arn', arn);
    for (const result of await Promise.all([...arns.slice(0, 9), readArn].map(attach))) ok(result);
    fails(await attach(String(arns[9])), 'LimitExceeded', 'Cannot exceed quota for PoliciesPerRole: 10');
    const attached = ok(await iam('list-attached-role-policies', '--role-name', 'worker'));
    assert.equal((attached.AttachedPolicies as unknown[]).length, 10, 'concurrent attachments are all kept');
    const detached = await Promise.all(
      arns.slice(0, 9).map((arn) => iam('detach-role-policy', '--role-name', 'worker', '--policy-arn', arn)),
    );
    for (const result of detached) ok(result);
    for (const result of await Promise.all(arns.map((arn) => iam('delete-policy', '--policy-arn', arn))))
      ok(result);
  });

  test('ok/PutRolePermissionsBoundary and DeleteRolePermissionsBoundary; ListPolicies filters', async () => {
    assert.deepEqual(ok(await iam('delete-role-permissions-boundary', '--role-name', 'web')), {});
    assert.equal(
      (ok(await iam('get-role', '--role-name', 'web')).Role as Record<string, unknown>).PermissionsBoundary,
      undefined,
    );
    assert.deepEqual(
      ok(
        await iam(
          'put-role-permissions-boundary',
          '--role-name',
          'web',
          '--permissions-boundary',
          boundaryArn,
        ),
      ),
      {},
    );
    assert.deepEqual(
      (ok(await iam('get-role', '--role-name', 'web')).Role as Record<string, unknown>).PermissionsBoundary,
      {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundaryArn,
      },
    );
    const names = async (...args: string[]) =>
      ((ok(await iam('list-policies', ...args)).Policies as Record<string, unknown>[]) ?? []).map(
        (p) => p.PolicyName,
      );
    assert.deepEqual(await names('--scope', 'Local'), ['Read', 'Boundary']);
    assert.deepEqual(await names('--scope', 'AWS'), []);
    assert.deepEqual(await names('--only-attached'), ['Read']);
    assert.deepEqual(await names('--path-prefix', '/team/'), ['Read']);
    assert.deepEqual(await names('--policy-usage-filter', 'PermissionsBoundary'), ['Boundary']);
    assert.deepEqual(await names('--page-size', '1'), ['Read', 'Boundary']);
    const listed = (ok(await iam('list-policies')).Policies as Record<string, unknown>[])[0] ?? {};
    assert.equal(listed.Description, undefined, 'ListPolicies leaves the description out');
    assert.equal(listed.AttachmentCount, 2);
    fails(
      await iam(
        'put-role-permissions-boundary',
        '--role-name',
        'web',
        '--permissions-boundary',
        policyArn('/', 'Nope'),
      ),
      'NoSuchEntity',
    );
    fails(
      await iam(
        'put-role-permissions-boundary',
        '--role-name',
        'ghost',
        '--permissions-boundary',
        boundaryArn,
      ),
      'NoSuchEntity',
    );
    fails(await iam('delete-role-permissions-boundary', '--role-name', 'ghost'), 'NoSuchEntity');
    fails(await loose('list-policies', '--scope', 'Mine'), 'ValidationError');
  });

  test('ok/SimulatePrincipalPolicy evaluates the role: inline deny, managed allow, boundary, implicit deny', async () => {
    const out = ok(
      await iam(
        'simulate-principal-policy',
        '--policy-source-arn',
        `arn:aws:iam::${ACCOUNT}:role/app/web`,
        '--action-names',
        's3:GetObject',
        's3:DeleteObject',
        'ec2:RunInstances',
      ),
    );
    const results = out.EvaluationResults as Record<string, unknown>[];
    assert.deepEqual(
      results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
      [
        ['s3:GetObject', '*', 'allowed'],
        ['s3:DeleteObject', '*', 'explicitDeny'],
        ['ec2:RunInstances', '*', 'implicitDeny'],
      ],
    );
    const [get, del, run] = results;
    assert.deepEqual(get?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
    const matched = get?.MatchedStatements as Record<string, unknown>[];
    assert.ok(matched.some((m) => m.SourcePolicyId === 'Read' && m.SourcePolicyType === 'user-managed'));
    const readStatement = matched.find((m) => m.SourcePolicyId === 'Read') ?? {};
    const readText = JSON.stringify(READ);
    // IAM reports the positions just after a statement's braces (1-based).
    assert.deepEqual(readStatement.StartPosition, { Line: 1, Column: readText.indexOf('{"Sid"') + 2 });
    assert.deepEqual(readStatement.EndPosition, { Line: 1, Column: readText.lastIndexOf('}]') + 2 });
    assert.deepEqual(del?.MatchedStatements, [
      {
        SourcePolicyId: 'deny-delete',
        SourcePolicyType: 'role',
        StartPosition: { Line: 1, Column: JSON.stringify(DENY_DELETE).indexOf('{"Effect"') + 2 },
        EndPosition: { Line: 1, Column: JSON.stringify(DENY_DELETE).length },
      },
    ]);
    assert.deepEqual(run?.MatchedStatements, []);
    assert.deepEqual(run?.MissingContextValues, []);
    assert.deepEqual(run?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  });

  test('ok/SimulateCustomPolicy: context entries with types, missing context, resources and a resource policy', async () => {
    const dated = JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'dynamodb:*',
        Resource: '*',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2018-08-16T12:00:00Z' } },
      },
    });
    const allowed = ok(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        dated,
        '--action-names',
        'dynamodb:CreateBackup',
        '--context-entries',
        "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date",
      ),
    );
    assert.deepEqual(allowed, {
      EvaluationResults: [
        {
          EvalActionName: 'dynamodb:CreateBackup',
          EvalResourceName: '*',
          EvalDecision: 'allowed',
          MatchedStatements: [
            {
              SourcePolicyId: 'PolicyInputList.1',
              // The AWS CLI documentation's example: IAM answers exactly these columns.
              StartPosition: { Line: 1, Column: 38 },
              EndPosition: { Line: 1, Column: 167 },
            },
          ],
          MissingContextValues: [],
        },
      ],
    });
    const missing = ok(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        dated,
        '--action-names',
        'dynamodb:CreateBackup',
      ),
    ).EvaluationResults as Record<string, unknown>[];
    assert.equal(missing[0]?.EvalDecision, 'implicitDeny');
    assert.deepEqual(missing[0]?.MissingContextValues, ['aws:CurrentTime']);
    const perResource = ok(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open/*' },
        }),
        '--action-names',
        's3:GetObject',
        '--resource-arns',
        'arn:aws:s3:::open/a',
        'arn:aws:s3:::closed/a',
      ),
    ).EvaluationResults as Record<string, unknown>[];
    assert.deepEqual(
      perResource.map((r) => [r.EvalResourceName, r.EvalDecision]),
      [
        ['arn:aws:s3:::open/a', 'allowed'],
        ['arn:aws:s3:::closed/a', 'implicitDeny'],
      ],
    );
    const denied = ok(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        JSON.stringify(EVERYTHING),
        '--permissions-boundary-policy-input-list',
        JSON.stringify(S3_ONLY),
        '--action-names',
        'iam:CreateRole',
      ),
    ).EvaluationResults as Record<string, unknown>[];
    assert.equal(denied[0]?.EvalDecision, 'implicitDeny');
    assert.deepEqual(denied[0]?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    const ip = ok(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
          },
        }),
        '--action-names',
        's3:ListBucket',
        '--context-entries',
        'ContextKeyName=aws:SourceIp,ContextKeyValues=10.1.2.3,ContextKeyType=ip',
      ),
    ).EvaluationResults as Record<string, unknown>[];
    assert.equal(ip[0]?.EvalDecision, 'allowed');
  });

  test('fail/simulations refuse unknown roles, non-role sources, malformed inputs and mistyped context values', async () => {
    fails(
      await iam(
        'simulate-principal-policy',
        '--policy-source-arn',
        `arn:aws:iam::${ACCOUNT}:role/ghost`,
        '--action-names',
        's3:GetObject',
      ),
      'NoSuchEntity',
    );
    fails(
      await iam(
        'simulate-principal-policy',
        '--policy-source-arn',
        `arn:aws:iam::${ACCOUNT}:role/web`,
        '--action-names',
        's3:GetObject',
      ),
      'NoSuchEntity',
      'The role with name web cannot be found.',
    );
    fails(
      await iam(
        'simulate-principal-policy',
        '--policy-source-arn',
        readArn,
        '--action-names',
        's3:GetObject',
      ),
      'InvalidInput',
    );
    fails(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        'not json',
        '--action-names',
        's3:GetObject',
      ),
      'InvalidInput',
      'PolicyInputList.1',
    );
    fails(
      await iam(
        'simulate-custom-policy',
        '--policy-input-list',
        JSON.stringify(EVERYTHING),
        '--action-names',
        's3:GetObject',
        '--context-entries',
        'ContextKeyName=aws:MultiFactorAuthAge,ContextKeyValues=soon,ContextKeyType=numeric',
      ),
      'InvalidInput',
      'is not a valid numeric value',
    );
    fails(
      await loose(
        'simulate-custom-policy',
        '--policy-input-list',
        JSON.stringify(EVERYTHING),
        '--action-names',
        'x',
      ),
      'ValidationError',
    );
  });

  test('fail/DeleteRole while policies or a boundary remain; DeletePolicy while attached or versioned', async () => {
    fails(await iam('delete-role', '--role-name', 'web'), 'DeleteConflict', 'must detach all policies first');
    ok(await iam('detach-role-policy', '--role-name', 'web', '--policy-arn', readArn));
    fails(await iam('delete-role', '--role-name', 'web'), 'DeleteConflict', 'must delete policies first');
    ok(await iam('delete-role-policy', '--role-name', 'web', '--policy-name', 'deny-delete'));
    fails(await iam('delete-role', '--role-name', 'web'), 'DeleteConflict', 'permissions boundary');
    fails(
      await iam('delete-policy', '--policy-arn', readArn),
      'DeleteConflict',
      'Cannot delete a policy attached to entities.',
    );
    fails(await iam('delete-policy', '--policy-arn', boundaryArn), 'DeleteConflict', 'attached to entities');
    ok(await iam('detach-role-policy', '--role-name', 'worker', '--policy-arn', readArn));
    fails(await iam('delete-policy', '--policy-arn', readArn), 'DeleteConflict', 'more than one version');
  });

  test('ok/DeleteRole and DeletePolicy once nothing uses them; then they are gone', async () => {
    ok(await iam('delete-role-permissions-boundary', '--role-name', 'web'));
    assert.deepEqual(ok(await iam('delete-role', '--role-name', 'web')), {});
    fails(await iam('delete-role', '--role-name', 'web'), 'NoSuchEntity');
    ok(await iam('delete-policy-version', '--policy-arn', readArn, '--version-id', 'v2'));
    assert.deepEqual(ok(await iam('delete-policy', '--policy-arn', readArn)), {});
    ok(await iam('delete-policy', '--policy-arn', boundaryArn));
    fails(await iam('delete-policy', '--policy-arn', readArn), 'NoSuchEntity');
    fails(await iam('get-policy', '--policy-arn', readArn), 'NoSuchEntity');
    // A policy created again under the same name is a new policy, with a new id and no attachments.
    const again = ok(
      await iam(
        'create-policy',
        '--policy-name',
        'Read',
        '--path',
        '/team/',
        '--policy-document',
        JSON.stringify(READ),
      ),
    ).Policy as Record<string, unknown>;
    assert.equal(again.AttachmentCount, 0);
    assert.deepEqual(
      (ok(await iam('list-roles')).Roles as Record<string, unknown>[]).map((r) => r.RoleName),
      ['worker'],
    );
  });
});
