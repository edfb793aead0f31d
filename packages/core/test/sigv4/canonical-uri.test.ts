import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalUri } from '@anchorage/core/sigv4/canonical-uri';

test('ok/canonical-uri: an already-encoded wire path is encoded again, as botocore and the JS SDK v3 sign it', () => {
  assert.equal(canonicalUri('/a%3Ab'), '/a%253Ab');
  assert.equal(canonicalUri('/things/x%2Fy'), '/things/x%252Fy');
  assert.equal(canonicalUri('/a%20b'), '/a%2520b');
});

test('ok/canonical-uri: unreserved characters stay, everything else is %XX upper-case per UTF-8 byte', () => {
  assert.equal(canonicalUri('/-._~AZaz09'), '/-._~AZaz09');
  assert.equal(canonicalUri('/a b'), '/a%20b');
  assert.equal(canonicalUri('/ሴ'), '/%E1%88%B4');
  assert.equal(canonicalUri('/a:b@c!'), '/a%3Ab%40c%21');
});

test('ok/canonical-uri: dot segments removed and repeated slashes collapsed (AWS suite normalize-path)', () => {
  assert.equal(canonicalUri('/example/..'), '/');
  assert.equal(canonicalUri('/example1/example2/../..'), '/');
  assert.equal(canonicalUri('//'), '/');
  assert.equal(canonicalUri('/./'), '/');
  assert.equal(canonicalUri('/./example'), '/example');
  assert.equal(canonicalUri('//example//'), '/example/');
  assert.equal(canonicalUri('/../../a'), '/a');
});

test('ok/canonical-uri: "/a/b/.." is "/a" as the SDKs sign it (RFC 3986 alone would keep a trailing slash)', () => {
  assert.equal(canonicalUri('/a/b/..'), '/a');
  assert.equal(canonicalUri('/a/b/../'), '/a/');
});

test('ok/canonical-uri: an empty path is "/"', () => {
  assert.equal(canonicalUri(''), '/');
});

test('ok/canonical-uri: encoded dots are not dot segments', () => {
  assert.equal(canonicalUri('/a/%2E%2E/b'), '/a/%252E%252E/b');
});

test('ok/canonical-uri: /sessions is itself', () => {
  assert.equal(canonicalUri('/sessions'), '/sessions');
});

test('ok/canonical-uri: S3 mode (no normalisation, single encoding) decodes then encodes once', () => {
  const s3 = { normalizePath: false, doubleEncode: false };
  assert.equal(canonicalUri('/a%3Ab', s3), '/a%3Ab');
  assert.equal(canonicalUri('/a:b', s3), '/a%3Ab');
  assert.equal(canonicalUri('/a%3ab', s3), '/a%3Ab');
  assert.equal(canonicalUri('/a//b/../c', s3), '/a//b/../c');
  assert.equal(canonicalUri('/%7Euser', s3), '/~user');
});

test('ok/canonical-uri: normalisation without double encoding, and the reverse', () => {
  assert.equal(canonicalUri('//a/./%3A', { doubleEncode: false }), '/a/%3A');
  assert.equal(canonicalUri('//a/%3A', { normalizePath: false }), '//a/%253A');
});
