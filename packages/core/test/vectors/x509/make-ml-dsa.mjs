// Builds self-signed ML-DSA-44/65/87 CA certificates (RFC 9881) with node:crypto, because the
// OpenSSL 3.0 command line on the fixture machine cannot make ML-DSA keys. Run by generate.sh.
import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { bitString, explicit, extension, integer, octetString, oid, printable, sequence, set, TRUE, utcTime, utf8 } from './der-encode.mjs';

const PARAMETER_SETS = [
  ['ml-dsa-44', '2.16.840.1.101.3.4.3.17', 'ML-DSA-44', 0x44],
  ['ml-dsa-65', '2.16.840.1.101.3.4.3.18', 'ML-DSA-65', 0x65],
  ['ml-dsa-87', '2.16.840.1.101.3.4.3.19', 'ML-DSA-87', 0x87],
];

for (const [type, algorithmOid, label, serial] of PARAMETER_SETS) {
  const { publicKey, privateKey } = generateKeyPairSync(type);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // The subjectPublicKey BIT STRING is the last element of the SPKI; for the SKI hash (RFC 5280
  // §4.2.1.2 method 1) we need its octets: the raw FIPS 204 public key, after the unused-bits octet.
  const rawKey = spki.subarray(spki.length - (label === 'ML-DSA-44' ? 1312 : label === 'ML-DSA-65' ? 1952 : 2592));
  const algorithm = sequence(oid(algorithmOid)); // RFC 9881: parameters absent
  const name = sequence(
    set(sequence(oid('2.5.4.6'), printable('US'))),
    set(sequence(oid('2.5.4.10'), utf8('Example'))),
    set(sequence(oid('2.5.4.3'), utf8(`Anchorage Test ${label} Root CA`))),
  );
  const extensions = sequence(
    extension('2.5.29.19', true, sequence(TRUE)),
    // keyCertSign (bit 5) and cRLSign (bit 6): 0b0000011 padded, 1 unused bit.
    extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
    extension('2.5.29.14', false, octetString(createHash('sha1').update(rawKey).digest())),
  );
  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(BigInt(serial)),
    algorithm,
    name,
    sequence(utcTime('250101000000Z'), utcTime('350101000000Z')),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign(null, tbs, privateKey);
  const certificate = sequence(tbs, algorithm, bitString(signature));
  const parsed = new X509Certificate(certificate);
  if (!parsed.verify(publicKey)) throw new Error(`${label}: the self-signature does not verify`);
  writeFileSync(`${type}-root.pem`, parsed.toString());
  writeFileSync(`keys/${type}-root.key`, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  console.log(`${type}-root.pem: ${parsed.subject.replaceAll('\n', ', ')}`);
}
