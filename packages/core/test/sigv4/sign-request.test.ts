import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { headerValue, sha256Hex } from './support.ts';

const REQUEST: SignedRequest = {
  method: 'POST',
  rawPath: '/',
  rawQuery: '',
  headers: [
    ['Host', 'localhost:8080'],
    ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
    ['User-Agent', 'aws-cli/2'],
    ['Transfer-Encoding', 'chunked'],
    ['Connection', 'keep-alive'],
    ['X-Amzn-Trace-Id', 'Root=1'],
    ['Expect', '100-continue'],
  ],
  payloadSha256Hex: sha256Hex('Action=GetCallerIdentity&Version=2011-06-15'),
};

const BASE = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'sts',
  now: Date.UTC(2026, 0, 2, 3, 4, 5),
};

test('ok/sign-request: adds X-Amz-Date from now and Authorization; signs all but hop-by-hop and agent headers', () => {
  const signed = signRequest(REQUEST, BASE);
  assert.equal(headerValue(signed.headers, 'x-amz-date'), '20260102T030405Z');
  assert.deepEqual(signed.signedHeaders, ['content-type', 'host', 'x-amz-date']);
  assert.equal(headerValue(signed.headers, 'authorization'), signed.authorization);
  assert.match(
    signed.authorization,
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/us-east-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
  );
});

test('ok/sign-request: an existing X-Amz-Date is kept, not replaced', () => {
  const dated = { ...REQUEST, headers: [...REQUEST.headers, ['X-Amz-Date', '20150830T123600Z'] as const] };
  const signed = signRequest(dated, BASE);
  assert.equal(signed.amzDate, '20150830T123600Z');
  assert.equal(signed.credentialScope, '20150830/us-east-1/sts/aws4_request');
});

test('ok/sign-request: the session token is added and signed, or appended after signing on request', () => {
  const signedToken = signRequest(REQUEST, { ...BASE, sessionToken: 'tok' });
  assert.equal(headerValue(signedToken.headers, 'x-amz-security-token'), 'tok');
  assert.ok(signedToken.signedHeaders.includes('x-amz-security-token'));
  const lateToken = signRequest(REQUEST, { ...BASE, sessionToken: 'tok', signSessionToken: false });
  assert.equal(headerValue(lateToken.headers, 'x-amz-security-token'), 'tok');
  assert.ok(!lateToken.signedHeaders.includes('x-amz-security-token'));
});

test('ok/sign-request: an explicit list is lower-cased, de-duplicated and sorted', () => {
  const signed = signRequest(REQUEST, { ...BASE, signedHeaders: ['X-Amz-Date', 'Host', 'host'] });
  assert.deepEqual(signed.signedHeaders, ['host', 'x-amz-date']);
});

test('fail/sign-request: a request without Host, or with a malformed X-Amz-Date, is a programming error', () => {
  assert.throws(() => signRequest({ ...REQUEST, headers: [] }, BASE), TypeError);
  const bad = { ...REQUEST, headers: [...REQUEST.headers, ['X-Amz-Date', 'yesterday'] as const] };
  assert.throws(() => signRequest(bad, BASE), TypeError);
});
