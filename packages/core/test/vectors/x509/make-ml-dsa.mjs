// Builds self-signed ML-DSA-44/65/87 CA certificates (RFC 9881) with node:crypto, because the
// OpenSSL 3.0 command line on the fixture machine cannot make ML-DSA keys. Run by generate.sh.
// The DER encoder below is the minimum needed for these three certificates.
import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const length = (n) => {
  if (n < 0x80) return Buffer.from([n]);
  const octets = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
};
const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...parts) => tlv(0x30, ...parts);
const set = (...parts) => tlv(0x31, ...parts);
const integer = (n) => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
};
const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(BigInt);
  const octets = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const group = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(0x06, Buffer.from(octets));
};
const utf8 = (text) => tlv(0x0c, Buffer.from(text, 'utf8'));
const printable = (text) => tlv(0x13, Buffer.from(text, 'latin1'));
const utcTime = (text) => tlv(0x17, Buffer.from(text, 'latin1'));
const bitString = (bytes, unused = 0) => tlv(0x03, Buffer.from([unused]), bytes);
const octetString = (bytes) => tlv(0x04, bytes);
const TRUE = tlv(0x01, Buffer.from([0xff]));
const explicit = (n, inner) => tlv(0xa0 | n, inner);
const extension = (id, critical, value) =>
  sequence(oid(id), ...(critical ? [TRUE] : []), octetString(value));

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
