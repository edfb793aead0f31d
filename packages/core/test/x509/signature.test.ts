import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Certificate } from '@anchorage/core/x509/certificate';
import { parseCrl } from '@anchorage/core/x509/crl';
import { verifySignedData } from '@anchorage/core/x509/signature';
import type { SignatureAlgorithm } from '@anchorage/core/x509/signature-algorithm';
import { loadCertificate, vectorBytes } from './helpers.ts';

const verifies = (subject: Certificate, issuer: Certificate): boolean =>
  verifySignedData(
    subject.tbsDer,
    subject.signatureAlgorithm,
    subject.signature,
    issuer.subjectPublicKeyInfo.der,
  );

test('ok/chains verify link by link: B-series and the P-256 fixtures', () => {
  const bRoot = loadCertificate('b-root.pem');
  const bIntermediate = loadCertificate('b-intermediate.pem');
  assert.equal(verifies(bRoot, bRoot), true);
  assert.equal(verifies(bIntermediate, bRoot), true);
  assert.equal(verifies(loadCertificate('b-leaf.pem'), bIntermediate), true);
  const root = loadCertificate('p256-root.pem');
  const intermediate = loadCertificate('p256-intermediate.pem');
  assert.equal(verifies(intermediate, root), true);
  assert.equal(verifies(loadCertificate('p256-leaf.pem'), intermediate), true);
  assert.equal(verifies(loadCertificate('names-leaf.pem'), root), true);
});

test('ok/self-signed roots verify with every supported algorithm', () => {
  for (const name of [
    'rsa2048-root.pem',
    'rsa1024-root.pem',
    'rsa-pss-root.pem',
    'p256-root.pem',
    'p384-root.pem',
    'p521-root.pem',
    'ed25519-root.pem',
    'ml-dsa-44-root.pem',
    'ml-dsa-65-root.pem',
    'ml-dsa-87-root.pem',
    'sha1-root.pem',
    'v1-root.pem',
  ]) {
    const root = loadCertificate(name);
    assert.equal(verifies(root, root), true, name);
  }
});

test('ok/a CRL signature verifies with its issuer key', () => {
  const crl = parseCrl(vectorBytes('rsa2048-root.crl.der'));
  const root = loadCertificate('rsa2048-root.pem');
  assert.equal(
    verifySignedData(crl.tbsDer, crl.signatureAlgorithm, crl.signature, root.subjectPublicKeyInfo.der),
    true,
  );
});

test('fail/MD5 signatures are never verified', () => {
  const root = loadCertificate('md5-root.pem');
  assert.equal(verifies(root, root), false);
});

test('fail/tampered data or signature, and the wrong key, give false', () => {
  const root = loadCertificate('rsa2048-root.pem');
  const tbs = root.tbsDer.slice();
  tbs[tbs.length - 5] = (tbs[tbs.length - 5] ?? 0) ^ 1;
  assert.equal(
    verifySignedData(tbs, root.signatureAlgorithm, root.signature, root.subjectPublicKeyInfo.der),
    false,
  );
  const signature = root.signature.slice();
  signature[10] = (signature[10] ?? 0) ^ 1;
  assert.equal(
    verifySignedData(root.tbsDer, root.signatureAlgorithm, signature, root.subjectPublicKeyInfo.der),
    false,
  );
  assert.equal(verifies(loadCertificate('b-leaf.pem'), loadCertificate('b-root.pem')), false);
  for (const name of ['ed25519-root.pem', 'ml-dsa-65-root.pem', 'p384-root.pem', 'rsa-pss-root.pem']) {
    const certificate = loadCertificate(name);
    const flipped = certificate.tbsDer.slice();
    flipped[20] = (flipped[20] ?? 0) ^ 0x80;
    assert.equal(
      verifySignedData(
        flipped,
        certificate.signatureAlgorithm,
        certificate.signature,
        certificate.subjectPublicKeyInfo.der,
      ),
      false,
      name,
    );
  }
});

test('fail/a key that does not fit the algorithm gives false, not an exception', () => {
  const rsa = loadCertificate('rsa2048-root.pem');
  const ec = loadCertificate('p256-root.pem');
  const ed = loadCertificate('ed25519-root.pem');
  const mlDsa44 = loadCertificate('ml-dsa-44-root.pem');
  const mlDsa65 = loadCertificate('ml-dsa-65-root.pem');
  assert.equal(verifies(rsa, ec), false);
  assert.equal(verifies(ec, rsa), false);
  assert.equal(verifies(ed, ec), false);
  assert.equal(verifies(mlDsa65, mlDsa44), false);
  assert.equal(verifies(mlDsa65, rsa), false);
  assert.equal(verifies(loadCertificate('rsa-pss-root.pem'), ec), false);
});

test('fail/garbage keys, empty signatures and unknown algorithms give false', () => {
  const root = loadCertificate('p256-root.pem');
  const { tbsDer, signatureAlgorithm, signature } = root;
  const spki = root.subjectPublicKeyInfo.der;
  assert.equal(verifySignedData(tbsDer, signatureAlgorithm, signature, new Uint8Array([0x30, 0x00])), false);
  assert.equal(verifySignedData(tbsDer, signatureAlgorithm, signature, new Uint8Array()), false);
  assert.equal(verifySignedData(tbsDer, signatureAlgorithm, new Uint8Array(), spki), false);
  assert.equal(verifySignedData(tbsDer, signatureAlgorithm, new Uint8Array(64).fill(1), spki), false);
  const unknown: SignatureAlgorithm = {
    ...signatureAlgorithm,
    oid: '1.2.3',
    name: '1.2.3',
    scheme: null,
    hash: null,
  };
  assert.equal(verifySignedData(tbsDer, unknown, signature, spki), false);
});

test('fail/RSASSA-PSS with an MGF1 hash other than the signature hash gives false', () => {
  const root = loadCertificate('rsa-pss-root.pem');
  const pss = root.signatureAlgorithm.pss;
  assert.ok(pss !== null);
  const mismatched: SignatureAlgorithm = { ...root.signatureAlgorithm, pss: { ...pss, maskGenHash: 'sha1' } };
  assert.equal(
    verifySignedData(root.tbsDer, mismatched, root.signature, root.subjectPublicKeyInfo.der),
    false,
  );
  const wrongSalt: SignatureAlgorithm = { ...root.signatureAlgorithm, pss: { ...pss, saltLength: 20 } };
  assert.equal(
    verifySignedData(root.tbsDer, wrongSalt, root.signature, root.subjectPublicKeyInfo.der),
    false,
  );
});
