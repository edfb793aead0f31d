/**
 * The private CA's input rules that need no server: Validity types (the model's documented
 * examples), certificate serials, template ARNs, CA ARNs and the signing-algorithm families.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { signingHash } from '../../src/acm-pca/algorithms.ts';
import { parseCaArn, parseCertificateArn } from '../../src/acm-pca/arns.ts';
import { derivedSerial, parseSerialText, randomSerial, serialHex } from '../../src/acm-pca/serial.ts';
import { templateOf } from '../../src/acm-pca/templates.ts';
import { BACKDATE_MS, validityEnd, validityStart } from '../../src/acm-pca/validity.ts';

const code = (name: string) => (e: unknown) => e instanceof AnchorageError && e.code === name;
const NOW = Date.UTC(2020, 9, 12, 12, 34, 54); // the model's "issued on 10/12/2020 at 12:34:54 UTC"

test('ok/Validity: the model examples for END_DATE (UTCTime and GeneralizedTime), ABSOLUTE and relative types', () => {
  assert.equal(
    validityEnd({ Type: 'END_DATE', Value: 491231235959 }, NOW),
    Date.UTC(2049, 11, 31, 23, 59, 59),
  );
  assert.equal(
    validityEnd({ Type: 'END_DATE', Value: 501231235959 }, NOW),
    Date.UTC(1950, 11, 31, 23, 59, 59),
  );
  assert.equal(
    validityEnd({ Type: 'END_DATE', Value: 51231235959 }, NOW),
    Date.UTC(2005, 11, 31, 23, 59, 59),
  );
  assert.equal(
    validityEnd({ Type: 'END_DATE', Value: 20501231235959 }, NOW),
    Date.UTC(2050, 11, 31, 23, 59, 59),
  );
  assert.equal(validityEnd({ Type: 'ABSOLUTE', Value: 2524608000 }, NOW), Date.UTC(2050, 0, 1));
  assert.equal(validityEnd({ Type: 'DAYS', Value: 90 }, NOW), NOW + 90 * 86_400_000);
  assert.equal(validityEnd({ Type: 'MONTHS', Value: 4 }, NOW), Date.UTC(2021, 1, 12, 12, 34, 54));
  assert.equal(validityEnd({ Type: 'YEARS', Value: 1 }, NOW), Date.UTC(2021, 9, 12, 12, 34, 54));
  // 31 January + 1 month is the last day of February.
  assert.equal(validityEnd({ Type: 'MONTHS', Value: 1 }, Date.UTC(2021, 0, 31)), Date.UTC(2021, 1, 28));
  assert.throws(
    () => validityEnd({ Type: 'END_DATE', Value: 491332235959 }, NOW),
    code('InvalidArgsException'),
  );
  assert.throws(() => validityEnd({ Type: 'END_DATE', Value: 123 }, NOW), code('InvalidArgsException'));
});

test('ok/ValidityNotBefore: an explicit time, or an hour before issuance', () => {
  assert.equal(validityStart(undefined, NOW), NOW - BACKDATE_MS);
  assert.equal(validityStart({ Type: 'ABSOLUTE', Value: 1600000000 }, NOW), 1_600_000_000_000);
  assert.throws(() => validityStart({ Type: 'DAYS', Value: 1 }, NOW), code('InvalidArgsException'));
});

test('ok/serials: positive, under 2^127, hex with or without colons in any case', () => {
  for (let i = 0; i < 200; i++) {
    const serial = randomSerial();
    assert.ok(serial > 0n && serial < 2n ** 127n);
  }
  assert.equal(serialHex(0xabcn), '0ABC');
  assert.equal(serialHex(0xabcdn), 'ABCD');
  assert.equal(parseSerialText('0a:bC:d1'), 0x0abcd1n);
  assert.equal(parseSerialText('xyz'), undefined);
  assert.equal(parseSerialText(''), undefined);
  const secret = new Uint8Array(32).fill(7);
  assert.equal(derivedSerial(secret, ['a', 'b']), derivedSerial(secret, ['a', 'b']));
  assert.notEqual(derivedSerial(secret, ['a', 'b']), derivedSerial(secret, ['a', 'c']));
  assert.ok(derivedSerial(secret, ['a']) < 2n ** 127n);
});

test('ok/templates: the documented profiles and their passthrough variants; unknown ones are InvalidArgsException', () => {
  const t = (name: string) => templateOf(`arn:aws:acm-pca:::template/${name}/V1`);
  assert.deepEqual(templateOf(undefined).keyUsage, ['digitalSignature', 'keyEncipherment']);
  assert.deepEqual(templateOf(undefined).extendedKeyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  assert.deepEqual(t('EndEntityClientAuthCertificate').extendedKeyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.equal(t('RootCACertificate').kind, 'root');
  assert.equal(t('RootCACertificate').pathLength, undefined);
  assert.equal(t('BlankRootCACertificate_PathLen1_APIPassthrough').pathLength, 1);
  assert.equal(t('SubordinateCACertificate_PathLen3').pathLength, 3);
  assert.equal(t('SubordinateCACertificate_PathLen0_APIPassthrough').kind, 'subordinate');
  assert.equal(t('EndEntityClientAuthCertificate_APIPassthrough').kind, 'end-entity');
  for (const bad of [
    'SubordinateCACertificate_PathLen4',
    'CodeSigningCertificate',
    'EndEntityCertificate/V2',
  ]) {
    assert.throws(() => t(bad), code('InvalidArgsException'), bad);
  }
});

test('ok/ARNs: a CA ARN names a UUID; a certificate ARN lies under its CA', () => {
  const ca =
    'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/12345678-1234-1234-1234-123456789012';
  assert.deepEqual(parseCaArn(ca), {
    partition: 'aws',
    region: 'us-east-1',
    accountId: '000000000000',
    id: '12345678-1234-1234-1234-123456789012',
  });
  assert.equal(parseCertificateArn(`${ca}/certificate/0a1b`, ca), '0a1b');
  for (const bad of [`${ca}/certificate/`, `${ca}/cert/0a`, `${ca}x/certificate/0a`]) {
    assert.throws(() => parseCertificateArn(bad, ca), code('InvalidArnException'), bad);
  }
  for (const bad of [
    `${ca}/x`,
    'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/ABC',
    'arn:aws:acm:us-east-1:000000000000:certificate/x',
  ]) {
    assert.throws(() => parseCaArn(bad), code('InvalidArnException'), bad);
  }
});

test('ok/signing algorithms must be of the key family; ML-DSA signs without a hash', () => {
  assert.equal(signingHash('RSA_2048', 'SHA512WITHRSA'), 'sha512');
  assert.equal(signingHash('EC_secp384r1', 'SHA384WITHECDSA'), 'sha384');
  assert.equal(signingHash('ML_DSA_65', 'ML_DSA_65'), undefined);
  for (const [key, signing] of [
    ['RSA_2048', 'SHA256WITHECDSA'],
    ['EC_prime256v1', 'SHA256WITHRSA'],
    ['ML_DSA_65', 'ML_DSA_44'],
    ['EC_prime256v1', 'SM3WITHSM2'],
  ] as const) {
    assert.throws(() => signingHash(key, signing), code('InvalidArgsException'), `${key} ${signing}`);
  }
});
