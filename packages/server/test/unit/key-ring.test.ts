import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 27);

test('ok/one key is made on first use, reused, and shared with another server through the store', async () => {
  const store = createMemoryStore();
  const box = createSecretBox(randomBytes(32));
  const a = createKeyRing(store, box, 24 * HOUR);
  const first = await a.sealingKey(T0);
  assert.equal((await a.sealingKey(T0 + HOUR)).id, first.id);
  const b = createKeyRing(store, box, 24 * HOUR);
  const seen = await b.key(first.id, T0 + 2 * HOUR);
  assert.deepEqual(seen?.key.export(), first.key.export(), 'the same key bytes');
  assert.equal((await b.sealingKey(T0 + 2 * HOUR)).id, first.id, 'the second server seals with the same key');
  assert.equal(await store.tokenKeys.count(), 1);
});

test('ok/rotation: a due key is replaced, the old one still opens tokens until its sessions expire', async () => {
  const store = createMemoryStore();
  const box = createSecretBox(randomBytes(32));
  const ring = createKeyRing(store, box, 24 * HOUR);
  const first = await ring.sealingKey(T0);
  const second = await ring.sealingKey(T0 + 25 * HOUR);
  assert.notEqual(second.id, first.id);
  assert.equal((await store.tokenKeys.get(first.id))?.status, 'retired');
  assert.ok(await ring.key(first.id, T0 + 30 * HOUR), 'a retired key still opens tokens');
  const third = await ring.sealingKey(T0 + 50 * HOUR);
  assert.notEqual(third.id, second.id);
  assert.equal(
    await store.tokenKeys.get(first.id),
    undefined,
    'keys past every session lifetime are deleted',
  );
  assert.equal(await ring.key(first.id, T0 + 60 * HOUR), undefined);
});

test('fail/unknown key ids are looked up in the store at most once a second', async () => {
  const store = createMemoryStore();
  const box = createSecretBox(randomBytes(32));
  const ring = createKeyRing(store, box);
  assert.equal(await ring.key('nope', T0), undefined);
  const other = createKeyRing(store, box);
  const made = await other.rotate(T0 + 10);
  assert.equal(await ring.key(made.id, T0 + 500), undefined, 'too soon to read the store again');
  assert.ok(await ring.key(made.id, T0 + 1500));
});
