/**
 * Console sessions against the in-memory store: only the token's SHA-256 is stored; a live
 * session loads; an expired one is refused and removed; a session of a deactivated key ends;
 * temporary credentials end the session with them; password sessions end when the password
 * changes; the bounded sweep removes expired sessions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import {
  callerOf,
  endSessionsOf,
  loadSession,
  SESSION_LIFETIME_MS,
  sessionId,
  startSession,
  sweepExpiredSessions,
} from '../../src/console/session.ts';

const ROOT = 'arn:aws:iam::000000000000:root';
const NOW = Date.parse('2030-01-01T00:00:00Z');

async function storeWithKey() {
  const store = createMemoryStore();
  await store.accessKeys.insert({
    id: 'AKIAEXAMPLEKEY000001',
    principalArn: ROOT,
    sealedSecret: 'x',
    status: 'Active',
    createdAt: new Date(NOW).toISOString(),
  });
  return store;
}

test('ok/a session is stored under the hash of its token, loads while live, and is removed once expired', async () => {
  const store = await storeWithKey();
  const { token, record } = await startSession(
    store,
    { principalArn: ROOT, accessKeyId: 'AKIAEXAMPLEKEY000001', method: 'access-key' },
    NOW,
  );
  assert.equal(record.id, sessionId(token));
  assert.equal(await store.consoleSessions.get(token), undefined, 'the token itself is not a key');
  assert.equal(JSON.stringify(await store.consoleSessions.get(record.id)).includes(token), false);
  assert.equal(record.expiresAt, new Date(NOW + SESSION_LIFETIME_MS).toISOString());
  assert.equal((await loadSession(store, token, NOW + SESSION_LIFETIME_MS - 1))?.id, record.id);
  assert.equal(await loadSession(store, token, NOW + SESSION_LIFETIME_MS), undefined);
  assert.equal(await store.consoleSessions.get(record.id), undefined, 'removed when presented expired');
  assert.deepEqual(callerOf(record), { accessKeyId: 'AKIAEXAMPLEKEY000001', principalArn: ROOT });
});

test('fail/a session whose access key was deactivated ends at once', async () => {
  const store = await storeWithKey();
  const { token } = await startSession(
    store,
    { principalArn: ROOT, accessKeyId: 'AKIAEXAMPLEKEY000001', method: 'access-key' },
    NOW,
  );
  await store.accessKeys.update('AKIAEXAMPLEKEY000001', (k) => ({ ...k, status: 'Inactive' }));
  assert.equal(await loadSession(store, token, NOW + 1), undefined);
});

test('ok/temporary credentials: the session ends with them and acts as the role session, without the secret', async () => {
  const store = createMemoryStore();
  const claims = {
    accessKeyId: 'ASIAEXAMPLE000000001',
    partition: 'aws',
    accountId: '000000000000',
    roleArn: 'arn:aws:iam::000000000000:role/R',
    roleId: 'AROAEXAMPLE',
    roleName: 'R',
    sessionName: 's',
    tags: [],
    transitiveTagKeys: [],
    sessionPolicyArns: [],
    issuedAt: NOW,
    expiresAt: NOW + 3600_000,
    chained: false,
    issuedBy: 'sts:AssumeRole',
  };
  const { token, record } = await startSession(
    store,
    {
      principalArn: 'arn:aws:sts::000000000000:assumed-role/R/s',
      accessKeyId: claims.accessKeyId,
      method: 'access-key',
      roleSession: claims,
      credentialsExpireAt: claims.expiresAt,
    },
    NOW,
  );
  assert.equal(record.expiresAt, new Date(NOW + 3600_000).toISOString());
  assert.equal(callerOf(record).session?.roleName, 'R');
  assert.equal(callerOf(record).session?.secretAccessKey, '');
  assert.equal((await loadSession(store, token, NOW + 3599_000))?.id, record.id);
  assert.equal(await loadSession(store, token, NOW + 3600_000), undefined);
});

test('ok/password sessions end when the password changes; the sweep removes expired sessions', async () => {
  const store = await storeWithKey();
  const alice = await startSession(
    store,
    { principalArn: ROOT, accessKeyId: 'AKIAEXAMPLEKEY000001', method: 'password', userName: 'alice' },
    NOW,
  );
  const bob = await startSession(
    store,
    { principalArn: ROOT, accessKeyId: 'AKIAEXAMPLEKEY000001', method: 'password', userName: 'bob' },
    NOW,
  );
  await endSessionsOf(store, 'alice');
  assert.equal(await store.consoleSessions.get(alice.record.id), undefined);
  assert.notEqual(await store.consoleSessions.get(bob.record.id), undefined);
  await sweepExpiredSessions(store, NOW + SESSION_LIFETIME_MS + 1);
  assert.equal(await store.consoleSessions.count(), 0);
});
