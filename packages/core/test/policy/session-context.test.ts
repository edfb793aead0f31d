/**
 * `sessionContext` fills the global condition keys of a request the way AWS documents them (IAM
 * User Guide "AWS global condition context keys"; "IAM policy elements: Variables and tags",
 * principal key values), with time from the `now` argument only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '@anchorage/core/policy/evaluate';
import { parsePolicy } from '@anchorage/core/policy/parse-policy';
import { sessionContext } from '@anchorage/core/policy/session-context';
import { principalOf } from './support.ts';

const NOW = Date.UTC(2026, 10, 27, 10, 0, 0, 750);
const ISSUED = Date.UTC(2026, 10, 27, 9, 0, 0);

test('ok/sessionContext: a role session', () => {
  const context = sessionContext({
    principalArn: 'arn:aws:iam::111122223333:role/app',
    accountId: '111122223333',
    roleId: 'AROAEXAMPLEID',
    sessionName: 'workload-1',
    principalTags: { team: 'blue', env: 'dev' },
    sessionTags: { env: 'prod' },
    sourceIdentity: 'alice@example.com',
    tokenIssueTime: ISSUED,
    now: NOW,
    sourceIp: '203.0.113.7',
    secureTransport: true,
    requestKeys: { 'sts:RoleSessionName': 'workload-1', 'AWS:CurrentTime': 'spoofed' },
  });
  assert.deepEqual(context, {
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app',
    'aws:PrincipalAccount': '111122223333',
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': 'AROAEXAMPLEID:workload-1',
    'aws:PrincipalTag/team': 'blue',
    'aws:PrincipalTag/env': 'prod',
    'aws:SourceIdentity': 'alice@example.com',
    'aws:TokenIssueTime': '2026-11-27T09:00:00Z',
    'aws:CurrentTime': '2026-11-27T10:00:00Z',
    'aws:EpochTime': '1795773600',
    'aws:SourceIp': '203.0.113.7',
    'aws:SecureTransport': 'true',
    'sts:RoleSessionName': 'workload-1',
  });
});

test('ok/sessionContext: an IAM user has aws:username, request tags give aws:RequestTag and aws:TagKeys', () => {
  const context = sessionContext({
    principalArn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    userName: 'alice',
    userId: 'AIDAEXAMPLE',
    now: 0,
    requestTags: { project: 'x', cost: 'y' },
    multiFactorAuthPresent: false,
    sourceArn: 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/abc',
    sourceAccount: '111122223333',
  });
  assert.deepEqual(context, {
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice',
    'aws:PrincipalAccount': '111122223333',
    'aws:PrincipalType': 'User',
    'aws:userid': 'AIDAEXAMPLE',
    'aws:username': 'alice',
    'aws:RequestTag/project': 'x',
    'aws:RequestTag/cost': 'y',
    'aws:TagKeys': ['project', 'cost'],
    'aws:CurrentTime': '1970-01-01T00:00:00Z',
    'aws:EpochTime': '0',
    'aws:MultiFactorAuthPresent': 'false',
    'aws:SourceArn': 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/abc',
    'aws:SourceAccount': '111122223333',
  });
});

test('ok/sessionContext: keys with unknown values are absent, not empty', () => {
  const context = sessionContext({
    principalArn: 'arn:aws:iam::111122223333:role/app',
    accountId: '111122223333',
    roleId: 'AROAX',
    now: NOW,
  });
  assert.equal('aws:userid' in context, false, 'no session name, no aws:userid');
  assert.equal('aws:TokenIssueTime' in context, false);
  assert.equal('aws:SourceIp' in context, false);
  assert.equal('aws:TagKeys' in context, false);
  assert.equal('aws:username' in context, false);
});

test('ok/sessionContext: the built context drives conditions and variables', () => {
  const policy = parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Sid: 'Team',
        Effect: 'Allow',
        Action: 's3:GetObject',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template placeholder
        Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
        Condition: {
          DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' },
          NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
          Bool: { 'aws:SecureTransport': 'true' },
          IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
          StringLike: { 'aws:userid': 'AROAEXAMPLEID:*' },
        },
      },
    }),
    'identity',
  );
  const context = sessionContext({
    principalArn: 'arn:aws:iam::111122223333:role/app',
    accountId: '111122223333',
    roleId: 'AROAEXAMPLEID',
    sessionName: 'workload-1',
    principalTags: { team: 'blue' },
    now: NOW,
    sourceIp: '203.0.113.7',
    secureTransport: true,
  });
  const decision = evaluate(
    {
      principal: principalOf('role-session'),
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/blue/x',
      context,
    },
    { identityPolicies: [{ id: 'p', policy }] },
  );
  assert.equal(decision.decision, 'Allowed', decision.reason);
  assert.deepEqual(decision.missingContextKeys, []);
});
