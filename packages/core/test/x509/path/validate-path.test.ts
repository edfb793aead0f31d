/**
 * validatePath, one rule per row (harness: path-cases.ts). Every PathFailureCode has at least
 * one `fail/` row here or in the neighbouring files (revocation, name constraints).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { cert, check, NOW, type Row, run } from './path-cases.ts';

const ROWS: readonly Row[] = [
  // The plain chain and what every certificate on it may carry.
  { name: 'ok/leaf, intermediate, root', leaf: 'leaf-a', expect: ['leaf-a', 'int-a', 'root-a'] },
  { name: 'ok/RSA-2048 leaf under an ECDSA CA', leaf: 'leaf-rsa', expect: ['leaf-rsa', 'int-a', 'root-a'] },
  {
    name: 'ok/ML-DSA-65 root, ML-DSA-44 leaf (RFC 9881)',
    leaf: 'ml-dsa-leaf',
    chain: [],
    anchors: ['ml-dsa-root'],
    expect: ['ml-dsa-leaf', 'ml-dsa-root'],
  },
  {
    name: 'ok/leaf without basicConstraints',
    leaf: 'leaf-no-basic-constraints',
    expect: ['leaf-no-basic-constraints', 'int-a', 'root-a'],
  },
  { name: 'ok/leaf without extKeyUsage', leaf: 'leaf-no-eku', expect: ['leaf-no-eku', 'int-a', 'root-a'] },
  {
    name: 'ok/leaf with anyExtendedKeyUsage',
    leaf: 'leaf-any-eku',
    expect: ['leaf-any-eku', 'int-a', 'root-a'],
  },
  {
    name: 'ok/critical certificatePolicies are accepted, not enforced',
    leaf: 'leaf-critical-policies',
    expect: ['leaf-critical-policies', 'int-a', 'root-a'],
  },
  {
    name: 'ok/validity is inclusive: at the notBefore second',
    leaf: 'leaf-a',
    now: '2025-06-01T00:00:00Z',
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  {
    name: 'ok/validity is inclusive: 999 ms into the notAfter second',
    leaf: 'leaf-a',
    now: '2026-06-01T00:00:00.999Z',
    expect: ['leaf-a', 'int-a', 'root-a'],
  },
  // Validity.
  {
    name: 'fail/leaf expired',
    leaf: 'leaf-a',
    now: '2026-06-01T00:00:01Z',
    expect: 'expired',
    reason: 'leaf CN=leaf-a,OU=Workloads,O=Example',
  },
  {
    name: 'fail/leaf not yet valid',
    leaf: 'leaf-a',
    now: '2025-05-31T23:59:59Z',
    expect: 'not-yet-valid',
    reason: 'not valid before 2025-06-01T00:00:00.000Z',
  },
  {
    name: 'fail/anchor expired',
    leaf: 'leaf-a',
    now: '2035-01-01T00:00:01Z',
    expect: 'expired',
    reason: 'anchor CN=Path Test Root A',
  },
  // Algorithms and keys.
  {
    name: 'fail/leaf signed with ecdsa-with-SHA1',
    leaf: 'leaf-sha1',
    expect: 'weak-signature-algorithm',
    reason: 'ecdsa-with-SHA1',
  },
  {
    name: "fail/anchor's own self-signature uses SHA-1 (Roles Anywhere §3.1)",
    leaf: 'root-sha1-leaf',
    chain: [],
    anchors: ['root-sha1'],
    expect: 'weak-signature-algorithm',
    reason: 'anchor CN=Path Test SHA-1 Root',
  },
  {
    name: 'fail/RSA-1024 leaf key',
    leaf: 'leaf-rsa1024',
    expect: 'weak-key',
    reason: 'RSA key of 1024 bits',
  },
  {
    name: 'fail/outer and signed algorithm fields differ',
    leaf: 'leaf-mismatched-algorithm',
    expect: 'malformed',
    reason: '§4.1.1.2',
  },
  { name: 'fail/serial number zero', leaf: 'leaf-serial-zero', expect: 'malformed', reason: 'not positive' },
  {
    name: 'ok/leaf without key identifiers (they only help to find issuers)',
    leaf: 'leaf-no-aki',
    expect: ['leaf-no-aki', 'int-a', 'root-a'],
  },
  // The leaf (Roles Anywhere §3.1).
  { name: 'fail/leaf is X.509 v1', leaf: 'leaf-v1', expect: 'leaf-not-v3' },
  { name: 'fail/leaf subject is empty', leaf: 'leaf-empty-subject', expect: 'empty-subject' },
  { name: 'fail/leaf is a CA', leaf: 'leaf-ca', expect: 'leaf-is-ca' },
  {
    name: 'fail/leaf without keyUsage (digitalSignature is required)',
    leaf: 'leaf-no-key-usage',
    expect: 'leaf-key-usage',
    reason: 'no keyUsage',
  },
  {
    name: 'fail/leaf keyUsage lacks digitalSignature',
    leaf: 'leaf-key-encipherment',
    expect: 'leaf-key-usage',
    reason: 'lacks digitalSignature',
  },
  {
    name: 'fail/leaf extKeyUsage is serverAuth only',
    leaf: 'leaf-server-auth',
    expect: 'leaf-key-usage',
    reason: 'neither clientAuth nor anyExtendedKeyUsage',
  },
  {
    name: 'fail/leaf with an unknown critical extension',
    leaf: 'leaf-unknown-critical',
    expect: 'unknown-critical-extension',
    reason: '1.3.6.1.4.1.55555.1',
  },
  // Issuers.
  {
    name: 'fail/issuer with basicConstraints cA FALSE',
    leaf: 'int-not-ca-leaf',
    chain: ['int-not-ca'],
    expect: 'not-a-ca',
    reason: 'intermediate CN=int-not-ca,O=Example,C=US',
  },
  {
    name: 'fail/issuer keyUsage without keyCertSign',
    leaf: 'int-no-keycertsign-leaf',
    chain: ['int-no-keycertsign'],
    expect: 'ca-key-usage',
  },
  {
    name: 'fail/critical policyConstraints (policy processing is not implemented)',
    leaf: 'int-policy-constraints-leaf',
    chain: ['int-policy-constraints'],
    expect: 'unknown-critical-extension',
    reason: 'policyConstraints',
  },
  {
    name: 'fail/pathLenConstraint 0 followed by another CA',
    leaf: 'int-p0-sub-leaf',
    chain: ['int-p0-sub', 'int-p0'],
    expect: 'path-length-exceeded',
    reason: 'CN=Path Test below pathlen 0',
  },
  {
    name: 'ok/pathLenConstraint 0 followed by a self-issued rollover certificate (§6.1.4 (l))',
    leaf: 'int-p0-rollover-leaf',
    chain: ['int-p0', 'int-p0-rollover'],
    expect: ['int-p0-rollover-leaf', 'int-p0-rollover', 'int-p0', 'root-a'],
  },
  // Trust.
  { name: 'fail/no anchor issued the chain', leaf: 'leaf-a', anchors: ['root-b'], expect: 'untrusted' },
  {
    name: 'fail/intermediate missing',
    leaf: 'leaf-a',
    chain: [],
    expect: 'untrusted',
    reason: 'its issuer CN=Path Test Intermediate A',
  },
  {
    name: "fail/leaf signed by an impostor with the intermediate's name",
    leaf: 'leaf-forged',
    expect: 'bad-signature',
    reason: 'leaf CN=leaf-forged,OU=Workloads,O=Example',
  },
];

for (const row of ROWS) {
  test(row.name, () => {
    check(row);
  });
}

test('ok/validUntil is the earliest notAfter on the path without CRLs', () => {
  const result = run({ name: 'validUntil', leaf: 'leaf-a', expect: [] });
  assert.ok(result.ok);
  assert.equal(result.validUntil, Date.parse('2026-06-01T00:00:00Z'));
});

test('fail/reasons name the certificate: subject, serial hex and SHA-256', () => {
  const result = run({ name: 'reason', leaf: 'leaf-ca', expect: 'leaf-is-ca' });
  assert.ok(!result.ok);
  const leaf = cert('leaf-ca');
  assert.equal(
    result.reason,
    `leaf CN=leaf-ca,OU=Workloads,O=Example, serial 1007, sha256 ${leaf.fingerprintSha256}: basicConstraints cA is TRUE; the end-entity certificate must not be a CA`,
  );
  assert.equal(result.certificate?.fingerprintSha256, leaf.fingerprintSha256);
});

test('ok/a caller may ask for another key purpose (the limbo suite asks for serverAuth)', () => {
  const result = validatePath(
    {
      leaf: cert('leaf-server-auth'),
      intermediates: [cert('int-a')],
      anchors: [cert('root-a')],
      crls: [],
      now: NOW,
    },
    { keyPurpose: '1.3.6.1.5.5.7.3.1' },
  );
  assert.ok(result.ok);
});

test('fail/a caller may bound the number of intermediates', () => {
  const input = {
    leaf: cert('leaf-b'),
    intermediates: [cert('int-b1'), cert('int-b2')],
    anchors: [cert('root-a')],
    crls: [],
    now: NOW,
  };
  assert.ok(validatePath(input, { maxIntermediates: 2 }).ok);
  const result = validatePath(input, { maxIntermediates: 1 });
  assert.ok(!result.ok);
  assert.equal(result.code, 'path-length-exceeded');
});

test('fail/an anchor set without certificates trusts nothing', () => {
  const result = validatePath({
    leaf: cert('leaf-a'),
    intermediates: [cert('int-a')],
    anchors: [],
    crls: [],
    now: NOW,
  });
  assert.ok(!result.ok);
  assert.equal(result.code, 'untrusted');
});
