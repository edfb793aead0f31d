import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCrlMatchesAnchor, parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { encodePem } from '@anchorage/core/x509/pem';
import { assertRefused, vectorBytes, vectorText } from './helpers.ts';

const pem = (...names: string[]) => names.map(vectorText).join('');

test('ok/a single root of every accepted kind', () => {
  for (const name of [
    'rsa2048-root.pem',
    'p256-root.pem',
    'p384-root.pem',
    'p521-root.pem',
    'ed25519-root.pem',
    'rsa-pss-root.pem',
    'ml-dsa-44-root.pem',
    'ml-dsa-65-root.pem',
    'ml-dsa-87-root.pem',
    'b-root.pem',
  ]) {
    const [certificate, extra] = parseTrustAnchorBundle(vectorText(name));
    assert.ok(certificate !== undefined && extra === undefined, name);
    assert.equal(certificate.basicConstraints?.cA, true, name);
  }
});

test('ok/a bundle of a root and an intermediate, with text and CRLF around the blocks', () => {
  const text = `# our roots\r\n${pem('p256-root.pem', 'p256-intermediate.pem').replaceAll('\n', '\r\n')}\r\n`;
  const certificates = parseTrustAnchorBundle(text);
  assert.deepEqual(
    certificates.map((certificate) => certificate.subject.rfc4514),
    [
      'CN=Anchorage Test P-256 Root CA,O=Example,C=US',
      'CN=Anchorage Test P-256 Intermediate CA,O=Example,C=US',
    ],
  );
});

test('ok/ten certificates is the most a bundle holds', () => {
  assert.equal(parseTrustAnchorBundle(pem(...Array.from({ length: 10 }, () => 'b-root.pem'))).length, 10);
});

test('fail/empty, oversized and non-certificate bundles', () => {
  assertRefused(() => parseTrustAnchorBundle(''), 'the certificate bundle contains no PEM CERTIFICATE block');
  assertRefused(() => parseTrustAnchorBundle('just some text'), 'contains no PEM CERTIFICATE block');
  assertRefused(
    () => parseTrustAnchorBundle(pem(...Array.from({ length: 11 }, () => 'b-root.pem'))),
    'contains 11 PEM blocks; at most 10 certificates are allowed',
  );
  assertRefused(
    () => parseTrustAnchorBundle(pem('p256-root.pem') + vectorText('keys/p256-root.key')),
    "block 2 of the bundle is a PEM 'PRIVATE KEY' block, not a CERTIFICATE",
  );
  assertRefused(
    () => parseTrustAnchorBundle(pem('rsa2048-root.crl.pem')),
    "block 1 of the bundle is a PEM 'X509 CRL' block",
  );
  assertRefused(
    () => parseTrustAnchorBundle('-----BEGIN CERTIFICATE-----\nMII?\n-----END CERTIFICATE-----\n'),
    'not valid base64',
  );
});

test('fail/a certificate that does not parse names its position and the cause', () => {
  const garbage = encodePem('CERTIFICATE', Uint8Array.of(0x30, 0x03, 0x02, 0x01));
  assertRefused(
    () => parseTrustAnchorBundle(pem('p256-root.pem') + garbage),
    /^certificate 2 of the bundle cannot be parsed: certificate is not valid DER: .*declares 3 content bytes/,
  );
});

test('fail/each anchor rule names the certificate position and the rule broken', () => {
  const cases: [string, string][] = [
    ['v1-root.pem', 'certificate 2 of the bundle is X.509 v1; a trust anchor must be X.509 v3'],
    ['not-ca.pem', 'certificate 2 of the bundle is not a CA certificate (basicConstraints CA is false)'],
    [
      'ca-without-basic-constraints.pem',
      'certificate 2 of the bundle is not a CA certificate (no basicConstraints extension)',
    ],
    [
      'ca-without-keycertsign.pem',
      'certificate 2 of the bundle cannot sign certificates (keyUsage lacks keyCertSign)',
    ],
    [
      'sha1-root.pem',
      'certificate 2 of the bundle is signed with sha1WithRSAEncryption; SHA-256 or stronger',
    ],
    ['md5-root.pem', 'certificate 2 of the bundle is signed with md5WithRSAEncryption; SHA-256 or stronger'],
    [
      'rsa1024-root.pem',
      'certificate 2 of the bundle has a 1024-bit RSA key; at least 2048 bits are required',
    ],
    ['p256-leaf.pem', 'certificate 2 of the bundle is not a CA certificate (basicConstraints CA is false)'],
  ];
  for (const [name, message] of cases) {
    assertRefused(() => parseTrustAnchorBundle(pem('p256-root.pem', name)), message);
  }
});

test('ok/assertCrlMatchesAnchor returns the CRL when a CA of the anchor signed it', () => {
  const anchor = parseTrustAnchorBundle(pem('p256-root.pem', 'rsa2048-root.pem'));
  const crl = assertCrlMatchesAnchor(vectorBytes('rsa2048-root.crl.der'), anchor);
  assert.equal(crl.revokedCertificates.length, 2);
  assert.equal(
    assertCrlMatchesAnchor(vectorBytes('p256-root.crl.der'), anchor).issuer.rfc4514,
    'CN=Anchorage Test P-256 Root CA,O=Example,C=US',
  );
});

test('fail/assertCrlMatchesAnchor refuses a CRL of another CA or of a same-name impostor', () => {
  const anchor = parseTrustAnchorBundle(pem('rsa2048-root.pem'));
  assertRefused(
    () => assertCrlMatchesAnchor(vectorBytes('p256-root.crl.der'), anchor),
    'the CRL is not signed by a CA certificate of the trust anchor',
  );
  assertRefused(
    () => assertCrlMatchesAnchor(vectorBytes('impostor-rsa-root.crl.der'), anchor),
    'the CRL is not signed by a CA certificate of the trust anchor',
  );
  assertRefused(() => assertCrlMatchesAnchor(Uint8Array.of(0x30, 0x00), anchor), 'CRL lacks its tbsCertList');
});
