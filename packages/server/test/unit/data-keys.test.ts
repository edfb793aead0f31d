import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataKeyBox, loadDataKeys } from '../../src/secrets/data-keys.ts';
import { createKeySetBox } from '../../src/secrets/key-set-box.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';

const b64 = (key: Buffer) => key.toString('base64');

test('ok/during a rotation the box seals with the next key and opens what either key sealed', () => {
  const current = randomBytes(32);
  const next = randomBytes(32);
  const box = createKeySetBox(next, current);
  const old = createSecretBox(current).seal('old secret', 'AKIA1');
  const sealed = box.seal('new secret', 'AKIA1');
  assert.equal(box.open(old, 'AKIA1'), 'old secret');
  assert.equal(box.open(sealed, 'AKIA1'), 'new secret');
  assert.equal(createSecretBox(next).open(sealed, 'AKIA1'), 'new secret', 'sealed with the next key');
  assert.throws(() => createSecretBox(current).open(sealed, 'AKIA1'));
  assert.throws(
    () => createKeySetBox(randomBytes(32), randomBytes(32)).open(sealed, 'AKIA1'),
    'no other key',
  );
  assert.throws(() => box.open(sealed, 'AKIA2'), 'still bound to its record');
});

test('ok/keys in the environment: ANCHORAGE_DATA_KEY_NEXT is the next key; the same key twice is no rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-keys-'));
  const current = randomBytes(32);
  const next = randomBytes(32);
  const keys = loadDataKeys(dir, { ANCHORAGE_DATA_KEY: b64(current), ANCHORAGE_DATA_KEY_NEXT: b64(next) });
  assert.equal(keys.source, 'environment');
  assert.deepEqual([keys.current, keys.next], [current, next]);
  const sealed = dataKeyBox(keys).seal('s', 'id');
  assert.equal(createSecretBox(next).open(sealed, 'id'), 's');
  const same = loadDataKeys(dir, { ANCHORAGE_DATA_KEY: b64(current), ANCHORAGE_DATA_KEY_NEXT: b64(current) });
  assert.equal(same.next, undefined);
});

test('ok/keys in files: data.key.next beside data.key is the next key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-keys-'));
  const current = randomBytes(32);
  writeFileSync(join(dir, 'data.key'), `${b64(current)}\n`);
  assert.equal(loadDataKeys(dir, {}).next, undefined);
  const next = randomBytes(32);
  writeFileSync(join(dir, 'data.key.next'), `${b64(next)}\n`);
  const keys = loadDataKeys(dir, {});
  assert.equal(keys.source, 'file');
  assert.deepEqual([keys.current, keys.next], [current, next]);
});

test('fail/a next key without a current one in the environment, or a malformed next key, is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-keys-'));
  assert.throws(
    () => loadDataKeys(dir, { ANCHORAGE_DATA_KEY_NEXT: b64(randomBytes(32)) }),
    /ANCHORAGE_DATA_KEY_NEXT is set but ANCHORAGE_DATA_KEY is not/,
  );
  assert.throws(
    () => loadDataKeys(dir, { ANCHORAGE_DATA_KEY: b64(randomBytes(32)), ANCHORAGE_DATA_KEY_NEXT: 'short' }),
    /ANCHORAGE_DATA_KEY_NEXT must hold a base64-encoded 32-byte key/,
  );
  writeFileSync(join(dir, 'data.key.next'), `${b64(randomBytes(16))}\n`);
  assert.throws(() => loadDataKeys(dir, {}), /data\.key\.next must hold a base64-encoded 32-byte key/);
});
