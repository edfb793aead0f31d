/**
 * Revocation by the CRLs imported for the anchor (harness: path-cases.ts; CRLs of
 * ../../vectors/x509/path/: fresh ones run 2025-08-01 to 2025-10-01, the stale one 2025-06-01 to
 * 2025-07-01; the tests validate at 2025-09-01).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { cert, check, crl, NOW, type Row } from './path-cases.ts';

const ROWS: readonly Row[] = [
  {
    name: 'ok/a CRL of the issuer that does not list the leaf',
    leaf: 'leaf-a',
    crls: ['int-a'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'fail/the issuer’s CRL lists the leaf',
    leaf: 'leaf-revoked',
    crls: ['int-a'],
    expect: 'revoked',
    reason: 'revoked on 2025-05-15T00:00:00.000Z, reason keyCompromise',
  },
  {
    name: 'fail/the root’s CRL lists the intermediate',
    leaf: 'leaf-a',
    crls: ['root-a-revokes-int-a'],
    expect: 'revoked',
    reason: 'intermediate CN=Path Test Intermediate A',
  },
  {
    name: 'ok/a CRL of another CA listing the leaf’s serial is ignored',
    leaf: 'leaf-a',
    crls: ['root-b-lists-1001'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'ok/a CRL with the issuer’s name but another key is ignored (bad signature)',
    leaf: 'leaf-a',
    crls: ['impostor-int-a-lists-1001'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'fail/a stale CRL still revokes what it lists',
    leaf: 'leaf-revoked',
    crls: ['int-a-stale'],
    expect: 'revoked',
  },
  {
    name: 'ok/a stale CRL that does not list the leaf',
    leaf: 'leaf-a',
    crls: ['int-a-stale'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'fail/the issuer’s CRL is signed with SHA-1',
    leaf: 'leaf-a',
    crls: ['int-a-sha1'],
    expect: 'weak-signature-algorithm',
    reason: 'ecdsa-with-SHA1',
  },
  {
    name: 'fail/the issuer’s CRL has no cRLNumber: revocation status unknown',
    leaf: 'leaf-a',
    crls: ['int-a-without-number'],
    expect: 'malformed',
    reason: 'has no cRLNumber',
  },
  {
    name: 'fail/the CRL issuer’s keyUsage lacks cRLSign',
    leaf: 'int-no-crlsign-leaf',
    chain: ['int-no-crlsign'],
    crls: ['int-no-crlsign'],
    expect: 'ca-key-usage',
    reason: 'cRLSign',
  },
  {
    name: 'ok/without the CRL, the same issuer is fine',
    leaf: 'int-no-crlsign-leaf',
    chain: ['int-no-crlsign'],
    expect: ['int-no-crlsign-leaf', 'int-no-crlsign', 'root-a'],
  },
];

for (const row of ROWS) {
  test(row.name, () => {
    check(row);
  });
}

test('ok/validUntil includes the nextUpdate of the current CRLs used', () => {
  const result = check({
    name: 'fresh',
    leaf: 'leaf-a',
    crls: ['int-a', 'root-b-lists-1001'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  });
  assert.ok(result.ok);
  assert.equal(result.validUntil, Date.parse('2025-10-01T00:00:00Z'));
});

test('ok/a stale CRL does not bound validUntil (it is not current evidence)', () => {
  const result = check({
    name: 'stale',
    leaf: 'leaf-a',
    crls: ['int-a-stale'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  });
  assert.ok(result.ok);
  assert.equal(result.validUntil, Date.parse('2026-06-01T00:00:00Z'));
});

test('ok/the cross-signed path is checked against the CRLs of its own issuers', () => {
  // root-a revokes int-a's certificate 0A01; the copy cross-signed by root-b is another one.
  const result = validatePath({
    leaf: cert('leaf-a'),
    intermediates: [cert('int-a-by-root-b')],
    anchors: [cert('root-b')],
    crls: [crl('root-a-revokes-int-a')],
    now: NOW,
  });
  assert.ok(result.ok, result.ok ? '' : result.reason);
});
