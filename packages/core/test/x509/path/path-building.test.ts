/**
 * Path building: the chain the client sends may be in any order, hold the leaf, anchors and
 * unrelated certificates; several anchors and cross-certificates may offer several paths; loops
 * and hostile same-name chains must end within the bounds. Harness: path-cases.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchPaths } from '@anchorage/core/x509/path/build-paths';
import { PATH_LIMITS } from '@anchorage/core/x509/path/path-limits';
import { createSignatureChecker } from '@anchorage/core/x509/path/signature-checker';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { cert, certs, check, NOW, type Row } from './path-cases.ts';

const ROWS: readonly Row[] = [
  {
    name: 'ok/two intermediates supplied in reverse order',
    leaf: 'leaf-b',
    chain: ['int-b1', 'int-b2'],
    expect: ['leaf-b', 'int-b2', 'int-b1', 'root-a'],
  },
  {
    name: 'ok/the chain holds the leaf and the anchor as well',
    leaf: 'leaf-b',
    chain: ['root-a', 'leaf-b', 'int-b2', 'int-b1'],
    expect: ['leaf-b', 'int-b2', 'int-b1', 'root-a'],
  },
  {
    name: 'ok/unrelated certificates in the chain are ignored',
    leaf: 'leaf-a',
    chain: ['root-b', 'leaf-rsa', 'int-b1', 'int-nc', 'int-a'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'ok/two anchors: the one that issued the chain is found',
    leaf: 'leaf-a',
    anchors: ['root-b', 'root-a'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'ok/an intermediate CA as the anchor: the path stops there',
    leaf: 'leaf-a',
    chain: [],
    anchors: ['int-a'],
    expect: ['leaf-a', 'int-a'],
  },
  {
    name: 'ok/a chain certificate with an anchor’s name and key IS that anchor (its cross-signed copy)',
    leaf: 'leaf-a',
    chain: ['int-a-by-root-b'],
    anchors: ['int-a'],
    expect: ['leaf-a', 'int-a'],
  },
  {
    name: 'ok/cross-certificate: the first candidate leads nowhere, the second to root-b',
    leaf: 'leaf-a',
    chain: ['int-a', 'int-a-by-root-b'],
    anchors: ['root-b'],
    expect: ['leaf-a', 'int-a-by-root-b', 'root-b'],
  },
  {
    name: 'ok/an expired copy of the intermediate is passed over for the valid one',
    leaf: 'leaf-a',
    chain: ['int-a-expired', 'int-a'],
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'fail/only the expired copy of the intermediate',
    leaf: 'leaf-a',
    chain: ['int-a-expired'],
    expect: 'expired',
    reason: 'intermediate CN=Path Test Intermediate A',
  },
  {
    name: 'fail/two CAs that certify each other: a loop without an anchor',
    leaf: 'loop-leaf',
    chain: ['loop-x', 'loop-y'],
    expect: 'untrusted',
  },
];

for (const row of ROWS) {
  test(row.name, () => {
    check(row);
  });
}

test('fail/20 CAs sharing one name: path building stops within its bounds', () => {
  const hydra = certs('hydra-chain');
  assert.equal(hydra.length, 20);
  const result = validatePath({
    leaf: cert('hydra-leaf'),
    intermediates: hydra,
    anchors: [cert('root-a')],
    crls: [],
    now: NOW,
  });
  assert.ok(!result.ok);
  assert.equal(result.code, 'untrusted');

  const checker = createSignatureChecker(PATH_LIMITS.maxSignatureChecks);
  const search = searchPaths({
    leaf: cert('hydra-leaf'),
    intermediates: hydra,
    anchors: [cert('root-a')],
    now: NOW,
    checker,
    maxPathCertificates: PATH_LIMITS.maxPathCertificates,
  });
  assert.deepEqual([...search.paths], []);
  assert.ok(checker.performed <= PATH_LIMITS.maxSignatureChecks);
  assert.notEqual(search.report.exhausted, null);
});

test('ok/the first hydra CA as the anchor: a path within the depth bound is found', () => {
  // The leaf hangs below the 20th CA; with the 16th as anchor the path is 5 certificates long.
  const hydra = certs('hydra-chain');
  const anchor = hydra[15];
  assert.ok(anchor !== undefined);
  const result = validatePath({
    leaf: cert('hydra-leaf'),
    intermediates: hydra,
    anchors: [anchor],
    crls: [],
    now: NOW,
  });
  assert.ok(result.ok, result.ok ? '' : result.reason);
  assert.equal(result.path.length, 6);
});

test('ok/signature checks are memoised across candidate paths', () => {
  const checker = createSignatureChecker(10);
  const leaf = cert('leaf-a');
  const issuer = cert('int-a');
  assert.equal(checker.verify(leaf, issuer), true);
  assert.equal(checker.verify(leaf, issuer), true);
  assert.equal(checker.performed, 1);
  assert.equal(checker.verify(leaf, cert('root-a')), false);
  assert.equal(checker.performed, 2);
});
