/**
 * SigV4-X509 vectors A1, A2, B1, B2 (protocol notes Appendix A; data in
 * test/vectors/sigv4/*.json, provenance in its README): the canonical request, its SHA-256 and the
 * string to sign match, the signature verifies with the certificate's public key, the credential
 * id is the certificate serial in decimal, and any change to what was signed makes verification
 * fail. A1 is RSA PKCS#1 v1.5, deterministic: signing again must reproduce the signature exactly.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseAmzDate } from '@anchorage/core/sigv4/amz-date';
import { parseAuthorization } from '@anchorage/core/sigv4/authorization';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import type { HeaderPairs, SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { sha256Hex as sha256OfText } from '@anchorage/core/sigv4/string-to-sign';
import { buildX509StringToSign, verifyX509RequestSignature } from '@anchorage/core/sigv4/verify-x509';
import { signX509StringToSign } from '@anchorage/core/sigv4/x509-signature';
import a1 from '../vectors/sigv4/a1.json' with { type: 'json' };
import a2 from '../vectors/sigv4/a2.json' with { type: 'json' };
import b1 from '../vectors/sigv4/b1.json' with { type: 'json' };
import b2 from '../vectors/sigv4/b2.json' with { type: 'json' };
import {
  changeLastChar,
  flipHexChar,
  headerValue,
  throwsWith,
  toSignedRequest,
  withHeader,
  withoutHeader,
} from './support.ts';

interface Vector {
  readonly name: string;
  readonly region: string;
  readonly algorithm: string;
  readonly serialNumber: string;
  readonly request: {
    readonly method: string;
    readonly rawPath: string;
    readonly rawQuery: string;
    readonly headers: readonly (readonly string[])[];
    readonly body: string;
  };
  readonly expected: {
    readonly payloadSha256Hex: string;
    readonly canonicalRequest?: string;
    readonly canonicalRequestSha256: string;
    readonly stringToSign: string;
    readonly authorization: string;
    readonly signature: string;
  };
  readonly certificatePem: string;
  readonly privateKeyPem?: string;
}

const VECTORS: readonly Vector[] = [a1, a2, b1, b2];

function headersOf(v: Vector): HeaderPairs {
  return v.request.headers.map(([name = '', value = '']) => [name, value] as const);
}

function requestOf(v: Vector, change: Partial<SignedRequest> = {}): SignedRequest {
  return { ...toSignedRequest({ ...v.request, headers: headersOf(v) }), ...change };
}

function verifies(v: Vector, request: SignedRequest, signature = v.expected.signature): boolean {
  const authorization = { ...parseAuthorization(v.expected.authorization), signature };
  const publicKey = new X509Certificate(v.certificatePem).publicKey;
  return verifyX509RequestSignature(request, { authorization, publicKey });
}

for (const v of VECTORS) {
  describe(`x509-vectors/${v.name}`, () => {
    const authorization = parseAuthorization(v.expected.authorization);

    test('ok/Authorization parses: algorithm, scope and signed headers', () => {
      assert.equal(authorization.algorithm, v.algorithm);
      assert.equal(authorization.credential.id, v.serialNumber);
      assert.equal(authorization.credential.region, v.region);
      assert.equal(authorization.credential.service, 'rolesanywhere');
      assert.equal(authorization.credential.terminator, 'aws4_request');
      assert.equal(authorization.signature, v.expected.signature);
    });

    test('ok/credential id is the certificate serial in decimal', () => {
      const serialHex = new X509Certificate(v.certificatePem).serialNumber;
      assert.equal(BigInt(`0x${serialHex}`).toString(10), authorization.credential.id);
    });

    test('ok/payload hash, canonical request, its SHA-256 and the string to sign match', () => {
      const request = requestOf(v);
      assert.equal(request.payloadSha256Hex, v.expected.payloadSha256Hex);
      const built = buildX509StringToSign(request, authorization);
      if (v.expected.canonicalRequest !== undefined) {
        assert.equal(built.canonicalRequest, v.expected.canonicalRequest);
      }
      assert.equal(sha256OfText(built.canonicalRequest), v.expected.canonicalRequestSha256);
      assert.equal(built.stringToSign, v.expected.stringToSign);
    });

    test('ok/the signature verifies with the certificate public key', () => {
      assert.equal(verifies(v, requestOf(v)), true);
    });

    test('ok/the request path does not matter: the canonical URI is /sessions', () => {
      assert.equal(verifies(v, requestOf(v, { rawPath: '/prefix/sessions' })), true);
    });

    test('fail/body changed by one character → false', () => {
      const request = toSignedRequest({
        ...v.request,
        headers: headersOf(v),
        body: changeLastChar(v.request.body),
      });
      assert.equal(verifies(v, request), false);
    });

    test('fail/content-type changed by one character → false', () => {
      const headers = withHeader(
        headersOf(v),
        'content-type',
        changeLastChar(headerValue(headersOf(v), 'content-type') ?? ''),
      );
      assert.equal(verifies(v, requestOf(v, { headers })), false);
    });

    test('fail/X-Amz-Date one second later → false', () => {
      const date = headerValue(headersOf(v), 'x-amz-date') ?? '';
      const later = date.replace(/(\d)Z$/, (_, d: string) => `${(Number(d) + 1) % 10}Z`);
      assert.equal(
        verifies(v, requestOf(v, { headers: withHeader(headersOf(v), 'x-amz-date', later) })),
        false,
      );
    });

    test('fail/X-Amz-X509 changed by one character → false', () => {
      const cert = headerValue(headersOf(v), 'x-amz-x509') ?? '';
      const changed = cert.replace(/^MII/, 'MIJ');
      assert.equal(
        verifies(v, requestOf(v, { headers: withHeader(headersOf(v), 'x-amz-x509', changed) })),
        false,
      );
    });

    test('fail/query changed by one character → false', () => {
      assert.equal(verifies(v, requestOf(v, { rawQuery: `${v.request.rawQuery}a` })), false);
    });

    test('fail/signature changed by one character → false', () => {
      assert.equal(verifies(v, requestOf(v), flipHexChar(v.expected.signature, 20)), false);
    });

    test('fail/a signed header missing from the request → InvalidSignatureException', () => {
      const request = requestOf(v, { headers: withoutHeader(headersOf(v), 'content-type') });
      throwsWith(() => buildX509StringToSign(request, authorization), 'InvalidSignatureException');
    });

    test('fail/no X-Amz-Date → IncompleteSignatureException', () => {
      const request = requestOf(v, { headers: withoutHeader(headersOf(v), 'x-amz-date') });
      throwsWith(() => verifies(v, request), 'IncompleteSignatureException');
    });
  });
}

describe('x509-vectors/cross-key and algorithm checks', () => {
  test('fail/A1 signature checked with the A2 (EC) key → false', () => {
    const authorization = parseAuthorization(a1.expected.authorization);
    const publicKey = new X509Certificate(a2.certificatePem).publicKey;
    assert.equal(verifyX509RequestSignature(requestOf(a1), { authorization, publicKey }), false);
  });

  test('fail/B1 signature checked with the A2 key (another EC key) → false', () => {
    const authorization = parseAuthorization(b1.expected.authorization);
    const publicKey = new X509Certificate(a2.certificatePem).publicKey;
    assert.equal(verifyX509RequestSignature(requestOf(b1), { authorization, publicKey }), false);
  });

  test('fail/A1 relabelled as ECDSA → false (key type must match the algorithm)', () => {
    const rsa = parseAuthorization(a1.expected.authorization);
    const authorization = { ...rsa, algorithm: 'AWS4-X509-ECDSA-SHA256' as const };
    const publicKey = new X509Certificate(a1.certificatePem).publicKey;
    assert.equal(verifyX509RequestSignature(requestOf(a1), { authorization, publicKey }), false);
  });

  test('fail/an HMAC Authorization is not SigV4-X509 → IncompleteSignatureException', () => {
    const authorization = parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240706/us-east-2/rolesanywhere/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    );
    const publicKey = new X509Certificate(a1.certificatePem).publicKey;
    throwsWith(
      () => verifyX509RequestSignature(requestOf(a1), { authorization, publicKey }),
      'IncompleteSignatureException',
    );
  });
});

describe('x509-vectors/signing reproduces the vectors', () => {
  test('ok/A1: RSA PKCS#1 v1.5 signature of the string to sign is reproduced exactly', () => {
    const key = createPrivateKey(a1.privateKeyPem);
    assert.equal(
      signX509StringToSign('AWS4-X509-RSA-SHA256', a1.expected.stringToSign, key),
      a1.expected.signature,
    );
  });

  test('ok/A1: signX509 reproduces the whole Authorization header', () => {
    const unsigned = requestOf(a1, { headers: withoutHeader(headersOf(a1), 'authorization') });
    const signed = signX509(unsigned, {
      privateKey: createPrivateKey(a1.privateKeyPem),
      serialNumber: a1.serialNumber,
      region: a1.region,
      now: parseAmzDate('20240706T113859Z') ?? 0,
      signedHeaders: parseAuthorization(a1.expected.authorization).signedHeaders,
    });
    assert.equal(signed.authorization, a1.expected.authorization);
    assert.equal(signed.canonicalRequest, a1.expected.canonicalRequest);
  });

  test('ok/A1: with default signed headers, signX509 picks the helper set (user-agent, transfer-encoding excluded)', () => {
    const unsigned = requestOf(a1, {
      headers: withoutHeader(withoutHeader(headersOf(a1), 'authorization'), 'accept-encoding'),
    });
    const signed = signX509(unsigned, {
      privateKey: createPrivateKey(a1.privateKeyPem),
      serialNumber: a1.serialNumber,
      region: a1.region,
      now: 0,
    });
    assert.equal(signed.authorization, a1.expected.authorization);
  });

  for (const v of [b1, b2]) {
    test(`ok/${v.name}: ECDSA signing with the leaf key produces a verifying signature over the same string`, () => {
      const unsigned = requestOf(v, { headers: withoutHeader(headersOf(v), 'authorization') });
      const signed = signX509(unsigned, {
        privateKey: createPrivateKey(v.privateKeyPem),
        serialNumber: v.serialNumber,
        region: v.region,
        now: 0,
        signedHeaders: parseAuthorization(v.expected.authorization).signedHeaders,
      });
      assert.equal(signed.stringToSign, v.expected.stringToSign);
      const authorization = parseAuthorization(signed.authorization);
      const publicKey = new X509Certificate(v.certificatePem).publicKey;
      assert.equal(
        verifyX509RequestSignature({ ...unsigned, headers: signed.headers }, { authorization, publicKey }),
        true,
      );
    });
  }
});
