/** The IAM and STS operation tables: complete against the models, with the action and resource each acts on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiModel as iam } from '@anchorage/core/iam/api-model.generated';
import { apiModel as sts } from '@anchorage/core/sts/api-model.generated';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { IAM_OPERATIONS } from '../../src/iam/operations.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';
import { stsOperations } from '../../src/sts/operations.ts';

const STS_OPERATIONS = stsOperations(createKeyRing(createMemoryStore(), createSecretBox(Buffer.alloc(32))));

const location = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };

test('ok/every generated IAM operation has a table entry, and its action is iam:<Operation>', () => {
  assert.deepEqual(Object.keys(IAM_OPERATIONS).sort(), Object.keys(iam.operations).sort());
  for (const [name, entry] of Object.entries(IAM_OPERATIONS)) assert.equal(entry.action, `iam:${name}`);
  assert.deepEqual(Object.keys(STS_OPERATIONS).sort(), ['AssumeRole', 'GetCallerIdentity']);
  assert.ok(Object.keys(STS_OPERATIONS).every((name) => Object.hasOwn(sts.operations, name)));
  assert.equal(iam.metadata?.apiVersion, '2010-05-08');
  assert.equal(sts.metadata?.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
});

test('ok/resources: roles with their stored path, policies by ARN, * for actions without a resource', async () => {
  const store = createMemoryStore();
  await store.roles.insert({
    id: 'web',
    roleId: 'AROAAAAAAAAAAAAAAAAAA',
    roleName: 'Web',
    path: '/app/',
    arn: 'arn:aws:iam::123456789012:role/app/Web',
    assumeRolePolicyDocument: '{}',
    maxSessionDuration: 3600,
    inlinePolicies: [],
    attachedPolicies: [],
    tags: [],
    createDate: '2024-01-01T00:00:00.000Z',
  });
  const scope = { store, location };
  const resource = (operation: string, input: Record<string, unknown>) => {
    const entry = IAM_OPERATIONS[operation];
    assert.ok(entry !== undefined, operation);
    return entry.resource(input, scope);
  };
  assert.equal(await resource('GetRole', { RoleName: 'WEB' }), 'arn:aws:iam::123456789012:role/app/Web');
  assert.equal(await resource('DeleteRole', { RoleName: 'ghost' }), 'arn:aws:iam::123456789012:role/ghost');
  assert.equal(
    await resource('CreateRole', { RoleName: 'new', Path: '/x/', AssumeRolePolicyDocument: '{}' }),
    'arn:aws:iam::123456789012:role/x/new',
  );
  assert.equal(
    await resource('CreatePolicy', { PolicyName: 'p', PolicyDocument: '{}' }),
    'arn:aws:iam::123456789012:policy/p',
  );
  const policyArn = 'arn:aws:iam::123456789012:policy/team/p';
  assert.equal(await resource('GetPolicyVersion', { PolicyArn: policyArn, VersionId: 'v1' }), policyArn);
  assert.equal(
    await resource('AttachRolePolicy', { RoleName: 'web', PolicyArn: policyArn }),
    'arn:aws:iam::123456789012:role/app/Web',
  );
  assert.equal(await resource('ListRoles', {}), '*');
  assert.equal(await resource('SimulateCustomPolicy', { PolicyInputList: [], ActionNames: [] }), '*');
  assert.equal(
    await resource('SimulatePrincipalPolicy', {
      PolicySourceArn: 'arn:aws:iam::123456789012:role/app/Web',
      ActionNames: [],
    }),
    'arn:aws:iam::123456789012:role/app/Web',
  );
  await store.close();
});
