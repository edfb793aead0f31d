import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { checkSessionPolicy } from '@anchorage/core/policy/check-session-policy';
import { isLocal, parseResourceArn, resourceArn } from '@anchorage/core/rolesanywhere/arn';
import {
  deleteAttributeMapping,
  putAttributeMapping,
} from '@anchorage/core/rolesanywhere/attribute-mappings';
import {
  DEFAULT_ATTRIBUTE_MAPPINGS,
  DEFAULT_NOTIFICATION_SETTINGS,
} from '@anchorage/core/rolesanywhere/defaults';
import {
  putNotificationSettings,
  resetNotificationSettings,
} from '@anchorage/core/rolesanywhere/notification-settings';
import { mergeTags, removeTags } from '@anchorage/core/rolesanywhere/tags';

const here = { partition: 'aws', region: 'us-east-1', accountId: '123456789012' };

function fails(fn: () => unknown, code: string, part: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof AnchorageError && e.code === code && e.message.includes(part),
  );
}

test('ok/ARNs round-trip and locality is checked', () => {
  const arn = resourceArn(here, 'trust-anchor', 'abc');
  assert.equal(arn, 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/abc');
  const parsed = parseResourceArn(arn);
  assert.deepEqual(parsed, { ...here, type: 'trust-anchor', id: 'abc' });
  assert.ok(parsed && isLocal(parsed, here));
  assert.ok(parsed && !isLocal(parsed, { ...here, region: 'eu-west-1' }));
  assert.equal(parseResourceArn('arn:aws:rolesanywhere:us-east-1:123456789012:widget/abc'), undefined);
  assert.equal(parseResourceArn('arn:aws:iam::123456789012:role/x'), undefined);
});

test('ok/PutAttributeMapping replaces one field and normalises Name specifiers', () => {
  const result = putAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509SAN', ['Name', 'DNS', 'Name/']);
  assert.deepEqual(result.find((m) => m.certificateField === 'x509SAN')?.mappingRules, [
    { specifier: 'Name/*' },
    { specifier: 'DNS' },
  ]);
  assert.equal(result.length, 3);
  assert.deepEqual(putAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509Subject', []).length, 2);
});

test('ok/DeleteAttributeMapping removes specifiers, or the whole field without them', () => {
  const fewer = deleteAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509SAN', ['Name']);
  assert.deepEqual(fewer.find((m) => m.certificateField === 'x509SAN')?.mappingRules, [
    { specifier: 'DNS' },
    { specifier: 'URI' },
  ]);
  assert.equal(deleteAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509Issuer', undefined).length, 2);
  assert.equal(deleteAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509Issuer', ['*']).length, 2);
  assert.deepEqual(
    deleteAttributeMapping(DEFAULT_ATTRIBUTE_MAPPINGS, 'x509Issuer', ['CN']),
    DEFAULT_ATTRIBUTE_MAPPINGS,
  );
});

test('ok/notification settings merge by key and reset to defaults', () => {
  const custom = putNotificationSettings(
    DEFAULT_NOTIFICATION_SETTINGS,
    [{ enabled: false, event: 'CA_CERTIFICATE_EXPIRY' }],
    '123456789012',
  );
  assert.deepEqual(custom[0], {
    enabled: false,
    event: 'CA_CERTIFICATE_EXPIRY',
    threshold: 45,
    channel: 'ALL',
    configuredBy: '123456789012',
  });
  assert.deepEqual(custom[1], DEFAULT_NOTIFICATION_SETTINGS[1]);
  assert.deepEqual(
    resetNotificationSettings(custom, [{ event: 'CA_CERTIFICATE_EXPIRY' }]),
    DEFAULT_NOTIFICATION_SETTINGS,
  );
});

test('fail/notification settings: enabled without threshold, duplicate keys', () => {
  fails(
    () => putNotificationSettings([], [{ enabled: true, event: 'CA_CERTIFICATE_EXPIRY' }], 'x'),
    'ValidationException',
    'threshold is required',
  );
  fails(
    () =>
      putNotificationSettings(
        [],
        [
          { enabled: false, event: 'CA_CERTIFICATE_EXPIRY' },
          { enabled: false, event: 'CA_CERTIFICATE_EXPIRY', channel: 'ALL' },
        ],
        'x',
      ),
    'ValidationException',
    'Duplicate',
  );
});

test('ok/tags overwrite by key and untag ignores absent keys', () => {
  const tags = mergeTags(
    [{ key: 'a', value: '1' }],
    [
      { key: 'a', value: '2' },
      { key: 'b', value: '3' },
    ],
  );
  assert.deepEqual(tags, [
    { key: 'a', value: '2' },
    { key: 'b', value: '3' },
  ]);
  assert.deepEqual(removeTags(tags, ['a', 'zzz']), [{ key: 'b', value: '3' }]);
});

test('fail/tags: more than 50, duplicates in a request, reserved prefix', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' }));
  fails(() => mergeTags(fifty, [{ key: 'one-more', value: '' }]), 'TooManyTagsException', 'at most 50');
  assert.equal(mergeTags(fifty, [{ key: 'k1', value: 'overwrite' }]).length, 50);
  fails(
    () =>
      mergeTags(
        [],
        [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      ),
    'ValidationException',
    'Duplicate',
  );
  fails(() => mergeTags([], [{ key: 'AWS:thing', value: '1' }]), 'ValidationException', 'reserved');
});

test('ok/session policies: a valid identity policy passes', () => {
  checkSessionPolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
    }),
  );
});

test('fail/session policies: JSON, grammar and size', () => {
  fails(() => checkSessionPolicy('{'), 'MalformedPolicyDocument', 'Syntax errors');
  fails(() => checkSessionPolicy('[]'), 'MalformedPolicyDocument', '');
  fails(() => checkSessionPolicy('{"Version":"2012-10-17"}'), 'MalformedPolicyDocument', 'Statement');
  fails(
    () => checkSessionPolicy('{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}'),
    'MalformedPolicyDocument',
    'Effect',
  );
  fails(
    () => checkSessionPolicy('{"Statement":[{"Effect":"Allow","Resource":"*"}]}'),
    'MalformedPolicyDocument',
    'action',
  );
  fails(
    () =>
      checkSessionPolicy('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]}'),
    'MalformedPolicyDocument',
    'principal',
  );
  const huge = JSON.stringify({
    Statement: [{ Effect: 'Allow', Action: `s3:${'x'.repeat(2100)}`, Resource: '*' }],
  });
  fails(() => checkSessionPolicy(huge), 'ValidationException', 'at most 2048');
  fails(() => checkSessionPolicy('{"Statement":"\u0100"}'), 'ValidationException', 'characters');
});
