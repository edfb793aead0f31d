/**
 * Certificates built by the CA layer, for every key type it signs with, as root, intermediate and
 * leaf: OpenSSL (x509 -text, verify -x509_strict), node:crypto's X509Certificate, our own strict
 * parser (every extension read back) and the RFC 5280 path validator accept them; name
 * constraints and pathLenConstraint bind; templates that break the profile are refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { decodeIa5 } from '@anchorage/core/der/strings';
import { buildCertificate, type CertificateTemplate } from '@anchorage/core/x509/build/certificate-builder';
import { encodeName, parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { OID } from '@anchorage/core/x509/oids';
import { validatePath } from '@anchorage/core/x509/path/validate-path';
import { encodePem } from '@anchorage/core/x509/pem';

const dir = mkdtempSync(join(tmpdir(), 'anchorage-cert-build-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function writePem(name: string, der: Uint8Array): string {
  writeFileSync(join(dir, name), encodePem('CERTIFICATE', der));
  return name;
}

type KeyType = 'rsa2048' | 'rsa3072' | 'rsa4096' | 'p256' | 'p384' | 'mldsa65';

function generate(type: KeyType): KeyObject {
  switch (type) {
    case 'rsa2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    case 'rsa3072':
      return generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
    case 'rsa4096':
      return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey;
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    case 'mldsa65':
      return generateKeyPairSync('ml-dsa-65').privateKey;
  }
}

const spki = (key: KeyObject) => new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
const serial = () => BigInt(`0x${randomBytes(16).toString('hex')}`) + 1n;
const now = Date.now();
const HOUR = 3_600_000;
const validity = { notBefore: now - HOUR, notAfter: now + 30 * 24 * HOUR };

interface Issued {
  readonly key: KeyObject;
  readonly der: Uint8Array;
  readonly subject: Uint8Array;
}

function issueRoot(key: KeyObject, label: string): Issued {
  const subject = encodeName(parseDistinguishedName(`/C=US/O=Anchorage Test/CN=Root ${label}`));
  const der = buildCertificate(
    {
      serialNumber: serial(),
      subject,
      issuer: subject,
      ...validity,
      subjectPublicKey: spki(key),
      issuerPublicKey: spki(key),
      ca: { pathLength: 1 },
      keyUsage: ['keyCertSign', 'cRLSign', 'digitalSignature'],
    },
    key,
  );
  return { key, der, subject };
}

function issueIntermediate(key: KeyObject, issuer: Issued, label: string): Issued {
  const subject = encodeName(parseDistinguishedName(`CN=Intermediate ${label},O=Anchorage Test,C=US`));
  const der = buildCertificate(
    {
      serialNumber: serial(),
      subject,
      issuer: issuer.subject,
      ...validity,
      subjectPublicKey: spki(key),
      issuerPublicKey: spki(issuer.key),
      ca: { pathLength: 0 },
      keyUsage: ['keyCertSign', 'cRLSign'],
      nameConstraints: { permittedDns: ['example.com'], excludedDns: ['bad.example.com'] },
      crlDistributionPoints: ['http://crl.example.com/root.crl'],
    },
    issuer.key,
  );
  return { key, der, subject };
}

const LEAF_NAMES = {
  dns: ['web.example.com', '*.api.example.com'],
  uris: ['spiffe://example.com/ns/prod/web'],
  emails: ['ops@example.com'],
  ips: ['10.0.0.1', '2001:db8::1'],
};

function leafTemplate(
  key: KeyObject,
  issuer: Issued,
  overrides: Partial<CertificateTemplate> = {},
): CertificateTemplate {
  return {
    serialNumber: serial(),
    subject: encodeName(parseDistinguishedName('CN=web.example.com,OU=Workloads,O=Anchorage Test,C=US')),
    issuer: issuer.subject,
    ...validity,
    subjectPublicKey: spki(key),
    issuerPublicKey: spki(issuer.key),
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [OID.clientAuth],
    subjectAltNames: LEAF_NAMES,
    crlDistributionPoints: ['http://crl.example.com/int.crl', 'ldap://ldap.example.com/cn=int'],
    ...overrides,
  };
}

function issueLeaf(key: KeyObject, issuer: Issued, overrides: Partial<CertificateTemplate> = {}): Issued {
  const template = leafTemplate(key, issuer, overrides);
  return { key, der: buildCertificate(template, issuer.key), subject: template.subject };
}

interface Chain {
  readonly root: Issued;
  readonly intermediate: Issued;
  readonly leaf: Issued;
}

function chainOf(rootType: KeyType, intermediateType: KeyType, leafType: KeyType): Chain {
  const root = issueRoot(generate(rootType), rootType);
  const intermediate = issueIntermediate(generate(intermediateType), root, intermediateType);
  return { root, intermediate, leaf: issueLeaf(generate(leafType), intermediate) };
}

function validate(chain: Chain, crls = []) {
  return validatePath({
    leaf: parseCertificate(chain.leaf.der),
    intermediates: [parseCertificate(chain.intermediate.der)],
    anchors: [parseCertificate(chain.root.der)],
    crls,
    now,
  });
}

function crlDistributionPointUris(certificate: Certificate): string[] {
  const extension = certificate.extensions.find((candidate) => candidate.oid === OID.cRLDistributionPoints);
  assert.ok(extension !== undefined && !extension.critical);
  const points = decodeDer(extension.value, 'cRLDistributionPoints');
  assert.equal(points.children.length, 1);
  const distributionPoint = points.children[0]?.children[0];
  assert.ok(distributionPoint !== undefined);
  assert.ok(distributionPoint.isContext(0) && distributionPoint.constructed);
  const fullName = distributionPoint.children[0];
  assert.ok(fullName !== undefined);
  assert.ok(fullName.isContext(0) && fullName.constructed);
  return fullName.children.map((name) => {
    assert.ok(name.isContext(6));
    return decodeIa5(name.content, 'URI');
  });
}

function critical(certificate: Certificate, oid: string): boolean | undefined {
  return certificate.extensions.find((extension) => extension.oid === oid)?.critical;
}

const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());

/** What our parser reads back from each certificate of a chain. */
function assertReadBack(chain: Chain): void {
  const root = parseCertificate(chain.root.der);
  const intermediate = parseCertificate(chain.intermediate.der);
  const leaf = parseCertificate(chain.leaf.der);
  for (const certificate of [root, intermediate, leaf]) {
    assert.equal(certificate.version, 3);
    assert.ok(certificate.signatureAlgorithmsMatch);
    assert.ok(certificate.serialNumber > 0n);
    assert.equal(certificate.validity.notBefore, Math.floor(validity.notBefore / 1000) * 1000);
    assert.equal(certificate.validity.notAfter, Math.floor(validity.notAfter / 1000) * 1000);
    assert.deepEqual(certificate.subjectKeyIdentifier, sha1(certificate.subjectPublicKeyInfo.publicKey));
    assert.equal(critical(certificate, OID.basicConstraints), true);
    assert.equal(critical(certificate, OID.keyUsage), true);
    assert.equal(critical(certificate, OID.subjectKeyIdentifier), false);
    assert.equal(critical(certificate, OID.authorityKeyIdentifier), false);
  }
  // Root: self-signed, AKI = SKI.
  assert.deepEqual(root.issuer.der, root.subject.der);
  assert.match(root.subject.rfc4514, /^CN=Root \w+,O=Anchorage Test,C=US$/);
  assert.deepEqual(root.authorityKeyIdentifier?.keyIdentifier, root.subjectKeyIdentifier);
  assert.deepEqual(root.basicConstraints, { cA: true, pathLenConstraint: 1 });
  assert.deepEqual(trueBits(root), ['digitalSignature', 'keyCertSign', 'cRLSign']);
  // Intermediate: pathLen 0, name constraints, CRL DP; AKI = the root's SKI.
  assert.deepEqual(intermediate.issuer.der, root.subject.der);
  assert.deepEqual(intermediate.authorityKeyIdentifier?.keyIdentifier, root.subjectKeyIdentifier);
  assert.deepEqual(intermediate.basicConstraints, { cA: true, pathLenConstraint: 0 });
  assert.deepEqual(trueBits(intermediate), ['keyCertSign', 'cRLSign']);
  assert.equal(critical(intermediate, OID.nameConstraints), true);
  assert.deepEqual(intermediate.nameConstraints, {
    permitted: [{ base: { kind: 'dNSName', value: 'example.com' }, minimum: 0, maximum: null }],
    excluded: [{ base: { kind: 'dNSName', value: 'bad.example.com' }, minimum: 0, maximum: null }],
  });
  assert.deepEqual(crlDistributionPointUris(intermediate), ['http://crl.example.com/root.crl']);
  // Leaf: CA:FALSE, digitalSignature, clientAuth, every SAN form, two CRL URIs.
  assert.deepEqual(leaf.authorityKeyIdentifier?.keyIdentifier, intermediate.subjectKeyIdentifier);
  assert.deepEqual(leaf.basicConstraints, { cA: false, pathLenConstraint: null });
  assert.deepEqual(trueBits(leaf), ['digitalSignature']);
  assert.deepEqual(leaf.extKeyUsage, [OID.clientAuth]);
  assert.equal(critical(leaf, OID.extKeyUsage), false);
  assert.equal(critical(leaf, OID.subjectAltName), false);
  assert.deepEqual(
    leaf.subjectAltName?.map((name) =>
      'value' in name ? name.value : 'text' in name ? name.text : name.kind,
    ),
    [...LEAF_NAMES.dns, ...LEAF_NAMES.uris, ...LEAF_NAMES.emails, ...LEAF_NAMES.ips],
  );
  assert.equal(leaf.nameConstraints, null);
  assert.deepEqual(crlDistributionPointUris(leaf), [
    'http://crl.example.com/int.crl',
    'ldap://ldap.example.com/cn=int',
  ]);
  assert.equal(leaf.subject.rfc4514, 'CN=web.example.com,OU=Workloads,O=Anchorage Test,C=US');
}

function trueBits(certificate: Certificate): string[] {
  return Object.entries(certificate.keyUsage ?? {})
    .filter(([, set]) => set)
    .map(([name]) => name);
}

/** node:crypto (OpenSSL 3.5 inside Node 24) parses each certificate and checks each signature. */
function assertNodeVerifies(chain: Chain): void {
  const root = new X509Certificate(chain.root.der);
  const intermediate = new X509Certificate(chain.intermediate.der);
  const leaf = new X509Certificate(chain.leaf.der);
  assert.ok(root.verify(root.publicKey));
  assert.ok(intermediate.verify(root.publicKey));
  assert.ok(leaf.verify(intermediate.publicKey));
  assert.ok(intermediate.checkIssued(root));
  assert.ok(leaf.checkIssued(intermediate));
  assert.equal(root.ca, true);
  assert.equal(leaf.ca, false);
  assert.ok(leaf.subjectAltName?.includes('DNS:web.example.com'));
  assert.ok(leaf.checkHost('web.example.com'));
  assert.ok(leaf.checkIP('2001:db8::1'));
}

function assertOpensslVerifies(chain: Chain, label: string): void {
  const root = writePem(`${label}-root.pem`, chain.root.der);
  const intermediate = writePem(`${label}-int.pem`, chain.intermediate.der);
  const leaf = writePem(`${label}-leaf.pem`, chain.leaf.der);
  for (const file of [root, intermediate, leaf]) {
    const printed = openssl(['x509', '-noout', '-text', '-in', file]);
    assert.equal(printed.status, 0, printed.output);
  }
  const intermediateText = openssl(['x509', '-noout', '-text', '-in', intermediate]).output;
  assert.match(intermediateText, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
  assert.match(
    intermediateText,
    /Name Constraints: critical\s+Permitted:\s+DNS:example\.com\s+Excluded:\s+DNS:bad\.example\.com/,
  );
  const leafText = openssl(['x509', '-noout', '-text', '-in', leaf]).output;
  assert.match(leafText, /Version: 3 \(0x2\)/);
  assert.match(leafText, /Key Usage: critical\s+Digital Signature\n/);
  assert.match(leafText, /Extended Key Usage: \s+TLS Web Client Authentication/);
  assert.match(
    leafText,
    /DNS:web\.example\.com, DNS:\*\.api\.example\.com, URI:spiffe:\/\/example\.com\/ns\/prod\/web, email:ops@example\.com, IP Address:10\.0\.0\.1, IP Address:2001:DB8:0:0:0:0:0:1/,
  );
  assert.match(
    leafText,
    /CRL Distribution Points: \s+Full Name:\s+URI:http:\/\/crl\.example\.com\/int\.crl\s+URI:ldap/,
  );
  assert.match(leafText, /X509v3 Authority Key Identifier: \s+[0-9A-F:]{59}/);
  const verified = openssl([
    'verify',
    '-x509_strict',
    '-purpose',
    'sslclient',
    '-CAfile',
    root,
    '-untrusted',
    intermediate,
    leaf,
  ]);
  assert.equal(verified.status, 0, verified.output);
  assert.match(verified.output, /: OK/);
}

const SAME_TYPE_CHAINS: readonly KeyType[] = ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384', 'mldsa65'];

for (const type of SAME_TYPE_CHAINS) {
  test(`ok/${type} root, intermediate and leaf`, () => {
    const chain = chainOf(type, type, type);
    if (type !== 'mldsa65') assertOpensslVerifies(chain, type);
    assertNodeVerifies(chain);
    assertReadBack(chain);
    const result = validate(chain);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.path.length, 3);
  });
}

test('ok/mixed key types along one chain (RSA-4096 → P-384 → RSA-3072) and (ML-DSA-65 → P-256 → RSA-2048)', () => {
  const classic = chainOf('rsa4096', 'p384', 'rsa3072');
  assertOpensslVerifies(classic, 'mixed');
  assertNodeVerifies(classic);
  assert.ok(validate(classic).ok);
  const postQuantum = chainOf('mldsa65', 'p256', 'rsa2048');
  assertNodeVerifies(postQuantum);
  assertReadBack(postQuantum);
  assert.ok(validate(postQuantum).ok);
  assert.equal(parseCertificate(postQuantum.intermediate.der).signatureAlgorithm.name, 'ML-DSA-65');
});

test('ok/an explicit hash: P-256 CA signing with SHA-384, RSA with SHA-512', () => {
  const ecKey = generate('p256');
  const root = issueRoot(ecKey, 'p256-sha384');
  const leaf = buildCertificate(leafTemplate(generate('p256'), root), ecKey, 'sha384');
  assert.equal(parseCertificate(leaf).signatureAlgorithm.name, 'ecdsa-with-SHA384');
  assert.ok(new X509Certificate(leaf).verify(createPublicKey(ecKey)));
  const rsaKey = generate('rsa2048');
  const rsaRoot = issueRoot(rsaKey, 'rsa-sha512');
  const rsaLeaf = buildCertificate(leafTemplate(generate('p256'), rsaRoot), rsaKey, 'sha512');
  assert.equal(parseCertificate(rsaLeaf).signatureAlgorithm.name, 'sha512WithRSAEncryption');
});

test('fail/a leaf outside the intermediate’s name constraints is refused (ours and OpenSSL)', () => {
  const chain = chainOf('p256', 'p256', 'p256');
  for (const [dns, label] of [
    ['web.other.org', 'outside'],
    ['x.bad.example.com', 'excluded'],
  ] as const) {
    const leaf = issueLeaf(generate('p256'), chain.intermediate, { subjectAltNames: { dns: [dns] } });
    const outside = { ...chain, leaf };
    const result = validate(outside);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.code, 'name-constraints');
    const verified = openssl([
      'verify',
      '-CAfile',
      writePem(`nc-${label}-root.pem`, chain.root.der),
      '-untrusted',
      writePem(`nc-${label}-int.pem`, chain.intermediate.der),
      writePem(`nc-${label}-leaf.pem`, leaf.der),
    ]);
    assert.notEqual(verified.status, 0);
    assert.match(verified.output, /subtree violation/);
  }
});

test('fail/pathLenConstraint 0: a CA below the intermediate is refused', () => {
  const chain = chainOf('p256', 'p256', 'p256');
  const subKey = generate('p256');
  const subSubject = encodeName(parseDistinguishedName('CN=Too Deep,O=Anchorage Test'));
  const sub: Issued = {
    key: subKey,
    subject: subSubject,
    der: buildCertificate(
      {
        serialNumber: serial(),
        subject: subSubject,
        issuer: chain.intermediate.subject,
        ...validity,
        subjectPublicKey: spki(subKey),
        issuerPublicKey: spki(chain.intermediate.key),
        ca: {},
        keyUsage: ['keyCertSign'],
      },
      chain.intermediate.key,
    ),
  };
  assert.deepEqual(parseCertificate(sub.der).basicConstraints, { cA: true, pathLenConstraint: null });
  const leaf = issueLeaf(generate('p256'), sub);
  const result = validatePath({
    leaf: parseCertificate(leaf.der),
    intermediates: [parseCertificate(sub.der), parseCertificate(chain.intermediate.der)],
    anchors: [parseCertificate(chain.root.der)],
    crls: [],
    now,
  });
  assert.equal(result.ok ? '' : result.code, 'path-length-exceeded');
});

test('ok/an empty subject puts the names in a critical subjectAltName (RFC 5280 §4.1.2.6)', () => {
  const chain = chainOf('p256', 'p256', 'p256');
  const leaf = issueLeaf(generate('p256'), chain.intermediate, {
    subject: encodeName([]),
    subjectAltNames: { uris: ['spiffe://example.com/job'] },
  });
  const parsed = parseCertificate(leaf.der);
  assert.equal(parsed.subject.rdns.length, 0);
  assert.equal(critical(parsed, OID.subjectAltName), true);
  const verified = openssl([
    'verify',
    '-x509_strict',
    '-CAfile',
    writePem('empty-root.pem', chain.root.der),
    '-untrusted',
    writePem('empty-int.pem', chain.intermediate.der),
    writePem('empty-leaf.pem', leaf.der),
  ]);
  assert.equal(verified.status, 0, verified.output);
});

test('ok/serial numbers: 1 and the largest 20-octet value', () => {
  const key = generate('p256');
  const root = issueRoot(key, 'serials');
  for (const serialNumber of [1n, 2n ** 159n - 1n]) {
    const der = buildCertificate(leafTemplate(generate('p256'), root, { serialNumber }), key);
    assert.equal(parseCertificate(der).serialNumber, serialNumber);
  }
});

test('fail/templates that break the profile throw TypeError', () => {
  const key = generate('p256');
  const root = issueRoot(key, 'refusals');
  const otherKey = generate('p256');
  const leafKey = generate('p256');
  const refusals: [string, Partial<CertificateTemplate>, KeyObject?][] = [
    ['serial 0', { serialNumber: 0n }],
    ['negative serial', { serialNumber: -5n }],
    ['21-octet serial', { serialNumber: 2n ** 159n }],
    ['notAfter = notBefore', { notAfter: validity.notBefore }],
    ['notAfter in the same second', { notBefore: 1_700_000_000_000, notAfter: 1_700_000_000_999 }],
    ['notAfter before notBefore', { notAfter: validity.notBefore - 1000 }],
    ['NaN time', { notBefore: Number.NaN }],
    ['time beyond 9999', { notAfter: Date.parse('+010000-01-01T00:00:00Z') }],
    ['negative pathLength', { ca: { pathLength: -1 } }],
    ['fractional pathLength', { ca: { pathLength: 1.5 } }],
    ['no key usage', { keyUsage: [] }],
    ['keyCertSign without CA', { keyUsage: ['digitalSignature', 'keyCertSign'] }],
    ['encipherOnly without keyAgreement', { keyUsage: ['digitalSignature', 'encipherOnly'] }],
    ['name constraints on a leaf', { nameConstraints: { permittedDns: ['example.com'] } }],
    [
      'bad name constraint',
      { ca: {}, keyUsage: ['keyCertSign'], nameConstraints: { permittedDns: ['*.example.com'] } },
    ],
    ['empty DNS label', { subjectAltNames: { dns: ['a..example.com'] } }],
    ['space in DNS name', { subjectAltNames: { dns: ['exa mple.com'] } }],
    ['leading hyphen', { subjectAltNames: { dns: ['-a.example.com'] } }],
    ['underscore', { subjectAltNames: { dns: ['_svc.example.com'] } }],
    ['inner wildcard', { subjectAltNames: { dns: ['a.*.example.com'] } }],
    ['non-ASCII DNS', { subjectAltNames: { dns: ['bücher.example'] } }],
    ['short IPv4', { subjectAltNames: { ips: ['10.0.0'] } }],
    ['IPv4 leading zero', { subjectAltNames: { ips: ['010.0.0.1'] } }],
    ['IPv6 two ::', { subjectAltNames: { ips: ['1::2::3'] } }],
    ['IPv6 zone', { subjectAltNames: { ips: ['fe80::1%eth0'] } }],
    ['relative URI', { subjectAltNames: { uris: ['relative/path'] } }],
    ['URI without host', { subjectAltNames: { uris: ['http:///path'] } }],
    ['URI with space', { subjectAltNames: { uris: ['http://a b/'] } }],
    ['email without @', { subjectAltNames: { emails: ['ops.example.com'] } }],
    ['email with bad domain', { subjectAltNames: { emails: ['ops@-x'] } }],
    ['bad CRL URI', { crlDistributionPoints: ['not a uri'] }],
    ['bad EKU OID', { extendedKeyUsage: ['clientAuth'] }],
    ['empty issuer', { issuer: encodeName([]) }],
    ['empty subject without SAN', { subject: encodeName([]), subjectAltNames: {} }],
    ['malformed subject DER', { subject: Uint8Array.of(0x30, 0x05, 0x31) }],
    ['malformed SPKI', { subjectPublicKey: Uint8Array.of(0x30, 0x00) }],
    ['issuer key of another CA', { issuerPublicKey: spki(otherKey) }],
    ['public issuer key', {}, createPublicKey(key)],
  ];
  for (const [label, overrides, signer] of refusals) {
    assert.throws(
      () => buildCertificate(leafTemplate(leafKey, root, overrides), signer ?? key),
      TypeError,
      label,
    );
  }
  assert.throws(
    () => buildCertificate(leafTemplate(leafKey, root), generateKeyPairSync('ed25519').privateKey),
    TypeError,
  );
});

test('ok/accepted name syntax: wildcards, IPv6 forms, URIs with ports and userinfo', () => {
  const key = generate('p256');
  const root = issueRoot(key, 'syntax');
  const der = buildCertificate(
    leafTemplate(generate('p256'), root, {
      subjectAltNames: {
        dns: ['*.example.com', 'a-b.c0.example', '1.example'],
        ips: ['::', '::1', '1::', 'fe80::1:2', '::ffff:192.0.2.1', '2001:DB8:0:0:0:0:0:1', '255.255.255.255'],
        uris: ['urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', 'https://user@host.example:8443/x?y#z'],
        emails: ["o'neil+tag@mail.example.com"],
      },
    }),
    key,
  );
  const texts = parseCertificate(der).subjectAltName?.flatMap((name) =>
    name.kind === 'iPAddress' ? [name.text] : [],
  );
  assert.deepEqual(texts, [
    '::',
    '::1',
    '1::',
    'fe80::1:2',
    '::ffff:c000:201',
    '2001:db8::1',
    '255.255.255.255',
  ]);
});
