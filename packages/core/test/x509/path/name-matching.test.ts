/**
 * The name-form matchers of name constraints, case by case (RFC 5280 §4.2.1.10). Whole paths
 * are in name-constraints.test.ts; here the corner cases of each form.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { parseName } from '@anchorage/core/x509/name';
import { directoryNameWithin } from '@anchorage/core/x509/path/directory-name-prefix';
import {
  dnsNameMeets,
  dnsNameWithin,
  parseDnsConstraint,
  parseDnsName,
} from '@anchorage/core/x509/path/dns-name';
import { emailNameWithin, parseEmailConstraint, parseEmailName } from '@anchorage/core/x509/path/email-name';
import { ipWithin, parseIpRange } from '@anchorage/core/x509/path/ip-range';
import { parseUriConstraint, uriHost, uriHostWithin } from '@anchorage/core/x509/path/uri-host';
import { oid, printable, sequence, set, utf8 } from '../der-builder.ts';

function dns(name: string, constraint: string): { within: boolean; meets: boolean } {
  const parsedName = parseDnsName(name);
  const parsedConstraint = parseDnsConstraint(constraint);
  assert.ok(parsedName !== null && parsedConstraint !== null, `${name} / ${constraint} parse`);
  return {
    within: dnsNameWithin(parsedName, parsedConstraint),
    meets: dnsNameMeets(parsedName, parsedConstraint),
  };
}

test('ok/dNSName: zero or more labels added on the left, case-insensitive', () => {
  assert.deepEqual(dns('example.com', 'example.com'), { within: true, meets: true });
  assert.deepEqual(dns('www.host.Example.COM', 'example.com'), { within: true, meets: true });
  assert.deepEqual(dns('host1.example.com', 'host.example.com'), { within: false, meets: false });
  assert.deepEqual(dns('notexample.com', 'example.com'), { within: false, meets: false });
  assert.deepEqual(dns('anything.test', ''), { within: true, meets: true });
});

test('ok/dNSName: a leading period means subdomains only (the OpenSSL reading)', () => {
  assert.deepEqual(dns('a.example.com', '.example.com'), { within: true, meets: true });
  assert.deepEqual(dns('example.com', '.example.com'), { within: false, meets: false });
});

test('ok/dNSName wildcards: within when every expansion is, meeting when one is', () => {
  assert.deepEqual(dns('*.example.com', 'example.com'), { within: true, meets: true });
  assert.deepEqual(dns('*.foo.example.com', 'example.com'), { within: true, meets: true });
  // *.example.com could be bar.example.com (CVE-2025-61727) but is not all inside it.
  assert.deepEqual(dns('*.example.com', 'bar.example.com'), { within: false, meets: true });
  assert.deepEqual(dns('*.example.com', 'a.bar.example.com'), { within: false, meets: false });
  assert.deepEqual(dns('*.example.com', '.example.com'), { within: true, meets: true });
});

test('fail/malformed dNSNames and constraints', () => {
  for (const name of [
    '',
    '.example.com',
    'example..com',
    'exa mple.com',
    'foo.*.example.com',
    '*',
    'a'.repeat(64),
  ]) {
    assert.equal(parseDnsName(name), null, name);
  }
  for (const constraint of ['*.example.com', '.', '..example.com', 'ex%ample.com']) {
    assert.equal(parseDnsConstraint(constraint), null, constraint);
  }
});

test('ok/rfc822Name: a mailbox, a host, or the subdomains of a domain; no wildcards', () => {
  const within = (name: string, constraint: string) => {
    const parsedName = parseEmailName(name);
    const parsedConstraint = parseEmailConstraint(constraint);
    assert.ok(parsedName !== null && parsedConstraint !== null);
    return emailNameWithin(parsedName, parsedConstraint);
  };
  assert.equal(within('root@example.com', 'root@EXAMPLE.com'), true);
  assert.equal(within('Root@example.com', 'root@example.com'), false);
  assert.equal(within('anyone@Example.com', 'example.com'), true);
  assert.equal(within('anyone@mail.example.com', 'example.com'), false);
  assert.equal(within('anyone@mail.example.com', '.example.com'), true);
  assert.equal(within('anyone@example.com', '.example.com'), false);
  assert.equal(within('*@example.com', '*@example.com'), true);
  assert.equal(within('user@example.com', '*@example.com'), false);
  assert.equal(parseEmailName('a@b@example.com'), null);
  assert.equal(parseEmailName('@example.com'), null);
  assert.equal(parseEmailConstraint('invalid@invalid@example.com'), null);
});

test('ok/URI constraints apply to the host: exact, or subdomains with a leading period', () => {
  assert.deepEqual(uriHost('spiffe://example.com/workload'), { kind: 'host', host: 'example.com' });
  assert.deepEqual(uriHost('https://user:pw@API.example.com:8443/x?y#z'), {
    kind: 'host',
    host: 'api.example.com',
  });
  assert.deepEqual(uriHost('urn:example:1'), { kind: 'no-host' });
  assert.deepEqual(uriHost('https://[2001:db8::1]/'), { kind: 'ip-literal' });
  assert.deepEqual(uriHost('https://10.1.2.3/'), { kind: 'ip-literal' });
  assert.deepEqual(uriHost('no scheme'), { kind: 'malformed' });
  const exact = parseUriConstraint('example.com');
  const below = parseUriConstraint('.example.com');
  assert.ok(exact !== null && below !== null);
  assert.equal(uriHostWithin('example.com', exact), true);
  assert.equal(uriHostWithin('www.example.com', exact), false);
  assert.equal(uriHostWithin('www.example.com', below), true);
  assert.equal(uriHostWithin('example.com', below), false);
});

test('ok/iPAddress ranges: same family, masked comparison; non-CIDR masks refused', () => {
  const range = (bytes: number[]) => parseIpRange(Uint8Array.from(bytes), bytes.join('.'));
  const ten = range([10, 0, 0, 0, 255, 0, 0, 0]);
  assert.ok(ten !== null);
  assert.equal(ipWithin(Uint8Array.from([10, 9, 8, 7]), ten), true);
  assert.equal(ipWithin(Uint8Array.from([11, 0, 0, 1]), ten), false);
  assert.equal(ipWithin(new Uint8Array(16), ten), false);
  assert.equal(range([10, 0, 0, 0, 255, 0, 255, 0]), null);
  const v6 = new Uint8Array(32);
  v6.set([0x20, 0x01, 0x0d, 0xb8]);
  v6.set([0xff, 0xff, 0xff, 0xff], 16);
  const db8 = parseIpRange(v6, '2001:db8::/32');
  assert.ok(db8 !== null);
  const address = new Uint8Array(16);
  address.set([0x20, 0x01, 0x0d, 0xb8, 0, 1]);
  assert.equal(ipWithin(address, db8), true);
});

test('ok/directoryName: the constraint’s RDNs are the name’s first RDNs (§7.1 comparison)', () => {
  const dn = (...rdns: [string, Uint8Array][]) =>
    parseName(
      decodeDer(sequence(...rdns.map(([type, value]) => set(sequence(oid(type), value)))), 'name'),
      'name',
    );
  const O = '2.5.4.10';
  const OU = '2.5.4.11';
  const CN = '2.5.4.3';
  const name = dn([O, utf8('Example')], [OU, utf8('Ops')], [CN, utf8('w1')]);
  assert.equal(directoryNameWithin(name, dn([O, printable('example')])), true);
  assert.equal(directoryNameWithin(name, dn([O, utf8('Example')], [OU, utf8('Ops')])), true);
  assert.equal(directoryNameWithin(name, dn([O, utf8('Example')], [OU, utf8('Dev')])), false);
  assert.equal(directoryNameWithin(name, dn([OU, utf8('Ops')])), false);
  assert.equal(
    directoryNameWithin(dn([O, utf8('Example')]), dn([O, utf8('Example')], [OU, utf8('Ops')])),
    false,
  );
  assert.equal(directoryNameWithin(name, dn()), true);
});
