import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from '../../src/secrets/secret-box.ts';

test('ok/seal then open returns the secret; two seals differ', () => {
  const box = createSecretBox(randomBytes(32));
  const a = box.seal('wJalrXUtnFEMI/K7MDENG', 'AKIA1');
  assert.notEqual(a, box.seal('wJalrXUtnFEMI/K7MDENG', 'AKIA1'));
  assert.equal(box.open(a, 'AKIA1'), 'wJalrXUtnFEMI/K7MDENG');
  assert.ok(!a.includes('wJalr'));
});

test('fail/another key, other associated data, or a tampered ciphertext cannot be opened', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('secret', 'AKIA1');
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'AKIA1'));
  assert.throws(() => box.open(sealed, 'AKIA2'));
  const parts = sealed.split('.');
  const body = Buffer.from(parts[2] ?? '', 'base64url');
  body[0] = (body[0] ?? 0) ^ 1;
  assert.throws(() => box.open(`${parts[0]}.${parts[1]}.${body.toString('base64url')}`, 'AKIA1'));
  assert.throws(() => box.open('v2.x.y', 'AKIA1'), /unknown format/);
  assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
});
