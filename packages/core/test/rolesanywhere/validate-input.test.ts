import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import { apiModel } from '@anchorage/core/rolesanywhere/api-model.generated';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const UUID = '0ace5b12-24b9-427e-a483-c55884852fbf';

function refused(shape: string, input: unknown, code: string, part: string): void {
  assert.throws(
    () => validateInput(apiModel, shape, input),
    (error: unknown) => {
      assert.ok(error instanceof AnchorageError);
      assert.equal(error.code, code);
      assert.ok(error.message.includes(part), `"${error.message}" should mention "${part}"`);
      return true;
    },
  );
}

test('ok/the model holds all 30 operations with their HTTP bindings', () => {
  assert.equal(Object.keys(apiModel.operations).length, 30);
  assert.deepEqual(apiModel.operations.CreateTrustAnchor, {
    method: 'POST',
    uri: '/trustanchors',
    status: 201,
    input: 'CreateTrustAnchorRequest',
    errors: ['ValidationException', 'AccessDeniedException'],
  });
  assert.equal(apiModel.operations.TagResource?.status, 201);
  assert.equal(apiModel.operations.PutAttributeMapping?.uri, '/profiles/{profileId}/mappings');
});

test('ok/valid inputs pass', () => {
  validateInput(apiModel, 'CreateProfileRequest', {
    name: 'a b-c_d',
    roleArns: [ROLE],
    durationSeconds: 900,
  });
  validateInput(apiModel, 'ScalarTrustAnchorRequest', { trustAnchorId: UUID });
  validateInput(apiModel, 'ImportCrlRequest', {
    name: 'crl',
    crlData: Buffer.from('x').toString('base64'),
    trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/${UUID}`,
  });
  validateInput(apiModel, 'ListRequest', {});
});

test('fail/required members are named', () => {
  refused('CreateProfileRequest', { name: 'x' }, 'ValidationException', "Value null at 'roleArns'");
  refused('CreateTrustAnchorRequest', {}, 'ValidationException', '2 validation errors detected');
});

test('fail/length, pattern, enum and range constraints name the member and the rule', () => {
  refused('CreateProfileRequest', { name: '', roleArns: [ROLE] }, 'ValidationException', "at 'name'");
  refused(
    'CreateProfileRequest',
    { name: 'x'.repeat(256), roleArns: [ROLE] },
    'ValidationException',
    'less than or equal to 255',
  );
  refused(
    'CreateProfileRequest',
    { name: 'semi;colon', roleArns: [ROLE] },
    'ValidationException',
    'regular expression pattern',
  );
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: ['arn:aws:s3:::b'] },
    'ValidationException',
    "at 'roleArns.1.member'",
  );
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: [ROLE], durationSeconds: 899 },
    'ValidationException',
    'greater than or equal to 900',
  );
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: [ROLE], durationSeconds: 43201 },
    'ValidationException',
    'less than or equal to 43200',
  );
  refused(
    'PutAttributeMappingRequest',
    { profileId: UUID, certificateField: 'x509Foo', mappingRules: [] },
    'ValidationException',
    'enum value set',
  );
  refused('ScalarProfileRequest', { profileId: 'short' }, 'ValidationException', "at 'profileId'");
  refused('ScalarProfileRequest', { profileId: `${UUID.slice(0, -1)}Z` }, 'ValidationException', 'pattern');
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: Array(251).fill(ROLE) },
    'ValidationException',
    'length less than or equal to 250',
  );
});

test('fail/sensitive tag values are not echoed', () => {
  try {
    validateInput(apiModel, 'TagResourceRequest', {
      resourceArn: 'arn',
      tags: [{ key: 'k', value: 'secret!value' }],
    });
    assert.fail('expected a ValidationException');
  } catch (error) {
    assert.ok(error instanceof AnchorageError);
    assert.equal(error.code, 'ValidationException');
    assert.ok(!error.message.includes('secret!value'));
    assert.ok(error.message.includes('tags.1.member.value'));
  }
});

test('fail/a union must have exactly one member', () => {
  refused(
    'CreateTrustAnchorRequest',
    { name: 'x', source: { sourceType: 'AWS_ACM_PCA', sourceData: {} } },
    'ValidationException',
    'Exactly one of',
  );
  refused(
    'CreateTrustAnchorRequest',
    {
      name: 'x',
      source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: 'a', x509CertificateData: 'b' } },
    },
    'ValidationException',
    'Exactly one of',
  );
});

test('fail/wrong JSON types are SerializationException', () => {
  refused('CreateProfileRequest', { name: 7, roleArns: [ROLE] }, 'SerializationException', "'name'");
  refused('CreateProfileRequest', { name: 'x', roleArns: ROLE }, 'SerializationException', "'roleArns'");
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: [ROLE], durationSeconds: 1.5 },
    'SerializationException',
    'integer',
  );
  refused(
    'CreateProfileRequest',
    { name: 'x', roleArns: [ROLE], enabled: 'yes' },
    'SerializationException',
    'boolean',
  );
  refused(
    'ImportCrlRequest',
    { name: 'x', crlData: 'not base64!', trustAnchorArn: 'arn' },
    'SerializationException',
    'base64',
  );
});

test('fail/blob sizes are measured in decoded bytes', () => {
  const big = Buffer.alloc(300_001).toString('base64');
  refused(
    'ImportCrlRequest',
    {
      name: 'x',
      crlData: big,
      trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/${UUID}`,
    },
    'ValidationException',
    'length less than or equal to 300000',
  );
});
