import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalHeaders, canonicalHeaderValue } from '@anchorage/core/sigv4/canonical-headers';
import { indexHeaders } from '@anchorage/core/sigv4/header-index';
import { throwsWith } from './support.ts';

test('ok/canonical-headers: values trimmed, runs of spaces and tabs collapsed to one space', () => {
  assert.equal(canonicalHeaderValue(['  "a   b   c"  ']), '"a b c"');
  assert.equal(canonicalHeaderValue(['a\t \tb']), 'a b');
});

test('ok/canonical-headers: repeated headers joined with "," in arrival order, names case-insensitive', () => {
  const index = indexHeaders([
    ['My-Header1', 'value4'],
    ['Host', 'example.amazonaws.com'],
    ['my-header1', ' value1 '],
    ['MY-HEADER1', 'value3'],
  ]);
  assert.equal(
    canonicalHeaders(index, ['host', 'my-header1']),
    'host:example.amazonaws.com\nmy-header1:value4,value1,value3\n',
  );
});

test('ok/canonical-headers: an empty value is signed as empty', () => {
  assert.equal(canonicalHeaders(indexHeaders([['X-Empty', '']]), ['x-empty']), 'x-empty:\n');
});

test('fail/canonical-headers: a signed header absent from the request → InvalidSignatureException', () => {
  throwsWith(
    () => canonicalHeaders(indexHeaders([['Host', 'h']]), ['host', 'x-amz-date']),
    'InvalidSignatureException',
  );
});
