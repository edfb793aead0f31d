/** The DER encoder: X.690 example encodings, refusals, and round trips through the core decoder. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { readBitString } from '@anchorage/core/der/bit-string';
import { readBoolean } from '@anchorage/core/der/boolean';
import { decodeDer } from '@anchorage/core/der/decode';
import {
  derBitString,
  derBoolean,
  derEnumerated,
  derExplicit,
  derGeneralizedTime,
  derIa5String,
  derImplicit,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derPrintableString,
  derSequence,
  derSet,
  derTime,
  derTlv,
  derUtf8String,
} from '@anchorage/core/der/encode';
import { readEnumerated, readInteger } from '@anchorage/core/der/integer';
import { readNull } from '@anchorage/core/der/null';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readOid } from '@anchorage/core/der/oid';
import { readString } from '@anchorage/core/der/strings';
import { readTime } from '@anchorage/core/der/time';
import { fromHex } from '../helpers.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const decode = (bytes: Uint8Array) => decodeDer(bytes, 'test');

test('ok/INTEGER: minimal two’s complement (X.690 §8.3)', () => {
  const cases: [bigint, string][] = [
    [0n, '020100'],
    [1n, '020101'],
    [127n, '02017f'],
    [128n, '02020080'],
    [255n, '020200ff'],
    [256n, '02020100'],
    [-1n, '0201ff'],
    [-128n, '020180'],
    [-129n, '0202ff7f'],
    [-256n, '0202ff00'],
    [-257n, '0202feff'],
    [-32769n, '0203ff7fff'],
    [2n ** 64n, '0209010000000000000000'],
    [-(2n ** 64n), '0209ff0000000000000000'],
  ];
  for (const [value, expected] of cases) {
    const der = derInteger(value);
    assert.equal(hex(der), expected, `${value}`);
    assert.equal(readInteger(decode(der), 'integer'), value);
  }
});

test('ok/INTEGER: deterministic random values round-trip', () => {
  let seed = createHash('sha256').update('integers').digest();
  for (let index = 0; index < 300; index += 1) {
    seed = createHash('sha256').update(seed).digest();
    const length = (seed[0] ?? 0) % 32;
    let value = length === 0 ? 0n : BigInt(`0x${seed.subarray(1, 1 + length).toString('hex')}`);
    if (((seed[31] ?? 0) & 1) === 1) value = -value;
    assert.equal(readInteger(decode(derInteger(value)), 'integer'), value);
  }
});

test('ok/OBJECT IDENTIFIER (X.690 §8.19)', () => {
  assert.equal(hex(derOid('1.2.840.113549')), '06062a864886f70d');
  assert.equal(hex(derOid('2.5.4.3')), '0603550403');
  // X.690 §8.19.5's example {2 999 3}: the first subidentifier 1079 takes two octets.
  assert.equal(hex(derOid('2.999.3')), '0603883703');
  assert.equal(hex(derOid('0.9.2342.19200300.100.1.25')), '060a0992268993f22c640119');
  for (const oid of [
    '1.2.840.10045.4.3.2',
    '2.16.840.1.101.3.4.3.18',
    '2.25.329800735698586629295641978511506172918',
    '0.0',
  ]) {
    assert.equal(readOid(decode(derOid(oid)), 'oid'), oid);
  }
});

test('fail/OBJECT IDENTIFIER: malformed dotted text', () => {
  for (const bad of ['', '1', '3.1', '1.40', '0.40', '1.2.', '1..2', '1.02', 'a.b', ' 1.2', '1.2 ']) {
    assert.throws(() => derOid(bad), TypeError, JSON.stringify(bad));
  }
});

test('ok/lengths: short form to 127, then the fewest long-form octets (X.690 §8.1.3, §10.1)', () => {
  const header = (size: number) => hex(derOctetString(new Uint8Array(size)).subarray(0, 5));
  assert.ok(header(127).startsWith('047f'));
  assert.ok(header(128).startsWith('048180'));
  assert.ok(header(255).startsWith('0481ff'));
  assert.ok(header(256).startsWith('04820100'));
  assert.ok(header(65535).startsWith('0482ffff'));
  assert.ok(header(65536).startsWith('0483010000'));
  for (const size of [0, 127, 128, 256, 65536]) {
    assert.equal(
      readOctetString(decode(derOctetString(new Uint8Array(size).fill(9))), 'octets').length,
      size,
    );
  }
});

test('ok/Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
  const cases: [string, string][] = [
    ['2049-12-31T23:59:59Z', '170d3439313233313233353935395a'],
    ['2050-01-01T00:00:00Z', '180f32303530303130313030303030305a'],
    ['1950-01-01T00:00:00Z', '170d3530303130313030303030305a'],
    ['1949-12-31T23:59:59Z', '180f31393439313233313233353935395a'],
  ];
  for (const [iso, expected] of cases) {
    const ms = Date.parse(iso);
    assert.equal(hex(derTime(ms)), expected, iso);
    assert.equal(readTime(decode(derTime(ms)), 'time'), ms);
  }
  // Milliseconds are dropped, never rounded up.
  assert.equal(
    readTime(decode(derTime(Date.parse('2030-06-15T12:00:00.999Z'))), 't'),
    Date.parse('2030-06-15T12:00:00Z'),
  );
  assert.equal(
    Buffer.from(derGeneralizedTime(Date.parse('2030-06-15T12:34:56Z')).subarray(2)).toString(),
    '20300615123456Z',
  );
  assert.equal(
    readTime(decode(derGeneralizedTime(Date.parse('9999-12-31T23:59:59Z'))), 't'),
    Date.parse('9999-12-31T23:59:59Z'),
  );
});

test('fail/Time: not finite or beyond GeneralizedTime', () => {
  for (const bad of [
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Date.parse('+010000-01-01T00:00:00Z'),
    -62_198_755_200_001,
  ]) {
    assert.throws(() => derTime(bad), TypeError, String(bad));
  }
});

test('ok/strings, BOOLEAN, NULL, BIT STRING round-trip', () => {
  assert.equal(hex(derUtf8String('é')), '0c02c3a9');
  assert.equal(readString(decode(derUtf8String('Zürich 東京 🙂')), 's'), 'Zürich 東京 🙂');
  assert.equal(hex(derPrintableString('US')), '13025553');
  assert.equal(readString(decode(derPrintableString("A-z 0'()+,-./:=?")), 's'), "A-z 0'()+,-./:=?");
  assert.equal(hex(derIa5String('a@b')), '1603614062');
  assert.equal(hex(derBoolean(true)), '0101ff');
  assert.equal(hex(derBoolean(false)), '010100');
  assert.equal(readBoolean(decode(derBoolean(true)), 'b'), true);
  assert.equal(hex(derNull()), '0500');
  assert.equal(readNull(decode(derNull()), 'n'), null);
  assert.equal(hex(derBitString(fromHex('80'), 7)), '03020780');
  assert.equal(hex(derBitString(new Uint8Array(0))), '030100');
  assert.deepEqual(readBitString(decode(derBitString(fromHex('a5f0'), 4)), 'bits'), {
    bytes: fromHex('a5f0'),
    unusedBits: 4,
  });
  assert.equal(readEnumerated(decode(derEnumerated(10)), 'e', 10), 10);
});

test('fail/strings outside their character sets, bad BIT STRING padding', () => {
  for (const bad of ['a@b', 'x*y', 'AT&T', 'é', 'tab\t'])
    assert.throws(() => derPrintableString(bad), TypeError, bad);
  assert.throws(() => derIa5String('é'), TypeError);
  assert.throws(() => derUtf8String('\ud800'), TypeError);
  assert.throws(() => derBitString(fromHex('81'), 1), TypeError);
  assert.throws(() => derBitString(new Uint8Array(0), 1), TypeError);
  assert.throws(() => derBitString(fromHex('00'), 8), TypeError);
});

test('ok/SET OF is sorted by encoding (X.690 §11.6), SEQUENCE keeps order', () => {
  const one = derInteger(1n);
  const two = derInteger(2n);
  assert.equal(hex(derSet(two, one)), '3106020101020102');
  assert.equal(hex(derSequence(two, one)), '3006020102020101');
  // By the encodings' octets: the length octet decides here, not the contents.
  assert.equal(
    hex(derSet(derOctetString(fromHex('0000')), derOctetString(fromHex('ff')))),
    '31070401ff04020000',
  );
  assert.equal(hex(derSet()), '3100');
});

test('ok/context tags: EXPLICIT, IMPLICIT, high tag numbers (X.690 §8.1.2.4, §8.14)', () => {
  assert.equal(hex(derExplicit(0, derInteger(2n))), 'a003020102');
  assert.equal(hex(derExplicit(3, derSequence())), 'a3023000');
  assert.equal(hex(derImplicit(2, fromHex('61'), false)), '820161');
  assert.equal(hex(derImplicit(0, new Uint8Array(0), true)), 'a000');
  assert.equal(hex(derImplicit(30, new Uint8Array(0), false)), '9e00');
  assert.equal(hex(derImplicit(31, new Uint8Array(0), false)), '9f1f00');
  assert.equal(hex(derImplicit(200, new Uint8Array(0), true)), 'bf814800');
  for (const tag of [0, 30, 31, 127, 128, 16383, 16384]) {
    const node = decode(derImplicit(tag, fromHex('05'), false));
    assert.equal(node.isContext(tag), true, `[${tag}]`);
    assert.deepEqual(node.content, fromHex('05'));
  }
  assert.equal(hex(derTlv(0x04, fromHex('ab'))), '0401ab');
  assert.throws(() => derTlv(0x1f, new Uint8Array(0)), TypeError);
  assert.throws(() => derTlv(256, new Uint8Array(0)), TypeError);
  assert.throws(() => derImplicit(-1, new Uint8Array(0), false), TypeError);
});

test('ok/a nested structure decodes back into the same tree', () => {
  const der = derSequence(
    derExplicit(0, derInteger(2n)),
    derSet(derSequence(derOid('2.5.4.3'), derUtf8String('x'))),
    derOctetString(new Uint8Array(300)),
  );
  const root = decode(der);
  assert.deepEqual(root.raw, der);
  assert.equal(root.children.length, 3);
  assert.equal(root.children[2]?.contentLength, 300);
});
