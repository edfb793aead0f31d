/**
 * CRLs built by the CA layer: OpenSSL verifies them and lists the revoked serials with reasons,
 * our parseCrl/isCrlIssuedBy accept them, and the path validator (and `openssl verify
 * -crl_check`) refuses a revoked leaf when given the CRL.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { buildCertificate } from '@anchorage/core/x509/build/certificate-builder';
import { buildCrl, type CrlTemplate } from '@anchorage/core/x509/build/crl-builder';
import { encodeName, parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { isCrlIssuedBy, parseCrl } from '@anchorage/core/x509/crl';
import { OID } from '@anchorage/core/x509/oids';
import { crlProfileProblem } from '@anchorage/core/x509/path/crl-profile';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { encodePem } from '@anchorage/core/x509/pem';

const dir = mkdtempSync(join(tmpdir(), 'anchorage-crl-build-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function write(name: string, label: string, der: Uint8Array): string {
  writeFileSync(join(dir, name), encodePem(label, der));
  return name;
}

const spki = (key: KeyObject) => new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
const now = Date.now();
const HOUR = 3_600_000;
const validity = { notBefore: now - 24 * HOUR, notAfter: now + 30 * 24 * HOUR };

interface Ca {
  readonly key: KeyObject;
  readonly subject: Uint8Array;
  readonly der: Uint8Array;
}

function makeCa(key: KeyObject, name: string, issuer?: Ca): Ca {
  const subject = encodeName(parseDistinguishedName(`CN=${name},O=Anchorage Test`));
  const der = buildCertificate(
    {
      serialNumber: BigInt(name.length) * 1000n + 7n,
      subject,
      issuer: issuer?.subject ?? subject,
      ...validity,
      subjectPublicKey: spki(key),
      issuerPublicKey: spki(issuer?.key ?? key),
      ca: issuer === undefined ? {} : { pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
    },
    issuer?.key ?? key,
  );
  return { key, subject, der };
}

function makeLeaf(issuer: Ca, serialNumber: bigint): Uint8Array {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return buildCertificate(
    {
      serialNumber,
      subject: encodeName(parseDistinguishedName('CN=workload,O=Anchorage Test')),
      issuer: issuer.subject,
      ...validity,
      subjectPublicKey: spki(key),
      issuerPublicKey: spki(issuer.key),
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [OID.clientAuth],
    },
    issuer.key,
  );
}

const root = makeCa(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'CRL Root');
const intermediate = makeCa(
  generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
  'CRL Intermediate',
  root,
);
const LEAF_SERIAL = 0x1001n;
const leaf = makeLeaf(intermediate, LEAF_SERIAL);
const goodLeaf = makeLeaf(intermediate, 0x1002n);

const REVOKED: CrlTemplate['revoked'] = [
  { serialNumber: LEAF_SERIAL, revokedAt: now - 2 * HOUR, reason: 'keyCompromise' },
  { serialNumber: 0x2002n, revokedAt: now - 3 * HOUR, reason: 'cACompromise' },
  { serialNumber: 0x2003n, revokedAt: now - 3 * HOUR, reason: 'affiliationChanged' },
  { serialNumber: 0x2004n, revokedAt: now - 3 * HOUR, reason: 'superseded' },
  { serialNumber: 0x2005n, revokedAt: now - 3 * HOUR, reason: 'cessationOfOperation' },
  { serialNumber: 0x2006n, revokedAt: now - 3 * HOUR, reason: 'certificateHold' },
  { serialNumber: 0x2009n, revokedAt: now - 3 * HOUR, reason: 'privilegeWithdrawn' },
  { serialNumber: 0x200an, revokedAt: now - 3 * HOUR, reason: 'aACompromise' },
  { serialNumber: 0x2000n, revokedAt: now - 3 * HOUR, reason: 'unspecified' },
  { serialNumber: 0xff00000000000000000000000000000001n, revokedAt: Date.parse('2051-01-01T00:00:00Z') },
];

function crlTemplate(issuer: Ca, revoked: CrlTemplate['revoked'], crlNumber = 5n): CrlTemplate {
  return {
    issuer: issuer.subject,
    issuerPublicKey: spki(issuer.key),
    thisUpdate: now - HOUR,
    nextUpdate: now + 24 * HOUR,
    crlNumber,
    revoked,
  };
}

const intermediateCrl = buildCrl(crlTemplate(intermediate, REVOKED), intermediate.key);
const rootCrl = buildCrl(crlTemplate(root, [], 1n), root.key);

test('ok/openssl crl -CAfile verifies the CRL and lists the serials with their reasons', () => {
  const ca = write('int.pem', 'CERTIFICATE', intermediate.der);
  const printed = openssl([
    'crl',
    '-CAfile',
    ca,
    '-noout',
    '-text',
    '-in',
    write('int.crl', 'X509 CRL', intermediateCrl),
  ]);
  assert.equal(printed.status, 0, printed.output);
  assert.match(printed.output, /verify OK/);
  assert.match(printed.output, /Version 2 \(0x1\)/);
  assert.match(printed.output, /X509v3 CRL Number: \s+5/);
  assert.match(printed.output, /X509v3 Authority Key Identifier: \s+[0-9A-F:]{59}/);
  const listed = [
    ...printed.output.matchAll(
      /Serial Number: ([0-9A-F]+)\s+Revocation Date: [^\n]+\n(?:\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+([^\n]+))?/g,
    ),
  ].map((match) => [match[1], match[2]?.trim() ?? null]);
  assert.deepEqual(listed, [
    ['1001', 'Key Compromise'],
    ['2002', 'CA Compromise'],
    ['2003', 'Affiliation Changed'],
    ['2004', 'Superseded'],
    ['2005', 'Cessation Of Operation'],
    ['2006', 'Certificate Hold'],
    ['2009', 'Privilege Withdrawn'],
    ['200A', 'AA Compromise'],
    ['2000', null],
    ['FF00000000000000000000000000000001', null],
  ]);
  const rootPrinted = openssl([
    'crl',
    '-CAfile',
    write('root.pem', 'CERTIFICATE', root.der),
    '-noout',
    '-text',
    '-in',
    write('root.crl', 'X509 CRL', rootCrl),
  ]);
  assert.equal(rootPrinted.status, 0, rootPrinted.output);
  assert.match(rootPrinted.output, /verify OK/);
  assert.match(rootPrinted.output, /No Revoked Certificates/);
  // Signed by the other CA's key, the signature check fails.
  const wrong = openssl([
    'crl',
    '-CAfile',
    'root.pem',
    '-noout',
    '-in',
    write(
      'forged.crl',
      'X509 CRL',
      buildCrl({ ...crlTemplate(intermediate, []), issuer: root.subject }, intermediate.key),
    ),
  ]);
  assert.doesNotMatch(wrong.output, /verify OK/);
});

test('ok/parseCrl and isCrlIssuedBy accept it; every field reads back', () => {
  const crl = parseCrl(intermediateCrl);
  const issuer = parseCertificate(intermediate.der);
  assert.ok(isCrlIssuedBy(crl, issuer));
  assert.equal(isCrlIssuedBy(crl, parseCertificate(root.der)), false);
  assert.equal(crlProfileProblem(crl), null);
  assert.equal(crl.version, 2);
  assert.equal(crl.crlNumber, 5n);
  assert.equal(crl.thisUpdate, Math.floor((now - HOUR) / 1000) * 1000);
  assert.equal(crl.nextUpdate, Math.floor((now + 24 * HOUR) / 1000) * 1000);
  assert.deepEqual(crl.authorityKeyIdentifier?.keyIdentifier, issuer.subjectKeyIdentifier);
  assert.equal(crl.signatureAlgorithm.name, 'ecdsa-with-SHA384');
  assert.deepEqual(
    crl.revokedCertificates.map((entry) => [entry.serialNumber, entry.reason, entry.revocationDate]),
    REVOKED.map((entry) => [
      entry.serialNumber,
      entry.reason === undefined || entry.reason === 'unspecified' ? null : entry.reason,
      Math.floor(entry.revokedAt / 1000) * 1000,
    ]),
  );
  assert.ok(crl.extensions.every((extension) => !extension.critical));
  const empty = parseCrl(rootCrl);
  assert.deepEqual(empty.revokedCertificates, []);
  assert.ok(isCrlIssuedBy(empty, parseCertificate(root.der)));
  // §5.1.2.6: an empty list is absent, not an empty SEQUENCE: version, algorithm, issuer, two times, [0].
  assert.equal(decodeDer(rootCrl, 'crl').children[0]?.children.length, 6);
});

test('fail/the path validator refuses the revoked leaf given the CRL, accepts another leaf', () => {
  const anchors = [parseCertificate(root.der)];
  const intermediates = [parseCertificate(intermediate.der)];
  const crls = [parseCrl(intermediateCrl), parseCrl(rootCrl)];
  const revoked = validatePath({ leaf: parseCertificate(leaf), intermediates, anchors, crls, now });
  assert.equal(revoked.ok ? '' : revoked.code, 'revoked');
  assert.match(revoked.ok ? '' : revoked.reason, /reason keyCompromise/);
  const fine = validatePath({ leaf: parseCertificate(goodLeaf), intermediates, anchors, crls, now });
  assert.ok(fine.ok, fine.ok ? '' : fine.reason);
  assert.equal(fine.validUntil, Math.floor((now + 24 * HOUR) / 1000) * 1000);
  const withoutCrl = validatePath({ leaf: parseCertificate(leaf), intermediates, anchors, crls: [], now });
  assert.ok(withoutCrl.ok);
});

test('fail/openssl verify -crl_check_all refuses the revoked leaf, accepts another', () => {
  const args = (certificate: string) => [
    'verify',
    '-x509_strict',
    '-crl_check_all',
    '-CAfile',
    write('chain-root.pem', 'CERTIFICATE', root.der),
    '-untrusted',
    write('chain-int.pem', 'CERTIFICATE', intermediate.der),
    '-CRLfile',
    write('int-for-verify.crl', 'X509 CRL', intermediateCrl),
    '-CRLfile',
    write('root-for-verify.crl', 'X509 CRL', rootCrl),
    certificate,
  ];
  const revoked = openssl(args(write('revoked-leaf.pem', 'CERTIFICATE', leaf)));
  assert.notEqual(revoked.status, 0);
  assert.match(revoked.output, /certificate revoked/);
  const fine = openssl(args(write('good-leaf.pem', 'CERTIFICATE', goodLeaf)));
  assert.equal(fine.status, 0, fine.output);
});

test('ok/ML-DSA-65 and RSA with SHA-512 CRLs verify with our parser', () => {
  const mlDsaCa = makeCa(generateKeyPairSync('ml-dsa-65').privateKey, 'ML-DSA Root');
  const crl = parseCrl(buildCrl(crlTemplate(mlDsaCa, REVOKED.slice(0, 2)), mlDsaCa.key));
  assert.equal(crl.signatureAlgorithm.name, 'ML-DSA-65');
  assert.ok(isCrlIssuedBy(crl, parseCertificate(mlDsaCa.der)));
  const rsaCrl = parseCrl(buildCrl(crlTemplate(root, []), root.key, 'sha512'));
  assert.equal(rsaCrl.signatureAlgorithm.name, 'sha512WithRSAEncryption');
  assert.ok(isCrlIssuedBy(rsaCrl, parseCertificate(root.der)));
});

test('ok/a CRL of 150 000 entries builds (no argument spreading) and decodes', () => {
  const revoked = Array.from({ length: 150_000 }, (_, index) => ({
    serialNumber: BigInt(index + 1),
    revokedAt: now,
  }));
  const der = buildCrl(crlTemplate(intermediate, revoked), intermediate.key);
  const tbs = decodeDer(der, 'crl', { maxBytes: 16_000_000, maxDepth: 8, maxElements: 1_000_000 })
    .children[0];
  assert.equal(tbs?.children[5]?.children.length, 150_000);
});

test('fail/templates that break RFC 5280 §5 throw TypeError', () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const refusals: [string, Partial<CrlTemplate>, KeyObject?][] = [
    ['nextUpdate = thisUpdate', { nextUpdate: now - HOUR }],
    ['nextUpdate before thisUpdate', { nextUpdate: now - 2 * HOUR }],
    ['NaN', { thisUpdate: Number.NaN }],
    ['negative CRL number', { crlNumber: -1n }],
    ['21-octet CRL number', { crlNumber: 2n ** 160n }],
    ['serial 0', { revoked: [{ serialNumber: 0n, revokedAt: now }] }],
    [
      'serial twice',
      {
        revoked: [
          { serialNumber: 7n, revokedAt: now },
          { serialNumber: 7n, revokedAt: now },
        ],
      },
    ],
    [
      'unknown reason',
      { revoked: [{ serialNumber: 7n, revokedAt: now, reason: 'removeFromCRL' as 'superseded' }] },
    ],
    ['revocation time NaN', { revoked: [{ serialNumber: 7n, revokedAt: Number.NaN }] }],
    ['empty issuer', { issuer: encodeName([]) }],
    ['another key', {}, other],
    ['a public key', {}, createPublicKey(intermediate.key)],
  ];
  for (const [label, overrides, signer] of refusals) {
    assert.throws(
      () => buildCrl({ ...crlTemplate(intermediate, []), ...overrides }, signer ?? intermediate.key),
      TypeError,
      label,
    );
  }
  assert.equal(
    parseCrl(buildCrl({ ...crlTemplate(intermediate, []), crlNumber: 0n }, intermediate.key)).crlNumber,
    0n,
  );
});
