import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bitIsSet, readBitString, readBitStringOctets } from '@anchorage/core/der/bit-string';
import { readBoolean } from '@anchorage/core/der/boolean';
import { decodeDer } from '@anchorage/core/der/decode';
import { readExplicit } from '@anchorage/core/der/expect';
import { readEnumerated, readInteger, readIntegerBytes, readSmallInteger } from '@anchorage/core/der/integer';
import { readNull } from '@anchorage/core/der/null';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readOid } from '@anchorage/core/der/oid';
import { readSequence, readSetOf } from '@anchorage/core/der/sequence-reader';
import { readString } from '@anchorage/core/der/strings';
import { readTime } from '@anchorage/core/der/time';
import { ascii, bytes, concat, oid, sequence, set, tlv } from './der-builder.ts';
import { assertRefused, fromHex } from './helpers.ts';

const decode = (input: Uint8Array) => decodeDer(input, 'input');

test('ok/decodes a SEQUENCE with children, offsets, raw and content views', () => {
  const input = fromHex('30 06 02 01 05 04 01 ff');
  const node = decode(input);
  assert.equal(node.tagNumber, 16);
  assert.equal(node.constructed, true);
  assert.equal(node.children.length, 2);
  const [integer, octets] = node.children;
  assert.ok(integer !== undefined && octets !== undefined);
  assert.equal(integer.offset, 2);
  assert.deepEqual(integer.raw, fromHex('02 01 05'));
  assert.deepEqual(octets.content, fromHex('ff'));
  assert.deepEqual(node.raw, input);
});

test('ok/long-form lengths and high tag numbers in their shortest form', () => {
  const content = new Uint8Array(200).fill(7);
  const node = decode(concat(bytes(0x04, 0x81, 200), content));
  assert.equal(node.contentLength, 200);
  const highTag = decode(fromHex('9f 1f 00'));
  assert.equal(highTag.tagNumber, 31);
  assert.equal(highTag.describe(), '[31] primitive');
  assert.equal(decode(fromHex('9f 81 00 00')).tagNumber, 128);
});

test('fail/empty input and trailing bytes', () => {
  assertRefused(() => decode(new Uint8Array()), 'input is empty');
  assertRefused(() => decode(fromHex('05 00 00')), 'has 1 unexpected bytes after its DER encoding');
});

test('fail/indefinite length is refused (X.690 §10.1)', () => {
  assertRefused(() => decode(fromHex('30 80 05 00 00 00')), 'indefinite length');
});

test('fail/non-minimal lengths are refused', () => {
  assertRefused(() => decode(fromHex('04 81 05 00 00 00 00 00')), 'encodes length 5 in the long form');
  assertRefused(() => decode(concat(fromHex('04 82 00 80'), new Uint8Array(128))), 'leading zero octet');
});

test('fail/over-long and oversized lengths are refused without allocating', () => {
  assertRefused(() => decode(fromHex('04 85 01 00 00 00 00')), 'length field of 5 octets');
  assertRefused(
    () => decode(fromHex('30 84 7f ff ff ff 02 01 00')),
    'declares 2147483647 content bytes but only 3 remain',
  );
  assertRefused(() => decode(fromHex('30 05 02 01')), 'declares 5 content bytes but only 2 remain');
  // A child that claims more than its parent holds, even though the input has the bytes.
  assertRefused(
    () => decode(fromHex('30 03 04 03 00 00 00')),
    'offset 2 declares 3 content bytes but only 1 remain',
  );
  assertRefused(() => decode(fromHex('30 04 30 03 00 00 00')), 'declares 3 content bytes but only 2 remain');
});

test('fail/truncated headers are refused', () => {
  assertRefused(() => decode(fromHex('30')), 'truncated');
  assertRefused(() => decode(fromHex('04 82 01')), 'truncated');
  assertRefused(() => decode(fromHex('1f')), 'truncated');
});

test('fail/bad tag encodings are refused', () => {
  assertRefused(() => decode(fromHex('1f 1e 00')), 'encodes tag number 30 in the long form');
  assertRefused(() => decode(fromHex('9f 80 01 00')), 'tag number with a leading zero octet');
  assertRefused(() => decode(fromHex('9f ff ff ff 7f 00')), 'tag number longer than 3 octets');
  assertRefused(() => decode(fromHex('00 00')), 'end-of-contents');
});

test('fail/universal types in the wrong form are refused (X.690 §10.2)', () => {
  assertRefused(() => decode(fromHex('22 03 02 01 05')), 'constructed form for INTEGER');
  assertRefused(() => decode(fromHex('24 03 04 01 05')), 'constructed form for OCTET STRING');
  assertRefused(() => decode(fromHex('10 00')), 'primitive form for SEQUENCE');
});

test('fail/limits on size, depth and element count', () => {
  assertRefused(
    () => decodeDer(new Uint8Array(11).fill(5), 'blob', { maxBytes: 10, maxDepth: 8, maxElements: 100 }),
    'blob is 11 bytes long; the limit is 10 bytes',
  );
  let nested = fromHex('05 00');
  for (let level = 0; level < 8; level += 1) nested = sequence(nested);
  assert.equal(decodeDer(nested, 'nest', { maxBytes: 1000, maxDepth: 9, maxElements: 100 }).tagNumber, 16);
  assertRefused(
    () => decodeDer(nested, 'nest', { maxBytes: 1000, maxDepth: 8, maxElements: 100 }),
    'nested deeper than 8 levels',
  );
  const many = sequence(...Array.from({ length: 50 }, () => fromHex('05 00')));
  assertRefused(
    () => decodeDer(many, 'list', { maxBytes: 1000, maxDepth: 8, maxElements: 40 }),
    'more than 40 DER elements',
  );
});

test('ok/INTEGER as bigint, raw bytes and small number', () => {
  assert.equal(readInteger(decode(fromHex('02 01 00')), 'n'), 0n);
  assert.equal(readInteger(decode(fromHex('02 01 7f')), 'n'), 127n);
  assert.equal(readInteger(decode(fromHex('02 02 00 80')), 'n'), 128n);
  assert.equal(readInteger(decode(fromHex('02 01 80')), 'n'), -128n);
  assert.equal(readInteger(decode(fromHex('02 02 ff 7f')), 'n'), -129n);
  assert.equal(readInteger(decode(fromHex('02 09 00 ff ff ff ff ff ff ff ff')), 'n'), 2n ** 64n - 1n);
  assert.deepEqual(readIntegerBytes(decode(fromHex('02 02 00 80')), 'n'), fromHex('00 80'));
  assert.equal(readSmallInteger(decode(fromHex('02 01 03')), 'n', 10), 3);
  assert.equal(readEnumerated(decode(fromHex('0a 01 01')), 'reason', 10), 1);
});

test('fail/INTEGER that is empty, not minimal, or out of range', () => {
  assertRefused(
    () => readInteger(decode(fromHex('02 00')), 'serial'),
    'serial is an INTEGER with no content octets',
  );
  assertRefused(() => readInteger(decode(fromHex('02 02 00 7f')), 'serial'), 'not minimally encoded');
  assertRefused(() => readInteger(decode(fromHex('02 02 ff 80')), 'serial'), 'not minimally encoded');
  assertRefused(
    () => readSmallInteger(decode(fromHex('02 01 ff')), 'pathLen', 10),
    'pathLen must be between 0 and 10, found -1',
  );
  assertRefused(
    () => readInteger(decode(fromHex('04 01 00')), 'serial'),
    'serial must be an INTEGER, found OCTET STRING',
  );
});

test('ok/OBJECT IDENTIFIER to dotted string, including large arcs', () => {
  assert.equal(readOid(decode(oid('2.5.29.19')), 'oid'), '2.5.29.19');
  assert.equal(readOid(decode(oid('1.2.840.113549.1.1.11')), 'oid'), '1.2.840.113549.1.1.11');
  assert.equal(readOid(decode(oid('2.999.3')), 'oid'), '2.999.3');
  const uuid = '2.25.329800735698586629295641978511506172918';
  assert.equal(readOid(decode(oid(uuid)), 'oid'), uuid);
});

test('fail/OBJECT IDENTIFIER that is empty, non-minimal or truncated', () => {
  assertRefused(() => readOid(decode(fromHex('06 00')), 'oid'), 'no content octets');
  assertRefused(() => readOid(decode(fromHex('06 03 55 80 01')), 'oid'), 'non-minimal subidentifier');
  assertRefused(() => readOid(decode(fromHex('06 02 55 81')), 'oid'), 'last subidentifier is truncated');
  assertRefused(
    () => readOid(decode(tlv(0x06, new Uint8Array(200).fill(1))), 'oid'),
    'longer than 128 octets',
  );
});

test('ok/BIT STRING, OCTET STRING, BOOLEAN, NULL', () => {
  const bits = readBitString(decode(fromHex('03 02 05 a0')), 'ku');
  assert.equal(bits.unusedBits, 5);
  assert.equal(bitIsSet(bits, 0), true);
  assert.equal(bitIsSet(bits, 1), false);
  assert.equal(bitIsSet(bits, 2), true);
  assert.equal(bitIsSet(bits, 40), false);
  assert.deepEqual(readBitStringOctets(decode(fromHex('03 03 00 ab cd')), 'key'), fromHex('ab cd'));
  assert.deepEqual(readOctetString(decode(fromHex('04 02 01 02')), 'o'), fromHex('01 02'));
  assert.equal(readBoolean(decode(fromHex('01 01 ff')), 'b'), true);
  assert.equal(readBoolean(decode(fromHex('01 01 00')), 'b'), false);
  assert.equal(readNull(decode(fromHex('05 00')), 'n'), null);
});

test('fail/BIT STRING, BOOLEAN and NULL that break DER', () => {
  assertRefused(() => readBitString(decode(fromHex('03 00')), 'bits'), 'no content octets');
  assertRefused(() => readBitString(decode(fromHex('03 02 08 00')), 'bits'), '8 unused bits');
  assertRefused(
    () => readBitString(decode(fromHex('03 01 03')), 'bits'),
    'empty BIT STRING that declares unused bits',
  );
  assertRefused(() => readBitString(decode(fromHex('03 02 01 01')), 'bits'), 'padding bits are not zero');
  assertRefused(
    () => readBitStringOctets(decode(fromHex('03 02 01 02')), 'signature'),
    'must hold whole octets',
  );
  assertRefused(
    () => readBoolean(decode(fromHex('01 01 01')), 'cA'),
    'not encoded as a single 0x00 or 0xFF octet',
  );
  assertRefused(() => readBoolean(decode(fromHex('01 02 ff ff')), 'cA'), 'not encoded as a single');
  assertRefused(() => readNull(decode(fromHex('05 01 00')), 'params'), 'NULL with content octets');
});

test('ok/UTCTime follows the 1950/2050 pivot; GeneralizedTime is read as is', () => {
  const utc = (text: string) => readTime(decode(tlv(0x17, ascii(text))), 't');
  const generalized = (text: string) => readTime(decode(tlv(0x18, ascii(text))), 't');
  assert.equal(utc('491231235959Z'), Date.parse('2049-12-31T23:59:59Z'));
  assert.equal(utc('500101000000Z'), Date.parse('1950-01-01T00:00:00Z'));
  assert.equal(utc('000229120000Z'), Date.parse('2000-02-29T12:00:00Z'));
  assert.equal(generalized('20500101000000Z'), Date.parse('2050-01-01T00:00:00Z'));
  assert.equal(generalized('00010101000000Z'), Date.parse('0001-01-01T00:00:00Z'));
  assert.equal(generalized('99991231235959Z'), Date.parse('9999-12-31T23:59:59Z'));
});

test('fail/times outside the RFC 5280 profile or the calendar', () => {
  const utc = (text: string) => () => readTime(decode(tlv(0x17, ascii(text))), 'notAfter');
  const generalized = (text: string) => () => readTime(decode(tlv(0x18, ascii(text))), 'notAfter');
  assertRefused(utc('2501010000Z'), 'not a UTCTime of the form YYMMDDHHMMSSZ');
  assertRefused(utc('250101000000+0100'), 'not a UTCTime');
  assertRefused(utc('250101000000'), 'not a UTCTime');
  assertRefused(generalized('20250101000000.5Z'), 'not a GeneralizedTime of the form YYYYMMDDHHMMSSZ');
  assertRefused(utc('250230000000Z'), 'not a real calendar time');
  assertRefused(utc('250229000000Z'), 'not a real calendar time');
  assertRefused(utc('251301000000Z'), 'not a real calendar time');
  assertRefused(utc('250101240000Z'), 'not a real calendar time');
  assertRefused(utc('250101006000Z'), 'not a real calendar time');
  assertRefused(utc('250101000060Z'), 'not a real calendar time');
  assertRefused(() => readTime(decode(fromHex('04 00')), 'notAfter'), 'must be a UTCTime or GeneralizedTime');
});

test('ok/every directory string type decodes', () => {
  const read = (tag: number, content: Uint8Array) => readString(decode(tlv(tag, content)), 's');
  assert.equal(read(0x0c, new TextEncoder().encode('Zürich ✓')), 'Zürich ✓');
  assert.equal(read(0x13, ascii("Example Org (1) +,-./:=?'")), "Example Org (1) +,-./:=?'");
  assert.equal(read(0x13, ascii('AT&T *')), 'AT&T *');
  assert.equal(read(0x16, ascii('ops@example.com')), 'ops@example.com');
  assert.equal(read(0x14, bytes(0x5a, 0xfc, 0x72)), 'Zür');
  assert.equal(read(0x1e, bytes(0x00, 0x5a, 0x00, 0xfc, 0x26, 0x13)), 'Zü☓');
  assert.equal(read(0x1c, bytes(0, 0, 0, 0x5a, 0, 1, 0xf6, 0x00)), 'Z😀');
  assert.equal(read(0x12, ascii('0123 456')), '0123 456');
  assert.equal(read(0x1a, ascii('Visible ~')), 'Visible ~');
});

test('fail/strings with bytes their type forbids', () => {
  const read = (tag: number, content: Uint8Array) => () => readString(decode(tlv(tag, content)), 'CN');
  assertRefused(read(0x0c, bytes(0xc3, 0x28)), 'CN is a UTF8String that is not valid UTF-8');
  assertRefused(read(0x13, ascii('a@b')), 'PrintableString containing a forbidden byte 0x40');
  assertRefused(read(0x16, bytes(0x41, 0x80)), 'outside IA5');
  assertRefused(read(0x1e, bytes(0x00)), 'BMPString with an odd number of bytes');
  assertRefused(read(0x1c, bytes(0, 0, 0)), 'UniversalString whose length is not a multiple of 4');
  assertRefused(read(0x1c, bytes(0xff, 0, 0, 0)), 'UniversalString containing an invalid code point');
  assertRefused(read(0x1c, bytes(0, 0, 0xd8, 0)), 'invalid code point');
  assertRefused(read(0x12, ascii('12a')), 'NumericString containing a forbidden byte');
  assertRefused(
    () => readString(decode(fromHex('02 01 00')), 'CN'),
    'CN must be a character string, found INTEGER',
  );
});

test('ok/sequence reader walks required, optional and explicit fields', () => {
  const node = decode(sequence(tlv(0xa0, fromHex('02 01 02')), fromHex('02 01 07'), set(fromHex('05 00'))));
  const fields = readSequence(node, 'tbs');
  const version = fields.optionalContext(0);
  assert.ok(version !== null);
  assert.equal(readInteger(readExplicit(version, 0, 'version'), 'version'), 2n);
  assert.equal(fields.optionalContext(1), null);
  assert.equal(readInteger(fields.next('serial'), 'serial'), 7n);
  assert.equal(readSetOf(fields.next('set'), 'set', 1).length, 1);
  fields.end();
  assertRefused(() => fields.next('issuer'), 'tbs lacks its issuer');
});

test('fail/sequence reader refuses trailing fields, wrong tags and bad explicit wrappers', () => {
  const fields = readSequence(decode(sequence(fromHex('05 00'), fromHex('05 00'))), 'algorithm');
  fields.next('oid');
  assertRefused(() => fields.end(), 'algorithm has an unexpected NULL after its last field');
  assertRefused(() => readSequence(decode(set()), 'name'), 'name must be a SEQUENCE, found SET');
  assertRefused(() => readSetOf(decode(set()), 'rdn', 1), 'rdn must not be empty');
  assertRefused(
    () => readExplicit(decode(tlv(0xa0, fromHex('05 00 05 00'))), 0, 'version'),
    'exactly one element',
  );
  assertRefused(
    () => readExplicit(decode(tlv(0xa1, fromHex('05 00'))), 0, 'version'),
    'version must be tagged [0] constructed, found [1] constructed',
  );
});
