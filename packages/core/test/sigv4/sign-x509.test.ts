/**
 * signX509 round trips for every SigV4-X509 algorithm, including ML-DSA (Node 24 / OpenSSL 3.5),
 * through the same parser and verifier the server uses. Keys are generated per run: the core is
 * deterministic, the tests need not be.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseAuthorization } from '@anchorage/core/sigv4/authorization';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { verifyX509RequestSignature } from '@anchorage/core/sigv4/verify-x509';
import { sha256Hex } from './support.ts';

const NOW = Date.UTC(2026, 0, 2, 0, 0, 0);
const REQUEST: SignedRequest = {
  method: 'POST',
  rawPath: '/sessions',
  rawQuery: 'profileArn=arn%3Aaws%3Arolesanywhere%3Aus-east-1%3A000000000000%3Aprofile%2Fp',
  headers: [
    ['Host', 'localhost:8080'],
    ['Content-Type', 'application/json'],
    ['X-Amz-X509', 'MIIBfake=='],
    ['User-Agent', 'anchorage-helper/0.1'],
  ],
  payloadSha256Hex: sha256Hex('{"durationSeconds":900}'),
};

const KEYS: ReadonlyArray<readonly [string, string, () => { publicKey: KeyObject; privateKey: KeyObject }]> =
  [
    ['RSA-2048', 'AWS4-X509-RSA-SHA256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['P-256', 'AWS4-X509-ECDSA-SHA256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['P-384', 'AWS4-X509-ECDSA-SHA256', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })],
    ['P-521', 'AWS4-X509-ECDSA-SHA256', () => generateKeyPairSync('ec', { namedCurve: 'P-521' })],
    ['ML-DSA-44', 'AWS4-X509-MLDSA', () => generateKeyPairSync('ml-dsa-44')],
    ['ML-DSA-65', 'AWS4-X509-MLDSA', () => generateKeyPairSync('ml-dsa-65')],
    ['ML-DSA-87', 'AWS4-X509-MLDSA', () => generateKeyPairSync('ml-dsa-87')],
  ];

describe('sign-x509', () => {
  for (const [label, algorithm, generate] of KEYS) {
    test(`ok/${label}: signX509 output parses as ${algorithm} and verifies; a changed body does not`, () => {
      const { publicKey, privateKey } = generate();
      const signed = signX509(REQUEST, {
        privateKey,
        serialNumber: '81985529216486895',
        region: 'us-east-1',
        now: NOW,
      });
      const authorization = parseAuthorization(signed.authorization);
      assert.equal(authorization.algorithm, algorithm);
      assert.equal(authorization.credential.id, '81985529216486895');
      assert.deepEqual(authorization.signedHeaders, ['content-type', 'host', 'x-amz-date', 'x-amz-x509']);
      const sent = { ...REQUEST, headers: signed.headers };
      assert.equal(verifyX509RequestSignature(sent, { authorization, publicKey }), true);
      const tampered = { ...sent, payloadSha256Hex: sha256Hex('{"durationSeconds":43200}') };
      assert.equal(verifyX509RequestSignature(tampered, { authorization, publicKey }), false);
    });
  }

  test('ok/the canonical URI is /sessions even under a path prefix (as the official helper signs)', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const prefixed = { ...REQUEST, rawPath: '/anchorage/sessions' };
    const signed = signX509(prefixed, { privateKey, serialNumber: '1', region: 'us-east-1', now: NOW });
    assert.match(signed.canonicalRequest, /^POST\n\/sessions\n/);
    const authorization = parseAuthorization(signed.authorization);
    assert.equal(
      verifyX509RequestSignature({ ...prefixed, headers: signed.headers }, { authorization, publicKey }),
      true,
    );
  });

  test('fail/a signature by another key of the same type → false', () => {
    const { privateKey } = generateKeyPairSync('ml-dsa-44');
    const other = generateKeyPairSync('ml-dsa-44').publicKey;
    const signed = signX509(REQUEST, { privateKey, serialNumber: '1', region: 'us-east-1', now: NOW });
    const authorization = parseAuthorization(signed.authorization);
    assert.equal(
      verifyX509RequestSignature(
        { ...REQUEST, headers: signed.headers },
        { authorization, publicKey: other },
      ),
      false,
    );
  });

  test('fail/a key of another type than the algorithm → false', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const signed = signX509(REQUEST, { privateKey, serialNumber: '1', region: 'us-east-1', now: NOW });
    const authorization = parseAuthorization(signed.authorization);
    assert.equal(
      verifyX509RequestSignature({ ...REQUEST, headers: signed.headers }, { authorization, publicKey: rsa }),
      false,
    );
  });

  test('fail/a key with no SigV4-X509 algorithm, or a hex serial, is a programming error (TypeError)', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    assert.throws(
      () => signX509(REQUEST, { privateKey, serialNumber: '1', region: 'us-east-1', now: NOW }),
      TypeError,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    assert.throws(
      () => signX509(REQUEST, { privateKey: ec, serialNumber: '0x15', region: 'us-east-1', now: NOW }),
      TypeError,
    );
  });
});
