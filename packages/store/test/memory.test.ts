import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCursor, encodeCursor } from '@anchorage/store/cursor';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { InvalidCursorError } from '@anchorage/store/port';
import { runStoreConformance } from './conformance.ts';

runStoreConformance('memory', async () => createMemoryStore());

// The cursor codec is shared by every backend; these cases depend on its format, so they live
// here rather than in the format-agnostic conformance suite.
test('ok/cursor/a cursor decodes to the sequence number it was made from', () => {
  for (const seq of [1, 2, 1_000_000, Number.MAX_SAFE_INTEGER]) {
    assert.equal(decodeCursor('profiles', encodeCursor('profiles', seq)), seq);
  }
});

test('fail/cursor/altered, foreign or out-of-range cursors are refused', () => {
  const encode = (text: string) => Buffer.from(text).toString('base64url');
  const bad = [
    encode('v2:profiles:1'),
    encode('v1:profiles:0'),
    encode('v1:profiles:-1'),
    encode('v1:profiles:01'),
    encode('v1:profiles:1.5'),
    encode('v1:profiles:1e3'),
    encode('v1:profiles:99999999999999999'),
    encode('v1:profiles:'),
    encode('v1:trustAnchors:1'),
    encode('v1:profiles:1\n'),
    `${encode('v1:profiles:1')}=`,
    Buffer.from('v1:profiles:1').toString('base64').replace(/=+$/, '=='),
  ];
  for (const cursor of bad) assert.throws(() => decodeCursor('profiles', cursor), InvalidCursorError, cursor);
});
