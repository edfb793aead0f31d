/** The CA's signature algorithm by key, signing, and the ACM PCA KeyAlgorithm name of a key. */
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { test } from 'node:test';
import { describeKey } from '@anchorage/core/x509/build/key-algorithm';
import { signingAlgorithmFor, signWith } from '@anchorage/core/x509/build/signature-algorithm';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve }).privateKey;
const mlDsa = (type: 'ml-dsa-44' | 'ml-dsa-65' | 'ml-dsa-87') =>
  generateKeyPairSync(type as 'ml-dsa-44').privateKey;

const keys = {
  rsa1024: rsa(1024),
  rsa2048: rsa(2048),
  rsa3072: rsa(3072),
  rsa4096: rsa(4096),
  p256: ec('P-256'),
  p384: ec('P-384'),
  p521: ec('P-521'),
  k256: ec('secp256k1'),
  ed25519: generateKeyPairSync('ed25519').privateKey,
  mlDsa44: mlDsa('ml-dsa-44'),
  mlDsa65: mlDsa('ml-dsa-65'),
  mlDsa87: mlDsa('ml-dsa-87'),
};

test('ok/default algorithms by key, with their AlgorithmIdentifier DER', () => {
  const cases: [KeyObject, string, string | null, string][] = [
    [keys.rsa2048, 'SHA256WITHRSA', 'sha256', '300d06092a864886f70d01010b0500'],
    [keys.rsa4096, 'SHA256WITHRSA', 'sha256', '300d06092a864886f70d01010b0500'],
    [keys.p256, 'SHA256WITHECDSA', 'sha256', '300a06082a8648ce3d040302'],
    [keys.p384, 'SHA384WITHECDSA', 'sha384', '300a06082a8648ce3d040303'],
    [keys.p521, 'SHA512WITHECDSA', 'sha512', '300a06082a8648ce3d040304'],
    [keys.mlDsa44, 'ML_DSA_44', null, '300b0609608648016503040311'],
    [keys.mlDsa65, 'ML_DSA_65', null, '300b0609608648016503040312'],
    [keys.mlDsa87, 'ML_DSA_87', null, '300b0609608648016503040313'],
  ];
  for (const [key, name, hash, identifier] of cases) {
    const algorithm = signingAlgorithmFor(key);
    assert.equal(algorithm.name, name);
    assert.equal(algorithm.hash, hash);
    assert.equal(hex(algorithm.identifier), identifier);
  }
});

test('ok/an explicit hash', () => {
  assert.equal(signingAlgorithmFor(keys.rsa2048, 'sha512').name, 'SHA512WITHRSA');
  assert.equal(hex(signingAlgorithmFor(keys.rsa2048, 'sha384').identifier), '300d06092a864886f70d01010c0500');
  assert.equal(signingAlgorithmFor(keys.p256, 'sha384').name, 'SHA384WITHECDSA');
  // The public half describes the same algorithm.
  assert.equal(signingAlgorithmFor(keys.p384).name, 'SHA384WITHECDSA');
});

test('fail/keys and hashes the CA cannot sign with', () => {
  for (const key of [keys.rsa1024, keys.k256, keys.ed25519])
    assert.throws(() => signingAlgorithmFor(key), TypeError);
  assert.throws(() => signingAlgorithmFor(keys.mlDsa65, 'sha256'), TypeError);
  assert.throws(() => signingAlgorithmFor(keys.rsa2048, 'sha1' as 'sha256'), TypeError);
  assert.throws(() => signingAlgorithmFor(keys.rsa2048, 'toString' as 'sha256'), TypeError);
});

test('ok/signWith: PKCS#1 v1.5, DER ECDSA, pure ML-DSA; each verifies', () => {
  const data = new TextEncoder().encode('to be signed');
  for (const key of [
    keys.rsa2048,
    keys.p256,
    keys.p384,
    keys.p521,
    keys.mlDsa44,
    keys.mlDsa65,
    keys.mlDsa87,
  ]) {
    const algorithm = signingAlgorithmFor(key);
    const signature = signWith(key, algorithm, data);
    if (algorithm.hash === null) {
      assert.ok(verify(null, data, key, signature), algorithm.name);
    } else if (key.asymmetricKeyType === 'rsa') {
      assert.ok(verify(algorithm.hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature));
    } else {
      assert.equal(signature[0], 0x30, 'Ecdsa-Sig-Value is a SEQUENCE');
      assert.ok(verify(algorithm.hash, data, { key, dsaEncoding: 'der' }, signature), algorithm.name);
    }
  }
});

test('fail/signWith: a public key, or an algorithm of another key', () => {
  const data = new Uint8Array(4);
  const rsaAlgorithm = signingAlgorithmFor(keys.rsa2048);
  assert.throws(() => signWith(keys.p256, rsaAlgorithm, data), TypeError);
  assert.throws(() => signWith(keys.mlDsa44, signingAlgorithmFor(keys.mlDsa65), data), TypeError);
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.throws(() => signWith(publicKey, signingAlgorithmFor(publicKey), data), TypeError);
});

test('ok/describeKey names ACM PCA KeyAlgorithm values, undefined otherwise', () => {
  assert.equal(describeKey(keys.rsa2048), 'RSA_2048');
  assert.equal(describeKey(keys.rsa3072), 'RSA_3072');
  assert.equal(describeKey(keys.rsa4096), 'RSA_4096');
  assert.equal(describeKey(keys.p256), 'EC_prime256v1');
  assert.equal(describeKey(keys.p384), 'EC_secp384r1');
  assert.equal(describeKey(keys.p521), 'EC_secp521r1');
  assert.equal(describeKey(keys.mlDsa44), 'ML_DSA_44');
  assert.equal(describeKey(keys.mlDsa65), 'ML_DSA_65');
  assert.equal(describeKey(keys.mlDsa87), 'ML_DSA_87');
  assert.equal(describeKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey), 'EC_prime256v1');
  for (const key of [keys.rsa1024, keys.k256, keys.ed25519]) assert.equal(describeKey(key), undefined);
});
