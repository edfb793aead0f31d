/** Distinguished names from text (RFC 4514, OpenSSL's slash form) and their DER. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import {
  type DnAttribute,
  encodeName,
  parseDistinguishedName,
} from '@anchorage/core/x509/build/distinguished-name';
import { parseName } from '@anchorage/core/x509/name';
import { assertRefused } from '../helpers.ts';

const parsedName = (attributes: readonly DnAttribute[]) =>
  parseName(decodeDer(encodeName(attributes), 'name'), 'name');

test('ok/RFC 4514 text, leaf first, comes back in encoding order', () => {
  assert.deepEqual(parseDistinguishedName('CN=web,O=Example,C=US'), [
    ['C', 'US'],
    ['O', 'Example'],
    ['CN', 'web'],
  ]);
  // Spaces around separators are tolerated (RFC 2253 style), types are case-insensitive.
  assert.deepEqual(parseDistinguishedName(' cn = web , o=Example Corp ,c=US'), [
    ['C', 'US'],
    ['O', 'Example Corp'],
    ['CN', 'web'],
  ]);
});

test('ok/RFC 4514 §4 examples that fit one attribute per RDN', () => {
  assert.deepEqual(parseDistinguishedName('UID=jsmith,DC=example,DC=net'), [
    ['DC', 'net'],
    ['DC', 'example'],
    ['0.9.2342.19200300.100.1.1', 'jsmith'],
  ]);
  assert.deepEqual(parseDistinguishedName('CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net').at(-1), [
    'CN',
    'James "Jim" Smith, III',
  ]);
  assert.deepEqual(parseDistinguishedName('CN=Lu\\C4\\8Di\\C4\\87'), [['CN', 'Lučić']]);
});

test('ok/RFC 4514 escapes: specials, leading # and space, trailing space, hex pairs', () => {
  assert.deepEqual(parseDistinguishedName('CN=\\#1\\ '), [['CN', '#1 ']]);
  assert.deepEqual(parseDistinguishedName('CN=\\ lead'), [['CN', ' lead']]);
  assert.deepEqual(parseDistinguishedName('CN=a\\+b\\;c\\<d\\>e\\=f\\\\g'), [['CN', 'a+b;c<d>e=f\\g']]);
  assert.deepEqual(parseDistinguishedName('CN=a=b'), [['CN', 'a=b']]);
  assert.deepEqual(parseDistinguishedName('CN=\\2C\\20x'), [['CN', ', x']]);
  assert.deepEqual(parseDistinguishedName('CN=trailing  '), [['CN', 'trailing']]);
});

test('ok/OpenSSL slash form, root first, with backslash escapes', () => {
  assert.deepEqual(parseDistinguishedName('/C=US/O=Example/CN=web'), [
    ['C', 'US'],
    ['O', 'Example'],
    ['CN', 'web'],
  ]);
  assert.deepEqual(parseDistinguishedName('/CN=a\\/b/O=x\\+y, z'), [
    ['CN', 'a/b'],
    ['O', 'x+y, z'],
  ]);
  assert.deepEqual(parseDistinguishedName('/DC=org/DC=example/CN=  spaced  '), [
    ['DC', 'org'],
    ['DC', 'example'],
    ['CN', '  spaced  '],
  ]);
});

test('ok/long names and dotted OIDs', () => {
  assert.deepEqual(parseDistinguishedName('commonName=x,organizationName=y,countryName=DE'), [
    ['C', 'DE'],
    ['O', 'y'],
    ['CN', 'x'],
  ]);
  assert.deepEqual(parseDistinguishedName('2.5.4.3=known,1.2.3.4=custom,GN=Ada,SN=Lovelace'), [
    ['SN', 'Lovelace'],
    ['GN', 'Ada'],
    ['1.2.3.4', 'custom'],
    ['CN', 'known'],
  ]);
  const every =
    'dnQualifier=q,generationQualifier=III,pseudonym=p,initials=A,title=Dr,emailAddress=a@b.c,serialNumber=42,L=Town,ST=State,OU=Unit';
  assert.equal(parseDistinguishedName(every).length, 10);
});

test('fail/malformed text, unknown types, empty and oversized values', () => {
  const refusals: [string, string][] = [
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['CN', "without '='"],
    ['CN=a,,O=b', "without '='"],
    ['CN=a,', 'ends with a separator'],
    ['CN=', 'value is empty'],
    ['CN=   ', 'value is empty'],
    ['XX=foo', "unknown attribute type 'XX'"],
    ['E=a@b.c', "unknown attribute type 'E'"],
    ['1.40=x', 'unknown attribute type'],
    ['CN=a+O=b', 'multi-valued RDN'],
    ['CN=a\\', 'invalid escape'],
    ['CN=a\\zz', 'invalid escape'],
    ['CN=\\ff\\fe', 'not UTF-8'],
    ['CN=a;b', "unescaped ';'"],
    ['CN=<x>', "unescaped '<'"],
    ['CN="q"', "unescaped '\"'"],
    ['1.3.6.1.4.1.1466.0=#04024869', '#hex value'],
    ['CN=Before\\0dAfter', 'control character'],
    ['C=USA', 'two-letter'],
    ['C=U1', 'two-letter'],
    ['serialNumber=a@b', 'PrintableString'],
    ['emailAddress=é@x.y', 'ASCII'],
    ['/CN=a/', "without '='"],
    ['/', "without '='"],
    ['/CN=a+O=b', 'multi-valued RDN'],
    ['/CN=a\\', 'lone backslash'],
    [`CN=${'x'.repeat(257)}`, 'longer than 256'],
    [Array.from({ length: 65 }, (_, index) => `OU=u${index}`).join(','), 'at most 64'],
  ];
  for (const [text, message] of refusals) assertRefused(() => parseDistinguishedName(text), message);
  assert.equal(parseDistinguishedName(`CN=${'é'.repeat(256)}`).length, 1);
  assert.equal(parseDistinguishedName(Array.from({ length: 64 }, () => 'OU=u').join(',')).length, 64);
});

test('ok/encodeName: one RDN per attribute, string types per RFC 5280 §4.1.2.6', () => {
  const name = parsedName([
    ['C', 'US'],
    ['DC', 'example'],
    ['O', 'Example Ü'],
    ['serialNumber', '1234'],
    ['dnQualifier', 'q'],
    ['emailAddress', 'ops@example.com'],
    ['1.2.3.4', 'custom'],
    ['CN', 'web'],
  ]);
  assert.equal(name.rdns.length, 8);
  assert.ok(name.rdns.every((rdn) => rdn.length === 1));
  const tags = name.rdns.map((rdn) => rdn[0]?.valueTag);
  assert.deepEqual(tags, [19, 22, 12, 19, 19, 22, 12, 12]);
  assert.equal(
    name.rfc4514,
    'CN=web,1.2.3.4=#0c06637573746f6d,emailAddress=ops@example.com,dnQualifier=q,serialNumber=1234,O=Example Ü,DC=example,C=US',
  );
  assert.deepEqual(encodeName([]), Uint8Array.of(0x30, 0x00));
});

test('ok/text → DER → RFC 4514 → text round trip, escapes included', () => {
  for (const text of [
    'CN=a\\,b\\+c,O=x\\"y\\\\z,C=US',
    'CN=\\#hash\\ ,OU=ünïcødé',
    'CN=x=y,DC=example,DC=com',
  ]) {
    const attributes = parseDistinguishedName(text);
    const rendered = parsedName(attributes).rfc4514;
    assert.deepEqual(parseDistinguishedName(rendered), attributes, text);
  }
});

test('fail/encodeName refuses what cannot be encoded, with TypeError', () => {
  assert.throws(() => encodeName([['XX', 'a']]), TypeError);
  assert.throws(() => encodeName([['CN', '']]), TypeError);
  assert.throws(() => encodeName([['C', 'usa']]), TypeError);
  assert.throws(() => encodeName([['emailAddress', 'é']]), TypeError);
});
