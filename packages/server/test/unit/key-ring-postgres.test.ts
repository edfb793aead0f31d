/**
 * Key rotation across servers that share PostgreSQL: a key one server rotates in is found by the
 * other when a token names it, and the other then seals with it too (no second new key).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { openPostgresStore } from '@anchorage/store/postgres/postgres-store';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from '../support/postgres.ts';

const DATABASE = TEST_DATABASE_URL;
const schema = `anchorage_keyring_${randomBytes(4).toString('hex')}`;
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 27);

// Under CI, PostgreSQL must be there: this fails rather than skips.
const skip = await postgresSkip();

after(async () => {
  if (skip !== false) return;
  await dropSchemas(schema);
});

test('ok/a key rotated in by one server opens on the other, which then seals with it', { skip }, async () => {
  const box = createSecretBox(randomBytes(32));
  const storeA = await openPostgresStore(DATABASE, { schema });
  const storeB = await openPostgresStore(DATABASE, { schema });
  try {
    const a = createKeyRing(storeA, box, 24 * HOUR);
    const b = createKeyRing(storeB, box, 24 * HOUR);
    const first = await a.sealingKey(T0);
    assert.equal((await b.sealingKey(T0 + HOUR)).id, first.id);
    const rotated = await a.rotate(T0 + 2 * HOUR);
    assert.notEqual(rotated.id, first.id);
    // B has the old key cached; a token sealed with the new one makes it read the store.
    const opened = await b.key(rotated.id, T0 + 3 * HOUR);
    assert.deepEqual(opened?.key.export(), rotated.key.export());
    assert.equal((await b.sealingKey(T0 + 3 * HOUR)).id, rotated.id);
    assert.ok(await b.key(first.id, T0 + 3 * HOUR), 'the retired key still opens its sessions');
    assert.equal(await storeA.tokenKeys.count(), 2);
  } finally {
    await storeA.close();
    await storeB.close();
  }
});
