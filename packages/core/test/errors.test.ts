import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError, ERROR_CATALOGUE } from '@anchorage/core/errors';

test('ok/every catalogue entry maps to a 4xx client fault or a 5xx server fault', () => {
  for (const [code, { status, fault }] of Object.entries(ERROR_CATALOGUE)) {
    assert.equal(fault === 'client', status < 500, code);
  }
});

test('ok/reason defaults to the message and stays off the wire message', () => {
  const plain = new AnchorageError('ValidationException', 'name is invalid');
  assert.equal(plain.reason, 'name is invalid');
  const precise = new AnchorageError('AccessDeniedException', 'Access denied', {
    reason: 'CRL lists serial 01',
  });
  assert.equal(precise.message, 'Access denied');
  assert.equal(precise.reason, 'CRL lists serial 01');
  assert.equal(precise.status, 403);
});
