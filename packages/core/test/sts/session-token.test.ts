import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { assumedRoleArn, assumedRoleUserId, type SessionClaims } from '@anchorage/core/sts/session-claims';
import { openSessionToken, sealSessionToken, sessionTokenKeyId } from '@anchorage/core/sts/session-token';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const key = { id: 'k1', key: createSecretKey(randomBytes(32)) };
const claims: SessionClaims = {
  accessKeyId: 'ASIAABCDEFGHIJKLMNOP',
  secretAccessKey: 'secret/secret+secret',
  partition: 'aws',
  accountId: '123456789012',
  roleArn: 'arn:aws:iam::123456789012:role/app/Workload',
  roleId: 'AROAABCDEFGHIJKLMNOPQ',
  roleName: 'Workload',
  sessionName: 'alice',
  sourceIdentity: 'CN=alice',
  tags: [{ key: 'team', value: 'blue' }],
  transitiveTagKeys: ['team'],
  sessionPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
  sessionPolicyArns: [],
  issuedAt: NOW,
  expiresAt: NOW + 3600_000,
  chained: false,
  issuedBy: 'sts:AssumeRole',
};

function fails(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof AnchorageError && e.code === code);
}

test('ok/a sealed token opens to the same claims and names its key', () => {
  const token = sealSessionToken(claims, key, randomBytes(12));
  assert.ok(token.startsWith('ANC1'));
  assert.equal(sessionTokenKeyId(token), 'k1');
  assert.deepEqual(openSessionToken(token, claims.accessKeyId, key, NOW + 1000), claims);
  assert.ok(!token.includes('secret'), 'nothing of the claims is readable');
  assert.equal(assumedRoleArn(claims), 'arn:aws:sts::123456789012:assumed-role/Workload/alice');
  assert.equal(assumedRoleUserId(claims), 'AROAABCDEFGHIJKLMNOPQ:alice');
});

test('fail/expired tokens are ExpiredTokenException', () => {
  const token = sealSessionToken(claims, key, randomBytes(12));
  fails(() => openSessionToken(token, claims.accessKeyId, key, claims.expiresAt), 'ExpiredTokenException');
});

test('fail/tampered tokens, other keys and other access key ids are UnrecognizedClientException', () => {
  const token = sealSessionToken(claims, key, randomBytes(12));
  const raw = Buffer.from(token.slice(4), 'base64url');
  for (const at of [raw.length - 1, raw.length - 20, 1 + 2 + 12 + 3]) {
    const copy = Buffer.from(raw);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    fails(
      () => openSessionToken(`ANC1${copy.toString('base64url')}`, claims.accessKeyId, key, NOW),
      'UnrecognizedClientException',
    );
  }
  fails(() => openSessionToken(token, 'ASIAOTHERKEY00000000', key, NOW), 'UnrecognizedClientException');
  fails(
    () =>
      openSessionToken(token, claims.accessKeyId, { id: 'k1', key: createSecretKey(randomBytes(32)) }, NOW),
    'UnrecognizedClientException',
  );
  fails(() => openSessionToken('ANC1AA', claims.accessKeyId, key, NOW), 'UnrecognizedClientException');
});

test('fail/strings that are not our tokens have no key id', () => {
  for (const text of ['', 'FwoGZXIvYXdzE', 'ANC1', 'ANC1AA', `ANC1${'A'.repeat(9000)}`]) {
    assert.equal(sessionTokenKeyId(text), undefined, text.slice(0, 10));
  }
});

test('ok/large claims (a long session policy) are compressed and still open to the same claims', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 20 }, (_, i) => ({
      Effect: 'Allow',
      Action: `s3:GetObject`,
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    })),
  });
  const big = { ...claims, sessionPolicy: policy };
  const token = sealSessionToken(big, key, randomBytes(12));
  assert.ok(
    token.length < Buffer.byteLength(JSON.stringify(big)),
    'compressed: smaller than the claims themselves',
  );
  assert.deepEqual(openSessionToken(token, big.accessKeyId, key, NOW), big);
});
