import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('ok/docs/errors.md lists exactly the catalogue, with the same statuses and faults', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `(\w+)` \| (\d{3}) \| (client|server) \|/gm)].map((m) => [
    m[1],
    Number(m[2]),
    m[3],
  ]);
  const catalogue = Object.entries(ERROR_CATALOGUE).map(([code, { status, fault }]) => [code, status, fault]);
  assert.deepEqual(rows.sort(), catalogue.sort());
});
