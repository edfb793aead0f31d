// Builds the path fixtures the OpenSSL 3.0 command line cannot express, with node:crypto and the
// tiny DER encoder in ../der-encode.mjs. Run by generate.sh after OpenSSL made
// int-a, leaf-a and their keys.
//   leaf-serial-zero.pem         a leaf under int-a whose serial number is 0 (RFC 5280 §4.1.2.2)
//   leaf-mismatched-algorithm.pem  leaf-a with its outer signatureAlgorithm changed to SHA-384
//   ml-dsa-root.pem, ml-dsa-leaf.pem  ML-DSA-65 root and an ML-DSA-44 leaf it signed (RFC 9881)
//   hydra-chain.pem              20 CAs all named "Path Test Hydra", each with its own key, each
//                                issued by the one before, and a leaf under the last: a path
//                                builder that tries every same-named candidate at every step
//                                explodes; ours must stop within its bounds
import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  bitString, explicit, extension, implicitPrimitive, integer, octetString, oid, printable, sequence, set, TRUE, utcTime, utf8,
} from '../der-encode.mjs';

// --- DER reading: just enough to take certificates apart ---
function children(der) {
  const out = [];
  let offset = 0;
  while (offset < der.length) {
    const tag = der[offset];
    let len = der[offset + 1];
    let header = 2;
    if (len & 0x80) {
      const count = len & 0x7f;
      len = 0;
      for (let i = 0; i < count; i += 1) len = len * 256 + der[offset + 2 + i];
      header += count;
    }
    out.push({ tag, raw: der.subarray(offset, offset + header + len), content: der.subarray(offset + header, offset + header + len) });
    offset += header + len;
  }
  return out;
}
const pemToDer = (pem) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
const derToPem = (der) => new X509Certificate(der).toString();

/** The parts of a certificate we reuse: subject DER, subjectKeyIdentifier, and the three top fields. */
function takeApart(der) {
  const [cert] = children(der);
  const [tbs, algorithm, signature] = children(cert.content);
  const fields = children(tbs.content);
  const subject = fields[5].raw;
  let ski = null;
  const extensions = fields.find((field) => field.tag === 0xa3);
  if (extensions !== undefined) {
    for (const item of children(children(extensions.content)[0].content)) {
      const [id, ...rest] = children(item.content);
      if (id.content.equals(oid('2.5.29.14').subarray(2))) ski = children(rest.at(-1).content)[0].content;
    }
  }
  return { tbs, algorithm, signature, subject, ski };
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const ECDSA_SHA384 = sequence(oid('1.2.840.10045.4.3.3'));
const ML_DSA_44 = '2.16.840.1.101.3.4.3.17';
const ML_DSA_65 = '2.16.840.1.101.3.4.3.18';
const LEAF_VALIDITY = sequence(utcTime('250601000000Z'), utcTime('260601000000Z'));
const CA_VALIDITY = sequence(utcTime('250101000000Z'), utcTime('350101000000Z'));
const name = (...rdns) => sequence(...rdns.map(([type, value]) => set(sequence(oid(type), value))));
const O = '2.5.4.10';
const CN = '2.5.4.3';
const C = '2.5.4.6';

const keyId = (spki) => {
  // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
  const [, bits] = children(children(spki)[0].content);
  return createHash('sha1').update(bits.content.subarray(1)).digest();
};
const caExtensions = (spki, issuerKeyId) =>
  explicit(
    3,
    sequence(
      extension('2.5.29.19', true, sequence(TRUE)),
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension('2.5.29.14', false, octetString(keyId(spki))),
      ...(issuerKeyId === null ? [] : [extension('2.5.29.35', false, sequence(implicitPrimitive(0, issuerKeyId)))]),
    ),
  );
const leafExtensions = (issuerKeyId) =>
  explicit(
    3,
    sequence(
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
      extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.2'))),
      extension('2.5.29.35', false, sequence(implicitPrimitive(0, issuerKeyId))),
    ),
  );

/** Signs a TBSCertificate: ECDSA keys with SHA-256 (DER signature), ML-DSA keys as themselves. */
function certificate({ serial, algorithm, issuer, validity, subject, spki, extensions, signer, digest = 'sha256' }) {
  const tbs = sequence(explicit(0, integer(2n)), integer(serial), algorithm, issuer, validity, subject, spki, extensions);
  const signature = sign(signer.asymmetricKeyType.startsWith('ml-dsa') ? null : digest, tbs, signer);
  return sequence(tbs, algorithm, bitString(signature));
}
const spkiOf = (publicKey) => publicKey.export({ format: 'der', type: 'spki' });

const intA = takeApart(pemToDer(readFileSync('int-a.pem', 'utf8')));
const intAKey = createPrivateKey(readFileSync('keys/int-a.key', 'utf8'));

// A serial number of zero (RFC 5280 §4.1.2.2: positive).
{
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = certificate({
    serial: 0n,
    algorithm: ECDSA_SHA256,
    issuer: intA.subject,
    validity: LEAF_VALIDITY,
    subject: name([O, utf8('Example')], [CN, utf8('leaf-serial-zero')]),
    spki: spkiOf(publicKey),
    extensions: leafExtensions(intA.ski),
    signer: intAKey,
  });
  writeFileSync('leaf-serial-zero.pem', derToPem(der));
  writeFileSync('keys/leaf-serial-zero.key', privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

// leaf-a with the outer signatureAlgorithm changed (RFC 5280 §4.1.1.2: both fields must match).
{
  const leaf = takeApart(pemToDer(readFileSync('leaf-a.pem', 'utf8')));
  if (!leaf.algorithm.raw.equals(ECDSA_SHA256)) throw new Error('leaf-a is expected to be ecdsa-with-SHA256');
  writeFileSync('leaf-mismatched-algorithm.pem', derToPem(sequence(leaf.tbs.raw, ECDSA_SHA384, leaf.signature.raw)));
}

// ML-DSA-65 root and an ML-DSA-44 leaf (RFC 9881: no algorithm parameters).
{
  const root = generateKeyPairSync('ml-dsa-65');
  const rootSpki = spkiOf(root.publicKey);
  const rootName = name([C, printable('US')], [O, utf8('Example')], [CN, utf8('Path Test ML-DSA-65 Root')]);
  const rootDer = certificate({
    serial: 0x65n,
    algorithm: sequence(oid(ML_DSA_65)),
    issuer: rootName,
    validity: CA_VALIDITY,
    subject: rootName,
    spki: rootSpki,
    extensions: caExtensions(rootSpki, null),
    signer: root.privateKey,
  });
  const leaf = generateKeyPairSync('ml-dsa-44');
  const leafDer = certificate({
    serial: 0x4401n,
    algorithm: sequence(oid(ML_DSA_65)),
    issuer: rootName,
    validity: LEAF_VALIDITY,
    subject: name([O, utf8('Example')], [CN, utf8('ml-dsa-leaf')]),
    spki: spkiOf(leaf.publicKey),
    extensions: leafExtensions(keyId(rootSpki)),
    signer: root.privateKey,
  });
  writeFileSync('ml-dsa-root.pem', derToPem(rootDer));
  writeFileSync('ml-dsa-leaf.pem', derToPem(leafDer));
  writeFileSync('keys/ml-dsa-root.key', root.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync('keys/ml-dsa-leaf.key', leaf.privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

// The hydra: 20 CAs sharing one name, distinct keys, each issued by the previous; a leaf below.
{
  const hydraName = name([O, utf8('Example')], [CN, utf8('Path Test Hydra')]);
  const pems = [];
  let issuer = null;
  for (let index = 0; index < 20; index += 1) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = spkiOf(pair.publicKey);
    const der = certificate({
      serial: BigInt(0x7000 + index),
      algorithm: ECDSA_SHA256,
      issuer: hydraName,
      validity: CA_VALIDITY,
      subject: hydraName,
      spki,
      extensions: caExtensions(spki, issuer === null ? null : keyId(issuer.spki)),
      signer: issuer === null ? pair.privateKey : issuer.privateKey,
    });
    pems.push(derToPem(der));
    issuer = { spki, privateKey: pair.privateKey };
  }
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leafDer = certificate({
    serial: 0x7100n,
    algorithm: ECDSA_SHA256,
    issuer: hydraName,
    validity: LEAF_VALIDITY,
    subject: name([O, utf8('Example')], [CN, utf8('hydra-leaf')]),
    spki: spkiOf(leaf.publicKey),
    extensions: leafExtensions(keyId(issuer.spki)),
    signer: issuer.privateKey,
  });
  writeFileSync('hydra-chain.pem', pems.join(''));
  writeFileSync('hydra-leaf.pem', derToPem(leafDer));
}

console.log('exotic path fixtures written');
