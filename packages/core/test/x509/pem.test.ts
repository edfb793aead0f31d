import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePem, encodePem } from '@anchorage/core/x509/pem';
import { assertRefused, vectorBytes, vectorText } from './helpers.ts';

test('ok/decodes several blocks with CRLF line ends and explanatory text around them', () => {
  const root = vectorText('rsa2048-root.pem');
  const crl = vectorText('rsa2048-root.crl.pem');
  const text = `Subject: the RSA root\r\n${root.replaceAll('\n', '\r\n')}\r\nand its CRL:\n  ${crl}trailing words`;
  const blocks = decodePem(text);
  assert.deepEqual(
    blocks.map((block) => block.label),
    ['CERTIFICATE', 'X509 CRL'],
  );
  assert.deepEqual(blocks[1]?.der, vectorBytes('rsa2048-root.crl.der'));
});

test('ok/text without blocks gives no blocks', () => {
  assert.deepEqual(decodePem('no PEM here\n'), []);
});

test('ok/encodePem writes 64-character lines that decode back to the same DER', () => {
  const der = vectorBytes('p256-leaf.der');
  const pem = encodePem('CERTIFICATE', der);
  assert.ok(pem.startsWith('-----BEGIN CERTIFICATE-----\n'));
  assert.ok(pem.endsWith('-----END CERTIFICATE-----\n'));
  const lines = pem.split('\n').slice(1, -2);
  assert.ok(lines.slice(0, -1).every((line) => line.length === 64));
  assert.deepEqual(decodePem(pem)[0]?.der, der);
  assert.equal(pem, vectorText('p256-leaf.pem'));
});

const wrap = (body: string, label = 'CERTIFICATE') =>
  `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

test('fail/bad base64 inside a block is refused', () => {
  assertRefused(() => decodePem(wrap('MIIB*AAA')), "PEM block 1 ('CERTIFICATE') is not valid base64");
  assertRefused(() => decodePem(wrap('MIIBAA')), 'is not valid base64');
  assertRefused(() => decodePem(wrap('MI=I')), 'is not valid base64');
  // 'AB==' has non-zero padding bits ('AA==' is canonical); lenient decoders drop them silently.
  assertRefused(() => decodePem(wrap('AB==')), 'is not valid base64');
  assertRefused(
    () => decodePem(wrap('Proc-Type: 4,ENCRYPTED\nAAAA', 'RSA PRIVATE KEY')),
    'is not valid base64',
  );
  assertRefused(() => decodePem(wrap('')), "PEM block 1 ('CERTIFICATE') is empty");
});

test('fail/unbalanced or mismatched BEGIN and END lines are refused', () => {
  assertRefused(
    () => decodePem('-----BEGIN CERTIFICATE-----\nAAAA\n'),
    "PEM block 1 ('CERTIFICATE') has no END line",
  );
  assertRefused(
    () => decodePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n'),
    "begins as 'CERTIFICATE' but ends as 'X509 CRL'",
  );
  assertRefused(() => decodePem('-----END CERTIFICATE-----\n'), 'END line without a matching BEGIN');
  assertRefused(
    () =>
      decodePem(
        '-----BEGIN CERTIFICATE-----\nAAAA\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      ),
    'is not closed before',
  );
});
