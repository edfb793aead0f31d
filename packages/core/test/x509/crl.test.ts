import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crlToDer, isCrlIssuedBy, parseCrl } from '@anchorage/core/x509/crl';
import { ascii, bytes, oid, printable, sequence, set, tlv } from './der-builder.ts';
import { assertRefused, loadCertificate, vectorBytes, vectorText } from './helpers.ts';

const at = (iso: string) => Date.parse(iso);

test('ok/RSA root CRL: fields, two revoked serials, extensions', () => {
  const crl = parseCrl(vectorBytes('rsa2048-root.crl.der'));
  assert.equal(crl.version, 2);
  assert.equal(crl.issuer.rfc4514, 'CN=Anchorage Test RSA Root CA,OU=Platform,O=Example,C=US');
  assert.equal(crl.thisUpdate, at('2025-06-01T00:00:00Z'));
  assert.equal(crl.nextUpdate, at('2025-07-01T00:00:00Z'));
  assert.equal(crl.signatureAlgorithm.name, 'sha256WithRSAEncryption');
  assert.equal(crl.signatureAlgorithmsMatch, true);
  assert.equal(crl.crlNumber, 16n);
  assert.deepEqual(
    crl.revokedCertificates.map((entry) => [
      entry.serialNumber,
      entry.serialNumberHex,
      entry.revocationDate,
      entry.reason,
    ]),
    [
      [0x1001n, '1001', at('2025-03-01T00:00:00Z'), 'keyCompromise'],
      [81985529216486895n, '0123456789ABCDEF', at('2025-03-02T12:00:00Z'), null],
    ],
  );
  const root = loadCertificate('rsa2048-root.pem');
  assert.deepEqual(crl.authorityKeyIdentifier?.keyIdentifier, root.subjectKeyIdentifier);
  assert.deepEqual(
    crl.extensions.map((extension) => extension.name),
    ['authorityKeyIdentifier', 'cRLNumber'],
  );
});

test('ok/crlToDer accepts PEM (LF or CRLF, with text around it) and DER alike', () => {
  const der = vectorBytes('rsa2048-root.crl.der');
  assert.deepEqual(crlToDer(vectorBytes('rsa2048-root.crl.pem')), der);
  assert.deepEqual(crlToDer(der), der);
  const crlf = ascii(`CRL of the RSA root\r\n${vectorText('rsa2048-root.crl.pem').replaceAll('\n', '\r\n')}`);
  assert.deepEqual(crlToDer(crlf), der);
  assert.deepEqual(
    parseCrl(crlToDer(vectorBytes('p256-root.crl.pem'))).der,
    vectorBytes('p256-root.crl.der'),
  );
});

test('fail/crlToDer refuses empty input, other PEM blocks, several CRLs and broken DER', () => {
  assertRefused(() => crlToDer(new Uint8Array()), 'the CRL data is empty');
  assertRefused(() => crlToDer(ascii('hello')), "neither DER nor PEM with an 'X509 CRL' block");
  assertRefused(() => crlToDer(vectorBytes('rsa2048-root.pem')), "contains a PEM 'CERTIFICATE' block");
  const twice = vectorText('rsa2048-root.crl.pem') + vectorText('p256-root.crl.pem');
  assertRefused(() => crlToDer(ascii(twice)), "contains 2 'X509 CRL' blocks");
  const der = vectorBytes('rsa2048-root.crl.der');
  assertRefused(() => crlToDer(der.subarray(0, der.length - 1)), 'CRL is');
  assertRefused(
    () => crlToDer(ascii('-----BEGIN X509 CRL-----\n%%%%\n-----END X509 CRL-----\n')),
    'not valid base64',
  );
});

test('ok/isCrlIssuedBy holds for the issuing CA', () => {
  const root = loadCertificate('rsa2048-root.pem');
  assert.equal(isCrlIssuedBy(parseCrl(vectorBytes('rsa2048-root.crl.der')), root), true);
  assert.equal(
    isCrlIssuedBy(parseCrl(vectorBytes('p256-root.crl.der')), loadCertificate('p256-root.pem')),
    true,
  );
});

test('fail/isCrlIssuedBy is false for another CA and for a same-name impostor', () => {
  const root = loadCertificate('rsa2048-root.pem');
  assert.equal(isCrlIssuedBy(parseCrl(vectorBytes('p256-root.crl.der')), root), false);
  const impostor = parseCrl(vectorBytes('impostor-rsa-root.crl.der'));
  assert.deepEqual(impostor.issuer.der, root.subject.der);
  assert.equal(isCrlIssuedBy(impostor, root), false);
  assert.equal(
    isCrlIssuedBy(parseCrl(vectorBytes('rsa2048-root.crl.der')), loadCertificate('impostor-rsa-root.pem')),
    false,
  );
});

// Hand-built CRLs for the structural rules of RFC 5280 §5.1.
const ALGORITHM = sequence(oid('1.2.840.10045.4.3.2'));
const ISSUER = sequence(set(sequence(oid('2.5.4.3'), printable('hand CA'))));
const utc = (text: string) => tlv(0x17, ascii(text));
const entry = (serial: number, ...extensions: Uint8Array[]) =>
  sequence(
    bytes(0x02, 0x01, serial),
    utc('250301000000Z'),
    ...(extensions.length > 0 ? [sequence(...extensions)] : []),
  );
const reason = (code: number) => sequence(oid('2.5.29.21'), tlv(0x04, bytes(0x0a, 0x01, code)));
const crlOf = (...tbsFields: Uint8Array[]) =>
  sequence(sequence(...tbsFields), ALGORITHM, tlv(0x03, bytes(0x00, 0x01)));

test('ok/a v1 CRL without nextUpdate or revoked certificates', () => {
  const crl = parseCrl(crlOf(ALGORITHM, ISSUER, utc('250601000000Z')));
  assert.equal(crl.version, 1);
  assert.equal(crl.nextUpdate, null);
  assert.deepEqual(crl.revokedCertificates, []);
  assert.equal(crl.crlNumber, null);
});

test('ok/every reason code name', () => {
  const codes = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10];
  const crl = parseCrl(
    crlOf(
      bytes(0x02, 0x01, 0x01),
      ALGORITHM,
      ISSUER,
      utc('250601000000Z'),
      sequence(...codes.map((code) => entry(code + 1, reason(code)))),
    ),
  );
  assert.deepEqual(
    crl.revokedCertificates.map((item) => item.reason),
    [
      'unspecified',
      'keyCompromise',
      'cACompromise',
      'affiliationChanged',
      'superseded',
      'cessationOfOperation',
      'certificateHold',
      'removeFromCRL',
      'privilegeWithdrawn',
      'aACompromise',
    ],
  );
});

test('fail/CRL rules: version, v1 extensions, reason codes, duplicates, trailing fields', () => {
  const v2 = bytes(0x02, 0x01, 0x01);
  const base = [ALGORITHM, ISSUER, utc('250601000000Z')];
  assertRefused(
    () => parseCrl(crlOf(bytes(0x02, 0x01, 0x00), ...base)),
    'CRL version must be v2 when present',
  );
  assertRefused(
    () => parseCrl(crlOf(...base, sequence(entry(1, reason(1))))),
    'has crlEntryExtensions in a v1 CRL',
  );
  assertRefused(
    () => parseCrl(crlOf(...base, tlv(0xa0, sequence(reason(1))))),
    'CRL is v1 but has crlExtensions',
  );
  assertRefused(() => parseCrl(crlOf(v2, ...base, sequence(entry(1, reason(7))))), '7 is not a CRLReason');
  assertRefused(
    () => parseCrl(crlOf(v2, ...base, sequence(entry(1, reason(1), reason(1))))),
    'contain reasonCode more than once',
  );
  assertRefused(
    () => parseCrl(crlOf(v2, ...base, bytes(0x05, 0x00))),
    'CRL tbsCertList has an unexpected NULL after its last field',
  );
  assertRefused(() => parseCrl(crlOf(v2, ALGORITHM, ISSUER)), 'CRL tbsCertList lacks its thisUpdate');
  assertRefused(
    () => parseCrl(crlOf(v2, ...base, sequence(sequence(bytes(0x02, 0x01, 0x01))))),
    'entry 1 lacks its revocationDate',
  );
});

test('fail/a CRL that is not DER or not a CRL is refused with a ValidationException', () => {
  assertRefused(() => parseCrl(new Uint8Array()), 'CRL is empty');
  assertRefused(
    () => parseCrl(vectorBytes('p256-leaf.der')),
    'CRL tbsCertList signature must be a SEQUENCE, found [0] constructed',
  );
  assertRefused(() => parseCrl(bytes(0x30, 0x80, 0x00, 0x00)), 'indefinite length');
});
