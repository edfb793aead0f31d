import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { escapeRfc4514Value, parseName } from '@anchorage/core/x509/name';
import { namesMatch } from '@anchorage/core/x509/name-match';
import { oid, printable, sequence, set, tlv, utf8 } from './der-builder.ts';
import { assertRefused, loadCertificate } from './helpers.ts';

const attribute = (type: string, value: Uint8Array) => sequence(oid(type), value);
const name = (...rdns: Uint8Array[][]) => sequence(...rdns.map((rdn) => set(...rdn)));
const parse = (der: Uint8Array) => parseName(decodeDer(der, 'name'), 'name');

test('ok/RDNs in DER order, attributes with short names, RFC 4514 string in reverse order', () => {
  const leaf = loadCertificate('b-leaf.pem');
  assert.deepEqual(
    leaf.subject.rdns.map((rdn) => rdn.map((item) => `${item.shortName}=${item.value}`)),
    [['O=Example'], ['OU=Security'], ['OU=Engineering'], ['CN=workload-1']],
  );
  assert.equal(leaf.subject.rfc4514, 'CN=workload-1,OU=Engineering,OU=Security,O=Example');
  assert.equal(leaf.issuer.rfc4514, 'CN=Test Intermediate CA,O=Example,C=US');
  assert.equal(leaf.subject.rdns[0]?.[0]?.oid, '2.5.4.10');
  assert.equal(leaf.subject.rdns[0]?.[0]?.valueTag, 12);
});

test('ok/escaping, multi-valued RDNs, non-ASCII and the less common attribute types', () => {
  const certificate = loadCertificate('names-leaf.pem');
  assert.equal(
    certificate.subject.rfc4514,
    'ST=Zürich,serialNumber=1234,UID=u-1,emailAddress=ops@example.com,CN=\\#1 user\\ ,OU=Lab+OU=R&D,O=Example\\, Inc.,DC=example,DC=com',
  );
  const multi = certificate.subject.rdns.find((rdn) => rdn.length === 2);
  assert.deepEqual(
    multi?.map((item) => item.value),
    ['Lab', 'R&D'],
  );
});

test('ok/RFC 4514 §2.4 value escaping', () => {
  assert.equal(escapeRfc4514Value('a,b+c;d<e>f"g\\h'), 'a\\,b\\+c\\;d\\<e\\>f\\"g\\\\h');
  assert.equal(escapeRfc4514Value(' lead and trail '), '\\ lead and trail\\ ');
  assert.equal(escapeRfc4514Value('#hash # inside'), '\\#hash # inside');
  assert.equal(escapeRfc4514Value('nul\u0000tab\t'), 'nul\\00tab\\09');
  assert.equal(escapeRfc4514Value('a=b'), 'a=b');
});

test('ok/unknown attribute types and non-string values render as #hex', () => {
  const parsed = parse(
    name([attribute('1.2.3.4', utf8('x'))], [attribute('2.5.4.3', tlv(0x04, Uint8Array.of(1, 2)))]),
  );
  assert.equal(parsed.rfc4514, 'CN=#04020102,1.2.3.4=#0c0178');
  assert.equal(parsed.rdns[0]?.[0]?.shortName, null);
  assert.equal(parsed.rdns[1]?.[0]?.valueIsString, false);
  assert.equal(parse(sequence()).rfc4514, '');
});

test('fail/an empty RDN or a malformed attribute is refused', () => {
  assertRefused(() => parse(sequence(set())), 'name RDN 1 must not be empty');
  assertRefused(() => parse(name([sequence(oid('2.5.4.3'))])), 'name RDN 1 lacks its value');
  assertRefused(
    () => parse(name([attribute('2.5.4.3', tlv(0x0c, Uint8Array.of(0xff)))])),
    'name RDN 1 CN value is a UTF8String that is not valid UTF-8',
  );
});

test('ok/names match by DER, or by folded case and whitespace across string types (RFC 5280 §7.1)', () => {
  const a = parse(
    name([attribute('2.5.4.6', printable('US'))], [attribute('2.5.4.3', utf8('Test  Root CA'))]),
  );
  const b = parse(
    name([attribute('2.5.4.6', utf8('us'))], [attribute('2.5.4.3', printable(' test root ca '))]),
  );
  assert.equal(namesMatch(a, a), true);
  assert.equal(namesMatch(a, b), true);
  const c = parse(
    name([attribute('2.5.4.6', printable('US'))], [attribute('2.5.4.3', utf8('Test Root CB'))]),
  );
  assert.equal(namesMatch(a, c), false);
  const reordered = parse(
    name([attribute('2.5.4.3', utf8('Test Root CA'))], [attribute('2.5.4.6', printable('US'))]),
  );
  assert.equal(namesMatch(a, reordered), false);
  const shorter = parse(name([attribute('2.5.4.6', printable('US'))]));
  assert.equal(namesMatch(a, shorter), false);
  const otherType = parse(
    name([attribute('2.5.4.6', printable('US'))], [attribute('2.5.4.10', utf8('Test Root CA'))]),
  );
  assert.equal(namesMatch(a, otherType), false);
});

test('ok/multi-valued RDNs match in any order', () => {
  const x = parse(name([attribute('2.5.4.11', utf8('A')), attribute('2.5.4.11', utf8('B'))]));
  const y = parse(name([attribute('2.5.4.11', utf8('b')), attribute('2.5.4.11', utf8('a'))]));
  const z = parse(name([attribute('2.5.4.11', utf8('a')), attribute('2.5.4.11', utf8('a'))]));
  assert.equal(namesMatch(x, y), true);
  assert.equal(namesMatch(x, z), false);
});
