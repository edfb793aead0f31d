import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failedConditions } from '@anchorage/core/policy/failed-conditions';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';

const trust = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Anchor',
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole'],
        Condition: {
          ArnEquals: { 'aws:SourceArn': 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a' },
          StringEquals: { 'aws:PrincipalTag/x509Subject/OU': 'Ops' },
        },
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: 'sts:TagSession',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
  }),
  'trust',
);

test('ok/names the statements and entries that failed, with what the request carried', () => {
  const failed = failedConditions(trust, 'sts:AssumeRole', {
    'aws:SourceArn': 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a',
    'aws:PrincipalTag/x509Subject/OU': 'Dev',
  });
  assert.deepEqual(failed, [
    {
      sid: 'Anchor',
      index: 0,
      failing: ['StringEquals aws:PrincipalTag/x509Subject/OU ["Ops"] (request: ["Dev"])'],
    },
  ]);
  assert.deepEqual(failedConditions(trust, 'sts:TagSession', {}), [
    { index: 1, failing: ['Bool aws:SecureTransport ["true"] (request: absent)'] },
  ]);
});

test('ok/nothing to explain when the conditions hold or no statement covers the action', () => {
  assert.deepEqual(failedConditions(trust, 'sts:TagSession', { 'aws:SecureTransport': 'true' }), []);
  assert.deepEqual(failedConditions(trust, 's3:GetObject', {}), []);
});
