/**
 * Name constraints over whole paths (RFC 5280 §4.2.1.10, §6.1.3 (b), (c), §6.1.4 (g)). int-nc
 * (under root-a) permits DNS example.com, email example.com and .example.com, URI .example.com
 * and example.com, IP 10.0.0.0/8 and 2001:db8::/32, dirName O=Example; it excludes DNS
 * forbidden.example.com, email blocked@example.com, URI bad.example.com, IP 10.66.0.0/16 and
 * dirName O=Example, OU=Blocked. Harness: path-cases.ts.
 */
import { test } from 'node:test';
import { check, type Row } from './path-cases.ts';

const under = (leaf: string, expect: Row['expect'], reason?: string): Omit<Row, 'name'> => ({
  leaf,
  chain: ['int-nc'],
  expect: expect === 'name-constraints' ? expect : [leaf, 'int-nc', 'root-a'],
  ...(reason === undefined ? {} : { reason }),
});

const ROWS: readonly Row[] = [
  {
    name: 'ok/every name form inside the permitted and outside the excluded subtrees',
    ...under('nc-ok', []),
  },
  {
    name: 'ok/the anchor’s own constraints apply (an intermediate CA as the anchor)',
    leaf: 'nc-ok',
    chain: [],
    anchors: ['int-nc'],
    expect: ['nc-ok', 'int-nc'],
  },
  {
    name: 'fail/anchor’s constraints: dNSName outside',
    leaf: 'nc-dns-outside',
    chain: [],
    anchors: ['int-nc'],
    expect: 'name-constraints',
    reason: 'of anchor CN=Path Test Name Constraints',
  },
  {
    name: 'fail/dNSName outside the permitted subtree',
    ...under('nc-dns-outside', 'name-constraints', 'dNSName "example.net" is outside'),
  },
  {
    name: 'fail/dNSName constraints match whole labels (notexample.com)',
    ...under('nc-dns-label-boundary', 'name-constraints', '"notexample.com" is outside'),
  },
  {
    name: 'fail/dNSName under an excluded subtree',
    ...under('nc-dns-excluded', 'name-constraints', 'meets the excluded subtree "forbidden.example.com"'),
  },
  {
    name: 'fail/wildcard dNSName that could name an excluded host',
    ...under('nc-dns-wildcard-excluded', 'name-constraints', '"*.example.com" meets the excluded subtree'),
  },
  {
    name: 'fail/rfc822Name outside',
    ...under('nc-email-outside', 'name-constraints', 'rfc822Name "me@example.net"'),
  },
  {
    name: 'fail/rfc822Name is an excluded mailbox',
    ...under('nc-email-excluded', 'name-constraints', 'within the excluded subtree "blocked@example.com"'),
  },
  {
    name: 'fail/the subject’s emailAddress is an email name too',
    ...under('nc-subject-email-outside', 'name-constraints', 'rfc822Name "ops@example.net"'),
  },
  { name: 'fail/URI host outside', ...under('nc-uri-outside', 'name-constraints', 'spiffe://example.net/w') },
  {
    name: 'fail/URI host excluded',
    ...under('nc-uri-excluded', 'name-constraints', 'excluded subtree "bad.example.com"'),
  },
  { name: 'fail/URI without a host', ...under('nc-uri-no-host', 'name-constraints', 'has no DNS host') },
  {
    name: 'fail/IPv4 address outside',
    ...under('nc-ip-outside', 'name-constraints', 'iPAddress "192.168.0.1"'),
  },
  {
    name: 'fail/IPv4 address excluded',
    ...under('nc-ip-excluded', 'name-constraints', 'excluded range 10.66.0.0/16'),
  },
  {
    name: 'fail/IPv6 address outside',
    ...under('nc-ipv6-outside', 'name-constraints', 'iPAddress "2001:db9::1"'),
  },
  {
    name: 'fail/subject DN outside O=Example',
    ...under('nc-dn-outside', 'name-constraints', 'directoryName "CN=nc-dn-outside,O=Other"'),
  },
  {
    name: 'fail/subject DN in the excluded O=Example, OU=Blocked',
    ...under('nc-dn-excluded', 'name-constraints', 'excluded subtree "OU=Blocked,O=Example"'),
  },
  {
    name: 'fail/subjectAltName directoryName outside',
    ...under('nc-san-dn-outside', 'name-constraints', 'CN=nc-san-dn-outside,O=Other'),
  },
  {
    name: 'fail/otherName constrained but not understood, and present',
    leaf: 'nc-other-name',
    chain: ['int-nc-other-name'],
    expect: 'name-constraints',
    reason: 'otherName cannot be checked',
  },
  {
    name: 'ok/otherName constrained but absent from the leaf',
    leaf: 'nc-other-name-absent',
    chain: ['int-nc-other-name'],
    expect: ['nc-other-name-absent', 'int-nc-other-name', 'root-a'],
  },
];

for (const row of ROWS) {
  test(row.name, () => {
    check(row);
  });
}
