import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import type { GeneralName } from '@anchorage/core/x509/general-name';
import { OID } from '@anchorage/core/x509/oids';
import { ascii, bytes, oid, printable, sequence, set, tlv } from './der-builder.ts';
import { assertRefused, fromHex, loadCertificate, vectorBytes, vectorDer } from './helpers.ts';

const at = (iso: string) => Date.parse(iso);

test('ok/B-series leaf from the protocol notes: serial, subject, SANs, fingerprint', () => {
  const leaf = loadCertificate('b-leaf.pem');
  assert.equal(leaf.version, 3);
  assert.equal(leaf.serialNumber, 81985529216486895n);
  assert.equal(leaf.serialNumberDecimal, '81985529216486895');
  assert.equal(leaf.serialNumberHex, '0123456789ABCDEF');
  assert.equal(leaf.subject.rfc4514, 'CN=workload-1,OU=Engineering,OU=Security,O=Example');
  assert.equal(leaf.fingerprintSha256, '8cc94748e8fa649da8cec332fccecd41b5e10d57c8e039213630049bc6fbe054');
  const san = leaf.subjectAltName ?? [];
  assert.deepEqual(san.slice(0, 2), [
    { kind: 'dNSName', value: 'workload-1.example.com' },
    { kind: 'uniformResourceIdentifier', value: 'spiffe://example.com/workload-1' },
  ]);
  const dirName = san[2];
  assert.ok(dirName?.kind === 'directoryName');
  assert.equal(dirName.name.rfc4514, 'CN=workload-1');
  assert.deepEqual(leaf.validity, {
    notBefore: at('2025-01-01T00:00:00Z'),
    notAfter: at('2035-01-01T00:00:00Z'),
  });
  assert.deepEqual(leaf.basicConstraints, { cA: false, pathLenConstraint: null });
  assert.equal(leaf.keyUsage?.digitalSignature, true);
  assert.equal(leaf.keyUsage?.keyCertSign, false);
  assert.deepEqual(leaf.extKeyUsage, [OID.clientAuth]);
  assert.deepEqual(leaf.subjectPublicKeyInfo.key, { type: 'ec', curve: 'P-256', curveOid: OID.secp256r1 });
  assert.equal(leaf.signatureAlgorithm.name, 'ecdsa-with-SHA256');
  assert.equal(leaf.signatureAlgorithmsMatch, true);
});

test('ok/B-series root and intermediate; key identifiers chain them', () => {
  const root = loadCertificate('b-root.pem');
  const intermediate = loadCertificate('b-intermediate.pem');
  const leaf = loadCertificate('b-leaf.pem');
  assert.equal(root.subject.rfc4514, 'CN=Test Root CA,O=Example,C=US');
  assert.deepEqual(root.basicConstraints, { cA: true, pathLenConstraint: 1 });
  assert.equal(root.keyUsage?.keyCertSign, true);
  assert.equal(root.keyUsage?.cRLSign, true);
  assert.deepEqual(intermediate.basicConstraints, { cA: true, pathLenConstraint: 0 });
  assert.deepEqual(intermediate.authorityKeyIdentifier?.keyIdentifier, root.subjectKeyIdentifier);
  assert.deepEqual(leaf.authorityKeyIdentifier?.keyIdentifier, intermediate.subjectKeyIdentifier);
  assert.deepEqual(leaf.issuer.der, intermediate.subject.der);
});

test('ok/RSA-2048 root: v3, serial 01, key size, raw extension list', () => {
  const root = loadCertificate('rsa2048-root.pem');
  assert.equal(root.version, 3);
  assert.equal(root.serialNumberHex, '01');
  assert.equal(root.serialNumberDecimal, '1');
  assert.deepEqual(root.subjectPublicKeyInfo.key, { type: 'rsa', modulusBits: 2048 });
  assert.equal(root.signatureAlgorithm.name, 'sha256WithRSAEncryption');
  assert.equal(root.signatureAlgorithm.hash, 'sha256');
  assert.equal(root.subject.rfc4514, 'CN=Anchorage Test RSA Root CA,OU=Platform,O=Example,C=US');
  assert.deepEqual(root.issuer.der, root.subject.der);
  assert.deepEqual(
    root.extensions.map((extension) => [extension.name, extension.critical]),
    [
      ['basicConstraints', true],
      ['keyUsage', true],
      ['subjectKeyIdentifier', false],
    ],
  );
  assert.equal(root.fingerprintSha256, createHash('sha256').update(root.der).digest('hex'));
});

test('ok/P-256 leaf: DER input, sign-octet serial, every SAN kind', () => {
  const leaf = parseCertificate(vectorBytes('p256-leaf.der'));
  assert.deepEqual(leaf.der, vectorDer('p256-leaf.pem'));
  assert.equal(leaf.serialNumberHex, '8F3A5C7E9B1D2F40');
  assert.equal(leaf.serialNumber, 0x8f3a5c7e9b1d2f40n);
  assert.equal(leaf.serialNumberDecimal, 0x8f3a5c7e9b1d2f40n.toString());
  assert.deepEqual(leaf.extKeyUsage, [OID.clientAuth, OID.serverAuth]);
  const san = leaf.subjectAltName ?? [];
  const simple = san.map((name: GeneralName) => {
    if (name.kind === 'iPAddress') return `ip:${name.text}:${name.bytes.length}`;
    if (name.kind === 'directoryName') return `dir:${name.name.rfc4514}`;
    if ('value' in name) return `${name.kind}:${name.value}`;
    return name.kind;
  });
  assert.deepEqual(simple, [
    'dNSName:workload-1.example.com',
    'uniformResourceIdentifier:spiffe://example.com/workload-1',
    'rfc822Name:workload-1@example.com',
    'ip:10.1.2.3:4',
    'ip:2001:db8::1:16',
    'dir:CN=workload-1,O=Example',
  ]);
});

test('ok/P-256 intermediate: name constraints with every kind, IP masks as prefixes', () => {
  const intermediate = loadCertificate('p256-intermediate.pem');
  const constraints = intermediate.nameConstraints;
  assert.ok(constraints !== null);
  const render = (name: GeneralName): string => {
    if (name.kind === 'iPAddress') return `IP:${name.text}`;
    if (name.kind === 'directoryName') return `dirName:${name.name.rfc4514}`;
    if ('value' in name) return `${name.kind}:${name.value}`;
    return name.kind;
  };
  assert.deepEqual(
    constraints.permitted?.map((subtree) => render(subtree.base)),
    [
      'dNSName:.example.com',
      'dNSName:example.com',
      'uniformResourceIdentifier:.example.com',
      'rfc822Name:example.com',
      'IP:10.0.0.0/8',
      'IP:2001:db8::/32',
      'dirName:O=Example',
    ],
  );
  assert.deepEqual(
    constraints.excluded?.map((subtree) => render(subtree.base)),
    ['dNSName:forbidden.example.com', 'IP:10.66.0.0/16'],
  );
  assert.ok(constraints.permitted?.every((subtree) => subtree.minimum === 0 && subtree.maximum === null));
  assert.equal(
    intermediate.extensions.find((extension) => extension.oid === OID.nameConstraints)?.critical,
    true,
  );
  assert.deepEqual(intermediate.basicConstraints, { cA: true, pathLenConstraint: 0 });
});

test('ok/P-384 root: UTCTime on both sides of the 1950/2050 pivot', () => {
  const root = loadCertificate('p384-root.pem');
  assert.deepEqual(root.subjectPublicKeyInfo.key, { type: 'ec', curve: 'P-384', curveOid: OID.secp384r1 });
  assert.equal(root.signatureAlgorithm.name, 'ecdsa-with-SHA384');
  assert.deepEqual(root.validity, {
    notBefore: at('1999-12-31T23:59:59Z'),
    notAfter: at('2049-12-31T23:59:59Z'),
  });
});

test('ok/P-521 root', () => {
  const root = loadCertificate('p521-root.pem');
  assert.deepEqual(root.subjectPublicKeyInfo.key, { type: 'ec', curve: 'P-521', curveOid: OID.secp521r1 });
  assert.equal(root.signatureAlgorithm.hash, 'sha512');
});

test('ok/Ed25519 root: GeneralizedTime notAfter in 2050, no hash', () => {
  const root = loadCertificate('ed25519-root.pem');
  assert.deepEqual(root.subjectPublicKeyInfo.key, { type: 'ed25519' });
  assert.equal(root.signatureAlgorithm.name, 'Ed25519');
  assert.equal(root.signatureAlgorithm.hash, null);
  assert.equal(root.validity.notAfter, at('2050-01-01T00:00:00Z'));
});

test('ok/RSASSA-PSS root: parameters parsed', () => {
  const root = loadCertificate('rsa-pss-root.pem');
  assert.equal(root.signatureAlgorithm.name, 'RSASSA-PSS');
  assert.equal(root.signatureAlgorithm.hash, 'sha256');
  assert.deepEqual(root.signatureAlgorithm.pss, {
    hash: 'sha256',
    hashOid: OID.sha256,
    maskGenHash: 'sha256',
    maskGenHashOid: OID.sha256,
    saltLength: 32,
    trailerField: 1,
  });
});

test('ok/ML-DSA-44, -65 and -87 roots', () => {
  for (const set of ['44', '65', '87'] as const) {
    const root = loadCertificate(`ml-dsa-${set}-root.pem`);
    assert.deepEqual(root.subjectPublicKeyInfo.key, { type: 'ml-dsa', parameterSet: `ML-DSA-${set}` });
    assert.equal(root.signatureAlgorithm.name, `ML-DSA-${set}`);
    assert.equal(root.signatureAlgorithm.mlDsaParameterSet, `ML-DSA-${set}`);
    assert.equal(root.signatureAlgorithm.hash, null);
    assert.equal(root.basicConstraints?.cA, true);
  }
});

test('ok/v1 certificate parses as version 1 with no extensions', () => {
  const v1 = loadCertificate('v1-root.pem');
  assert.equal(v1.version, 1);
  assert.deepEqual(v1.extensions, []);
  assert.equal(v1.basicConstraints, null);
  assert.equal(v1.keyUsage, null);
});

test('ok/SHA-1 and MD5 signature algorithms are recognised (policy refuses them elsewhere)', () => {
  assert.equal(loadCertificate('sha1-root.pem').signatureAlgorithm.hash, 'sha1');
  assert.equal(loadCertificate('md5-root.pem').signatureAlgorithm.name, 'md5WithRSAEncryption');
  assert.deepEqual(loadCertificate('rsa1024-root.pem').subjectPublicKeyInfo.key, {
    type: 'rsa',
    modulusBits: 1024,
  });
});

test('ok/the parsed certificate does not alias the caller buffer', () => {
  const der = vectorBytes('p256-leaf.der');
  const leaf = parseCertificate(der);
  der.fill(0);
  assert.equal(leaf.subject.rfc4514, 'CN=workload-1,OU=Engineering,OU=Security,O=Example');
  assert.equal(leaf.der[0], 0x30);
});

// Hand-built certificates for structural refusals. The signature is junk: parsing does not verify.
const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const NAME = sequence(set(sequence(oid('2.5.4.3'), printable('hand'))));
const VALIDITY = sequence(tlv(0x17, ascii('250101000000Z')), tlv(0x17, ascii('350101000000Z')));
const SPKI = loadCertificate('b-leaf.pem').subjectPublicKeyInfo.der;
const extension = (id: string, value: Uint8Array, critical = false) =>
  sequence(oid(id), ...(critical ? [bytes(0x01, 0x01, 0xff)] : []), tlv(0x04, value));

interface HandOptions {
  version?: Uint8Array | null;
  extensions?: Uint8Array[] | null;
  innerAlgorithm?: Uint8Array;
  outerAlgorithm?: Uint8Array;
  tail?: Uint8Array[];
}

function handMade(options: HandOptions = {}): Uint8Array {
  const version = options.version === undefined ? bytes(0x02, 0x01, 0x02) : options.version;
  const extensions = options.extensions === undefined ? [] : options.extensions;
  const tbs = sequence(
    ...(version === null ? [] : [tlv(0xa0, version)]),
    bytes(0x02, 0x01, 0x09),
    options.innerAlgorithm ?? ECDSA_SHA256,
    NAME,
    VALIDITY,
    NAME,
    SPKI,
    ...(options.tail ?? []),
    ...(extensions === null || extensions.length === 0 ? [] : [tlv(0xa3, sequence(...extensions))]),
  );
  return sequence(tbs, options.outerAlgorithm ?? ECDSA_SHA256, tlv(0x03, bytes(0x00, 0x01)));
}

test('ok/hand-built certificate: unknown extensions are kept raw, critical flag included', () => {
  const certificate = parseCertificate(
    handMade({
      extensions: [
        extension('1.2.3.4.5', bytes(0x05, 0x00), true),
        extension('1.2.3.4.6', bytes(0x05, 0x00)),
      ],
    }),
  );
  assert.deepEqual(
    certificate.extensions.map((item) => [item.oid, item.name, item.critical, [...item.value]]),
    [
      ['1.2.3.4.5', null, true, [0x05, 0x00]],
      ['1.2.3.4.6', null, false, [0x05, 0x00]],
    ],
  );
});

test('fail/duplicate extensions are refused (RFC 5280 §4.2)', () => {
  const basic = extension(OID.basicConstraints, sequence(bytes(0x01, 0x01, 0xff)), true);
  assertRefused(
    () => parseCertificate(handMade({ extensions: [basic, basic] })),
    'certificate extensions contain basicConstraints more than once',
  );
});

test('fail/extensions or unique ids in a v1 certificate, and unknown versions', () => {
  const basic = extension(OID.basicConstraints, sequence(bytes(0x01, 0x01, 0xff)), true);
  assertRefused(
    () => parseCertificate(handMade({ version: null, extensions: [basic] })),
    'is X.509 v1 but has extensions',
  );
  assertRefused(
    () => parseCertificate(handMade({ version: bytes(0x02, 0x01, 0x01), extensions: [basic] })),
    'is X.509 v2 but has extensions',
  );
  assertRefused(
    () => parseCertificate(handMade({ version: null, tail: [bytes(0x81, 0x02, 0x00, 0x01)] })),
    'is X.509 v1 but has a issuerUniqueID',
  );
  assertRefused(
    () => parseCertificate(handMade({ version: bytes(0x02, 0x01, 0x05) })),
    'certificate version 5 is not X.509 v1, v2 or v3',
  );
  assertRefused(
    () => parseCertificate(handMade({ extensions: null, tail: [tlv(0xa3, sequence())] })),
    'certificate extensions must not be empty',
  );
});

test('ok/an explicit v1 version and v2 unique identifiers are accepted', () => {
  assert.equal(parseCertificate(handMade({ version: bytes(0x02, 0x01, 0x00) })).version, 1);
  const v2 = parseCertificate(
    handMade({ version: bytes(0x02, 0x01, 0x01), tail: [bytes(0x81, 0x02, 0x00, 0x01)] }),
  );
  assert.equal(v2.version, 2);
});

test('ok/differing inner and outer signature algorithms are reported, not refused', () => {
  const certificate = parseCertificate(handMade({ outerAlgorithm: sequence(oid('1.2.840.10045.4.3.3')) }));
  assert.equal(certificate.signatureAlgorithmsMatch, false);
  assert.equal(certificate.tbsSignatureAlgorithm.name, 'ecdsa-with-SHA256');
  assert.equal(certificate.signatureAlgorithm.name, 'ecdsa-with-SHA384');
});

test('ok/an unknown signature algorithm keeps its OID as name', () => {
  const unknown = sequence(oid('1.2.3.99'), bytes(0x05, 0x00));
  const certificate = parseCertificate(handMade({ innerAlgorithm: unknown, outerAlgorithm: unknown }));
  assert.equal(certificate.signatureAlgorithm.name, '1.2.3.99');
  assert.equal(certificate.signatureAlgorithm.scheme, null);
  assert.equal(certificate.signatureAlgorithm.hash, null);
});

test('fail/signature algorithms with parameters their RFC forbids', () => {
  const ecdsaWithNull = sequence(oid('1.2.840.10045.4.3.2'), bytes(0x05, 0x00));
  assertRefused(
    () => parseCertificate(handMade({ innerAlgorithm: ecdsaWithNull, outerAlgorithm: ecdsaWithNull })),
    'ecdsa-with-SHA256 must not have parameters',
  );
  const pssWithout = sequence(oid(OID.rsassaPss));
  assertRefused(
    () => parseCertificate(handMade({ outerAlgorithm: pssWithout })),
    'must carry RSASSA-PSS-params',
  );
  const rsaWithJunk = sequence(oid('1.2.840.113549.1.1.11'), bytes(0x02, 0x01, 0x00));
  assertRefused(
    () => parseCertificate(handMade({ outerAlgorithm: rsaWithJunk })),
    'sha256WithRSAEncryption parameters must be a NULL',
  );
});

test('fail/malformed known extensions name the extension', () => {
  const cases: [Uint8Array, string][] = [
    [
      extension(OID.basicConstraints, sequence(bytes(0x02, 0x01, 0x00), bytes(0x01, 0x01, 0xff))),
      'certificate extension basicConstraints has an unexpected BOOLEAN',
    ],
    [
      extension(OID.basicConstraints, sequence(bytes(0x01, 0x01, 0xff), bytes(0x02, 0x01, 0xff))),
      'basicConstraints pathLenConstraint must be between 0',
    ],
    [
      extension(OID.keyUsage, bytes(0x03, 0x02, 0x01, 0x07)),
      'certificate extension keyUsage is a BIT STRING whose padding bits are not zero',
    ],
    [extension(OID.extKeyUsage, sequence()), 'certificate extension extKeyUsage must not be empty'],
    [extension(OID.subjectAltName, sequence()), 'certificate extension subjectAltName must not be empty'],
    [
      extension(OID.subjectAltName, sequence(tlv(0x87, bytes(1, 2, 3)))),
      'iPAddress must be 4 (IPv4) or 16 (IPv6) octets, found 3',
    ],
    [
      extension(OID.subjectAltName, sequence(tlv(0x82, bytes(0xc3, 0xa9)))),
      'dNSName contains a byte outside IA5',
    ],
    [extension(OID.subjectAltName, sequence(tlv(0xa2, bytes()))), 'dNSName uses the wrong encoding form'],
    [extension(OID.subjectAltName, sequence(bytes(0x04, 0x00))), 'is not a GeneralName (found OCTET STRING)'],
    [extension(OID.nameConstraints, sequence()), 'has neither permittedSubtrees nor excludedSubtrees'],
    [
      extension(OID.nameConstraints, sequence(tlv(0xa0, sequence(tlv(0x87, bytes(10, 0, 0, 0)))))),
      'iPAddress constraint must be 8 (IPv4) or 32 (IPv6) octets',
    ],
    [
      extension(OID.authorityKeyIdentifier, sequence(tlv(0xa0, bytes(0x04, 0x00)))),
      'authorityKeyIdentifier keyIdentifier must be tagged [0] primitive',
    ],
    [
      extension(OID.subjectKeyIdentifier, bytes(0x05, 0x00)),
      'subjectKeyIdentifier must be an OCTET STRING, found NULL',
    ],
    [extension(OID.keyUsage, bytes(0x03, 0x02, 0x00, 0x80, 0x00)), 'keyUsage has 1 unexpected bytes'],
  ];
  for (const [item, message] of cases)
    assertRefused(() => parseCertificate(handMade({ extensions: [item] })), message);
});

test('ok/other GeneralName kinds are kept by kind, IPv6 text is RFC 5952', () => {
  const certificate = parseCertificate(
    handMade({
      extensions: [
        extension(
          OID.subjectAltName,
          sequence(
            tlv(0xa0, oid('1.3.6.1.4.1.311.20.2.3'), tlv(0xa0, utf8Upn())),
            tlv(0x88, oid('1.2.3.4').subarray(2)),
            tlv(0x87, fromHex('fe800000000000000000000000000001')),
            tlv(0x87, fromHex('00000000000000000000000000000000')),
            tlv(0x87, fromHex('20010db8000000010000000000000001')),
          ),
        ),
      ],
    }),
  );
  const san = certificate.subjectAltName ?? [];
  assert.deepEqual(
    san.map((name) => name.kind),
    ['otherName', 'registeredID', 'iPAddress', 'iPAddress', 'iPAddress'],
  );
  assert.deepEqual(
    san.flatMap((name) => (name.kind === 'iPAddress' ? [name.text] : [])),
    ['fe80::1', '::', '2001:db8:0:1::1'],
  );
});

function utf8Upn(): Uint8Array {
  return tlv(0x0c, ascii('user@example.com'));
}

test('fail/structural garbage in a certificate names the field', () => {
  const signatureTail = [ECDSA_SHA256, tlv(0x03, bytes(0x00, 0x01))];
  assertRefused(
    () => parseCertificate(sequence(bytes(0x05, 0x00), ...signatureTail)),
    'certificate tbsCertificate must be a SEQUENCE',
  );
  assertRefused(
    () => parseCertificate(sequence(bytes(0x05, 0x00))),
    'certificate lacks its signatureAlgorithm',
  );
  assertRefused(() => parseCertificate(sequence()), 'certificate lacks its tbsCertificate');
  const good = handMade();
  assertRefused(
    () => parseCertificate(sequence(good, ...signatureTail)),
    'certificate serialNumber must be an INTEGER, found SEQUENCE',
  );
  assertRefused(
    () => parseCertificate(fromHex('04 00')),
    'certificate must be a SEQUENCE, found OCTET STRING',
  );
});
